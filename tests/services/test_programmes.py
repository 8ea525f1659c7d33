"""Programmes: who may create one (a workspace admin or owner, from users.info, or a lead),
the form's errors all at once, names unique per workspace whatever their case, joining by
name within the workspace only, leaving, and what `/set programme` says."""

from __future__ import annotations

from typing import Any

import pytest

from bot.store.tables import LearningSet
from bot.store.tables_programme import Programme, ProgrammeLead
from tests.services.conftest import CHANNEL, TEAM, World, create_set

ADMIN = "UDEE"


def open_form(world: World, user: str) -> Any:
    return world.command(user, "programme create")


def submit(world: World, user: str = ADMIN, team: str = TEAM, **values: Any) -> Any:
    fields = {
        "name": {"value": "Leaders 2027"},
        "leads": {"value": [user]},
        "digest_weekday": {"value": "0"},
        "digest_hour": {"value": "9"},
        "follow_up_days": {"value": "90"},
    }
    fields.update({k: {"value": v} for k, v in values.items()})
    view = {"state": {"values": _state(fields)}}
    done = world.services.programmes.submit(team, user, view)
    if not done.errors:
        world.deliver(done, user)
    return done


def _state(fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for block, entry in fields.items():
        value = entry["value"]
        if block == "leads":
            out[block] = {"value": {"type": "multi_users_select", "selected_users": value}}
        elif block == "digest_weekday":
            option = {"value": value} if value is not None else None
            out[block] = {"value": {"type": "static_select", "selected_option": option}}
        elif block == "end_date":
            out[block] = {"value": {"type": "datepicker", "selected_date": value}}
        else:
            out[block] = {"value": {"type": "plain_text_input", "value": value}}
    return out


@pytest.fixture
def admin_world(world: World) -> World:
    world.slack.admins.add(ADMIN)
    return world


def test_someone_not_an_admin_is_told_who_may(world: World) -> None:
    said = open_form(world, "UBEN").text
    assert "workspace admin or owner" in said and "lead" in said
    assert not world.slack.views()


def test_an_admin_gets_the_form_and_a_lead_may_create_another(admin_world: World) -> None:
    assert not open_form(admin_world, ADMIN).text
    (view,) = admin_world.slack.views()
    assert view["callback_id"] == "programme_form"
    labels = [b["label"]["text"] for b in view["blocks"]]
    assert labels[:3] == ["Name", "Programme leads", "Ends on"]
    assert not submit(admin_world, leads=[ADMIN, "UBEN"]).errors
    assert not open_form(admin_world, "UBEN").text  # Ben leads one now
    assert len(admin_world.slack.views()) == 2


def test_creating_tells_the_creator_and_the_other_leads(admin_world: World) -> None:
    assert not submit(admin_world, leads=[ADMIN, "UBEN"]).errors
    (programme,) = admin_world.rows(Programme)
    assert programme.team_id == TEAM and programme.follow_up_days == 90
    assert {r.user_id for r in admin_world.rows(ProgrammeLead)} == {ADMIN, "UBEN"}
    mine = admin_world.slack.posts(f"D{ADMIN}")[-1]["text"]
    assert "*Leaders 2027* is a programme now" in mine and "/set programme join" in mine
    assert "made you a lead" in admin_world.slack.posts("DUBEN")[-1]["text"]


def test_every_error_at_once(admin_world: World) -> None:
    done = submit(
        admin_world,
        name="  ",
        leads=[],
        end_date="2020-01-01",
        digest_hour="25",
        follow_up_days="400",
    )
    assert set(done.errors) == {"name", "leads", "end_date", "digest_hour", "follow_up_days"}
    assert all("`" not in e and "*" not in e for e in done.errors.values())
    assert not admin_world.rows(Programme)


@pytest.mark.parametrize("other", ["leaders 2027", "  LEADERS   2027 "])
def test_two_programmes_may_not_share_a_name(admin_world: World, other: str) -> None:
    assert not submit(admin_world).errors
    done = submit(admin_world, name=other)
    assert "already has a programme of that name" in done.errors["name"]
    assert len(admin_world.rows(Programme)) == 1


def test_the_same_name_in_another_workspace_is_another_programme(admin_world: World) -> None:
    assert not submit(admin_world).errors
    assert not submit(admin_world, team="T0002").errors
    assert len(admin_world.rows(Programme)) == 2


def test_unicode_names_and_a_5000_character_one(admin_world: World) -> None:
    assert not submit(admin_world, name="Líderes 🌱 <!here> 2027").errors
    assert "Líderes 🌱 &lt;!here&gt; 2027" in admin_world.slack.posts(f"D{ADMIN}")[-1]["text"]
    done = submit(admin_world, name="x" * 5000)
    assert done.errors["name"].startswith("The name must be at most 80 characters (it has 5,000)")


def test_a_facilitator_joins_by_name_and_the_channel_is_told(admin_world: World) -> None:
    assert not submit(admin_world, name="Leaders 2027").errors
    assert not create_set(admin_world).errors
    admin_world.command("UANA", "programme join leaders 2027")
    (row,) = admin_world.rows(LearningSet)
    assert row.programme_id == admin_world.rows(Programme)[0].id
    said = admin_world.slack.posts(CHANNEL)[-1]["text"]
    assert "added *Leaders' set 🌱* to the programme *Leaders 2027*" in said
    assert f"<@{ADMIN}>" in said and "never your reports" in said
    shown = admin_world.command("UBEN", "programme").text
    assert "is in the programme *Leaders 2027* (1 set)" in shown


def test_only_the_facilitator_joins_and_only_a_programme_of_this_workspace(
    admin_world: World,
) -> None:
    assert not submit(admin_world, team="T0002", name="Elsewhere").errors
    assert not create_set(admin_world).errors
    assert "Only the set's facilitator" in admin_world.command("UBEN", "programme join x").text
    said = admin_world.command("UANA", "programme join Elsewhere").text
    assert "no programme called *Elsewhere*" in said and "It has none yet" in said
    assert admin_world.rows(LearningSet)[0].programme_id is None


def test_leaving_a_programme(admin_world: World) -> None:
    assert not submit(admin_world).errors
    assert not create_set(admin_world).errors
    admin_world.command("UANA", "programme join Leaders 2027")
    admin_world.command("UANA", "programme leave")
    assert admin_world.rows(LearningSet)[0].programme_id is None
    assert "took *Leaders' set 🌱* out of" in admin_world.slack.posts(CHANNEL)[-1]["text"]
    assert "is in no programme" in admin_world.command("UANA", "programme leave").text
    assert "*Leaders 2027*" in admin_world.command("UBEN", "programme").text


def test_the_set_form_offers_the_workspaces_programmes(admin_world: World) -> None:
    admin_world.command("UANA", "create")
    assert "programme" not in {b.get("block_id") for b in admin_world.slack.views()[-1]["blocks"]}
    assert not submit(admin_world, name="Leaders 2027").errors
    assert not submit(admin_world, team="T0002", name="Elsewhere").errors
    (here, _) = sorted(admin_world.rows(Programme), key=lambda p: p.team_id)
    assert not create_set(admin_world, programme=str(here.id)).errors
    (row,) = admin_world.rows(LearningSet)
    assert row.programme_id == here.id
    assert "added *Leaders' set 🌱* to the programme *Leaders 2027*" in str(
        admin_world.slack.posts(CHANNEL)
    )
    admin_world.command("UANA", "settings")
    view = admin_world.slack.views()[-1]
    block = next(b for b in view["blocks"] if b.get("block_id") == "programme")
    options = [o["text"]["text"] for o in block["element"]["options"]]
    assert options == ["No programme", "Leaders 2027"]  # not another workspace's
    assert block["element"]["initial_option"]["value"] == str(here.id)
    done = admin_world.services.setup.submit_form(
        TEAM, "UANA", admin_world.filled(view, {"programme": {"value": "none"}})
    )
    admin_world.deliver(done, "UANA")
    assert admin_world.rows(LearningSet)[0].programme_id is None
    assert "took *Leaders' set 🌱* out of" in admin_world.slack.posts(CHANNEL)[-1]["text"]


def test_a_programme_of_another_workspace_cannot_be_chosen(admin_world: World) -> None:
    assert not submit(admin_world, name="Leaders 2027").errors
    assert not submit(admin_world, team="T0002", name="Elsewhere").errors
    other = next(p for p in admin_world.rows(Programme) if p.team_id == "T0002")
    admin_world.command("UANA", "create")
    view = admin_world.slack.views()[-1]
    for block in view["blocks"]:  # a forged value for the other workspace's programme
        if block.get("block_id") == "programme":
            block["element"]["options"].append(
                {"text": {"type": "plain_text", "text": "x"}, "value": str(other.id)}
            )
    from tests.services.conftest import FORM

    values = {**FORM, "programme": {"value": str(other.id)}}
    done = admin_world.services.setup.submit_form(TEAM, "UANA", admin_world.filled(view, values))
    assert not done.errors
    assert admin_world.rows(LearningSet)[0].programme_id is None
