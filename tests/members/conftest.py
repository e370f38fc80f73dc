"""Fixtures of the members unit tests: a migrated SQLite file and the members services on it
(no Telegram involved). End-to-end tests use the shared ``app`` / ``sandbox`` fixtures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.directory import DirectoryService
from bot.i18n import Catalogue
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.members import MembersService
from bot.onboarding import OnboardingService
from bot.privacy import PrivacyService
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.members import MembersRepository
from bot.storage.outbox import OutboxItem
from tests.conftest import COORDINATOR, NOW


@dataclass
class StaticKnowledge:
    kb: KnowledgeBase


@dataclass
class Roster:
    """The members services on a temporary database, with what they enqueued."""

    db: Database
    clock: FrozenClock
    settings: Settings
    members: MembersService
    directory: DirectoryService
    onboarding: OnboardingService
    privacy: PrivacyService
    sent: list[OutboxItem]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(default_data_dir())


@pytest.fixture
async def roster(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Roster]:
    db = await Database.open(tmp_path / "members.sqlite3")
    clock = FrozenClock(NOW)
    settings = Settings(telegram={"token": "1:x"}, coordinators=[COORDINATOR])
    sent: list[OutboxItem] = []

    async def enqueue(items: list[OutboxItem]) -> int:
        sent.extend(items)
        return len(items)

    catalogue = Catalogue.bundled()
    members = MembersService(
        MembersRepository(db),
        settings,
        clock,
        knowledge=StaticKnowledge(kb),
        catalogue=catalogue,
        enqueue=enqueue,
    )
    await members.start()
    directory = DirectoryService(members)
    try:
        yield Roster(
            db,
            clock,
            settings,
            members,
            directory,
            OnboardingService(members, directory, catalogue),
            PrivacyService(members),
            sent,
        )
    finally:
        await db.close()
