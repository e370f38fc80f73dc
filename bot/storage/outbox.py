"""Repository of the outbox table (see ``migrations/0003_outbox.sql`` and
``0009_outbox_unanswered.sql``)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.clock import to_iso
from bot.storage.database import Database

FINAL_STATES = ("sent", "failed", "unreachable", "uncertain", "cancelled")


@dataclass(frozen=True)
class OutboxItem:
    """Something to send to one chat. ``payload`` holds the Bot API method and its parameters."""

    kind: str
    ref: str
    chat_id: int
    payload: dict[str, Any]


@dataclass
class OutboxRow:
    id: int
    kind: str
    ref: str
    chat_id: int
    payload: dict[str, Any]
    attempts: int = 0
    unanswered: int = 0  # attempts that got no answer (may have been delivered)
    target: int = 0  # where to send now (follows group migrations)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.target:
            self.target = self.chat_id


@dataclass(frozen=True)
class Outcome:
    """The final or intermediate result of one send, written in batches."""

    id: int
    state: str
    at: datetime
    sent_to: int | None = None
    message_id: int | None = None
    error: str | None = None
    unanswered: int = 0  # added to the row's count: this attempt got no answer


@dataclass(frozen=True)
class Recovered:
    """Rows a crash caught between their claim and Telegram's answer, at the next start."""

    uncertain: int  # recorded 'uncertain', never resent
    resent: int  # back to 'pending' for their one retry (kinds that prefer a duplicate)


RECORD_SQL = (
    "UPDATE outbox SET state = ?, sent_to = COALESCE(?, sent_to),"
    " message_id = COALESCE(?, message_id), error = COALESCE(?, error),"
    " unanswered = unanswered + ?, updated_at = ?, sent_at = COALESCE(?, sent_at) WHERE id = ?"
)


def _outcome_rows(outcomes: Iterable[Outcome]) -> list[tuple[Any, ...]]:
    return [
        (
            o.state,
            o.sent_to,
            o.message_id,
            o.error,
            o.unanswered,
            to_iso(o.at),
            to_iso(o.at) if o.state == "sent" else None,
            o.id,
        )
        for o in outcomes
    ]


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(self, items: Sequence[OutboxItem], now: datetime) -> int:
        """Insert the items not already there (one transaction); return how many are new."""
        if not items:
            return 0
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            before = conn.total_changes
            await conn.executemany(
                "INSERT OR IGNORE INTO outbox (kind, ref, chat_id, payload, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        i.kind,
                        i.ref,
                        i.chat_id,
                        json.dumps(i.payload, ensure_ascii=False),
                        stamp,
                        stamp,
                    )
                    for i in items
                ],
            )
            return conn.total_changes - before

    async def pending(self, *, after_id: int = 0, limit: int = 1000) -> list[OutboxRow]:
        rows = await self.db.fetchall(
            "SELECT id, kind, ref, chat_id, payload, attempts, unanswered FROM outbox"
            " WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [
            OutboxRow(
                r["id"],
                r["kind"],
                r["ref"],
                r["chat_id"],
                json.loads(r["payload"]),
                r["attempts"],
                r["unanswered"],
            )
            for r in rows
        ]

    async def claim(self, row_id: int, now: datetime, outcomes: Sequence[Outcome] = ()) -> bool:
        """Mark a row 'sending' just before its request; False if it is no longer pending.

        ``outcomes`` waiting to be written go in the same transaction: one commit per send
        instead of two, and SQLite never lags the sends by more than the requests in flight."""
        async with self.db.transaction() as conn:
            if outcomes:
                await conn.executemany(RECORD_SQL, _outcome_rows(outcomes))
            cursor = await conn.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
                " WHERE id = ? AND state = 'pending'",
                (to_iso(now), row_id),
            )
            return cursor.rowcount == 1

    async def record(self, outcomes: Iterable[Outcome]) -> None:
        """Write a batch of outcomes in one transaction."""
        rows = _outcome_rows(outcomes)
        if rows:
            await self.db.executemany(RECORD_SQL, rows)

    async def recover(self, now: datetime, *, retry_kinds: Collection[str] = ()) -> Recovered:
        """At start: rows caught mid-send by a crash got no answer, like a timeout. Those of
        ``retry_kinds`` that never went unanswered before go back to 'pending' (their one
        retry); the others become 'uncertain' and are never resent."""
        stamp = to_iso(now)
        kinds = sorted(set(retry_kinds))
        marks = ", ".join("?" * len(kinds))
        async with self.db.transaction() as conn:
            resent = 0
            if kinds:
                cursor = await conn.execute(
                    "UPDATE outbox SET state = 'pending', error = 'interrupted',"
                    " unanswered = unanswered + 1, updated_at = ?"
                    f" WHERE state = 'sending' AND unanswered = 0 AND kind IN ({marks})",
                    (stamp, *kinds),
                )
                resent = cursor.rowcount
            cursor = await conn.execute(
                "UPDATE outbox SET state = 'uncertain', error = 'interrupted',"
                " unanswered = unanswered + 1, updated_at = ? WHERE state = 'sending'",
                (stamp,),
            )
            return Recovered(uncertain=cursor.rowcount, resent=resent)

    async def cancel(self, kind: str, ref: str, now: datetime) -> int:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE outbox SET state = 'cancelled', updated_at = ?"
                " WHERE kind = ? AND ref = ? AND state = 'pending'",
                (to_iso(now), kind, ref),
            )
            return cursor.rowcount

    async def counts(self, kind: str, ref: str | None = None) -> dict[str, int]:
        """Rows per state for a kind (and ref, or ref prefix ending with '%')."""
        if ref is None:
            rows = await self.db.fetchall(
                "SELECT state, COUNT(*) FROM outbox WHERE kind = ? GROUP BY state", (kind,)
            )
        else:
            op = "LIKE" if ref.endswith("%") else "="
            rows = await self.db.fetchall(
                f"SELECT state, COUNT(*) FROM outbox WHERE kind = ? AND ref {op} ? GROUP BY state",
                (kind, ref),
            )
        return {row[0]: row[1] for row in rows}

    async def rows(self, kind: str, ref: str) -> list[dict[str, Any]]:
        found = await self.db.fetchall(
            "SELECT id, chat_id, state, attempts, unanswered, sent_to, message_id, error, sent_at"
            " FROM outbox WHERE kind = ? AND ref = ? ORDER BY id",
            (kind, ref),
        )
        return [dict(row) for row in found]

    async def sent_chats(self, kind: str, ref: str) -> set[int]:
        rows = await self.db.fetchall(
            "SELECT chat_id FROM outbox WHERE kind = ? AND ref = ? AND state = 'sent'", (kind, ref)
        )
        return {row[0] for row in rows}

    async def forget(self, chat_id: int) -> None:
        """/forget: drop every message queued or sent to a person (their texts and their id)."""
        await self.db.execute(
            "DELETE FROM outbox WHERE chat_id = ? OR sent_to = ?", (chat_id, chat_id)
        )

    async def forget_refs(self, kind: str, patterns: Sequence[str]) -> None:
        """/forget: drop the messages of ``kind`` whose ref matches one of the ``LIKE``
        patterns (messages to others that name the person: a claim told to coordinators)."""
        await self.db.executemany(
            "DELETE FROM outbox WHERE kind = ? AND ref LIKE ?", [(kind, p) for p in patterns]
        )
