"""``coopbot demo``: the emulator, the bot and a terminal chat, in one process."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="try the bot in the terminal, with a local Telegram emulator"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0.6,
        metavar="SECONDS",
        help="with input from a pipe: the silence that ends the bot's answer to a line "
        "(default 0.6)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from bot.demo import run_demo

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        return asyncio.run(run_demo(interactive=sys.stdin.isatty(), settle=max(0.0, args.settle)))
    except KeyboardInterrupt:
        return 0
