"""The repeat phrases (bot/recurrence.py): one table of examples, dates relative to the frozen
clock (no literal year that would become the past), and the series' expansion across DST."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.recurrence import RepeatError, Rule, parse_repeat
from tests.conftest import NOW

PARIS = ZoneInfo("Europe/Paris")
TODAY = NOW.astimezone(PARIS).date()
UNTIL = TODAY + timedelta(days=200)


def next_weekday(weekday: int, *, after: date = TODAY) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def next_nth_weekday(weekday: int, nth: int) -> date:
    year, month = TODAY.year, TODAY.month
    while True:
        found = nth_weekday(year, month, weekday, nth)
        if found > TODAY:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def next_monthday(day: int) -> date:
    candidate = TODAY.replace(day=day)
    if candidate > TODAY:
        return candidate
    return (TODAY.replace(day=1) + timedelta(days=32)).replace(day=day)


@dataclass(frozen=True)
class Example:
    text: str
    rrule: str
    first: Callable[[], date]
    hour: int
    minute: int = 0


EXAMPLES = [
    Example(
        "chaque mois le 1er jeudi 10h", "FREQ=MONTHLY;BYDAY=1TH", lambda: next_nth_weekday(3, 1), 10
    ),
    Example(
        "every month on the first Thursday 10am",
        "FREQ=MONTHLY;BYDAY=1TH",
        lambda: next_nth_weekday(3, 1),
        10,
    ),
    Example(
        "every 2 weeks on Tuesday 15:00",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        lambda: next_weekday(1),
        15,
    ),
    Example(
        "toutes les 2 semaines le mardi 15h",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        lambda: next_weekday(1),
        15,
    ),
    Example(
        f"chaque lundi 9h jusqu'au {UNTIL:%d/%m/%Y}",
        f"FREQ=WEEKLY;BYDAY=MO;UNTIL={UNTIL:%Y%m%d}T235959",
        lambda: next_weekday(0),
        9,
    ),
    Example(
        f"every Monday 9am until {UNTIL:%Y-%m-%d}",
        f"FREQ=WEEKLY;BYDAY=MO;UNTIL={UNTIL:%Y%m%d}T235959",
        lambda: next_weekday(0),
        9,
    ),
    Example("tous les mercredis 9h30", "FREQ=WEEKLY;BYDAY=WE", lambda: next_weekday(2), 9, 30),
    Example(
        "chaque mois le 15 14h, 10 fois",
        "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=10",
        lambda: next_monthday(15),
        14,
    ),
    Example(
        "every month on the last Friday 18:00 for 6 times",
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6",
        lambda: next_nth_weekday(4, -1),
        18,
    ),
    Example(
        "tous les 4 mois le 2e mardi 14h",
        "FREQ=MONTHLY;INTERVAL=4;BYDAY=2TU",
        lambda: next_nth_weekday(1, 2),
        14,
    ),
]

REFUSED = [
    ("chaque mois 10h", "repeat_no_day"),
    ("chaque jeudi", "repeat_no_time"),
    ("every 2 weeks on the first Tuesday 15:00", "repeat_nth_needs_month"),
    ("chaque lundi 9h jusqu'au 01/01/2001", "past"),
    ("chaque lundi 9h, 10 fois jusqu'au 30/06", "repeat_until_and_count"),
    ("toutes les 60 semaines le lundi 9h", "repeat_bad_interval"),
    ("chaque blorp 9h", "repeat_unrecognised"),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.text)
def test_the_table_of_repeat_phrases(example: Example) -> None:
    parsed = parse_repeat(example.text, NOW, PARIS)
    assert parsed.rule.to_rrule() == example.rrule
    assert Rule.from_rrule(example.rrule) == parsed.rule
    local = parsed.first.astimezone(PARIS)
    assert local.date() == example.first()
    assert (local.hour, local.minute) == (example.hour, example.minute)


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_phrases_say_why(text: str, reason: str) -> None:
    with pytest.raises(RepeatError) as caught:
        parse_repeat(text, NOW, PARIS)
    assert caught.value.reason == reason


def test_a_start_fills_in_what_the_phrase_leaves_out() -> None:
    start = datetime.combine(next_weekday(3), datetime.min.time().replace(hour=14), PARIS)
    parsed = parse_repeat("chaque semaine", NOW, PARIS, start=start)
    assert parsed.rule.to_rrule() == "FREQ=WEEKLY;BYDAY=TH" and parsed.first == start
    with pytest.raises(RepeatError):
        parse_repeat("chaque lundi", NOW, PARIS, start=start)  # a Thursday is no Monday


def test_same_wall_clock_time_across_both_dst_changes() -> None:
    parsed = parse_repeat("chaque mois le 1er jeudi 10h", NOW, PARIS)
    starts = list(zip(range(14), parsed.rule.starts(parsed.first, PARIS), strict=False))
    offsets = set()
    for _, start in starts:
        local = start.astimezone(PARIS)
        assert (local.hour, local.minute, local.weekday()) == (10, 0, 3)
        offsets.add(local.utcoffset())
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # winter and summer time
