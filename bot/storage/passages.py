"""The documents' passages in SQLite: written with the knowledge records, searched by words.

Tables ``knowledge_documents`` and ``knowledge_passages`` (FTS5, migration 0010). The
knowledge repository replaces them in its own transaction (:meth:`PassageRepository.replace`);
:meth:`PassageRepository.search` returns the passages that best cover a question's words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import aiosqlite

from bot.knowledge.documents import (
    Concept,
    Document,
    Passage,
    coverage,
    document_language,
    in_language,
    query_concepts,
    split_passages,
    stems,
    word_weight,
)
from bot.knowledge.textnorm import detect_language
from bot.storage.database import Database

__all__ = ["Hit", "PassageRepository"]

# bm25 weights of the columns: document, position, title, heading, body, head, forms
_BM25 = "bm25(knowledge_passages, 0, 0, 0, 0, 0, 2.0, 1.0)"
_CANDIDATES = 32


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found for a question, and how well it covers the question's words."""

    passage: Passage
    coverage: float  # share of the question's word weight the passage holds (0..1)
    missing: tuple[Concept, ...]  # the question's words it does not hold
    unseen: tuple[Concept, ...]  # among them, the words no document holds at all
    rank: float  # bm25 (lower is better)
    shortfall: tuple[float, ...] = ()  # each missing word's share of the question's weight
    context: str = ""  # the passage before it under the same heading, when it holds words too


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

    async def search(self, question: str, limit: int = 3, lang: str | None = None) -> list[Hit]:
        """The passages that best cover the question's content words, best first: most of
        the question's weight (rare words weigh more), then bm25. A note that has a version
        in the reader's language (``lang``, else the question's) is quoted in it
        (``note.en.md`` beside ``note.md``), whichever version held the question's words."""
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
        layout = await self._layout()
        names = list(layout)
        lang = lang or detect_language(question)
        shown = in_language(names, lang)
        lead = await self._leads(rows)
        hits: list[Hit] = []
        order: dict[int, tuple[float, int]] = {}
        weight_sum = sum(word_weight(c, weights) for c in concepts) or 1.0
        for r in rows:
            body = set(str(r[6]).split())
            context_forms, context_text = lead.get((str(r[0]), int(r[1]), str(r[3])), (set(), ""))
            share, missing = coverage(
                concepts, set(str(r[5]).split()) | body | context_forms, weights
            )
            in_body, _ = coverage(concepts, body, weights)
            passage = Passage(str(r[0]), str(r[2]), str(r[3]), str(r[4]), int(r[1]))
            unseen = tuple(c for c in missing if not (c.forms & df.keys()))
            shortfall = tuple(word_weight(c, weights) / weight_sum for c in missing)
            # the paragraph before is quoted too when the passage alone does not hold as much
            before = context_text if in_body < share else ""
            hit = Hit(passage, share, tuple(missing), unseen, float(r[7]), shortfall, before)
            hits.append(hit)
            order[id(hit)] = (in_body, 0 if passage.document in shown else 1)
        # most of the question first; among equals, the passage whose own text (not only its
        # headings) holds most of it, in the reader's language, then bm25
        hits.sort(
            key=lambda h: (
                -round(h.coverage, 6),
                -round(order[id(h)][0], 6),
                order[id(h)][1],
                h.rank,
            )
        )
        return await self._translated(hits, limit, shown, lang, layout)

    async def _translated(
        self, hits: list[Hit], limit: int, shown: frozenset[str], lang: str, layout: dict[str, int]
    ) -> list[Hit]:
        """The first ``limit`` hits in the reader's language: a passage of a note that has a
        version in ``lang`` is replaced by the passage at the same place in that version (the
        versions of a note keep the same passages); one hit per passage shown."""
        twins = {document_language(n)[0]: n for n in layout if document_language(n)[1] == lang}
        out: list[Hit] = []
        seen: set[tuple[str, int]] = set()
        for hit in hits:
            p = hit.passage
            twin = twins.get(document_language(p.document)[0])
            if p.document not in shown and twin is not None:
                rows = await self._passages_at(twin, layout[twin], (p.position - 1, p.position))
                row = rows.get(p.position)
                if row is not None:
                    prev = rows.get(p.position - 1)
                    before = (
                        prev[2] if hit.context and prev is not None and prev[1] == row[1] else ""
                    )
                    passage = Passage(twin, row[0], row[1], row[2], p.position)
                    hit = replace(hit, passage=passage, context=before)
            key = (hit.passage.document, hit.passage.position)
            if key not in seen:
                seen.add(key)
                out.append(hit)
                if len(out) == limit:
                    break
        return out

    async def _layout(self) -> dict[str, int]:
        """The rowid of each document's first passage: passages are written in the order of
        ``knowledge_documents``, a document's in order, from the smallest rowid."""
        docs = await self._db.fetchall(
            "SELECT name, passages FROM knowledge_documents ORDER BY rowid"
        )
        first = await self._db.fetchone("SELECT MIN(rowid) FROM knowledge_passages")
        rowid = int(first[0]) if first is not None and first[0] is not None else 0
        layout: dict[str, int] = {}
        for name, count in docs:
            layout[str(name)] = rowid
            rowid += int(count)
        return layout

    async def _passages_at(
        self, document: str, first: int, positions: tuple[int, ...]
    ) -> dict[int, tuple[str, str, str]]:
        """Title, heading and text of a document's passages at ``positions``, read by rowid
        (checked against the document and position stored, so a stale layout reads nothing)."""
        wanted = [first + k for k in positions if k >= 0]
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        rows = await self._db.fetchall(
            "SELECT document, position, title, heading, body FROM knowledge_passages"
            f" WHERE rowid IN ({marks})",
            wanted,
        )
        return {int(r[1]): (str(r[2]), str(r[3]), str(r[4])) for r in rows if str(r[0]) == document}

    async def _leads(
        self, rows: Sequence[aiosqlite.Row]
    ) -> dict[tuple[str, int, str], tuple[set[str], str]]:
        """The words and text of the passage right before each candidate under the same
        heading (the paragraph a list or a follow-up sentence continues), by (document,
        position, heading). Passages are written in document order: it is the previous rowid."""
        before = sorted({int(r[8]) - 1 for r in rows if int(r[1]) > 0})
        if not before:
            return {}
        marks = ", ".join("?" * len(before))
        prev = await self._db.fetchall(
            f"SELECT document, position, heading, forms, body FROM knowledge_passages"
            f" WHERE rowid IN ({marks})",
            before,
        )
        return {
            (str(p[0]), int(p[1]) + 1, str(p[2])): (set(str(p[3]).split()), str(p[4])) for p in prev
        }
