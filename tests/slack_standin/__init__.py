"""A local Slack stand-in for end-to-end tests: Web API, signed HTTP and Socket Mode.

with SlackStandin() as standin:            # or the `standin` fixture (fixtures.py)
    standin.add_user("U0ALICE", "alice")
    standin.add_channel("C0SET", "set-one", members=["U0ALICE"])
    # bot env: SLACK_API_URL=standin.api_url, SLACK_BOT_TOKEN=standin.bot_token,
    #          SLACK_SIGNING_SECRET=standin.signing_secret [, SLACK_APP_TOKEN=standin.app_token]
    slack = Slack(standin, standin.http_transport("http://127.0.0.1:3000"))
    # Socket Mode: transport = standin.socket_transport(); transport.wait_connected(10)
    slack.command("U0ALICE", "C0SET", "create")
    view = standin.wait_until(lambda: standin.views_opened("U0ALICE"))[0]
    slack.react("U0ALICE", "C0SET", ts, "star")   # reaction_added; message_shortcut(...) too
    standin.files("C0SET")[0].content      # bytes the bot uploaded with files_upload_v2
"""

from .driver import Slack, Transport
from .filestore import StoredFile
from .http_transport import HttpTransport, signature
from .model import ApiError, Call, Channel, Response
from .payloads import SubmissionBlocked
from .reply import Reply
from .server import SlackStandin
from .socket_mode import SocketModeServer, SocketTransport
from .textview import buttons, find_button, find_element, text_of
from .wsgi_host import WsgiHost

__all__ = [
    "ApiError",
    "Call",
    "Channel",
    "HttpTransport",
    "Reply",
    "Response",
    "Slack",
    "SlackStandin",
    "SocketModeServer",
    "SocketTransport",
    "StoredFile",
    "SubmissionBlocked",
    "Transport",
    "WsgiHost",
    "buttons",
    "find_button",
    "find_element",
    "signature",
    "text_of",
]
