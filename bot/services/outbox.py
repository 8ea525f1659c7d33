"""The outbox: the one place effects become Slack calls, after the ack.

`deliver` performs a use case's effects in order through the gateway, coalescing what
would repeat (one Home publish per person, one update per message, no `chat.update` that
would show what Slack already shows), then writes back what Slack returned (thread roots,
the control message, DM channels, chart files) in one final transaction. A failure is
logged; the asker is told what was saved and what could not be shown, once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bot.services import home_publish, outbox_uploads, turns, writeback
from bot.services.core import INVITE_HINT, Deps
from bot.services.gateway import NOT_IN_CHANNEL, RATELIMITED, Gateway, SlackRefused
from bot.services.outbox_rounds import RoundThreads
from bot.services.prompt_message import PERMANENT
from bot.services.result import (
    Asker,
    DirectMessage,
    Done,
    Effect,
    Ephemeral,
    Keep,
    OpenView,
    Placed,
    Post,
    PublishHome,
    Respond,
    Update,
    Upload,
)

log = logging.getLogger("setbot.outbox")

TRIGGER_ERRORS = frozenset({"expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id"})
FORM_TOO_SLOW = "Slack took too long to open the form. Please try again."
FORM_REFUSED = "Slack couldn't open the form just now. Please try again."
SHOWN_MEMORY = 4096  # messages whose last content is remembered, to skip no-op updates
# What Slack says of a person no DM will reach (left, deactivated): recorded, not retried.
OUT_OF_REACH = PERMANENT | {"channel_not_found"}
SORRY = "Sorry, something went wrong on my side and nothing was changed. Please try again."
AFTER_ACK_WORKERS = 10  # many may wait on Slack at once; two compute (turns.AFTER_ACK)


@dataclass
class Delivered:
    """What happened: timestamps of keyed posts, and every effect Slack refused."""

    posted: dict[str, str] = field(default_factory=dict)
    failures: list[tuple[Effect, SlackRefused]] = field(default_factory=list)
    kept: list[tuple[Keep, Placed]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def coalesce(effects: Iterable[Effect]) -> list[Effect]:
    """Drop what a later effect supersedes: a person's Home published again, a message
    updated again; and exact repeats of a post, DM or ephemeral."""
    effects = list(effects)
    if len(effects) < 2:  # a prompt's one DM: nothing to compare
        return effects
    identities = [_identity(effect, index) for index, effect in enumerate(effects)]
    last = {identity: index for index, identity in enumerate(identities)}
    return [e for i, e in enumerate(effects) if last[identities[i]] == i]


def _identity(effect: Effect, index: int) -> tuple[Any, ...]:
    if isinstance(effect, PublishHome):
        return ("home", effect.user)
    if isinstance(effect, Update):
        return ("update", effect.channel, effect.ts, effect.of)
    if isinstance(effect, Ephemeral | DirectMessage) or (
        isinstance(effect, Post) and effect.key is None and effect.keep is None
    ):
        return ("same", repr(effect))
    return ("each", index)


def digest(text: str, blocks: Any) -> str:
    raw = json.dumps([text, blocks], sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


class Outbox:
    def __init__(self, deps: Deps, executor: Executor | None = None) -> None:
        self.deps = deps
        self.executor = executor or ThreadPoolExecutor(
            AFTER_ACK_WORKERS, thread_name_prefix="setbot-after-ack"
        )
        self._shown: OrderedDict[tuple[str, str], str] = OrderedDict()
        self.rounds = RoundThreads(deps)
        self._lock = threading.Lock()

    def after_ack(
        self,
        gateway: Gateway,
        work: Callable[[], Done] | Done,
        asker: Asker | None = None,
        reply: bool = True,
    ) -> None:
        """Run `work` (a use case, or its result) and deliver the result after the ack, on
        a pool (Bolt runs listeners before it answers: process_before_response); a result
        with nothing to deliver skips it. A failure is logged once; the asker hears a
        plain sorry, never a stack trace."""
        if isinstance(work, Done) and not work.effects and not (reply and work.reply):
            return

        def run() -> None:
            with turns.AFTER_ACK.turn():  # computes with a turn; waits on Slack without one
                try:
                    self.deliver(gateway, work if isinstance(work, Done) else work(), asker, reply)
                except Exception:
                    log.exception("a request's work after its ack failed")
                    if asker is not None:
                        self.tell(gateway, asker, SORRY)

        self.executor.submit(run)

    def deliver(
        self,
        gateway: Gateway,
        done: Done,
        asker: Asker | None = None,
        reply: bool = True,
        kept: list[tuple[Keep, Placed]] | None = None,
    ) -> Delivered:
        """Perform `done` after the ack: its reply too, unless the ack carried it. Where
        Slack put what is kept is written at the end; into `kept` instead, if given, for
        the caller to write with more (a delivery worker's batch)."""
        run = Delivered()
        if reply and done.reply is not None and asker is not None:
            self.tell(gateway, asker, done.reply.text, done.reply.blocks)
        told = False
        try:
            for effect in coalesce(done.effects):
                try:
                    self._perform(gateway, run, effect)
                except SlackRefused as refused:
                    # a hold is expected work: the row waits for it (not a warning each time)
                    level = logging.INFO if refused.code == RATELIMITED else logging.WARNING
                    log.log(level, "%s refused: %s", type(effect).__name__, refused)
                    run.failures.append((effect, refused))
                    unreachable = isinstance(effect, DirectMessage) and effect.if_unreachable
                    if unreachable and refused.code in OUT_OF_REACH:
                        run.kept.append((unreachable, Placed()))
                    text = _failure_text(effect, refused)
                    if text and asker is not None and not told:
                        self.tell(gateway, asker, text)
                        told = True
        finally:  # whatever happened, keep where Slack put what it did show
            if kept is not None:
                kept += run.kept
            elif run.kept:
                with self.deps.session() as session:
                    writeback.save(session, run.kept, self.deps.clock())
        return run

    def tell(
        self,
        gateway: Gateway,
        asker: Asker,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        """Ephemeral in the channel they asked in; otherwise (or if Slack refuses) a DM."""
        in_dm = asker.channel.startswith("D")
        if asker.channel and not in_dm:
            try:
                gateway.ephemeral(asker.channel, asker.user, text, blocks=blocks)
                return
            except SlackRefused as refused:
                log.info("ephemeral to %s failed (%s); sending a DM", asker.user, refused)
        try:
            gateway.post(asker.channel if in_dm else asker.user, text, blocks)
        except SlackRefused as refused:
            log.warning("could not reach %s: %s", asker.user, refused)

    # ---- one effect ----

    def _perform(self, gateway: Gateway, run: Delivered, effect: Effect) -> None:
        if isinstance(effect, Post):
            self._post(gateway, run, effect)
        elif isinstance(effect, Update):
            self._update(gateway, run, effect)
        elif isinstance(effect, Ephemeral):
            self._ephemeral(gateway, effect)
        elif isinstance(effect, DirectMessage):
            to = effect.channel or effect.user
            channel, ts = gateway.direct(to, effect.text, effect.blocks, effect.metadata)
            if effect.keep is not None:
                run.kept.append((effect.keep, Placed(channel, ts)))
        elif isinstance(effect, PublishHome):
            run.kept += home_publish.publish(gateway, effect)
        elif isinstance(effect, OpenView):
            gateway.open_view(effect.trigger_id, effect.view)
        elif isinstance(effect, Upload):
            outbox_uploads.upload(gateway, effect)
        elif isinstance(effect, Respond):
            gateway.respond(effect.url, effect.text, effect.replace_original, effect.blocks)

    def _post(self, gateway: Gateway, run: Delivered, effect: Post) -> None:
        if effect.after is not None and effect.after not in run.posted:
            log.info("skipped a post: the one it follows was not posted")
            return
        thread = effect.thread_ts
        if effect.under is not None:
            thread = run.posted.get(effect.under)
            if thread is None:
                log.info("skipped a reply: its thread's root was not posted")
                return
        if effect.in_round is not None and thread is None:
            thread = self.rounds.find(effect.in_round)
        ts = gateway.post(effect.channel, effect.text, effect.blocks, thread)
        if effect.opens_round is not None:
            self.rounds.posted(effect.opens_round, ts)
        self._remember(effect.channel, ts, digest(effect.text, effect.blocks))
        if effect.key is not None:
            run.posted[effect.key] = ts
        if effect.keep is not None:
            run.kept.append((effect.keep, Placed(effect.channel, ts)))

    def _update(self, gateway: Gateway, run: Delivered, effect: Update) -> None:
        ts = effect.ts or (run.posted.get(effect.of) if effect.of else None)
        if not ts:
            return
        shown = digest(effect.text, effect.blocks)
        with self._lock:
            if self._shown.get((effect.channel, ts)) == shown:
                return  # Slack shows this already
        try:
            gateway.update(effect.channel, ts, effect.text, effect.blocks)
        except SlackRefused as refused:
            # The database moved on: the next change catches the message up.
            log.warning("could not update message %s in %s: %s", ts, effect.channel, refused)
            return
        self._remember(effect.channel, ts, shown)

    def _remember(self, channel: str, ts: str, shown: str) -> None:
        with self._lock:
            self._shown[(channel, ts)] = shown
            self._shown.move_to_end((channel, ts))
            while len(self._shown) > SHOWN_MEMORY:
                self._shown.popitem(last=False)

    @staticmethod
    def _ephemeral(gateway: Gateway, effect: Ephemeral) -> None:
        try:
            gateway.ephemeral(effect.channel, effect.user, effect.text, effect.thread_ts)
        except SlackRefused as refused:
            if not effect.dm_if_refused:
                log.info("ephemeral to %s failed (%s); left unsaid", effect.user, refused)
                return
            log.info("ephemeral to %s failed (%s); sending a DM", effect.user, refused)
            try:
                gateway.post(effect.user, effect.text)
            except SlackRefused as again:
                log.warning("could not reach %s: %s", effect.user, again)


def _failure_text(effect: Effect, refused: SlackRefused) -> str | None:
    """What the asker should hear when Slack refused this effect (None: only logged)."""
    if isinstance(effect, OpenView):
        if effect.if_failed:
            return effect.if_failed
        return FORM_TOO_SLOW if refused.code in TRIGGER_ERRORS else FORM_REFUSED
    if isinstance(effect, Post) and effect.if_failed is not None:
        return INVITE_HINT if refused.code in NOT_IN_CHANNEL else effect.if_failed
    return None
