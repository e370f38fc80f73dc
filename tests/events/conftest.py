"""Fixtures of the events tests.

* ``env``: the events service on a real SQLite file (tmp_path), a frozen clock, the knowledge
  of data/, and the real outbox table (its rows are what would be sent), no Telegram;
* ``roster``: for end-to-end tests, members and a linked group written through the members
  repository of the running bot (the onboarding itself is tested by its owner).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.events import EventsService
from bot.i18n import Catalogue
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.members import MembersService
from bot.names import Loaded
from bot.services import Services
from bot.settings import DeliverySettings, Settings
from bot.storage.database import Database
from bot.storage.events import EventFields, EventsRepository
from bot.storage.members import MembersRepository, Person
from bot.storage.outbox import OutboxRepository
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP

PROJECT = "terress"
# Thursday 5 November 2026, 09:00 UTC (10:00 Paris, winter time).
T0 = datetime(2026, 11, 5, 9, 0, tzinfo=UTC)
GROUP_2 = -5002


@dataclass
class Env:
    db: Database
    clock: FrozenClock
    settings: Settings
    members: MembersService
    events: EventsService
    kb: KnowledgeBase

    async def outbox(self, kind: str | None = None, ref: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT kind, ref, chat_id, payload, state FROM outbox WHERE 1 = 1"
        params: list[Any] = []
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if ref is not None:
            sql += " AND ref LIKE ?" if ref.endswith("%") else " AND ref = ?"
            params.append(ref)
        rows = await self.db.fetchall(sql + " ORDER BY id", params)
        return [
            {
                "kind": r["kind"],
                "ref": r["ref"],
                "chat_id": r["chat_id"],
                "payload": json.loads(r["payload"]),
                "state": r["state"],
            }
            for r in rows
        ]

    async def chats(self, kind: str, ref: str) -> set[int]:
        return {row["chat_id"] for row in await self.outbox(kind, ref)}


_KB: KnowledgeBase | None = None


def knowledge() -> KnowledgeBase:
    global _KB
    if _KB is None:
        _KB = load_knowledge(default_data_dir())
    return _KB


class _Outbox:
    """The outbox without a sender: rows are queued, as for a terminal command."""

    def __init__(self, repo: Any, clock: Any) -> None:
        self.repo = repo
        self.clock = clock

    async def enqueue(self, items: list[Any]) -> int:
        count: int = await self.repo.enqueue(items, self.clock.now())
        return count

    async def cancel(self, kind: str, ref: str) -> int:
        count: int = await self.repo.cancel(kind, ref, self.clock.now())
        return count


def make_settings(path: Path, **extra: Any) -> Settings:
    return Settings(telegram={"token": "4242:TEST-token"}, storage={"path": path}, **extra)


async def make_env(path: Path, clock: FrozenClock, **extra: Any) -> Env:
    settings = make_settings(path, **extra)
    db = await Database.open(path)
    members = MembersService(MembersRepository(db), settings, clock)
    events = EventsService(
        EventsRepository(db),
        members,
        Loaded(knowledge()),
        _Outbox(OutboxRepository(db), clock),
        None,
        settings,
        clock,
        Catalogue.bundled(),
    )
    return Env(db, clock, settings, members, events, knowledge())


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    the_env = await make_env(tmp_path / "events.sqlite3", FrozenClock(T0))
    yield the_env
    await the_env.db.close()


async def add_member(
    repo: MembersRepository,
    now: datetime,
    user_id: int,
    first_name: str,
    *,
    language: str = "fr",
    timezone: str | None = "Europe/Paris",
    country: str | None = "fr",
    organisation: str | None = "nouvelle-aquitaine",
    projects: tuple[str, ...] = (PROJECT,),
    private_chat: bool = True,
    last_name: str | None = None,
) -> None:
    await repo.touch(
        Person(user_id, first_name, last_name, None, language), now, private_chat=private_chat
    )
    await repo.update(
        user_id,
        now,
        language=language,
        timezone=timezone,
        country_id=country,
        organisation_id=organisation,
    )
    await repo.set_projects(user_id, projects)


async def link_group(
    repo: MembersRepository, now: datetime, chat_id: int, title: str, project: str = PROJECT
) -> None:
    await repo.upsert_group(chat_id, title, "group", now)
    await repo.link_group(chat_id, project, COORDINATOR, now)


async def standard_roster(repo: MembersRepository, now: datetime) -> None:
    """Claire (coordinator, Paris), Alice (Abidjan), Bob (English, Yerevan), Dédé (Dakar,
    COOP'R only) and the linked group."""
    await add_member(repo, now, COORDINATOR, "Claire", last_name="Dupont")
    await add_member(
        repo,
        now,
        ALICE,
        "Alice",
        last_name="Kouassi",
        timezone="Africa/Abidjan",
        country="ci",
        organisation="district-abidjan",
    )
    await add_member(
        repo,
        now,
        BOB,
        "Bob",
        last_name="Smith",
        language="en",
        timezone="Asia/Yerevan",
        country="am",
        organisation="lori",
    )
    await add_member(
        repo,
        now,
        2004,
        "Dédé",
        timezone="Africa/Dakar",
        country="sn",
        organisation="cm-pikine",
        projects=("coopr",),
    )
    await link_group(repo, now, GROUP, "Terr'ESS – points focaux")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with fast pacing: the emulator here enforces no flood limit, and
    what these tests check is who gets what (the pacing is the delivery engine's, and the
    reminders benchmark runs it against the real limits)."""
    fast = DeliverySettings(
        overall_per_second=500, per_chat_per_second=100, per_group_per_minute=6000
    )
    return settings.model_copy(update={"delivery": fast})


@pytest.fixture
async def roster(services: Services) -> Services:
    """The standard roster in the running bot's database."""
    await standard_roster(services.members.repo, services.clock.now())
    return services


def webinar(
    start: datetime,
    *,
    minutes: int = 90,
    project: str = PROJECT,
    offsets: tuple[str, ...] | None = None,
    remind_all: bool = False,
    zone: str = "Europe/Paris",
    title: str = "Économie sociale & solidaire",
    link: str | None = "https://visio.example.org/ess",
    countries: tuple[str, ...] | None = None,
) -> EventFields:
    return EventFields(
        project_id=project,
        kind="webinar",
        title=title,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        timezone=zone,
        link=link,
        offsets=offsets,
        remind_all=remind_all,
        countries=countries,
    )
