"""Repository of event series (``migrations/0014_series_topics.sql``).

A series row keeps the rule and the template of its occurrences; only the next few occurrences
exist as rows of ``events``, made by :class:`bot.series.SeriesPlanner` (with their reminders, in
the same transaction as the series' bookkeeping).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import to_iso
from bot.storage.database import Database
from bot.storage.events import (
    EVENT_COLUMNS,
    Event,
    EventFields,
    EventsRepository,
    Reminder,
    _event,
    _field_values,
    rows_by_id,
    save_draft,
)
from bot.storage.rows import instant_or_none, record

SERIES_COLUMNS = (
    "id, rule, first_local, timezone, template, made_until, made_count, next_at, status, created_by"
)


@dataclass(frozen=True)
class Series:
    id: int
    rule: str
    first_local: datetime  # naive, the organiser's wall clock
    timezone: str
    template: EventFields
    made_until: datetime | None
    made_count: int
    next_at: datetime | None
    status: str  # active | ended | cancelled
    created_by: int | None


@dataclass(frozen=True)
class Occurrence:
    """An occurrence to make: its fields, reminder rows and original start."""

    fields: EventFields
    reminders: Sequence[tuple[str, datetime, str]]
    start: datetime  # UTC, RECURRENCE-ID


@dataclass(frozen=True)
class Progress:
    """The series' bookkeeping after making occurrences."""

    made_until: datetime | None
    made_count: int
    next_at: datetime | None
    status: str


def _series(row: Any) -> Series:
    return record(
        Series,
        row,
        first_local=datetime.fromisoformat,
        template=EventFields.from_json,
        made_until=instant_or_none,
        next_at=instant_or_none,
    )


