"""The documents' passages in SQLite: written with the knowledge records, searched by words.

Tables ``knowledge_documents`` and ``knowledge_passages`` (FTS5, migration 0010). The
knowledge repository replaces them in its own transaction (:meth:`PassageRepository.replace`);
:meth:`PassageRepository.search` returns the passages that best cover a question's words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.knowledge.documents import (
    Concept,
    Document,
    Passage,
    coverage,
    query_concepts,
    split_passages,
    stems,
)
from bot.storage.database import Database

__all__ = ["Hit", "PassageRepository"]

# bm25 weights of the columns: document, position, title, heading, body, head, forms
_BM25 = "bm25(knowledge_passages, 0, 0, 0, 0, 0, 2.0, 1.0)"
_CANDIDATES = 24


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found for a question, and how well it covers the question's words."""

    passage: Passage
    coverage: float  # share of the question's word weight the passage holds (0..1)
    missing: tuple[Concept, ...]  # the question's words it does not hold
    unseen: tuple[Concept, ...]  # among them, the words no document holds at all
    rank: float  # bm25 (lower is better)


class PassageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ----------------------------------------------------------------- write

    @staticmethod
    async def replace(conn: aiosqlite.Connection, documents: Sequence[Document]) -> int:
        """Replace every stored passage by those of ``documents`` (inside the caller's
        transaction); returns the number of passages."""
        await conn.execute("DELETE FROM knowledge_passages")
        await conn.execute("DELETE FROM knowledge_documents")
        rows: list[tuple[str, int, str, str, str, str, str]] = []
        docs: list[tuple[str, str, int]] = []
        for doc in documents:
            passages = split_passages(doc)
            docs.append((doc.name, doc.title, len(passages)))
            for p in passages:
                head = " ".join(stems(f"{p.title} {p.heading}"))
                rows.append(
                    (
                        p.document,
                        p.position,
                        p.title,
                        p.heading,
                        p.text,
                        head,
                        " ".join(stems(p.text)),
                    )
                )
        await conn.executemany(
            "INSERT INTO knowledge_documents (name, title, passages) VALUES (?, ?, ?)", docs
        )
        await conn.executemany(
            "INSERT INTO knowledge_passages"
            " (document, position, title, heading, body, head, forms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    # ----------------------------------------------------------------- read

    async def counts(self) -> tuple[int, int]:
        """Stored documents and passages."""
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(passages), 0) FROM knowledge_documents"
        )
        return (int(row[0]), int(row[1])) if row is not None else (0, 0)

    async def titles(self) -> list[tuple[str, str]]:
        rows = await self._db.fetchall("SELECT name, title FROM knowledge_documents ORDER BY name")
        return [(str(r[0]), str(r[1])) for r in rows]

    async def search(self, question: str, limit: int = 3) -> list[Hit]:
        """The passages that best cover the question's content words, best first: most of
        the question's weight (rare words weigh more), then bm25."""
        concepts = query_concepts(question)
        forms = sorted({f for c in concepts for f in c.forms})
        if not forms:
            return []
        _docs, total = await self.counts()
        if not total:
            return []
        marks = ", ".join("?" * len(forms))
        vocab = await self._db.fetchall(
            f"SELECT term, doc FROM knowledge_passages_vocab WHERE term IN ({marks})", forms
        )
        df = {str(r[0]): int(r[1]) for r in vocab}
        if not df:
            return []
        weights = {f: math.log(1 + total / n) for f, n in df.items()}
        query = "{head forms} : (" + " OR ".join(f'"{f}"' for f in df) + ")"
        rows = await self._db.fetchall(
            "SELECT document, position, title, heading, body, head, forms, "
            f"{_BM25} AS rank, rowid FROM knowledge_passages WHERE knowledge_passages MATCH ?"
            " ORDER BY rank LIMIT ?",
            (query, _CANDIDATES),
        )
        lead = await self._leads(rows)
        hits: list[Hit] = []
        body_share: dict[int, float] = {}
        for r in rows:
            body = set(str(r[6]).split())
            context = lead.get((str(r[0]), int(r[1]), str(r[3])), set())
            share, missing = coverage(concepts, set(str(r[5]).split()) | body | context, weights)
            in_body, _ = coverage(concepts, body, weights)
            passage = Passage(str(r[0]), str(r[2]), str(r[3]), str(r[4]), int(r[1]))
            unseen = tuple(c for c in missing if not (c.forms & df.keys()))
            hits.append(Hit(passage, share, tuple(missing), unseen, float(r[7])))
            body_share[id(hits[-1])] = in_body
        # most of the question first; among equals, the passage whose own text (not only its
        # headings) holds most of it, then bm25
        hits.sort(key=lambda h: (-round(h.coverage, 6), -round(body_share[id(h)], 6), h.rank))
        return hits[:limit]

    async def _leads(self, rows: Sequence[aiosqlite.Row]) -> dict[tuple[str, int, str], set[str]]:
        """The words of the passage right before each candidate under the same heading (the
        paragraph a list or a follow-up sentence continues), by (document, position,
        heading). Passages are written in document order, so it is the previous rowid."""
        before = sorted({int(r[8]) - 1 for r in rows if int(r[1]) > 0})
        if not before:
            return {}
        marks = ", ".join("?" * len(before))
        prev = await self._db.fetchall(
            f"SELECT document, position, heading, forms FROM knowledge_passages"
            f" WHERE rowid IN ({marks})",
            before,
        )
        return {(str(p[0]), int(p[1]) + 1, str(p[2])): set(str(p[3]).split()) for p in prev}
