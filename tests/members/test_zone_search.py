"""Finding a time zone from what people type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.zone_search import ZoneFinder, etc_zone, parse_offset

WINTER = datetime(2026, 11, 23, 9, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def finder(kb: KnowledgeBase) -> ZoneFinder:
    return ZoneFinder(kb)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Dakar", "Africa/Dakar"),
        ("dakar", "Africa/Dakar"),
        ("Cameroun", "Africa/Douala"),
        ("Cameroon", "Africa/Douala"),
        ("camerounais", "Africa/Douala"),
        ("Madagascar", "Indian/Antananarivo"),
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("Cotonou", "Africa/Porto-Novo"),
        ("Yaoundé", "Africa/Douala"),
        ("yaounde", "Africa/Douala"),
        ("Côte d'Ivoire", "Africa/Abidjan"),
        ("Kabadougou", "Africa/Abidjan"),  # an organisation: its country's zone
        ("Londres", "Europe/London"),  # babel's French city names
        ("Erevan", "Asia/Yerevan"),
        ("Asia/Calcutta", "Asia/Kolkata"),  # old names become current ones
        ("UTC", "Etc/UTC"),
        ("UTC+3", "Indian/Antananarivo"),  # a project zone with that offset
        ("UTC+4", "Asia/Yerevan"),
        ("GMT-5", "Etc/GMT+5"),  # POSIX signs are inverted
        ("+05:30", "Asia/Kolkata"),
        ("utc + 5h45", "Asia/Kathmandu"),
    ],
)
def test_find(finder: ZoneFinder, text: str, zone: str) -> None:
    assert finder.find(text, WINTER).zone == zone


def test_offsets_follow_the_season_and_the_person(finder: ZoneFinder) -> None:
    assert finder.find("+2", SUMMER).zone == "Europe/Paris"
    assert finder.find("+1", SUMMER).zone == "Africa/Porto-Novo"  # Paris is +2 then
    # Issue 16: in winter "+1" is Porto-Novo all year round or Paris, which has summer time:
    # ask which place, naming both kinds.
    winter = finder.find("+1", WINTER)
    assert winter.zone is None and winter.how == "offset"
    assert "Africa/Porto-Novo" in winter.choices and "Europe/Paris" in winter.choices
    # Someone in Cameroon saying "+1" means their own zone.
    assert finder.find("+1", WINTER, prefer=["Africa/Douala"]).zone == "Africa/Douala"
    assert finder.find("+1", WINTER, prefer=["Europe/Paris"]).zone == "Europe/Paris"


def test_unknown_gets_suggestions_and_countries_with_several_zones_get_choices(
    finder: ZoneFinder,
) -> None:
    typo = finder.find("Dakr", WINTER)
    assert typo.zone is None and "Dakar" in typo.suggestions
    assert finder.find("blabla", WINTER).zone is None
    assert finder.find("+15", WINTER).zone is None
    canada = finder.find("Canada", WINTER)
    assert canada.zone is None and "America/Toronto" in canada.choices


def test_parse_offset() -> None:
    assert parse_offset("UTC+3") == timedelta(hours=3)
    assert parse_offset("-2:30") == timedelta(hours=-2, minutes=-30)
    assert parse_offset("GMT") == timedelta(0)
    assert parse_offset("Dakar") is None
    assert parse_offset("12") is None
    assert etc_zone(timedelta(hours=3)) == "Etc/GMT-3"
    assert etc_zone(timedelta(hours=5, minutes=30)) is None
