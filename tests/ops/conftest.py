"""Fixtures of the operations tests (issue 14): the terminal pointed at the test database, and
the bot started and stopped by the test itself (restarts, restores)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.members import Person


@pytest.fixture
def terminal(db_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`coopbot ...` (bot.cli.main) on the test database, at the tests' clock, no token."""
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.delenv("COOPBOT_TELEGRAM__TOKEN", raising=False)
    monkeypatch.chdir(db_path.parent)
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(db_path))
    monkeypatch.setattr("bot.cli.CLOCK", clock)
    return db_path


@asynccontextmanager
async def bot_running(settings: object, clock: FrozenClock) -> AsyncIterator[CoopApplication]:
    from bot.settings import Settings

    assert isinstance(settings, Settings)
    application = build_application(settings, clock=clock)
    async with running(application, poll_timeout=settings.telegram.poll_timeout):
        yield application


def services_of(application: CoopApplication) -> Services:
    services = application.bot_data.services
    assert services is not None
    return services


async def add_members(services: Services, sandbox: Sandbox, first: int, count: int) -> list[int]:
    """``count`` people who opened a private chat with the bot, ids from ``first``."""
    now = services.clock.now()
    ids = list(range(first, first + count))
    for user_id in ids:
        sandbox.add_user(user_id, f"Membre {user_id}", language_code="fr")
        await services.members.repo.touch(
            Person(user_id, f"Membre {user_id}"), now, private_chat=True
        )
    return ids
