"""``python -m bench broadcast``: one announcement to 5,000 people and 30 groups, twice.

The emulator runs in this process with Telegram's flood limits scaled up ten times
(``FloodLimits(scale=10)``: 300 msg/s overall, 10/s per chat, 200/min per group) and 1% of the
recipients failing: a third blocked the bot (403, for good), a third answer 429 once
(``retry_after`` 1 s), a third answer 500/502 once or twice. The bot is the real ``coopbot run``
in a subprocess, configured by environment variables only, with its delivery limits scaled the
same way. A coordinator composes the announcement through the emulator (/annonce, text with
formatting, "everyone", preview, "send now"), then:

1. the run goes to its end and the coordinator's message shows the report;
2. the same run on a fresh copy of the database is killed (SIGKILL) once half the recipients
   got it, restarted, and goes to its end (the emulator outlives both bot processes).

Reported: delivered (recipients who got it) against expected (those who did not block the
bot), duplicates (copies beyond one), and the achieved rate (messages accepted per second
between the first and the last copy of the uninterrupted run) against the allowed rate.
Then a paid broadcast (``delivery.paid_broadcast``: ``allow_paid_broadcast``, up to 1,000
msg/s) on an emulator at Telegram's real limits (30 msg/s free, 1,000 paid, 1 per chat,
20/min per group), the same 1% failing, uninterrupted; its line comes before the last one:
``broadcast (paid): delivered D/E, duplicates N, rate X msg/s of Y allowed``. The rate it
reaches is bounded by the bot's CPU (one process, one core), not by the limit: see
docs/scaling.md.

Last line: ``broadcast: delivered D/E, duplicates N, rate X msg/s of Y allowed``.

``--uncertain P`` adds uncertain deliveries: a share P of the sends are delivered but their
answer is lost (half withheld until the bot's read timeout, half by a dropped connection).
Announcements are never resent without an answer, so these show up as rows recorded
``uncertain`` (nearly all in fact delivered) and no duplicate; the last line then ends with
``; lost answers L: uncertain U (A arrived), duplicates N, missed M`` (both runs).

Options: ``--users N`` (5000), ``--groups N`` (30), ``--scale F`` (10), ``--fail F`` (0.01),
``--uncertain P`` (0), ``--seed N``, ``--keep DIR`` (keep the databases and bot logs there),
``--no-paid`` (skip the paid broadcast), ``--paid-scale F`` (1: the paid run's limits).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bench import process
from bench.process import BotProcess, run_in_workdir
from bot.clock import SystemClock
from bot.sandbox import ApiCall, Fault, FloodLimits, InjectedFault, Sandbox
from bot.sender import lazy_sender
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person

TOKEN = "777000:BENCH-broadcast-token-abcdefghijklmn"
FIRST_USER = 100_001
COORDINATOR = FIRST_USER  # one of the 5,000: they get their own copy too
GROUP_BASE = -700_000
TIMEOUT = 180.0  # seconds for one run to finish


@dataclass
class Setup:
    users: list[int]
    groups: list[int]
    scale: float
    fail: float
    seed: int
    workdir: Path
    template: Path  # the seeded database, copied for each run
    uncertain: float = 0.0  # share of sends delivered with their answer lost
    paid: bool = False  # delivery.paid_broadcast: allow_paid_broadcast, at 1,000 x scale msg/s

    @property
    def recipients(self) -> list[int]:
        return [*self.users, *self.groups]

    @property
    def allowed(self) -> float:
        return (1000 if self.paid else 30) * self.scale


@dataclass
class Faults:
    blocked: set[int] = field(default_factory=set)
    retry_after: set[int] = field(default_factory=set)
    server: set[int] = field(default_factory=set)


@dataclass
class RunResult:
    name: str
    expected: int
    delivered: int
    duplicates: int
    missing: list[int]
    rate: float
    seconds: float
    tail: float
    report: str
    edits: int
    min_edit_gap: float | None
    uncertain_note: str = ""
    lost_answers: int = 0  # sends delivered whose answer the emulator withheld or dropped
    uncertain: int = 0  # rows recorded uncertain after a lost answer (not the kill's)
    uncertain_arrived: int = 0  # ...of which the recipient had in fact got it


# -- setup --------------------------------------------------------------------------------------


@asynccontextmanager
async def services_on(path: Path) -> AsyncIterator[Services]:
    """The application's services on the bench's database (nothing started, nothing sent)."""
    settings = Settings(telegram={"token": TOKEN}, storage={"path": path})
    async with Services.open(settings, clock=SystemClock(), sender=lazy_sender(settings)) as built:
        yield built


async def seed_database(path: Path, users: list[int], groups: list[int]) -> None:
    """The roster the bot knows: everyone opened a private chat; groups linked to projects."""
    async with services_on(path) as services:
        await services.knowledge.start()
        members = services.members
        for user_id in users:
            await members.seen(Person(user_id, f"Point focal {user_id}"), private_chat=True)
        for index, chat_id in enumerate(groups):
            project = "terress" if index % 2 else "coopr"
            await members.link_group(chat_id, f"Groupe {index + 1}", "group", project, COORDINATOR)


async def uncertain_rows(path: Path) -> dict[int, str]:
    """Recipients whose outbox row the bot recorded ``uncertain``, with the reason: caught
    mid-send by the kill (``interrupted``) or no answer (``timeout``, ``connection lost``)."""
    async with services_on(path) as services:
        rows = await services.delivery.rows("broadcast", "broadcast:1")
        return {int(r["chat_id"]): r["error"] or "" for r in rows if r["state"] == "uncertain"}


def populate(sandbox: Sandbox, setup: Setup) -> None:
    for user_id in setup.users:
        sandbox.add_user(user_id, f"Point focal {user_id}", language_code="fr")
    for index, chat_id in enumerate(setup.groups):
        sandbox.add_group(chat_id, f"Groupe {index + 1}", members=[COORDINATOR])


def inject_faults(sandbox: Sandbox, setup: Setup) -> Faults:
    """1% of the recipients fail: blocked (403 for good), 429 once, 5xx once or twice."""
    rng = random.Random(setup.seed)
    count = max(3, round(setup.fail * len(setup.recipients)))
    people = [u for u in setup.users if u != COORDINATOR]
    chosen = rng.sample(people, count)
    faults = Faults()
    sandbox.clear_faults()
    for index, chat_id in enumerate(chosen):
        kind = index % 3
        if kind == 0:
            faults.blocked.add(chat_id)
            sandbox.inject_fault("sendMessage", Fault.blocked(), times=None, chat_id=chat_id)
        elif kind == 1:
            faults.retry_after.add(chat_id)
            sandbox.inject_fault("sendMessage", Fault.retry_after(1), chat_id=chat_id)
        else:
            faults.server.add(chat_id)
            fault = Fault.server_error(500) if index % 2 else Fault.bad_gateway()
            sandbox.inject_fault("sendMessage", fault, times=1 + index % 2, chat_id=chat_id)
    # A group or two answer 5xx as well.
    for chat_id in rng.sample(setup.groups, min(2, len(setup.groups))):
        faults.server.add(chat_id)
        sandbox.inject_fault("sendMessage", Fault.server_error(502), chat_id=chat_id)
    return faults


# -- the bot in a subprocess --------------------------------------------------------------------


def bot_environment(sandbox: Sandbox, setup: Setup, db_path: Path) -> dict[str, str]:
    more = {"COOPBOT_COORDINATORS": f"[{COORDINATOR}]"}
    if setup.paid:
        more.update(
            COOPBOT_DELIVERY__PAID_BROADCAST="true",
            COOPBOT_DELIVERY__PAID_PER_SECOND=str(1000 * setup.scale),
        )
    return process.bot_environment(sandbox, TOKEN, db_path, setup.scale, **more)


# -- one run ------------------------------------------------------------------------------------


def announcement_text(name: str) -> tuple[str, list[dict[str, Any]]]:
    text = (
        f"Appel à contributions ({name}) : envoyez vos fiches d'action avant le 1er décembre. "
        "Le programme de la rencontre de Dakar change : voir le site."
    )
    entities = [{"type": "bold", "offset": 0, "length": 21}]
    return text, entities


async def compose(
    sandbox: Sandbox, name: str, arm: Callable[[], None] = lambda: None
) -> tuple[dict[str, Any], int]:
    """The coordinator writes and confirms (``arm`` is called just before "send now");
    returns the summary message and the call count at confirmation (later sends are the
    announcement's)."""
    text, entities = announcement_text(name)
    await sandbox.send_text(COORDINATOR, "/annonce")
    await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "Nouvelle annonce" in (m.get("text") or ""), timeout=20
    )
    await sandbox.send_text(COORDINATOR, text, entities=entities)
    menu = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: bool(m.get("reply_markup")), timeout=20
    )
    everyone = next(
        b["callback_data"]
        for row in menu["reply_markup"]["inline_keyboard"]
        for b in row
        if b.get("callback_data", "").endswith(":set:all")
    )
    await sandbox.press_button(COORDINATOR, menu, everyone)
    summary = await sandbox.wait_for_message(  # the summary: the one with "send now"
        COORDINATOR,
        predicate=lambda m: any(
            b.get("callback_data", "").endswith(":now")
            for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row
        ),
        timeout=60,
    )
    send = next(
        b["callback_data"]
        for row in summary["reply_markup"]["inline_keyboard"]
        for b in row
        if b.get("callback_data", "").endswith(":now")
    )
    start_index = len(sandbox.calls())
    arm()
    await sandbox.press_button(COORDINATOR, summary, send)
    return summary, start_index


