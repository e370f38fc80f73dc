"""Reminders, announcements and "after the end" hooks: from SQLite to the outbox, exactly once.

SQLite is the source of truth. Each event has one ``event_reminders`` row per offset, with its
due time and state; each change to an event writes an ``event_notices`` row in the same
transaction. :meth:`Reminders.dispatch_due` (called by the scheduler with ``clock.now()``, and
by tests with a frozen clock) turns what is due into outbox rows, then marks it done:

* the outbox's unique key ``(kind, ref, chat_id)`` makes a second enqueue a no-op, so a crash
  between the enqueue and the mark only means the next dispatch enqueues nothing new; the
  delivery engine claims each row before sending it, so no chat gets a reminder twice;
* a reminder dispatched within :data:`ON_TIME` of its due time is on time; later (the bot was
  down) it is sent marked late if the event has not started, and dropped otherwise; when
  several offsets of one event are overdue together only the last one is sent;
* after an event's end every ``on_ended`` hook is awaited once for it: recorded just before
  the call, so never twice, even across a crash (at worst, a crash during the call loses it).

Only the next due instant lives in memory, as one job of :class:`~bot.scheduling.Scheduler`,
re-armed after each dispatch and at start, and checked every minute (events created from the
terminal while the bot runs).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.clock import Clock
from bot.dates import offset_delta
from bot.members import MembersService
from bot.names import Knowledge
from bot.render.events import EventRenderer, Where
from bot.scheduling import Scheduler
from bot.settings import Settings
from bot.storage.events import (
    FOLLOWING,
    Event,
    EventFields,
    EventsRepository,
    Notice,
    Reminder,
)
from bot.storage.members import Member
from bot.storage.outbox import OutboxItem
from bot.timezones import is_valid

log = logging.getLogger(__name__)

ON_TIME = timedelta(minutes=2)
ENDED_WINDOW = timedelta(days=2)  # hooks are not run for events that ended longer ago
JOB = "events:due"
SYNC_JOB = "events:sync"
SYNC_SECONDS = 60
RETRY_SECONDS = 30

EndedHook = Callable[[Event], Awaitable[None]]


class SeriesMaker(Protocol):
    """What reminders need of the series planner (``bot.series.SeriesPlanner``): make the
    next occurrences of the series due, and when the next ones fall due."""

    async def extend_due(self, now: datetime) -> int: ...

    async def next_due(self) -> datetime | None: ...


class Outbox(Protocol):
    """What reminders need of the delivery engine (``bot.delivery.Delivery``)."""

    async def enqueue(self, items: list[OutboxItem]) -> int: ...

    async def cancel(self, kind: str, ref: str) -> int: ...


@dataclass
class DispatchReport:
    """What one :meth:`Reminders.dispatch_due` did (for tests, logs and the benchmark)."""

    sent: list[str] = field(default_factory=list)  # reminder refs sent on time
    late: list[str] = field(default_factory=list)  # reminder refs sent late
    dropped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    enqueued: int = 0  # new outbox rows
    ended: list[tuple[int, str]] = field(default_factory=list)  # (event id, hook)
    made: int = 0  # occurrences of series made


class Reminders:
    def __init__(
        self,
        repo: EventsRepository,
        members: MembersService,
        renderer: EventRenderer,
        knowledge: Knowledge,
        outbox: Outbox,
        settings: Settings,
        clock: Clock,
        scheduler: Scheduler | None,
    ) -> None:
        self.repo = repo
        self.members = members
        self.render = renderer
        self.knowledge = knowledge
        self.outbox = outbox
        self.settings = settings
        self.clock = clock
        self.scheduler = scheduler
        self.default_offsets = settings.reminders.keys  # parsed once, by the settings
        self._hooks: dict[str, EndedHook] = {}
        self._lock = asyncio.Lock()
        self._armed_at: datetime | None = None
        self.series: SeriesMaker | None = None

    # -- planning ---------------------------------------------------------------------------

    def offsets_of(self, fields: EventFields) -> list[str]:
        if fields.offsets is not None:
            return list(fields.offsets)
        return list(self.default_offsets)

    def plan(self, fields: EventFields, now: datetime) -> list[tuple[str, datetime, str]]:
        """Reminder rows of a new event; offsets already past at creation are dropped (the
        announcement tells)."""
        rows = []
        for key in self.offsets_of(fields):
            due = fields.starts_at - offset_delta(key)
            rows.append((key, due, "pending" if due > now else "dropped"))
        return rows

    def replan(
        self, old: Event, new: EventFields, reminders: Sequence[Reminder], now: datetime
    ) -> list[Reminder]:
        """Reminder rows after an edit. A moved start reschedules pending reminders; one
        already sent whose new time is still to come is sent again (next round, new ref)."""
        before = {r.offset: r for r in reminders}
        moved = new.starts_at != old.starts_at
        rows = []
        for key in self.offsets_of(new):
            due = new.starts_at - offset_delta(key)
            previous = before.get(key)
            if previous is None:
                rows.append(Reminder(old.id, key, due, 1, "pending" if due > now else "dropped"))
            elif previous.state == "sent":
                if moved and due > now:
                    rows.append(Reminder(old.id, key, due, previous.round + 1, "pending"))
                else:
                    rows.append(Reminder(old.id, key, due, previous.round, "sent"))
            else:
                state = "pending" if due > now else "dropped"
                rows.append(Reminder(old.id, key, due, previous.round, state))
        return rows

    # -- hooks ------------------------------------------------------------------------------

    def on_ended(self, callback: EndedHook, *, name: str | None = None) -> None:
        """Await ``callback(event)`` once per event after its end (recorded in SQLite under
        ``name``, by default the callback's module and qualified name)."""
        key = name or f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
        self._hooks[key] = callback

    # -- running ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Rebuild from SQLite: queue what an interruption left (notices, reminders that fell
        due meanwhile, late or dropped; "after the end" hooks), then arm the next due time."""
        await self.dispatch_due(self.clock.now())
        if self.scheduler is not None:
            self.scheduler.every(SYNC_JOB, SYNC_SECONDS, self.arm, first=SYNC_SECONDS)

    async def _tick(self) -> None:
        try:
            await self.dispatch_due(self.clock.now())
        except Exception:
            log.exception("reminder dispatch failed; trying again in %d s", RETRY_SECONDS)
            if self.scheduler is not None:
                self._armed_at = self.clock.now() + timedelta(seconds=RETRY_SECONDS)
                self.scheduler.at(JOB, self._armed_at, self._tick)

    async def arm(self) -> None:
        """Schedule the job at the next due reminder or event end (once per instant)."""
        if self.scheduler is None:
            return
        now = self.clock.now()
        series_due = await self.series.next_due() if self.series is not None else None
        candidates = [
            value
            for value in (
                await self.repo.next_reminder_due(),
                await self.repo.next_end(now),
                series_due,
            )
            if value is not None
        ]
        if not candidates:
            return
        when = min(candidates)
        if when == self._armed_at:
            return  # already armed, or fired with nothing due yet (a test clock)
        self._armed_at = when
        self.scheduler.at(JOB, when, self._tick)

    async def dispatch_due(self, now: datetime) -> DispatchReport:
        """Send (through the outbox) every notice and reminder due at ``now``, run the
        "after the end" hooks, and re-arm. Idempotent: safe to call any number of times."""
        report = DispatchReport()
        async with self._lock:
            if self.series is not None:  # the next occurrences of series, with their reminders
                report.made = await self.series.extend_due(now)
            report.notices = await self._flush_notices()
            await self._dispatch_reminders(now, report)
            await self._run_endings(now, report)
        await self.arm()
        if report.sent or report.late or report.dropped:
            log.info(
                "reminders: %d sent, %d late, %d dropped, %d messages queued",
                len(report.sent),
                len(report.late),
                len(report.dropped),
                report.enqueued,
            )
        return report

    async def flush_notices(self) -> list[str]:
        async with self._lock:
            return await self._flush_notices()

    # -- reminders --------------------------------------------------------------------------

    async def _dispatch_reminders(self, now: datetime, report: DispatchReport) -> None:
        due = await self.repo.due_reminders(now)
        if not due:
            return
        by_event: dict[int, list[Reminder]] = {}
        for reminder in due:
            by_event.setdefault(reminder.event_id, []).append(reminder)
        events = await self.repo.many(by_event)
        roster = Roster(await self.members.all())
        items: list[OutboxItem] = []
        done: list[tuple[Reminder, str, bool]] = []
        for event_id, reminders in by_event.items():
            event = events[event_id]
            reminders.sort(key=lambda r: r.due_at)
            *older, last = reminders
            for reminder in older:  # superseded by a later offset, due as well
                done.append((reminder, "dropped", False))
                report.dropped.append(reminder.ref)
            lateness = now - last.due_at
            if lateness <= ON_TIME:
                late, remaining = False, event.starts_at - last.due_at
            elif now < event.starts_at:
                late, remaining = True, event.starts_at - now
            else:
                done.append((last, "dropped", False))
                report.dropped.append(last.ref)
                continue
            items.extend(await self._reminder_items(event, last, roster, remaining, late))
            done.append((last, "sent", late))
            (report.late if late else report.sent).append(last.ref)
        report.enqueued += await self.outbox.enqueue(items)
        await self.repo.finish_reminders(done, now)

    async def _reminder_items(
        self, event: Event, reminder: Reminder, roster: Roster, remaining: timedelta, late: bool
    ) -> list[OutboxItem]:
        answers = {r.user_id: r.answer for r in await self.repo.rsvps(event.id)}
        private = [
            roster.by_id[user_id]
            for user_id, answer in answers.items()
            if answer in ("yes", "maybe") and user_id in roster.reachable
        ]
        if event.remind_all:
            chosen = {m.user_id for m in private}
            for member in await self._audience(event):
                if member.user_id not in chosen and answers.get(member.user_id) != "no":
                    private.append(member)
                    chosen.add(member.user_id)

        def text(lang: str, where: Where) -> str:
            return self.render.reminder(lang, event, where, remaining=remaining, late=late)

        return await self._items("reminder", reminder.ref, event, private, answers, text)

    # -- notices ----------------------------------------------------------------------------

    async def _flush_notices(self) -> list[str]:
        notices = await self.repo.pending_notices()
        if not notices:
            return []
        events = await self.repo.many(n.event_id for n in notices)
        roster: Roster | None = None
        items: list[OutboxItem] = []
        for notice in notices:
            event = events.get(notice.event_id)
            if event is None or (event.cancelled and notice.what != "cancelled"):
                continue  # nothing to announce about an event cancelled meanwhile
            answers = {r.user_id: r.answer for r in await self.repo.rsvps(event.id)}
            # a series from this date on: those who answered any of its dates, told once
            following: list[Event] = []
            if FOLLOWING in notice.changes and event.series_id is not None:
                following = await self.repo.series_from(
                    event.series_id,
                    event.occurrence or event.starts_at,
                    cancelled=notice.what == "cancelled",
                    but=event.id,
                )
                for other in following:
                    for rsvp in await self.repo.rsvps(other.id):
                        answers.setdefault(rsvp.user_id, rsvp.answer)
            if notice.what == "new":
                private = await self._audience(event)
            else:
                roster = roster or Roster(await self.members.all())
                private = [roster.by_id[u] for u in answers if u in roster.reachable]
            if notice.what == "cancelled":
                for cancelled in (event, *following):
                    for reminder in await self.repo.reminders(cancelled.id):
                        await self.outbox.cancel("reminder", reminder.ref)
            items.extend(
                await self._items(
                    "event",
                    notice.ref,
                    event,
                    private,
                    answers,
                    self._notice_text(notice, event, following),
                )
            )
        await self.outbox.enqueue(items)
        await self.repo.notices_queued(notices)
        return [n.ref for n in notices]

    def _notice_text(
        self, notice: Notice, event: Event, following: Sequence[Event] = ()
    ) -> Callable[[str, Where], str]:
        def text(lang: str, where: Where) -> str:
            return self.render.notice(
                lang, notice, event, where, following=following if notice.what == "changed" else ()
            )

        return text

    # -- after the end ----------------------------------------------------------------------

    async def _run_endings(self, now: datetime, report: DispatchReport) -> None:
        """Each hook once per ended event: recorded *before* the call (like an outbox claim),
        so a crash during the call never runs it twice; a hook that raises is recorded
        ``failed`` and not retried."""
        for name, hook in list(self._hooks.items()):
            for event in await self.repo.ended_without(name, now, now - ENDED_WINDOW):
                if not await self.repo.record_ending(event.id, name, "done", now):
                    continue
                try:
                    await hook(event)
                except Exception:
                    log.exception("the after-the-end hook %s failed for event %s", name, event.id)
                    await self.repo.set_ending_state(event.id, name, "failed")
                report.ended.append((event.id, name))

    # -- recipients and messages ------------------------------------------------------------

    async def _audience(self, event: Event) -> list[Member]:
        """Members invited to the event: the project's, filtered by country / organisation."""
        return await self.members.in_projects(
            [event.project_id], countries=event.countries, organisations=event.organisations
        )

    def project_zones(self, project_id: str, organiser: str) -> tuple[str, ...]:
        """The organiser's zone first, then those of the project's member countries."""
        zones = [organiser]
        for country in self.knowledge.kb.member_countries(project_id):
            zones.extend(country.timezones)
        return tuple(z for z in dict.fromkeys(zones) if is_valid(z))

    async def _items(
        self,
        kind: str,
        ref: str,
        event: Event,
        private: Iterable[Member],
        answers: dict[int, str],
        text: Callable[[str, Where], str],
    ) -> list[OutboxItem]:
        """One outbox row per linked group and per person, each in their language and zone;
        identical texts are rendered once."""
        items: list[OutboxItem] = []
        texts: dict[tuple[str, str], str] = {}
        keyboards: dict[tuple[str, str | None], dict[str, Any] | None] = {}
        with_buttons = not event.cancelled

        def keyboard(lang: str, answer: str | None) -> dict[str, Any] | None:
            key = (lang, answer)
            if key not in keyboards:
                keyboards[key] = (
                    self.render.rsvp_keyboard(lang, event, selected=answer).to_dict()
                    if with_buttons
                    else None
                )
            return keyboards[key]

        group_where = Where(zones=self.project_zones(event.project_id, event.timezone))
        for group in await self.members.groups(event.project_id):
            lang = group.language or self.settings.default_language
            key = (lang, "*group*")
            if key not in texts:
                texts[key] = text(lang, group_where)
            items.append(
                OutboxItem(
                    kind,
                    ref,
                    group.chat_id,
                    in_topic(payload(texts[key], keyboard(lang, None)), group.thread_id),
                )
            )
        for member in private:
            lang = self.members.language_of(member)
            tz = self.members.zone_of(member)
            key = (lang, tz.key)
            if key not in texts:
                texts[key] = text(lang, Where(tz=tz))
            answer = answers.get(member.user_id)
            items.append(
                OutboxItem(kind, ref, member.user_id, payload(texts[key], keyboard(lang, answer)))
            )
        return items


class Roster:
    """All members by id, and which of them can be written to in private."""

    def __init__(self, members: Iterable[Member]) -> None:
        self.by_id = {m.user_id: m for m in members}
        self.reachable = {m.user_id for m in self.by_id.values() if m.private_chat and m.reachable}


def in_topic(data: dict[str, Any], thread_id: int | None) -> dict[str, Any]:
    """A payload for a group's forum topic (``message_thread_id``), or as it is."""
    return {**data, "message_thread_id": thread_id} if thread_id else data


def payload(text: str, markup: dict[str, Any] | None = None) -> dict[str, Any]:
    """An outbox payload: the delivery Bot has no Defaults, so HTML is said here."""
    data: dict[str, Any] = {
        "method": "sendMessage",
        "text": text,
        "parse_mode": "HTML",
        "disable_web_page_preview": True,
    }
    if markup is not None:
        data["reply_markup"] = markup
    return data
