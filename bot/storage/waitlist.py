"""Repository of the waiting lists of events with a capacity (``migrations/0014``).

A row is a person waiting for a place ('waiting', ranked by ``joined_at``), or offered a freed
place to confirm within 24 h ('offered', since ``offered_at``); an offer not confirmed in time
is 'expired'. A confirmed place is an ordinary "yes" answer (the row is deleted).
"""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_iso
from bot.storage.database import Database


class WaitlistRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def taken(self, event_id: int, *, besides: int) -> int:
        """Places taken: "yes" answers and offers awaiting confirmation, not counting
        ``besides``'s own."""
        value = await self.db.fetchval(
            "SELECT (SELECT COUNT(*) FROM event_rsvps WHERE event_id = ? AND answer = 'yes'"
            " AND user_id != ?) + (SELECT COUNT(*) FROM event_waitlist WHERE event_id = ?"
            " AND state = 'offered' AND user_id != ?)",
            (event_id, besides, event_id, besides),
        )
        return int(value or 0)

    async def state(self, event_id: int, user_id: int) -> str | None:
        value = await self.db.fetchval(
            "SELECT state FROM event_waitlist WHERE event_id = ? AND user_id = ?",
            (event_id, user_id),
        )
        return str(value) if value else None

    async def join(self, event_id: int, user_id: int, now: datetime) -> int:
        """On the list (once; an expired offer joins again at the end); returns the rank."""
        await self.db.execute(
            "INSERT INTO event_waitlist (event_id, user_id, joined_at) VALUES (?, ?, ?)"
            " ON CONFLICT (event_id, user_id) DO UPDATE SET state = 'waiting',"
            " joined_at = CASE WHEN state = 'expired' THEN excluded.joined_at ELSE joined_at END,"
            " offered_at = NULL WHERE state != 'offered'",
            (event_id, user_id, to_iso(now)),
        )
        return await self.rank(event_id, user_id)

    async def rank(self, event_id: int, user_id: int) -> int:
        value = await self.db.fetchval(
            "SELECT COUNT(*) FROM event_waitlist w, event_waitlist me"
            " WHERE me.event_id = ? AND me.user_id = ? AND w.event_id = me.event_id"
            " AND w.state = 'waiting' AND (w.joined_at < me.joined_at"
            " OR (w.joined_at = me.joined_at AND w.user_id <= me.user_id))",
            (event_id, user_id),
        )
        return int(value or 0)

    async def leave(self, event_id: int, user_id: int) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM event_waitlist WHERE event_id = ? AND user_id = ?",
                (event_id, user_id),
            )
            return cursor.rowcount == 1

    async def offer_next(self, event_id: int, now: datetime) -> int | None:
        """The first waiting person is offered the place (returns their id), or None."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT user_id FROM event_waitlist WHERE event_id = ? AND state = 'waiting'"
                " ORDER BY joined_at, user_id LIMIT 1",
                (event_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            await conn.execute(
                "UPDATE event_waitlist SET state = 'offered', offered_at = ?"
                " WHERE event_id = ? AND user_id = ?",
                (to_iso(now), event_id, int(row[0])),
            )
            return int(row[0])

    async def expire(self, before: datetime) -> list[int]:
        """Offers made before ``before`` and not confirmed: expired; their events' ids."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT DISTINCT event_id FROM event_waitlist WHERE state = 'offered'"
                " AND offered_at < ?",
                (to_iso(before),),
            ) as cursor:
                events = [int(r[0]) for r in await cursor.fetchall()]
            await conn.execute(
                "UPDATE event_waitlist SET state = 'expired' WHERE state = 'offered'"
                " AND offered_at < ?",
                (to_iso(before),),
            )
            return events
