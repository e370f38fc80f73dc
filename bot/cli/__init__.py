"""The ``coopbot`` command line: one module per command group, listed in :data:`COMMANDS`.

Each module has ``add_parser(subparsers)`` which registers its sub-command(s) and sets
``func`` (taking the parsed arguments, returning an exit code) with ``set_defaults``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TypeVar

from bot.clock import Clock, SystemClock
from bot.settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from bot.services import Services

T = TypeVar("T")

# The terminal's "now" (tests replace it with a FrozenClock): read it through clock().
CLOCK: Clock = SystemClock()

# Order of the commands in `coopbot --help`.
COMMANDS = [
    "bot.cli.run",
    "bot.cli.demo",
    "bot.cli.data",
    "bot.cli.events",
    "bot.cli.polls",
    "bot.cli.broadcast",
    "bot.cli.members",
    "bot.cli.report",
    "bot.cli.forms",  # self-assessments (issue 13)
    "bot.cli.ops",
    "bot.cli.atlas",  # the Atlas of decentralised cooperation (issue 18)
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coopbot",
        description="coopbot: the community bot of inter-regional cooperation projects.",
    )
    parser.add_argument(
        "--config", help="TOML configuration file (default: $COOPBOT_CONFIG, else ./config.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).add_parser(sub)
    return parser


def settings_or_exit(args: argparse.Namespace, *, telegram: bool = False) -> Settings:
    """The settings, or exit 2 with one clear line.

    Only commands that talk to Telegram (``telegram=True``) need ``telegram.token``; the others
    run without it, every other setting applying (and an invalid one still stopping them).
    """
    try:
        settings = load_settings(args.config)
        if telegram:
            settings.telegram.require_token()
        return settings
    except ConfigError as exc:
        print(f"coopbot: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def clock() -> Clock:
    """The clock of the terminal commands."""
    return CLOCK


@asynccontextmanager
async def services(settings: Settings, *, knowledge: bool = True) -> AsyncIterator[Services]:
    """The application's services for a terminal command: :meth:`Services.open` on the
    configured database, nothing started (no schedule, no outbox sending), no Telegram ``Bot``
    unless something is actually sent (``bot/sender.py``); the knowledge files loaded if
    ``knowledge`` (the stored copy kept if they are broken, as the bot does)."""
    from bot.sender import lazy_sender
    from bot.services import Services

    async with Services.open(settings, clock=clock(), sender=lazy_sender(settings)) as built:
        if knowledge:
            await built.knowledge.start()
        yield built


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    return asyncio.run(main())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code