def broadcast_sends(sandbox: Sandbox, start_index: int, recipients: set[int]) -> list[ApiCall]:
    """Copies delivered (answered or not: a lost answer is a delivered copy all the same)."""
    return [
        c
        for c in sandbox.calls()[start_index:]
        if c.method == "sendMessage" and c.applied and c.chat_id in recipients
    ]


async def wait_for_report(sandbox: Sandbox, summary: dict[str, Any]) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        message = sandbox.message(COORDINATOR, summary["message_id"]) or {}
        text = message.get("text") or ""
        if "rapport" in text:
            return text
        await asyncio.sleep(0.1)
    raise TimeoutError("no report within the time limit")


def edit_cadence(sandbox: Sandbox, start_index: int, message_id: int) -> tuple[int, float | None]:
    edits = [
        c.started
        for c in sandbox.calls()[start_index:]
        if c.method == "editMessageText"
        and c.ok
        and c.chat_id == COORDINATOR
        and c.params.get("message_id") == message_id
    ]
    gaps = [b - a for a, b in itertools.pairwise(edits)]
    # The last edit is the report, which never waits: leave it out of the cadence.
    return len(edits), (min(gaps[:-1]) if len(gaps) > 1 else None)


def broadcast_calls(sandbox: Sandbox, start_index: int, recipients: set[int]) -> list[ApiCall]:
    """Every attempt (accepted or not) to send the announcement."""
    return [
        c
        for c in sandbox.calls()[start_index:]
        if c.method == "sendMessage" and c.chat_id in recipients and c.status is not None
    ]


