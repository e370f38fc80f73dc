"""Run the Bot API emulator standalone: ``python -m bot.sandbox --port 8081 --token 123:ABC``.

Point the bot at the printed URLs (``Bot(base_url=..., base_file_url=...)``) and drive it
through the JSON test API under ``/_sandbox/`` (see ``bot/sandbox/README.md``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from .flood import FloodLimits
from .server import Sandbox


async def _serve(args: argparse.Namespace) -> None:
    limits = FloodLimits(scale=args.flood_scale) if args.flood_scale else None
    sandbox = Sandbox(args.token, flood_limits=limits)
    if args.lost_answers:
        sandbox.lose_answers(args.lost_answers, method=args.lost_answers_method or None)
    await sandbox.start(args.host, args.port)
    print(f"Telegram sandbox for bot {sandbox.bot_user['username']} (token {args.token})")
    print(f"  api_base_url:  {sandbox.api_base_url}")
    print(f"  file_base_url: {sandbox.file_base_url}")
    print(f"  test API:      {sandbox.base_url}/_sandbox/<action>")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await sandbox.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123:ABC")
    parser.add_argument(
        "--flood-scale",
        type=float,
        default=0.0,
        help="enforce Telegram's flood limits, with rates multiplied by this factor",
    )
    parser.add_argument(
        "--lost-answers",
        type=float,
        default=0.0,
        metavar="P",
        help="uncertain deliveries: this share of the sends take effect but their answer is"
        " lost (half withheld until the client times out, half by a dropped connection)",
    )
    parser.add_argument(
        "--lost-answers-method",
        default="sendMessage",
        metavar="METHOD",
        help="the method whose answers get lost (empty: any method)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
