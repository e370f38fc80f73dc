"""Repository of the roster: members (people), their projects, and group chats."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from bot.clock import to_iso
from bot.storage.database import Database


@dataclass(frozen=True)
class Person:
    """Who sent an update, as Telegram describes them."""

    user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


class Named:
    """Someone shown by name: first and last names, else their Telegram id."""

    user_id: int
    first_name: str
    last_name: str | None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or str(self.user_id)


@dataclass(frozen=True)
class Member(Named):
    user_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language: str | None
    timezone: str | None
    organisation_id: str | None
    country_id: str | None
    role: str
    focal_status: str | None
    directory_consent: bool
    private_chat: bool
    reachable: bool
    projects: tuple[str, ...]


@dataclass(frozen=True)
class GroupChat:
    chat_id: int
    title: str
    type: str
    project_id: str | None
    active: bool
    language: str | None
    timezone: str | None
    thread_id: int | None = None  # a forum topic linked to the project (its general thread: None)


MEMBER_COLUMNS = (
    "m.user_id, m.first_name, m.last_name, m.username, m.language, m.timezone,"
    " m.organisation_id, m.country_id, m.role, m.focal_status, m.directory_consent,"
    " m.private_chat, m.reachable,"
    " (SELECT group_concat(project_id, ',') FROM member_projects p WHERE p.user_id = m.user_id)"
    " AS projects"
)


def _member(row: Sequence[object]) -> Member:
    projects = str(row[13]).split(",") if row[13] else []
    return Member(
        user_id=int(row[0]),  # type: ignore[call-overload]
        first_name=str(row[1] or ""),
        last_name=row[2],  # type: ignore[arg-type]
        username=row[3],  # type: ignore[arg-type]
        language=row[4],  # type: ignore[arg-type]
        timezone=row[5],  # type: ignore[arg-type]
        organisation_id=row[6],  # type: ignore[arg-type]
        country_id=row[7],  # type: ignore[arg-type]
        role=str(row[8]),
        focal_status=row[9],  # type: ignore[arg-type]
        directory_consent=bool(row[10]),
        private_chat=bool(row[11]),
        reachable=bool(row[12]),
        projects=tuple(sorted(projects)),
    )


def _group(row: Sequence[object]) -> GroupChat:
    return GroupChat(
        chat_id=int(row[0]),  # type: ignore[call-overload]
        title=str(row[1] or ""),
        type=str(row[2]),
        project_id=row[3],  # type: ignore[arg-type]
        active=bool(row[4]),
        language=row[5],  # type: ignore[arg-type]
        timezone=row[6],  # type: ignore[arg-type]
    )


GROUP_COLUMNS = "chat_id, title, type, project_id, active, language, timezone"


# -- members feature: onboarding, sightings, CSV rows --------------------------------------


@dataclass(frozen=True)
class OnboardingState:
    """Where a person is in the /start flow (see ``migrations/0004_members.sql``)."""

    user_id: int
    step: str
    mode: str  # 'flow' (the whole /start) or 'single' (one step, from /me or a command)
    intent: str | None  # 'focal_point' or 'participant', chosen before the organisation
    country_id: str | None
    completed: bool


@dataclass(frozen=True)
class Sighting(Named):
    """A person seen speaking or joining in a linked group."""

    chat_id: int
    user_id: int
    first_name: str
    last_name: str | None
    username: str | None
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class RosterRow:
    """One member as imported from CSV: ``None`` means "keep what is stored"."""

    user_id: int
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    language: str | None = None
    timezone: str | None = None
    organisation_id: str | None = None
    country_id: str | None = None
    role: str | None = None
    focal_status: str | None = None
    projects: tuple[str, ...] | None = None
    clear_focal: bool = False  # role set to participant: any focal point claim goes

    # The member columns a row may set, each left as stored when the row's value is None.
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "first_name",
        "last_name",
        "username",
        "language",
        "timezone",
        "organisation_id",
        "country_id",
        "role",
        "focal_status",
    )

    def values(self) -> dict[str, object]:
        """The member columns this row sets, with their values."""
        found = {name: getattr(self, name) for name in self.COLUMNS}
        return {name: value for name, value in found.items() if value is not None}


def _sighting(row: Sequence[object]) -> Sighting:
    return Sighting(
        chat_id=int(row[0]),  # type: ignore[call-overload]
        user_id=int(row[1]),  # type: ignore[call-overload]
        first_name=str(row[2] or ""),
        last_name=row[3],  # type: ignore[arg-type]
        username=row[4],  # type: ignore[arg-type]
        first_seen=str(row[5]),
        last_seen=str(row[6]),
    )


SIGHTING_COLUMNS = (
    "s.chat_id, s.user_id, s.first_name, s.last_name, s.username, s.first_seen, s.last_seen"
)


class MembersRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- members ----------------------------------------------------------------------------

    async def touch(self, person: Person, now: datetime, *, private_chat: bool) -> None:
        """Create or refresh a member's Telegram profile (name, username)."""
        stamp = to_iso(now)
        await self.db.execute(
            "INSERT INTO members (user_id, first_name, last_name, username, private_chat,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,"
            " last_name = excluded.last_name, username = excluded.username,"
            " private_chat = MAX(members.private_chat, excluded.private_chat),"
            " reachable = CASE WHEN excluded.private_chat = 1 THEN 1 ELSE members.reachable END,"
            " updated_at = excluded.updated_at"
            # No write at all when nothing changed (every private message comes through here).
            " WHERE members.first_name IS NOT excluded.first_name"
            " OR members.last_name IS NOT excluded.last_name"
            " OR members.username IS NOT excluded.username"
            " OR (excluded.private_chat = 1"
            " AND (members.private_chat = 0 OR members.reachable = 0))",
            (
                person.user_id,
                person.first_name,
                person.last_name,
                person.username,
                int(private_chat),
                stamp,
                stamp,
            ),
        )

    async def get(self, user_id: int) -> Member | None:
        row = await self.db.fetchone(
            f"SELECT {MEMBER_COLUMNS} FROM members m WHERE m.user_id = ?", (user_id,)
        )
        return _member(row) if row else None

    async def all(self) -> list[Member]:
        rows = await self.db.fetchall(f"SELECT {MEMBER_COLUMNS} FROM members m ORDER BY m.user_id")
        return [_member(r) for r in rows]

    async def update(self, user_id: int, now: datetime, **fields: object) -> None:
        # What a roster row may set, and what the bot learns by itself.
        allowed = {
            *RosterRow.COLUMNS,
            "directory_consent",
            "private_chat",
            "reachable",
            "focal_claimed_at",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown member fields: {sorted(unknown)}")
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await self.db.execute(
            f"UPDATE members SET {assignments}, updated_at = ? WHERE user_id = ?",
            (*fields.values(), to_iso(now), user_id),
        )

    async def set_projects(self, user_id: int, projects: Iterable[str]) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM member_projects WHERE user_id = ?", (user_id,))
            await conn.executemany(
                "INSERT INTO member_projects (user_id, project_id) VALUES (?, ?)",
                [(user_id, p) for p in sorted(set(projects))],
            )

    async def in_projects(
        self,
        projects: Iterable[str] | None = None,
        *,
        countries: Iterable[str] | None = None,
        organisations: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
        reachable_only: bool = True,
    ) -> list[Member]:
        """Members filtered by project, country, organisation, role (None = no filter)."""
        where = ["1 = 1"]
        params: list[object] = []
        for column, values in (
            ("m.country_id", countries),
            ("m.organisation_id", organisations),
            ("m.role", roles),
        ):
            if values is not None:
                values = list(values)
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        if projects is not None:
            projects = list(projects)
            where.append(
                "EXISTS (SELECT 1 FROM member_projects p WHERE p.user_id = m.user_id"
                f" AND p.project_id IN ({','.join('?' * len(projects))}))"
            )
            params.extend(projects)
        if reachable_only:
            where.append("m.reachable = 1 AND m.private_chat = 1")
        rows = await self.db.fetchall(
            f"SELECT {MEMBER_COLUMNS} FROM members m WHERE {' AND '.join(where)}"
            " ORDER BY m.user_id",
            params,
        )
        return [_member(r) for r in rows]

    async def delete(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM members WHERE user_id = ?", (user_id,))

    # -- group chats ------------------------------------------------------------------------

    async def upsert_group(self, chat_id: int, title: str, type_: str, now: datetime) -> None:
        stamp = to_iso(now)
        await self.db.execute(
            "INSERT INTO chats (chat_id, title, type, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title,"
            " type = excluded.type, active = 1, updated_at = excluded.updated_at",
            (chat_id, title, type_, stamp, stamp),
        )

    async def group(self, chat_id: int) -> GroupChat | None:
        row = await self.db.fetchone(
            f"SELECT {GROUP_COLUMNS} FROM chats WHERE chat_id = ?", (chat_id,)
        )
        return _group(row) if row else None

    async def groups(
        self, project_id: str | None = None, *, active_only: bool = True
    ) -> list[GroupChat]:
        sql = f"SELECT {GROUP_COLUMNS} FROM chats WHERE 1 = 1"
        params: list[object] = []
        if project_id is not None:
            sql += " AND project_id = ?"
            params.append(project_id)
        else:
            sql += " AND project_id IS NOT NULL"
        if active_only:
            sql += " AND active = 1"
        rows = await self.db.fetchall(sql + " ORDER BY chat_id", params)
        found = [_group(r) for r in rows]
        if project_id is None:
            return found
        # Forum topics linked to the project: there instead of the general thread; a topic
        # found closed or deleted falls back to the general thread (once per chat).
        topics = await self.db.fetchall(
            f"SELECT {', '.join('c.' + c for c in GROUP_COLUMNS.split(', '))}, t.thread_id,"
            " t.state FROM group_topics t JOIN chats c ON c.chat_id = t.chat_id"
            " WHERE t.project_id = ?"
            + (" AND c.active = 1" if active_only else "")
            + " ORDER BY t.chat_id, t.thread_id",
            (project_id,),
        )
        if not topics:
            return found
        # one place per chat (the outbox sends a message once per chat): its open topic for
        # the project if it has one, else its general thread
        places: dict[int, GroupChat] = {g.chat_id: g for g in found}
        for row in topics:
            group = replace(_group(row), project_id=project_id)
            if row[8] == "open":
                if places.get(group.chat_id, group).thread_id is None:
                    places[group.chat_id] = replace(group, thread_id=int(row[7]))
            else:
                places.setdefault(group.chat_id, group)
        return list(places.values())

    async def linked_places(self, *, active_only: bool = True) -> list[GroupChat]:
        """Every linked group once (the outbox sends once per chat): a group linked as a whole
        in its general thread; a group linked only through forum topics in its first open
        topic (``thread_id``), or its general thread when they are all closed or deleted."""
        found = {g.chat_id: g for g in await self.groups(active_only=active_only)}
        rows = await self.db.fetchall(
            f"SELECT {', '.join('c.' + c for c in GROUP_COLUMNS.split(', '))}, t.thread_id,"
            " t.state, t.project_id FROM group_topics t JOIN chats c ON c.chat_id = t.chat_id"
            + (" WHERE c.active = 1" if active_only else "")
            + " ORDER BY t.chat_id, t.thread_id"
        )
        topic_only: dict[int, GroupChat] = {}
        for row in rows:
            chat_id = int(row[0])
            if chat_id in found:
                continue
            group = replace(_group(row), project_id=str(row[9]))
            current = topic_only.get(chat_id)
            if row[8] == "open" and (current is None or current.thread_id is None):
                topic_only[chat_id] = replace(group, thread_id=int(row[7]))
            elif current is None:
                topic_only[chat_id] = group
        return sorted([*found.values(), *topic_only.values()], key=lambda g: g.chat_id)

    async def link_topic(
        self,
        chat_id: int,
        thread_id: int,
        project_id: str,
        title: str,
        by: int,
        now: datetime,
    ) -> None:
        await self.db.execute(
            "INSERT INTO group_topics (chat_id, thread_id, project_id, title, state, linked_by,"
            " linked_at) VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT (chat_id, thread_id)"
            " DO UPDATE SET project_id = excluded.project_id, title = excluded.title,"
            " state = 'open', linked_by = excluded.linked_by, linked_at = excluded.linked_at",
            (chat_id, thread_id, project_id, title, by, to_iso(now)),
        )

    async def topic(self, chat_id: int, thread_id: int) -> tuple[str, str, str] | None:
        """``(project_id, title, state)`` of a linked topic."""
        row = await self.db.fetchone(
            "SELECT project_id, title, state FROM group_topics WHERE chat_id = ? AND thread_id = ?",
            (chat_id, thread_id),
        )
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    async def unlink_topic(self, chat_id: int, thread_id: int) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM group_topics WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
            )
            return cursor.rowcount == 1

    async def topic_gone(self, chat_id: int, thread_id: int) -> bool:
        """Mark a linked topic closed or deleted; True the first time only."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE group_topics SET state = 'gone' WHERE chat_id = ? AND thread_id = ?"
                " AND state = 'open'",
                (chat_id, thread_id),
            )
            return cursor.rowcount == 1

    async def link_group(
        self, chat_id: int, project_id: str | None, by: int, now: datetime
    ) -> None:
        await self.db.execute(
            "UPDATE chats SET project_id = ?, linked_by = ?, linked_at = ?, updated_at = ?"
            " WHERE chat_id = ?",
            (project_id, by, to_iso(now), to_iso(now), chat_id),
        )

    async def set_group_active(self, chat_id: int, active: bool, now: datetime) -> None:
        await self.db.execute(
            "UPDATE chats SET active = ?, updated_at = ? WHERE chat_id = ?",
            (int(active), to_iso(now), chat_id),
        )

    async def migrate_group(self, old: int, new: int, now: datetime) -> None:
        """A group became a supergroup: its records follow the new id."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO chats (chat_id, title, type, project_id, active, language, timezone,"
                " linked_by, linked_at, created_at, updated_at)"
                " SELECT ?, title, 'supergroup', project_id, 1, language, timezone, linked_by,"
                " linked_at, created_at, ? FROM chats WHERE chat_id = ?"
                " ON CONFLICT (chat_id) DO UPDATE SET project_id = COALESCE(chats.project_id,"
                " excluded.project_id), active = 1, updated_at = excluded.updated_at",
                (new, stamp, old),
            )
            await conn.execute(
                "UPDATE chats SET active = 0, project_id = NULL, updated_at = ? WHERE chat_id = ?",
                (stamp, old),
            )

    # == members feature: focal points, onboarding, sightings, privacy, import =============

    # -- lookups ----------------------------------------------------------------------------

    async def by_username(self, username: str) -> Member | None:
        row = await self.db.fetchone(
            f"SELECT {MEMBER_COLUMNS} FROM members m WHERE lower(m.username) = lower(?)"
            " ORDER BY m.private_chat DESC, m.user_id LIMIT 1",
            (username.lstrip("@"),),
        )
        return _member(row) if row else None

    async def focal_points(self, *, consenting_only: bool = False) -> list[Member]:
        """Everyone who claims or holds a focal point role for an organisation."""
        sql = (
            f"SELECT {MEMBER_COLUMNS} FROM members m WHERE m.focal_status IS NOT NULL"
            " AND m.organisation_id IS NOT NULL"
        )
        if consenting_only:
            sql += " AND m.directory_consent = 1"
        rows = await self.db.fetchall(sql + " ORDER BY m.first_name, m.user_id")
        return [_member(r) for r in rows]

    async def pending_claims(self) -> list[tuple[Member, str | None]]:
        """Focal point claims not yet confirmed, oldest first, with when they were made."""
        rows = await self.db.fetchall(
            f"SELECT {MEMBER_COLUMNS}, m.focal_claimed_at FROM members m"
            " WHERE m.focal_status = 'claimed' AND m.organisation_id IS NOT NULL"
            " ORDER BY m.focal_claimed_at, m.user_id"
        )
        return [(_member(r), r[14]) for r in rows]

    async def coordinators(self, extra: Iterable[int] = ()) -> list[Member]:
        """Coordinators (by role, or listed in ``extra``) who have a private chat."""
        ids = sorted(set(extra))
        marks = ",".join("?" * len(ids)) or "NULL"
        rows = await self.db.fetchall(
            f"SELECT {MEMBER_COLUMNS} FROM members m"
            f" WHERE (m.role = 'coordinator' OR m.user_id IN ({marks}))"
            " AND m.private_chat = 1 AND m.reachable = 1 ORDER BY m.user_id",
            ids,
        )
        return [_member(r) for r in rows]

    # -- onboarding -------------------------------------------------------------------------

    async def onboarding(self, user_id: int) -> OnboardingState | None:
        row = await self.db.fetchone(
            "SELECT user_id, step, mode, intent, country_id, completed_at FROM onboarding"
            " WHERE user_id = ?",
            (user_id,),
        )
        if row is None:
            return None
        return OnboardingState(
            user_id=row[0],
            step=row[1],
            mode=row[2],
            intent=row[3],
            country_id=row[4],
            completed=row[5] is not None,
        )

    async def save_onboarding(
        self,
        user_id: int,
        now: datetime,
        *,
        step: str,
        mode: str,
        intent: str | None,
        country_id: str | None,
        completed: bool = False,
    ) -> None:
        stamp = to_iso(now)
        await self.db.execute(
            "INSERT INTO onboarding (user_id, step, mode, intent, country_id, started_at,"
            " updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, mode = excluded.mode,"
            " intent = excluded.intent, country_id = excluded.country_id,"
            " updated_at = excluded.updated_at,"
            " completed_at = COALESCE(onboarding.completed_at, excluded.completed_at)",
            (user_id, step, mode, intent, country_id, stamp, stamp, stamp if completed else None),
        )

    # -- groups -----------------------------------------------------------------------------

    async def linked_chat_ids(self) -> set[int]:
        rows = await self.db.fetchall(
            "SELECT chat_id FROM chats WHERE project_id IS NOT NULL AND active = 1"
        )
        return {int(r[0]) for r in rows}

    async def set_group_preferences(
        self, chat_id: int, now: datetime, *, language: str | None, timezone: str | None
    ) -> None:
        await self.db.execute(
            "UPDATE chats SET language = COALESCE(?, language), timezone = COALESCE(?, timezone),"
            " updated_at = ? WHERE chat_id = ?",
            (language, timezone, to_iso(now), chat_id),
        )

    # -- sightings --------------------------------------------------------------------------

    async def record_sightings(self, rows: Iterable[tuple[int, Person, str]]) -> None:
        """Upsert (chat id, person, day) sightings in one transaction; unchanged rows are
        not rewritten."""
        values = [
            (chat_id, p.user_id, p.first_name, p.last_name, p.username, day, day)
            for chat_id, p, day in rows
        ]
        if not values:
            return
        await self.db.executemany(
            "INSERT INTO group_sightings (chat_id, user_id, first_name, last_name, username,"
            " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (chat_id, user_id) DO UPDATE SET first_name = excluded.first_name,"
            " last_name = excluded.last_name, username = excluded.username,"
            " last_seen = MAX(group_sightings.last_seen, excluded.last_seen)"
            " WHERE group_sightings.last_seen < excluded.last_seen"
            " OR group_sightings.first_name IS NOT excluded.first_name"
            " OR group_sightings.last_name IS NOT excluded.last_name"
            " OR group_sightings.username IS NOT excluded.username",
            values,
        )

    async def forget_sighting(self, chat_id: int, user_id: int) -> None:
        await self.db.execute(
            "DELETE FROM group_sightings WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
        )

    async def unregistered(self, chat_ids: Iterable[int]) -> list[Sighting]:
        """People seen in these groups who have no private chat with the bot."""
        ids = list(chat_ids)
        if not ids:
            return []
        rows = await self.db.fetchall(
            f"SELECT {SIGHTING_COLUMNS} FROM group_sightings s"
            f" WHERE s.chat_id IN ({','.join('?' * len(ids))})"
            " AND NOT EXISTS (SELECT 1 FROM members m WHERE m.user_id = s.user_id"
            " AND m.private_chat = 1)"
            " ORDER BY s.chat_id, s.last_seen DESC, s.first_name, s.user_id",
            ids,
        )
        return [_sighting(r) for r in rows]

    async def migrate_sightings(self, old: int, new: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO group_sightings (chat_id, user_id, first_name, last_name, username,"
                " first_seen, last_seen) SELECT ?, user_id, first_name, last_name, username,"
                " first_seen, last_seen FROM group_sightings WHERE chat_id = ?"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET"
                " first_seen = MIN(group_sightings.first_seen, excluded.first_seen),"
                " last_seen = MAX(group_sightings.last_seen, excluded.last_seen)",
                (new, old),
            )
            await conn.execute("DELETE FROM group_sightings WHERE chat_id = ?", (old,))

    # -- privacy ----------------------------------------------------------------------------

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        """Everything this feature stores about one person, as plain JSON-able data."""
        row = await self.db.fetchone("SELECT * FROM members WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        projects = await self.db.fetchall(
            "SELECT project_id FROM member_projects WHERE user_id = ? ORDER BY project_id",
            (user_id,),
        )
        onboarding = await self.db.fetchone(
            "SELECT step, mode, intent, country_id, started_at, updated_at, completed_at"
            " FROM onboarding WHERE user_id = ?",
            (user_id,),
        )
        sightings = await self.db.fetchall(
            "SELECT s.chat_id, c.title, s.first_name, s.last_name, s.username, s.first_seen,"
            " s.last_seen FROM group_sightings s LEFT JOIN chats c ON c.chat_id = s.chat_id"
            " WHERE s.user_id = ? ORDER BY s.chat_id",
            (user_id,),
        )
        return {
            "profile": dict(row),
            "projects": [r[0] for r in projects],
            "onboarding": dict(onboarding) if onboarding else None,
            "seen_in_groups": [dict(r) for r in sightings],
        }

    async def forget(self, user_id: int, month: str) -> bool:
        """Delete a person (their projects and onboarding follow by ON DELETE CASCADE) and
        their sightings; count them anonymously. False if there was nothing to delete."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM group_sightings WHERE user_id = ?", (user_id,))
            sightings = cursor.rowcount
            cursor = await conn.execute("DELETE FROM members WHERE user_id = ?", (user_id,))
            existed = cursor.rowcount > 0 or sightings > 0
            if existed:
                await conn.execute(
                    "INSERT INTO forgotten_members (month, count) VALUES (?, 1)"
                    " ON CONFLICT (month) DO UPDATE SET count = count + 1",
                    (month,),
                )
            return existed

    async def forgotten_counts(self) -> dict[str, int]:
        rows = await self.db.fetchall("SELECT month, count FROM forgotten_members ORDER BY month")
        return {str(r[0]): int(r[1]) for r in rows}

    async def references_to_members(self) -> list[tuple[str, str, str]]:
        """(table, column, ON DELETE action) of every foreign key pointing at members."""
        tables = await self.db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        found: list[tuple[str, str, str]] = []
        for (table,) in tables:
            keys = await self.db.fetchall(
                'SELECT "table", "from", on_delete FROM pragma_foreign_key_list(?)', (table,)
            )
            for target, column, on_delete in keys:
                if target == "members":
                    found.append((str(table), str(column), str(on_delete)))
        return found

    # -- CSV import -------------------------------------------------------------------------

    async def import_rows(self, rows: Sequence[RosterRow], now: datetime) -> tuple[int, int]:
        """Create or update members in ONE transaction (all or nothing), in batches.
        Returns (created, updated)."""
        stamp = to_iso(now)
        # Rows setting the same columns are updated together (one executemany each).
        updates: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
        for row in rows:
            fields = row.values()
            if row.clear_focal:
                fields.update(focal_status=None, focal_claimed_at=None)
            if fields:
                updates.setdefault(tuple(fields), []).append((*fields.values(), stamp, row.user_id))
        with_projects = [row for row in rows if row.projects is not None]
        async with self.db.transaction() as conn:
            before = conn.total_changes
            await conn.executemany(
                "INSERT OR IGNORE INTO members (user_id, first_name, created_at, updated_at)"
                " VALUES (?, '', ?, ?)",
                [(row.user_id, stamp, stamp) for row in rows],
            )
            created = conn.total_changes - before
            for columns, values in updates.items():
                assignments = ", ".join(f"{name} = ?" for name in columns)
                await conn.executemany(
                    f"UPDATE members SET {assignments}, updated_at = ? WHERE user_id = ?", values
                )
            await conn.executemany(
                "DELETE FROM member_projects WHERE user_id = ?",
                [(row.user_id,) for row in with_projects],
            )
            await conn.executemany(
                "INSERT INTO member_projects (user_id, project_id) VALUES (?, ?)",
                [
                    (row.user_id, p)
                    for row in with_projects
                    for p in sorted(set(row.projects or ()))
                ],
            )
        return created, len(rows) - created
