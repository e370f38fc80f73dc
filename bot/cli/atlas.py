"""``coopbot atlas``: import the Atlas of decentralised cooperation from a CSV file, or write
a synthetic one (tests, benchmarks). Reads and writes the database only: no Telegram token."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.options import add_lang

MAX_LISTED = 50  # rejected rows printed one by one; the others are counted


def add_parser(sub: Any) -> None:
    atlas: argparse.ArgumentParser = sub.add_parser(
        "atlas", help="the Atlas of decentralised cooperation: import a CSV file of partnerships"
    )
    commands = atlas.add_subparsers(dest="atlas_command", required=True, metavar="ACTION")
    load = commands.add_parser(
        "import", help="import partnerships from FILE.csv (idempotent; see README for columns)"
    )
    load.add_argument("file", metavar="FILE.csv")
    add_lang(load)
    load.set_defaults(func=cmd_import)
    make = commands.add_parser(
        "generate", help="write a synthetic Atlas CSV (the real Dijon – Chefchaouen row first)"
    )
    make.add_argument("file", metavar="FILE.csv")
    make.add_argument("--count", type=int, default=1000, help="partnerships (default 1000)")
    make.add_argument("--seed", type=int, default=18, help="random seed (default 18)")
    add_lang(make)
    make.set_defaults(func=cmd_generate)


def cmd_import(args: argparse.Namespace) -> int:
    from bot.cli import run_async, services, settings_or_exit
    from bot.exchange.atlas import ImportReport
    from bot.exchange.atlas_csv import FileRefused
    from bot.i18n import Catalogue, plain_text

    settings = settings_or_exit(args)
    lang = args.lang or settings.default_language
    catalogue = Catalogue.bundled()

    def say(key: str, **params: object) -> str:
        return plain_text(catalogue.t(lang, f"exchange.atlas.{key}", **params))

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        from bot.cli import os_reason

        print(say("unreadable", file=str(path), error=os_reason(args, exc, lang)), file=sys.stderr)
        return 1

    async def work() -> ImportReport:
        async with services(settings) as built:  # the knowledge files: the countries
            return await built.atlas.import_csv(data)

    try:
        report = run_async(work)
    except FileRefused as exc:
        p = exc.problem
        if p.reason == "cell_count":  # no cell to name: the row's count and the header's
            print(
                plain_text(
                    catalogue.t(
                        lang,
                        "terminal.atlas.refused_cells",
                        file=str(path),
                        line=p.line,
                        count=int(p.value),
                        header=p.header,
                    )
                ),
                file=sys.stderr,
            )
            return 1
        reason = say(f"reasons.{p.reason}")
        print(
            say(
                "refused",
                file=str(path),
                line=p.line,
                column=p.column,
                value=p.value,
                reason=reason,
            ),
            file=sys.stderr,
        )
        return 1
    counts = report.counts
    print(
        say(
            "imported",
            file=str(path),
            count=report.read,
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
        )
    )
    if report.rejected:
        print(say("rejected", count=len(report.rejected)))
        for p in report.rejected[:MAX_LISTED]:
            reason = say(f"reasons.{p.reason}")
            print(say("rejected_row", line=p.line, column=p.column, value=p.value, reason=reason))
        if len(report.rejected) > MAX_LISTED:
            print(say("rejected_more", count=len(report.rejected) - MAX_LISTED))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from bot.cli import settings_or_exit
    from bot.exchange.synthetic import write_synthetic
    from bot.i18n import Catalogue, plain_text
    from bot.knowledge.loader import load_knowledge

    settings = settings_or_exit(args)
    lang = args.lang or settings.default_language
    catalogue = Catalogue.bundled()
    if args.count < 1:
        print(plain_text(catalogue.t(lang, "exchange.atlas.bad_count")), file=sys.stderr)
        return 2
    kb = load_knowledge(settings.data.path)
    write_synthetic(Path(args.file), args.count, kb, seed=args.seed)
    print(
        plain_text(catalogue.t(lang, "exchange.atlas.generated", file=args.file, count=args.count))
    )
    return 0
