"""Read-only helpers tests use to look at what the bot did in the workspace."""

from __future__ import annotations

import copy
from typing import Any

from . import textview
from .filestore import StoredFile
from .model import Call, Response
from .workspace import Workspace


class Queries(Workspace):
    """Query helpers; every result is a copy, safe to keep."""

    def messages(self, channel: str, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Channel history (top level and broadcasts), or a whole thread with its parent."""
        with self.lock:
            hist = self.history.get(channel, [])
            if thread_ts is None:
                keep = [
                    m
                    for m in hist
                    if m.get("thread_ts") in (None, m["ts"])
                    or m.get("subtype") == "thread_broadcast"
                ]
            else:
                keep = [m for m in hist if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
            return copy.deepcopy(keep)

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """Replies in the thread under `ts` (without the parent)."""
        return [m for m in self.messages(channel, ts) if m["ts"] != ts]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self.lock:
            return copy.deepcopy(self.find_message(channel, ts))

    def last_message(self, channel: str) -> dict[str, Any] | None:
        with self.lock:
            hist = self.history.get(channel) or []
            return copy.deepcopy(hist[-1]) if hist else None

    def ephemerals(
        self, user: str | None = None, channel: str | None = None, thread_ts: str | None = None
    ) -> list[dict]:
        """Ephemerals shown to `user` in `channel` (in the thread under `thread_ts`, if given).

        Each has user, channel, text/blocks, message_ts, thread_ts (if in a thread) and "via":
        api (chat.postEphemeral), ack or response_url.
        """
        with self.lock:
            return copy.deepcopy(
                [
                    e
                    for e in self.ephemeral_log
                    if user in (None, e["user"])
                    and channel in (None, e["channel"])
                    and thread_ts in (None, e.get("thread_ts"))
                ]
            )

    def reactions(self, channel: str, ts: str) -> dict[str, list[str]]:
        """Reactions on a message: {name: [users, in order]}."""
        msg = self.message(channel, ts) or {}
        return {r["name"]: r["users"] for r in msg.get("reactions", [])}

    # -- files ---------------------------------------------------------------------
    def files(self, channel: str | None = None, pending: bool = False) -> list[StoredFile]:
        """Files uploaded and completed (pending=True: unfinished uploads too), oldest first;
        with `channel`, only those shared there. Each has id, name, title, content (bytes),
        text, channels, shares, user, alt_txt."""
        with self.lock:
            return copy.deepcopy(
                [
                    f
                    for f in self.file_store.values()
                    if (f.completed or pending) and channel in (None, *f.shares)
                ]
            )

    def file(self, file_id: str) -> StoredFile | None:
        with self.lock:
            return copy.deepcopy(self.file_store.get(file_id))

    def file_content(self, file_id: str) -> bytes:
        """The exact bytes uploaded for `file_id` (KeyError if nothing arrived)."""
        f = self.file(file_id)
        if f is None or f.content is None:
            raise KeyError(f"no uploaded content for file {file_id}")
        return f.content

    def file_text(self, file_id: str, encoding: str = "utf-8") -> str:
        return self.file_content(file_id).decode(encoding)

    def views_opened(self, user: str | None = None) -> list[dict[str, Any]]:
        """Every modal opened or pushed (latest content), oldest first."""
        with self.lock:
            return copy.deepcopy(
                [self.views[v] for v in self.opened if user in (None, self.view_meta[v]["user"])]
            )

    def open_views(self, user: str) -> list[dict[str, Any]]:
        """The user's modal stack, bottom first."""
        with self.lock:
            return copy.deepcopy([self.views[v] for v in self.modal_stacks.get(user, [])])

    def view(self, view_id: str) -> dict[str, Any] | None:
        with self.lock:
            return copy.deepcopy(self.views.get(view_id))

    def is_open(self, view_id: str) -> bool:
        with self.lock:
            return bool(self.view_meta.get(view_id, {}).get("open"))

    def home(self, user: str) -> dict[str, Any] | None:
        """The App Home view last published for `user`."""
        with self.lock:
            vid = self.homes.get(user)
            return copy.deepcopy(self.views[vid]) if vid else None

    @property
    def calls(self) -> list[Call]:
        with self.lock:
            return list(self.call_log)

    def calls_to(self, method: str, ok_only: bool = False) -> list[Call]:
        return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    @property
    def responses(self) -> list[Response]:
        """Bodies posted to response_urls, in order."""
        with self.lock:
            return list(self.response_log)

    def transcript(self) -> str:
        """Everything people can see, channel by channel; handy in assertion messages."""
        with self.lock:
            lines = []
            for channel, hist in self.history.items():
                lines += [
                    f"#{channel} {m['ts']} <{m['user']}> {textview.text_of(m)!r}" for m in hist
                ]
            lines += [
                f"#{e['channel']} (only {e['user']}, {e['via']}) {textview.text_of(e)!r}"
                for e in self.ephemeral_log
            ]
            lines += [
                f"file {f.id} {f.name!r} ({f.size} bytes, completed={f.completed}) in {f.channels}"
                for f in self.file_store.values()
            ]
            lines += [
                f"view {v} ({self.view_meta[v]['user']}, open={self.view_meta[v]['open']})"
                f" {textview.text_of(self.views[v])!r}"
                for v in self.views
            ]
            return "\n".join(lines)

    @staticmethod
    def text_of(obj: dict[str, Any] | None) -> str:
        return textview.text_of(obj)

    @staticmethod
    def find_button(obj: dict[str, Any], text: str) -> dict[str, Any]:
        return textview.find_button(obj, text)
