"""One date grammar: what a coordinator types for an event, a poll's closing or an
announcement means the same instant everywhere (bot/dates.py is the only parser)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.broadcast import parse_when as announcement_time
from bot.dates import DateError
from bot.dates import parse_when as event_time
from bot.poll_input import parse_closing
from tests.conftest import NOW

PARIS = ZoneInfo("Europe/Paris")
DAKAR = ZoneInfo("Africa/Dakar")

# (typed, zone, the local time it means: year, month, day, hour, minute), with NOW the
# suite's frozen instant: Monday 23 November 2026, 10:00 in Paris.
EXAMPLES = [
    ("2026-12-01 09:00", PARIS, (2026, 12, 1, 9, 0)),
    ("01/12 9h", PARIS, (2026, 12, 1, 9, 0)),
    ("1/12/2026 9h30", PARIS, (2026, 12, 1, 9, 30)),
    ("jeudi 14h", PARIS, (2026, 11, 26, 14, 0)),
    ("jeudi 14h30", DAKAR, (2026, 11, 26, 14, 30)),
    ("12 mars 14h", PARIS, (2027, 3, 12, 14, 0)),
    ("1er avril à 9h", PARIS, (2027, 4, 1, 9, 0)),
    ("demain 9h", PARIS, (2026, 11, 24, 9, 0)),
    ("après-demain 10h", PARIS, (2026, 11, 25, 10, 0)),
    ("aujourd'hui 15h", PARIS, (2026, 11, 23, 15, 0)),
    ("demain midi", PARIS, (2026, 11, 24, 12, 0)),
    ("tomorrow 9am", PARIS, (2026, 11, 24, 9, 0)),
    ("Thursday 2:30pm", PARIS, (2026, 11, 26, 14, 30)),
    ("March 12 2pm", PARIS, (2027, 3, 12, 14, 0)),
]

REFUSED = ["", "bientôt", "31/02 9h", "demain", "2026-13-01 9h", "28/03/2027 2h30"]


@pytest.mark.parametrize(("typed", "zone", "local"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_events_polls_and_announcements_read_the_same_instant(
    typed: str, zone: ZoneInfo, local: tuple[int, ...]
) -> None:
    expected = datetime(*local, tzinfo=zone).astimezone(UTC)
    assert event_time(typed, NOW, zone).utc == expected
    assert announcement_time(typed, zone, NOW) == expected
    assert parse_closing(typed, NOW, zone) == expected


@pytest.mark.parametrize("typed", REFUSED)
def test_refused_everywhere(typed: str) -> None:
    with pytest.raises(DateError):
        event_time(typed, NOW, PARIS)
    assert announcement_time(typed, PARIS, NOW) is None
