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
from pathlib import Path
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
    settings: Settings | None = None
    try:
        settings = load_settings(args.config)
        if telegram:
            settings.telegram.require_token()
        return settings
    except ConfigError as exc:  # in the language the configuration asks for (issue 16)
        lang = settings.default_language if settings is not None else exc.lang
        print(f"coopbot: {exc.text(lang)}", file=sys.stderr)
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


def terminal_language(args: argparse.Namespace | None = None) -> str:
    """The language of the terminal: the settings', else the one an invalid configuration
    asks for (French when it says none)."""
    try:
        return load_settings(getattr(args, "config", None)).default_language
    except ConfigError as exc:
        return exc.lang


def say(args: argparse.Namespace | None, key: str, /, **params: object) -> str:
    """A line of the terminal (``terminal.<key>``), in the settings' language."""
    from bot.i18n import Catalogue, plain_text

    return plain_text(Catalogue.bundled().t(terminal_language(args), f"terminal.{key}", **params))


def os_reason(args: argparse.Namespace | None, exc: OSError, lang: str | None = None) -> str:
    """Why a file could not be read or written, in ``lang`` (default: the terminal's)."""
    import errno

    from bot.i18n import Catalogue, plain_text

    lang = lang or terminal_language(args)
    name = errno.errorcode.get(exc.errno or 0, "")
    if name in {"ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS", "EEXIST"}:
        return plain_text(Catalogue.bundled().t(lang, f"terminal.os.{name}"))
    code = name or str(exc.errno)
    return plain_text(Catalogue.bundled().t(lang, "terminal.os.other", code=code))


def wrong_extension(args: argparse.Namespace, path: str | None, *allowed: str) -> bool:
    """True (and one line said) if ``path`` does not end with one of the ``allowed`` suffixes
    (``.csv``...): a file is never written in a format its name does not announce."""
    if path is None or path == "-" or Path(path).suffix.lower() in allowed:
        return False
    print(say(args, "wrong_extension", path=path, expected=", ".join(allowed)), file=sys.stderr)
    return True


def _quiet_broken_pipe() -> int:
    """The reader went away (``| head``): stop quietly as Unix tools do."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests): nothing to redirect
        pass
    return 141  # 128 + SIGPIPE, as a shell reports a tool stopped by a closed pipe


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as exc:  # a file named on the command line that cannot be written or read
        path = exc.filename if exc.filename is not None else "?"
        print(say(args, "file_error", path=path, reason=os_reason(args, exc)), file=sys.stderr)
        return 1
    return code
