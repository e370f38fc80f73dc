"""Repository of announcements (see ``migrations/0007_broadcasts.sql``).

State changes are guarded in SQL (``WHERE state = ...``) so that two paths racing for the same
announcement (the scheduled job and the periodic check, a double click) move it only once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import from_iso, to_iso
from bot.storage.database import Database
from bot.storage.rows import instant_or_none, record

STATES = ("draft", "scheduled", "sending", "done", "cancelled")


@dataclass(frozen=True)
class Broadcast:
    id: int
    author_id: int | None  # None: queued from the terminal (or the author was forgotten)
    source: str
    content_type: str  # text | photo | document
    body: str  # Telegram HTML
    file_id: str | None
    audience: dict[str, Any] | None
    state: str
    scheduled_at: datetime | None
    language: str
    timezone: str | None
    report_chat_id: int | None
    report_message_id: int | None
    recipients: int
    people: int
    group_chats: int
    enqueued: bool
    delivered: int
    unreachable: int
    failed: int
    uncertain: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def ref(self) -> str:
        """The outbox ``ref`` of its rows."""
        return f"broadcast:{self.id}"


@dataclass(frozen=True)
class Figures:
    """Final figures of an announcement."""

    delivered: int = 0
    unreachable: int = 0
    failed: int = 0
    uncertain: int = 0


COLUMNS = (
    "id, author_id, source, content_type, body, file_id, audience, state, scheduled_at,"
    " language, timezone, report_chat_id, report_message_id, recipients, people, group_chats,"
    " enqueued, delivered, unreachable, failed, uncertain, created_at, started_at, finished_at"
)


def _row(r: Any) -> Broadcast:
    return record(
        Broadcast,
        r,
        audience=lambda text: json.loads(text) if text else None,
        scheduled_at=instant_or_none,
        enqueued=bool,
        created_at=from_iso,
        started_at=instant_or_none,
        finished_at=instant_or_none,
    )


class BroadcastsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- creation and drafts ----------------------------------------------------------------

    async def create(
        self,
        *,
        author_id: int | None,
        content_type: str,
        body: str,
        file_id: str | None,
        language: str,
        timezone: str | None,
        now: datetime,
        source: str = "chat",
        audience: dict[str, Any] | None = None,
        state: str = "draft",
        scheduled_at: datetime | None = None,
    ) -> int:
        stamp = to_iso(now)
        return await self.db.execute(
            "INSERT INTO broadcasts (author_id, source, content_type, body, file_id, audience,"
            " state, scheduled_at, language, timezone, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                author_id,
                source,
                content_type,
                body,
                file_id,
                json.dumps(audience) if audience is not None else None,
                state,
                to_iso(scheduled_at) if scheduled_at else None,
                language,
                timezone,
                stamp,
                stamp,
            ),
        )

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self.db.fetchone(
            f"SELECT {COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return _row(row) if row else None

    async def open_draft(self, author_id: int) -> Broadcast | None:
        row = await self.db.fetchone(
            f"SELECT {COLUMNS} FROM broadcasts WHERE author_id = ? AND state = 'draft'"
            " ORDER BY id DESC LIMIT 1",
            (author_id,),
        )
        return _row(row) if row else None

    async def drop_drafts(self, author_id: int) -> int:
        """Forget an author's unfinished drafts (one open draft per author)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM broadcasts WHERE author_id = ? AND state = 'draft'", (author_id,)
            )
            return cursor.rowcount

    async def drop_stale_drafts(self, before: datetime) -> int:
        """Forget drafts nobody touched since ``before`` (their flow has expired)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM broadcasts WHERE state = 'draft' AND updated_at < ?",
                (to_iso(before),),
            )
            return cursor.rowcount

    async def set_audience(
        self, broadcast_id: int, audience: dict[str, Any] | None, now: datetime
    ) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET audience = ?, updated_at = ?"
                " WHERE id = ? AND state = 'draft'",
                (json.dumps(audience) if audience is not None else None, to_iso(now), broadcast_id),
            )
            return cursor.rowcount == 1

    async def set_time(self, broadcast_id: int, when: datetime | None, now: datetime) -> bool:
        """The draft's planned time (None: as soon as confirmed)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET scheduled_at = ?, updated_at = ?"
                " WHERE id = ? AND state = 'draft'",
                (to_iso(when) if when else None, to_iso(now), broadcast_id),
            )
            return cursor.rowcount == 1

    # -- life cycle -------------------------------------------------------------------------

    async def confirm(
        self,
        broadcast_id: int,
        when: datetime,
        now: datetime,
        *,
        report_chat_id: int | None = None,
        report_message_id: int | None = None,
    ) -> bool:
        """draft -> scheduled (due at ``when``, which may be now)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET state = 'scheduled', scheduled_at = ?,"
                " report_chat_id = COALESCE(?, report_chat_id),"
                " report_message_id = COALESCE(?, report_message_id), updated_at = ?"
                " WHERE id = ? AND state = 'draft' AND audience IS NOT NULL",
                (to_iso(when), report_chat_id, report_message_id, to_iso(now), broadcast_id),
            )
            return cursor.rowcount == 1

    async def set_report_message(
        self, broadcast_id: int, chat_id: int | None, message_id: int | None, now: datetime
    ) -> None:
        await self.db.execute(
            "UPDATE broadcasts SET report_chat_id = ?, report_message_id = ?, updated_at = ?"
            " WHERE id = ?",
            (chat_id, message_id, to_iso(now), broadcast_id),
        )

    async def start(self, broadcast_id: int, now: datetime) -> bool:
        """scheduled -> sending; False if someone else started (or cancelled) it first."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET state = 'sending', started_at = ?, updated_at = ?"
                " WHERE id = ? AND state = 'scheduled'",
                (stamp, stamp, broadcast_id),
            )
            return cursor.rowcount == 1

    async def set_enqueued(
        self, broadcast_id: int, *, people: int, group_chats: int, now: datetime
    ) -> None:
        """Every outbox row of the announcement is written."""
        await self.db.execute(
            "UPDATE broadcasts SET enqueued = 1, people = ?, group_chats = ?, recipients = ?,"
            " updated_at = ? WHERE id = ?",
            (people, group_chats, people + group_chats, to_iso(now), broadcast_id),
        )

    async def finish(self, broadcast_id: int, figures: Figures, now: datetime) -> bool:
        """sending -> done, with the final figures."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET state = 'done', delivered = ?, unreachable = ?,"
                " failed = ?, uncertain = ?, finished_at = ?, updated_at = ?"
                " WHERE id = ? AND state = 'sending'",
                (
                    figures.delivered,
                    figures.unreachable,
                    figures.failed,
                    figures.uncertain,
                    stamp,
                    stamp,
                    broadcast_id,
                ),
            )
            return cursor.rowcount == 1

    async def cancel(self, broadcast_id: int, now: datetime) -> bool:
        """draft | scheduled -> cancelled (an announcement being sent is not cancelled here)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET state = 'cancelled', updated_at = ?"
                " WHERE id = ? AND state IN ('draft', 'scheduled')",
                (to_iso(now), broadcast_id),
            )
            return cursor.rowcount == 1

    async def delete(self, broadcast_id: int) -> None:
        await self.db.execute("DELETE FROM broadcasts WHERE id = ?", (broadcast_id,))

    # -- queries ----------------------------------------------------------------------------

    async def in_state(self, state: str) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS} FROM broadcasts WHERE state = ? ORDER BY id", (state,)
        )
        return [_row(r) for r in rows]

    async def due(self, now: datetime) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS} FROM broadcasts WHERE state = 'scheduled' AND scheduled_at <= ?"
            " ORDER BY scheduled_at, id",
            (to_iso(now),),
        )
        return [_row(r) for r in rows]

    # -- personal data ------------------------------------------------------------------------

    async def authored(self, author_id: int) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS} FROM broadcasts WHERE author_id = ? ORDER BY id", (author_id,)
        )
        return [_row(r) for r in rows]

    async def received(self, chat_id: int) -> list[dict[str, Any]]:
        """The announcements' outbox rows addressed to a person (what they were sent)."""
        rows = await self.db.fetchall(
            "SELECT o.ref, o.state, o.error, o.sent_at, o.created_at, b.id AS broadcast_id,"
            " b.body FROM outbox o LEFT JOIN broadcasts b ON o.ref = 'broadcast:' || b.id"
            " WHERE o.kind = 'broadcast' AND o.chat_id = ? ORDER BY o.id",
            (chat_id,),
        )
        return [dict(r) for r in rows]

    async def forget_recipient(self, chat_id: int) -> int:
        """Delete a person's delivery rows (the announcements' final figures stay)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM outbox WHERE kind = 'broadcast' AND chat_id = ?",
                (chat_id,),
            )
            await conn.execute(
                "DELETE FROM broadcasts WHERE author_id = ? AND state = 'draft'", (chat_id,)
            )
            return cursor.rowcount

    # -- the running sender -------------------------------------------------------------------

    async def sender_seen(self, pid: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO broadcast_sender (id, pid, seen_at) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, seen_at = excluded.seen_at",
            (pid, to_iso(now)),
        )

    async def sender_gone(self, pid: int) -> None:
        await self.db.execute("DELETE FROM broadcast_sender WHERE id = 1 AND pid = ?", (pid,))

    async def sender(self) -> tuple[int, datetime] | None:
        """The last running bot that said it sends announcements: (pid, when)."""
        row = await self.db.fetchone("SELECT pid, seen_at FROM broadcast_sender WHERE id = 1")
        return (int(row[0]), from_iso(row[1])) if row else None

    async def recent(self, limit: int = 10) -> list[Broadcast]:
        """Announcements other than drafts, newest first."""
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS} FROM broadcasts WHERE state != 'draft' ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [_row(r) for r in rows]
