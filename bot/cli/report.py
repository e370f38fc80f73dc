"""``coopbot report``: the activity report for the funder, written to a folder (XLSX, PDF and
one CSV per table), its headline figures printed. Reads the database and the knowledge files
only: no Telegram token needed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.options import add_lang


def add_parser(sub: Any) -> None:
    report: argparse.ArgumentParser = sub.add_parser(
        "report",
        help="the activity report of a project (XLSX, PDF, CSV): participation by organisation,"
        " country and month",
    )
    report.add_argument("--project", required=True, help="project id or name (terress, coopr)")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (included)")
    report.add_argument(
        "--period", metavar="PERIOD", help='a year or a quarter: "2026", "T3 2026", "Q3 2026"'
    )
    add_lang(report)
    report.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from bot.activity_report import ActivityReport, ReportError
    from bot.cli import run_async, services, settings_or_exit
    from bot.i18n import Catalogue, plain_text
    from bot.render.report_files import render
    from bot.render.report_tables import headline_lines
    from bot.report_period import PeriodError, parse_day, parse_named

    settings = settings_or_exit(args)  # no token: this reads the database only
    lang = args.lang or settings.default_language
    catalogue = Catalogue.bundled()

    async def work() -> tuple[ActivityReport, str] | str:
        async with services(settings) as opened:
            service = opened.activity
            try:
                project = service.find_project(args.project)
                if project is None:
                    raise service.unknown_project(args.project)
                if args.period and (args.start or args.end):
                    raise PeriodError("bad_period", value=args.period)
                asked = None
                if args.period:
                    asked = parse_named(args.period)
                    if asked is None:
                        raise PeriodError("bad_period", value=args.period)
                start = parse_day(args.start) if args.start else None
                end = parse_day(args.end) if args.end else None
                period = service.period(project, asked, start=start, end=end)
                built = await service.build(project, period, lang)
                return built, service.period_label(period, lang)
            except (ReportError, PeriodError) as error:
                return plain_text(service.error_text(error, lang))

    found = run_async(work)
    if isinstance(found, str):
        print(f"coopbot: {found}", file=sys.stderr)
        return 1
    report, label = found
    written = render(report, catalogue).write(Path(args.out))
    print(catalogue.raw(lang, "report.pdf.title").format(project=report.project))
    print(label)
    for label, value in headline_lines(report, catalogue):
        print(f"{label}: {value}")
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0
