"""``coopbot run``: the bot until Ctrl-C or SIGTERM, by long polling or on a webhook."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "run", help="run the bot (long polling, or --webhook) until Ctrl-C / SIGTERM"
    )
    parser.add_argument(
        "--webhook",
        metavar="URL",
        help="webhook mode: the public HTTPS URL Telegram posts updates to (telegram.webhook_url)",
    )
    parser.add_argument(
        "--listen",
        metavar="HOST:PORT",
        help="where the webhook server listens (telegram.listen, default 0.0.0.0:8443)",
    )
    parser.add_argument(
        "--health",
        metavar="HOST:PORT",
        help="serve GET /healthz and GET /metrics there (health.listen)",
    )
    parser.set_defaults(func=run)


def with_options(settings: Any, args: argparse.Namespace) -> Any:
    """The settings with the command line's --webhook, --listen and --health applied; a bad
    value is one line in the terminal's language, exit code 2."""
    from bot.cli import say, terminal_language
    from bot.health import parse_listen
    from bot.settings import ConfigValueError
    from bot.webhook import check_webhook_url

    telegram: dict[str, str] = {}
    health: dict[str, str] = {}
    option, problem = "", ConfigValueError("listen", value="")
    try:
        if args.webhook:
            option, problem = "--webhook", ConfigValueError("webhook_url", url=args.webhook)
            telegram["webhook_url"] = check_webhook_url(args.webhook)
        for name, value, section in (
            ("--listen", args.listen, telegram),
            ("--health", args.health, health),
        ):
            if value:
                option, problem = name, ConfigValueError("listen", value=value)
                parse_listen(value)
                section["listen"] = value
    except ValueError:
        what = problem.text(terminal_language(args))
        print(
            "coopbot: " + say(args, "invalid_option", option=option, problem=what), file=sys.stderr
        )
        raise SystemExit(2) from None
    return settings.model_copy(
        update={
            "telegram": settings.telegram.model_copy(update=telegram),
            "health": settings.health.model_copy(update=health),
        }
    )


def run(args: argparse.Namespace) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot.app import ALLOWED_UPDATES, build_application
    from bot.cli import clock, run_async, say, settings_or_exit
    from bot.logs import setup_logging
    from bot.webhook import secret_for, webhook_arguments

    settings = with_options(settings_or_exit(args, telegram=True), args)
    url = settings.telegram.webhook_url
    secret = run_async(lambda: secret_for(settings, clock())) if url else None
    setup_logging(
        settings.telegram.require_token(),
        settings.logging.level,
        secrets=[*settings.telegram.secrets, *([secret] if secret else [])],
        fmt=settings.logging.format,
    )
    application = build_application(settings)
    # Both stop cleanly on SIGINT, SIGTERM and SIGABRT, running post_shutdown. Long polling
    # deletes a webhook set before (Telegram refuses getUpdates while one is set).
    try:
        if url and secret:
            application.run_webhook(**webhook_arguments(settings, secret))
        else:
            application.run_polling(
                allowed_updates=ALLOWED_UPDATES, timeout=settings.telegram.poll_timeout
            )
    except (NetworkError, InvalidToken) as exc:  # at start: Telegram unreachable, token refused
        key = "token_refused" if isinstance(exc, InvalidToken) else "telegram_unreachable"
        api = settings.telegram.api_base_url
        reason = str(exc).replace(settings.telegram.require_token(), "***")  # never the token
        print("coopbot: " + say(args, key, api=api, reason=reason), file=sys.stderr)
        return 1
    return 0
