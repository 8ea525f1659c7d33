"""Pacing and 429s: a workspace Slack rate-limits is held back until its Retry-After, by
every worker and every replica, while another workspace's prompts keep flowing; a prompt
taken over from a dead process is looked for in Slack first, and never sent blind."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

from bot.services import build_services
from bot.services.pacing import PacedGateway, Pacer
from bot.store.tables import DueJob, SlackHold
from tests.services.conftest import World, create_set
from tests.services.gateway import RecordingGateway

OTHER = "T0002"


def two_workspaces(world: World) -> tuple[RecordingGateway, RecordingGateway, datetime]:
    """A set in each workspace, their welcomes due at the same moment."""
    assert not create_set(world).errors
    assert not create_set(world, channel="C0TWO").errors
    with Session(world.engine) as session:
        session.execute(
            text("UPDATE learning_set SET team_id = :t WHERE channel_id = 'C0TWO'"), {"t": OTHER}
        )
        session.execute(
            text(
                "UPDATE due_job SET payload = replace(payload, '\"T0001\"', '\"T0002\"') "
                "WHERE meeting_id IN (SELECT m.id FROM meeting m JOIN learning_set s "
                "ON m.set_id = s.id WHERE s.channel_id = 'C0TWO')"
            )
        )
        session.commit()
    due = max(j.due_at for j in world.rows(DueJob) if j.kind == "welcome")
    return world.slack, RecordingGateway(zones=dict(world.slack.zones)), due


def welcomes(world: World, team: str) -> list[DueJob]:
    return [j for j in world.rows(DueJob) if j.kind == "welcome" and f'"{team}"' in j.payload]


def test_a_429_storm_on_one_workspace_holds_it_back_while_the_other_flows(world: World) -> None:
    stormy, calm, due = two_workspaces(world)
    gateways = {"T0001": stormy, OTHER: calm}
    services = build_services(world.engine, gateways.__getitem__, world.clock, post_rate=1000)
    stormy.retry_after = 30
    stormy.fail("post", "ratelimited", times=1000)  # every post, for as long as it lasts
    world.clock.now = due

    services.due.run()
    assert len(calm.posts()) == 4  # the other workspace: every welcome sent
    assert {j.status for j in welcomes(world, OTHER)} == {"done"}
    refused = [c for c in stormy.calls if c.method == "post" and isinstance(c.result, Exception)]
    assert len(refused) == 1  # one 429, then nobody posts into the hold
    stormy_rows = welcomes(world, "T0001")
    assert {j.status for j in stormy_rows} == {"pending"}
    assert {j.attempts for j in stormy_rows} == {0}  # a hold is not a failed attempt
    assert {j.due_at for j in stormy_rows} == {due + timedelta(seconds=30)}
    (hold,) = world.rows(SlackHold)
    assert (hold.team_id, hold.method, hold.until) == (
        "T0001",
        "chat.postMessage",
        due + timedelta(seconds=30),
    )

    world.clock.advance(seconds=29)
    assert services.due.run() == 0  # not before its Retry-After
    stormy._failures.clear()  # the storm is over
    world.clock.advance(seconds=2)
    services.due.run()
    welcomed = [p["channel"] for p in stormy.posts() if p["text"].startswith("Welcome")]
    assert sorted(welcomed) == sorted(f"D{u}" for u in ("UANA", "UBEN", "UCAI", "UDEE"))
    assert {j.status for j in welcomes(world, "T0001")} == {"done"}


def test_another_replica_sees_the_hold_and_does_not_call_slack(world: World) -> None:
    slack = RecordingGateway()
    here = Pacer(world.engine, world.clock, post_rate=1000)
    there = Pacer(world.engine, world.clock, post_rate=1000)  # another process, same database
    slack.retry_after = 20
    slack.fail("post", "ratelimited")
    first = PacedGateway(slack, "T0001", here, patient=False)
    try:
        first.post("C1", "hello")
        raise AssertionError("a 429 is refused to due work at once")
    except Exception as refused:
        assert getattr(refused, "retry_at", None) == world.clock() + timedelta(seconds=20)
    second = PacedGateway(slack, "T0001", there, patient=False)
    for gateway in (first, second):
        try:
            gateway.post("C1", "hello")
            raise AssertionError("held")
        except Exception as held:
            assert getattr(held, "code", "") == "ratelimited"
    assert len([c for c in slack.calls if c.method == "post"]) == 1
    other = PacedGateway(slack, OTHER, there, patient=False)
    assert other.post("C1", "another workspace")  # not held


def test_a_patient_call_waits_the_hold_out_and_is_sent_once(world: World) -> None:
    slack = RecordingGateway()
    slept: list[float] = []
    pacer = Pacer(world.engine, world.clock, post_rate=1000, sleep=slept.append)
    slack.retry_after = 3
    slack.fail("post", "ratelimited")
    gateway = PacedGateway(slack, "T0001", pacer, patient=True)
    assert gateway.post("C1", "after the ack")
    assert [p["text"] for p in slack.posts("C1")] == ["after the ack"]
    assert any(2.9 <= s <= 3.1 for s in slept), slept


def test_posts_are_spaced_by_the_rate(world: World) -> None:
    slept: list[float] = []
    pacer = Pacer(world.engine, world.clock, post_rate=5, sleep=slept.append)
    gateway = PacedGateway(RecordingGateway(), "T0001", pacer, patient=False)
    for n in range(6):
        gateway.post("C1", f"post {n}")
    # one every 0.2 s: five waits, the last about a second after the first post
    assert len(slept) == 5 and 0.9 <= max(slept) <= 1.01, slept


def test_a_taken_over_prompt_is_looked_for_first_and_never_sent_blind(world: World) -> None:
    assert not create_set(world).errors
    due = max(j.due_at for j in world.rows(DueJob) if j.kind == "welcome")
    world.clock.now = due
    # a process claimed Ben's welcome and died: its lease runs out
    (ben_key,) = [
        j.key
        for j in world.rows(DueJob)
        if j.key.startswith("welcome:") and j.key.endswith(":UBEN")
    ]
    with Session(world.engine) as session:
        session.execute(
            text(
                "UPDATE due_job SET status = 'claimed', claimed_by = 'dead:1', claimed_at = :at "
                "WHERE kind = 'welcome' AND key = :key"
            ),
            {"at": due - timedelta(minutes=2), "key": ben_key},
        )
        session.commit()
    world.slack.fail("tagged", "internal_error")  # Slack can't say what it has
    world.services.due.run()
    assert [p["channel"] for p in world.slack.posts() if p["channel"] == "DUBEN"] == []
    (ben,) = [j for j in world.rows(DueJob) if j.kind == "welcome" and j.key.endswith(":UBEN")]
    assert ben.status == "pending" and ben.check_from is not None  # held back, still to check
    world.clock.now = ben.due_at
    world.services.due.run()
    assert len(world.slack.posts("DUBEN")) == 1  # not there: sent, once
    assert [c.method for c in world.slack.calls].count("tagged") == 2
    (ben,) = [j for j in world.rows(DueJob) if j.kind == "welcome" and j.key.endswith(":UBEN")]
    assert ben.status == "done"


def test_a_post_whose_answer_was_lost_is_looked_for_before_it_is_sent_again(
    world: World,
) -> None:
    assert not create_set(world).errors
    due = max(j.due_at for j in world.rows(DueJob) if j.kind == "welcome")
    world.clock.now = due
    world.slack.fail("post", "slack_unreachable")  # the first welcome's answer never came
    world.services.due.run()
    (lost,) = [j for j in world.rows(DueJob) if j.kind == "welcome" and j.status == "pending"]
    assert lost.check_from is not None and lost.check_from <= due
    world.clock.now = lost.due_at
    world.services.due.run()
    methods = [c.method for c in world.slack.calls]
    assert "tagged" in methods and methods.index("tagged") < len(methods) - 1
    assert {j.status for j in world.rows(DueJob) if j.kind == "welcome"} == {"done"}


def test_event_ids_are_forgotten_after_a_day_so_the_table_stays_small(world: World) -> None:
    from bot.store import repo_jobs
    from bot.store.tables import ProcessedEvent

    with Session(world.engine) as session:
        for n, age in enumerate((timedelta(days=2), timedelta(hours=25), timedelta(hours=1))):
            repo_jobs.remember_event(session=session, event_id=f"Ev{n}", now=world.clock() - age)
        session.commit()
    world.services.due.run()
    assert [e.event_id for e in world.rows(ProcessedEvent)] == ["Ev2"]
    with Session(world.engine) as session:  # a re-delivery of the kept one is still caught
        assert not repo_jobs.remember_event(session=session, event_id="Ev2", now=world.clock())
