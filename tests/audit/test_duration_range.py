"""A duration understood but out of range ("15 jours", "4 min") is said to be out of range,
not "not understood" (audit item 15)."""

from __future__ import annotations

import pytest

from bot.dates import DateError, parse_duration
from bot.i18n import Catalogue


@pytest.mark.parametrize("text", ["15 jours", "4 min", "20 days", "2"])
def test_out_of_range_durations(text: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_duration(text)
    assert refused.value.reason == "duration_range"
    said = Catalogue.bundled().t("fr", "events.dates.duration_range")
    assert "hors limites" in said and "5 minutes à 14 jours" in said


@pytest.mark.parametrize("text", ["abc", "1 siècle", "-5", ""])
def test_what_is_not_a_duration_is_still_not_understood(text: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_duration(text)
    assert refused.value.reason == "bad_duration"
