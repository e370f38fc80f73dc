"""The documents' passages in SQLite: written with the knowledge records, searched by words.

Tables ``knowledge_documents`` and ``knowledge_passages`` (FTS5, migration 0010). The
knowledge repository replaces them in its own transaction (:meth:`PassageRepository.replace`);
:meth:`PassageRepository.search` returns the passages that best cover a question's words.
What only a write changes (counts, each document's first rowid, how many passages hold a
word) is read once and kept until :meth:`PassageRepository.replace` or another connection
writes (SQLite's ``data_version``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import aiosqlite
from rapidfuzz.distance import OSA

from bot.knowledge.documents import (
    Concept,
    Document,
    Passage,
    coverage,
    document_language,
    in_language,
    query_concepts,
    split_passages,
    stem,
    stems,
    word_weight,
)
from bot.knowledge.textnorm import detect_language
from bot.storage.database import Database

__all__ = ["Hit", "PassageRepository"]

# bm25 weights of the columns: document, position, title, heading, body, head, forms
_BM25 = "bm25(knowledge_passages, 0, 0, 0, 0, 0, 2.0, 1.0)"
_CANDIDATES = 32
_FROM = "FROM knowledge_passages WHERE knowledge_passages MATCH ?"
_COLUMNS = "document, position, title, heading, body, head, forms"
# bm25's constants (FTS5: k1 = 1.2): a word adds at most idf * (k1 + 1) to a passage's score
_K1 = 1.2
_TERMS_KEPT = 50_000  # words whose counts are kept between searches (then read again)
# A question's word no passage holds is read as a word of the index one letter away from this
# many letters, two letters away from _TYPO_TWO (its index form's length)
_TYPO_MIN = 6
_TYPO_TWO = 9


def _other_ending(form: str, term: str) -> bool:
    """Whether one index form is the other with an ending (a vowel first: "presenta" and
    "present"), as a verb's tense the stemmer leaves is, unlike a typo ("plumbr", "plumb")."""
    short, long = sorted((form, term), key=len)
    return long.startswith(short) and long[len(short) : len(short) + 1] in set("aeiouy")


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


@dataclass(slots=True)
class _Index:
    """What only changes when the passages are written: read once, kept until then."""

    version: int  # PRAGMA data_version when read (another connection's writes change it)
    documents: int
    passages: int  # the sum of knowledge_documents.passages
    rows: int  # the rows of the full-text index (bm25's N)
    layout: dict[str, int]  # the rowid of each document's first passage
    df: dict[str, int] = field(default_factory=dict)  # passages holding a word (0: none)
    hits: dict[str, int] = field(default_factory=dict)  # those holding it in head or forms
    typos: dict[str, str] = field(default_factory=dict)  # a word's index form -> the one read


def _match(terms: Sequence[str]) -> str:
    return "{head forms} : (" + " OR ".join(f'"{f}"' for f in terms) + ")"


class PassageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._index: _Index | None = None
        self._generation = 0  # bumped by every write: a read begun before it is not kept
        self._writer: aiosqlite.Connection | None = None

    # ----------------------------------------------------------------- write

    async def replace(self, conn: aiosqlite.Connection, documents: Sequence[Document]) -> int:
        """Replace every stored passage by those of ``documents`` (inside the caller's
        transaction); returns the number of passages."""
        self._forget(conn)
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
        self._forget(conn)
        return len(rows)

    def _forget(self, conn: aiosqlite.Connection) -> None:
        """Drop what was read of the passages: they are being rewritten (what is read
        before the caller's transaction ends is not kept, since it may roll back)."""
        self._index = None
        self._generation += 1
        self._writer = conn

    async def _current(self) -> _Index:
        """The counts and layout of the stored passages, read again only after a write (by
        :meth:`replace`, or by another connection: SQLite's data_version tells)."""
        index = self._index
        if index is not None:
            row = await self._db.fetchone("PRAGMA data_version")
            if row is not None and int(row[0]) == index.version:
                return index
        generation = self._generation
        row = await self._db.fetchone(
            "SELECT (SELECT data_version FROM pragma_data_version),"
            " (SELECT COUNT(*) FROM knowledge_documents),"
            " (SELECT COALESCE(SUM(passages), 0) FROM knowledge_documents),"
            " (SELECT COUNT(*) FROM knowledge_passages),"
            " (SELECT MIN(rowid) FROM knowledge_passages)"
        )
        docs = await self._db.fetchall(
            "SELECT name, passages FROM knowledge_documents ORDER BY rowid"
        )
        assert row is not None
        rowid = int(row[4]) if row[4] is not None else 0
        layout: dict[str, int] = {}
        for name, count in docs:
            layout[str(name)] = rowid
            rowid += int(count)
        index = _Index(int(row[0]), int(row[1]), int(row[2]), int(row[3]), layout)
        if self._keeps(generation):
            self._index = index
        return index

    def _keeps(self, generation: int) -> bool:
        """Whether what was read since ``generation`` may be kept: no write since, and none
        under way (a transaction that may yet roll back)."""
        if generation != self._generation:
            return False
        if self._writer is not None:
            if self._writer.in_transaction:
                return False
            self._writer = None
        return True

    # ----------------------------------------------------------------- read

    async def counts(self) -> tuple[int, int]:
        """Stored documents and passages (read each time: what the search keeps is
        dropped if they changed behind :meth:`replace`)."""
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(passages), 0) FROM knowledge_documents"
        )
        counts = (int(row[0]), int(row[1])) if row is not None else (0, 0)
        index = self._index
        if index is not None and (index.documents, index.passages) != counts:
            self._index = None  # written on this connection without replace()
            self._generation += 1
        return counts

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
        index = await self._current()
        total = index.passages
        if not total:
            return []
        df = await self._frequencies(index, forms)
        spelt = await self._spelt(index, concepts, df)
        if spelt is not concepts:
            concepts = spelt
            forms = sorted({f for c in concepts for f in c.forms})
            df = await self._frequencies(index, forms)
        if not df:
            return []
        weights = {f: math.log(1 + total / n) for f, n in df.items()}
        rows = await self._candidates(index, list(df))
        layout = index.layout
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

    async def _frequencies(self, index: _Index, forms: list[str]) -> dict[str, int]:
        """How many passages hold each of ``forms`` (sorted), those that some passage
        holds, in the order of ``forms``; read from the index's vocabulary once a word."""
        known = index.df
        unknown = [f for f in forms if f not in known]
        if unknown:
            generation = self._generation
            marks = ", ".join("?" * len(unknown))
            vocab = await self._db.fetchall(
                f"SELECT term, doc FROM knowledge_passages_vocab WHERE term IN ({marks})",
                unknown,
            )
            read = {str(r[0]): int(r[1]) for r in vocab}
            if not self._keeps(generation) or index is not self._index:
                known = dict(known)  # this search only
            elif len(known) + len(unknown) > _TERMS_KEPT:
                known.clear()
                index.hits.clear()
            for f in unknown:
                known[f] = read.get(f, 0)
        return {f: known[f] for f in forms if known[f]}

    async def _spelt(
        self, index: _Index, concepts: list[Concept], df: dict[str, int]
    ) -> list[Concept]:
        """``concepts`` with each long word no passage holds read as the word of the index it
        is a typo of ("entreprenuers": "entrepreneurs"): one or two letters apart (swapped
        letters count once), the same first three letters, not only another ending;
        ``concepts`` itself when none is."""
        out: list[Concept] = []
        changed = False
        for c in concepts:
            if c.forms & df.keys() or not c.word.isalpha() or len(c.word) < _TYPO_MIN:
                out.append(c)
                continue
            form = stem(c.word)
            if len(form) < _TYPO_MIN:
                out.append(c)
                continue
            read = index.typos.get(form)
            if read is None:
                read = await self._typo_of(form)
                if index is self._index and len(index.typos) < _TERMS_KEPT:
                    index.typos[form] = read  # ("": none), until the passages change
            if not read:
                out.append(c)
                continue
            out.append(Concept(c.word, c.forms | {read}))
            changed = True
        return out if changed else concepts

    async def _typo_of(self, form: str) -> str:
        """The index form ``form`` is a typo of (see :meth:`_spelt`), or ``""``."""
        reach = 1 if len(form) < _TYPO_TWO else 2
        rows = await self._db.fetchall(
            "SELECT term, doc FROM knowledge_passages_vocab WHERE term >= ? AND term < ?",
            (form[:3], form[:3] + "\uffff"),
        )
        near = [
            (OSA.distance(form, term, score_cutoff=reach), -int(doc), term)
            for term, doc in ((str(r[0]), r[1]) for r in rows)
            if abs(len(term) - len(form)) <= reach
            and term.isalpha()
            # another ending of the same word ("présentait", "present"), not a typo
            and not _other_ending(form, term)
        ]
        best = min((n for n in near if n[0] <= reach), default=None)
        return best[2] if best is not None else ""

    async def _candidates(self, index: _Index, terms: list[str]) -> list[aiosqlite.Row]:
        """The ``_CANDIDATES`` passages of best bm25 for ``terms`` (the full-text query of
        the question's words), best first.

        A word most passages hold adds almost nothing to bm25 (FTS5 floors its idf at 1e-6)
        but makes FTS5 score nearly every passage. Such words are left out of a first query;
        the passages it ranks close enough to its last candidate (by what those words can
        add at most) are then scored with every word, which gives the same candidates, the
        same scores and the same order as the query of every word; when that cannot be
        told for sure, the query of every word is run."""
        query = _match(terms)
        common = await self._common(index, terms)
        if common and len(common) < len(terms):
            # what the common words add at most to a passage's score (bm25 is negative)
            slack = sum(_K1 + 1 for _ in common) * 1e-6 * 1.001 + 1e-9
            rest = [f for f in terms if f not in common]
            first = await self._db.fetchall(
                f"SELECT rowid, {_BM25} AS rank {_FROM} ORDER BY rank LIMIT ?",
                (_match(rest), 2 * _CANDIDATES),
            )
            if len(first) >= _CANDIDATES and float(first[_CANDIDATES - 1][1]) < -slack:
                # a passage holding only common words scores above -slack: 32 are better
                bound = float(first[_CANDIDATES - 1][1]) + slack
                if len(first) < 2 * _CANDIDATES or float(first[-1][1]) > bound:
                    kept = [int(r[0]) for r in first if float(r[1]) <= bound]
                    marks = ", ".join("?" * len(kept))
                    return await self._db.fetchall(
                        f"SELECT {_COLUMNS}, {_BM25} AS rank, rowid {_FROM}"
                        f" AND +rowid IN ({marks}) ORDER BY rank LIMIT ?",
                        (query, *kept, _CANDIDATES),
                    )
        return await self._db.fetchall(
            f"SELECT {_COLUMNS}, {_BM25} AS rank, rowid {_FROM} ORDER BY rank LIMIT ?",
            (query, _CANDIDATES),
        )

    async def _common(self, index: _Index, terms: list[str]) -> list[str]:
        """The words of ``terms`` whose bm25 idf FTS5 floors (held in the head or forms of
        at least half the passages): they can change a passage's score by 2.2e-6 at most.
        How many passages hold a word there is counted once (the vocabulary's count is of
        every column)."""
        rows = index.rows
        # a word's passages (any column) bound those holding it in head or forms
        likely = [f for f in terms if 2 * index.df.get(f, 0) >= rows]
        unknown = [f for f in likely if f not in index.hits]
        if unknown:
            generation = self._generation
            counts = ", ".join(f"(SELECT COUNT(*) {_FROM})" for _ in unknown)
            row = await self._db.fetchone(f"SELECT {counts}", [_match([f]) for f in unknown])
            assert row is not None
            hits = index.hits if self._keeps(generation) and index is self._index else {}
            hits.update({f: int(n) for f, n in zip(unknown, row, strict=True)})
            seen = {**index.hits, **hits}
        else:
            seen = index.hits
        # FTS5: idf = log((N - n + 0.5) / (n + 0.5)), floored at 1e-6 when <= 0, i.e. 2n >= N
        return [f for f in likely if 2 * seen[f] >= rows]

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
