"""``coopbot polls list|results|export``: polls from the terminal (read-only, no Telegram)."""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from typing import Any

from bot.cli.options import add_lang
from bot.limits import number_argument

LIMIT = number_argument(maximum=1000)


def add_parser(sub: Any) -> None:
    polls: argparse.ArgumentParser = sub.add_parser(
        "polls", help="polls: list them, read results, export every answer as CSV"
    )
    actions = polls.add_subparsers(dest="polls_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the latest polls, with their number and state")
    listing.add_argument("--limit", type=LIMIT, default=20, help="how many (default 20)")
    listing.set_defaults(func=cmd_list)
    results = actions.add_parser(
        "results", help="totals per option, participation by organisation and country"
    )
    results.add_argument("poll", type=number_argument(), help="poll number")
    add_lang(results)
    results.add_argument("--chart", metavar="FILE.png", help="also write the bar chart (PNG)")
    results.set_defaults(func=cmd_results)
    export = actions.add_parser("export", help="every answer of POLL as CSV (UTF-8)")
    export.add_argument("poll", type=number_argument(), help="poll number")
    export.add_argument("-o", "--output", metavar="FILE", help="file (default: standard output)")
    add_lang(export)
    export.set_defaults(func=cmd_export)


def _plain(text: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _settings(args: argparse.Namespace) -> Any:
    from bot.cli import settings_or_exit

    return settings_or_exit(args)


def cmd_list(args: argparse.Namespace) -> int:
    from bot.cli import run_async, say, services
    from bot.reports import poll_texts

    settings = _settings(args)

    async def work() -> int:
        async with services(settings) as built:
            reports = built.polls.reports
            polls = await built.polls.recent(args.limit)
            if not polls:
                print(say(args, "polls.none"))
            for poll in polls:
                question, _ = poll_texts(reports.catalogue, poll, settings.default_language)
                state = say(args, "polls.closed" if poll.is_closed else "polls.open")
                project = reports.project_name(poll.project_id) or "-"
                print(f"#{poll.id}\t{state}\t{project}\t{poll.kind}\t{question}")
            return 0

    return run_async(work)


def cmd_results(args: argparse.Namespace) -> int:
    from bot.cli import run_async, say, services, wrong_extension

    if wrong_extension(args, args.chart, ".png"):
        return 2
    settings = _settings(args)

    async def work() -> tuple[str, bytes | None] | None:
        async with services(settings) as built:
            reports = built.polls.reports
            poll = await built.polls.find(args.poll)
            if poll is None:
                return None
            lang = args.lang or settings.default_language
            results = await reports.results(poll)
            chart = await reports.chart(results, lang) if args.chart else None
            return _plain(reports.text(results, lang, settings.zone)), chart

    found = run_async(work)
    if found is None:
        print(say(args, "polls.unknown", poll=args.poll), file=sys.stderr)
        return 1
    text, chart = found
    print(text)
    if chart is not None:
        Path(args.chart).write_bytes(chart)
        print(say(args, "polls.chart", path=args.chart), file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bot.cli import run_async, say, services, wrong_extension

    if wrong_extension(args, args.output, ".csv"):
        return 2
    settings = _settings(args)

    async def work() -> bytes | None:
        async with services(settings) as built:
            poll = await built.polls.find(args.poll)
            if poll is None:
                return None
            return bytes(
                await built.polls.reports.csv(poll, args.lang or settings.default_language)
            )

    data = run_async(work)
    if data is None:
        print(say(args, "polls.unknown", poll=args.poll), file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_bytes(data)
        print(say(args, "polls.exported", path=args.output, poll=args.poll), file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
        sys.stdout.flush()
    return 0
