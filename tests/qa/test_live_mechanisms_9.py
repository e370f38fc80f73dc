"""The mechanisms behind live phrasings 9's four blind failures (tests/qa/test_live_phrasings_9.py),
each with phrases that must not trigger it:

* "qu'est-ce que" asking what is on: followed by "au", "aux" and what an event has ("qu'est-ce
  qu'au programme il y a ?", a German word order), or within "qu'est-ce qu'il y a" ("qu'est-ce
  qu'il y a jeudi ?"), it asks no definition ("qu'est-ce qu'un webinaire ?" still does);
* the asker as who receives the answer ("j'aurais besoin des noms", "me les envoyer", "send me
  the names": ``for_me`` in data/vocabulary/live.toml, read whole) is not the asker asked about:
  who confirmed, not one's own answer ("j'ai besoin de savoir si j'ai répondu" still asks one's
  own); and a weekday said past ("la réunion de jeudi passé", "last Tuesday's meeting") beside
  another day named tells why one asks: the other day is the one asked;
* the asker's own calendar ("to put the next webinar in my calendar", "dans mon agenda":
  ``own_calendar``, read whole) is where the answer goes, not the agenda asked: "the next
  webinar" is one, its card (as set 8 asks); "quoi de prévu dans l'agenda ?" is still the agenda;
* "the agenda" said of one event named by its day ("Wednesday's webinar, what's on the
  agenda?") is its programme, as "programme" is (a webinar in the singular, a day, no longer
  period; "any webinars on the agenda on Wednesday?" stays the agenda); asked with its link,
  the link's answer adds it.

Unit tests on the recogniser (bot/knowledge/live.py), and end to end through the emulator on
live phrasings 9's data (the clock: Monday 23 November 2026, 09:00 UTC).
"""

from __future__ import annotations

import pytest

from bot.knowledge.live import recognise
from bot.sandbox import Sandbox
from tests.qa.test_live_answers import ask, roster  # noqa: F401  (the fixture)
from tests.qa.test_live_phrasings_9 import (  # noqa: F401  (the fixtures)
    DWAYNE,
    FOLLOW_UP,
    FOLLOW_UP_LINK,
    GENEVIEVE,
    KA_YAN,
    KEUR_MASSAR,
    KEUR_MASSAR_PLACE,
    PROCUREMENT,
    REGULA,
    TOURISM,
    TOURISM_LINK,
    live,
    settings,
)

# -- "qu'est-ce que" asking what is on --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Vendredi, qu'est-ce qu'au programme il y a ? Et où cela lieu a ?", 4),
        ("qu'est-ce qu'il y a jeudi ?", 3),
        ("c'est quoi au programme vendredi ?", 4),
        ("Thursday, what on the programme is there? And where it takes place?", 3),
    ],
)
def test_what_is_on_asks_no_definition(question: str, day: int) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "agenda" and found.confident, found
    assert found.day == day and not found.has("define"), found


def test_what_is_on_of_an_event_is_its_programme() -> None:
    found = recognise("la réunion de demain, qu'est-ce qu'il y a au programme ?")
    assert found is not None and found.intent == "next_event", found
    assert found.has("programme") and found.in_days == 1, found


@pytest.mark.parametrize(
    "question",
    [
        "qu'est-ce qu'un webinaire ?",
        "qu'est-ce qu'au juste un point focal ?",
        "what is a webinar?",
        "qu'est-ce qu'il y a comme projets en Arménie ?",
    ],
)
def test_a_definition_stays_one(question: str) -> None:
    assert recognise(question) is None


async def test_thursdays_programme_in_german_order(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    """Regula (Zurich): Thursday's workshop, its place, its time in Zurich (10:00)."""
    text = await ask(sandbox, REGULA, "Jeudi, qu'est-ce qu'il y a ? Et où ça a lieu ?")
    assert KEUR_MASSAR in text and KEUR_MASSAR_PLACE in text and "10:00" in text, text
    assert TOURISM not in text, text


# -- the asker as who receives the answer; a weekday said past -------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "j'aurais besoin des noms de ceux qui ont confirmé pour le webinaire de mercredi, c'est "
        "possible de me les envoyer ?",
        "pouvez-vous me dire qui a confirmé pour la visio de demain ?",
        "Could you send me the names of those who confirmed for Wednesday's webinar?",
        "I need the names of everyone who has confirmed for tomorrow's call",
    ],
)
def test_who_receives_is_not_asked_about(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "attendance" and found.confident, found
    assert not found.has("me"), found


@pytest.mark.parametrize(
    "question",
    [
        "j'ai besoin de savoir si j'ai confirmé pour le webinaire de mercredi",
        "I need to know whether I confirmed for Wednesday's webinar",
        "can you tell me if I'm registered for Wednesday's webinar?",
    ],
)
def test_ones_own_answer_still_asked(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "rsvp", found


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Suite à la réunion de mardi dernier, qui a confirmé pour le webinaire de jeudi ?", 3),
        ("Following last Tuesday's meeting, who confirmed for Thursday's webinar?", 3),
        ("Suite à la visio de lundi passé, qui vient au webinaire de vendredi ?", 4),
    ],
)
def test_a_past_weekday_is_not_the_day_asked(question: str, day: int) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "attendance", found
    assert found.day == day and not found.has("ordinal"), found
    assert not {"mardi", "lundi", "tuesday", "dernier", "passe", "last"} & set(found.rest), found


