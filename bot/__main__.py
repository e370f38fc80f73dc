"""``coopbot`` / ``python -m bot``: the command-line interface."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.settings import ConfigError, Settings, load_settings

log = logging.getLogger("coopbot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopbot", description=__doc__)
    parser.add_argument(
        "--config", help="TOML configuration file (default: $COOPBOT_CONFIG, ./config.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("run", help="run the bot (long polling) until Ctrl-C / SIGTERM")
    return parser


def settings_or_exit(args: argparse.Namespace) -> Settings:
    try:
        return load_settings(args.config)
    except ConfigError as exc:
        print(f"coopbot: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import build_application
    from bot.logs import setup_logging

    settings = settings_or_exit(args)
    setup_logging(settings.telegram.token.get_secret_value())
    application = build_application(settings)
    application.run_polling(
        allowed_updates=None,
        timeout=settings.telegram.poll_timeout,
        drop_pending_updates=False,
    )
    return 0


COMMANDS = {"run": cmd_run}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
