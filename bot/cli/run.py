"""``coopbot run``: the bot, long polling, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "run", help="run the bot (long polling) until Ctrl-C / SIGTERM"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.cli import settings_or_exit
    from bot.logs import setup_logging

    settings = settings_or_exit(args, telegram=True)
    setup_logging(settings.telegram.require_token())
    application = build_application(settings)
    # run_polling stops cleanly on SIGINT, SIGTERM and SIGABRT, running post_shutdown.
    application.run_polling(allowed_updates=ALLOWED_UPDATES, timeout=settings.telegram.poll_timeout)
    return 0
