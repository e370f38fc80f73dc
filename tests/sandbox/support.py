"""Shared constants and helpers of the emulator tests."""

from __future__ import annotations

import telegram
from telegram.request import HTTPXRequest

from bot.sandbox import Sandbox

TOKEN = "123:ABC"
ALICE = 100
BOB = 200
CAROL = 300
GROUP = -4001
SUPERGROUP = -1001234567890


def make_bot(sandbox: Sandbox, *, read_timeout: float = 5.0) -> telegram.Bot:
    """A real PTB Bot talking HTTP to the sandbox."""
    return telegram.Bot(
        TOKEN,
        base_url=sandbox.api_base_url,
        base_file_url=sandbox.file_base_url,
        request=HTTPXRequest(read_timeout=read_timeout),
        get_updates_request=HTTPXRequest(read_timeout=read_timeout),
    )
