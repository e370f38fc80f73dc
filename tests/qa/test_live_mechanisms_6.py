"""Free-text questions about live data: the mechanisms added for live phrasings 6. People named
joined to an event's word name that event ("la réunion des points focaux de ce soir", "tonight's
focal points call"), not whom they are; who asks said before asking ("je suis le point focal
de X, ..."); a weekday said with "next" ("next Monday", "lundi prochain") is never today; an
event named by words of its title ("le comité de pilotage") is that one; a week named is as sure
as a day named ("what's on this week for P": P's events of that week); words
written as heard ("kel eur", "ojourdui", "kelke choz"), "PF" for a focal point, "did I ever",
a report to send ("le compte rendu") being of a past meeting.

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.context import CoopApplication
from bot.knowledge.live import LiveQuestion, recognise
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, NOW
from tests.events.conftest import webinar
from tests.qa.test_live_answers import ask, roster  # noqa: F401  (the fixture)

TODAY = "Réunion des points focaux"  # Monday 23, 16:00 UTC
TOMORROW = "Point d'étape"  # Tuesday 24, 14:00 UTC
NEXT_MONDAY = "Atelier des élus"  # Monday 30, 09:00 UTC, in Thiès
NEXT_WEEK = "Comité de pilotage"  # Wednesday 2 December, 14:00 UTC


async def schedule(services: Services) -> None:
    for title, start, kind, place in (
        (TODAY, NOW.replace(hour=16), "visioconference", None),
        (TOMORROW, NOW.replace(hour=14) + timedelta(days=1), "visioconference", None),
        (NEXT_MONDAY, NOW + timedelta(days=7), "gathering", "Thiès (Sénégal)"),
        (NEXT_WEEK, NOW.replace(hour=14) + timedelta(days=9), "visioconference", None),
    ):
        link = None if place else f"https://visio.example.org/{len(title)}"
        fields = replace(webinar(start, minutes=60, title=title, link=link), kind=kind, place=place)
        await services.events.create(fields)
    await services.delivery.wait_idle()


def sure(question: str, intent: str) -> LiveQuestion:
    """``question`` read as ``intent``, and sure of it."""
    found = recognise(question)
    assert found is not None and found.intent == intent and found.confident, found
    return found


# -- people named joined to an event's word: that event ------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("la réunion des points focaux de ce soir, elle commence à quelle heure ?", "next_event"),
        ("what time does tonight's focal points meeting start?", "next_event"),
        ("did I ever RSVP for tonight's focal points call?", "rsvp"),
        ("ai-je répondu pour la réunion des points focaux de demain ?", "rsvp"),
        ("who said yes for tonight's focal points meeting?", "attendance"),
        ("the agenda of this evening's meeting of the focal points?", "next_event"),
    ],
)
def test_people_joined_to_an_event_name_it(question: str, intent: str) -> None:
    found = sure(question, intent)
    assert not found.has("focal"), found


@pytest.mark.parametrize(
    "question",
    [
        "qui est le point focal de Bambey pour la réunion ?",  # not joined: whom
        "c ki le PF de Keur Massar stp ? avant le RDV de lundi",
    ],
)
def test_focal_points_not_joined_to_an_event_are_asked_for(question: str) -> None:
    sure(question, "focal_points")


def test_who_asks_said_before_asking_is_not_what_is_asked() -> None:
    found = sure(
        "Je suis le point focal de Lori. La visio de demain, c'est à quelle heure ?", "next_event"
    )
    assert not found.has("focal"), found


# -- a weekday said with "next" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "later"),
    [
        ("Next Monday there is a workshop, where is it?", True),
        ("l'atelier de lundi prochain, c'est où ?", True),
        ("l'atelier de lundi, c'est où ?", False),
        ("is there smth on thursday next week?", False),  # its week says which
    ],
)
def test_a_weekday_said_with_next_is_after_today(question: str, later: bool) -> None:
    found = recognise(question)
    assert found is not None and found.later == later, found


async def test_next_monday_asked_on_a_monday_is_the_week_after(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(sandbox, BOB, "Next Monday there is a meeting, no? where will it be?")
    assert NEXT_MONDAY in text and "Thiès" in text and TODAY not in text, text
    text = await ask(sandbox, ALICE, "la rencontre de lundi prochain, c'est où ?")
    assert NEXT_MONDAY in text and TODAY not in text, text


# -- an event named by its title -----------------------------------------------------------------


async def test_an_event_named_by_words_of_its_title_is_that_one(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(
        sandbox, ALICE, "le comité de pilotage, c'est en visio ? vous pouvez me donner le lien"
    )
    assert NEXT_WEEK in text and TODAY not in text and TOMORROW not in text, text
    assert f"https://visio.example.org/{len(NEXT_WEEK)}" in text, text
    # no title word: the soonest, as before
    text = await ask(sandbox, ALICE, "vous pouvez me donner le lien de la prochaine visio ?")
    assert TODAY in text and NEXT_WEEK not in text, text


# -- a week named ------------------------------------------------------------------------------


def test_a_week_named_makes_the_agenda_sure() -> None:
    found = sure("whats on this week for the project need it for the newsletter", "agenda")
    assert found.in_weeks == 0, found


async def test_this_weeks_agenda_of_a_project_named(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    start = NOW.replace(hour=10) + timedelta(days=4)
    other = webinar(start, minutes=60, title="Visio COOP'R", project="coopr")
    await roster.events.create(other)
    await roster.delivery.wait_idle()
    text = await ask(sandbox, BOB, "whats on this week for terress need it for the newsletter")
    assert TODAY in text and TOMORROW in text, text
    assert NEXT_WEEK not in text and "Visio COOP'R" not in text, text
    text = await ask(sandbox, BOB, "whats on this week for coop'r")
    assert "Visio COOP'R" in text and TODAY not in text, text


# -- words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("kel eur la visio ojourdui ?", "next_event"),
        ("il i a kelke choz ojourdui ?", "agenda"),
        ("did you ever get my RSVP for tomorrow's webinar? did I answer?", "rsvp"),
        ("qui sont les coordinateurs ? je dois leur envoyer le compte rendu", "coordinators"),
    ],
)
def test_words_written_as_heard_and_others(question: str, intent: str) -> None:
    sure(question, intent)


# -- a month named, and the part of it ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "month", "part"),
    [
        ("le comité de début décembre, c'est en visio ? le lien svp", 12, 1),
        ("when is the webinar at the end of March?", 3, 21),
        ("la visio de mi-janvier, c'est quand ?", 1, 11),
        ("la réunion de décembre, c'est quand ?", 12, None),
        ("so that I may prepare: when is the next visio?", None, None),  # "may" a verb
        ("quoi de prévu de novembre à janvier ?", None, None),  # no one month
    ],
)
def test_a_month_named_is_read(question: str, month: int | None, part: int | None) -> None:
    found = recognise(question)
    assert found is not None and found.month == month and found.month_part == part, found


async def test_an_event_named_by_its_kind_and_a_rough_date(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(sandbox, ALICE, "la visio de début décembre, vous avez le lien ?")
    assert NEXT_WEEK in text and TODAY not in text and TOMORROW not in text, text
    text = await ask(sandbox, BOB, "is there a visio at the end of November? the link please")
    assert TODAY in text and NEXT_WEEK not in text, text


# -- a country named as where the time is read ---------------------------------------------------


def test_a_place_is_no_misspelt_cue() -> None:
    """ "Comores" resembles "comes": read as a cue, it is among the words to check against the
    places (``guessed``)."""
    found = recognise("la visio de demain, c'est à quelle heure chez nous aux Comores ?")
    assert found is not None and "comores" in found.guessed, found
    found = recognise("c'est quand la prochaine vizio ?")
    assert found is not None and found.guessed == ("vizio",), found


async def test_a_country_named_as_the_askers_zone(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(
        sandbox, ALICE, "la visio de demain, c'est à quelle heure chez nous aux Comores ?"
    )
    assert TOMORROW in text and "17:00" in text, text  # 14:00 UTC, UTC+3
    text = await ask(sandbox, BOB, "what time is tomorrow's visio in Johannesburg time?")
    assert TOMORROW in text and "16:00" in text, text  # UTC+2


def test_a_call_is_an_event_but_not_a_call_for_projects() -> None:
    sure("is there a call tomorrow? the link please", "event_link")
    assert recognise("when is the next call for projects?") is None
