"""Slack: drives the bot like people using Slack would, over either transport."""

from __future__ import annotations

import contextlib
import copy
import time
from typing import Any

from . import api_views, blockkit, payloads, textview
from .driver_events import EventDriver, Transport
from .model import ApiError
from .reply import Reply

__all__ = ["Slack", "Transport"]


class Slack(EventDriver):
    """High-level actions: commands, clicks, shortcuts, modal submissions, events.

    Event actions (event, say, dm, open_home, react, unreact) come from EventDriver.
    """

    # -- slash commands ---------------------------------------------------------------
    def command(self, user: str, channel: str, text: str = "", command: str = "/set") -> Reply:
        """Run `/set text` in `channel`; an ack body is shown as Slack shows it."""
        ch = self._channel(channel)
        ctx = {"user": user, "channel": ch.id, "kind": "command", "command": command, "text": text}
        payload = payloads.slash_command(
            self.standin,
            user,
            ch,
            text,
            command,
            self.standin.issue_trigger(user),
            self.standin.new_response_url(ctx),
        )
        reply = self.transport.deliver("slash_commands", payload)
        shown = reply.message if reply.ok else None
        if shown and (shown.get("text") or shown.get("blocks") or shown.get("attachments")):
            with contextlib.suppress(ApiError):  # problems land in standin.violations
                self.standin.show_reply(ctx, shown, "ack")
        return reply

    # -- clicks ---------------------------------------------------------------------
    def click(
        self,
        user: str,
        channel: str | None = None,
        message_ts: str | None = None,
        button_text: str | None = None,
        action_id: str | None = None,
        value: Any = None,
        *,
        view_id: str | None = None,
    ) -> Reply:
        """Click a button (by visible text or action_id) or pick `value` in a menu.

        On a message (channel + message_ts, ephemerals too) or in a view (view_id).
        """
        if view_id is not None:
            view = self.standin.view(view_id)
            if view is None:
                raise LookupError(f"no view {view_id}")
            return self._click_view(user, view, button_text, action_id, value)
        ch = self._channel(channel)
        msg = self.standin.message(ch.id, message_ts or "")
        with self.standin.lock:
            eph = copy.deepcopy(self.standin.find_ephemeral(message_ts)) if msg is None else None
        source = msg or eph
        if source is None:
            raise LookupError(f"no message {message_ts} in {ch.id}")
        el = self._element(source, button_text, action_id, value)
        ctx = {"user": user, "channel": ch.id, "message_ts": message_ts, "kind": "block_actions"}
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": ch.id,
            "is_ephemeral": eph is not None,
        }
        if source.get("thread_ts"):
            container["thread_ts"] = source["thread_ts"]
        payload = payloads.base_interaction(
            self.standin, "block_actions", user, self.standin.issue_trigger(user)
        )
        payload.update(
            container=container,
            channel={"id": ch.id, "name": payloads.channel_name(ch)},
            state=payloads.view_state(source),
            response_url=self.standin.new_response_url(ctx),
            actions=[payloads.action(el, value)],
        )
        if msg is not None:
            payload["message"] = msg
        return self.transport.deliver("interactive", payload)

    def click_home(
        self,
        user: str,
        button_text: str | None = None,
        *,
        action_id: str | None = None,
        value: Any = None,
    ) -> Reply:
        """Click a button on the App Home view published for `user`."""
        home = self.standin.home(user)
        if home is None:
            raise LookupError(f"no App Home published for {user}")
        return self._click_view(user, home, button_text, action_id, value)

    def _click_view(
        self,
        user: str,
        view: dict[str, Any],
        button_text: str | None,
        action_id: str | None,
        value: Any,
    ) -> Reply:
        el = self._element(view, button_text, action_id, value)
        view["state"] = payloads.view_state(view)
        payload = payloads.base_interaction(
            self.standin, "block_actions", user, self.standin.issue_trigger(user)
        )
        payload.update(
            container={"type": "view", "view_id": view["id"]},
            view=view,
            actions=[payloads.action(el, value)],
        )
        return self.transport.deliver("interactive", payload)

    @staticmethod
    def _element(
        source: dict[str, Any], button_text: str | None, action_id: str | None, value: Any
    ) -> dict[str, Any]:
        if button_text is not None:
            pick = value if isinstance(value, str) and action_id is None else None
            el = textview.find_button(source, button_text, pick)
            if action_id is not None and el.get("action_id") != action_id:
                raise LookupError(f"button {button_text!r} has action_id {el.get('action_id')}")
            return el
        if action_id is not None:
            pick = value if isinstance(value, str) else None
            return textview.find_element(source, action_id, pick)
        raise ValueError("give button_text or action_id")

    # -- modals ----------------------------------------------------------------------
    def submit(
        self,
        user: str,
        view_id: str,
        values: dict[str, dict[str, Any]] | None = None,
    ) -> Reply:
        """Submit an open modal; values[block_id][action_id] = simple value (str, list, ...).

        Raises payloads.SubmissionBlocked when Slack's client would refuse to submit.
        """
        if not self.standin.is_open(view_id):
            raise LookupError(f"view {view_id} is not open")
        with self.standin.lock:
            stored = self.standin.views[view_id]
            stored["state"] = payloads.view_state(stored, values, submitting=True)
            view = copy.deepcopy(stored)
        payload = payloads.base_interaction(
            self.standin, "view_submission", user, self.standin.issue_trigger(user)
        )
        payload.update(view=view, response_urls=[])
        reply = self.transport.deliver("interactive", payload)
        if reply.ok and reply.acked:
            self._after_submit(user, view, reply.message or {})
        return reply

    def _after_submit(self, user: str, view: dict[str, Any], body: dict[str, Any]) -> None:
        action = body.get("response_action")
        if action == "errors":
            inputs = {b.get("block_id") for b in view["blocks"] if b.get("type") == "input"}
            unknown = sorted(set(body.get("errors") or {}) - inputs)
            if unknown:
                with self.standin.lock:
                    self.standin.violations.append(f"errors for non-input block_ids {unknown}")
            return
        try:
            if action in ("update", "push"):
                new = body.get("view") or {}
                problems = blockkit.check_view(
                    new, f"response_action {action}", self.standin.slack_file_problem
                )
                if new.get("type") != "modal" and not problems:
                    problems = [f"response_action {action}: view type must be modal"]
                self.standin.report(problems)
                if action == "update":
                    api_views.replace_view(self.standin, view["id"], new)
                else:
                    api_views.open_modal(self.standin, user, new, push=True)
            elif action == "clear":
                api_views.clear_stack(self.standin, user)
            else:
                api_views.close_view(self.standin, view["id"])
        except ApiError:
            pass  # Slack shows an error in the modal; the problem is in standin.violations

    def close(self, user: str, view_id: str) -> Reply | None:
        """Close a modal with its close button; sends view_closed if notify_on_close."""
        view = self.standin.view(view_id)
        if view is None or not self.standin.is_open(view_id):
            raise LookupError(f"view {view_id} is not open")
        api_views.close_view(self.standin, view_id)
        if not view.get("notify_on_close"):
            return None
        payload = payloads.base_interaction(self.standin, "view_closed", user, "")
        del payload["trigger_id"]
        payload.update(view=view, is_cleared=False)
        return self.transport.deliver("interactive", payload)

    # -- shortcuts -------------------------------------------------------------------
    def message_shortcut(self, user: str, channel: str, ts: str, callback_id: str) -> Reply:
        """`user` picks the app's message shortcut `callback_id` on the message at `ts`."""
        ch = self._channel(channel)
        msg = self.standin.message(ch.id, ts)
        if msg is None:
            raise LookupError(f"no message {ts} in {ch.id}")
        ctx = {"user": user, "channel": ch.id, "kind": "message_action", "callback_id": callback_id}
        payload = payloads.base_interaction(
            self.standin, "message_action", user, self.standin.issue_trigger(user)
        )
        payload.update(
            callback_id=callback_id,
            action_ts=f"{time.time():.6f}",
            message_ts=ts,
            message=msg,
            channel={"id": ch.id, "name": payloads.channel_name(ch)},
            response_url=self.standin.new_response_url(ctx),
        )
        return self.transport.deliver("interactive", payload)

    def global_shortcut(self, user: str, callback_id: str) -> Reply:
        """`user` runs the app's global shortcut `callback_id` (from the shortcuts menu)."""
        payload = payloads.base_interaction(
            self.standin, "shortcut", user, self.standin.issue_trigger(user)
        )
        payload.update(callback_id=callback_id, action_ts=f"{time.time():.6f}")
        return self.transport.deliver("interactive", payload)