@pytest.mark.parametrize(
    "question",
    [
        "c'était quand le webinaire de jeudi dernier ?",
        "le lien du webinaire de jeudi dernier ?",
        "who came to last Thursday's webinar?",
    ],
)
def test_a_past_weekday_alone_stays_past(question: str) -> None:
    """Alone, a weekday said past is a past event (the documents'), as before."""
    assert recognise(question) is None


async def test_names_sent_to_the_coordinator(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    """Geneviève (a coordinator, in private): the names under ✅; asked her own answer, hers."""
    text = await ask(
        sandbox,
        GENEVIEVE,
        "Comme convenu à la réunion de lundi passé, pourriez-vous me transmettre les noms de "
        "ceux qui ont confirmé pour le webinaire de mercredi ?",
    )
    assert "Mensah" in text and "Nguyen" in text and "Camilleri" in text, text
    own = await ask(
        sandbox, GENEVIEVE, "j'ai besoin de savoir si j'ai confirmé pour le webinaire de mercredi"
    )
    assert "Mensah" not in own and "pas encore" in own.lower(), own


# -- the asker's own calendar -----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "I'm fixing to put the next webinar in my calendar. When is it?",
        "je veux noter la prochaine visio dans mon agenda, c'est quand ?",
        "I'd like to add the next meeting to my diary: when is it?",
    ],
)
def test_own_calendar_is_not_the_agenda(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "next_event" and found.confident, found
    assert not found.has("agenda"), found


@pytest.mark.parametrize(
    "question",
    [
        "quoi de prévu dans l'agenda cette semaine ?",
        "what's on the calendar next week?",
        "what is on the agenda?",
    ],
)
def test_the_agenda_still_asked(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "agenda", found


async def test_the_next_webinar_for_a_calendar(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    """Dwayne (Chicago): the next webinar only, 08:00 there."""
    text = await ask(
        sandbox, DWAYNE, "I need to put the next webinar in my diary: when is it for me in Houston?"
    )
    assert TOURISM in text and "08:00" in text and PROCUREMENT not in text, text


# -- the agenda of one event named by its day -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Wednesday's webinar, what's on the agenda?", "next_event"),
        ("tomorrow's meeting: what's on the agenda?", "next_event"),
        ("la réunion de demain, qu'est-ce qu'il y a à l'agenda ?", "next_event"),
        ("le webinaire de mercredi, il y a quoi à l'agenda ?", "next_event"),
        ("the link for Wednesday's webinar, and its agenda?", "event_link"),
    ],
)
def test_agenda_of_an_event_is_its_programme(question: str, intent: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == intent and found.has("programme"), found


@pytest.mark.parametrize(
    "question",
    [
        "any webinars on the agenda on Wednesday?",
        "what's on the agenda on Wednesday?",
        "is there a webinar on the agenda next week?",
    ],
)
def test_agenda_of_a_period_stays(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "agenda" and not found.has("programme"), found


async def test_link_with_its_programme(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    """The link and the programme asked together, each; the link alone, no programme; an
    event without a programme, said so."""
    text = await ask(sandbox, KA_YAN, "the link for Wednesday's webinar, and its agenda?")
    assert TOURISM_LINK in text and "habitant" in text, text
    plain = await ask(sandbox, KA_YAN, "the link for Wednesday's webinar?")
    assert TOURISM_LINK in plain and "habitant" not in plain, plain
    # Dwayne (Chicago): tomorrow there is the committee (04:00), tonight's visio is today's
    none = await ask(sandbox, DWAYNE, "Tomorrow's meeting, what's on the agenda? And the link")
    assert FOLLOW_UP in none and FOLLOW_UP_LINK in none and "programme" in none.lower(), none
