"""Scheduling on PTB's JobQueue (APScheduler), the one scheduler of the bot.

Services ask for "run this coroutine at that instant" under a deterministic name; the job is
replaced when scheduled again under the same name. APScheduler's default ``misfire_grace_time``
of one second would silently skip a job that fires late (a busy loop, a suspended laptop): it is
disabled here, and the services decide themselves what a late job means. Everything scheduled
here is derived from SQLite and rebuilt at start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram.ext import CallbackContext, JobQueue

log = logging.getLogger(__name__)

Task = Callable[[], Awaitable[None]]


class Scheduler:
    def __init__(self, job_queue: JobQueue[Any]) -> None:
        self._queue = job_queue

    def at(self, name: str, when: datetime, task: Task) -> None:
        """Run ``task`` at ``when`` (aware); replaces a job of the same name."""
        self.cancel(name)

        async def run(_: CallbackContext[Any, Any, Any, Any]) -> None:
            await task()

        self._queue.run_once(
            run, when=when, name=name, job_kwargs={"misfire_grace_time": None, "coalesce": True}
        )

    def every(self, name: str, seconds: float, task: Task, *, first: float = 0) -> None:
        """Run ``task`` every ``seconds``; replaces a job of the same name."""
        self.cancel(name)

        async def run(_: CallbackContext[Any, Any, Any, Any]) -> None:
            await task()

        self._queue.run_repeating(
            run,
            interval=seconds,
            first=first,
            name=name,
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )

    def cancel(self, name: str) -> int:
        jobs = self._queue.get_jobs_by_name(name)
        for job in jobs:
            job.schedule_removal()
        return len(jobs)

    def names(self, prefix: str = "") -> list[str]:
        return sorted(
            job.name for job in self._queue.jobs() if job.name and job.name.startswith(prefix)
        )
