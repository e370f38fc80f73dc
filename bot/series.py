"""Series of events: only the next few occurrences exist, each an ordinary event.

A repeating event is a row of ``event_series`` (its :class:`~bot.recurrence.Rule`, the local
wall-clock start of its first occurrence and the template of its fields) and, as rows of
``events``, its next :data:`AHEAD` occurrences (plus any whose reminders fall due soon): each
has its own RSVPs, reminders, feedback and report line, because it *is* an event. The planner
makes the following ones when the earliest of them ends or when a reminder of the next one
draws near (``next_at``, armed by :class:`bot.reminders.Reminders`), so a series of two years
costs three rows at start. Only the first occurrence is announced; the series is.

"This one" edits or cancels an occurrence (it keeps its original start, the iCalendar
``RECURRENCE-ID``); "this one and all following" ends the series before it and starts a new
one from it with the new fields, the occurrences already made moving along (their RSVPs kept).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import islice

from bot.dates import offset_delta
from bot.recurrence import Rule
from bot.storage.events import FOLLOWING, Event, EventFields, EventsRepository
from bot.storage.series import Occurrence, Progress, Series, SeriesRepository
from bot.timezones import zone

log = logging.getLogger(__name__)

AHEAD = 3  # occurrences kept made ahead (not yet ended)
LEAD_MARGIN = timedelta(hours=1)  # made this long before its first reminder falls due

Planner = Callable[[EventFields, datetime], list[tuple[str, datetime, str]]]


class SeriesPlanner:
    def __init__(
        self,
        repo: SeriesRepository,
        events: EventsRepository,
        plan: Planner,
        offsets_of: Callable[[EventFields], list[str]],
    ) -> None:
        self.repo = repo
        self.events = events
        self.plan = plan
        self.offsets_of = offsets_of

    def _lead(self, template: EventFields) -> timedelta:
        offsets = [offset_delta(k) for k in self.offsets_of(template)]
        return max(offsets, default=timedelta(0)) + LEAD_MARGIN

    def _compute(
        self,
        rule: Rule,
        first_local: datetime,
        template: EventFields,
        made_count: int,
        made_until: datetime | None,
        ahead: Sequence[Event],
        now: datetime,
    ) -> tuple[list[Occurrence], Progress]:
        """The occurrences to make now (after the ``made_count`` first ones of the rule, the
        last made starting at ``made_until``) and the bookkeeping after them."""
        tz = zone(template.timezone)
        duration = template.duration
        lead = self._lead(template)
        starts = islice(rule.starts(first_local.replace(tzinfo=tz), tz), made_count, None)
        made: list[Occurrence] = []
        waiting = sorted(e.ends_at for e in ahead if not e.cancelled)
        count = made_count
        last = made_until
        upcoming: datetime | None = None
        for start in starts:
            if start + duration <= now:  # past already (a late start): skipped
                count += 1
                last = start
                continue
            if len(waiting) + len(made) >= AHEAD and start - lead > now:
                upcoming = start
                break
            fields = replace(template, starts_at=start, ends_at=start + duration)
            made.append(Occurrence(fields, self.plan(fields, now), start))
            count += 1
            last = start
        if upcoming is None:
            progress = Progress(last, count, None, "ended")
        else:
            ends = sorted([*waiting, *(o.start + duration for o in made)])
            candidates = [upcoming - lead]
            if len(ends) >= AHEAD:
                candidates.append(ends[len(ends) - AHEAD])
            progress = Progress(last, count, max(min(candidates), now), "active")
        return made, progress

    async def create(
        self,
        fields: EventFields,
        *,
        created_by: int | None,
        now: datetime,
        draft_id: int | None = None,
    ) -> int:
        """Save a new series with its first occurrences; returns the first occurrence's id
        (0 when the draft was already used)."""
        assert fields.repeat is not None
        rule = Rule.from_rrule(fields.repeat)
        first_local = fields.starts_at.astimezone(fields.zone).replace(tzinfo=None)
        made, progress = self._compute(rule, first_local, fields, 0, None, (), now)
        if not made:
            return 0
        _, ids = await self.repo.create(
            rule=fields.repeat,
            first_local=first_local,
            timezone=fields.timezone,
            template=fields,
            occurrences=made,
            progress=progress,
            created_by=created_by,
            now=now,
            draft_id=draft_id,
        )
        return ids[0] if ids else 0

    async def extend_due(self, now: datetime) -> int:
        """Make the occurrences whose time has come, for every series due; returns how many."""
        total = 0
        for series in await self.repo.due(now):
            total += len(await self.extend(series, now))
        return total

    async def extend(self, series: Series, now: datetime) -> list[int]:
        rule = Rule.from_rrule(series.rule)
        ahead = await self.repo.ahead(series.id, now)
        made, progress = self._compute(
            rule,
            series.first_local,
            series.template,
            series.made_count,
            series.made_until,
            ahead,
            now,
        )
        return await self.repo.extend(series, made, progress, now)

    async def next_due(self) -> datetime | None:
        return await self.repo.next_due()

    # -- reading (the events service asks here, never the series' repository) -------------

    async def get(self, series_id: int) -> Series | None:
        return await self.repo.get(series_id)

    async def many(self, ids: Sequence[int]) -> dict[int, Series]:
        return await self.repo.many(ids)

    async def occurrences(self, series_id: int) -> list[Event]:
        """Every occurrence made (cancelled ones too), by original start."""
        return await self.repo.occurrences(series_id)

    async def ahead(self, series_id: int, now: datetime) -> list[Event]:
        """Occurrences made that have not ended yet, soonest first."""
        return await self.repo.ahead(series_id, now)

    async def end_before(self, series: Series, event: Event, now: datetime) -> None:
        """The series stops before ``event`` (cancelling it and all following)."""
        occurrences = await self.repo.occurrences(series.id)
        original = event.occurrence or event.starts_at
        done = sum(1 for o in occurrences if (o.occurrence or o.starts_at) < original)
        local = original.astimezone(zone(series.timezone)).replace(tzinfo=None)
        rule = Rule.from_rrule(series.rule).ending_before(local, done)
        status = "cancelled" if done == 0 else "ended"
        await self.repo.set_rule(
            series.id,
            rule=rule.to_rrule(),
            first_local=series.first_local,
            template=series.template,
            progress=Progress(series.made_until, series.made_count, None, status),
            now=now,
        )

    async def split(
        self,
        event: Event,
        fields: EventFields,
        *,
        now: datetime,
        changes: Sequence[str],
        replan: Callable[[Event, EventFields], Sequence[object]],
    ) -> bool:
        """ "This one and all following": the series ends before ``event``; a new series with
        ``fields`` starts at ``fields.starts_at``; the occurrences made from ``event`` on move
        to it, announced once per chat (the edited one's notice names the later dates too)."""
        if event.series_id is None:
            return False
        series = await self.repo.get(event.series_id)
        if series is None:
            return False
        old_rule = Rule.from_rrule(series.rule)
        tz = zone(series.timezone)
        occurrences = await self.repo.occurrences(series.id)
        original = event.occurrence or event.starts_at
        done = sum(1 for o in occurrences if (o.occurrence or o.starts_at) < original)
        following = [
            o
            for o in occurrences
            if (o.occurrence or o.starts_at) >= original and not o.cancelled and o.ends_at > now
        ]
        new_local = fields.starts_at.astimezone(zone(fields.timezone)).replace(tzinfo=None)
        new_rule = old_rule.continued(new_local, done)
        template = replace(fields, repeat=new_rule.to_rrule())
        if done == 0:
            series_id = series.id
        else:
            old_local = original.astimezone(tz).replace(tzinfo=None)
            ended = old_rule.ending_before(old_local, done)
            await self.repo.set_rule(
                series.id,
                rule=ended.to_rrule(),
                first_local=series.first_local,
                template=series.template,
                progress=Progress(series.made_until, done, None, "ended"),
                now=now,
            )
            series_id = await self.repo.new_series(
                rule=template.repeat or "",
                first_local=new_local,
                timezone=fields.timezone,
                template=template,
                created_by=series.created_by,
                now=now,
            )
        starts = new_rule.starts(fields.starts_at, zone(fields.timezone))
        pairs = list(zip(following, starts, strict=False))
        last = pairs[-1][1] if pairs else None
        # the later dates first, quietly; then the edited one with ONE notice for all of them
        # (FOLLOWING: its answerers and those of the later dates, once per chat)
        for index, (occurrence, start) in reversed(list(enumerate(pairs))):
            moved = replace(template, starts_at=start, ends_at=start + fields.duration)
            reminders = replan(occurrence, moved)
            await self.repo.reattach(
                occurrence.id,
                moved,
                reminders,  # type: ignore[arg-type]
                series_id=series_id,
                occurrence=start,
                now=now,
                changes=[*changes, FOLLOWING] if index == 0 else None,
            )
        made = len(following)
        await self.repo.set_rule(
            series_id,
            rule=template.repeat or "",
            first_local=new_local,
            template=template,
            progress=Progress(last, made, now, "active"),
            now=now,
        )
        fresh = await self.repo.get(series_id)
        if fresh is not None:
            await self.extend(fresh, now)
        log.info("series %s split at event %s (new series %s)", series.id, event.id, series_id)
        return True
