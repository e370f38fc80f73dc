"""Is the bot alive? (issue 14)

One answer, given three ways: ``GET /healthz`` on the health endpoint (``--health HOST:PORT``,
``health.listen``), ``coopbot status`` in the terminal (from the database alone), and the
heartbeat the running bot writes to the database every few seconds for the latter.

The bot is healthy when every part is:

* **database**: it answers a write;
* **updates**: long polling fetched updates lately (a ``getUpdates`` answered within the poll
  timeout plus a minute), or, in webhook mode, the webhook server is up;
* **scheduler**: its heartbeat ran lately (reminders, closings, announcements depend on it);
* **outbox**: nothing waits, or something was sent lately (not stuck).

``GET /metrics`` serves :mod:`bot.metrics` from the same small aiohttp server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot import metrics
from bot.clock import Clock, from_iso, to_iso
from bot.storage.database import Database
from bot.storage.ops import HEARTBEAT, OpsRepository

if TYPE_CHECKING:
    from bot.context import CoopApplication
    from bot.services import Services
    from bot.settings import Settings

log = logging.getLogger(__name__)

BEAT_SECONDS = 5.0  # the heartbeat written to the database
BOT_SEEN_WITHIN = 30.0  # coopbot status: a heartbeat older than that is a stopped bot
SCHEDULER_WITHIN = 60.0  # the scheduler's heartbeat runs every second
OUTBOX_STUCK = 300.0  # messages waiting while nothing was sent for that long
UPDATES_GRACE = 60.0  # added to the poll timeout


class ListenError(ValueError):
    pass


def parse_listen(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8080`` for IPv6) -> (host, port)."""
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ListenError(f"{text!r} is not HOST:PORT (e.g. 127.0.0.1:8080)")
    return host.strip("[]"), int(port)


@dataclass
class Part:
    name: str
    ok: bool
    detail: str


@dataclass
class HealthReport:
    parts: list[Part]
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(part.ok for part in self.parts)

    @property
    def failing(self) -> list[str]:
        return [part.name for part in self.parts if not part.ok]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "failing",
            "failing": self.failing,
            "checks": {p.name: {"ok": p.ok, "detail": p.detail} for p in self.parts},
            **self.facts,
        }

    def lines(self) -> list[str]:
        head = "healthy" if self.ok else "UNHEALTHY: " + ", ".join(self.failing)
        out = [f"coopbot: {head}"]
        out += [f"  {p.name:<10} {'ok  ' if p.ok else 'FAIL'}  {p.detail}" for p in self.parts]
        return out


