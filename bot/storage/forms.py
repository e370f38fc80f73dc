"""The SQL of the self-assessment questionnaires (migration 0012): stored definitions, each
organisation's shared draft and its answers, where each person is, and the reminders sent."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.clock import from_iso, to_iso
from bot.storage.database import Database


@dataclass(frozen=True)
class StoredForm:
    id: str
    project_id: str
    definition: str
    file: str


@dataclass(frozen=True)
class Response:
    form_id: str
    organisation_id: str
    status: str  # draft | submitted
    updated_at: datetime
    submitted_at: datetime | None
    answers: dict[str, Any]  # question id -> value (None: skipped)


@dataclass(frozen=True)
class Session:
    """Where a person is in a questionnaire (their private chat)."""

    user_id: int
    form_id: str
    organisation_id: str
    question_id: str | None  # None: the summary
    back_to_summary: bool
    updated_at: datetime


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class FormsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- definitions -------------------------------------------------------------------------

    async def stored_forms(self) -> list[StoredForm]:
        rows = await self.db.fetchall(
            "SELECT id, project_id, definition, file FROM forms ORDER BY id"
        )
        return [StoredForm(r["id"], r["project_id"], r["definition"], r["file"]) for r in rows]

    async def save_form(
        self,
        form_id: str,
        project_id: str,
        definition: str,
        file: str,
        now: datetime,
        drop: Iterable[tuple[str, str]] = (),
    ) -> None:
        """The new version of a questionnaire, and the answers it cannot keep
        (``(organisation, question)``) removed, in one transaction."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO forms (id, project_id, definition, file, loaded_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " project_id = excluded.project_id, definition = excluded.definition,"
                " file = excluded.file, loaded_at = excluded.loaded_at",
                (form_id, project_id, definition, file, to_iso(now)),
            )
            await conn.executemany(
                "DELETE FROM form_answers WHERE form_id = ? AND organisation_id = ?"
                " AND question_id = ?",
                [(form_id, org, question_id) for org, question_id in drop],
            )

    async def deadlines(self) -> dict[str, tuple[date, date]]:
        """Deadlines set by coordinators: ``{form: (deadline, the file's deadline then)}``."""
        rows = await self.db.fetchall("SELECT form_id, deadline, file_deadline FROM form_deadlines")
        return {r[0]: (date.fromisoformat(r[1]), date.fromisoformat(r[2])) for r in rows}

    async def set_deadline(
        self, form_id: str, deadline: date, file_deadline: date, by: int | None, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO form_deadlines (form_id, deadline, file_deadline, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (form_id) DO UPDATE SET"
            " deadline = excluded.deadline, file_deadline = excluded.file_deadline,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (form_id, deadline.isoformat(), file_deadline.isoformat(), by, to_iso(now)),
        )

    async def drop_deadline(self, form_id: str) -> None:
        await self.db.execute("DELETE FROM form_deadlines WHERE form_id = ?", (form_id,))

    async def answered_questions(self, form_id: str) -> list[tuple[str, str, Any]]:
        """(organisation, question, value) of every stored answer of a questionnaire."""
        rows = await self.db.fetchall(
            "SELECT organisation_id, question_id, value FROM form_answers WHERE form_id = ?",
            (form_id,),
        )
        return [(r[0], r[1], json.loads(r[2])) for r in rows]

    # -- drafts and answers ------------------------------------------------------------------

    async def response(self, form_id: str, organisation_id: str) -> Response | None:
        row = await self.db.fetchone(
            "SELECT status, updated_at, submitted_at FROM form_responses"
            " WHERE form_id = ? AND organisation_id = ?",
            (form_id, organisation_id),
        )
        if row is None:
            return None
        answers = await self.db.fetchall(
            "SELECT question_id, value FROM form_answers WHERE form_id = ? AND organisation_id = ?",
            (form_id, organisation_id),
        )
        return Response(
            form_id,
            organisation_id,
            row["status"],
            from_iso(row["updated_at"]),
            from_iso(row["submitted_at"]) if row["submitted_at"] else None,
            {a[0]: json.loads(a[1]) for a in answers},
        )

    async def responses(self, form_id: str) -> dict[str, Response]:
        """Every organisation's draft of a questionnaire, with its answers (two reads)."""
        rows = await self.db.fetchall(
            "SELECT organisation_id, status, updated_at, submitted_at FROM form_responses"
            " WHERE form_id = ?",
            (form_id,),
        )
        answers: dict[str, dict[str, Any]] = {r[0]: {} for r in rows}
        # One JSON object per organisation, built by SQLite: one decode each, not one per answer.
        for org, grouped in await self.db.fetchall(
            "SELECT organisation_id, json_group_object(question_id, json(value))"
            " FROM form_answers WHERE form_id = ? GROUP BY organisation_id",
            (form_id,),
        ):
            answers[org] = json.loads(grouped)
        return {
            r[0]: Response(
                form_id,
                r[0],
                r[1],
                from_iso(r[2]),
                from_iso(r[3]) if r[3] else None,
                answers.get(r[0], {}),
            )
            for r in rows
        }

    async def put_answers(
        self,
        form_id: str,
        batch: Sequence[tuple[str, Sequence[tuple[str, Any]], str | None]],
        user_id: int | None,
        now: datetime,
    ) -> int:
        """Answers of organisations in one transaction: ``(organisation, [(question, value)],
        status)``; ``status`` (``draft`` or ``submitted``) is set when given. Returns the number
        of answers written."""
        stamp = to_iso(now)
        written = 0
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO form_responses (form_id, organisation_id, started_at, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (form_id, organisation_id)"
                " DO UPDATE SET updated_at = excluded.updated_at",
                [(form_id, org, stamp, stamp) for org, _, _ in batch],
            )
            rows = [
                (form_id, org, question, _dumps(value), user_id, stamp)
                for org, answers, _ in batch
                for question, value in answers
            ]
            written = len(rows)
            await conn.executemany(
                "INSERT INTO form_answers (form_id, organisation_id, question_id, value,"
                " answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (form_id, organisation_id, question_id) DO UPDATE SET"
                " value = excluded.value, answered_by = excluded.answered_by,"
                " answered_at = excluded.answered_at",
                rows,
            )
            submitted = [(stamp, user_id, form_id, o) for o, _, s in batch if s == "submitted"]
            await conn.executemany(
                "UPDATE form_responses SET status = 'submitted', submitted_at = ?,"
                " submitted_by = ? WHERE form_id = ? AND organisation_id = ?",
                submitted,
            )
            await conn.executemany(
                "UPDATE form_responses SET status = 'draft' WHERE form_id = ?"
                " AND organisation_id = ?",
                [(form_id, o) for o, _, s in batch if s == "draft"],
            )
        return written

    async def clear_answer(self, form_id: str, organisation_id: str, question_id: str) -> None:
        await self.db.execute(
            "DELETE FROM form_answers WHERE form_id = ? AND organisation_id = ?"
            " AND question_id = ?",
            (form_id, organisation_id, question_id),
        )

    async def set_status(
        self, form_id: str, organisation_id: str, status: str, user_id: int, now: datetime
    ) -> None:
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO form_responses (form_id, organisation_id, started_at, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (form_id, organisation_id)"
                " DO UPDATE SET updated_at = excluded.updated_at",
                (form_id, organisation_id, stamp, stamp),
            )
            if status == "submitted":
                await conn.execute(
                    "UPDATE form_responses SET status = 'submitted', submitted_at = ?,"
                    " submitted_by = ? WHERE form_id = ? AND organisation_id = ?",
                    (stamp, user_id, form_id, organisation_id),
                )
            else:
                await conn.execute(
                    "UPDATE form_responses SET status = 'draft'"
                    " WHERE form_id = ? AND organisation_id = ?",
                    (form_id, organisation_id),
                )

    # -- where each person is ----------------------------------------------------------------

    async def sessions(self) -> list[Session]:
        rows = await self.db.fetchall(
            "SELECT user_id, form_id, organisation_id, question_id, back_to_summary, updated_at"
            " FROM form_sessions"
        )
        return [_session(r) for r in rows]

    async def session(self, user_id: int) -> Session | None:
        row = await self.db.fetchone(
            "SELECT user_id, form_id, organisation_id, question_id, back_to_summary, updated_at"
            " FROM form_sessions WHERE user_id = ?",
            (user_id,),
        )
        return _session(row) if row else None

    async def set_session(self, session: Session) -> None:
        await self.db.execute(
            "INSERT INTO form_sessions (user_id, form_id, organisation_id, question_id,"
            " back_to_summary, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id)"
            " DO UPDATE SET form_id = excluded.form_id, organisation_id = excluded.organisation_id,"
            " question_id = excluded.question_id, back_to_summary = excluded.back_to_summary,"
            " updated_at = excluded.updated_at",
            (
                session.user_id,
                session.form_id,
                session.organisation_id,
                session.question_id,
                int(session.back_to_summary),
                to_iso(session.updated_at),
            ),
        )

    async def end_session(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM form_sessions WHERE user_id = ?", (user_id,))

    # -- reminders ---------------------------------------------------------------------------

    async def last_reminders(self, form_id: str) -> dict[str, datetime]:
        rows = await self.db.fetchall(
            "SELECT organisation_id, MAX(sent_at) FROM form_reminders WHERE form_id = ?"
            " GROUP BY organisation_id",
            (form_id,),
        )
        return {r[0]: from_iso(r[1]) for r in rows}

    async def reminded(self, form_id: str, kind: str, since: datetime | None = None) -> set[str]:
        """Organisations sent a reminder of ``kind`` (since ``since``: a new deadline has
        its own automatic reminders)."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT organisation_id FROM form_reminders WHERE form_id = ? AND kind = ?"
            " AND sent_at >= ?",
            (form_id, kind, to_iso(since) if since else ""),
        )
        return {r[0] for r in rows}

    async def add_reminders(
        self, form_id: str, kind: str, sent: Iterable[tuple[str, int]], now: datetime
    ) -> None:
        await self.db.executemany(
            "INSERT INTO form_reminders (form_id, organisation_id, kind, sent_at, recipients)"
            " VALUES (?, ?, ?, ?, ?)",
            [(form_id, org, kind, to_iso(now), count) for org, count in sent],
        )

    # -- personal data -----------------------------------------------------------------------

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        answered = await self.db.fetchall(
            "SELECT form_id, organisation_id, COUNT(*) FROM form_answers WHERE answered_by = ?"
            " GROUP BY form_id, organisation_id",
            (user_id,),
        )
        if not answered:
            return None
        return {
            "answers_given": [
                {"questionnaire": r[0], "organisation": r[1], "answers": r[2]} for r in answered
            ]
        }

    async def forget_person(self, user_id: int) -> None:
        """The organisation's answers stay (they are the organisation's); who gave them goes."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE form_answers SET answered_by = NULL WHERE answered_by = ?", (user_id,)
            )
            await conn.execute(
                "UPDATE form_responses SET submitted_by = NULL WHERE submitted_by = ?",
                (user_id,),
            )
            await conn.execute("DELETE FROM form_sessions WHERE user_id = ?", (user_id,))
            await conn.execute(
                "UPDATE form_deadlines SET set_by = NULL WHERE set_by = ?", (user_id,)
            )


def _session(row: Any) -> Session:
    return Session(int(row[0]), row[1], row[2], row[3], bool(row[4]), from_iso(row[5]))
