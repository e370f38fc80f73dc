"""Repository of events, their reminders, RSVPs, drafts and "after the end" hooks.

Tables in ``migrations/0005_events.sql``. Every instant is stored in UTC (``to_iso``); the
organiser's zone is a column of the event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import from_iso, to_iso
from bot.storage.database import Database
from bot.storage.rows import instant_or_none, record
from bot.timezones import zone

KINDS = ("visioconference", "webinar", "gathering", "seminar", "other")
ANSWERS = ("yes", "maybe", "no")


@dataclass(frozen=True)
class EventFields:
    """What a coordinator decides about an event: the editable part, also a draft's content."""

    project_id: str
    kind: str
    title: str
    starts_at: datetime  # aware
    ends_at: datetime  # aware, after starts_at
    timezone: str  # organiser's IANA zone
    description: str = ""
    link: str | None = None
    dial_in: str | None = None
    place: str | None = None
    countries: tuple[str, ...] | None = None
    organisations: tuple[str, ...] | None = None
    remind_all: bool = False
    offsets: tuple[str, ...] | None = None  # None: the settings' offsets
    repeat: str | None = None  # a series' RRULE (bot.recurrence.Rule); None: once
    capacity: int | None = None  # places (in-person gatherings); None: no limit

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    def with_changes(self, **changes: Any) -> EventFields:
        return replace(self, **changes)

    def to_json(self) -> str:
        data = asdict(self)
        data["starts_at"] = to_iso(self.starts_at)
        data["ends_at"] = to_iso(self.ends_at)
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> EventFields:
        data = json.loads(text)
        data["starts_at"] = from_iso(data["starts_at"])
        data["ends_at"] = from_iso(data["ends_at"])
        for key in ("countries", "organisations", "offsets"):
            if data.get(key) is not None:
                data[key] = tuple(data[key])
        return cls(**data)


@dataclass(frozen=True)
class Event(EventFields):
    id: int = 0
    status: str = "scheduled"
    version: int = 1
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    series_id: int | None = None  # an occurrence of this series
    occurrence: datetime | None = None  # its original start in the series (RECURRENCE-ID)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def fields(self) -> EventFields:
        names = EventFields.__dataclass_fields__
        return EventFields(**{name: getattr(self, name) for name in names})


@dataclass(frozen=True)
class Reminder:
    event_id: int
    offset: str
    due_at: datetime
    round: int
    state: str = "pending"
    late: bool = False

    @property
    def ref(self) -> str:
        """The outbox ref: ``event:<id>:<offset>`` (``:<round>`` after a reschedule)."""
        base = f"event:{self.event_id}:{self.offset}"
        return base if self.round == 1 else f"{base}:{self.round}"


# Among a notice's changes: it tells about a series from this occurrence on (issue 15), to
# everyone who answered one of those dates, once per chat.
FOLLOWING = "following"


@dataclass(frozen=True)
class Notice:
    event_id: int
    version: int
    what: str  # new | changed | cancelled
    changes: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        if self.what == "changed":
            return f"event:{self.event_id}:changed:{self.version}"
        return f"event:{self.event_id}:{self.what}"


@dataclass(frozen=True)
class Draft:
    id: int
    user_id: int | None
    event_id: int | None
    fields: EventFields
    state: str
    created_at: datetime


@dataclass(frozen=True)
class Rsvp:
    user_id: int
    answer: str
    updated_at: datetime


@dataclass
class RsvpCounts:
    yes: int = 0
    maybe: int = 0
    no: int = 0
    users: dict[int, str] = field(default_factory=dict)


EVENT_COLUMNS = (
    "id, project_id, kind, title, description, starts_at, ends_at, timezone, link, dial_in,"
    " place, countries, organisations, remind_all, offsets, status, version, created_by,"
    " created_at, updated_at, series_id, occurrence, capacity,"
    " (SELECT s.rule FROM event_series s WHERE s.id = series_id) AS repeat"
)


def _tuple(text: str | None) -> tuple[str, ...] | None:
    return None if text is None else tuple(json.loads(text))


def _json(values: Iterable[str] | None) -> str | None:
    return None if values is None else json.dumps(list(values))


SAVE_DRAFT = "UPDATE event_drafts SET state = 'saved' WHERE id = ? AND state = 'open'"


async def save_draft(conn: Any, draft_id: int | None) -> bool:
    """In a transaction: the open draft ``draft_id`` (if any) marked saved; False if it was
    already used (saved or dropped), so that a draft is saved once."""
    if draft_id is None:
        return True
    cursor = await conn.execute(SAVE_DRAFT, (draft_id,))
    return bool(cursor.rowcount == 1)