def sending_rate(
    attempts: list[ApiCall], killed_at: float | None = None
) -> tuple[float, float, float]:
    """(rate, seconds, tail): copies accepted per second while first attempts were going out
    (from the first send to the last recipient's first attempt, downtime excluded), that
    period, and how long the retries Telegram imposed (429, 5xx backoff) went on after it."""
    first: dict[int | str | None, float] = {}
    for call in attempts:
        first.setdefault(call.chat_id, call.started)
    if len(first) < 2:
        return 0.0, 0.0, 0.0
    begin, end = min(first.values()), max(first.values())
    accepted = [c.started for c in attempts if c.applied]
    span = end - begin
    if killed_at is not None and begin < killed_at < end:
        # Downtime: from the last send of the killed bot to the first of the restarted one.
        times = sorted(c.started for c in attempts)
        before = max(t for t in times if t < killed_at)
        after = min(t for t in times if t > killed_at)
        span -= after - before
    copies = sum(1 for t in accepted if t <= end)
    tail = max(0.0, max(accepted, default=end) - end)
    return ((copies - 1) / span if span > 0 else 0.0), span, tail


async def run_once(sandbox: Sandbox, setup: Setup, name: str, *, kill: bool) -> RunResult:
    db_path = setup.workdir / f"{name}.sqlite3"
    shutil.copy(setup.template, db_path)
    faults = inject_faults(sandbox, setup)
    lost: list[InjectedFault] = []

    def arm() -> None:  # lost answers for the announcement only, not the coordinator's dialogue
        if setup.uncertain:
            lost.extend(sandbox.lose_answers(setup.uncertain, seed=setup.seed))

    bot = BotProcess(
        bot_environment(sandbox, setup, db_path), setup.workdir, setup.workdir / f"{name}.log"
    )
    recipients = set(setup.recipients)
    await bot.start(sandbox)
    killed_at = None
    try:
        summary, start_index = await compose(sandbox, name, arm)
        started = time.monotonic()
        if kill:
            half = len(recipients) // 2
            seen, counted = start_index, 0
            while counted < half:  # only the calls finished since the last look
                calls = sandbox.calls()
                while seen < len(calls) and calls[seen].status is not None:
                    call = calls[seen]
                    if call.method == "sendMessage" and call.applied and call.chat_id in recipients:
                        counted += 1
                    seen += 1
                if time.monotonic() - started > TIMEOUT:
                    raise TimeoutError("the first half never went out")
                await asyncio.sleep(0.02)
            await bot.kill()
            killed_at = time.monotonic()
            print(f"  {name}: killed (SIGKILL) after {half}+ copies; restarting", flush=True)
            await bot.start(sandbox)
        report = await wait_for_report(sandbox, summary)
    finally:
        await bot.stop()
    sends = broadcast_sends(sandbox, start_index, recipients)
    per_chat = Counter(c.chat_id for c in sends)
    expected = recipients - faults.blocked
    # The coordinator's preview came before the confirmation: not counted here.
    delivered = sum(1 for chat in expected if per_chat.get(chat, 0) >= 1)
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    missing = sorted(chat for chat in expected if chat not in per_chat)
    edits, min_gap = edit_cadence(sandbox, start_index, summary["message_id"])
    uncertain = await uncertain_rows(db_path)
    interrupted = [chat for chat, error in uncertain.items() if error == "interrupted"]
    unanswered = [chat for chat, error in uncertain.items() if error != "interrupted"]
    note = ""
    if interrupted:
        got = sum(1 for chat in interrupted if per_chat.get(chat))
        note = (
            f"; {len(interrupted)} caught mid-send by the kill, recorded uncertain"
            f" ({got} had in fact arrived, {len(interrupted) - got} had not)"
        )
    lost_answers = sum(handle.hits for handle in lost)
    if setup.uncertain:
        got = sum(1 for chat in unanswered if per_chat.get(chat))
        note += (
            f"; {lost_answers} answers lost ({lost[0].hits} withheld, {lost[1].hits} dropped):"
            f" {len(unanswered)} recorded uncertain, never resent ({got} had in fact arrived,"
            f" {len(unanswered) - got} had not)"
        )
    rate, seconds, tail = sending_rate(broadcast_calls(sandbox, start_index, recipients), killed_at)
    return RunResult(
        name=name,
        expected=len(expected),
        delivered=delivered,
        duplicates=duplicates,
        missing=missing,
        rate=rate,
        seconds=seconds,
        tail=tail,
        report=report,
        edits=edits,
        min_edit_gap=min_gap,
        uncertain_note=note,
        lost_answers=lost_answers,
        uncertain=len(unanswered),
        uncertain_arrived=sum(1 for chat in unanswered if per_chat.get(chat)),
    )


