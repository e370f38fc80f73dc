"""Backups that restore (issue 14): a consistent copy of the live database, checked, and its
restoration in place of the database, which is kept aside.

Plain ``sqlite3`` (no event loop): ``coopbot backup`` and ``coopbot restore`` are terminal
commands, and the copy goes through SQLite's online backup API (``Connection.backup``), which
reads one consistent snapshot even while the running bot writes (WAL mode: it never blocks it).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import from_iso
from bot.refusals import Refusal
from bot.storage.database import bundled_migrations

# coopbot-20261123-090000.sqlite3 (UTC), and -2, -3... for a second one within the same second.
BACKUP_NAME = re.compile(r"^coopbot-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")
# A bot seen (heartbeat, or the announcement sender's) this recently is running.
RUNNING_WITHIN = 20.0


class BackupError(Refusal):
    """A backup or a restore that cannot be done: one line for the administrator, in the
    terminal's language (``refusals.backup.<key>``)."""

    domain = "refusals.backup."


@dataclass
class Check:
    """What :func:`check_database` found in a database file."""

    integrity: list[str]  # ["ok"] when sound
    readable: bool = True  # False: not an SQLite database at all
    coopbot: bool = True  # False: an SQLite database, but not coopbot's (no schema_migrations)
    applied: list[int] = field(default_factory=list)  # migration numbers
    unknown: list[int] = field(default_factory=list)  # applied here but not bundled (newer)
    pending: list[str] = field(default_factory=list)  # bundled, not applied (applied at start)

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.unknown

    @property
    def level(self) -> str:
        return f"{max(self.applied):04d}" if self.applied else "none"


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(str(path), timeout=30, isolation_level=None)) as conn:
        yield conn


def check_database(conn: sqlite3.Connection) -> Check:
    """``PRAGMA integrity_check`` and the migration level, against the bundled migrations."""
    try:
        integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        return Check(integrity=[str(exc)], readable=False)
    check = Check(integrity=integrity)
    try:
        rows = conn.execute("SELECT number FROM schema_migrations ORDER BY number").fetchall()
    except sqlite3.DatabaseError:
        check.integrity = ["not a coopbot database (no schema_migrations table)"]
        check.coopbot = False
        return check
    bundled = {m.number: f"{m.number:04d}_{m.name}" for m in bundled_migrations()}
    check.applied = [int(row[0]) for row in rows]
    check.unknown = [n for n in check.applied if n not in bundled]
    check.pending = [name for n, name in sorted(bundled.items()) if n not in check.applied]
    return check


def check_file(path: Path) -> Check:
    if not path.is_file():
        raise BackupError("no_such_file", path=path)
    with _connect(path) as conn:
        return check_database(conn)


def describe(check: Check, what: str, path: Path) -> BackupError | None:
    """Why a checked file is refused (None when it is not): ``what`` is ``file`` (a backup to
    restore) or ``copy`` (the copy just made of the database ``path``)."""
    if not check.readable:
        return BackupError(f"{what}.unreadable", path=path)
    if not check.coopbot:
        return BackupError(f"{what}.not_coopbot", path=path)
    if check.integrity != ["ok"]:  # SQLite's own words for what is damaged
        return BackupError(f"{what}.integrity", path=path, problems="; ".join(check.integrity[:5]))
    if check.unknown:
        numbers = ", ".join(f"{n:04d}" for n in check.unknown)
        return BackupError(f"{what}.newer", path=path, numbers=numbers, count=len(check.unknown))
    return None


def backup_name(directory: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target = directory / f"coopbot-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = directory / f"coopbot-{stamp}-{n}.sqlite3"
    return target


def backups_in(directory: Path) -> list[Path]:
    """The backups of a folder, oldest first (by the date in their name)."""

    def key(path: Path) -> tuple[str, int]:
        match = BACKUP_NAME.match(path.name)
        assert match is not None
        return match[1], int(match[2] or 1)

    found = [p for p in directory.iterdir() if p.is_file() and BACKUP_NAME.match(p.name)]
    return sorted(found, key=key)


@dataclass
class Backup:
    path: Path
    size: int
    check: Check
    removed: list[Path]


def backup(source: Path, directory: Path, now: datetime, *, keep: int | None = None) -> Backup:
    """Copy the database ``source`` into ``directory`` (online backup API), check the copy,
    then keep only the last ``keep`` backups of the folder."""
    if not source.is_file():
        raise BackupError("no_database", path=source)
    if keep is not None and keep < 1:
        raise BackupError("keep_min", option="--keep")
    directory.mkdir(parents=True, exist_ok=True)
    target = backup_name(directory, now)
    partial = target.with_name(target.name + ".partial")
    try:
        with _connect(source) as src, _connect(partial) as dst:
            src.backup(dst)  # one read transaction: a snapshot, however busy the bot is
            # A single self-contained file (the copy inherits WAL mode from its source).
            dst.execute("PRAGMA journal_mode=DELETE")
            check = check_database(dst)
        if problem := describe(check, "copy", source):
            raise problem
        os.replace(partial, target)
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    removed: list[Path] = []
    if keep is not None:
        existing = backups_in(directory)
        for old in existing[: max(0, len(existing) - keep)]:
            old.unlink()
            removed.append(old)
    return Backup(target, target.stat().st_size, check, removed)


def running_bot(database: Path, now: datetime) -> tuple[int, datetime] | None:
    """(pid, last seen) of a bot running on ``database`` now, from its heartbeats, or None."""
    if not database.is_file():
        return None
    seen: list[tuple[int, datetime]] = []
    with _connect(database) as conn:
        with suppress(sqlite3.DatabaseError):
            row = conn.execute("SELECT pid, seen_at FROM broadcast_sender WHERE id = 1").fetchone()
            if row:
                seen.append((int(row[0]), from_iso(row[1])))
        with suppress(sqlite3.DatabaseError):
            row = conn.execute(
                "SELECT value, updated_at FROM ops_state WHERE key = 'heartbeat'"
            ).fetchone()
            if row and json.loads(row[0]).get("state") == "running":
                seen.append((int(json.loads(row[0]).get("pid", 0)), from_iso(row[1])))
    fresh = [s for s in seen if abs((now - s[1]).total_seconds()) <= RUNNING_WITHIN]
    return max(fresh, key=lambda s: s[1]) if fresh else None


@dataclass
class Restored:
    check: Check
    kept: Path | None


def restore(source: Path, database: Path, now: datetime) -> Restored:
    """Put the backup ``source`` in place of ``database``; the database it replaces is kept
    aside as ``<name>.before-restore-<date>`` (a consistent copy, WAL included)."""
    check = check_file(source)
    if problem := describe(check, "file", source):
        raise problem
    if source.resolve() == database.resolve():
        raise BackupError("is_database", path=source)
    running = running_bot(database, now)
    if running is not None:
        pid, _seen = running
        raise BackupError("running", path=database, pid=pid, count=int(RUNNING_WITHIN))
    database.parent.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    if database.exists():
        stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        n = 1
        while kept.exists():
            n += 1
            kept = database.with_name(f"{database.name}.before-restore-{stamp}-{n}")
        with _connect(database) as src, _connect(kept) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
    incoming = database.with_name(database.name + ".restoring")
    try:
        with _connect(source) as src, _connect(incoming) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        # The old database's WAL and shared memory must not be applied to the restored file.
        for suffix in ("-wal", "-shm"):
            with suppress(FileNotFoundError):
                Path(str(database) + suffix).unlink()
        os.replace(incoming, database)
    finally:
        with suppress(FileNotFoundError):
            incoming.unlink()
    return Restored(check, kept)
