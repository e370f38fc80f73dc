"""Free-text questions about live data that name a week relative to this one ("la semaine
prochaine", "this week"): that week's events only, Monday to Sunday in the asker's zone.

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "this week" is
Monday 23 to Sunday 29 November, "next week" Monday 30 November to Sunday 6 December.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.context import CoopApplication
from bot.knowledge.live import recognise
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, NOW
from tests.events.conftest import webinar
from tests.qa.test_live_answers import ask, roster  # noqa: F401  (the fixture)

TOMORROW = "Point d'étape Terr'ESS"  # Tuesday 24, 14:00 UTC
NEXT_WEEK = "Comité de pilotage"  # Wednesday 2 December, 14:00 UTC


async def schedule(services: Services) -> None:
    for title, days in ((TOMORROW, 1), (NEXT_WEEK, 9)):
        start = NOW.replace(hour=14) + timedelta(days=days)
        fields = replace(webinar(start, minutes=60, title=title), kind="visioconference")
        await services.events.create(fields)
    await services.delivery.wait_idle()


# -- a week named -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "in_weeks"),
    [
        ("quoi de prévu la semaine prochaine ?", 1),
        ("what's happening next week?", 1),
        ("qu'est-ce qui est prévu cette semaine ?", 0),
        ("any meeting this week?", 0),
        ("when is the next visio", None),
        ("quoi de prévu cette semaine et la semaine prochaine ?", None),  # no one week
    ],
)
def test_a_week_named_is_read(question: str, in_weeks: int | None) -> None:
    found = recognise(question)
    assert found is not None and found.in_weeks == in_weeks, found


async def test_the_agenda_of_a_week_named_has_that_weeks_events_only(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(sandbox, ALICE, "qu'est-ce qui est prévu la semaine prochaine ?")
    assert NEXT_WEEK in text and TOMORROW not in text
    text = await ask(sandbox, BOB, "any meeting this week?")
    assert TOMORROW in text and NEXT_WEEK not in text
    text = await ask(sandbox, BOB, "is there a webinar next week?")
    assert "No webinar is scheduled for Terr'ESS next week." in text
