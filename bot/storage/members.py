"""Repository of the roster: members (people), their projects, and group chats."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

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


@dataclass(frozen=True)
class Member:
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

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or str(self.user_id)


@dataclass(frozen=True)
class GroupChat:
    chat_id: int
    title: str
    type: str
    project_id: str | None
    active: bool
    language: str | None
    timezone: str | None


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
            " updated_at = excluded.updated_at",
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
        allowed = {
            "language",
            "timezone",
            "organisation_id",
            "country_id",
            "role",
            "focal_status",
            "directory_consent",
            "private_chat",
            "reachable",
            "first_name",
            "last_name",
            "username",
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
        return [_group(r) for r in rows]

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
