"""The bot as Slack sees it: wired by the real composition root, reached over real HTTP
(waitress on 127.0.0.1) or Socket Mode, talking to the Slack stand-in. Time is injected."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_bolt.adapter.socket_mode import SocketModeHandler
from waitress.server import create_server

from bot import config
from bot.__main__ import wire
from bot.services import Services
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.web import wsgi_app
from tests.common import FakeClock
from tests.slack_standin.driver import Slack
from tests.slack_standin.reply import Reply
from tests.slack_standin.server import SlackStandin

BOT_TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting work still running after its ack."""

    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="listener")
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._busy += 1

        def tracked() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

        return super().submit(tracked)

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._busy == 0, timeout):
                raise TimeoutError("the bot was still busy after its ack")


class SettlingSlack(Slack):
    """The stand-in's driver, waiting after each request until the bot has done its work."""

    def __init__(self, standin: SlackStandin, transport: Any, executor: TrackingExecutor) -> None:
        super().__init__(standin, transport)
        self.executor = executor

    def command(self, *args: Any, **kwargs: Any) -> Reply:
        return self._settled(super().command(*args, **kwargs))

    def click(self, *args: Any, **kwargs: Any) -> Reply:
        return self._settled(super().click(*args, **kwargs))

    def submit(self, *args: Any, **kwargs: Any) -> Reply:
        return self._settled(super().submit(*args, **kwargs))

    def event(self, *args: Any, **kwargs: Any) -> Reply:
        return self._settled(super().event(*args, **kwargs))

    def click_home(self, *args: Any, **kwargs: Any) -> Reply:
        return self._settled(super().click_home(*args, **kwargs))

    def message_shortcut(self, *args: Any, **kwargs: Any) -> Reply:
        return self._settled(super().message_shortcut(*args, **kwargs))

    def close(self, *args: Any, **kwargs: Any) -> Reply | None:
        reply = super().close(*args, **kwargs)
        self.executor.wait_idle()
        return reply

    def _settled(self, reply: Reply) -> Reply:
        self.executor.wait_idle()
        return reply


@dataclass
class RunningBot:
    slack: Slack
    standin: SlackStandin
    services: Services
    clock: FakeClock
    mode: str
    url: str = ""

    def tick(self) -> int:
        """What the scheduler does when it wakes: deliver what is due now."""
        return self.services.due.run()


@contextmanager
def running_bot(
    standin: SlackStandin,
    mode: str,
    database_url: str,
    now: datetime | None = None,
    post_rate: str = "500",
) -> Iterator[RunningBot]:
    """The bot as `python -m bot` wires it. Posts are paced at `post_rate` a second (the
    default is the product's own; tests go faster unless they test pacing)."""
    env = {
        "SETBOT_POST_RATE": post_rate,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": standin.signing_secret,
        "SLACK_API_URL": standin.api_url,
        "DATABASE_URL": database_url,
    }
    if mode == "socket":
        env["SLACK_APP_TOKEN"] = APP_TOKEN
    settings = config.load(env=env, dotenv=False)
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    clock = FakeClock(now or datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    executor = TrackingExecutor()
    app, services = wire(settings, engine, clock, executor)
    if mode == "http":
        # waitress's loop wakes every asyncore_loop_timeout (1 s by default) to see whether it
        # was closed: stopping a test's server would cost that second each time.
        server = create_server(
            wsgi_app(app, engine), host="127.0.0.1", port=0, threads=8, asyncore_loop_timeout=0.02
        )
        stopping = threading.Event()

        def serve() -> None:
            try:
                server.run()
            except OSError:  # the loop's select saw the socket close under it
                if not stopping.is_set():
                    raise

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.effective_port}"
        transport = standin.http_transport(url)
        try:
            yield RunningBot(
                SettlingSlack(standin, transport, executor), standin, services, clock, mode, url
            )
        finally:
            # Drain the request threads first: closing the server closes the trigger they
            # pull when they finish a response.
            stopping.set()
            server.task_dispatcher.shutdown(timeout=10)
            server.close()
            thread.join(timeout=10)
            engine.dispose()
    else:
        handler = SocketModeHandler(app, APP_TOKEN)
        handler.connect()
        transport = standin.socket_transport()
        transport.wait_connected()
        try:
            yield RunningBot(
                SettlingSlack(standin, transport, executor), standin, services, clock, mode
            )
        finally:
            # The client's message loop waits up to a second for its queue before it sees it
            # was closed; the bot has settled, so let that run out in the background.
            handler.disconnect()
            threading.Thread(target=handler.close, daemon=True).start()
            engine.dispose()
