"""The delivery engine against the emulator: a real Bot over HTTP, a real SQLite outbox.

These tests build the engine themselves (not the whole application) to set what the
application does not expose: limits scaled up so that runs stay short, a short read timeout
to exercise timeouts (of withheld answers only: tests/withheld.py), a small retry base so
that backoffs take milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import FrozenClock
from bot.delivery import Delivery, Pacer, SentMessage
from bot.sandbox import ApiCall, FloodLimits, Sandbox
from bot.settings import DeliverySettings
from bot.storage.database import Database
from bot.storage.outbox import OutboxItem, OutboxRepository, OutboxRow
from tests.withheld import PatientRequest

TOKEN = "4242:TEST-token-abcdefghijklmnopqrstuvwxyz"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
USERS = list(range(3001, 3041))  # 40 people who wrote to the bot
GROUP = -6001
SCALE = 10  # Telegram's limits x 10 in the emulator and in the engine


def scaled(scale: float = SCALE, **overrides: Any) -> DeliverySettings:
    values: dict[str, Any] = {
        "overall_per_second": 30 * scale,
        "per_chat_per_second": 1 * scale,
        "per_group_per_minute": 20 * scale,
        "max_attempts": 5,
    }
    values.update(overrides)
    return DeliverySettings(**values)


class RecordingPacer(Pacer):
    """The engine's own pacer, which also notes its decisions: when (in the engine's monotonic
    seconds) each send to a chat was let go, and each wait it was told to keep (a retry_after,
    a backoff). Tests assert the spacing on these decisions, not on the times the emulator saw
    the requests arrive, which a busy machine's scheduling jitter shifts."""

    def __init__(self, settings: DeliverySettings, *, slack: float = 0.0) -> None:
        super().__init__(settings, slack=slack)
        self.taken: list[tuple[int, float]] = []
        self.deferred: list[tuple[int, float]] = []

    def take(self, chat_id: int, now: float, *, paid: bool = False) -> None:
        self.taken.append((chat_id, now))
        super().take(chat_id, now, paid=paid)

    def defer(self, chat_id: int, until: float) -> None:
        self.deferred.append((chat_id, until - time.monotonic()))
        super().defer(chat_id, until)

    def times(self, chat_id: int) -> list[float]:
        return [at for chat, at in self.taken if chat == chat_id]

    def waits(self, chat_id: int) -> list[float]:
        return [wait for chat, wait in self.deferred if chat == chat_id]


@dataclass
class Engine:
    delivery: Delivery
    repo: OutboxRepository
    db: Database
    sandbox: Sandbox
    pacer: RecordingPacer
    unreachable: list[int] = field(default_factory=list)
    migrated: list[tuple[int, int]] = field(default_factory=list)
    sent: list[tuple[OutboxRow, SentMessage]] = field(default_factory=list)

    async def send(self, items: list[OutboxItem]) -> int:
        added = await self.delivery.enqueue(items)
        await self.delivery.wait_idle()
        return added

    async def rows(self, ref: str = "r1", kind: str = "test") -> dict[int, dict[str, Any]]:
        return {row["chat_id"]: row for row in await self.repo.rows(kind, ref)}

    def calls_to(self, chat_id: int) -> list[ApiCall]:
        return [
            c
            for c in self.sandbox.calls()
            if c.method.startswith("send") and c.params.get("chat_id") == chat_id
        ]


def text(chat_id: int, ref: str = "r1", body: str = "Bonjour", kind: str = "test") -> OutboxItem:
    return OutboxItem(kind, ref, chat_id, {"method": "sendMessage", "text": body})


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    clock = FrozenClock(NOW)
    async with Sandbox(TOKEN, clock=clock.now, flood_limits=FloodLimits(scale=SCALE)) as sb:
        for user_id in USERS:
            sb.add_user(user_id, f"User {user_id}")
        sb.add_group(GROUP, "Groupe", members=USERS[:3])
        yield sb


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@asynccontextmanager
async def running_engine(
    sandbox: Sandbox,
    db_path: Path,
    *,
    settings: DeliverySettings | None = None,
    read_timeout: float = 5.0,
    base_url: str | None = None,
    start: bool = True,
    **options: Any,
) -> AsyncIterator[Engine]:
    db = await Database.open(db_path)
    # ``read_timeout`` is what a withheld answer (a timeout fault) costs; an ordinary answer is
    # read however long a busy machine takes (tests/withheld.py).
    request = (
        HTTPXRequest(connection_pool_size=64, read_timeout=read_timeout, connect_timeout=1.0)
        if base_url is not None
        else PatientRequest(
            sandbox, give_up=read_timeout, connection_pool_size=64, connect_timeout=1.0
        )
    )
    bot = Bot(TOKEN, base_url=base_url or sandbox.api_base_url, request=request)
    if base_url is None:
        await bot.initialize()
    options.setdefault("retry_base", 0.01)
    settings = settings or scaled()
    pacer = RecordingPacer(settings, slack=options.pop("slack", 0.5))
    repo = OutboxRepository(db)
    delivery = Delivery(repo, bot, settings, FrozenClock(NOW), pacer=pacer, **options)
    engine = Engine(delivery, repo, db, sandbox, pacer)

    async def gone(chat_id: int) -> None:
        engine.unreachable.append(chat_id)

    async def moved(old: int, new: int) -> None:
        engine.migrated.append((old, new))

    async def sent(row: OutboxRow, message: SentMessage) -> None:
        engine.sent.append((row, message))

    delivery.on_unreachable(gone)
    delivery.on_migrated(moved)
    delivery.on_sent("test", sent)
    if start:
        await delivery.start()
    try:
        yield engine
    finally:
        await delivery.stop()
        await bot.shutdown()
        await db.close()


@pytest.fixture
def engine_factory(sandbox: Sandbox, db_path: Path) -> Callable[..., Any]:
    def make(**kwargs: Any) -> Any:
        return running_engine(sandbox, db_path, **kwargs)

    return make


@pytest.fixture
async def engine(sandbox: Sandbox, db_path: Path) -> AsyncIterator[Engine]:
    async with running_engine(sandbox, db_path) as running:
        yield running