_INSERT_SERIES = (
    "INSERT INTO event_series (rule, first_local, timezone, template, created_by,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _progress_values(progress: Progress) -> tuple[Any, ...]:
    """``made_until, made_count, next_at, status`` as stored."""
    return (
        to_iso(progress.made_until) if progress.made_until else None,
        progress.made_count,
        to_iso(progress.next_at) if progress.next_at else None,
        progress.status,
    )


def _series_values(
    rule: str,
    first_local: datetime,
    timezone: str,
    template: EventFields,
    created_by: int | None,
    stamp: str,
) -> tuple[Any, ...]:
    """The values of :data:`_INSERT_SERIES` (created and updated at ``stamp``)."""
    return (
        rule,
        first_local.replace(tzinfo=None).isoformat(),
        timezone,
        template.to_json(),
        created_by,
        stamp,
        stamp,
    )


class SeriesRepository:
    def __init__(self, db: Database, events: EventsRepository) -> None:
        self.db = db
        self.events = events

    async def create(
        self,
        *,
        rule: str,
        first_local: datetime,
        timezone: str,
        template: EventFields,
        occurrences: Sequence[Occurrence],
        progress: Progress,
        created_by: int | None,
        now: datetime,
        draft_id: int | None = None,
    ) -> tuple[int, list[int]]:
        """A new series and its first occurrences (the first one announced), in one
        transaction; ``(0, [])`` if the draft was already used."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            if not await save_draft(conn, draft_id):
                return 0, []
            cursor = await conn.execute(
                _INSERT_SERIES,
                _series_values(rule, first_local, timezone, template, created_by, stamp),
            )
            series_id = int(cursor.lastrowid or 0)
            ids = await self._make(conn, series_id, occurrences, progress, created_by, now, True)
            return series_id, ids

    async def _make(
        self,
        conn: Any,
        series_id: int,
        occurrences: Sequence[Occurrence],
        progress: Progress,
        created_by: int | None,
        now: datetime,
        announce_first: bool,
    ) -> list[int]:
        ids = []
        for index, occurrence in enumerate(occurrences):
            event_id = await self.events._insert(
                conn,
                occurrence.fields,
                occurrence.reminders,
                created_by=created_by,
                now=now,
                draft_id=None,
                series_id=series_id,
                occurrence=occurrence.start,
                notice=announce_first and index == 0,
            )
            ids.append(event_id)
        await conn.execute(
            "UPDATE event_series SET made_until = ?, made_count = ?, next_at = ?, status = ?,"
            " updated_at = ? WHERE id = ?",
            (*_progress_values(progress), to_iso(now), series_id),
        )
        return ids

    async def extend(
        self,
        series: Series,
        occurrences: Sequence[Occurrence],
        progress: Progress,
        now: datetime,
    ) -> list[int]:
        """Make the next occurrences (not announced: the series was), only if nobody else
        made them meanwhile (``made_count`` unchanged)."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT made_count FROM event_series WHERE id = ? AND status = 'active'",
                (series.id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None or int(row[0]) != series.made_count:
                return []
            return await self._make(
                conn, series.id, occurrences, progress, series.created_by, now, False
            )

    async def get(self, series_id: int) -> Series | None:
        row = await self.db.fetchone(
            f"SELECT {SERIES_COLUMNS} FROM event_series WHERE id = ?", (series_id,)
        )
        return _series(row) if row else None

    async def many(self, ids: Sequence[int]) -> dict[int, Series]:
        rows = await rows_by_id(self.db, f"SELECT {SERIES_COLUMNS} FROM event_series", ids)
        return {row["id"]: _series(row) for row in rows}

    async def due(self, now: datetime, *, limit: int = 500) -> list[Series]:
        rows = await self.db.fetchall(
            f"SELECT {SERIES_COLUMNS} FROM event_series WHERE status = 'active'"
            " AND next_at IS NOT NULL AND next_at <= ? ORDER BY next_at LIMIT ?",
            (to_iso(now), limit),
        )
        return [_series(r) for r in rows]

    async def next_due(self) -> datetime | None:
        value = await self.db.fetchval(
            "SELECT MIN(next_at) FROM event_series WHERE status = 'active'"
        )
        return instant_or_none(value)

    async def occurrences(self, series_id: int) -> list[Event]:
        """Every occurrence made (cancelled ones too), by original start."""
        rows = await self.db.fetchall(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE series_id = ? ORDER BY occurrence, id",
            (series_id,),
        )
        return [_event(r) for r in rows]

    async def ahead(self, series_id: int, now: datetime) -> list[Event]:
        """Occurrences made that have not ended yet, soonest first."""
        rows = await self.db.fetchall(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE series_id = ? AND ends_at > ?"
            " ORDER BY starts_at, id",
            (series_id, to_iso(now)),
        )
        return [_event(r) for r in rows]

    async def set_rule(
        self,
        series_id: int,
        *,
        rule: str,
        first_local: datetime,
        template: EventFields,
        progress: Progress,
        now: datetime,
    ) -> None:
        await self.db.execute(
            "UPDATE event_series SET rule = ?, first_local = ?, template = ?, made_until = ?,"
            " made_count = ?, next_at = ?, status = ?, updated_at = ? WHERE id = ?",
            (
                rule,
                first_local.replace(tzinfo=None).isoformat(),
                template.to_json(),
                *_progress_values(progress),
                to_iso(now),
                series_id,
            ),
        )

    async def new_series(
        self,
        *,
        rule: str,
        first_local: datetime,
        timezone: str,
        template: EventFields,
        created_by: int | None,
        now: datetime,
    ) -> int:
        return await self.db.execute(
            _INSERT_SERIES,
            _series_values(rule, first_local, timezone, template, created_by, to_iso(now)),
        )

    async def reattach(
        self,
        event_id: int,
        fields: EventFields,
        reminders: Sequence[Reminder],
        *,
        series_id: int,
        occurrence: datetime,
        now: datetime,
        changes: Sequence[str] | None,
    ) -> None:
        """An occurrence following an edit of "this one and all following": new fields, its
        new series and original start, reminders replaced; told (a 'changed' notice) only
        when ``changes`` is given."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE events SET project_id = ?, kind = ?, title = ?, description = ?,"
                " starts_at = ?, ends_at = ?, timezone = ?, link = ?, dial_in = ?, place = ?,"
                " countries = ?, organisations = ?, remind_all = ?, offsets = ?, capacity = ?,"
                " version = version + 1, updated_at = ?, series_id = ?, occurrence = ?"
                " WHERE id = ? AND status = 'scheduled'",
                (*_field_values(fields), to_iso(now), series_id, to_iso(occurrence), event_id),
            )
            await conn.execute("DELETE FROM event_reminders WHERE event_id = ?", (event_id,))
            await conn.executemany(
                "INSERT INTO event_reminders (event_id, offset_key, due_at, round, state)"
                " VALUES (?, ?, ?, ?, ?)",
                [(event_id, r.offset, to_iso(r.due_at), r.round, r.state) for r in reminders],
            )
            if changes is not None:
                await conn.execute(
                    "INSERT INTO event_notices (event_id, version, what, changes, created_at)"
                    " SELECT id, version, 'changed', ?, ? FROM events WHERE id = ?",
                    (json.dumps(list(changes)), to_iso(now), event_id),
                )
