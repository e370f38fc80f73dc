"""``python -m bench reminders``: 30 events' reminders falling due in the same minute, for 1,000
people in private chats and 20 linked groups, under Telegram's flood limits; twice.

The emulator runs in this process and enforces ``FloodLimits`` (30 msg/s overall, 1 msg/s per
chat, 20 msg/min per group, by default unscaled). The bot is the real ``coopbot run`` in a
subprocess, configured by environment variables only, on a database seeded beforehand: two
projects with 10 linked groups each, 500 members each, 15 events each whose "1h" reminders fall
due in the same minute; every member answered "yes" to one event of their
project. Each reminder goes to the project's 10 groups and to the event's ~33 "yes": 1,300
messages, all due at the same instant by default (events at 14:00, reminders at 13:00:00; the
hardest case: ``--spread S`` spaces the due times by S seconds). Then:

1. the run goes to its end;
2. the same on a fresh database, with the bot killed (SIGKILL) once half the messages went
   out, and restarted at once (the emulator outlives both bot processes).

Reported per run: delivered (chat and event pairs that got their reminder) against expected,
duplicates (copies beyond one), lateness (from the reminder's due time to the emulator
accepting the message) p50 / p95 / last, against the *bound*: the same figures for an ideal
sender that sends each message the earliest the flood limits allow (simulated with the nominal
rates and the same due times), and whether the run completed within 1.2x the bound.
Last line: ``reminders: delivered D/E, duplicates N, p95 lateness X s (bound Y s)`` (the
delivered and duplicate counts over both runs, the lateness of the uninterrupted run).

Reminders caught mid-send by the kill got no answer: as reminders prefer a duplicate to a miss,
they are sent once more after the restart (a duplicate for those that had arrived).
``--uncertain P`` adds uncertain deliveries: a share P of the sends are delivered but their
answer is lost (half withheld until the bot's read timeout, half by a dropped connection).
Each such reminder is sent once more, a duplicate; when the retry's answer is lost too, the row
is recorded ``uncertain``. The last line then ends with
``; lost answers L: resent R, uncertain U (A arrived), duplicates N, missed M`` (both runs).

A quarter of the events (every fourth) are weekly series of 24 occurrences (issue 15): only
their next few occurrences exist, and only the first one's reminder falls due in the run.

Options: ``--people N`` (1000), ``--groups N`` (20), ``--events N`` (30), ``--scale F`` (1),
``--lead S`` (seconds between the bot's start and the first due reminder, 12), ``--spread S`` (0),
``--uncertain P`` (0), ``--seed N`` (7), ``--keep DIR`` (keep the databases and the bot logs
there).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import heapq
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.process import BotProcess, bot_environment, run_in_workdir
from bot.clock import SystemClock
from bot.recurrence import Rule
from bot.sandbox import ApiCall, FloodLimits, Sandbox
from bot.sender import lazy_sender
from bot.services import Services
from bot.settings import Settings
from bot.storage.events import EventFields
from bot.storage.members import Person, RosterRow

TOKEN = "777001:BENCH-reminders-token-abcdefghijklm"
FIRST_USER = 300_001
GROUP_BASE = -800_000
PROJECTS = ("terress", "coopr")
TIMEOUT = 600.0
TITLE = re.compile(r"Réunion de réseau n°(\d+)")
TARGET = 1.2
SERIES_EVERY = 4  # every fourth event is a series
SERIES_LENGTH = 24


@dataclass
class Plan:
    """Who should get which reminder, and when it falls due (wall clock)."""

    people: list[int]
    groups: list[int]
    events: int
    due: dict[int, datetime] = field(default_factory=dict)  # event number -> due time
    expected: set[tuple[int, int]] = field(default_factory=set)  # (event number, chat)
    ids: dict[int, int] = field(default_factory=dict)  # event number -> event id


@dataclass
class RunResult:
    name: str
    expected: int
    delivered: int
    duplicates: int
    missing: list[tuple[int, int]]
    lateness: list[float]
    bound: list[float]
    uncertain: int  # rows recorded uncertain
    arrived_uncertain: int  # ...of which the recipient had in fact got it
    rejections: int
    interrupted: int = 0  # rows caught mid-send by the kill (no answer)
    lost_answers: int = 0  # sends delivered whose answer the emulator withheld or dropped
    lost_withheld: int = 0
    resent: int = 0  # rows sent once more after a send without an answer

    @property
    def completion(self) -> float:
        return max(self.lateness) if self.lateness else 0.0

    @property
    def bound_completion(self) -> float:
        return max(self.bound) if self.bound else 0.0


# -- seeding ------------------------------------------------------------------------------------


def bench_settings(db_path: Path) -> Settings:
    return Settings.model_validate({"telegram": {"token": TOKEN}, "storage": {"path": db_path}})


async def seed(db_path: Path, args: argparse.Namespace, first_due: datetime) -> Plan:
    """The roster, the groups, the events with their RSVPs: written through the repositories
    (announcements marked as already sent: only the reminders are measured)."""
    people = [FIRST_USER + i for i in range(args.people)]
    groups = [GROUP_BASE - i for i in range(args.groups)]
    plan = Plan(people, groups, args.events)
    clock = SystemClock()
    now = clock.now()
    settings = bench_settings(db_path)
    async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
        await services.knowledge.start()
        # Bulk fixtures: written through each service's own repository.
        members = services.members.repo
        rows = []
        for index, user_id in enumerate(people):
            await members.touch(Person(user_id, f"Membre {index + 1}"), now, private_chat=True)
            rows.append(
                RosterRow(
                    user_id,
                    language="en" if index % 4 == 3 else "fr",
                    timezone=("Europe/Paris", "Africa/Dakar", "Asia/Yerevan")[index % 3],
                    projects=(PROJECTS[index % 2],),
                )
            )
        await members.import_rows(rows, now)
        for index, chat_id in enumerate(groups):
            await members.upsert_group(chat_id, f"Groupe {index + 1}", "group", now)
            await members.link_group(chat_id, PROJECTS[index % 2], people[0], now)
        service = services.events
        repo = service.repo
        by_project: dict[str, list[int]] = {p: [] for p in PROJECTS}
        for number in range(args.events):
            project = PROJECTS[number % 2]
            due = first_due + timedelta(seconds=args.spread * number)
            start = due + timedelta(hours=1)
            fields = EventFields(
                project_id=project,
                kind="visioconference",
                title=f"Réunion de réseau n°{number:02d}",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                timezone="Europe/Paris",
                link=f"https://visio.example.org/reseau-{number:02d}",
                offsets=("1h",),
            )
            if number % 4 == SERIES_EVERY - 1:  # a weekly series of 24 occurrences
                weekday = start.astimezone(ZoneInfo("Europe/Paris")).weekday()
                rule = Rule("weekly", weekday=weekday, count=SERIES_LENGTH)
                fields = replace(fields, repeat=rule.to_rrule())
                event_id = await service.series.create(fields, created_by=None, now=now)
            else:
                event_id = await repo.insert(
                    fields, service.reminders.plan(fields, now), created_by=None, now=now
                )
            plan.due[number] = due
            plan.ids[number] = event_id
            by_project[project].append(number)
            for chat_id in groups[number % 2 :: 2]:
                plan.expected.add((number, chat_id))
        await repo.notices_queued(await repo.pending_notices())
        for index, user_id in enumerate(people):
            project = PROJECTS[index % 2]
            number = by_project[project][(index // 2) % len(by_project[project])]
            await repo.set_rsvp(plan.ids[number], user_id, "yes", now)
            plan.expected.add((number, user_id))
    return plan


@asynccontextmanager
async def services_on(db_path: Path) -> AsyncIterator[Services]:
    """The application's services on the bench's database (nothing started, nothing sent)."""
    settings = bench_settings(db_path)
    async with Services.open(settings, clock=SystemClock(), sender=lazy_sender(settings)) as built:
        yield built


@dataclass(frozen=True)
class Unanswered:
    """An outbox row with at least one send that got no answer."""

    ref: str
    chat_id: int
    state: str
    error: str
    unanswered: int

    @property
    def pair(self) -> tuple[int, int]:  # (event number, chat)
        return int(self.ref.split(":")[1]) - 1, self.chat_id


async def outbox_unanswered(db_path: Path) -> list[Unanswered]:
    async with services_on(db_path) as services:
        rows = await services.db.fetchall(
            "SELECT ref, chat_id, state, error, unanswered FROM outbox"
            " WHERE kind = 'reminder' AND (unanswered > 0 OR state = 'uncertain')"
        )
        return [
            Unanswered(r["ref"], r["chat_id"], r["state"], r["error"] or "", r["unanswered"])
            for r in rows
        ]


async def outbox_busy(db_path: Path) -> int:
    """Reminder rows still to send or in flight (retries after a lost answer included)."""
    async with services_on(db_path) as services:
        counts = await services.delivery.counts("reminder")
        return counts.get("pending", 0) + counts.get("sending", 0)


# -- the ideal sender ---------------------------------------------------------------------------


def ideal_lateness(plan: Plan, limits: FloodLimits) -> list[float]:
    """Lateness of each message for a sender that sends, at every instant the flood limits
    allow (nominal rates: strict spacing), the oldest due message whose chat is free."""
    overall = 1.0 / (limits.overall_per_second * limits.scale)
    private = 1.0 / (limits.per_chat_per_second * limits.scale)
    group = 60.0 / (limits.per_group_per_minute * limits.scale)
    origin = min(plan.due.values())
    releases = sorted(
        ((plan.due[number] - origin).total_seconds(), chat) for number, chat in plan.expected
    )
    chat_free: dict[int, float] = {}
    waiting: dict[int, list[float]] = {}  # chat -> due times of its released messages
    ready: list[tuple[float, int]] = []  # (oldest due of the chat, chat) for free chats
    blocked: list[tuple[float, int]] = []  # (free at, chat) with messages waiting
    lateness: list[float] = []
    now, index = 0.0, 0
    while index < len(releases) or ready or blocked:
        while index < len(releases) and releases[index][0] <= now + 1e-9:
            due, chat = releases[index]
            index += 1
            queue = waiting.setdefault(chat, [])
            queue.append(due)
            if len(queue) == 1:
                if chat_free.get(chat, 0.0) <= now + 1e-9:
                    heapq.heappush(ready, (due, chat))
                else:
                    heapq.heappush(blocked, (chat_free[chat], chat))
        while blocked and blocked[0][0] <= now + 1e-9:
            _, chat = heapq.heappop(blocked)
            heapq.heappush(ready, (waiting[chat][0], chat))
        if not ready:
            upcoming = [releases[index][0]] if index < len(releases) else []
            if blocked:
                upcoming.append(blocked[0][0])
            now = max(now, min(upcoming))
            continue
        due, chat = heapq.heappop(ready)
        waiting[chat].pop(0)
        lateness.append(now - due)
        chat_free[chat] = now + (group if chat < 0 else private)
        if waiting[chat]:
            heapq.heappush(blocked, (chat_free[chat], chat))
        now += overall
    return lateness


# -- one run ------------------------------------------------------------------------------------


def reminder_sends(sandbox: Sandbox, start_index: int) -> list[tuple[ApiCall, int]]:
    """Delivered sendMessage calls carrying a bench reminder, with their event number (a lost
    answer is a delivered copy all the same)."""
    found = []
    for call in sandbox.calls()[start_index:]:
        if call.method != "sendMessage" or not call.applied:
            continue
        text = str(call.params.get("text", ""))
        match = TITLE.search(text)
        if match and ("Rappel" in text or "Reminder" in text):
            found.append((call, int(match[1])))
    return found


async def run_once(
    sandbox: Sandbox, args: argparse.Namespace, workdir: Path, name: str, *, kill: bool
) -> RunResult:
    db_path = workdir / f"{name}.sqlite3"
    lead = timedelta(seconds=args.lead)
    # On a whole second: a series' occurrences start on the second (its rule has no
    # microseconds), so the one-off events must too for every reminder to fall due at once.
    first_due = (datetime.now(UTC) + lead + timedelta(seconds=5)).replace(microsecond=0)
    plan = await seed(db_path, args, first_due)
    for chat_id in plan.groups:
        if chat_id not in sandbox.world.chats:
            sandbox.add_group(chat_id, f"Groupe {chat_id}")
    start_index = len(sandbox.calls())
    sandbox.clear_faults()
    lost = sandbox.lose_answers(args.uncertain, seed=args.seed) if args.uncertain else ()
    # Wall clock -> this process's monotonic clock (the emulator stamps calls with it).
    mono_origin = time.monotonic() - (datetime.now(UTC) - first_due).total_seconds()
    bot = BotProcess(
        bot_environment(sandbox, TOKEN, db_path, args.scale), workdir, workdir / f"{name}.log"
    )
    await bot.start(sandbox)
    expected = len(plan.expected)
    try:
        started = time.monotonic()
        if kill:
            while len(reminder_sends(sandbox, start_index)) < expected // 2:
                if time.monotonic() - started > TIMEOUT:
                    raise TimeoutError("half the reminders never went out")
                await asyncio.sleep(0.01)
            await bot.kill()
            sent = len(reminder_sends(sandbox, start_index))
            print(f"  {name}: killed (SIGKILL) after {sent} messages; restarting", flush=True)
            await bot.start(sandbox)
        while True:
            sends = reminder_sends(sandbox, start_index)
            if {(n, int(c.chat_id or 0)) for c, n in sends} >= plan.expected:
                break
            if time.monotonic() - started > TIMEOUT:
                break
            await asyncio.sleep(0.2)
        # Retries after a lost answer come after the bot's read timeout: wait for them.
        while time.monotonic() - started < TIMEOUT:
            if not await outbox_busy(db_path):
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)  # anything late (a duplicate) would show up now
    finally:
        await bot.stop()
    sends = reminder_sends(sandbox, start_index)
    per_pair = Counter((number, int(call.chat_id or 0)) for call, number in sends)
    delivered = sum(1 for pair in plan.expected if per_pair.get(pair, 0) >= 1)
    duplicates = sum(n - 1 for n in per_pair.values() if n > 1)
    missing = sorted(pair for pair in plan.expected if pair not in per_pair)
    first_copy: dict[tuple[int, int], float] = {}
    for call, number in sends:
        key = (number, int(call.chat_id or 0))
        first_copy.setdefault(key, call.applied_at or call.started + (call.duration or 0.0))
    lateness = [
        at - (mono_origin + (plan.due[number] - first_due).total_seconds())
        for (number, _chat), at in first_copy.items()
    ]
    unanswered = await outbox_unanswered(db_path)
    uncertain = [row for row in unanswered if row.state == "uncertain"]
    numbers = {event_id: number for number, event_id in plan.ids.items()}
    arrived = sum(
        1 for row in uncertain if per_pair.get((numbers.get(row.pair[0] + 1, -1), row.pair[1]))
    )
    limits = FloodLimits(scale=args.scale)
    return RunResult(
        name=name,
        expected=expected,
        delivered=delivered,
        duplicates=duplicates,
        missing=missing,
        lateness=lateness,
        bound=ideal_lateness(plan, limits),
        uncertain=len(uncertain),
        arrived_uncertain=arrived,
        rejections=sandbox.flood_rejections,
        interrupted=sum(1 for row in unanswered if row.error == "interrupted"),
        lost_answers=sum(handle.hits for handle in lost),
        lost_withheld=lost[0].hits if lost else 0,
        resent=sum(1 for row in unanswered if row.state == "sent" or row.unanswered >= 2),
    )


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def describe(result: RunResult) -> str:
    p50, p95 = quantile(result.lateness, 0.50), quantile(result.lateness, 0.95)
    b50, b95 = quantile(result.bound, 0.50), quantile(result.bound, 0.95)
    ratio = result.completion / result.bound_completion if result.bound_completion else 0.0
    text = (
        f"  {result.name}: delivered {result.delivered}/{result.expected},"
        f" duplicates {result.duplicates}, missing {len(result.missing)};"
        f" lateness p50 {p50:.1f} s, p95 {p95:.1f} s, last {result.completion:.1f} s"
        f" (bound p50 {b50:.1f} s, p95 {b95:.1f} s, last {result.bound_completion:.1f} s:"
        f" {ratio:.2f}x, target {TARGET}x {'met' if ratio <= TARGET else 'MISSED'})"
    )
    if result.interrupted or result.lost_answers or result.uncertain:
        causes = []
        if result.interrupted:
            causes.append(f"{result.interrupted} caught mid-send by the kill")
        if result.lost_answers:
            causes.append(
                f"{result.lost_answers} answers lost ({result.lost_withheld} withheld,"
                f" {result.lost_answers - result.lost_withheld} dropped)"
            )
        text += (
            f"; no answer: {', '.join(causes) or 'none'}: {result.resent} sent once more,"
            f" {result.uncertain} recorded uncertain ({result.arrived_uncertain} had in fact"
            " arrived)"
        )
    return text


# -- main ---------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench reminders", description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--lead", type=float, default=12.0)
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        help="seconds between two events' due times (default 0: all at the top of the minute)",
    )
    parser.add_argument(
        "--uncertain",
        type=float,
        default=0.0,
        metavar="P",
        help="share of the sends delivered but whose answer is lost (e.g. 0.01)",
    )
    parser.add_argument("--seed", type=int, default=7, help="of the lost answers")
    parser.add_argument("--keep", help="keep the databases and the bot logs in this directory")
    return parser.parse_args(sys.argv[1:])


async def bench(args: argparse.Namespace, workdir: Path) -> None:
    limits = FloodLimits(scale=args.scale)
    print(
        f"reminders bench: {args.people} people + {args.groups} groups, {args.events} events"
        f" due within {args.spread * (args.events - 1):.0f} s, flood limits x{args.scale:g}"
        f" ({30 * args.scale:g} msg/s, {args.scale:g}/s per chat,"
        f" {20 * args.scale:g}/min per group)"
        + (f", {args.uncertain:.0%} answers lost" if args.uncertain else ""),
        flush=True,
    )
    async with Sandbox(TOKEN, flood_limits=limits) as sandbox:
        for index in range(args.people):
            sandbox.add_user(FIRST_USER + index, f"Membre {index + 1}", language_code="fr")
        gc.collect()
        gc.freeze()  # the emulator is the measuring instrument: no collection pauses in it
        gc.disable()
        results = []
        for name, kill in (("straight", False), ("killed", True)):
            result = await run_once(sandbox, args, workdir, name, kill=kill)
            results.append(result)
            print(describe(result), flush=True)
        print(f"  flood-limit 429s from the emulator: {sandbox.flood_rejections}", flush=True)
    delivered = sum(r.delivered for r in results)
    expected = sum(r.expected for r in results)
    duplicates = sum(r.duplicates for r in results)
    straight = results[0]
    counts = ""
    if args.uncertain:
        counts = (
            f"; lost answers {sum(r.lost_answers for r in results)}:"
            f" resent {sum(r.resent for r in results)},"
            f" uncertain {sum(r.uncertain for r in results)}"
            f" ({sum(r.arrived_uncertain for r in results)} arrived),"
            f" duplicates {duplicates}, missed {expected - delivered}"
        )
    print(
        f"reminders: delivered {delivered}/{expected}, duplicates {duplicates},"
        f" p95 lateness {quantile(straight.lateness, 0.95):.1f} s"
        f" (bound {quantile(straight.bound, 0.95):.1f} s){counts}",
        flush=True,
    )


def main() -> None:
    run_in_workdir(bench, parse_args())


if __name__ == "__main__":
    main()
