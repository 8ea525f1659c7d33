"""What every use case returns: `Done(reply, effects)`.

The reply is for the person who asked (a slash command's ack, an ephemeral, a DM); the
effects are plain data for everything else people see. Everything an effect needs to render
is gathered inside the use case's one transaction; `bot.services.outbox` turns effects into
Slack calls after the ack and writes back what Slack returns (`Keep`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.blocks.home import HomeModel
from bot.services.result_files import (  # noqa: F401  (part of this module's interface)
    ChartFile,
    ChartRefused,
    ExportFile,
    HomeChart,
    ProgrammeChart,
    ProgrammeChartFile,
    TrendPicture,
    Upload,
    UploadFile,
)

Blocks = list[dict[str, Any]]


@dataclass(frozen=True)
class Reply:
    text: str
    blocks: Blocks | None = None


@dataclass(frozen=True)
class Asker:
    """Who asked, and where to tell them anything the ack could not carry: ephemeral in a
    channel; a DM when they asked in a DM, from App Home (no channel) or from a modal."""

    user: str
    channel: str = ""


# ---- what Slack returns, and where it is kept -------------------------------------------


@dataclass(frozen=True)
class Placed:
    """Where Slack put something: a message's channel and ts, or an uploaded file's id."""

    channel: str = ""
    ts: str = ""
    file: str = ""


@dataclass(frozen=True)
class ControlMessage:
    """The live control message of a meeting."""

    meeting_id: int
    channel: str


@dataclass(frozen=True)
class TurnThread:
    """The thread root of a meeting's turn (report-back or issue round)."""

    meeting_id: int
    slot: int


@dataclass(frozen=True)
class PromptSent:
    """A report-back prompt, reminder or brief reached its person: finish its due row,
    remember their DM (and time zone, if it was just learned), and for a prompt start an
    empty report (unless they wrote one already)."""

    job_id: int
    team: str
    user: str
    meeting_id: int
    new_report: bool
    zone: str | None = None  # learned from users.info for this delivery
    locale: str | None = None  # learned with it
    set_zone: str = ""
    known_dm: str | None = None  # the DM channel already on record, if any
    kind: str = "prompt"  # prompt, reminder, brief or welcome: where its ts is kept
    welcome: bool = False  # the report started is a first meeting's welcome


@dataclass(frozen=True)
class ReportShown:
    """The one message in a member's DM that shows their report: updated on every edit."""

    meeting_id: int
    user: str


@dataclass(frozen=True)
class LiveButtons:
    """A DM message of a member's report-back whose buttons must close with its meeting:
    `kind` is apologies, nothing (nothing to send) or question (an action's outcome)."""

    meeting_id: int
    user: str
    kind: str


@dataclass(frozen=True)
class Intervention:
    """The Intervene question's message: its Resume button goes when the meeting resumes."""

    meeting_id: int
    text: str  # its first block's text, shown again without the button


@dataclass(frozen=True)
class FollowUpState:
    """A follow-up DM sent ("asked"), or its member out of Slack's reach ("unreachable")."""

    follow_up_id: int
    status: str


Keep = (
    ControlMessage
    | TurnThread
    | PromptSent
    | ReportShown
    | LiveButtons
    | ChartFile
    | ChartRefused
    | Intervention
    | FollowUpState
    | ProgrammeChartFile
)


# ---- effects ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """A message in a channel, or in a thread of it.

    `under` names an earlier Post of the same result (by its `key`) whose thread this one
    goes in: a turn's root and its first reply are posted together. `after` names one that
    must have been posted first, or this one isn't either. `if_failed` is what the asker is
    told when Slack refuses it; without it a failure is only logged. `opens_round` marks
    the root of a meeting's report-back round; `in_round` a reply in that thread whose root
    an earlier result posts (a fast second Next): the outbox finds its ts when it delivers.
    """

    channel: str
    text: str
    blocks: Blocks | None = None
    thread_ts: str | None = None
    under: str | None = None
    after: str | None = None
    key: str | None = None
    keep: Keep | None = None
    if_failed: str | None = None
    opens_round: int | None = None  # a meeting id
    in_round: int | None = None  # a meeting id


@dataclass(frozen=True)
class Update:
    """Rewrite a message the bot posted (the control message): `ts`, or the `key` of a Post
    of the same result. Skipped when it would show what Slack already shows."""

    channel: str
    text: str
    blocks: Blocks
    ts: str | None = None
    of: str | None = None


@dataclass(frozen=True)
class Ephemeral:
    """Only `user` sees it, in `channel` (or a thread of it); a DM if Slack refuses."""

    channel: str
    user: str
    text: str
    thread_ts: str | None = None
    dm_if_refused: bool = True  # a nudge that can't be private is better not sent at all


@dataclass(frozen=True)
class DirectMessage:
    """A DM from the bot: in `channel` when known, else posted to the user, and Slack says
    which channel it is (kept with `keep`)."""

    user: str
    text: str
    blocks: Blocks | None = None
    channel: str | None = None
    keep: Keep | None = None
    metadata: dict[str, Any] | None = None  # Slack message metadata (a due row's tag)
    if_unreachable: Keep | None = None  # kept instead when the person is out of reach


@dataclass(frozen=True)
class PublishHome:
    """One person's App Home, from a model read in the use case's transaction."""

    user: str
    model: HomeModel
    charts: tuple[HomeChart, ...] = ()
    programme_charts: tuple[ProgrammeChart, ...] = ()


@dataclass(frozen=True)
class OpenView:
    """Open a modal on a trigger (valid for about 3 s after the click). `if_failed` replaces
    the outbox's own explanation when Slack won't open it."""

    trigger_id: str
    view: dict[str, Any]
    if_failed: str | None = None


@dataclass(frozen=True)
class Respond:
    """An answer through an interaction's response_url (replacing the original message)."""

    url: str
    text: str
    replace_original: bool = False
    blocks: Blocks | None = None  # what replaces it (else the text as one section)


Effect = Post | Update | Ephemeral | DirectMessage | PublishHome | OpenView | Upload | Respond


@dataclass(frozen=True)
class Done:
    """One use case's result. `errors` are a form's inline errors (then nothing was saved)."""

    reply: Reply | None = None
    effects: tuple[Effect, ...] = ()
    errors: Mapping[str, str] | None = field(default=None)

    @classmethod
    def say(cls, text: str, *effects: Effect, blocks: Blocks | None = None) -> Done:
        return cls(Reply(text, blocks), tuple(effects))

    @classmethod
    def only(cls, *effects: Effect) -> Done:
        return cls(None, tuple(effects))

    @classmethod
    def invalid(cls, errors: Mapping[str, str]) -> Done:
        return cls(errors=dict(errors))

    def then(self, *effects: Effect) -> Done:
        return replace(self, effects=(*self.effects, *effects))

    @property
    def text(self) -> str:
        return self.reply.text if self.reply else ""
