"""`coopbot backup` and `coopbot restore` (issue 14): consistent copies taken while the bot
works, checked, rotated; a restore refused while the bot runs, checking what it puts in place,
keeping what it replaces; the bot restarted on a restored database goes on from its state."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.backup import backups_in
from bot.broadcast import Audience
from bot.cli import main
from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.settings import Settings
from bot.storage.database import Database, bundled_migrations
from bot.storage.members import Person
from tests.conftest import COORDINATOR, GROUP
from tests.ops.conftest import add_members, bot_running, services_of
from tests.polls.conftest import send_poll_line

TEXT = "Appel à projets : réponses avant vendredi"


def outbox_states(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT chat_id, state FROM outbox WHERE kind = 'broadcast'")
        return {int(chat): str(state) for chat, state in rows}


async def wait_for(condition: object, within: float = 10.0) -> None:
    assert callable(condition)
    for _ in range(int(within / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition never met")


def stored_answers(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM poll_answers").fetchone()[0])


def received(sandbox: Sandbox, chat_id: int) -> int:
    return sum(1 for m in sandbox.sent_messages(chat_id) if TEXT in (m.get("text") or ""))


async def test_backups_are_checked_named_by_date_and_rotated(
    terminal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = await Database.open(terminal)
    await db.close()
    dest = tmp_path / "backups"
    for _ in range(3):
        assert main(["backup", str(dest), "--keep", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("Sauvegarde écrite :") == 3 and "intégrité vérifiée" in out
    assert f"migrations au niveau {bundled_migrations()[-1].number:04d}" in out
    kept = backups_in(dest)
    # 2026-11-23 09:00 UTC (the tests' clock); three in the same second: -2, -3.
    assert [p.name for p in kept] == [
        "coopbot-20261123-090000-2.sqlite3",
        "coopbot-20261123-090000-3.sqlite3",
    ]
    assert "Ancienne sauvegarde supprimée :" in out and "coopbot-20261123-090000.sqlite3" in out
    with sqlite3.connect(kept[-1]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert not list(dest.glob("*.partial"))


async def test_backup_of_a_missing_database_fails_clearly(
    terminal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", str(tmp_path / "b")]) == 1
    assert "coopbot backup: pas de base de données à" in capsys.readouterr().err


async def test_restore_refuses_what_is_not_a_sound_coopbot_database(
    terminal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = await Database.open(terminal)
    await db.execute("INSERT INTO ops_state (key, value, updated_at) VALUES ('x', '1', 'y')")
    await db.close()
    before = await asyncio.to_thread(terminal.read_bytes)

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    assert main(["restore", str(junk)]) == 1
    assert "junk.sqlite3 : ce n'est pas une base SQLite lisible" in capsys.readouterr().err

    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert main(["restore", str(other)]) == 1
    assert "ce n'est pas une base coopbot" in capsys.readouterr().err

    newer = tmp_path / "newer.sqlite3"
    assert main(["backup", str(tmp_path / "b")]) == 0
    backups_in(tmp_path / "b")[0].rename(newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations (number, name) VALUES (9999, 'future')")
    assert main(["restore", str(newer)]) == 1
    assert "faite par un coopbot plus récent (migration inconnue 9999)" in capsys.readouterr().err

    assert main(["restore", str(tmp_path / "missing.sqlite3")]) == 1
    assert "missing.sqlite3 : fichier introuvable" in capsys.readouterr().err
    assert await asyncio.to_thread(terminal.read_bytes) == before  # nothing touched


async def test_restore_is_refused_while_the_bot_runs(
    terminal: Path,
    settings: Settings,
    clock: FrozenClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with bot_running(settings, clock):
        assert await asyncio.to_thread(main, ["backup", str(tmp_path / "b")]) == 0
        backup = backups_in(tmp_path / "b")[0]
        assert await asyncio.to_thread(main, ["restore", str(backup)]) == 1
        assert "un bot est en marche sur" in capsys.readouterr().err
    # Stopped (cleanly): now it may.
    assert main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "conservée sous" in out and "restaurée à la place de" in out
    kept = list(terminal.parent.glob("coopbot.sqlite3.before-restore-20261123-090000"))
    assert len(kept) == 1
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_backup_during_a_broadcast_restore_and_the_bot_resumes_without_duplicates(
    terminal: Path,
    settings: Settings,
    sandbox: Sandbox,
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    # Slow enough to be caught half way: 60 recipients at 20 messages a second.
    settings = settings.model_copy(
        update={"delivery": settings.delivery.model_copy(update={"overall_per_second": 20.0})}
    )
    dest = tmp_path / "backups"
    async with bot_running(settings, clock) as application:
        services = services_of(application)
        people = await add_members(services, sandbox, 3000, 60)
        await services.broadcasts.queue(
            content_type="text",
            body=TEXT,
            file_id=None,
            audience=Audience.parse("members"),
            when=None,
            language="fr",
        )
        await wait_for(lambda: sum(received(sandbox, p) for p in people) >= 15)
        assert await asyncio.to_thread(main, ["backup", str(dest)]) == 0
        await wait_for(lambda: all(received(sandbox, p) for p in people), within=15)
        await services.delivery.wait_idle()

    backup = backups_in(dest)[0]
    at_backup = outbox_states(backup)
    sent = {chat for chat, state in at_backup.items() if state == "sent"}
    waiting = {chat for chat, state in at_backup.items() if state == "pending"}
    assert sent and waiting, at_backup  # the backup caught the announcement half way
    assert set(at_backup) >= set(people)

    assert await asyncio.to_thread(main, ["restore", str(backup)]) == 0
    assert outbox_states(terminal) == at_backup

    async with bot_running(settings, clock) as application:
        services = services_of(application)
        await wait_for(
            lambda: all(s not in ("pending", "sending") for s in outbox_states(terminal).values())
        )
        await services.delivery.wait_idle()
    after = outbox_states(terminal)
    for chat in sent:  # recorded as sent in the backup: never sent again
        assert received(sandbox, chat) == 1, chat
    for chat in waiting:  # waiting in the backup: sent after the restore (again, if the first
        assert after[chat] == "sent"  # run had sent it after the backup: that run is undone)
        assert 1 <= received(sandbox, chat) <= 2
    # 'sending' at the backup: announcements are never sent twice on doubt.
    for chat in (c for c, s in at_backup.items() if s == "sending"):
        assert after[chat] == "uncertain"


async def test_a_database_made_by_the_oldest_migration_is_migrated_at_start(
    settings: Settings, sandbox: Sandbox, clock: FrozenClock, db_path: Path
) -> None:
    oldest = bundled_migrations()[0]
    db = await Database.open(db_path, migrate=False)
    assert await db.migrate([oldest]) == [f"{oldest.number:04d}_{oldest.name}"]
    await db.close()
    async with bot_running(settings, clock) as application:
        services = services_of(application)
        applied = await services.db.applied_migrations()
        assert applied == [f"{m.number:04d}_{m.name}" for m in bundled_migrations()]
        await sandbox.send_text(COORDINATOR, "/aide")
        reply, _coordinators = await sandbox.wait_for_messages(COORDINATOR, 2)
        assert "/projets" in reply["text"]


async def test_backup_during_a_flood_of_poll_answers_restores_what_it_had(
    terminal: Path,
    settings: Settings,
    sandbox: Sandbox,
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    dest = tmp_path / "backups"
    async with bot_running(settings, clock) as application:
        services = services_of(application)
        repo, now = services.members.repo, clock.now()
        await repo.touch(Person(COORDINATOR, "Claire"), now, private_chat=True)
        await repo.upsert_group(GROUP, "Terr'ESS – points focaux", "group", now)
        await repo.link_group(GROUP, "terress", COORDINATOR, now)
        voters = list(range(4000, 4150))
        for user_id in voters:
            sandbox.add_user(user_id, f"Votant {user_id}")
            sandbox.world.chat(GROUP).members.setdefault(user_id, "member")
        await send_poll_line(
            sandbox, "/sondage groupes terress | Utile ? | Oui | Non", chat_id=GROUP
        )
        poll = await sandbox.wait_for_message(GROUP, predicate=lambda m: "poll" in m)

        backed_up = asyncio.Event()

        async def flood() -> None:
            for number, user_id in enumerate(voters):
                if number == 40:  # the rest only once the backup is made, however long it takes
                    await backed_up.wait()
                await sandbox.vote(user_id, poll["poll"]["id"], [user_id % 2])
                await asyncio.sleep(0.01)  # a flood, but a backup can land in it

        voting = asyncio.create_task(flood())
        await wait_for(lambda: stored_answers(terminal) >= 20)
        assert await asyncio.to_thread(main, ["backup", str(dest)]) == 0
        backed_up.set()
        await voting
        await sandbox.wait_until_delivered(timeout=15)
        await services.polls.wait_idle()
        total = await services.db.fetchval("SELECT COUNT(*) FROM poll_answers")
        assert total == len(voters)

    backup = backups_in(dest)[0]
    with sqlite3.connect(backup) as conn:
        stored = conn.execute("SELECT update_id, user_id FROM poll_answers").fetchall()
    assert 0 < len(stored) < len(voters)  # caught during the flood

    assert await asyncio.to_thread(main, ["restore", str(backup)]) == 0
    async with bot_running(settings, clock) as application:
        services = services_of(application)
        await sandbox.send_text(COORDINATOR, "/resultats")
        await sandbox.wait_for_message(COORDINATOR)
        rows = await services.db.fetchall("SELECT update_id, user_id FROM poll_answers")
        assert sorted(map(tuple, rows)) == sorted(stored)  # the backup's state, nothing twice
    assert len([m for m in sandbox.sent_messages(GROUP) if "poll" in m]) == 1  # not resent