# -- main ---------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench broadcast", description=__doc__)
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--fail", type=float, default=0.01)
    parser.add_argument(
        "--uncertain",
        type=float,
        default=0.0,
        metavar="P",
        help="share of the sends delivered but whose answer is lost (e.g. 0.01)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="keep the databases and the bot logs in this directory")
    parser.add_argument("--no-paid", action="store_true", help="skip the paid broadcast run")
    parser.add_argument(
        "--paid-scale", type=float, default=1.0, help="the paid run's limits x F (1: Telegram's)"
    )
    return parser.parse_args(sys.argv[1:])


async def paid_run(setup: Setup) -> RunResult:
    """The same announcement as a paid broadcast, at Telegram's limits (scaled by
    ``setup.scale``), on an emulator of its own."""
    limits = FloodLimits(scale=setup.scale)
    async with Sandbox(TOKEN, flood_limits=limits) as sandbox:
        populate(sandbox, setup)
        gc.collect()
        result = await run_once(sandbox, setup, "paid", kill=False)
        print(
            f"  paid: delivered {result.delivered}/{result.expected},"
            f" duplicates {result.duplicates}, missing {len(result.missing)},"
            f" {result.rate:.0f} msg/s over {result.seconds:.1f} s"
            f" then retries for {result.tail:.1f} s;"
            f" flood-limit 429s from the emulator: {sandbox.flood_rejections}",
            flush=True,
        )
    return result


async def bench(args: argparse.Namespace, workdir: Path) -> None:
    users = list(range(FIRST_USER, FIRST_USER + args.users))
    groups = [GROUP_BASE - i for i in range(args.groups)]
    setup = Setup(
        users,
        groups,
        args.scale,
        args.fail,
        args.seed,
        workdir,
        workdir / "seed.db",
        uncertain=args.uncertain,
    )
    print(
        f"broadcast bench: {len(users)} people + {len(groups)} groups, limits x{args.scale:g}"
        f" ({setup.allowed:g} msg/s), {args.fail:.0%} failing"
        + (f", {args.uncertain:.0%} answers lost" if args.uncertain else ""),
        flush=True,
    )
    t0 = time.monotonic()
    await seed_database(setup.template, users, groups)
    print(f"  roster seeded in {time.monotonic() - t0:.1f} s", flush=True)
    async with Sandbox(TOKEN, flood_limits=FloodLimits(scale=args.scale)) as sandbox:
        populate(sandbox, setup)
        # The emulator is the measuring instrument: a garbage collection pause in it would
        # queue requests and then count them in one burst against the flood windows.
        gc.collect()
        gc.freeze()
        gc.disable()
        t_start = time.monotonic()
        results = []
        for name, kill in (("straight", False), ("killed", True)):
            result = await run_once(sandbox, setup, name, kill=kill)
            results.append(result)
            print(
                f"  {name}: delivered {result.delivered}/{result.expected},"
                f" duplicates {result.duplicates}, missing {len(result.missing)},"
                f" {result.rate:.0f} msg/s over {result.seconds:.1f} s"
                + (" (downtime excluded)" if kill else "")
                + f" then retries for {result.tail:.1f} s"
                + f"; progress edits {result.edits}"
                + (f", closest {result.min_edit_gap:.2f} s apart" if result.min_edit_gap else "")
                + result.uncertain_note,
                flush=True,
            )
            figures = " | ".join(
                line.strip() for line in result.report.splitlines()[2:] if line.strip()
            )
            print(f"  {name} report: {figures}", flush=True)
        rejected = [c for c in sandbox.calls("sendMessage") if c.status == 429 and not c.fault]
        print(
            f"  flood-limit 429s from the emulator: {sandbox.flood_rejections}"
            + (
                f" (at {', '.join(f'{c.started - t_start:.1f}' for c in rejected)} s)"
                if rejected
                else ""
            ),
            flush=True,
        )
    if not args.no_paid:
        paid_setup = replace(setup, scale=args.paid_scale, uncertain=0.0, paid=True)
        paid = await paid_run(paid_setup)
        print(
            f"broadcast (paid): delivered {paid.delivered}/{paid.expected},"
            f" duplicates {paid.duplicates},"
            f" rate {paid.rate:.0f} msg/s of {paid_setup.allowed:.0f} allowed",
            flush=True,
        )
    delivered = sum(r.delivered for r in results)
    expected = sum(r.expected for r in results)
    duplicates = sum(r.duplicates for r in results)
    rate = results[0].rate
    counts = ""
    if args.uncertain:
        counts = (
            f"; lost answers {sum(r.lost_answers for r in results)}:"
            f" uncertain {sum(r.uncertain for r in results)}"
            f" ({sum(r.uncertain_arrived for r in results)} arrived),"
            f" duplicates {duplicates}, missed {expected - delivered}"
        )
    print(
        f"broadcast: delivered {delivered}/{expected}, duplicates {duplicates},"
        f" rate {rate:.0f} msg/s of {setup.allowed:.0f} allowed{counts}",
        flush=True,
    )


def main() -> None:
    run_in_workdir(bench, parse_args())


if __name__ == "__main__":
    main()
