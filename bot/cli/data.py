"""``coopbot data check|load`` and ``coopbot ask``: the knowledge base from the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.options import add_lang

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.i18n import Catalogue
    from bot.knowledge.loader import Problem
    from bot.settings import Settings


def add_parser(sub: Any) -> None:
    data: argparse.ArgumentParser = sub.add_parser(
        "data", help="check the knowledge files or load them into the database"
    )
    actions = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="validate the knowledge files; exit 1 on any error")
    check.add_argument(
        "path", nargs="?", help="data directory (default: data.path or the bundled one)"
    )
    check.set_defaults(func=cmd_check)
    load = actions.add_parser("load", help="validate, then load the files into the database")
    load.add_argument(
        "path", nargs="?", help="data directory (default: data.path or the bundled one)"
    )
    load.add_argument("--force", action="store_true", help="rewrite even if unchanged")
    load.set_defaults(func=cmd_load)

    ask: argparse.ArgumentParser = sub.add_parser(
        "ask", help='answer a question as the bot would, e.g. coopbot ask "qui finance Terr\'ESS ?"'
    )
    ask.add_argument("question", nargs="+")
    add_lang(ask, "the asker's language: answers are in the question's, this one when unclear")
    ask.add_argument("--data", help="data directory (default: data.path or the bundled one)")
    ask.set_defaults(func=cmd_ask)


def _data_dir(args: argparse.Namespace, settings: Settings, attr: str = "path") -> Path:
    """The directory given on the command line, else ``data.path``, else the bundled one."""
    from bot.knowledge.loader import default_data_dir

    value = getattr(args, attr, None)
    if value:
        return Path(value)
    return settings.data.path or default_data_dir()


def report_problems(
    problems: Sequence[Problem], path: Path, lang: str, catalogue: Catalogue | None = None
) -> None:
    """The data's problems on the error output, as ``data check`` says them (``data load``
    and ``ask --data`` too): one line each in ``lang``, then their count."""
    from bot.data_problems import problem_text
    from bot.i18n import Catalogue, plain_text

    catalogue = catalogue or Catalogue.bundled()
    for problem in problems:
        print(problem_text(problem, lang, catalogue), file=sys.stderr)
    line = catalogue.t(lang, "terminal.data.problems", count=len(problems), path=path)
    print(plain_text(line), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from bot.cli import settings_or_exit
    from bot.knowledge.loader import check

    # The settings are read even with DIR given (no token needed): an invalid one stops, exit 2.
    settings = settings_or_exit(args)
    path = _data_dir(args, settings)
    from bot.i18n import Catalogue, plain_text

    lang = settings.default_language
    problems = check(path)
    if problems:
        report_problems(problems, path, lang)
        return 1
    print(
        plain_text(Catalogue.bundled().t(settings.default_language, "terminal.data.ok", path=path))
    )
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from bot.cli import run_async, services, settings_or_exit
    from bot.knowledge.loader import KnowledgeError
    from bot.storage.knowledge import LoadResult

    settings = settings_or_exit(args)
    path = _data_dir(args, settings)
    # The knowledge service of these settings, reading the files asked for (--data).
    settings = settings.model_copy(update={"data": settings.data.model_copy(update={"path": path})})

    async def load() -> LoadResult:
        async with services(settings, knowledge=False) as built:
            return await built.knowledge.load(force=args.force)

    from bot.i18n import Catalogue, plain_text

    catalogue, lang = Catalogue.bundled(), settings.default_language

    def say(key: str, /, **params: object) -> str:
        return plain_text(catalogue.t(lang, f"terminal.data.{key}", **params))

    # The same verdict as `data check DIR` (the questionnaires of forms/ included): any
    # problem and nothing is written, exit 1.
    from bot.knowledge.loader import check

    problems = check(path)
    if problems:
        report_problems(problems, path, lang, catalogue)
        print(say("refused"), file=sys.stderr)
        return 1
    try:
        result = run_async(load)
    except KnowledgeError as exc:
        report_problems(exc.problems, path, lang, catalogue)
        print(say("refused"), file=sys.stderr)
        return 1
    counts = ", ".join(plain_text(catalogue.count(lang, k, n)) for k, n in result.counts.items())
    key = "loaded" if result.changed else "unchanged"
    print(say(key, counts=counts, path=settings.storage.path))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """The bot's answer, through the bot's one entry point (:meth:`LiveAnswers.reply`): the
    exchange and the Atlas, live data, the records, the documents -- on the configured
    database, the knowledge files loaded as the bot loads them at start."""
    import html
    import re

    from bot.cli import run_async, services, settings_or_exit
    from bot.knowledge.answer import Answer
    from bot.knowledge.loader import check

    settings = settings_or_exit(args)
    path = _data_dir(args, settings, "data")  # --data, else data.path
    problems = check(path)
    if problems:  # the files asked about are broken: say why as `data check` does, answer nothing
        report_problems(problems, path, settings.default_language)
        return 1
    settings = settings.model_copy(update={"data": settings.data.model_copy(update={"path": path})})
    question = " ".join(args.question).strip()
    if not question:  # `coopbot ask ""`: a usage error, not a question without an answer
        from bot.cli import say

        print(say(args, "empty_question"), file=sys.stderr)
        return 2
    lang = args.lang or settings.default_language

    async def ask() -> Answer:
        async with services(settings) as built:
            return await built.live.reply(question, member=None, user_id=None, lang=lang)

    answer = run_async(ask)
    # The terminal gets the text without Telegram's HTML tags.
    print(html.unescape(re.sub(r"</?[a-z][^>]*>", "", answer.html)))
    return 0
