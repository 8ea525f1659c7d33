"""SETBOT_ENCRYPTION_KEY: required in OAuth mode, checked at start, one line when wrong."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from bot import config

OAUTH = {
    "SLACK_SIGNING_SECRET": "secret",
    "SLACK_CLIENT_ID": "111.222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "SLACK_STATE_SECRET": "state-secret",
    "DATABASE_URL": "sqlite:///setbot.db",
}
SINGLE = {
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_SIGNING_SECRET": "secret",
    "DATABASE_URL": "sqlite:///setbot.db",
}
KEY, OLD_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def refused(env: dict[str, str]) -> str:
    with pytest.raises(config.ConfigError) as raised:
        config.load(env=env, dotenv=False)
    message = str(raised.value)
    assert len(message.splitlines()) == 1
    return message


def test_oauth_mode_without_a_key_says_how_to_make_one() -> None:
    message = refused(OAUTH)
    assert message.startswith("SETBOT_ENCRYPTION_KEY is missing")
    assert "python -m bot new-key" in message and config.ENV_HINT in message


def test_oauth_mode_reads_the_keys_newest_first() -> None:
    settings = config.load(env={**OAUTH, "SETBOT_ENCRYPTION_KEY": f" {KEY} , {OLD_KEY} "})
    assert settings.mode == config.Mode.OAUTH
    assert settings.encryption_keys == (KEY, OLD_KEY)


@pytest.mark.parametrize(
    ("raw", "which"),
    [("not-a-key", "key 1 of 1"), (f"{KEY},{KEY[:-4]}", "key 2 of 2"), ("x" * 44, "key 1 of 1")],
)
def test_a_malformed_key_is_refused_without_showing_it(raw: str, which: str) -> None:
    message = refused({**OAUTH, "SETBOT_ENCRYPTION_KEY": raw})
    assert message.startswith("SETBOT_ENCRYPTION_KEY must be Fernet keys") and which in message
    assert raw.split(",")[-1] not in message


def test_single_workspace_modes_need_no_key() -> None:
    assert config.load(env=SINGLE, dotenv=False).encryption_keys == ()
    socket = config.load(env={**SINGLE, "SLACK_APP_TOKEN": "xapp-test"}, dotenv=False)
    assert socket.mode == config.Mode.SOCKET and socket.encryption_keys == ()


def test_a_malformed_key_is_refused_in_any_mode() -> None:
    assert "SETBOT_ENCRYPTION_KEY" in refused({**SINGLE, "SETBOT_ENCRYPTION_KEY": "nope"})


def test_rotate_key_settings_need_no_slack_credentials() -> None:
    settings = config.load_database_only(env={"SETBOT_ENCRYPTION_KEY": KEY})
    assert config.require_encryption_keys(settings) == (KEY,)
    with pytest.raises(config.ConfigError, match="SETBOT_ENCRYPTION_KEY is missing"):
        config.require_encryption_keys(config.load_database_only(env={}))
