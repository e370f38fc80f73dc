"""The period of an activity report: the project's whole period by default, two dates, or a
named year or quarter (``2026``, ``T3 2026``, ``Q3 2026``, ``2026-T3``).

A project's period runs from the first day of its actions to their last day, or to today when
activity goes on after the official end (a closing seminar, late feedback). A period that is
inverted, that does not meet the project's, or that has not started yet is refused with a
:class:`PeriodError` naming the message to show (``report.errors.*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.knowledge.models import Project

QUARTER = re.compile(r"^(?:[tq]([1-4])[\s/-]*(\d{4})|(\d{4})[\s/-]*[tq]([1-4]))$", re.IGNORECASE)
YEAR = re.compile(r"^(\d{4})$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATELIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
RANGE = re.compile(r"^(\S+)\s*(?:\.\.|\s|→|/)\s*(\S+)$")


class PeriodError(ValueError):
    """A period to refuse; ``key`` is a message id under ``report.errors.``."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    name: str = ""  # as written: "T3 2026", "2026"; empty for dates or the whole period
    whole: bool = False  # the project's whole period (nothing asked)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def parse_day(text: str) -> date:
    """``YYYY-MM-DD``, else :class:`PeriodError` ``bad_date``."""
    found = DAY.match(text.strip())
    if found:
        try:
            return date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            pass
    raise PeriodError("bad_date", value=text.strip()[:40])


def quarter(year: int, number: int) -> tuple[date, date]:
    first = date(year, 3 * number - 2, 1)
    following = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, following - timedelta(days=1)


def parse_named(text: str) -> Period | None:
    """A year or a quarter as written; None if ``text`` is neither."""
    flat = " ".join(text.split())
    found = QUARTER.match(flat)
    if found:
        number = int(found[1] or found[4])
        year = int(found[2] or found[3])
        start, end = quarter(year, number)
        return Period(start, end, flat)
    found = YEAR.match(flat)
    if found:
        year = int(found[1])
        return Period(date(year, 1, 1), date(year, 12, 31), flat)
    return None


def parse_period(text: str) -> Period | None:
    """What a coordinator typed after the project: nothing (None: the whole period), a year,
    a quarter, one day ``YYYY-MM-DD`` or two (``2026-01-01 2026-03-31``, or with ``..``)."""
    flat = " ".join(text.split())
    if not flat:
        return None
    named = parse_named(flat)
    if named is not None:
        return named
    if DATELIKE.match(flat):
        day = parse_day(flat)
        return Period(day, day)
    found = RANGE.match(flat)
    if found and DATELIKE.match(found[1]) and DATELIKE.match(found[2]):
        return Period(parse_day(found[1]), parse_day(found[2]))
    raise PeriodError("bad_period", value=flat[:40])


def project_window(project: Project, today: date) -> tuple[date, date]:
    """The project's period: its actions' first day to their last day, or to today if the
    project ended and the bot still records activity for it (closing seminar, feedback)."""
    start, end = project.start(), project.end()
    if start <= today and end < today:
        end = today
    return start, end


def resolve(
    project: Project,
    today: date,
    *,
    asked: Period | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The report's period: ``asked`` (a parsed one), or ``start``/``end`` (either may be
    missing: the project's own bound is used), or the project's whole period."""
    first, last = project_window(project, today)
    bounds = {"project": project.short_name, "start": first, "end": last}
    if asked is None and start is None and end is None:
        return Period(first, min(last, max(today, first)), whole=True)
    if asked is None:
        asked = Period(start or first, end or last)
    if asked.start > asked.end:
        raise PeriodError("inverted", start=asked.start, end=asked.end)
    if asked.end < first or asked.start > last:
        raise PeriodError("outside", **bounds)
    if asked.start > today:
        raise PeriodError("future", start=asked.start)
    return asked
