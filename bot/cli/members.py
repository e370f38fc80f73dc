"""``coopbot members list|export|import``: the roster from the terminal and spreadsheets.

CSV columns: user_id, first_name, last_name, username, language, timezone, organisation_id,
country_id, role, projects (see :mod:`bot.roster_csv`). ``import`` checks every row first and
writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "members", help="the roster: list, export or import members (CSV)"
    )
    actions = parser.add_subparsers(dest="members_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="print the members")
    listing.add_argument("--project", help="only members of this project (id or name)")
    listing.add_argument(
        "--role", choices=["participant", "focal_point", "coordinator"], help="only this role"
    )
    listing.set_defaults(func=cmd_list)
    export = actions.add_parser("export", help="write the roster as CSV")
    export.add_argument("file", nargs="?", default="-", help="CSV file (default: stdout)")
    export.set_defaults(func=cmd_export)
    load = actions.add_parser(
        "import", help="create or update members from a CSV file (all rows or nothing)"
    )
    load.add_argument("file", help="CSV file (- for stdin)")
    load.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    load.set_defaults(func=cmd_import)


def _say(args: argparse.Namespace, key: str, /, **params: object) -> str:
    """A line of the terminal, in the settings' language, plurals from the catalogue."""
    from bot.cli import settings_or_exit
    from bot.i18n import Catalogue, plain_text

    lang = settings_or_exit(args).default_language
    return plain_text(Catalogue.bundled().t(lang, f"terminal.members.{key}", **params))


def _with_services(args: argparse.Namespace, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``work(members_service)`` on the configured database, knowledge loaded."""
    from bot.cli import run_async, services, settings_or_exit

    settings = settings_or_exit(args)

    async def main() -> T:
        async with services(settings) as built:
            return await work(built.members)

    return run_async(main)


def cmd_list(args: argparse.Namespace) -> int:
    from bot.cli import settings_or_exit
    from bot.members import MembersService

    async def work(members: MembersService) -> int:
        project_id = None
        if args.project:
            from bot.names import names_of

            found = names_of(members.kb).projects.find(args.project)
            if found.record is None:
                hint = (
                    _say(args, "did_you_mean", names=", ".join(found.labelled(with_id=True)))
                    if found.candidates
                    else ""
                )
                print(
                    _say(args, "unknown_project", value=args.project, suggestions=hint),
                    file=sys.stderr,
                )
                return 1
            project_id = found.record.id
        everyone = await members.all()
        rows = [
            m
            for m in everyone
            if (project_id is None or project_id in m.projects)
            and (args.role is None or members.role_of(m) == args.role)
        ]
        from bot.i18n import Catalogue, plain_text

        catalogue = Catalogue.bundled()
        lang = settings_or_exit(args).default_language

        def role(m: Any) -> str:
            label = plain_text(catalogue.t(lang, f"members.roles.{members.role_of(m)}"))
            if m.focal_status in ("claimed", "confirmed"):
                return f"{label} ({_say(args, f'status_{m.focal_status}')})"
            return label

        def chat(m: Any) -> str:
            if m.private_chat and m.reachable:
                return _say(args, "chat_yes")
            return _say(args, "chat_blocked" if m.private_chat else "chat_no")

        header = tuple(_say(args, "header").split("|"))
        table = [header] + [
            (
                str(m.user_id),
                m.display_name,
                f"@{m.username}" if m.username else "",
                role(m),
                m.organisation_id or "",
                ",".join(m.projects),
                m.language or "",
                m.timezone or "",
                chat(m),
            )
            for m in rows
        ]
        widths = [max(len(r[i]) for r in table) for i in range(len(header))]
        for row in table:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        print(_say(args, "count", count=len(rows)))
        return 0

    return _with_services(args, work)


def cmd_export(args: argparse.Namespace) -> int:
    from bot.members import MembersService
    from bot.roster_csv import export_roster

    async def work(members: MembersService) -> str:
        return export_roster(await members.all())

    text = _with_services(args, work)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
        count = text.count(chr(10)) - 1
        print(_say(args, "exported", count=count, file=args.file), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from bot.cli import settings_or_exit
    from bot.members import MembersService
    from bot.roster_csv import parse_roster

    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            text = Path(args.file).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:  # (a file that cannot be read: one line from bot.cli.main)
        print(_say(args, "not_utf8", file=args.file), file=sys.stderr)
        return 1

    async def work(members: MembersService) -> int:
        lang = settings_or_exit(args).default_language
        rows, problems = parse_roster(text, members.kb, lang)
        for problem in problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        if problems:
            print(_say(args, "problems", count=len(problems)), file=sys.stderr)
            return 1
        if args.dry_run:
            print(_say(args, "dry_run", count=len(rows)))
            return 0
        from bot.roster_csv import changes

        stored = {m.user_id: m for m in await members.all()}
        changed = [row for row in rows if changes(row, stored.get(row.user_id))]
        created, updated = await members.import_roster(changed) if changed else (0, 0)
        unchanged = len(rows) - len(changed)
        print(
            _say(
                args,
                "imported",
                count=len(rows),
                created=created,
                updated=updated,
                unchanged=unchanged,
            )
        )
        return 0

    return _with_services(args, work)
