"""Human dates, durations and reminder offsets (bot/dates.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.dates import (
    DateError,
    offset_key,
    parse_duration,
    parse_offset,
    parse_offsets,
    parse_when,
)
from bot.timezones import zone

PARIS = zone("Europe/Paris")
# Monday 2 March 2026, 10:00 Paris.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def local(text: str, now: datetime = NOW, tz_name: str = "Europe/Paris") -> str:
    when = parse_when(text, now, zone(tz_name))
    return when.local.strftime("%Y-%m-%d %H:%M %a") + f" {when.local.utcoffset()}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03 14h", "2026-03-12 14:00 Thu 1:00:00"),
        ("12/03 14h30", "2026-03-12 14:30 Thu 1:00:00"),
        ("12/03/2026 14:00", "2026-03-12 14:00 Thu 1:00:00"),
        ("12.03.26 9h", "2026-03-12 09:00 Thu 1:00:00"),
        ("2026-03-12 14:00", "2026-03-12 14:00 Thu 1:00:00"),
        ("2026-03-12T14:00", "2026-03-12 14:00 Thu 1:00:00"),
        ("jeudi 14h30", "2026-03-05 14:30 Thu 1:00:00"),
        ("Jeudi prochain à 14 h 30", "2026-03-05 14:30 Thu 1:00:00"),
        ("12 mars 14h", "2026-03-12 14:00 Thu 1:00:00"),
        ("1er avril 2026 à 9h", "2026-04-01 09:00 Wed 2:00:00"),
        ("jeudi 12 mars 14h", "2026-03-12 14:00 Thu 1:00:00"),
        ("demain 9h", "2026-03-03 09:00 Tue 1:00:00"),
        ("après-demain 10h", "2026-03-04 10:00 Wed 1:00:00"),
        ("aujourd'hui 15h", "2026-03-02 15:00 Mon 1:00:00"),
        ("demain midi", "2026-03-03 12:00 Tue 1:00:00"),
        ("March 12 2pm", "2026-03-12 14:00 Thu 1:00:00"),
        ("March 12th, 2026 at 2:30 pm", "2026-03-12 14:30 Thu 1:00:00"),
        ("12 March 14:00", "2026-03-12 14:00 Thu 1:00:00"),
        ("Thursday 2pm", "2026-03-05 14:00 Thu 1:00:00"),
        ("next monday 9am", "2026-03-09 09:00 Mon 1:00:00"),
        ("tomorrow 12am", "2026-03-03 00:00 Tue 1:00:00"),
        ("tomorrow 12pm", "2026-03-03 12:00 Tue 1:00:00"),
    ],
)
def test_the_forms_people_write(text: str, expected: str) -> None:
    assert local(text) == expected


def test_a_weekday_alone_is_the_next_one_never_today() -> None:
    # Monday 10:00: "lundi 14h" is next Monday, not this afternoon.
    assert local("lundi 14h").startswith("2026-03-09 14:00")


def test_a_date_without_year_is_the_next_one_to_come() -> None:
    november = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert local("12/03 14h", november).startswith("2027-03-12 14:00")
    # ... but a date of the last 30 days is a mistake, not next year: refused as past.
    with pytest.raises(DateError) as error:
        parse_when("20/11 14h", november, PARIS)
    assert error.value.reason == "past"


def test_interpreted_in_the_writers_zone() -> None:
    when = parse_when("12/03 14h", NOW, zone("Asia/Yerevan"))
    assert when.utc == datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    when = parse_when("12/03 14h", NOW, zone("Africa/Dakar"))
    assert when.utc == datetime(2026, 3, 12, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("12/03", "no_time"),
        ("bientôt", "unrecognised"),
        ("12/03 14h avec Pierre", "unrecognised"),
        ("31/02 10h", "bad_day"),
        ("12/13 10h", "bad_day"),
        ("25h", "bad_time"),
        ("12/03 14:75", "bad_time"),
        ("13pm", "bad_time"),
        ("1/03/2026 10h", "past"),
        ("aujourd'hui 9h", "past"),
        ("vendredi 12 mars 14h", "weekday_mismatch"),
        ("12/03/2031 10h", "too_far"),
    ],
)
def test_what_is_refused(text: str, reason: str) -> None:
    with pytest.raises(DateError) as error:
        parse_when(text, NOW, PARIS)
    assert error.value.reason == reason


def test_spring_forward_gap_is_refused_and_autumn_overlap_takes_summer_time() -> None:
    # Sunday 29th March 2026: 02:00 -> 03:00 in Paris, 02:30 does not exist.
    with pytest.raises(DateError) as error:
        parse_when("29/03 2h30", NOW, PARIS)
    assert error.value.reason == "nonexistent"
    assert local("29/03 3h") == "2026-03-29 03:00 Sun 2:00:00"
    assert local("29/03 1h59") == "2026-03-29 01:59 Sun 1:00:00"
    # Sunday 25th October 2026: 03:00 -> 02:00, 02:30 happens twice: the first (UTC+2).
    when = parse_when("25/10 2h30", NOW, PARIS)
    assert when.ambiguous
    assert when.utc == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert not parse_when("25/10 3h30", NOW, PARIS).ambiguous


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("90 min", 90),
        ("90min", 90),
        ("1h30", 90),
        ("1 h 30", 90),
        ("1:30", 90),
        ("2h", 120),
        ("1.5h", 90),
        ("2 jours", 2880),
        ("3 days", 4320),
        ("45m", 45),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "3", "abc", "20 jours", "1 siècle"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(DateError):
        parse_duration(text)


def test_offsets_are_canonical_and_sorted() -> None:
    assert parse_offsets("7d, 1d 1h 0m") == ["7d", "1d", "1h", "0m"]
    assert parse_offsets(["60m", "1j", "2w", "1h"]) == ["14d", "1d", "1h"]
    assert offset_key(parse_offset("90m")) == "90m"
    assert offset_key(timedelta(hours=48)) == "2d"
    for bad in ("", "1y", "-1h", "100d"):
        with pytest.raises(DateError):
            parse_offsets(bad)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("1 jour 1h", 1500), ("1j 1h", 1500), ("90 minutes", 90), ("1 hour", 60),
     ("1 day and 2 hours", 1560), ("1 jour 1h30", 1530), ("2 heures", 120)],
)  # fmt: skip
def test_durations_in_words(typed: str, minutes: int) -> None:
    """Issue 16: "1 jour 1h" was refused where "1j 1h" worked."""
    assert parse_duration(typed) == timedelta(minutes=minutes)


@pytest.mark.parametrize("typed", ["3 pommes", "1 jour 1", "jour", "1h 2x"])
def test_durations_in_words_still_refuse_nonsense(typed: str) -> None:
    with pytest.raises(DateError):
        parse_duration(typed)
