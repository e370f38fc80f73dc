"""A local Telegram Bot API emulator for end-to-end tests and ``coopbot demo``.

``Sandbox`` serves the Bot API methods the bot uses over HTTP, with the object shapes
python-telegram-bot 22.8 parses and Telegram's error answers, and offers a test API to
play users, inject faults and observe the bot. See ``bot/sandbox/README.md``.
"""

from .client import SandboxClient
from .errors import ApiError, SandboxError, WaitTimeout
from .faults import Fault, InjectedFault
from .flood import FloodLimits
from .server import ApiCall, Sandbox
from .state import SandboxEvent

__all__ = [
    "ApiCall",
    "ApiError",
    "Fault",
    "FloodLimits",
    "InjectedFault",
    "Sandbox",
    "SandboxClient",
    "SandboxError",
    "SandboxEvent",
    "WaitTimeout",
]
