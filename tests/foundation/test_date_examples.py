"""Dates shown as examples are computed from now, in the reader's zone: whatever the day, typing
an example as shown gives a time to come, with the parser it illustrates."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta

import pytest

from bot.broadcast import parse_when as parse_broadcast_time
from bot.dates import date_examples, parse_when
from bot.i18n import LANGUAGES, Catalogue
from bot.poll_input import parse_closing
from bot.timezones import zone

# Across the year: ordinary days, month and year ends, leap day, both clock changes in Paris
# (and the hours around them), a Sunday night, in zones east and west of UTC.
INSTANTS = [
    datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    datetime(2026, 12, 24, 23, 30, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2027, 1, 1, 0, 1, tzinfo=UTC),
    datetime(2027, 1, 31, 17, 0, tzinfo=UTC),
    datetime(2028, 2, 29, 12, 0, tzinfo=UTC),
    datetime(2027, 3, 21, 1, 0, tzinfo=UTC),  # a week before the spring change
    datetime(2027, 3, 28, 0, 59, tzinfo=UTC),  # just before it (Paris)
    datetime(2027, 3, 28, 1, 0, tzinfo=UTC),  # just after it
    datetime(2027, 3, 31, 22, 30, tzinfo=UTC),  # already April in Paris
    datetime(2027, 6, 30, 21, 59, tzinfo=UTC),
    datetime(2027, 10, 24, 0, 30, tzinfo=UTC),  # a week before the autumn change
    datetime(2027, 10, 31, 0, 30, tzinfo=UTC),  # the repeated hour (Paris)
    datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
    datetime(2027, 11, 30, 23, 0, tzinfo=UTC),  # 1 December in Paris, still November in Dakar
]
ZONES = [
    "Europe/Paris",
    "Africa/Dakar",
    "Indian/Antananarivo",
    "Asia/Yerevan",
    "America/Santiago",  # its clock changes at midnight
    "Pacific/Kiritimati",  # UTC+14
]
CASES = [(now, name, lang) for now in INSTANTS for name in ZONES for lang in LANGUAGES]


def case_id(case: tuple[datetime, str, str]) -> str:
    now, name, lang = case
    return f"{now:%Y-%m-%dT%H:%M}-{name}-{lang}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_example_is_read_as_a_time_to_come(case: tuple[datetime, str, str]) -> None:
    now, name, lang = case
    tz = zone(name)
    examples = date_examples(now, tz, lang)
    assert set(examples) == {"week_iso", "week_numeric", "week_named", "month_iso", "month_numeric"}
    # Events (and the dates of polls' closing times): every form.
    seen = set()
    for key, example in examples.items():
        when = parse_when(example, now, tz)
        assert when.utc > now + timedelta(hours=12), (key, example)
        seen.add((key[: key.index("_")], when.utc))
    week = {at for kind, at in seen if kind == "week"}
    month = {at for kind, at in seen if kind == "month"}
    assert len(week) == 1 and len(month) == 1, "each moment, written in each form, is one instant"
    (week_at,) = week
    assert week_at.astimezone(tz).strftime("%H:%M") == "14:00"
    assert week_at.astimezone(tz).date() == now.astimezone(tz).date() + timedelta(days=7)
    (month_at,) = month
    local = month_at.astimezone(tz)
    assert local.day == 1 and local.strftime("%H:%M") == "18:00"
    assert local.date() > now.astimezone(tz).date()
    # Polls: close=<example>.
    assert parse_closing(examples["month_iso"], now, tz) > now
    # Announcements: their own parser, for the forms their prompts show.
    for key in ("month_iso", "month_numeric"):
        sent = parse_broadcast_time(examples[key], tz, now)
        assert sent == month_at, (key, examples[key])


def test_the_forms_are_those_of_each_language() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    paris = zone("Europe/Paris")
    assert date_examples(now, paris, "fr") == {
        "week_iso": "2026-11-30 14:00",
        "week_numeric": "30/11 14h",
        "week_named": "30 novembre 14h",
        "month_iso": "2026-12-01 18:00",
        "month_numeric": "01/12 18h",
    }
    assert date_examples(now, paris, "en") == {
        "week_iso": "2026-11-30 14:00",
        "week_numeric": "30/11 14:00",
        "week_named": "November 30 2pm",
        "month_iso": "2026-12-01 18:00",
        "month_numeric": "01/12 18:00",
    }
    # The month's name is Babel's (with its accents), read back by the parser.
    august = date_examples(datetime(2027, 7, 26, 9, 0, tzinfo=UTC), paris, "fr")
    assert august["week_named"] == "2 août 14h"


# (a dotted date, not a piece of an address such as 127.0.0.1)
LITERAL_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}\b|(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])"
)
MONTH_WORDS = re.compile(
    r"\b\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre)\b|\b(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{1,2}\b",
)


def test_no_catalogue_message_shows_a_literal_date() -> None:
    catalogue = Catalogue.bundled()
    for lang in LANGUAGES:
        for key in catalogue.ids(lang):
            raw = catalogue.raw(lang, key)
            assert not LITERAL_DATE.search(raw), (lang, key, raw)
            assert not MONTH_WORDS.search(raw), (lang, key, raw)


def test_the_example_placeholders_are_only_date_examples() -> None:
    """A message with one example placeholder is given all of them by its callers, who pass
    date_examples(...): no other name may end up meaning something else."""
    names = set(date_examples(datetime(2026, 11, 23, tzinfo=UTC), zone("UTC"), "fr"))
    catalogue = Catalogue.bundled()
    used = {
        name
        for lang in LANGUAGES
        for key in catalogue.ids(lang)
        for _, name, _, _ in string.Formatter().parse(catalogue.raw(lang, key))
        if name and name.startswith(("week_", "month_"))
    }
    assert used == names
