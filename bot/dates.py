"""Human dates and durations, as coordinators type them, in French or English.

:func:`parse_when` turns ``12/03 14h``, ``2026-03-12 14:00``, ``jeudi 14h30``, ``12 mars 14h``,
``demain 9h`` or ``March 12 2pm`` into an aware datetime in the writer's zone. Rules:

* numeric dates are day first (``12/03`` is 12 March), ISO dates are year first;
* a date without a year is the next one to come (``12/03`` written in November is next
  March), except in the 30 days after it, when it is refused as past (a typo, not next year);
* a weekday alone (``jeudi 14h30``) is the next such day, 1 to 7 days ahead; a weekday with a
  date must agree with it;
* a time is required; a local time that does not exist (the spring DST gap) is refused, an
  ambiguous one (the autumn repeated hour) takes the first (summer time) and says so;
* past instants and instants more than three years ahead are refused.

Errors are :class:`DateError` with a ``reason`` (a catalogue key suffix) and parameters, so the
caller can answer in the writer's language. Nothing here knows about Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.i18n import excerpt
from bot.textfold import fold

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("janvier", "janv", "january", "jan"),
        ("fevrier", "fevr", "fev", "february", "feb"),
        ("mars", "march", "mar"),
        ("avril", "avr", "april", "apr"),
        ("mai", "may"),
        ("juin", "june", "jun"),
        ("juillet", "juil", "july", "jul"),
        ("aout", "august", "aug"),
        ("septembre", "sept", "september", "sep"),
        ("octobre", "oct", "october"),
        ("novembre", "nov", "november"),
        ("decembre", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("lundi", "lun", "monday", "mon"),
        ("mardi", "tuesday", "tue", "tues"),
        ("mercredi", "mer", "wednesday", "wed"),
        ("jeudi", "jeu", "thursday", "thu", "thur", "thurs"),
        ("vendredi", "ven", "friday", "fri"),
        ("samedi", "sam", "saturday", "sat"),
        ("dimanche", "dim", "sunday", "sun"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _number

RELATIVE_DAYS = {
    "aujourdhui": 0,
    "today": 0,
    "ce soir": 0,
    "tonight": 0,
    "demain": 1,
    "tomorrow": 1,
    "apres demain": 2,
    "day after tomorrow": 2,
}

# Words that may surround a date without changing it.
FILLER = {
    "a",
    "at",
    "le",
    "la",
    "the",
    "on",
    "de",
    "du",
    "ce",
    "cette",
    "this",
    "next",
    "prochain",
    "prochaine",
    "of",
    "en",
    "vers",
    "around",
    "heure",
    "heures",
    "h",
    "et",
    "and",
}

MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))

ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t(?=\d))?")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?\b")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({MONTH_NAMES})\b\.?(?:\s+(\d{{4}}))?")
MONTH_DAY = re.compile(
    rf"\b({MONTH_NAMES})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}})\b)?"
)
WEEKDAY = re.compile(rf"\b({WEEKDAY_NAMES})\b\.?")

TIME_PATTERNS = (
    # 2pm, 2 pm, 2:30pm, 2.30 pm
    re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])"),
    # 14h, 14h30, 14 h 30, 14h00
    re.compile(r"\b(\d{1,2})\s*(?:heures?|h)\s*(\d{2})?(?![a-z0-9])"),
    # 14:00, 14:30
    re.compile(r"\b(\d{1,2}):(\d{2})(?::00)?\b"),
)
NAMED_TIMES = {"midi": time(12), "noon": time(12), "minuit": time(0), "midnight": time(0)}

YEAR_ROLLOVER = timedelta(days=30)
FURTHEST = timedelta(days=3 * 366)


class DateError(ValueError):
    """Text we cannot turn into a date; ``reason`` is a catalogue key suffix."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class When:
    """A parsed instant: ``local`` is aware in the writer's zone."""

    local: datetime
    ambiguous: bool = False  # the autumn repeated hour: the first (summer) one was taken
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def utc(self) -> datetime:
        return self.local.astimezone(UTC)


