"""What the passage search keeps between searches (counts, layout, word counts) is read
again once the passages are rewritten; leaving out the words most passages hold changes
neither the passages found nor their scores."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiosqlite
import pytest

from bot.knowledge.documents import Document
from bot.storage.database import Database
from bot.storage.passages import _BM25, PassageRepository


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "p.db")
    try:
        yield database
    finally:
        await database.close()


def _note(name: str, title: str, body: str) -> Document:
    return Document(name, title, f"## Partie\n\n{body}")


async def _replace(repo: PassageRepository, db: Database, documents: list[Document]) -> None:
    async with db.transaction() as conn:
        await repo.replace(conn, documents)


async def test_a_search_after_replace_sees_the_new_documents(db: Database) -> None:
    repo = PassageRepository(db)
    await _replace(repo, db, [_note("a.md", "A", "La ferme de Valbrume cultive des tomates.")])
    assert await repo.counts() == (1, 1)
    [hit] = await repo.search("les tomates de Valbrume")
    assert hit.passage.document == "a.md"
    assert not await repo.search("compostage à Brocéliande")
    await _replace(
        repo,
        db,
        [
            _note("b.md", "B", "Brocéliande organise une formation au compostage."),
            _note("c.md", "C", "Les tomates de Brocéliande."),
        ],
    )
    assert await repo.counts() == (2, 2)
    [hit, *_] = await repo.search("compostage à Brocéliande")
    assert hit.passage.document == "b.md"
    # the words and documents of before are gone
    assert [h.passage.document for h in await repo.search("les tomates de Valbrume")] == ["c.md"]


async def test_a_rolled_back_replace_leaves_the_search_on_the_stored_documents(
    db: Database,
) -> None:
    repo = PassageRepository(db)
    await _replace(repo, db, [_note("a.md", "A", "La ferme de Valbrume cultive des tomates.")])
    assert await repo.search("tomates")
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await repo.replace(conn, [_note("b.md", "B", "Une formation au compostage.")])
            # a search while the transaction is open reads it, but keeps nothing
            assert await repo.search("compostage")
            raise RuntimeError
    assert not await repo.search("compostage")
    [hit] = await repo.search("tomates")
    assert hit.passage.document == "a.md"


async def test_another_connection_s_documents_are_seen(db: Database, tmp_path: Path) -> None:
    repo = PassageRepository(db)
    await _replace(repo, db, [_note("a.md", "A", "La ferme de Valbrume cultive des tomates.")])
    assert await repo.search("tomates")
    other = await Database.open(tmp_path / "p.db")
    try:
        writer = PassageRepository(other)
        await _replace(writer, other, [_note("b.md", "B", "Une formation au compostage.")])
    finally:
        await other.close()
    [hit] = await repo.search("formation au compostage")
    assert hit.passage.document == "b.md"
    assert await repo.counts() == (1, 1)


async def test_words_most_passages_hold_change_neither_the_passages_nor_their_scores(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "jumelage" is in every passage (its idf is floored), "écoles" in a third, "valbrume" in a few
    sentences = [
        f"Le jumelage numéro {k} réunit {'Valbrume et ' if k % 9 == 0 else ''}"
        f"{'des écoles' if k % 3 == 0 else 'des clubs'} autour de la musique {k}."
        for k in range(120)
    ]
    documents = [
        Document(f"n{k}.md", f"Note {k}", f"## Jumelage\n\n{s}") for k, s in enumerate(sentences)
    ]
    repo = PassageRepository(db)
    await _replace(repo, db, documents)
    asked: list[str] = []
    fetchall = db.fetchall

    async def recorded(sql: str, params: Sequence[object] = ()) -> list[aiosqlite.Row]:
        asked.append(sql)
        return await fetchall(sql, params)

    monkeypatch.setattr(db, "fetchall", recorded)
    for question in ("le jumelage de Valbrume", "jumelage des écoles de Valbrume", "jumelage"):
        hits = await repo.search(question, limit=40)
        terms = list(await repo._frequencies(await repo._current(), _forms(question)))
        rows = await db.fetchall(
            f"SELECT document, position, {_BM25} AS rank FROM knowledge_passages"
            " WHERE knowledge_passages MATCH ? ORDER BY rank LIMIT 32",
            ("{head forms} : (" + " OR ".join(f'"{f}"' for f in terms) + ")",),
        )
        every_word = {(str(r[0]), int(r[1])): float(r[2]) for r in rows}
        assert {(h.passage.document, h.passage.position): h.rank for h in hits} == every_word
    # the second question was answered without scoring every passage
    assert any("+rowid IN" in sql for sql in asked)


def _forms(question: str) -> list[str]:
    from bot.knowledge.documents import query_concepts

    return sorted({f for c in query_concepts(question) for f in c.forms})
