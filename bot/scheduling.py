"""The bot's one scheduler, due by the project's :class:`~bot.clock.Clock`.

Services ask for "run this coroutine at that instant" under a deterministic name; a job is
replaced when scheduled again under the same name. The instant is compared with ``clock.now()``
and nothing else: PTB's JobQueue (APScheduler, on the machine's wall clock) only provides the
heartbeat that asks "what is due now?" every ``heartbeat`` seconds. So there is one answer to
"what time is it": in production the system clock, in tests a frozen clock that a test sets.
When the clock is moved by hand (:class:`~bot.clock.FrozenClock`), the scheduler is woken at
once, and :meth:`Scheduler.run_due` runs what fell due, in order of due time, with no sleep.

A job due while the bot was stopped runs at the first heartbeat after start (every job here is
rebuilt from SQLite by its service, which decides what a late job means).

Periodic housekeeping (:meth:`Scheduler.every`: flushing buffers, re-reading tables) is paced by
real seconds, not by the clock: it is a rate, not an appointment.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import CallbackContext, JobQueue

from bot.clock import Clock, ensure_aware

log = logging.getLogger(__name__)

Task = Callable[[], Awaitable[None]]

HEARTBEAT_JOB = "scheduler:heartbeat"
HEARTBEAT_SECONDS = 1.0


@dataclass(order=True)
class _Entry:
    when: datetime
    seq: int
    name: str = field(compare=False)
    task: Task = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class Scheduler:
    """Jobs due at clock instants (``at``) and periodic housekeeping (``every``)."""

    def __init__(
        self,
        clock: Clock,
        job_queue: JobQueue[Any] | None = None,
        *,
        heartbeat: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.clock = clock
        self._queue = job_queue
        self._heartbeat = heartbeat
        self._heap: list[_Entry] = []
        self._by_name: dict[str, _Entry] = {}
        self._seq = itertools.count()
        self._running = asyncio.Lock()
        self._wakes: set[asyncio.Task[Any]] = set()
        self._periodic: dict[str, tuple[float, Task]] = {}
        self._started = False
        # Monotonic time of the last run_due that finished: the health check's "alive".
        self.last_beat: float | None = None
        subscribe = getattr(clock, "subscribe", None)
        if callable(subscribe):
            subscribe(self._clock_moved)

    # -- appointments ------------------------------------------------------------------------

    def at(self, name: str, when: datetime, task: Task) -> None:
        """Run ``task`` once the clock reaches ``when`` (aware); replaces a job of that name."""
        self.cancel(name)
        entry = _Entry(ensure_aware(when), next(self._seq), name, task)
        self._by_name[name] = entry
        heapq.heappush(self._heap, entry)
        if self._started and entry.when <= self.clock.now():
            self._wake()

    def cancel(self, name: str) -> int:
        """Forget the job (or periodic task) of that name; how many there were (0 or 1)."""
        found = 0
        entry = self._by_name.pop(name, None)
        if entry is not None:
            entry.cancelled = True
            found = 1
        if name in self._periodic:
            del self._periodic[name]
            if self._queue is not None:
                for job in self._queue.get_jobs_by_name(name):
                    job.schedule_removal()
            found = 1
        return found

    def names(self, prefix: str = "") -> list[str]:
        """The names of the jobs waiting (appointments and periodic tasks)."""
        return sorted(n for n in [*self._by_name, *self._periodic] if n.startswith(prefix))

    def due_at(self, name: str) -> datetime | None:
        entry = self._by_name.get(name)
        return entry.when if entry is not None else None

    def next_due(self) -> datetime | None:
        self._drop_cancelled()
        return self._heap[0].when if self._heap else None

    async def run_due(self) -> list[str]:
        """Run, one after the other in order of due time, every job due by the clock; the
        names of those run. A job that fails is logged; the others still run. A job may
        schedule others: those already due run in the same call."""
        ran: list[str] = []
        async with self._running:
            while True:
                self._drop_cancelled()
                if not self._heap or self._heap[0].when > self.clock.now():
                    self.last_beat = time.monotonic()
                    return ran
                entry = heapq.heappop(self._heap)
                if self._by_name.get(entry.name) is entry:
                    del self._by_name[entry.name]
                ran.append(entry.name)
                try:
                    await entry.task()
                except Exception:
                    log.exception("scheduled job %s failed", entry.name)

    # -- periodic housekeeping ---------------------------------------------------------------

    def every(self, name: str, seconds: float, task: Task, *, first: float = 0) -> None:
        """Run ``task`` every ``seconds`` of real time; replaces a task of the same name.
        Without a JobQueue (the terminal, unit tests) it is only recorded."""
        self.cancel(name)
        self._periodic[name] = (seconds, task)
        if self._queue is None:
            return

        async def run(_: CallbackContext[Any, Any, Any, Any]) -> None:
            await task()

        self._queue.run_repeating(
            run,
            interval=seconds,
            first=first,
            name=name,
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )

    # -- the heartbeat -----------------------------------------------------------------------

    def start(self) -> None:
        """Start the heartbeat (after the services have rebuilt their jobs from SQLite)."""
        self._started = True
        if self._queue is not None:

            async def beat(_: CallbackContext[Any, Any, Any, Any]) -> None:
                await self.run_due()

            self._queue.run_repeating(
                beat,
                interval=self._heartbeat,
                first=0,
                name=HEARTBEAT_JOB,
                job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
            )
        self._wake()

    async def stop(self) -> None:
        self._started = False
        if self._queue is not None:
            for job in self._queue.get_jobs_by_name(HEARTBEAT_JOB):
                job.schedule_removal()
        for wake in list(self._wakes):
            wake.cancel()
        if self._wakes:
            await asyncio.gather(*self._wakes, return_exceptions=True)

    def _clock_moved(self) -> None:
        if self._started:
            self._wake()

    def _wake(self) -> None:
        """Run what is due soon, without waiting for the next heartbeat."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.run_due())
        self._wakes.add(task)
        task.add_done_callback(self._wakes.discard)

    def _drop_cancelled(self) -> None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
