"""What a claimed batch of due rows has in common, read once in the claiming transaction.

Rows due together are mostly one set's: its members, their Slack records, its open actions
and its scheduled meetings are read once for the batch, not once a row. Used for one row
alone, each is read when first asked for, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlmodel import Session

from bot.store import repo_actions, repo_meetings, repo_reports, repo_sets
from bot.store.tables import Action, DueJob, LearningSet, Meeting, SlackUser


class BatchReads:
    def __init__(self, session: Session, jobs: Iterable[DueJob] = ()) -> None:
        self.session = session
        self._meetings: dict[int, Meeting | None] = {}  # held here: the session's are weak
        self._sets: dict[int, LearningSet | None] = {}
        self._members: dict[int, list[str]] = {}
        self._actions: dict[int, dict[str, list[Action]]] = {}
        self._scheduled: dict[int, list[Meeting]] = {}
        self._people: dict[tuple[str, str], SlackUser | None] = {}
        wanted: dict[str, set[str]] = {}
        for job in jobs:
            try:
                payload = json.loads(job.payload or "{}")
            except ValueError:
                continue  # its own read fails, and backs that row off alone
            if not isinstance(payload, dict):
                continue
            wanted.setdefault(str(payload.get("team")), set()).add(str(payload.get("user")))
        for team, users in wanted.items():  # one query per workspace (mostly one)
            found = repo_reports.slack_users(session=session, team_id=team, user_ids=sorted(users))
            self._people.update({(team, user): found.get(user) for user in users})

    def meeting(self, meeting_id: int) -> Meeting | None:
        if meeting_id not in self._meetings:
            found = repo_meetings.get_meeting(session=self.session, meeting_id=meeting_id)
            self._meetings[meeting_id] = found
        return self._meetings[meeting_id]

    def learning_set(self, set_id: int) -> LearningSet | None:
        if set_id not in self._sets:
            self._sets[set_id] = repo_sets.get_set(session=self.session, set_id=set_id)
        return self._sets[set_id]

    def members(self, set_id: int) -> list[str]:
        """The set's member ids in the order they joined."""
        if set_id not in self._members:
            self._members[set_id] = repo_sets.list_members(session=self.session, set_id=set_id)
        return self._members[set_id]

    def person(self, team: str, user: str) -> SlackUser | None:
        """The bot's record of a Slack user, if it has one."""
        if (team, user) not in self._people:
            self._people[(team, user)] = repo_reports.find_slack_user(
                session=self.session, team_id=team, user_id=user
            )
        return self._people[(team, user)]

    def open_actions(self, set_id: int, user: str) -> list[Action]:
        """The member's listed actions in the set, oldest first (`repo_actions.open_actions`)."""
        if set_id not in self._actions:
            self._actions[set_id] = repo_actions.open_actions_of_set(
                session=self.session, set_id=set_id
            )
        return self._actions[set_id].get(user, [])

    def scheduled(self, set_id: int) -> list[Meeting]:
        """The set's meetings not yet started, in order."""
        if set_id not in self._scheduled:
            self._scheduled[set_id] = repo_meetings.scheduled_meetings(
                session=self.session, set_id=set_id
            )
        return self._scheduled[set_id]
