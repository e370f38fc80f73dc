"""Catalogues, escaping, zones from the packaged tzdata, the clock, log redaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FrozenClock, from_iso, to_iso
from bot.i18n import (
    Catalogue,
    Safe,
    format_date,
    format_datetime,
    normalise_language,
    ordinal_day,
)
from bot.logs import RedactingFilter
from bot.timezones import is_valid, zone


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    catalogue = Catalogue.bundled()
    fr, en = catalogue.ids("fr"), catalogue.ids("en")
    assert fr == en, f"missing in en: {sorted(fr - en)}; missing in fr: {sorted(en - fr)}"
    for key in fr:
        assert catalogue.placeholders("fr", key) == catalogue.placeholders("en", key), key


def test_placeholders_are_escaped_unless_safe() -> None:
    catalogue = Catalogue.bundled()
    text = catalogue.t("fr", "core.errors.unknown_command", command="<script>&")
    assert "&lt;script&gt;&amp;" in text
    safe = catalogue.t("fr", "core.errors.unknown_command", command=Safe("<b>x</b>"))
    assert "<b>x</b>" in safe


def test_language_normalisation() -> None:
    assert normalise_language("en-GB") == "en"
    assert normalise_language("fr") == "fr"
    assert normalise_language("de") == "fr"
    assert normalise_language(None, "en") == "en"


def test_morocco_uses_current_rules_from_the_tzdata_package() -> None:
    # Since 2026-09-20 Morocco is at UTC+0 all year; old system zone files say UTC+1.
    noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert noon.astimezone(zone("Africa/Casablanca")).utcoffset() == timedelta(0)
    assert noon.astimezone(zone("Europe/Paris")).utcoffset() == timedelta(hours=1)


def test_unknown_zones_are_refused() -> None:
    assert is_valid("Africa/Douala")
    assert not is_valid("Mars/Olympus")
    assert not is_valid("../etc/passwd")
    with pytest.raises(ValueError):
        zone("")


def test_dates_render_per_language_and_zone() -> None:
    when = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)
    assert format_datetime(when, "fr", zone("Europe/Paris")) == "jeudi 12 mars 2026 à 14:00 (Paris)"
    assert (
        format_datetime(when, "en", zone("Asia/Yerevan"))
        == "Thursday 12th March 2026 at 17:00 (Yerevan)"
    )


def test_day_numbers_are_ordinals_where_the_language_says_so() -> None:
    first = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert format_datetime(first, "fr", zone("Europe/Paris")).startswith("mardi 1er décembre 2026")
    assert format_datetime(first, "en", zone("Europe/Paris")).startswith("Tuesday 1st December")
    assert format_date(first, "fr") == "mardi 1er décembre 2026"
    assert [ordinal_day(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
    ]  # fmt: skip
    assert [ordinal_day(n, "fr") for n in (1, 2, 21)] == ["1er", "2", "21"]


def test_plural_messages_agree_with_their_count() -> None:
    catalogue = Catalogue.bundled()
    assert catalogue.count("fr", "group", 0) == "0 groupe"
    assert catalogue.count("fr", "group", 1) == "1 groupe"
    assert catalogue.count("fr", "group", 2) == "2 groupes"
    assert catalogue.count("en", "group", 0) == "0 groups"
    assert catalogue.count("en", "group", 1) == "1 group"
    assert catalogue.t("fr", "polls.results.voters", count=1) == "👥 1 votant"
    assert catalogue.t("en", "polls.results.voters", count=3) == "👥 3 voters"
    assert catalogue.t("fr", "broadcast.list.title", count=1).endswith("(la dernière)")
    assert catalogue.t("fr", "broadcast.list.title", count=4).endswith("(les 4 dernières)")


def test_no_message_writes_a_plural_in_brackets() -> None:
    catalogue = Catalogue.bundled()
    for lang in catalogue.languages():
        for key in catalogue.ids(lang):
            for template in catalogue.forms(lang, key).values():
                assert "(s)" not in template and "(es)" not in template, (lang, key)


def test_frozen_clock_refuses_naive_datetimes_and_round_trips() -> None:
    with pytest.raises(ValueError):
        FrozenClock(datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test
    clock = FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    clock.advance(timedelta(minutes=5))
    assert from_iso(to_iso(clock.now())) == clock.now()


def test_token_never_reaches_a_log_line() -> None:
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "HTTP Request: POST %s",
        (f"https://x/bot{token}/getMe",),
        None,
    )
    RedactingFilter([token]).filter(record)
    assert token not in record.getMessage()
    assert "<token>" in record.getMessage()
