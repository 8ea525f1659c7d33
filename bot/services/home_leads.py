"""App Home's buttons for programme leads: how a programme's sets are sorted (kept for
the lead), and which page of them is shown."""

from __future__ import annotations

from bot.blocks import home as views
from bot.blocks.text import escape
from bot.flows.programme import Order
from bot.services.core import Deps
from bot.services.home_model import home_for
from bot.services.result import Done
from bot.store import repo_programmes

EXPIRED = "That button has expired: here is your Home as it is now."
NOT_A_LEAD = "You no longer lead that programme: here is your Home as it is now."


def _parts(value: str) -> tuple[int, str] | None:
    programme, _, rest = value.partition(":")
    return (int(programme), rest) if programme.isdigit() and rest else None


class LeadHome:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def order(self, team: str, user: str, value: str) -> Done:
        """**At risk first** / **Name** / **Last met**: the lead's choice, kept."""
        parts = _parts(value)
        order = next((o for o in Order if parts and o.value == parts[1]), None)
        with self.deps.session() as session:
            if parts is None or order is None:
                return Done.only(home_for(session, user, notice=views.Notice(EXPIRED)))
            lead = repo_programmes.lead_of(session=session, programme_id=parts[0], user_id=user)
            programme = repo_programmes.get(session=session, programme_id=parts[0])
            if lead is None or programme is None or programme.team_id != team:
                return Done.only(home_for(session, user, notice=views.Notice(NOT_A_LEAD)))
            lead.home_order = order.value
            session.add(lead)
            session.flush()
            return Done.only(home_for(session, user))

    def digest(self, team: str, user: str, value: str) -> Done:
        """**Turn the weekly digest off** (or on again): this lead's, for this programme."""
        parts = _parts(value)
        with self.deps.session() as session:
            if parts is None or parts[1] not in ("on", "off"):
                return Done.only(home_for(session, user, notice=views.Notice(EXPIRED)))
            lead = repo_programmes.lead_of(session=session, programme_id=parts[0], user_id=user)
            programme = repo_programmes.get(session=session, programme_id=parts[0])
            if lead is None or programme is None or programme.team_id != team:
                return Done.only(home_for(session, user, notice=views.Notice(NOT_A_LEAD)))
            lead.digest_off = parts[1] == "off"
            session.add(lead)
            session.flush()
            said = (
                f"🔕 No more weekly digests of *{escape(programme.name)}*."
                if lead.digest_off
                else f"🔔 The weekly digest of *{escape(programme.name)}* is on again."
            )
            return Done.only(home_for(session, user, notice=views.Notice(said)))

    def page(self, team: str, user: str, value: str) -> Done:
        parts = _parts(value)
        with self.deps.read() as session:
            if parts is None or not parts[1].isdigit():
                return Done.only(home_for(session, user, notice=views.Notice(EXPIRED)))
            return Done.only(home_for(session, user, programme_page=(parts[0], int(parts[1]))))
