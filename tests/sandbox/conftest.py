"""Fixtures for the Bot API emulator tests: a started Sandbox and a real PTB Bot on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram

from bot.sandbox import Sandbox

from .support import ALICE, BOB, CAROL, TOKEN, make_bot


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22.8 emits a deprecation warning when it builds ``RetryAfter`` (and other
    durations) unless ``PTB_TIMEDELTA`` opts in to ``timedelta`` values; warnings are
    errors in this project, so the tests opt in."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def sb() -> AsyncIterator[Sandbox]:
    async with Sandbox(TOKEN) as sandbox:
        sandbox.add_user(ALICE, "Alice", username="alice_fr", last_name="Martin")
        sandbox.add_user(BOB, "Bob", username="bob_be", language_code="nl")
        sandbox.add_user(CAROL, "Carol")
        yield sandbox


@pytest.fixture
async def bot(sb: Sandbox) -> AsyncIterator[telegram.Bot]:
    async with make_bot(sb) as client:
        yield client
