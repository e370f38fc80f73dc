"""The one scheduler (bot/scheduling.py): jobs are due by the project's clock, never by the
machine's calendar; moving a frozen clock runs what fell due, in order, with no real sleep."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bot.clock import FrozenClock
from bot.scheduling import Scheduler
from tests.conftest import NOW


def recorder(ran: list[str], name: str) -> Callable[[], Awaitable[None]]:
    async def task() -> None:
        ran.append(name)

    return task


async def test_jobs_run_in_order_of_due_time_when_the_clock_reaches_them() -> None:
    clock = FrozenClock(NOW)
    scheduler = Scheduler(clock)
    ran: list[str] = []
    scheduler.at("c", NOW + timedelta(hours=3), recorder(ran, "c"))
    scheduler.at("a", NOW + timedelta(hours=1), recorder(ran, "a"))
    scheduler.at("b", NOW + timedelta(hours=2), recorder(ran, "b"))
    assert await scheduler.run_due() == []
    assert scheduler.next_due() == NOW + timedelta(hours=1)
    clock.advance(timedelta(hours=2))
    assert await scheduler.run_due() == ["a", "b"]
    assert ran == ["a", "b"] and scheduler.names() == ["c"]
    clock.advance(timedelta(days=400))  # long after: still runs, once
    assert await scheduler.run_due() == ["c"]
    assert await scheduler.run_due() == []


async def test_replacing_and_cancelling_by_name() -> None:
    clock = FrozenClock(NOW)
    scheduler = Scheduler(clock)
    ran: list[str] = []
    scheduler.at("job", NOW + timedelta(minutes=1), recorder(ran, "first"))
    scheduler.at("job", NOW + timedelta(minutes=5), recorder(ran, "second"))  # replaces
    scheduler.at("gone", NOW + timedelta(minutes=2), recorder(ran, "gone"))
    assert scheduler.cancel("gone") == 1 and scheduler.cancel("gone") == 0
    assert scheduler.due_at("job") == NOW + timedelta(minutes=5)
    clock.advance(timedelta(minutes=10))
    await scheduler.run_due()
    assert ran == ["second"]


async def test_a_job_that_fails_does_not_stop_the_others_and_new_due_jobs_run_too() -> None:
    clock = FrozenClock(NOW)
    scheduler = Scheduler(clock)
    ran: list[str] = []

    async def broken() -> None:
        raise RuntimeError("boom")

    async def chain() -> None:
        ran.append("chain")
        scheduler.at("follow-up", clock.now(), recorder(ran, "follow-up"))  # due at once

    scheduler.at("broken", NOW, broken)
    scheduler.at("chain", NOW + timedelta(seconds=1), chain)
    clock.advance(timedelta(seconds=1))
    assert await scheduler.run_due() == ["broken", "chain", "follow-up"]
    assert ran == ["chain", "follow-up"]


async def test_a_started_scheduler_is_woken_when_the_frozen_clock_moves() -> None:
    clock = FrozenClock(NOW)
    scheduler = Scheduler(clock)  # no JobQueue: only the clock wakes it
    done = asyncio.Event()

    async def task() -> None:
        done.set()

    scheduler.at("wake", NOW + timedelta(days=30), task)
    scheduler.start()
    await asyncio.sleep(0)
    assert not done.is_set()
    clock.set(NOW + timedelta(days=30))
    await asyncio.wait_for(done.wait(), timeout=30)
    await scheduler.stop()


async def test_due_times_are_compared_with_the_clock_not_the_calendar() -> None:
    # A clock years away from today, either way: the same job is due only when it says so.
    for start in (datetime(2001, 1, 1, tzinfo=UTC), datetime(2099, 6, 30, 23, 0, tzinfo=UTC)):
        clock = FrozenClock(start)
        scheduler = Scheduler(clock)
        ran: list[str] = []
        scheduler.at("x", start + timedelta(hours=1), recorder(ran, "x"))
        await scheduler.run_due()
        assert ran == []
        clock.advance(timedelta(hours=1))
        await scheduler.run_due()
        assert ran == ["x"]
