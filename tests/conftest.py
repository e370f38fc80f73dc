"""Shared fixtures: the emulator, a settable clock, settings on a temporary database, and the
real bot application polling the emulator over HTTP.

End-to-end tests use ``app`` (or ``services``) with ``sandbox``: they act as users through the
emulator's test API and read what the bot sent. See bot/sandbox/README.md for the test API.
"""

from __future__ import annotations

import os

# PTB 22 warns (PTBDeprecationWarning) each time it builds a RetryAfter unless durations are
# opted in as timedelta; tests turn warnings into errors, and the bot handles both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings

TOKEN = "4242:TEST-token-abcdefghijklmnopqrstuvwxyz"
BOT_ID = 4242
COORDINATOR = 1001  # Claire, coordinator (from settings), French
ALICE = 2001  # Alice, participant, French
BOB = 2002  # Bob, participant, English Telegram app
CAROL = 2003  # Carol, French, a stranger who never wrote to the bot
GROUP = -5001  # a basic group where the bot is a member

# Monday 23 November 2026, 09:00 UTC (10:00 in Paris).
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def sandbox(clock: FrozenClock) -> AsyncIterator[Sandbox]:
    async with Sandbox(TOKEN, clock=clock.now) as sb:
        sb.add_user(COORDINATOR, "Claire", username="claire_coord", language_code="fr")
        sb.add_user(ALICE, "Alice", username="alice", language_code="fr", last_name="Kouassi")
        sb.add_user(BOB, "Bob", username="bob", language_code="en", last_name="Smith")
        sb.add_user(CAROL, "Carol", language_code="fr", started=False)
        sb.add_group(GROUP, "Terr'ESS – points focaux", members=[COORDINATOR, ALICE, BOB])
        yield sb


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coopbot.sqlite3"


@pytest.fixture
def settings(sandbox: Sandbox, db_path: Path) -> Settings:
    return Settings(
        telegram={
            "token": TOKEN,
            "api_base_url": sandbox.api_base_url,
            "file_base_url": sandbox.file_base_url,
            "poll_timeout": 10,
        },
        storage={"path": db_path},
        coordinators=[COORDINATOR],
    )


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock) -> AsyncIterator[CoopApplication]:
    application = build_application(settings, clock=clock)
    async with running(application, poll_timeout=settings.telegram.poll_timeout):
        yield application


@asynccontextmanager
async def started(settings: Settings, clock: FrozenClock) -> AsyncIterator[Services]:
    """One run of the bot on ``settings``' database: leave the block to stop it (a restart is
    a second ``started`` on the same settings)."""
    application = build_application(settings, clock=clock)
    async with running(application, poll_timeout=settings.telegram.poll_timeout):
        services = application.bot_data.services
        assert services is not None
        yield services


@pytest.fixture
def services(app: CoopApplication) -> Services:
    services = app.bot_data.services
    assert services is not None
    return services
