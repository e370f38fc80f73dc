"""iCalendar (.ics) files of events, made with the ``icalendar`` package.

Times are written in UTC (``DTSTART:20260312T130000Z``): every calendar application shows them
in its owner's zone, whatever the organiser's. ``UID`` is stable per event and ``SEQUENCE`` is
the event's version, so importing the file again after an edit or a cancellation updates the
entry instead of adding a second one. Milestones known to the day are all-day entries;
those known only to the month or the year are not times and are left out.

A series (:mod:`bot.series`) is one entry with an ``RRULE``, written at the organiser's *local*
time with its ``VTIMEZONE`` (``DTSTART;TZID=Europe/Paris:20261203T100000``), so that calendar
programs keep it at 10:00 across the DST changes; its cancelled occurrences are ``EXDATE`` and
the moved or edited ones are entries of the same ``UID`` with a ``RECURRENCE-ID`` (their
original start).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar
from icalendar import Event as VEvent

from bot.recurrence import Rule
from bot.render.events import MilestoneItem
from bot.storage.events import Event, EventFields
from bot.timezones import zone

PRODID = "-//coopbot//events//FR"
DOMAIN = "coopbot"


def event_uid(event_id: int) -> str:
    return f"event-{event_id}@{DOMAIN}"


def series_uid(series_id: int) -> str:
    return f"series-{series_id}@{DOMAIN}"


@dataclass(frozen=True)
class SeriesView:
    """What a series' entry needs: its rule, first local start, template and the occurrences
    made so far (cancelled ones too)."""

    id: int
    rule: str
    first_local: datetime  # naive
    timezone: str
    template: EventFields
    occurrences: Sequence[Event]


def calendar_file(
    events: Sequence[Event],
    *,
    now: datetime,
    name: str,
    kind_label: Callable[[str], str],
    project_name: Callable[[str], str],
    milestones: Sequence[MilestoneItem] = (),
    series: Mapping[int, SeriesView] | None = None,
) -> bytes:
    """One VCALENDAR with a VEVENT per event (and per day-precise milestone); the occurrences
    of a series in ``series`` are written once, as the series."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    written: set[int] = set()
    for event in events:
        view = (series or {}).get(event.series_id or 0)
        if view is None:
            cal.add_component(_vevent(event, now, kind_label, project_name))
        elif view.id not in written:
            written.add(view.id)
            for entry in _series_entries(view, now, kind_label, project_name):
                cal.add_component(entry)
    for item in milestones:
        if item.date.precision != "day":
            continue
        entry = VEvent()
        day = item.date.first_day()
        digest = hashlib.sha1(item.title.encode(), usedforsecurity=False).hexdigest()[:10]
        entry.add("uid", f"milestone-{item.project_id}-{item.date}-{digest}@{DOMAIN}")
        entry.add("dtstamp", now)
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
        entry.add("summary", f"{item.title} ({project_name(item.project_id)})")
        if item.place:
            entry.add("location", item.place)
        entry.add("transp", "TRANSPARENT")
        cal.add_component(entry)
    if written:
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _series_entries(
    view: SeriesView,
    now: datetime,
    kind_label: Callable[[str], str],
    project_name: Callable[[str], str],
) -> list[VEvent]:
    tz = zone(view.timezone)
    rule = Rule.from_rrule(view.rule)
    first = view.first_local.replace(tzinfo=tz)
    template = view.template
    master = Event(**{**_fields(template), "id": 0})
    entry = _vevent(master, now, kind_label, project_name, uid=series_uid(view.id))
    entry.pop("DTSTART")
    entry.pop("DTEND")
    entry.add("dtstart", first)
    entry.add("dtend", first + template.duration)
    entry.add("rrule", rule.ical(tz))
    versions = [o.version for o in view.occurrences] or [1]
    entry.pop("SEQUENCE")
    entry.add("sequence", max(versions))
    cancelled = [o for o in view.occurrences if o.cancelled]
    if cancelled:
        entry.add("exdate", [(o.occurrence or o.starts_at).astimezone(tz) for o in cancelled])
    entries = [entry]
    for occurrence in view.occurrences:
        if occurrence.cancelled or occurrence.version == 1:
            continue  # as the rule says
        original = (occurrence.occurrence or occurrence.starts_at).astimezone(tz)
        moved = _vevent(occurrence, now, kind_label, project_name, uid=series_uid(view.id))
        moved.pop("DTSTART")
        moved.pop("DTEND")
        moved.add("dtstart", occurrence.starts_at.astimezone(tz))
        moved.add("dtend", occurrence.ends_at.astimezone(tz))
        moved.add("recurrence-id", original)
        entries.append(moved)
    return entries


def _fields(fields: EventFields) -> dict[str, Any]:
    return {name: getattr(fields, name) for name in EventFields.__dataclass_fields__}


def _vevent(
    event: Event,
    now: datetime,
    kind_label: Callable[[str], str],
    project_name: Callable[[str], str],
    *,
    uid: str | None = None,
) -> VEvent:
    entry = VEvent()
    entry.add("uid", uid or event_uid(event.id))
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("sequence", event.version)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    entry.add("categories", [kind_label(event.kind), project_name(event.project_id)])
    lines = [f"{kind_label(event.kind)} · {project_name(event.project_id)}"]
    if event.description:
        lines.append(event.description)
    if event.link:
        lines.append(event.link)
        entry.add("url", event.link)
    if event.dial_in:
        lines.append(event.dial_in)
    entry.add("description", "\n\n".join(lines))
    location = event.place or event.link
    if location:
        entry.add("location", location)
    if event.updated_at is not None:
        entry.add("last-modified", event.updated_at)
    return entry


def filename(stem: str) -> str:
    """A safe file name: ``coopbot-event-12.ics``."""
    clean = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return f"{clean or 'agenda'}.ics"