def date_words(text: str) -> str:
    """What the date grammar reads: folded (:func:`bot.textfold.fold`), apostrophes dropped,
    commas and dashes as spaces (ISO and numeric dates kept whole), single spaces."""
    plain = fold(text).replace("'", "")  # aujourd'hui -> aujourdhui
    plain = re.sub(r"(\d)t(\d)", r"\1 \2", plain)  # 2026-03-12T14:00
    plain = plain.replace(",", " ").replace("-", " - ")
    # keep ISO dates and numeric dates glued: "2026 - 03 - 12" -> "2026-03-12"
    plain = re.sub(r"(\d)\s+-\s+(\d)", r"\1-\2", plain)
    plain = plain.replace(" - ", " ")
    return " ".join(plain.split())


def _take(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    match = pattern.search(text)
    if match is None:
        return None, text
    return match, text[: match.start()] + " " + text[match.end() :]


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError("bad_day", day=day, month=month) from None


def _parse_time(text: str) -> tuple[time | None, str]:
    for word, value in NAMED_TIMES.items():
        match, rest = _take(re.compile(rf"\b{word}\b"), text)
        if match:
            return value, rest
    for index, pattern in enumerate(TIME_PATTERNS):
        match, rest = _take(pattern, text)
        if match is None:
            continue
        hour = int(match[1])
        minute = int(match[2] or 0)
        if index == 0:  # am / pm
            if not 1 <= hour <= 12:
                raise DateError("bad_time")
            pm = match[3].startswith("p")
            hour = (hour % 12) + (12 if pm else 0)
        if hour > 23 or minute > 59:
            raise DateError("bad_time")
        return time(hour, minute), rest
    return None, text


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> When:
    """The instant ``text`` means for someone in ``tz`` at ``now``; raises :class:`DateError`."""
    if not text or not text.strip():
        raise DateError("empty")
    work = date_words(text)
    today = now.astimezone(tz).date()
    clock, work = _parse_time(work)

    day: date | None = None
    year_given = True
    for word, delta in sorted(RELATIVE_DAYS.items(), key=lambda kv: -len(kv[0])):
        match, rest = _take(re.compile(rf"\b{word}\b"), work)
        if match:
            day, work = today + timedelta(days=delta), rest
            break

    if day is None:
        match, work = _take(ISO_DATE, work)
        if match:
            day = _make_date(int(match[1]), int(match[2]), int(match[3]))
    if day is None:
        parts: tuple[int | None, int, int] | None = None
        match, work = _take(DAY_MONTH, work)
        if match:
            parts = (_year(match[3]), MONTHS[match[2]], int(match[1]))
        else:
            match, work = _take(MONTH_DAY, work)
            if match:
                parts = (_year(match[3]), MONTHS[match[1]], int(match[2]))
            else:
                match, work = _take(NUMERIC_DATE, work)
                if match:
                    parts = (_year(match[3]), int(match[2]), int(match[1]))
        if parts is not None:
            year, month, mday = parts
            if not 1 <= month <= 12:
                raise DateError("bad_day", day=mday, month=month)
            if year is None:
                year_given = False
                year = today.year
                _make_date(2024, month, mday)  # a day that exists in some year (29 Feb)
                candidate = _safe_date(year, month, mday)
                if candidate is None or candidate < today - YEAR_ROLLOVER:
                    year += 1
                    while _safe_date(year, month, mday) is None:
                        year += 1
            day = _make_date(year, month, mday)

    weekday_match, work = _take(WEEKDAY, work)
    if weekday_match:
        wanted = WEEKDAYS[weekday_match[1]]
        if day is None:
            ahead = (wanted - today.weekday()) % 7 or 7
            day = today + timedelta(days=ahead)
        elif day.weekday() != wanted:
            raise DateError("weekday_mismatch", date=day.isoformat(), weekday=day.weekday())

    leftover = [w for w in work.split() if w not in FILLER]
    if leftover:
        raise DateError("unrecognised", words=excerpt(" ".join(leftover)))
    if day is None and clock is None:
        raise DateError("unrecognised", words=excerpt(text))
    if clock is None:
        raise DateError("no_time")
    if day is None:
        # a time alone: today if still ahead, else refused (say "demain 9h")
        day = today

    if day > today + FURTHEST:  # checked first: 9999-12-31 cannot even be put in UTC
        raise DateError("too_far")
    try:
        local, ambiguous = localise(datetime.combine(day, clock), tz)
    except OverflowError:  # the first days of year 1, long past
        raise DateError("past", when=datetime(1, 1, 2, tzinfo=UTC)) from None
    if local <= now:
        raise DateError("past", when=local.astimezone(UTC))
    if local - now > FURTHEST:
        raise DateError("too_far")
    notes = () if year_given else ("year_guessed",)
    return When(local, ambiguous, notes)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def localise(naive: datetime, tz: ZoneInfo) -> tuple[datetime, bool]:
    """Attach ``tz`` to a wall-clock time: ``(aware, ambiguous)``.

    A wall time in the spring gap does not exist: :class:`DateError` ``nonexistent``. In the
    autumn overlap the first occurrence (``fold=0``, summer time) is taken.
    """
    first = naive.replace(tzinfo=tz, fold=0)
    back = first.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != naive:
        raise DateError("nonexistent", time=naive.strftime("%H:%M"))
    second = naive.replace(tzinfo=tz, fold=1)
    return first, first.utcoffset() != second.utcoffset()


# -- examples shown to people ----------------------------------------------------------------

EXAMPLE_DAYS_AHEAD = 7


def date_examples(now: datetime, tz: ZoneInfo, lang: str) -> dict[str, str]:
    """Dates to show as examples, computed from ``now`` in the reader's zone ``tz`` so that
    they are always to come: the date placeholders of the catalogues' prompts and usages.

    Each is written in a form the parser it illustrates accepts (:func:`parse_when` for events
    and polls' closing times, :func:`bot.broadcast.parse_when` for announcements):

    * ``week_iso``, ``week_numeric``, ``week_named``: a week ahead at 14:00, e.g.
      ``2026-11-30 14:00``, ``30/11 14h`` (English ``30/11 14:00``), ``30 novembre 14h``
      (English ``November 30 2pm``), the month's name from Babel;
    * ``month_iso``, ``month_numeric``: the first day of next month at 18:00, e.g.
      ``2026-12-01 18:00``, ``01/12 18h`` (English ``01/12 18:00``).
    """
    from babel import dates as babel_dates

    today = now.astimezone(tz).date()
    week = today + timedelta(days=EXAMPLE_DAYS_AHEAD)
    month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    english = lang == "en"

    def hour(value: int) -> str:
        return f"{value}:00" if english else f"{value}h"

    if english:
        named = f"{babel_dates.format_date(week, 'MMMM d', locale='en')} 2pm"
    else:
        named = f"{babel_dates.format_date(week, 'd MMMM', locale=lang)} 14h"
    return {
        "week_iso": f"{week:%Y-%m-%d} 14:00",
        "week_numeric": f"{week:%d/%m} {hour(14)}",
        "week_named": named,
        "month_iso": f"{month:%Y-%m-%d} 18:00",
        "month_numeric": f"{month:%d/%m} {hour(18)}",
    }


# -- durations and reminder offsets ---------------------------------------------------------

DURATION_UNITS = {
    "m": 1,
    "min": 1,
    "mn": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "heure": 60,
    "heures": 60,
    "hour": 60,
    "hours": 60,
    "j": 1440,
    "d": 1440,
    "jour": 1440,
    "jours": 1440,
    "day": 1440,
    "days": 1440,
}
HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*(?:h|:)\s*(\d{2})?(?:\s*(?:min|mn|m))?$")
AMOUNT_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([a-z]+)?$")
MAX_DURATION = timedelta(days=14)
DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\s*(\d{2}(?!\d))?")
DURATION_JOINERS = re.compile(r"\b(?:et|and|plus)\b")


def _duration_in_parts(text: str) -> float:
    """``1 jour 1h``, ``1 day and 2 hours``, ``1j 1h30``: the minutes of each part, added."""
    work = DURATION_JOINERS.sub(" ", text)
    minutes = 0.0
    end = 0
    for match in DURATION_PART.finditer(work):
        if work[end : match.start()].strip():
            raise DateError("bad_duration")
        unit = match[2]
        if unit not in DURATION_UNITS or (match[3] and DURATION_UNITS[unit] != 60):
            raise DateError("bad_duration")
        minutes += float(match[1].replace(",", ".")) * DURATION_UNITS[unit]
        minutes += int(match[3] or 0)
        end = match.end()
    if end == 0 or work[end:].strip():
        raise DateError("bad_duration")
    return minutes


def parse_duration(text: str) -> timedelta:
    """``90``, ``90 min``, ``90 minutes``, ``1h30``, ``1:30``, ``2h``, ``1 hour``, ``3 jours``/
    ``3 days``, ``1 jour 1h``, ``1 day and 2 hours``; 5 min to 14 days."""
    spaced = date_words(text)
    work = spaced.replace(" ", "")
    if not work:
        raise DateError("bad_duration")
    minutes: float
    match = HOURS_MINUTES.match(work)
    if match:
        minutes = int(match[1]) * 60 + int(match[2] or 0)
    else:
        match = AMOUNT_UNIT.match(work)
        if match:
            unit = match[2] or "min"
            if unit not in DURATION_UNITS:
                raise DateError("bad_duration")
            minutes = float(match[1].replace(",", ".")) * DURATION_UNITS[unit]
        else:
            minutes = _duration_in_parts(spaced)
    if text.strip().startswith("-"):  # a negative duration, not "5"
        raise DateError("bad_duration")
    if minutes > MAX_DURATION / timedelta(minutes=1):  # before timedelta() overflows
        raise DateError("duration_range")  # understood, but too long
    value = timedelta(minutes=round(minutes))
    if value < timedelta(minutes=5) or value > MAX_DURATION:
        raise DateError("duration_range")
    return value


OFFSET = re.compile(r"^(\d{1,4})\s*(w|sem|d|j|h|m|min)$")
OFFSET_MINUTES = {"w": 10080, "sem": 10080, "d": 1440, "j": 1440, "h": 60, "m": 1, "min": 1}
MAX_OFFSET = timedelta(days=60)


def parse_offset(text: str) -> timedelta:
    """A reminder offset before the start: ``7d``, ``1d``/``1j``, ``1h``, ``30m``, ``0m``."""
    match = OFFSET.match(text.strip().lower().replace(" ", ""))
    if not match:
        raise DateError("bad_offset", offset=excerpt(text))
    value = timedelta(minutes=int(match[1]) * OFFSET_MINUTES[match[2]])
    if value > MAX_OFFSET:
        raise DateError("bad_offset", offset=excerpt(text))
    return value


def offset_key(value: timedelta) -> str:
    """Canonical text of an offset (``timedelta(hours=24)`` -> ``1d``): used in outbox refs."""
    minutes = int(value.total_seconds() // 60)
    if minutes and minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def parse_offsets(text: str | list[str]) -> list[str]:
    """``"7d, 1d 1h"`` or a list -> canonical keys, largest first, without duplicates."""
    items = text if isinstance(text, list) else re.split(r"[\s,;]+", text.strip())
    values = {parse_offset(item) for item in items if item.strip()}
    if not values:
        raise DateError("bad_offset", offset=excerpt(str(text)))
    return [offset_key(v) for v in sorted(values, reverse=True)]


@lru_cache(maxsize=256)
def offset_delta(key: str) -> timedelta:
    """The duration of a canonical offset key (``"1d"``), parsed once per key."""
    return parse_offset(key)
