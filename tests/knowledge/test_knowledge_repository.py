"""The knowledge base in SQLite: idempotent loads, atomic replacement, start from the DB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.knowledge.loader import KnowledgeError, content_hash, default_data_dir, load_knowledge
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "bot.db")
    try:
        yield database
    finally:
        await database.close()


async def test_migration_applied(db: Database) -> None:
    assert "0002_knowledge" in await db.applied_migrations()


async def test_empty_database(db: Database) -> None:
    repo = KnowledgeRepository(db)
    assert await repo.is_empty()
    assert await repo.get_hash() is None
    kb = await repo.read_all()
    assert kb.counts() == dict.fromkeys(kb.counts(), 0)


async def test_load_round_trip(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    now = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    result = await repo.load_into_db(data_copy, now=now)
    assert result.changed
    assert result.content_hash == content_hash(data_copy)
    assert result.counts["organisation"] == 48
    assert await repo.get_hash() == result.content_hash
    meta = await repo.get_meta()
    assert meta["loaded_at"] == now.isoformat()
    assert meta["record_count"] == str(sum(result.counts.values()))
    stored = await repo.read_all()
    assert stored == load_knowledge(data_copy)
    # order is kept (lists follow the documents)
    assert list(stored.organisations) == list(result.knowledge.organisations)
    assert [o.id for o in stored.members("terress")][:3] == ["acal", "gic", "cr-ouest-cameroun"]


async def test_load_is_idempotent(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    assert (await repo.load_into_db(data_copy)).changed
    before = await db.fetchall("SELECT kind, id, position, data FROM knowledge_records")
    meta = await repo.get_meta()
    again = await repo.load_into_db(data_copy)
    assert not again.changed
    assert await db.fetchall("SELECT kind, id, position, data FROM knowledge_records") == before
    assert await repo.get_meta() == meta
    forced = await repo.load_into_db(data_copy, force=True)
    assert forced.changed
    rows = await db.fetchall("SELECT kind, id, position, data FROM knowledge_records")
    assert [tuple(r) for r in rows] == [tuple(r) for r in before]


async def test_changed_files_are_reloaded(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    await repo.load_into_db(data_copy)
    path = data_copy / "organisations.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('name_en = "City of Dijon"', 'name_en = "Dijon"'),
        encoding="utf-8",
    )
    result = await repo.load_into_db(data_copy)
    assert result.changed
    assert (await repo.read_all()).organisations["dijon"].name_en == "Dijon"


async def test_removed_record_disappears(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    await repo.load_into_db(data_copy)
    path = data_copy / "glossary.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[term]]\nid = "vision-chefchaouen-2030"')
    end = text.index("[[term]]", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    before = len(load_knowledge(default_data_dir()).terms)
    assert (await repo.load_into_db(data_copy)).changed
    kb = await repo.read_all()
    assert "vision-chefchaouen-2030" not in kb.terms
    assert len(kb.terms) == before - 1


async def test_dangling_references_keep_the_old_data(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    await repo.load_into_db(data_copy)
    (data_copy / "meetings.toml").unlink()  # the glossary and the people refer to them
    with pytest.raises(KnowledgeError) as info:
        await repo.load_into_db(data_copy)
    assert {p.file for p in info.value.problems} == {"glossary.toml", "people.toml"}
    assert len((await repo.read_all()).meetings) == 3


async def test_broken_file_keeps_the_old_data(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    first = await repo.load_into_db(data_copy)
    path = data_copy / "projects.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[project]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        await repo.load_into_db(data_copy)
    assert info.value.problems[0].file == "projects.toml"
    assert info.value.problems[0].line is not None
    assert await repo.get_hash() == first.content_hash
    assert await repo.read_all() == first.knowledge


async def test_invalid_record_keeps_the_old_data(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    first = await repo.load_into_db(data_copy)
    path = data_copy / "organisations.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('country = "sn"', 'country = "zz"'),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as info:
        await repo.load_into_db(data_copy)
    assert {p.field for p in info.value.problems} == {"country"}
    assert await repo.read_all() == first.knowledge


async def test_bot_can_start_from_the_database(tmp_path: Path, data_copy: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    try:
        await KnowledgeRepository(db).load_into_db(data_copy)
    finally:
        await db.close()
    db = await Database.open(tmp_path / "a.db")
    try:
        kb = await KnowledgeRepository(db).read_all()
    finally:
        await db.close()
    assert len(kb.members("coopr")) == 17
    assert kb.partnerships["dijon-chefchaouen"].total_eur() == 2 * 8845 + 11241 + 14343 + 2 * 2689


async def test_a_meeting_ending_before_it_starts_keeps_the_old_data(
    db: Database, data_copy: Path
) -> None:
    """`end_date` earlier than `date`: a problem of the meeting (French and English), so the
    load (`/recharger`, `coopbot data load`) is refused and the stored data stays."""
    from bot.data_problems import problem_text
    from bot.knowledge.loader import check

    repo = KnowledgeRepository(db)
    first = await repo.load_into_db(data_copy)
    path = data_copy / "meetings.toml"
    text = path.read_text(encoding="utf-8")
    assert "end_date = 2016-11-05" in text
    path.write_text(text.replace("end_date = 2016-11-05", "end_date = 2016-11-03"), "utf-8")
    with pytest.raises(KnowledgeError) as info:
        await repo.load_into_db(data_copy)
    (problem,) = info.value.problems
    assert problem_text(problem, "fr") == (
        "meetings.toml [assises-franco-beninoises-2016] : end_date est avant date"
    )
    assert problem_text(problem, "en") == (
        "meetings.toml [assises-franco-beninoises-2016]: end_date is before date"
    )
    assert check(data_copy) == [problem]
    assert await repo.read_all() == first.knowledge
    # ending the day it starts is fine
    path.write_text(text.replace("end_date = 2016-11-05", "end_date = 2016-11-04"), "utf-8")
    assert (await repo.load_into_db(data_copy)).changed
