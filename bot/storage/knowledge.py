"""Repository of the knowledge base: the validated records of ``data/`` kept in SQLite.

The bot starts from the database (:meth:`KnowledgeRepository.read_all`) and reloads the files
when their content hash changes (:meth:`KnowledgeRepository.load_into_db`). Files are
validated first; only a fully valid snapshot replaces the stored records, in one
transaction, so a broken file never wipes what was loaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import to_iso
from bot.knowledge.documents import Document
from bot.knowledge.loader import (
    KnowledgeError,
    Problem,
    RawRecord,
    build_knowledge,
    read_snapshot,
)
from bot.knowledge.models import KINDS, KnowledgeBase
from bot.storage.database import Database
from bot.storage.passages import PassageRepository

__all__ = ["KnowledgeRepository", "LoadResult"]

_DB_FILE = "database"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What :meth:`KnowledgeRepository.load_into_db` did."""

    changed: bool  # False: the stored hash was already this one, nothing written
    content_hash: str
    knowledge: KnowledgeBase
    counts: dict[str, int]
    documents: int = 0  # data/documents files indexed


class KnowledgeRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.passages = PassageRepository(db)

    # ----------------------------------------------------------------- recent questions

    async def recent_question(self, chat_id: int, user_id: int, since: datetime) -> str | None:
        """The asker's last question in the chat, if asked at ``since`` or after."""
        value = await self._db.fetchval(
            "SELECT question FROM recent_questions WHERE chat_id = ? AND user_id = ? "
            "AND asked_at >= ?",
            (chat_id, user_id, to_iso(since)),
        )
        return None if value is None else str(value)

    async def remember_question(
        self, chat_id: int, user_id: int, question: str, at: datetime
    ) -> None:
        """Keep ``question`` as the asker's last one in the chat (replacing the one before)."""
        await self._db.execute(
            "INSERT INTO recent_questions (chat_id, user_id, question, asked_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET "
            "question = excluded.question, asked_at = excluded.asked_at",
            (chat_id, user_id, question, to_iso(at)),
        )

    # ----------------------------------------------------------------- meta

    async def get_hash(self) -> str | None:
        """Content hash of the files the stored records came from (None: nothing loaded)."""
        value = await self._db.fetchval(
            "SELECT value FROM knowledge_meta WHERE key = 'content_hash'"
        )
        return None if value is None else str(value)

    async def get_meta(self) -> dict[str, str]:
        rows = await self._db.fetchall("SELECT key, value FROM knowledge_meta ORDER BY key")
        return {str(row[0]): str(row[1]) for row in rows}

    async def is_empty(self) -> bool:
        return await self._db.fetchval("SELECT COUNT(*) FROM knowledge_records") == 0

    # ----------------------------------------------------------------- write

    async def load_into_db(
        self,
        path: Path | None = None,
        *,
        force: bool = False,
        now: datetime | None = None,
    ) -> LoadResult:
        """Validate the data directory and, if valid and changed, replace the stored records.

        Raises :class:`KnowledgeError` (with every problem) when the files are not valid; the
        stored records are then left untouched. Idempotent: loading the same files twice
        writes nothing the second time (unless ``force``).
        """
        snapshot = read_snapshot(path)
        if snapshot.problems:
            raise KnowledgeError(snapshot.problems)
        kb = snapshot.knowledge
        documents = len(snapshot.documents)
        if (
            not force
            and await self.get_hash() == snapshot.content_hash
            # a database migrated after its last load has the documents still to index
            and (await self.passages.counts())[0] == documents
        ):
            return LoadResult(False, snapshot.content_hash, kb, kb.counts(), documents)
        source = str(path) if path is not None else "default"
        await self.store(
            kb, snapshot.content_hash, source=source, now=now, documents=snapshot.documents
        )
        return LoadResult(True, snapshot.content_hash, kb, kb.counts(), documents)

    async def store(
        self,
        kb: KnowledgeBase,
        content_hash: str,
        *,
        source: str = "",
        now: datetime | None = None,
        documents: Sequence[Document] = (),
    ) -> None:
        """Replace every stored record by ``kb``'s, and the documents' passages by those of
        ``documents``, atomically (one transaction)."""
        rows = [
            (record.kind, record.id, position, record.model_dump_json())
            for position, record in enumerate(kb.records())
        ]
        stamp = (now or datetime.now(UTC)).isoformat()
        meta = [
            ("content_hash", content_hash),
            ("loaded_at", stamp),
            ("source", source),
            ("record_count", str(len(rows))),
        ]
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM knowledge_records")
            await conn.executemany(
                "INSERT INTO knowledge_records (kind, id, position, data) VALUES (?, ?, ?, ?)",
                rows,
            )
            await conn.executemany(
                "INSERT INTO knowledge_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                meta,
            )
            await self.passages.replace(conn, documents)

    async def replace_passages(self, documents: Sequence[Document]) -> int:
        """Replace the documents' passages only (one transaction); returns their number."""
        async with self._db.transaction() as conn:
            return await self.passages.replace(conn, documents)

    # ----------------------------------------------------------------- read

    async def read_all(self) -> KnowledgeBase:
        """The stored knowledge base (empty if nothing was loaded yet).

        Records are re-validated with the current models; raises :class:`KnowledgeError`
        if the stored data no longer fits them (then reload from the files).
        """
        rows = await self._db.fetchall(
            "SELECT kind, id, data FROM knowledge_records ORDER BY position"
        )
        raw: list[RawRecord] = []
        problems: list[Problem] = []
        counters: dict[str, int] = {}
        for row in rows:
            kind, record_id, data = str(row[0]), str(row[1]), str(row[2])
            if kind not in KINDS:
                problems.append(Problem(_DB_FILE, record_id, None, f"unknown kind {kind!r}"))
                continue
            index = counters.get(kind, 0)
            counters[kind] = index + 1
            raw.append(RawRecord(kind, json.loads(data), _DB_FILE, index))
        kb, more = build_knowledge(raw)
        problems.extend(more)
        if problems:
            raise KnowledgeError(problems)
        return kb
