"""Repeating events: the rule of a series, the phrases that write it, and its occurrences.

A coordinator writes the rhythm next to the date, in French or English::

    chaque mois le 1er jeudi 10h          every month on the first Thursday 10am
    toutes les 2 semaines le mardi 15h    every 2 weeks on Tuesday 15:00
    chaque lundi 9h jusqu'au 30/06        every Monday 9:00 until June 30
    chaque mois le 15 14h, 10 fois        every 4 months on the 2nd Tuesday 14:00 for 6 times

:func:`parse_repeat` turns it into a :class:`Rule` (weekly, every N weeks, monthly by day of
the month or by "Nth weekday", until a date or for a count) and the wall-clock time of the
occurrences; the time and the dates (``jusqu'au ...``) are read with the one date grammar of
:mod:`bot.dates`. A rule is stored as an iCalendar ``RRULE`` value (RFC 5545) and expanded with
``dateutil.rrule`` on *local* wall-clock times in the organiser's zone, so an occurrence stays at
10:00 in Paris across the DST changes (09:00 UTC in winter, 08:00 UTC in summer).
Nothing here knows about Telegram or the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from bot.dates import (
    FURTHEST,
    WEEKDAY_NAMES,
    WEEKDAYS,
    DateError,
    _parse_time,
    date_words,
    parse_when,
)
from bot.i18n import excerpt

MAX_INTERVAL = {"weekly": 52, "monthly": 12}
MAX_COUNT = 500
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# "1er", "premier", "first", "2e", "2nd", "dernier", "last" (before a weekday)
ORDINALS: dict[str, int] = {
    "1er": 1, "1re": 1, "1ere": 1, "premier": 1, "premiere": 1, "first": 1, "1st": 1,
    "2e": 2, "2eme": 2, "2nd": 2, "deuxieme": 2, "second": 2, "seconde": 2,
    "3e": 3, "3eme": 3, "3rd": 3, "troisieme": 3, "third": 3,
    "4e": 4, "4eme": 4, "4th": 4, "quatrieme": 4, "fourth": 4,
    "dernier": -1, "derniere": -1, "last": -1,
}  # fmt: skip
ORDINAL_NAMES = "|".join(sorted(ORDINALS, key=len, reverse=True))

START = re.compile(r"^(?:chaque|tous les|toutes les|every|each)\b")
UNTIL = re.compile(r"\b(?:jusqu ?(?:au|a|à)|until|till|through)\b\s+(.+)$")
COUNT = re.compile(r"\b(?:pour |for |pendant )?(\d{1,3})\s*(?:fois|times|occurrences?)\b")
EVERY_N = re.compile(
    r"^(?:tous les|toutes les|chaque|every|each)\s+(\d{1,2})\s+(semaines|weeks|mois|months)\b"
)
EVERY_UNIT = re.compile(r"^(?:chaque|every|each)\s+(semaine|week|mois|month)\b")
EVERY_OTHER = re.compile(r"^(?:every other|une)\s+(week|semaine)\b(?:\s+sur deux)?")
EVERY_DAY = re.compile(rf"^(?:chaque|tous les|every|each)\s+({WEEKDAY_NAMES})s?\b")
NTH_WEEKDAY = re.compile(rf"\b({ORDINAL_NAMES})\s+({WEEKDAY_NAMES})\b")
MONTH_DAY = re.compile(r"\b(?:le|the|on the|on)?\s*(\d{1,2})(?:er|e|st|nd|rd|th)?\b(?!\s*(?:h|:))")
WEEK_DAY = re.compile(rf"\b({WEEKDAY_NAMES})s?\b")
FILLER = {"le", "la", "les", "the", "on", "a", "at", "de", "du", "of", "each", "et", "and"}


class RepeatError(DateError):
    """A repeat phrase we cannot read; ``reason`` is a catalogue key suffix (``repeat_*``)."""


@dataclass(frozen=True)
class Rule:
    """Weekly (every ``interval`` weeks on ``weekday``) or monthly (every ``interval`` months on
    day ``monthday``, or on the ``nth`` ``weekday``, ``-1`` being the last), ending on the local
    date ``until`` (included) or after ``count`` occurrences, or never."""

    freq: str  # weekly | monthly
    interval: int = 1
    weekday: int | None = None  # 0 = Monday
    nth: int | None = None  # monthly "Nth weekday": 1..4 or -1
    monthday: int | None = None  # monthly by day of the month
    until: date | None = None
    count: int | None = None

    # -- iCalendar ----------------------------------------------------------------------------

    def to_rrule(self) -> str:
        """The ``RRULE`` value as stored (``UNTIL`` as a local end of day, no ``Z``)."""
        parts = [f"FREQ={self.freq.upper()}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.weekday is not None:
            prefix = str(self.nth) if self.nth is not None else ""
            parts.append(f"BYDAY={prefix}{ICAL_DAYS[self.weekday]}")
        if self.monthday is not None:
            parts.append(f"BYMONTHDAY={self.monthday}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)

    @classmethod
    def from_rrule(cls, text: str) -> Rule:
        values = dict(part.split("=", 1) for part in text.strip().split(";") if "=" in part)
        byday = values.get("BYDAY")
        day = nth = None
        if byday:
            day = ICAL_DAYS.index(byday[-2:])
            nth = int(byday[:-2]) if byday[:-2] else None
        until = values.get("UNTIL")
        return cls(
            freq=values["FREQ"].lower(),
            interval=int(values.get("INTERVAL", 1)),
            weekday=day,
            nth=nth,
            monthday=int(values["BYMONTHDAY"]) if "BYMONTHDAY" in values else None,
            until=date(int(until[:4]), int(until[4:6]), int(until[6:8])) if until else None,
            count=int(values["COUNT"]) if "COUNT" in values else None,
        )

    def ical(self, tz: ZoneInfo) -> dict[str, object]:
        """The rule for the ``icalendar`` package: ``UNTIL`` in UTC, as RFC 5545 wants when
        ``DTSTART`` has a zone."""
        data: dict[str, object] = {"freq": self.freq.upper()}
        if self.interval != 1:
            data["interval"] = self.interval
        if self.weekday is not None:
            prefix = str(self.nth) if self.nth is not None else ""
            data["byday"] = f"{prefix}{ICAL_DAYS[self.weekday]}"
        if self.monthday is not None:
            data["bymonthday"] = self.monthday
        if self.until is not None:
            end = datetime.combine(self.until, time(23, 59, 59), tzinfo=tz)
            data["until"] = end.astimezone(UTC)
        if self.count is not None:
            data["count"] = self.count
        return data

    # -- expansion ----------------------------------------------------------------------------

    def _rrule(self, first: datetime) -> rrule:
        byweekday: weekday | None = None
        if self.weekday is not None:
            byweekday = weekday(self.weekday, self.nth) if self.nth else weekday(self.weekday)
        return rrule(
            WEEKLY if self.freq == "weekly" else MONTHLY,
            dtstart=first,
            interval=self.interval,
            byweekday=byweekday,
            bymonthday=self.monthday,
            until=datetime.combine(self.until, time(23, 59, 59)) if self.until else None,
            count=self.count,
        )

    def local_starts(self, first: datetime) -> Iterator[datetime]:
        """Naive wall-clock starts from ``first`` (naive, the organiser's local time)."""
        yield from self._rrule(first.replace(tzinfo=None))

    def starts(self, first: datetime, tz: ZoneInfo) -> Iterator[datetime]:
        """Aware UTC starts, each at the same wall-clock time in ``tz`` (a time that falls in
        the spring gap moves forward by the gap, as calendar programs do)."""
        for naive in self.local_starts(first.astimezone(tz)):
            yield wall_clock(naive, tz)

    def until_instant(self, tz: ZoneInfo) -> datetime | None:
        if self.until is None:
            return None
        return datetime.combine(self.until, time(23, 59, 59), tzinfo=tz).astimezone(UTC)

    def ending_before(self, start_local: datetime, done: int) -> Rule:
        """This rule ended just before the occurrence at ``start_local`` (naive), ``done``
        occurrences having taken place: for "this one and all following"."""
        if self.count is not None:
            return replace(self, count=max(done, 1), until=None)
        return replace(self, until=(start_local - timedelta(days=1)).date(), count=None)

    def continued(self, new_start_local: datetime, done: int) -> Rule:
        """The rule of the rest of a series moved to ``new_start_local`` (naive): the same
        rhythm on the new weekday or day of the month, the remaining count."""
        changes: dict[str, object] = {}
        if self.weekday is not None:
            changes["weekday"] = new_start_local.weekday()
            if self.nth is not None and self.nth > 0:
                changes["nth"] = min((new_start_local.day - 1) // 7 + 1, 4)
        if self.monthday is not None:
            changes["monthday"] = new_start_local.day
        if self.count is not None:
            changes["count"] = max(self.count - done, 1)
        return replace(self, **changes)  # type: ignore[arg-type]


def wall_clock(naive: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in ``tz``; in the autumn overlap the first (summer)
    one, in the spring gap the time after the gap."""
    aware = naive.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:  # nonexistent: 02:30 on the spring day is 03:30
        aware = naive.replace(tzinfo=tz, fold=1)
    return aware.astimezone(UTC)


@dataclass(frozen=True)
class Repeat:
    """A parsed phrase: the rule, the wall-clock time (``None`` when not written) and the first
    occurrence (aware, UTC) after ``now`` or from the start given."""

    rule: Rule
    at: time | None
    first: datetime


def is_repeat(text: str) -> bool:
    """Whether ``text`` is written as a repeat phrase (starts with chaque / tous les / every)."""
    return bool(START.match(date_words(text)))


def parse_repeat(
    text: str, now: datetime, tz: ZoneInfo, *, start: datetime | None = None
) -> Repeat:
    """Read a repeat phrase written in ``tz`` at ``now``. Without ``start`` (the one-line form:
    ``chaque mois le 1er jeudi 10h``) the phrase must give the time, and the first occurrence is
    the next one after ``now``; with ``start`` (``--when`` and ``--repeat``, or the guided
    conversation) missing parts (weekday, day of month, time) are taken from it and the first
    occurrence is ``start``, which must fit the rule. Raises :class:`RepeatError`."""
    work = date_words(text).replace("jusqu au", "jusquau").replace("jusquau", "jusqu au")
    if not START.match(work):
        raise RepeatError("repeat_unrecognised", words=excerpt(text))
    until: date | None = None
    match = UNTIL.search(work)
    if match:
        until = _until_date(match[1], now, tz)
        work = work[: match.start()]
    count: int | None = None
    match = COUNT.search(work)
    if match:
        count = int(match[1])
        if not 1 <= count <= MAX_COUNT:
            raise RepeatError("repeat_bad_count", max=MAX_COUNT)
        work = work[: match.start()] + " " + work[match.end() :]
    if until is not None and count is not None:
        raise RepeatError("repeat_until_and_count")
    try:
        at, work = _parse_time(work)
    except DateError as error:
        raise RepeatError(error.reason, **error.params) from None

    freq, interval, day, nth, monthday = _rhythm(work, text)
    local_start = start.astimezone(tz) if start is not None else None
    if at is None:
        if local_start is None:
            raise RepeatError("repeat_no_time")
        at = local_start.time().replace(second=0, microsecond=0)
    if freq == "weekly" and day is None:
        if local_start is None:
            raise RepeatError("repeat_no_day")
        day = local_start.weekday()
    if freq == "monthly" and day is None and monthday is None:
        if local_start is None:
            raise RepeatError("repeat_no_day")
        monthday = local_start.day
    if interval < 1 or interval > MAX_INTERVAL[freq]:
        raise RepeatError("repeat_bad_interval", max=MAX_INTERVAL[freq])
    if monthday is not None and not 1 <= monthday <= 31:
        raise RepeatError("repeat_bad_monthday", day=monthday)
    rule = Rule(freq, interval, day, nth, monthday, until, count)

    if local_start is not None:
        anchor = local_start.replace(tzinfo=None, second=0, microsecond=0)
        if anchor.time() != at:
            anchor = datetime.combine(anchor.date(), at)
        first_local = next(iter(rule.local_starts(anchor)), None)
        if first_local is None or first_local.date() != anchor.date():
            raise RepeatError("repeat_start_mismatch")
    else:
        today = now.astimezone(tz).replace(tzinfo=None)
        # from today's date at that time; the first one after now is the series' first
        seed = datetime.combine(today.date(), at)
        probe = replace(rule, interval=1, until=None, count=None)
        first_local = next((s for s in probe.local_starts(seed) if wall_clock(s, tz) > now), None)
        if first_local is None:
            raise RepeatError("repeat_no_occurrence")
        if count is None:
            rule = replace(rule, until=until)
    assert first_local is not None
    first = wall_clock(first_local, tz)
    if first <= now:
        raise RepeatError("past", when=first)
    if first - now > FURTHEST:
        raise RepeatError("too_far")
    if until is not None and first_local.date() > until:
        raise RepeatError("repeat_no_occurrence")
    return Repeat(rule, at, first)


def _until_date(text: str, now: datetime, tz: ZoneInfo) -> date:
    """``jusqu'au 30/06``, ``until 2027-06-30``: a day to come, read by :func:`parse_when`."""
    try:
        return parse_when(f"{text} 23:59", now, tz).local.date()
    except DateError as error:
        raise RepeatError(error.reason, **error.params) from None


def _rhythm(work: str, text: str) -> tuple[str, int, int | None, int | None, int | None]:
    """``(freq, interval, weekday, nth, monthday)`` from the words left."""
    interval = 1
    freq: str | None = None
    day: int | None = None
    nth: int | None = None
    monthday: int | None = None
    rest = work
    if match := EVERY_N.match(rest):
        interval = int(match[1])
        freq = "weekly" if match[2] in ("semaines", "weeks") else "monthly"
    elif match := EVERY_OTHER.match(rest):
        interval, freq = 2, "weekly"
    elif match := EVERY_UNIT.match(rest):
        freq = "weekly" if match[1] in ("semaine", "week") else "monthly"
    elif match := EVERY_DAY.match(rest):
        freq, day = "weekly", WEEKDAYS[match[1]]
    if match is None or freq is None:
        raise RepeatError("repeat_unrecognised", words=excerpt(text))
    rest = rest[match.end() :]
    if found := NTH_WEEKDAY.search(rest):
        if freq != "monthly":
            raise RepeatError("repeat_nth_needs_month")
        nth, day = ORDINALS[found[1]], WEEKDAYS[found[2]]
        rest = rest[: found.start()] + " " + rest[found.end() :]
    elif found := WEEK_DAY.search(rest):
        if freq == "monthly":
            raise RepeatError("repeat_which_weekday")
        day = WEEKDAYS[found[1]]
        rest = rest[: found.start()] + " " + rest[found.end() :]
    elif freq == "monthly" and (found := MONTH_DAY.search(rest)):
        monthday = int(found[1])
        rest = rest[: found.start()] + " " + rest[found.end() :]
    leftover = [w for w in rest.replace("sur deux", " ").split() if w not in FILLER]
    leftover = [w for w in leftover if w not in ("mois", "month")]
    if leftover:
        raise RepeatError("repeat_unrecognised", words=excerpt(" ".join(leftover)))
    return freq, interval, day, nth, monthday
