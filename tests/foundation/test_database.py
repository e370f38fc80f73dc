"""The SQLite layer on a real file: WAL, foreign keys, migrations applied once, in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.database import Database, Migration, bundled_migrations, split_statements


async def test_open_applies_every_bundled_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    try:
        names = await db.applied_migrations()
        assert names == [f"{m.number:04d}_{m.name}" for m in bundled_migrations()]
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.migrate() == []
    finally:
        await db.close()


async def test_older_database_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    first = bundled_migrations()[:1]
    db = await Database.open(path, migrate=False)
    await db.migrate(first)
    await db.execute(
        "INSERT INTO members (user_id, first_name, created_at, updated_at)"
        " VALUES (1, 'A', 'x', 'x')"
    )
    await db.close()
    db = await Database.open(path)
    try:
        assert len(await db.applied_migrations()) == len(bundled_migrations())
        assert await db.fetchval("SELECT first_name FROM members WHERE user_id = 1") == "A"
    finally:
        await db.close()


async def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "t.sqlite3")
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        assert await db.fetchval("SELECT COUNT(*) FROM meta") == 0
    finally:
        await db.close()


async def test_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "m.sqlite3")
    try:
        bad = Migration(
            9999, "bad", "CREATE TABLE t9 (a INTEGER);\nINSERT INTO nowhere VALUES (1);"
        )
        with pytest.raises(Exception, match="nowhere"):
            await db.migrate([bad])
        assert await db.fetchval("SELECT COUNT(*) FROM sqlite_master WHERE name = 't9'") == 0
        assert "9999_bad" not in await db.applied_migrations()
    finally:
        await db.close()


def test_split_statements_keeps_triggers_whole() -> None:
    script = """
-- comment
CREATE TABLE a (x INTEGER);
CREATE TRIGGER t AFTER INSERT ON a BEGIN
  UPDATE a SET x = 1;
END;
"""
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
