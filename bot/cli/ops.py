"""``coopbot backup``, ``coopbot restore`` and ``coopbot status``: running the bot for years.

All three work on the database alone (``storage.path``), without the token.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.limits import number_argument


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "backup",
        help="a checked copy of the database, named by date, even while the bot runs",
    )
    parser.add_argument("dest_dir", metavar="DEST_DIR", help="folder of the backups")
    parser.add_argument(
        "--keep",
        type=number_argument(maximum=100_000),
        metavar="N",
        help="then keep only the last N backups of DEST_DIR",
    )
    parser.set_defaults(func=run_backup)

    parser = sub.add_parser(
        "restore",
        help="put a backup in place of the database (the bot stopped; the old one kept aside)",
    )
    parser.add_argument("file", metavar="FILE", help="a backup made by coopbot backup")
    parser.set_defaults(func=run_restore)

    parser = sub.add_parser(
        "status", help="the running bot's health, from the database (exit 1 if unhealthy)"
    )
    parser.add_argument("--json", action="store_true", help="print the health as JSON")
    parser.set_defaults(func=run_status)


def _fail(command: str, message: str) -> int:
    print(f"coopbot {command}: {message}", file=sys.stderr)
    return 1


def _refused(args: argparse.Namespace, exc: Exception) -> str:
    """Why a backup or a restore was refused, in the terminal's language."""
    from bot.backup import BackupError
    from bot.cli import os_reason, terminal_language

    lang = terminal_language(args)
    if isinstance(exc, BackupError):
        return exc.text(lang)
    assert isinstance(exc, OSError)
    reason = os_reason(args, exc, lang)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"


def run_backup(args: argparse.Namespace) -> int:
    from bot.backup import BackupError, backup
    from bot.cli import clock, say, settings_or_exit

    settings = settings_or_exit(args)
    try:
        done = backup(settings.storage.path, Path(args.dest_dir), clock().now(), keep=args.keep)
    except (BackupError, OSError) as exc:
        return _fail("backup", _refused(args, exc))
    level = done.check.level
    print(say(args, "ops.written", path=done.path, size=_size(done.size), level=level))
    for old in done.removed:
        print(say(args, "ops.removed", path=old))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from bot.backup import BackupError, restore
    from bot.cli import clock, say, settings_or_exit

    settings = settings_or_exit(args)
    database = settings.storage.path
    try:
        done = restore(Path(args.file), database, clock().now())
    except (BackupError, OSError) as exc:
        return _fail("restore", _refused(args, exc))
    if done.kept is not None:
        print(say(args, "ops.kept", path=done.kept))
    print(say(args, "ops.restored", file=args.file, path=database, level=done.check.level))
    if done.check.pending:
        pending = done.check.pending
        print(say(args, "ops.pending", count=len(pending), names=", ".join(pending)))
    print(say(args, "ops.start"))
    return 0


def run_status(args: argparse.Namespace) -> int:
    import json

    from bot.cli import clock, run_async, settings_or_exit
    from bot.health import status_from_database

    settings = settings_or_exit(args)
    report = run_async(lambda: status_from_database(settings.storage.path, clock()))
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for line in report.lines():
            print(line)
    return 0 if report.ok else 1
