"""iCalendar (.ics) files of events, made with the ``icalendar`` package.

Times are written in UTC (``DTSTART:20260312T130000Z``): every calendar application shows them
in its owner's zone, whatever the organiser's. ``UID`` is stable per event and ``SEQUENCE`` is
the event's version, so importing the file again after an edit or a cancellation updates the
entry instead of adding a second one. Milestones known to the day are all-day entries;
those known only to the month or the year are not times and are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from bot.render.events import MilestoneItem
from bot.storage.events import Event

PRODID = "-//coopbot//events//FR"
DOMAIN = "coopbot"


def event_uid(event_id: int) -> str:
    return f"event-{event_id}@{DOMAIN}"


def calendar_file(
    events: Sequence[Event],
    *,
    now: datetime,
    name: str,
    kind_label: Callable[[str], str],
    project_name: Callable[[str], str],
    milestones: Sequence[MilestoneItem] = (),
) -> bytes:
    """One VCALENDAR with a VEVENT per event (and per day-precise milestone)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, now, kind_label, project_name))
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
    return bytes(cal.to_ical())


def _vevent(
    event: Event,
    now: datetime,
    kind_label: Callable[[str], str],
    project_name: Callable[[str], str],
) -> VEvent:
    entry = VEvent()
    entry.add("uid", event_uid(event.id))
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
