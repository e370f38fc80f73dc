"""What ``GET /metrics`` exposes, in Prometheus' text format (issue 14).

Counters of this process (updates handled by type, answer latency, 429s, errors) live in
:data:`PROCESS`; what the database knows (the outbox's backlog and outcomes, late reminders,
poll answers stored) is read at each scrape, so that the figures survive restarts and are the
same as ``coopbot status`` and the reports.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from telegram import Update
from telegram.request import HTTPXRequest

from bot.storage.database import Database

PROCESS = CollectorRegistry(auto_describe=True)

UPDATES = Counter("coopbot_updates", "Updates handled, by type", ["type"], registry=PROCESS)
ANSWER_SECONDS = Histogram(
    "coopbot_answer_seconds",
    "Time from an update's arrival to the end of its handling (the bot's answer)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=PROCESS,
)
TELEGRAM_429 = Counter(
    "coopbot_telegram_429",
    "429 Too Many Requests answers received from Telegram",
    registry=PROCESS,
)
ERRORS = Counter(
    "coopbot_errors", "Errors logged (ERROR and above), by logger", ["logger"], registry=PROCESS
)

UPDATE_TYPES = (
    "message",
    "edited_message",
    "callback_query",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
)
OUTCOMES = ("sent", "failed", "unreachable", "uncertain", "cancelled")


def update_type(update: object) -> str:
    if isinstance(update, Update):
        for name in UPDATE_TYPES:
            if getattr(update, name, None) is not None:
                return name
        return "other"
    return "internal"


def observe_update(update: object, seconds: float) -> None:
    UPDATES.labels(update_type(update)).inc()
    ANSWER_SECONDS.observe(seconds)


class ErrorCounter(logging.Handler):
    """Counts every ERROR (and CRITICAL) log record: handler errors, failed jobs, deliveries."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        ERRORS.labels(record.name.split(".")[0]).inc()


class ObservedRequest(HTTPXRequest):
    """PTB's HTTP client, counting Telegram's 429s and telling when getUpdates answered."""

    def __init__(self, *args: Any, on_updates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_updates = on_updates

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(url, method, *args, **kwargs)
        if code == 429:
            TELEGRAM_429.inc()
        elif code == 200 and self.on_updates is not None and url.endswith("/getUpdates"):
            self.on_updates()
        return code, payload


async def database_figures(db: Database) -> dict[str, Any]:
    """The figures of the database, read at each scrape."""
    states = {
        row[0]: int(row[1])
        for row in await db.fetchall("SELECT state, COUNT(*) FROM outbox GROUP BY state")
    }
    late = await db.fetchval("SELECT COUNT(*) FROM event_reminders WHERE late = 1")
    answers = await db.fetchval("SELECT COUNT(*) FROM poll_answers")
    return {
        "backlog": states.get("pending", 0) + states.get("sending", 0),
        "outcomes": {outcome: states.get(outcome, 0) for outcome in OUTCOMES},
        "reminders_late": int(late or 0),
        "poll_answers": int(answers or 0),
    }


class DatabaseCollector(Collector):
    def __init__(self, figures: dict[str, Any]) -> None:
        self.figures = figures

    def collect(self) -> Iterator[Metric]:
        figures = self.figures
        yield GaugeMetricFamily(
            "coopbot_outbox_backlog",
            "Messages waiting in the outbox (pending or being sent)",
            value=figures["backlog"],
        )
        deliveries = CounterMetricFamily(
            "coopbot_deliveries", "Outbox deliveries by outcome", labels=["outcome"]
        )
        for outcome, count in figures["outcomes"].items():
            deliveries.add_metric([outcome], count)
        yield deliveries
        yield CounterMetricFamily(
            "coopbot_reminders_late",
            "Reminders sent late (the bot was down at their time)",
            value=figures["reminders_late"],
        )
        yield CounterMetricFamily(
            "coopbot_poll_answers_stored", "Poll answers stored", value=figures["poll_answers"]
        )


async def exposition(db: Database | None) -> bytes:
    """The text of ``GET /metrics``."""
    registry = CollectorRegistry(auto_describe=True)
    for collector in (UPDATES, ANSWER_SECONDS, TELEGRAM_429, ERRORS):
        registry.register(collector)
    if db is not None:
        registry.register(DatabaseCollector(await database_figures(db)))
    return generate_latest(registry)
