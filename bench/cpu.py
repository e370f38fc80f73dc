"""``python -m bench cpu``: CPU time per answered message and per delivered message.

Measured as the bot process's own CPU time (user + system, from ``/proc/PID/stat``) between
the start and the end of a batch, divided by the messages: unlike wall time, it does not grow
when the machine is busy with something else. The emulator runs in this process (its CPU is
not counted); the bot is a subprocess, as in production.

1. **answer**: the real ``coopbot run`` answers N free-text questions (the question set of
   ``tests/qa/questions.toml``, in turn), asked one after the other by 20 people in private;
   a warm-up round (one question each) is not counted;
2. **bare PTB**: the same questions to a bare python-telegram-bot bot (``bench/_bare_bot.py``:
   one ``Application``, one ``MessageHandler`` answering one fixed line) on the same emulator:
   the floor any bot built on the library pays per message (update fetched, parsed, answered);
3. **delivery**: ``coopbot run`` delivers an announcement (composed with /annonce, as in
   ``bench broadcast``) to N people and 10 groups at Telegram's limits scaled ten times
   (300 msg/s): CPU from the confirmation to the report, divided by the copies delivered
   (progress edits, the outbox's SQLite writes and the report included).

Last line: ``cpu: answer X ms CPU/message (bare PTB Y ms), delivery Z ms CPU/message``.

Options: ``--questions N`` (300), ``--recipients N`` (2000), ``--scale F`` (10),
``--keep DIR`` (keep the databases and bot logs there).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bench import broadcast
from bench.process import BotProcess, run_in_workdir
from bot.sandbox import FloodLimits, Sandbox

TOKEN = "777001:BENCH-cpu-token-abcdefghijklmnopqrstu"
ROOT = Path(__file__).resolve().parents[1]
ASKERS = list(range(300_001, 300_021))  # 20 people asking in turn


@dataclass
class Measure:
    name: str
    messages: int
    cpu: float  # seconds
    wall: float  # seconds

    @property
    def ms_per_message(self) -> float:
        return 1000 * self.cpu / self.messages if self.messages else float("nan")

    def line(self) -> str:
        return (
            f"  {self.name}: {self.messages} messages, {self.cpu:.2f} s CPU"
            f" ({self.ms_per_message:.2f} ms/message) in {self.wall:.1f} s"
            f" ({self.messages / self.wall:.0f} msg/s; one core at this cost:"
            f" {1000 / self.ms_per_message:.0f} msg/s)"
        )


def questions() -> list[str]:
    data = tomllib.loads((ROOT / "tests" / "qa" / "questions.toml").read_text(encoding="utf-8"))
    return [entry["q"] for entry in data["q"]]


def clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("COOPBOT_")}


async def ask(sandbox: Sandbox, asked: list[str]) -> None:
    """Each question from the next person in turn; waits for the answer before the next."""
    for user_id, text in zip(itertools.cycle(ASKERS), asked, strict=False):
        await sandbox.send_text(user_id, text)
        await sandbox.wait_for_message(user_id, timeout=60)


async def answering(name: str, workdir: Path, count: int, *, bare: bool) -> Measure:
    texts = list(itertools.islice(itertools.cycle(questions()), count))
    async with Sandbox(TOKEN) as sandbox:
        for user_id in ASKERS:
            sandbox.add_user(user_id, f"Personne {user_id}", language_code="fr")
        env = clean_environment()
        command = None
        if bare:
            command = ["-m", "bench._bare_bot", TOKEN, sandbox.api_base_url]
        else:
            env.update(
                COOPBOT_TELEGRAM__TOKEN=TOKEN,
                COOPBOT_TELEGRAM__API_BASE_URL=sandbox.api_base_url,
                COOPBOT_TELEGRAM__FILE_BASE_URL=sandbox.file_base_url,
                COOPBOT_TELEGRAM__POLL_TIMEOUT="2",
                COOPBOT_STORAGE__PATH=str(workdir / f"{name}.sqlite3"),
            )
        bot = BotProcess(env, workdir, workdir / f"{name}.log", command)
        await bot.start(sandbox)
        try:
            # Warm-up: everyone's first message (a new member registered), caches filled.
            await ask(sandbox, list(itertools.islice(itertools.cycle(texts), len(ASKERS))))
            await asyncio.sleep(1.0)  # anything the first messages left to do
            cpu0, t0 = bot.cpu(), time.monotonic()
            await ask(sandbox, texts)
            cpu, wall = bot.cpu() - cpu0, time.monotonic() - t0
        finally:
            await bot.stop()
    return Measure(name, len(texts), cpu, wall)


async def delivering(workdir: Path, recipients: int, scale: float) -> Measure:
    groups = [broadcast.GROUP_BASE - i for i in range(10)]
    users = list(range(broadcast.FIRST_USER, broadcast.FIRST_USER + recipients - len(groups)))
    setup = broadcast.Setup(users, groups, scale, 0.0, 7, workdir, workdir / "seed.db")
    await broadcast.seed_database(setup.template, users, groups)
    db_path = workdir / "delivery.sqlite3"
    shutil.copy(setup.template, db_path)
    async with Sandbox(broadcast.TOKEN, flood_limits=FloodLimits(scale=scale)) as sandbox:
        broadcast.populate(sandbox, setup)
        env = broadcast.bot_environment(sandbox, setup, db_path)
        bot = BotProcess(env, workdir, workdir / "delivery.log")
        await bot.start(sandbox)
        marks: list[tuple[float, float]] = []
        try:
            summary, start_index = await broadcast.compose(
                sandbox, "cpu", lambda: marks.append((bot.cpu(), time.monotonic()))
            )
            await broadcast.wait_for_report(sandbox, summary)
            cpu, wall = bot.cpu() - marks[0][0], time.monotonic() - marks[0][1]
        finally:
            await bot.stop()
        sent = broadcast.broadcast_sends(sandbox, start_index, set(setup.recipients))
    return Measure("delivery", len(sent), cpu, wall)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench cpu", description=__doc__)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--keep", help="keep the databases and the bot logs in this directory")
    return parser.parse_args(sys.argv[1:])


async def bench(args: argparse.Namespace, workdir: Path) -> None:
    print(
        f"cpu bench: {args.questions} questions (coopbot, then bare PTB), an announcement to"
        f" {args.recipients} recipients at {30 * args.scale:g} msg/s; CPU of the bot process",
        flush=True,
    )
    answer = await answering("coopbot", workdir, args.questions, bare=False)
    print(answer.line(), flush=True)
    bare = await answering("bare PTB", workdir, args.questions, bare=True)
    print(bare.line(), flush=True)
    delivery = await delivering(workdir, args.recipients, args.scale)
    print(delivery.line(), flush=True)
    print(
        f"cpu: answer {answer.ms_per_message:.1f} ms CPU/message"
        f" (bare PTB {bare.ms_per_message:.1f} ms),"
        f" delivery {delivery.ms_per_message:.1f} ms CPU/message",
        flush=True,
    )


def main() -> None:
    run_in_workdir(bench, parse_args())


if __name__ == "__main__":
    main()
