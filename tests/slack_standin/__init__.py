"""A local Slack stand-in for end-to-end tests: Web API, signed HTTP and Socket Mode."""

from .driver import Slack, Transport
from .http_transport import HttpTransport, signature
from .model import ApiError, Call, Channel, Response
from .payloads import SubmissionBlocked
from .reply import Reply
from .server import SlackStandin
from .socket_mode import SocketModeServer, SocketTransport
from .textview import buttons, find_button, find_element, text_of
from .wsgi_host import WsgiHost

__all__ = [
    "ApiError", "Call", "Channel", "HttpTransport", "Reply", "Response", "Slack",
    "SlackStandin", "SocketModeServer", "SocketTransport", "SubmissionBlocked", "Transport",
    "WsgiHost", "buttons", "find_button", "find_element", "signature", "text_of",
]