async def rows_by_id(db: Database, select: str, ids: Iterable[int]) -> list[Any]:
    """The rows of ``select`` (``SELECT … FROM table``) whose ``id`` is one of ``ids``."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return await db.fetchall(f"{select} WHERE id IN ({','.join('?' * len(wanted))})", wanted)


def _event(row: Any) -> Event:
    return record(
        Event,
        row,
        starts_at=from_iso,
        ends_at=from_iso,
        countries=_tuple,
        organisations=_tuple,
        remind_all=bool,
        offsets=_tuple,
        created_at=from_iso,
        updated_at=from_iso,
        occurrence=instant_or_none,
    )


def _field_values(fields: EventFields) -> tuple[Any, ...]:
    return (
        fields.project_id,
        fields.kind,
        fields.title,
        fields.description,
        to_iso(fields.starts_at),
        to_iso(fields.ends_at),
        fields.timezone,
        fields.link,
        fields.dial_in,
        fields.place,
        _json(fields.countries),
        _json(fields.organisations),
        int(fields.remind_all),
        _json(fields.offsets),
        fields.capacity,
    )


class EventsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- events -----------------------------------------------------------------------------

    async def insert(
        self,
        fields: EventFields,
        reminders: Sequence[tuple[str, datetime, str]],
        *,
        created_by: int | None,
        now: datetime,
        draft_id: int | None = None,
        series_id: int | None = None,
        occurrence: datetime | None = None,
        notice: bool = True,
    ) -> int:
        """A new event and its reminders ``(offset, due_at, state)``, in one transaction.

        With ``draft_id``, the draft is closed in the same transaction, and only if it was
        still open (a double press on "Save" creates one event): returns 0 otherwise. An
        occurrence of a series made later (``notice=False``) is not announced again.
        """
        async with self.db.transaction() as conn:
            return await self._insert(
                conn,
                fields,
                reminders,
                created_by=created_by,
                now=now,
                draft_id=draft_id,
                series_id=series_id,
                occurrence=occurrence,
                notice=notice,
            )

    async def _insert(
        self,
        conn: Any,
        fields: EventFields,
        reminders: Sequence[tuple[str, datetime, str]],
        *,
        created_by: int | None,
        now: datetime,
        draft_id: int | None,
        series_id: int | None,
        occurrence: datetime | None,
        notice: bool,
    ) -> int:
        stamp = to_iso(now)
        if not await save_draft(conn, draft_id):
            return 0
        cursor = await conn.execute(
            "INSERT INTO events (project_id, kind, title, description, starts_at, ends_at,"
            " timezone, link, dial_in, place, countries, organisations, remind_all, offsets,"
            " capacity, created_by, created_at, updated_at, series_id, occurrence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *_field_values(fields),
                created_by,
                stamp,
                stamp,
                series_id,
                to_iso(occurrence) if occurrence else None,
            ),
        )
        event_id = int(cursor.lastrowid or 0)
        await conn.executemany(
            "INSERT INTO event_reminders (event_id, offset_key, due_at, state) VALUES (?, ?, ?, ?)",
            [(event_id, offset, to_iso(due), state) for offset, due, state in reminders],
        )
        if notice:
            await conn.execute(
                "INSERT INTO event_notices (event_id, version, what, created_at)"
                " VALUES (?, 1, 'new', ?)",
                (event_id, stamp),
            )
        return event_id

    async def update(
        self,
        event_id: int,
        fields: EventFields,
        reminders: Sequence[Reminder],
        *,
        changes: Sequence[str],
        now: datetime,
        draft_id: int | None = None,
    ) -> int:
        """Apply an edit (version + 1) and replace the reminder rows; returns the new version
        (0 if the draft was already used or the event is cancelled)."""
        async with self.db.transaction() as conn:
            if not await save_draft(conn, draft_id):
                return 0
            cursor = await conn.execute(
                "UPDATE events SET project_id = ?, kind = ?, title = ?, description = ?,"
                " starts_at = ?, ends_at = ?, timezone = ?, link = ?, dial_in = ?, place = ?,"
                " countries = ?, organisations = ?, remind_all = ?, offsets = ?, capacity = ?,"
                " version = version + 1, updated_at = ?"
                " WHERE id = ? AND status = 'scheduled'",
                (*_field_values(fields), to_iso(now), event_id),
            )
            if cursor.rowcount != 1:
                return 0
            await conn.execute("DELETE FROM event_reminders WHERE event_id = ?", (event_id,))
            await conn.executemany(
                "INSERT INTO event_reminders (event_id, offset_key, due_at, round, state, late,"
                " done_at) VALUES (?, ?, ?, ?, ?, 0, NULL)",
                [(event_id, r.offset, to_iso(r.due_at), r.round, r.state) for r in reminders],
            )
            async with conn.execute(
                "SELECT version FROM events WHERE id = ?", (event_id,)
            ) as version_cursor:
                row = await version_cursor.fetchone()
            version = int(row[0]) if row else 0
            await conn.execute(
                "INSERT INTO event_notices (event_id, version, what, changes, created_at)"
                " VALUES (?, ?, 'changed', ?, ?)",
                (event_id, version, json.dumps(list(changes)), to_iso(now)),
            )
            return version

    async def cancel(self, event_id: int, now: datetime) -> bool:
        """Mark cancelled (once); its pending reminders are dropped."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE events SET status = 'cancelled', version = version + 1, updated_at = ?"
                " WHERE id = ? AND status = 'scheduled'",
                (stamp, event_id),
            )
            if cursor.rowcount != 1:
                return False
            await conn.execute(
                "UPDATE event_reminders SET state = 'dropped', done_at = ?"
                " WHERE event_id = ? AND state = 'pending'",
                (stamp, event_id),
            )
            await conn.execute(
                "INSERT INTO event_notices (event_id, version, what, created_at)"
                " SELECT id, version, 'cancelled', ? FROM events WHERE id = ?",
                (stamp, event_id),
            )
            return True

    async def cancel_following(self, event_ids: Sequence[int], now: datetime) -> list[int]:
        """Cancel occurrences of a series (this one and all following) at once: their
        reminders dropped, and ONE notice, on the first cancelled, that names the series and
        the date it is cancelled from (:data:`FOLLOWING`). Returns the ids cancelled now."""
        stamp = to_iso(now)
        done: list[int] = []
        async with self.db.transaction() as conn:
            for event_id in event_ids:
                cursor = await conn.execute(
                    "UPDATE events SET status = 'cancelled', version = version + 1,"
                    " updated_at = ? WHERE id = ? AND status = 'scheduled'",
                    (stamp, event_id),
                )
                if cursor.rowcount != 1:
                    continue
                await conn.execute(
                    "UPDATE event_reminders SET state = 'dropped', done_at = ?"
                    " WHERE event_id = ? AND state = 'pending'",
                    (stamp, event_id),
                )
                done.append(event_id)
            if done:
                await conn.execute(
                    "INSERT INTO event_notices (event_id, version, what, changes, created_at)"
                    " SELECT id, version, 'cancelled', ?, ? FROM events WHERE id = ?",
                    (json.dumps([FOLLOWING]), stamp, done[0]),
                )
        return done

    async def series_from(
        self, series_id: int, since: datetime, *, cancelled: bool, but: int
    ) -> list[Event]:
        """The occurrences of a series whose original start is ``since`` or later (cancelled
        ones, or scheduled ones), ``but`` one left out, soonest first."""
        rows = await self.db.fetchall(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE series_id = ? AND id != ?"
            " AND COALESCE(occurrence, starts_at) >= ? AND status = ? ORDER BY starts_at, id",
            (series_id, but, to_iso(since), "cancelled" if cancelled else "scheduled"),
        )
        return [_event(r) for r in rows]

    async def get(self, event_id: int) -> Event | None:
        row = await self.db.fetchone(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,)
        )
        return _event(row) if row else None

    async def many(self, ids: Iterable[int]) -> dict[int, Event]:
        rows = await rows_by_id(self.db, f"SELECT {EVENT_COLUMNS} FROM events", ids)
        return {row["id"]: _event(row) for row in rows}

    async def upcoming(
        self,
        now: datetime,
        projects: Iterable[str] | None = None,
        *,
        limit: int = 50,
        include_cancelled: bool = False,
    ) -> list[Event]:
        """Events not yet ended (ongoing ones included), soonest first."""
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE ends_at > ?"
        params: list[Any] = [to_iso(now)]
        if not include_cancelled:
            sql += " AND status = 'scheduled'"
        if projects is not None:
            wanted = list(projects)
            sql += f" AND project_id IN ({','.join('?' * len(wanted))})"
            params.extend(wanted)
        rows = await self.db.fetchall(sql + " ORDER BY starts_at, id LIMIT ?", [*params, limit])
        return [_event(r) for r in rows]

    async def all(self, *, limit: int = 500) -> list[Event]:
        rows = await self.db.fetchall(
            f"SELECT {EVENT_COLUMNS} FROM events ORDER BY starts_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [_event(r) for r in rows]

    # -- reminders --------------------------------------------------------------------------

    async def reminders(self, event_id: int) -> list[Reminder]:
        rows = await self.db.fetchall(
            "SELECT event_id, offset_key, due_at, round, state, late FROM event_reminders"
            " WHERE event_id = ? ORDER BY due_at",
            (event_id,),
        )
        return [_reminder(r) for r in rows]

    async def due_reminders(self, now: datetime) -> list[Reminder]:
        """Pending reminders of scheduled events whose time has come, oldest first."""
        rows = await self.db.fetchall(
            "SELECT r.event_id, r.offset_key, r.due_at, r.round, r.state, r.late"
            " FROM event_reminders r JOIN events e ON e.id = r.event_id"
            " WHERE r.state = 'pending' AND e.status = 'scheduled' AND r.due_at <= ?"
            " ORDER BY r.due_at, r.event_id",
            (to_iso(now),),
        )
        return [_reminder(r) for r in rows]

    async def finish_reminders(
        self, done: Iterable[tuple[Reminder, str, bool]], now: datetime
    ) -> None:
        """Record ``(reminder, 'sent' | 'dropped', late)`` in one transaction."""
        stamp = to_iso(now)
        rows = [(state, int(late), stamp, r.event_id, r.offset, r.round) for r, state, late in done]
        if rows:
            await self.db.executemany(
                "UPDATE event_reminders SET state = ?, late = ?, done_at = ?"
                " WHERE event_id = ? AND offset_key = ? AND round = ? AND state = 'pending'",
                rows,
            )

    async def next_reminder_due(self) -> datetime | None:
        value = await self.db.fetchval(
            "SELECT MIN(r.due_at) FROM event_reminders r JOIN events e ON e.id = r.event_id"
            " WHERE r.state = 'pending' AND e.status = 'scheduled'"
        )
        return instant_or_none(value)

    # -- notices (new, changed, cancelled) ---------------------------------------------------

    async def pending_notices(self) -> list[Notice]:
        rows = await self.db.fetchall(
            "SELECT event_id, version, what, changes FROM event_notices WHERE state = 'pending'"
            " ORDER BY created_at, event_id, version"
        )
        return [
            Notice(
                r["event_id"],
                r["version"],
                r["what"],
                tuple(json.loads(r["changes"])) if r["changes"] else (),
            )
            for r in rows
        ]

    async def notices_queued(self, notices: Iterable[Notice]) -> None:
        rows = [(n.event_id, n.version) for n in notices]
        if rows:
            await self.db.executemany(
                "UPDATE event_notices SET state = 'queued' WHERE event_id = ? AND version = ?",
                rows,
            )

    # -- RSVPs ------------------------------------------------------------------------------

    async def set_rsvp(self, event_id: int, user_id: int, answer: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO event_rsvps (event_id, user_id, answer, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (event_id, user_id) DO UPDATE SET answer = excluded.answer,"
            " updated_at = excluded.updated_at",
            (event_id, user_id, answer, to_iso(now)),
        )

    async def rsvp_of(self, event_id: int, user_id: int) -> str | None:
        value = await self.db.fetchval(
            "SELECT answer FROM event_rsvps WHERE event_id = ? AND user_id = ?",
            (event_id, user_id),
        )
        return str(value) if value else None

    async def rsvps(self, event_id: int) -> list[Rsvp]:
        rows = await self.db.fetchall(
            "SELECT user_id, answer, updated_at FROM event_rsvps WHERE event_id = ?"
            " ORDER BY updated_at, user_id",
            (event_id,),
        )
        return [Rsvp(r["user_id"], r["answer"], from_iso(r["updated_at"])) for r in rows]

    async def rsvp_counts(self, event_ids: Iterable[int]) -> dict[int, RsvpCounts]:
        wanted = sorted(set(event_ids))
        out = {event_id: RsvpCounts() for event_id in wanted}
        if not wanted:
            return out
        rows = await self.db.fetchall(
            "SELECT event_id, user_id, answer FROM event_rsvps"
            f" WHERE event_id IN ({','.join('?' * len(wanted))})",
            wanted,
        )
        for row in rows:
            counts = out[row["event_id"]]
            setattr(counts, row["answer"], getattr(counts, row["answer"]) + 1)
            counts.users[row["user_id"]] = row["answer"]
        return out

    async def person(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """What the events tables hold about one person (for /mydata)."""
        answers = await self.db.fetchall(
            "SELECT r.event_id, e.title, e.starts_at, r.answer, r.updated_at"
            " FROM event_rsvps r JOIN events e ON e.id = r.event_id WHERE r.user_id = ?"
            " ORDER BY e.starts_at",
            (user_id,),
        )
        created = await self.db.fetchall(
            "SELECT id, title, starts_at, status FROM events WHERE created_by = ? ORDER BY id",
            (user_id,),
        )
        drafts = await self.db.fetchall(
            "SELECT id, event_id, state, created_at FROM event_drafts WHERE user_id = ?"
            " ORDER BY id",
            (user_id,),
        )
        return {
            "answers": [dict(row) for row in answers],
            "events_created": [dict(row) for row in created],
            "drafts": [dict(row) for row in drafts],
        }

    # -- drafts -----------------------------------------------------------------------------

    async def create_draft(
        self, fields: EventFields, *, user_id: int | None, event_id: int | None, now: datetime
    ) -> int:
        return await self.db.execute(
            "INSERT INTO event_drafts (user_id, event_id, data, created_at) VALUES (?, ?, ?, ?)",
            (user_id, event_id, fields.to_json(), to_iso(now)),
        )

    async def draft(self, draft_id: int) -> Draft | None:
        row = await self.db.fetchone(
            "SELECT id, user_id, event_id, data, state, created_at FROM event_drafts WHERE id = ?",
            (draft_id,),
        )
        if row is None:
            return None
        return Draft(
            row["id"],
            row["user_id"],
            row["event_id"],
            EventFields.from_json(row["data"]),
            row["state"],
            from_iso(row["created_at"]),
        )

    async def _update_open_draft(self, sql: str, params: tuple[object, ...]) -> bool:
        """Run an UPDATE on an open draft; True if it changed exactly one row."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount == 1

    async def update_draft(self, draft_id: int, fields: EventFields) -> bool:
        return await self._update_open_draft(
            "UPDATE event_drafts SET data = ? WHERE id = ? AND state = 'open'",
            (fields.to_json(), draft_id),
        )

    async def close_draft(self, draft_id: int) -> bool:
        """Mark an open draft saved (once); False if it was already used."""
        return await self._update_open_draft(SAVE_DRAFT, (draft_id,))

    async def drop_draft(self, draft_id: int) -> bool:
        return await self._update_open_draft(
            "UPDATE event_drafts SET state = 'dropped' WHERE id = ? AND state = 'open'",
            (draft_id,),
        )

    async def purge_drafts(self, before: datetime) -> None:
        await self.db.execute("DELETE FROM event_drafts WHERE created_at < ?", (to_iso(before),))

    # -- after the end ----------------------------------------------------------------------

    async def ended_without(
        self, hook: str, now: datetime, since: datetime, *, limit: int = 200
    ) -> list[Event]:
        """Scheduled events ended in ``[since, now]`` for which ``hook`` has not run."""
        rows = await self.db.fetchall(
            f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.status = 'scheduled'"
            " AND e.ends_at <= ? AND e.ends_at >= ?"
            " AND NOT EXISTS (SELECT 1 FROM event_endings x WHERE x.event_id = e.id"
            " AND x.hook = ?) ORDER BY e.ends_at, e.id LIMIT ?",
            (to_iso(now), to_iso(since), hook, limit),
        )
        return [_event(r) for r in rows]

    async def record_ending(self, event_id: int, hook: str, state: str, now: datetime) -> bool:
        """Record that ``hook`` ran for the event; False if it was already recorded."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO event_endings (event_id, hook, state, at)"
                " VALUES (?, ?, ?, ?)",
                (event_id, hook, state, to_iso(now)),
            )
            return cursor.rowcount == 1

    async def set_ending_state(self, event_id: int, hook: str, state: str) -> None:
        await self.db.execute(
            "UPDATE event_endings SET state = ? WHERE event_id = ? AND hook = ?",
            (state, event_id, hook),
        )

    async def ending_state(self, event_id: int, hook: str) -> str | None:
        value = await self.db.fetchval(
            "SELECT state FROM event_endings WHERE event_id = ? AND hook = ?", (event_id, hook)
        )
        return str(value) if value else None

    async def next_end(self, after: datetime) -> datetime | None:
        value = await self.db.fetchval(
            "SELECT MIN(ends_at) FROM events WHERE status = 'scheduled' AND ends_at > ?",
            (to_iso(after),),
        )
        return instant_or_none(value)


def _reminder(row: Any) -> Reminder:
    return Reminder(
        event_id=row["event_id"],
        offset=row["offset_key"],
        due_at=from_iso(row["due_at"]),
        round=row["round"],
        state=row["state"],
        late=bool(row["late"]),
    )
