"""``coopbot forms list|progress|export|load|deadline``: self-assessments from the terminal.

``load`` reads ``data/forms/`` as the bot does at start: a new or edited questionnaire is
stored, an invalid file changes nothing, and the answers an edit could not keep are listed.
The other commands load the same way first, then read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.options import add_lang

if TYPE_CHECKING:
    from bot.forms.service import FormsService, LoadReport
    from bot.settings import Settings


def add_parser(sub: Any) -> None:
    forms: argparse.ArgumentParser = sub.add_parser(
        "forms", help="self-assessments: list, progress by country, export, load the files"
    )
    actions = forms.add_subparsers(dest="forms_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the questionnaires, with how many are sent")
    add_lang(listing)
    listing.set_defaults(func=cmd_list)
    progress = actions.add_parser(
        "progress", help="by country: organisations done, in progress, not started"
    )
    progress.add_argument("form", help="questionnaire id or project (coopr, terress)")
    add_lang(progress)
    progress.set_defaults(func=cmd_progress)
    export = actions.add_parser(
        "export", help="one row per organisation, one column per question (CSV or XLSX)"
    )
    export.add_argument("form", help="questionnaire id or project (coopr, terress)")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file (.csv or .xlsx); default: CSV on standard output",
    )
    add_lang(export)
    export.set_defaults(func=cmd_export)
    deadline = actions.add_parser(
        "deadline",
        help="set a new deadline (stored; overrides the file's until the file changes it)",
    )
    deadline.add_argument("form", help="questionnaire id or project (coopr, terress)")
    deadline.add_argument("date", nargs="+", help='the last day: "31 mars", YYYY-MM-DD...')
    add_lang(deadline)
    deadline.set_defaults(func=cmd_deadline)
    load = actions.add_parser(
        "load", help="store the questionnaire files (exit 1 if a file is invalid)"
    )
    add_lang(load)
    load.set_defaults(func=cmd_load)


@asynccontextmanager
async def opened(settings: Settings) -> AsyncIterator[tuple[FormsService, LoadReport]]:
    """The forms service of the application's services (nothing started), the files loaded."""
    import logging

    from bot.cli import services

    # The service logs each invalid file for the running bot; here `forms load` prints them,
    # translated, once (the log line would repeat them, in English, at every load).
    service_log = logging.getLogger("bot.forms.service")
    was_disabled, service_log.disabled = service_log.disabled, True
    try:
        async with services(settings) as built:
            yield built.forms, await built.forms.load()
    finally:
        service_log.disabled = was_disabled


def _context(args: argparse.Namespace) -> tuple[Settings, str]:
    from bot.cli import settings_or_exit

    settings = settings_or_exit(args)
    return settings, getattr(args, "lang", None) or settings.default_language


def _plain(text: str) -> str:
    from bot.i18n import plain_text

    return plain_text(text)


def _renderer(forms: FormsService) -> Any:
    from bot.i18n import Catalogue
    from bot.render.forms import FormsRenderer

    return FormsRenderer(Catalogue.bundled(), forms.knowledge)


def _find(forms: FormsService, wanted: str, lang: str) -> Any:
    from bot.i18n import Catalogue

    form = forms.find(wanted)
    if form is None:
        known = ", ".join(sorted(forms.forms)) or "-"
        message = Catalogue.bundled().t(lang, "forms.error.unknown", known=known)
        print(_plain(message), file=sys.stderr)
    return form


def cmd_list(args: argparse.Namespace) -> int:
    from bot.cli import run_async

    settings, lang = _context(args)

    async def work() -> int:
        async with opened(settings) as (forms, _):
            render = _renderer(forms)
            for form in sorted(forms.forms.values(), key=lambda f: f.id):
                progress = await forms.followup.progress(form.id)
                questions = render.t(lang, "cli.questions", count=len(list(form.questions())))
                line = render.t(
                    lang,
                    "cli.line",
                    id=form.id,
                    project=form.project,
                    deadline=form.deadline.isoformat(),
                    questions=questions,
                    done=progress.count("done"),
                    organisations=progress.organisations,
                    title=form.title.get(lang),
                )
                print(_plain(line))
            return 0

    return run_async(work)


def cmd_progress(args: argparse.Namespace) -> int:
    from bot.cli import run_async

    settings, lang = _context(args)

    async def work() -> int:
        async with opened(settings) as (forms, _):
            form = _find(forms, args.form, lang)
            if form is None:
                return 1
            progress = await forms.followup.progress(form.id)
            for body, _markup in _renderer(forms).progress(lang, progress):
                print(_plain(body))
            return 0

    return run_async(work)


def cmd_export(args: argparse.Namespace) -> int:
    from bot.cli import run_async, wrong_extension

    if wrong_extension(args, args.output, ".csv", ".xlsx"):
        return 2
    settings, lang = _context(args)
    output = Path(args.output) if args.output else None

    async def work() -> int:
        async with opened(settings) as (forms, _):
            form = _find(forms, args.form, lang)
            if form is None:
                return 1
            _, rows = await forms.followup.export_rows(form.id)
            render = _renderer(forms)
            if output is not None and output.suffix.lower() == ".xlsx":
                output.write_bytes(render.xlsx_bytes(lang, form, rows))
            elif output is not None:
                output.write_bytes(render.csv_bytes(lang, form, rows))
            else:
                sys.stdout.write(render.csv_bytes(lang, form, rows).decode("utf-8-sig"))
                return 0
            print(_plain(render.t(lang, "cli.written", path=str(output), count=len(rows))))
            return 0

    return run_async(work)


def cmd_load(args: argparse.Namespace) -> int:
    from bot.cli import run_async

    settings, lang = _context(args)

    async def work() -> int:
        async with opened(settings) as (forms, report):
            render = _renderer(forms)
            from bot.data_problems import problem_text

            for problem in report.problems:
                print(problem_text(problem, lang), file=sys.stderr)
            for key, ids in (
                ("new", report.loaded),
                ("updated", report.updated),
                ("unchanged", report.unchanged),
                ("withdrawn", report.withdrawn),
            ):
                for form_id in ids:
                    print(_plain(render.t(lang, f"cli.{key}", id=form_id)))
            for form_id, dropped in report.dropped.items():
                for item in dropped:
                    line = render.t(
                        lang,
                        "cli.dropped",
                        id=form_id,
                        question=item.question_id,
                        reason=render.t(lang, f"cli.{item.reason}"),
                        count=item.organisations,
                    )
                    print(_plain(line))
            if report.problems:
                print(_plain(render.t(lang, "cli.invalid_files")), file=sys.stderr)
                return 1
            return 0

    return run_async(work)


def cmd_deadline(args: argparse.Namespace) -> int:
    from bot.cli import run_async
    from bot.forms.service import FormsError

    settings, lang = _context(args)
    text = " ".join(args.date)

    async def work() -> int:
        async with opened(settings) as (forms, _):
            render = _renderer(forms)
            form = _find(forms, args.form, lang)
            if form is None:
                return 1
            try:
                form = await forms.set_deadline(form.id, text)
            except FormsError as exc:
                print(_plain(render.catalogue.t(lang, exc.key, text=text)), file=sys.stderr)
                return 1
            deadline = render.deadline(form, lang)
            print(_plain(render.t(lang, "deadline.set", id=form.id, deadline=deadline)))
            return 0

    return run_async(work)