def _ago(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def updates_part(mode: str, age: float | None, limit: float, webhook_up: bool = True) -> Part:
    if mode == "webhook":
        last = "no update yet" if age is None else f"last update {_ago(age)}"
        if webhook_up:
            return Part("updates", True, f"webhook server listening; {last}")
        return Part("updates", False, f"webhook server not running; {last}")
    if age is None:
        return Part("updates", False, "never fetched")
    if age <= limit:
        return Part("updates", True, f"long polling, last fetched {_ago(age)}")
    return Part("updates", False, f"long polling, last fetched {_ago(age)} (limit {limit:.0f} s)")


def scheduler_part(age: float | None) -> Part:
    if age is None:
        return Part("scheduler", False, "never ran")
    if age <= SCHEDULER_WITHIN:
        return Part("scheduler", True, f"heartbeat {_ago(age)}")
    return Part("scheduler", False, f"heartbeat {_ago(age)} (limit {SCHEDULER_WITHIN:.0f} s)")


async def outbox_part(db: Database, now: datetime) -> tuple[Part, dict[str, Any]]:
    row = await db.fetchone(
        "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state IN ('pending', 'sending')"
    )
    backlog = int(row[0]) if row else 0
    changed = await db.fetchval("SELECT MAX(updated_at) FROM outbox")
    facts = {"outbox_backlog": backlog}
    if backlog == 0:
        return Part("outbox", True, "nothing waiting"), facts
    oldest = (now - from_iso(row[1])).total_seconds() if row and row[1] else 0.0
    quiet = (now - from_iso(changed)).total_seconds() if changed else oldest
    if oldest <= OUTBOX_STUCK or quiet <= OUTBOX_STUCK:
        return Part("outbox", True, f"{backlog} waiting, draining"), facts
    return (
        Part("outbox", False, f"{backlog} waiting, nothing sent for {quiet / 60:.0f} min"),
        facts,
    )


class Operations:
    """The running bot's side: the heartbeat, the live health and the HTTP endpoint."""

    def __init__(self, settings: Settings, clock: Clock, *, mode: str = "polling") -> None:
        self.settings = settings
        self.clock = clock
        self.mode = mode
        self.started = time.monotonic()
        self.started_at = clock.now()
        self.updates_at: float | None = None  # monotonic: last getUpdates answered
        self.received_at: float | None = None  # monotonic: last update handled
        self.application: CoopApplication | None = None
        self.services: Services | None = None
        self.runner: web.AppRunner | None = None
        self.address: tuple[str, int] | None = None
        self._errors = metrics.ErrorCounter()

    # -- what the bot tells ------------------------------------------------------------------

    def updates_fetched(self) -> None:
        self.updates_at = time.monotonic()

    def update_handled(self, update: object, seconds: float) -> None:
        self.received_at = time.monotonic()
        metrics.observe_update(update, seconds)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self, application: CoopApplication, services: Services) -> None:
        self.application, self.services = application, services
        logging.getLogger().addHandler(self._errors)
        await self.beat()
        services.scheduler.every("health:heartbeat", BEAT_SECONDS, self.beat, first=BEAT_SECONDS)
        listen = self.settings.health.listen
        if listen:
            host, port = parse_listen(listen)
            server = web.Application()
            server.router.add_get("/healthz", self._healthz)
            server.router.add_get("/metrics", self._metrics)
            self.runner = web.AppRunner(server, access_log=None)
            await self.runner.setup()
            site = web.TCPSite(self.runner, host, port)
            await site.start()
            address = self.runner.addresses[0]
            self.address = (str(address[0]), int(address[1]))
            log.info("health endpoint on http://%s:%d/healthz and /metrics", *self.address)

    async def stop(self) -> None:
        logging.getLogger().removeHandler(self._errors)
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
        if self.services is not None:
            self.services.scheduler.cancel("health:heartbeat")
            try:
                await self.beat(state="stopped")
            except Exception:  # pragma: no cover - the database is going away anyway
                log.warning("could not record the stop in the database", exc_info=True)
            self.services = None

    # -- health ------------------------------------------------------------------------------

    def _ages(self) -> tuple[float | None, float | None]:
        now = time.monotonic()
        reference = self.received_at if self.mode == "webhook" else self.updates_at
        if reference is None and self.mode == "polling" and now - self.started <= self._limit:
            reference = self.started  # just started: the first getUpdates is under way
        last_beat = self.services.scheduler.last_beat if self.services is not None else None
        return (
            None if reference is None else now - reference,
            None if last_beat is None else now - last_beat,
        )

    @property
    def _limit(self) -> float:
        return self.settings.telegram.poll_timeout + UPDATES_GRACE

    def _webhook_up(self) -> bool:
        updater = self.application.updater if self.application is not None else None
        return bool(updater is not None and updater.running)

    async def beat(self, state: str = "running") -> None:
        """Write the heartbeat (a write: the database check of the endpoint too)."""
        if self.services is None:
            return
        updates_age, scheduler_age = self._ages()
        await OpsRepository(self.services.db).put(
            HEARTBEAT,
            {
                "state": state,
                "pid": os.getpid(),
                "mode": self.mode,
                "started_at": to_iso(self.started_at),
                "updates_age": updates_age,
                "scheduler_age": scheduler_age,
                "webhook_up": self._webhook_up(),
                "updates_limit": self._limit,
            },
            self.clock.now(),
        )

    async def check(self) -> HealthReport:
        assert self.services is not None
        try:
            await asyncio.wait_for(self.beat(), timeout=5)
            database = Part("database", True, "answers a write")
        except (sqlite3.Error, TimeoutError) as exc:
            database = Part("database", False, f"write failed: {type(exc).__name__}: {exc}")
        updates_age, scheduler_age = self._ages()
        parts = [
            database,
            updates_part(self.mode, updates_age, self._limit, self._webhook_up()),
            scheduler_part(scheduler_age),
        ]
        facts: dict[str, Any] = {"mode": self.mode, "pid": os.getpid()}
        try:
            outbox, more = await outbox_part(self.services.db, self.clock.now())
            facts.update(more)
        except sqlite3.Error as exc:
            outbox = Part("outbox", False, f"cannot be read: {type(exc).__name__}")
        parts.append(outbox)
        return HealthReport(parts, facts)

    async def _healthz(self, request: web.Request) -> web.Response:
        if self.services is None:
            report = HealthReport([Part("bot", False, "stopping")])
        else:
            report = await self.check()
        return web.json_response(report.to_json(), status=200 if report.ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        from prometheus_client import CONTENT_TYPE_LATEST

        db = self.services.db if self.services is not None else None
        body = await metrics.exposition(db)
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response


async def status_from_database(path: Path, clock: Clock) -> HealthReport:
    """``coopbot status``: the health as the running bot last wrote it, and the database's."""
    now = clock.now()
    if not await asyncio.to_thread(path.is_file):
        return HealthReport([Part("database", False, f"no database at {path}")])
    db = await Database.open(path, migrate=False)
    try:
        parts: list[Part] = []
        try:
            async with db.transaction() as conn:
                await conn.execute("CREATE TEMP TABLE IF NOT EXISTS health_probe (x)")
            parts.append(Part("database", True, "answers a write"))
        except sqlite3.Error as exc:
            parts.append(Part("database", False, f"write failed: {exc}"))
        try:
            found = await OpsRepository(db).get(HEARTBEAT)
        except sqlite3.Error:  # an older database: no ops_state table yet
            found = None
        facts: dict[str, Any] = {}
        if found is None:
            parts.append(Part("bot", False, "never seen running on this database"))
        else:
            beat, written = found
            elapsed = (now - written).total_seconds()
            facts.update(mode=beat.get("mode"), pid=beat.get("pid"), seen_at=to_iso(written))
            if beat.get("state") != "running":
                parts.append(Part("bot", False, f"stopped {_ago(elapsed)} (pid {beat.get('pid')})"))
            elif elapsed > BOT_SEEN_WITHIN:
                parts.append(Part("bot", False, f"not seen since {_ago(elapsed)}"))
            else:
                parts.append(
                    Part("bot", True, f"running (pid {beat.get('pid')}, {beat.get('mode')})")
                )
                age = beat.get("updates_age")
                parts.append(
                    updates_part(
                        str(beat.get("mode")),
                        None if age is None else age + elapsed,
                        float(beat.get("updates_limit") or UPDATES_GRACE),
                        bool(beat.get("webhook_up")),
                    )
                )
                age = beat.get("scheduler_age")
                parts.append(scheduler_part(None if age is None else age + elapsed))
        try:
            outbox, more = await outbox_part(db, now)
            facts.update(more)
            parts.append(outbox)
        except sqlite3.Error as exc:
            parts.append(Part("outbox", False, f"cannot be read: {exc}"))
        return HealthReport(parts, facts)
    finally:
        await db.close()


def dumps(report: HealthReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False)
