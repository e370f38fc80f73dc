"""Repository of polls, their Telegram copies, every answer, and feedback after events.

See ``migrations/0006_polls.sql``. The hot path is :meth:`PollsRepository.add_answers`: one
``executemany`` in one transaction per batch; each row picks up the voter's organisation and
country and whether the poll was already closed, in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import from_iso, to_iso
from bot.storage.database import Database
from bot.storage.rows import instant_or_none


@dataclass(frozen=True)
class Poll:
    id: int
    project_id: str | None
    kind: str  # quick | attendance | satisfaction
    event_id: int | None
    question: str
    options: tuple[str, ...]
    multiple: bool
    anonymous: bool
    to_groups: bool
    to_private: bool
    language: str
    created_by: int | None
    created_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def ref(self) -> str:
        """The outbox ref of everything sent for this poll."""
        return f"poll:{self.id}"


@dataclass(frozen=True)
class NewPoll:
    """What is needed to store a poll (validated by the service)."""

    question: str
    options: tuple[str, ...]
    project_id: str | None = None
    kind: str = "quick"
    event_id: int | None = None
    multiple: bool = False
    anonymous: bool = False
    to_groups: bool = True
    to_private: bool = True
    language: str = "fr"
    created_by: int | None = None
    closes_at: datetime | None = None


@dataclass(frozen=True)
class PollMessage:
    telegram_poll_id: str
    poll_id: int
    chat_id: int
    message_id: int
    kind: str
    stopped: bool


@dataclass(frozen=True)
class RawAnswer:
    """One ``poll_answer`` update as received (``option_ids`` empty: vote retracted)."""

    update_id: int
    telegram_poll_id: str
    user_id: int
    voter_name: str
    option_ids: tuple[int, ...]
    answered_at: datetime


@dataclass(frozen=True)
class RawTotals:
    """One ``poll`` update: the counts of one Telegram poll."""

    update_id: int
    telegram_poll_id: str
    counts: tuple[int, ...]
    voter_count: int
    is_closed: bool
    at: datetime


@dataclass(frozen=True)
class AnswerRow:
    """A stored answer: the current one of a voter, or one line of the history."""

    user_id: int
    voter_name: str
    option_ids: tuple[int, ...]
    organisation_id: str | None
    country_id: str | None
    answered_at: datetime
    update_id: int
    late: bool = False
    chat_id: int | None = None

    @property
    def retracted(self) -> bool:
        return not self.option_ids


@dataclass(frozen=True)
class AnswerCounts:
    rows: int  # every answer received, changes and retractions included
    late: int
    unlinked: int  # waiting for their Telegram poll to be known


@dataclass(frozen=True)
class Comment:
    event_id: int
    user_id: int
    voter_name: str
    organisation_id: str | None
    country_id: str | None
    text: str
    created_at: datetime


POLL_COLUMNS = (
    "id, project_id, kind, event_id, question, multiple, anonymous, to_groups, to_private,"
    " language, created_by, created_at, closes_at, closed_at"
)


ANSWER_INSERT = (
    "INSERT OR IGNORE INTO poll_answers (poll_id, telegram_poll_id, update_id, user_id,"
    " voter_name, option_ids, organisation_id, country_id, answered_at, late)"
    " SELECT pm.poll_id, :tp, :update_id, :user_id, :name, :options,"
    " m.organisation_id, m.country_id, :at,"
    " CASE WHEN p.closed_at IS NOT NULL AND p.closed_at <= :at THEN 1 ELSE 0 END"
    " FROM (SELECT 1) AS one"
    " LEFT JOIN poll_messages pm ON pm.telegram_poll_id = :tp"
    " LEFT JOIN polls p ON p.id = pm.poll_id"
    " LEFT JOIN members m ON m.user_id = :user_id"
)
TOTALS_UPSERT = (
    "INSERT INTO poll_totals (telegram_poll_id, update_id, counts, voter_count,"
    " is_closed, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (telegram_poll_id) DO UPDATE SET update_id = excluded.update_id,"
    " counts = excluded.counts, voter_count = excluded.voter_count,"
    " is_closed = excluded.is_closed, updated_at = excluded.updated_at"
    " WHERE excluded.update_id > poll_totals.update_id"
)


def _answer_params(answer: RawAnswer) -> dict[str, Any]:
    return {
        "tp": answer.telegram_poll_id,
        "update_id": answer.update_id,
        "user_id": answer.user_id,
        "name": answer.voter_name,
        "options": _options_text(answer.option_ids),
        "at": to_iso(answer.answered_at),
    }


def _totals_params(totals: RawTotals) -> tuple[Any, ...]:
    return (
        totals.telegram_poll_id,
        totals.update_id,
        _options_text(totals.counts),
        totals.voter_count,
        int(totals.is_closed),
        to_iso(totals.at),
    )


def _options_text(option_ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in option_ids)


def _answer_row(r: Any, *, late: bool = False) -> AnswerRow:
    """An :class:`AnswerRow` from a ``poll_answers`` row joined with its ``chat_id``."""
    return AnswerRow(
        user_id=r["user_id"],
        voter_name=r["voter_name"],
        option_ids=_option_ids(r["option_ids"]),
        organisation_id=r["organisation_id"],
        country_id=r["country_id"],
        answered_at=from_iso(r["answered_at"]),
        update_id=r["update_id"],
        late=late,
        chat_id=r["chat_id"],
    )


def _option_ids(text: str) -> tuple[int, ...]:
    return tuple(int(i) for i in text.split(",")) if text else ()


class PollsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- polls ------------------------------------------------------------------------------

    async def create(self, poll: NewPoll, now: datetime) -> int:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO polls (project_id, kind, event_id, question, multiple, anonymous,"
                " to_groups, to_private, language, created_by, created_at, closes_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    poll.project_id,
                    poll.kind,
                    poll.event_id,
                    poll.question,
                    int(poll.multiple),
                    int(poll.anonymous),
                    int(poll.to_groups),
                    int(poll.to_private),
                    poll.language,
                    poll.created_by,
                    to_iso(now),
                    to_iso(poll.closes_at) if poll.closes_at else None,
                ),
            )
            poll_id = int(cursor.lastrowid or 0)
            await conn.executemany(
                "INSERT INTO poll_options (poll_id, position, text) VALUES (?, ?, ?)",
                [(poll_id, i, text) for i, text in enumerate(poll.options)],
            )
        return poll_id

    async def _polls(self, where: str, params: Sequence[Any] = ()) -> list[Poll]:
        rows = await self.db.fetchall(f"SELECT {POLL_COLUMNS} FROM polls WHERE {where}", params)
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        options: dict[int, list[str]] = {i: [] for i in ids}
        for chunk in _chunks(ids, 500):
            found = await self.db.fetchall(
                "SELECT poll_id, text FROM poll_options"
                f" WHERE poll_id IN ({','.join('?' * len(chunk))}) ORDER BY poll_id, position",
                chunk,
            )
            for row in found:
                options[row["poll_id"]].append(row["text"])
        return [
            Poll(
                id=row["id"],
                project_id=row["project_id"],
                kind=row["kind"],
                event_id=row["event_id"],
                question=row["question"],
                options=tuple(options[row["id"]]),
                multiple=bool(row["multiple"]),
                anonymous=bool(row["anonymous"]),
                to_groups=bool(row["to_groups"]),
                to_private=bool(row["to_private"]),
                language=row["language"],
                created_by=row["created_by"],
                created_at=from_iso(row["created_at"]),
                closes_at=instant_or_none(row["closes_at"]),
                closed_at=instant_or_none(row["closed_at"]),
            )
            for row in rows
        ]

    async def get(self, poll_id: int) -> Poll | None:
        found = await self._polls("id = ?", (poll_id,))
        return found[0] if found else None

    async def recent(self, limit: int = 10, *, projects: Sequence[str] | None = None) -> list[Poll]:
        """The latest polls first (of the given projects only, if any)."""
        if projects is None:
            return await self._polls("1 = 1 ORDER BY id DESC LIMIT ?", (limit,))
        marks = ",".join("?" * len(projects))
        return await self._polls(
            f"project_id IN ({marks}) ORDER BY id DESC LIMIT ?", (*projects, limit)
        )

    async def in_chat(self, chat_id: int, limit: int = 1) -> list[Poll]:
        """The latest polls sent to a chat."""
        return await self._polls(
            "id IN (SELECT poll_id FROM poll_messages WHERE chat_id = ?) ORDER BY id DESC LIMIT ?",
            (chat_id, limit),
        )

    async def to_close(self) -> list[Poll]:
        """Open polls with a planned closing time (rebuilt into the scheduler at start)."""
        return await self._polls("closed_at IS NULL AND closes_at IS NOT NULL ORDER BY id")

    async def for_event(self, event_id: int) -> list[Poll]:
        return await self._polls("event_id = ? ORDER BY id", (event_id,))

    async def mark_closed(self, poll_id: int, now: datetime) -> bool:
        """Close a poll; False if it was already closed (closing happens once)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                (to_iso(now), poll_id),
            )
            return cursor.rowcount == 1

    # -- Telegram copies --------------------------------------------------------------------

    async def record_message(
        self,
        poll_id: int,
        telegram_poll_id: str,
        chat_id: int,
        message_id: int,
        kind: str,
        now: datetime,
    ) -> None:
        """Remember which of our polls a Telegram poll is; answers that came first follow."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO poll_messages (telegram_poll_id, poll_id, chat_id,"
                " message_id, kind, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
                (telegram_poll_id, poll_id, chat_id, message_id, kind, to_iso(now)),
            )
            await conn.execute(
                "UPDATE poll_answers SET poll_id = ?, late = (SELECT CASE WHEN p.closed_at"
                " IS NOT NULL AND p.closed_at <= poll_answers.answered_at THEN 1 ELSE 0 END"
                " FROM polls p WHERE p.id = ?) WHERE telegram_poll_id = ? AND poll_id IS NULL",
                (poll_id, poll_id, telegram_poll_id),
            )

    async def messages(self, poll_id: int) -> list[PollMessage]:
        rows = await self.db.fetchall(
            "SELECT telegram_poll_id, poll_id, chat_id, message_id, kind, stopped_at"
            " FROM poll_messages WHERE poll_id = ? ORDER BY chat_id, sent_at",
            (poll_id,),
        )
        return [_message(r) for r in rows]

    async def unstopped(self) -> list[PollMessage]:
        """Telegram polls of closed polls not stopped yet."""
        rows = await self.db.fetchall(
            "SELECT pm.telegram_poll_id, pm.poll_id, pm.chat_id, pm.message_id, pm.kind,"
            " pm.stopped_at FROM poll_messages pm JOIN polls p ON p.id = pm.poll_id"
            " WHERE p.closed_at IS NOT NULL AND pm.stopped_at IS NULL ORDER BY pm.poll_id"
        )
        return [_message(r) for r in rows]

    async def mark_stopped(self, telegram_poll_ids: Sequence[str], now: datetime) -> None:
        if telegram_poll_ids:
            await self.db.executemany(
                "UPDATE poll_messages SET stopped_at = ? WHERE telegram_poll_id = ?",
                [(to_iso(now), t) for t in telegram_poll_ids],
            )

    # -- answers (hot path) -----------------------------------------------------------------

    async def add_batch(self, answers: Sequence[RawAnswer], totals: Sequence[RawTotals]) -> None:
        """Store a batch of answers and of totals in one transaction (the hot path).

        An answer whose update was seen before is ignored; each takes the voter's
        organisation and country from the roster now, and is ``late`` if its poll was closed
        when it was received. Totals keep the latest counts per Telegram poll (by update id,
        whatever the order they arrive in)."""
        if not answers and not totals:
            return
        async with self.db.transaction() as conn:
            if answers:
                await conn.executemany(ANSWER_INSERT, [_answer_params(a) for a in answers])
            if totals:
                await conn.executemany(TOTALS_UPSERT, [_totals_params(t) for t in totals])

    async def add_answers(self, answers: Sequence[RawAnswer]) -> None:
        await self.add_batch(answers, ())

    async def add_totals(self, totals: Sequence[RawTotals]) -> None:
        await self.add_batch((), totals)

    # -- reading answers --------------------------------------------------------------------

    async def latest_answers(self, poll_id: int) -> list[AnswerRow]:
        """The latest answer (not late) of each voter in each chat's Telegram poll.

        SQLite returns the bare columns of the row holding ``MAX(update_id)``.
        """
        rows = await self.db.fetchall(
            "SELECT a.user_id, a.voter_name, a.option_ids, a.organisation_id, a.country_id,"
            " a.answered_at, MAX(a.update_id) AS update_id, pm.chat_id"
            " FROM poll_answers a LEFT JOIN poll_messages pm"
            " ON pm.telegram_poll_id = a.telegram_poll_id"
            " WHERE a.poll_id = ? AND a.late = 0 GROUP BY a.telegram_poll_id, a.user_id",
            (poll_id,),
        )
        return [_answer_row(r) for r in rows]

    async def history(self, poll_id: int) -> list[AnswerRow]:
        """Every answer received, in Telegram's order (for the CSV export)."""
        rows = await self.db.fetchall(
            "SELECT a.user_id, a.voter_name, a.option_ids, a.organisation_id, a.country_id,"
            " a.answered_at, a.update_id, a.late, pm.chat_id FROM poll_answers a"
            " LEFT JOIN poll_messages pm ON pm.telegram_poll_id = a.telegram_poll_id"
            " WHERE a.poll_id = ? ORDER BY a.update_id, a.id",
            (poll_id,),
        )
        return [_answer_row(r, late=bool(r["late"])) for r in rows]

    async def answer_counts(self, poll_id: int) -> AnswerCounts:
        row = await self.db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(late), 0) FROM poll_answers WHERE poll_id = ?",
            (poll_id,),
        )
        unlinked = await self.db.fetchval("SELECT COUNT(*) FROM poll_answers WHERE poll_id IS NULL")
        assert row is not None
        return AnswerCounts(rows=int(row[0]), late=int(row[1]), unlinked=int(unlinked or 0))

    async def totals(self, poll_id: int) -> tuple[list[int], int]:
        """Telegram's counts summed over every chat's copy: (voters per option, voters)."""
        rows = await self.db.fetchall(
            "SELECT t.counts, t.voter_count FROM poll_totals t JOIN poll_messages pm"
            " ON pm.telegram_poll_id = t.telegram_poll_id WHERE pm.poll_id = ?",
            (poll_id,),
        )
        counts: list[int] = []
        voters = 0
        for row in rows:
            for index, value in enumerate(_option_ids(row["counts"])):
                if index >= len(counts):
                    counts.append(0)
                counts[index] += value
            voters += int(row["voter_count"])
        return counts, voters

    async def personal_data(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about a person here: answers (history) and comments."""
        answers = await self.db.fetchall(
            "SELECT a.poll_id, p.question, a.option_ids, a.organisation_id, a.country_id,"
            " a.answered_at, a.late FROM poll_answers a LEFT JOIN polls p ON p.id = a.poll_id"
            " WHERE a.user_id = ? ORDER BY a.update_id",
            (user_id,),
        )
        comments = await self.db.fetchall(
            "SELECT event_id, text, organisation_id, country_id, created_at"
            " FROM feedback_comments WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        return {
            "answers": [dict(row) for row in answers],
            "comments": [dict(row) for row in comments],
        }

    async def forget_user(self, user_id: int) -> int:
        """Delete a person's answers, comments and private copies of polls; polls they
        created stay, without their author (their right to be forgotten)."""
        async with self.db.transaction() as conn:
            deleted = 0
            for sql in (
                "DELETE FROM poll_answers WHERE user_id = ?",
                "DELETE FROM feedback_comments WHERE user_id = ?",
                "DELETE FROM poll_totals WHERE telegram_poll_id IN"
                " (SELECT telegram_poll_id FROM poll_messages WHERE chat_id = ?)",
                "DELETE FROM poll_messages WHERE chat_id = ?",
                "DELETE FROM feedback_prompts WHERE chat_id = ?",
            ):
                cursor = await conn.execute(sql, (user_id,))
                deleted += int(cursor.rowcount)
            await conn.execute(
                "UPDATE polls SET created_by = NULL WHERE created_by = ?", (user_id,)
            )
            return deleted

    # -- feedback after events --------------------------------------------------------------

    async def feedback_setting(self, event_id: int) -> bool | None:
        value = await self.db.fetchval(
            "SELECT enabled FROM event_feedback WHERE event_id = ?", (event_id,)
        )
        return None if value is None else bool(value)

    async def set_feedback(self, event_id: int, enabled: bool | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO event_feedback (event_id, enabled, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (event_id) DO UPDATE SET enabled = excluded.enabled,"
            " updated_at = excluded.updated_at",
            (event_id, None if enabled is None else int(enabled), to_iso(now)),
        )

    async def mark_feedback_asked(self, event_id: int, now: datetime) -> bool:
        """Record that feedback is being asked; False if it already was (asked once)."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO event_feedback (event_id, updated_at) VALUES (?, ?)",
                (event_id, stamp),
            )
            cursor = await conn.execute(
                "UPDATE event_feedback SET asked_at = ?, updated_at = ?"
                " WHERE event_id = ? AND asked_at IS NULL",
                (stamp, stamp, event_id),
            )
            return cursor.rowcount == 1

    async def add_prompt(
        self, chat_id: int, message_id: int, event_id: int, sent_at: datetime | None = None
    ) -> None:
        await self.db.execute(
            "INSERT OR IGNORE INTO feedback_prompts (chat_id, message_id, event_id, sent_at)"
            " VALUES (?, ?, ?, ?)",
            (chat_id, message_id, event_id, to_iso(sent_at) if sent_at else None),
        )

    async def open_prompts(self, since: datetime) -> dict[int, tuple[int, int, datetime]]:
        """Prompts sent in private chats since ``since``: chat -> (message, event, sent at),
        the latest per chat, unless that person has commented on that event already."""
        rows = await self.db.fetchall(
            "SELECT p.chat_id, p.message_id, p.event_id, p.sent_at FROM feedback_prompts p"
            " WHERE p.chat_id > 0 AND p.sent_at >= ? AND NOT EXISTS (SELECT 1 FROM"
            " feedback_comments c WHERE c.event_id = p.event_id AND c.user_id = p.chat_id)"
            " ORDER BY p.sent_at",
            (to_iso(since),),
        )
        return {int(r[0]): (int(r[1]), int(r[2]), from_iso(r[3])) for r in rows}

    async def withdraw_comment(self, comment_id: int, user_id: int) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM feedback_comments WHERE id = ? AND user_id = ?",
                (comment_id, user_id),
            )
            return cursor.rowcount == 1

    async def prompts(self) -> dict[tuple[int, int], int]:
        rows = await self.db.fetchall("SELECT chat_id, message_id, event_id FROM feedback_prompts")
        return {(r[0], r[1]): r[2] for r in rows}

    async def add_comment(
        self,
        event_id: int,
        user_id: int,
        voter_name: str,
        chat_id: int,
        message_id: int,
        text: str,
        now: datetime,
    ) -> int:
        """The comment's id (0 if that message was stored already)."""
        return await self.db.execute(
            "INSERT OR IGNORE INTO feedback_comments (event_id, user_id, voter_name,"
            " organisation_id, country_id, chat_id, message_id, text, created_at)"
            " SELECT ?, ?, ?, m.organisation_id, m.country_id, ?, ?, ?, ?"
            " FROM (SELECT 1) AS one LEFT JOIN members m ON m.user_id = ?",
            (event_id, user_id, voter_name, chat_id, message_id, text, to_iso(now), user_id),
        )

    async def comments(self, event_id: int) -> list[Comment]:
        rows = await self.db.fetchall(
            "SELECT event_id, user_id, voter_name, organisation_id, country_id, text, created_at"
            " FROM feedback_comments WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return [
            Comment(
                r["event_id"],
                r["user_id"],
                r["voter_name"],
                r["organisation_id"],
                r["country_id"],
                r["text"],
                from_iso(r["created_at"]),
            )
            for r in rows
        ]


def _message(row: Any) -> PollMessage:
    return PollMessage(
        row["telegram_poll_id"],
        row["poll_id"],
        row["chat_id"],
        row["message_id"],
        row["kind"],
        row["stopped_at"] is not None,
    )


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
