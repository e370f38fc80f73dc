"""Catalogues, escaping, zones from the packaged tzdata, the clock, log redaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FrozenClock, from_iso, to_iso
from bot.i18n import Catalogue, Safe, format_datetime, normalise_language
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
        == "Thursday 12 March 2026 at 17:00 (Yerevan)"
    )


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
