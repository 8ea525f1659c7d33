"""OAuth tokens encrypted at rest: sealed in the database, plain to Bolt, rotated by
`python -m bot rotate-key`, sealed by migration 0008, and never lost to a wrong key."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, text

from bot import __main__ as cli
from bot.installations import EncryptedInstallationStore
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.store.token_crypto import FERNET_PREFIX, UnreadableToken

CLIENT_ID = "111.222"
BOT_TOKEN = "xoxb-1111-2222-abcdefghijklmnopqrstuvwx"
USER_TOKEN = "xoxp-1111-2222-3333-abcdefghijklmnopqrstuvwxyz"
# With token rotation on, Slack's tokens are longer: sealed, this one needs more than the
# 200 characters slack_sdk's columns had (PostgreSQL would refuse it without migration 0008).
BOT_REFRESH = "xoxe-1-" + "My0xLTEyMzQ1Njc4OTAtMTIzNDU2Nzg5MDEyMy1hYmNkZWY" * 3
USER_REFRESH = "xoxe-1-" + "dXNlci1yZWZyZXNoLXRva2VuLWZvci10aGUtaW5zdGFsbGVy" * 3
TOKENS = (BOT_TOKEN, USER_TOKEN, BOT_REFRESH, USER_REFRESH)
OLD_KEY, NEW_KEY, WRONG_KEY = (Fernet.generate_key().decode() for _ in range(3))

INSTALLATION_TOKENS = "bot_token, bot_refresh_token, user_token, user_refresh_token"
BOT_TOKENS = "bot_token, bot_refresh_token"


def installation() -> Installation:
    return Installation(
        app_id="A111",
        team_id="T111",
        team_name="Acme",
        bot_token=BOT_TOKEN,
        bot_id="B111",
        bot_user_id="UBOT",
        bot_scopes="chat:write,commands",
        bot_refresh_token=BOT_REFRESH,
        bot_token_expires_in=43_200,
        user_id="U111",
        user_token=USER_TOKEN,
        user_scopes="search:read",
        user_refresh_token=USER_REFRESH,
        user_token_expires_in=43_200,
    )


def store(engine: Engine, *keys: str) -> EncryptedInstallationStore:
    return EncryptedInstallationStore(
        SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine), keys
    )


def raw_tokens(engine: Engine) -> list[Any]:
    """Every token cell as the database holds it, both tables."""
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT {INSTALLATION_TOKENS} FROM slack_installations"))
        bots = connection.execute(text(f"SELECT {BOT_TOKENS} FROM slack_bots"))
        return [value for row in [*rows, *bots] for value in row]


def assert_sealed(engine: Engine) -> None:
    cells = raw_tokens(engine)
    assert len(cells) == 6
    for cell in cells:
        assert cell.startswith(FERNET_PREFIX)
        assert not any(token in cell for token in TOKENS)


def assert_plain_tokens_found(found: EncryptedInstallationStore) -> None:
    got = found.find_installation(enterprise_id=None, team_id="T111")
    assert got is not None
    assert (got.bot_token, got.bot_refresh_token) == (BOT_TOKEN, BOT_REFRESH)
    assert (got.user_token, got.user_refresh_token) == (USER_TOKEN, USER_REFRESH)
    by_user = found.find_installation(enterprise_id=None, team_id="T111", user_id="U111")
    assert by_user is not None and by_user.bot_token == BOT_TOKEN
    bot = found.find_bot(enterprise_id=None, team_id="T111")
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == (BOT_TOKEN, BOT_REFRESH)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, database_url: str) -> Any:
    """`python -m bot` as an operator runs it: settings from the environment only."""
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for name in ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SETBOT_ENCRYPTION_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    return monkeypatch


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- sealed at rest, plain to Bolt ----


def test_tokens_are_sealed_in_the_database(engine: Engine) -> None:
    saved = installation()
    store(engine, NEW_KEY).save(saved)
    assert_sealed(engine)
    assert saved.bot_token == BOT_TOKEN  # the caller's object is left as it was


def test_find_installation_and_find_bot_return_the_plain_tokens(engine: Engine) -> None:
    store(engine, NEW_KEY).save(installation())
    assert_plain_tokens_found(store(engine, NEW_KEY))


def test_tokens_stored_before_encryption_still_read(engine: Engine) -> None:
    SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine).save(installation())
    assert_plain_tokens_found(store(engine, NEW_KEY))


# ---- key rotation ----


def test_an_old_key_after_the_new_one_still_reads_old_rows(engine: Engine) -> None:
    store(engine, OLD_KEY).save(installation())
    assert_plain_tokens_found(store(engine, NEW_KEY, OLD_KEY))
    with pytest.raises(UnreadableToken):
        store(engine, NEW_KEY).find_installation(enterprise_id=None, team_id="T111")


def test_rotate_key_reseals_every_token_with_the_newest_key(
    engine: Engine, cli_env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    store(engine, OLD_KEY).save(installation())
    cli_env.setenv("SETBOT_ENCRYPTION_KEY", f"{NEW_KEY}, {OLD_KEY}")
    code, out, err = run_cli(capsys, "rotate-key")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["Re-encrypted 6 Slack tokens with the newest key."]
    assert_sealed(engine)
    assert_plain_tokens_found(store(engine, NEW_KEY))
    with pytest.raises(UnreadableToken):
        store(engine, OLD_KEY).find_installation(enterprise_id=None, team_id="T111")
    with pytest.raises(UnreadableToken):
        store(engine, OLD_KEY).find_bot(enterprise_id=None, team_id="T111")


def test_rotate_key_seals_tokens_stored_in_plain_text(
    engine: Engine, cli_env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine).save(installation())
    cli_env.setenv("SETBOT_ENCRYPTION_KEY", NEW_KEY)
    code, out, _ = run_cli(capsys, "rotate-key")
    assert code == 0
    assert out.splitlines() == [
        "Re-encrypted 6 Slack tokens with the newest key (6 of them were stored unencrypted)."
    ]
    assert_sealed(engine)
    assert_plain_tokens_found(store(engine, NEW_KEY))


def test_rotate_key_without_a_key_says_how_to_make_one(
    engine: Engine, cli_env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "rotate-key")
    assert code == 2 and len(err.splitlines()) == 1
    assert "SETBOT_ENCRYPTION_KEY is missing" in err and "python -m bot new-key" in err


# ---- a wrong key: one line, exit 2, nothing changed ----


def test_rotate_key_with_a_wrong_key_changes_nothing(
    engine: Engine, cli_env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    store(engine, OLD_KEY).save(installation())
    before = raw_tokens(engine)
    cli_env.setenv("SETBOT_ENCRYPTION_KEY", f"{NEW_KEY},{WRONG_KEY}")
    code, out, err = run_cli(capsys, "rotate-key")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "SETBOT_ENCRYPTION_KEY can't read the stored Slack tokens" in err
    assert "put the old key after the new one" in err
    assert raw_tokens(engine) == before


def test_run_in_oauth_mode_with_a_wrong_key_stops_before_serving(
    engine: Engine, cli_env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    store(engine, OLD_KEY).save(installation())
    before = raw_tokens(engine)
    for name, value in {
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_STATE_SECRET": "state-secret",
        "SETBOT_ENCRYPTION_KEY": WRONG_KEY,
    }.items():
        cli_env.setenv(name, value)
    code, _, err = run_cli(capsys, "run")
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("Setbot can't start: SETBOT_ENCRYPTION_KEY can't read")
    assert raw_tokens(engine) == before


def test_new_key_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "new-key")
    assert code == 0
    Fernet(out.strip())  # raises if it is not a key


# ---- migration 0008 ----


def _at_0007_with_plain_tokens(database_url: str) -> Engine:
    upgrade(database_url, "0007")
    engine = make_engine(database_url)
    # Short tokens only: before 0008 the columns are VARCHAR(200).
    plain = installation()
    plain.bot_refresh_token = plain.user_refresh_token = None
    SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine).save(plain)
    return engine


def test_migration_seals_tokens_already_stored(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _at_0007_with_plain_tokens(database_url)
    try:
        monkeypatch.setenv("SETBOT_ENCRYPTION_KEY", NEW_KEY)
        upgrade(database_url)
        cells = [cell for cell in raw_tokens(engine) if cell is not None]
        assert len(cells) == 3  # bot and user token; the bot row's token
        assert all(cell.startswith(FERNET_PREFIX) for cell in cells)
        got = store(engine, NEW_KEY).find_installation(enterprise_id=None, team_id="T111")
        assert got is not None and (got.bot_token, got.user_token) == (BOT_TOKEN, USER_TOKEN)
        store(engine, NEW_KEY).save(installation())  # long tokens fit now
        assert_plain_tokens_found(store(engine, NEW_KEY))
    finally:
        engine.dispose()


def test_migration_without_a_key_leaves_tokens_for_rotate_key(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _at_0007_with_plain_tokens(database_url)
    try:
        monkeypatch.delenv("SETBOT_ENCRYPTION_KEY", raising=False)
        before = raw_tokens(engine)
        upgrade(database_url)
        assert raw_tokens(engine) == before
        assert BOT_TOKEN in before
    finally:
        engine.dispose()


def test_migration_leaves_sealed_tokens_alone_and_downgrade_opens_them(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from bot.store.migrate import alembic_config

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        plain = installation()
        plain.bot_refresh_token = plain.user_refresh_token = None
        store(engine, OLD_KEY).save(plain)
        sealed = raw_tokens(engine)
        monkeypatch.setenv("SETBOT_ENCRYPTION_KEY", f"{NEW_KEY},{OLD_KEY}")
        command.downgrade(alembic_config(database_url), "0007")
        assert {cell for cell in raw_tokens(engine) if cell} == {BOT_TOKEN, USER_TOKEN}
        upgrade(database_url)
        assert all(cell.startswith(FERNET_PREFIX) for cell in raw_tokens(engine) if cell)
        assert raw_tokens(engine) != sealed  # sealed again, now with the newest key
        got = store(engine, NEW_KEY).find_installation(enterprise_id=None, team_id="T111")
        assert got is not None and got.bot_token == BOT_TOKEN
    finally:
        engine.dispose()
