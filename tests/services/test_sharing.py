"""Sharing a learning: **Share** (without the author's name) or **Share with my name**, in
the reflection form and from App Home; an export names only those who chose to be named."""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.services import export as exporting
from bot.services.guards import set_by_id
from bot.store.tables import Learning
from tests.services.conftest import CHANNEL, TEAM, World
from tests.services.gateway import view_text
from tests.services.test_end_question import ANSWERS, ended_early


def reflect(world: World, user: str, held: Any, *picked: str) -> None:
    opened = world.services.reflections.form(TEAM, user, str(held.id), "trigger")
    world.deliver(opened, user, CHANNEL)
    view = world.slack.views()[-1]
    options = [b for b in view["blocks"] if b.get("block_id") == ids.REFLECT_SHARE]
    labels = [o["text"]["text"] for o in options[0]["element"]["options"]]
    assert labels == ["Share my learning point beyond the set", "Share it with my name"]
    chosen = {"value": list(picked)}
    done = world.services.reflections.submit(
        TEAM, user, world.filled(view, {**ANSWERS, ids.REFLECT_SHARE: chosen})
    )
    assert not done.errors, done.errors
    world.deliver(done, user)


def learning_of(world: World, user: str) -> Learning:
    return next(x for x in world.rows(Learning) if x.user_id == user)


def test_the_reflection_form_shares_with_or_without_the_name(world: World) -> None:
    _, held = ended_early(world)
    reflect(world, "UBEN", held, "named")
    reflect(world, "UCAI", held, "share")
    reflect(world, "UANA", held)
    ben, cai, ana = (learning_of(world, u) for u in ("UBEN", "UCAI", "UANA"))
    assert (ben.shareable, ben.named) == (True, True)
    assert (cai.shareable, cai.named) == (True, False)
    assert (ana.shareable, ana.named) == (False, False)
    assert "with your name" in world.slack.posts("DUBEN")[-1]["text"]
    assert "without your name" in world.slack.posts("DUCAI")[-1]["text"]

    reopened = world.services.reflections.form(TEAM, "UBEN", str(held.id), "trigger")
    world.deliver(reopened, "UBEN", CHANNEL)
    share = next(
        b for b in world.slack.views()[-1]["blocks"] if b.get("block_id") == "reflect_share"
    )
    assert [o["value"] for o in share["element"]["initial_options"]] == ["named"]


def test_home_offers_share_and_share_with_my_name(world: World) -> None:
    _, held = ended_early(world)
    reflect(world, "UANA", held)
    world.deliver(world.services.home.show("UANA"), "UANA")
    view = world.slack.home("UANA") or {}
    elements = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    named = next(e for e in elements if e["text"]["text"] == "Share with my name")
    assert any(e["text"]["text"] == "Share" for e in elements)
    world.deliver(world.services.home.share(TEAM, "UANA", named["value"]), "UANA")
    ana = learning_of(world, "UANA")
    assert ana.shareable and ana.named
    text = view_text(world.slack.home("UANA"))
    assert "🌍 shared with your name" in text and "with programme leads" in text
    world.deliver(world.services.home.share(TEAM, "UANA", f"{ana.id}:0"), "UANA")
    ana = learning_of(world, "UANA")
    assert not ana.shareable and not ana.named
    world.deliver(world.services.home.share(TEAM, "UANA", f"{ana.id}:1"), "UANA")
    assert "🌍 shareable, without your name" in view_text(world.slack.home("UANA"))


def test_an_export_names_only_those_who_chose_to_be_named(world: World) -> None:
    _, held = ended_early(world)
    reflect(world, "UBEN", held, "named")
    reflect(world, "UCAI", held, "share")
    with world.services.deps.session() as session:
        data = exporting.export_data(session, set_by_id(session, TEAM, held.set_id))
    authors = {x.author for x in data.learnings}
    assert authors == {"UBEN", None}
    assert "UBEN" in data.people() and "UCAI" not in {x.author for x in data.learnings}
