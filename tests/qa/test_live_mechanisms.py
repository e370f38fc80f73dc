"""Free-text questions about live data that name a period, places or who comes (the mechanisms
added for live phrasings 4, then 5: a weekend, anything asked, whether an event holds, who
answered, the coordinators, a planned event's place): a week relative to this one ("la semaine
prochaine"), the time in several places at once ("à Dakar et à Paris"), who said they would
come and how many.

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
from tests.conftest import ALICE, BOB, COORDINATOR, NOW
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


# -- several places named -------------------------------------------------------------------------


async def test_the_time_in_each_place_named(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(sandbox, ALICE, "la visio de demain, à quelle heure à Dakar et à Yerevan ?")
    assert TOMORROW in text and "14:00 Dakar" in text and "18:00 Yerevan" in text
    # a city whose zone bears another city's name is said as typed
    text = await ask(sandbox, BOB, "what time is tomorrow's visio in Yaoundé and in Paris?")
    assert "15:00 Yaoundé, Paris" in text or "15:00 Paris, Yaoundé" in text, text
    # one place: one time, as before
    text = await ask(sandbox, BOB, "what time is tomorrow's visio in Paris?")
    assert "at 15:00 (Paris)" in text


# -- who comes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("qui vient à la visio de demain ?", "attendance"),
        ("how many are coming to the webinar on Wednesday?", "attendance"),
        ("who is attending the next seminar?", "attendance"),
        ("combien de personnes viennent ce soir ?", "attendance"),
    ],
)
def test_who_comes_is_recognised(question: str, intent: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == intent, found
    assert found.confident or not found.rest


@pytest.mark.parametrize(
    "question",
    [
        "qui participe à Terr'ESS ?",  # the partners: no event, no day named
        "any webinar coming soon?",  # "coming" without who or how many
        "qui participe aux regroupements ?",  # no day, no "next": what the documents say
        "who attends the second gathering",  # a milestone of the documents
    ],
)
def test_coming_without_who_or_an_event_is_not_who_comes(question: str) -> None:
    found = recognise(question)
    assert found is None or found.intent != "attendance", found


async def test_who_comes_names_for_a_coordinator_in_private_counts_for_others(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    (event, *_) = await roster.events.upcoming(None)
    for user_id, answer in ((ALICE, "yes"), (BOB, "maybe")):
        await roster.events.repo.set_rsvp(event.id, user_id, answer, roster.clock.now())
    text = await ask(sandbox, COORDINATOR, "qui vient à la visio de demain ?")
    shown = await ask(sandbox, COORDINATOR, f"/reponses {event.id}")
    assert "Alice" in text and "Bob" in text and "✅ 1 · 🤔 1 · ❌ 0" in text
    assert shown.split("\n")[2:] == text.split("\n")[2 : len(shown.split("\n"))], (text, shown)
    assert f"/reponses {event.id}" in text
    text = await ask(sandbox, ALICE, "combien de personnes viennent à la visio de demain ?")
    assert "✅ 1 · 🤔 1 · ❌ 0" in text and "Bob" not in text and "/prochain" in text


# -- an event the documents do not know, of a kind planned ----------------------------------------


async def test_an_event_the_documents_do_not_know_is_the_one_planned_of_its_kind(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    text = await ask(sandbox, BOB, "where will the videoconference of the treasurers be held?")
    assert text.startswith("The next videoconference planned:") and TOMORROW in text
    # nothing of that kind planned: the documents answer, as before
    text = await ask(sandbox, BOB, "where will the seminar of the treasurers be held?")
    assert "planned:" not in text and TOMORROW not in text


# -- a weekend named, anything asked, whether it holds, who answered (live phrasings 5) -------


@pytest.mark.parametrize(
    ("question", "weekend", "in_weeks"),
    [
        ("quelque chose de prévu ce week-end ?", True, 0),
        ("anything on this weekend?", True, 0),
        ("is there a webinar next weekend?", True, 1),
        ("quoi de prévu la semaine prochaine ?", False, 1),
    ],
)
def test_a_weekend_named_is_read(question: str, weekend: bool, in_weeks: int) -> None:
    found = recognise(question)
    assert found is not None and found.intent in {"agenda", "next_event"}, found
    assert found.weekend == weekend and found.in_weeks == in_weeks, found


@pytest.mark.parametrize(
    "question",
    [
        "is there anything on tomorrow morning? before the school run",
        "does the project have anything scheduled?? like any visio",
        "y a-t-il quelque chose de prévu jeudi pour nous autres ?",
    ],
)
def test_anything_asked_of_a_day_or_the_agenda_is_the_live_agenda(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "agenda" and found.confident, found


def test_was_it_called_off_asks_whether_an_event_holds() -> None:
    found = recognise("is the webinar on Wednesday still on or was it called off?")
    assert found is not None and found.intent == "next_event" and found.confident, found
    assert recognise("was the webinar good?") is None


@pytest.mark.parametrize(
    "question",
    [
        "who all have confirmed for today's visio?",
        "pour la réunion de tout à l'heure, j'ai combien d'inscrits et c'est qui ?",
    ],
)
def test_who_answered_an_event_is_attendance(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "attendance" and found.confident, found
    mine = recognise("have I confirmed for today's visio?")
    assert mine is not None and mine.intent == "rsvp", mine


def test_who_are_the_coordinators_is_sure() -> None:
    found = recognise("who are the coordinators of the project? I need to send them the report")
    assert found is not None and found.intent == "coordinators" and found.confident, found
    # one coordinator, or who coordinates a project, may be the documents'
    for question in ("who coordinates the project", "c'est qui le coordonnateur de O ?"):
        found = recognise(question)
        assert found is None or not found.confident, found


async def test_the_place_of_a_planned_event_names_it(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    """ "le séminaire de Lyon, c'est quoi le programme ?" (with other words besides): the event
    planned in that place, not the soonest one."""
    await schedule(roster)
    start = NOW.replace(hour=9) + timedelta(days=5)
    fields = replace(
        webinar(start, minutes=240, title="Forum régional"),
        kind="seminar",
        place="Lyon, France",
        description="Programme : table ronde",
    )
    await roster.events.create(fields)
    await roster.delivery.wait_idle()
    text = await ask(sandbox, ALICE, "le forum de Lyon là, c'est quoi le programme ? on m'a dit")
    assert "Forum régional" in text and "table ronde" in text and TOMORROW not in text


async def test_a_cancelled_event_asked_whether_it_holds_is_said_cancelled(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
) -> None:
    await schedule(roster)
    tomorrow = [e for e in await roster.events.upcoming(None) if e.title == TOMORROW]
    await roster.events.cancel(tomorrow[0].id)
    await roster.delivery.wait_idle()
    text = await ask(sandbox, BOB, "is tomorrow's visio still on or was it called off?")
    assert TOMORROW in text and "cancelled" in text, text
    text = await ask(sandbox, ALICE, "la visio de demain est-elle toujours maintenue ?")
    assert TOMORROW in text and "annulé" in text, text
