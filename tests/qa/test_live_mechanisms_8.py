"""The mechanisms behind live phrasings 8's six blind failures (tests/qa/test_live_phrasings_8.py),
each with phrases that must not trigger it:

* words that ask nothing, read whole (``aside`` in data/vocabulary/live.toml): a farewell ("à
  tantôt", "à bientôt"), when to answer ("kindly revert today itself"), a year's horizon
  ("d'ici la fin de l'année") name no day, no "next", no part of a month; "report", "année" are
  themselves, not misspelt "reporté", "annulé";
* the day of a month said before it ("mardi 1er décembre", "le 3 décembre") is a date, not an
  ordinal: the events of that day;
* "le programme des activités de la semaine prochaine", "the programme for Friday" (no event's
  word, a period named) ask what is planned then, not an event's programme;
* a known word that is an event's word misspelt ("vision" for "visio", an autocorrect) is that
  word when a day is named and no event's word is said;
* "il y a quoi (au programme) vendredi ?" asks for anything that day (the agenda, sure), and an
  agenda asked with where ("il me faut l'adresse") shows each event's place;
* a country named as the zone ("in India"): its time there (the CLDR's countries).

Unit tests on the recogniser (bot/knowledge/live.py) where enough, else end to end through the
emulator on live phrasings 8's data (the clock: Monday 23 November 2026, 09:00 UTC).
"""

from __future__ import annotations

import pytest

from bot.knowledge.live import recognise
from bot.sandbox import Sandbox
from tests.qa.test_live_answers import ask, roster  # noqa: F401  (the fixture)
from tests.qa.test_live_phrasings_8 import (  # noqa: F401  (the fixtures)
    ANNICK,
    BAMBEY,
    BAMBEY_PLACE,
    CANCELLED,
    CLARISSE,
    COMMITTEE,
    CURRENCIES,
    MAHAMAT,
    MONTHLY,
    live,
    settings,
)

# -- words that ask nothing, read whole -------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "qui vient au webinaire de mercredi ? À tantôt !",
        "who is coming to Thursday's webinar? Kindly revert today itself.",
        "Please reply today: who has confirmed for Thursday's webinar?",
        "qui a confirmé pour le webinaire de mercredi ? on vise septante d'ici la fin de l'année",
        "who confirmed for Wednesday's webinar? I need the names by tomorrow",
    ],
)
def test_asides_name_no_day(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "attendance", found
    assert found.day is not None and found.in_days is None, found
    assert found.month_part is None and not found.has("status"), found


@pytest.mark.parametrize(
    "question",
    [
        "il y a quelque chose de prévu aujourd'hui ?",
        "what's on today?",
        "is there a webinar tomorrow?",
        "qu'est-ce qui est prévu tantôt ?",
    ],
)
def test_days_still_named(question: str) -> None:
    """A relative day outside an aside is still the day asked."""
    found = recognise(question)
    assert found is not None and found.in_days is not None, found


def test_report_and_year_are_not_status() -> None:
    """ "report", "année" are themselves; "reporté", "annulé" still ask whether it holds."""
    found = recognise("who confirmed for Thursday's webinar? It is for the report")
    assert found is not None and not found.has("status"), found
    held = recognise("le webinaire de jeudi est reporté ?")
    assert held is not None and held.has("status"), held
    cancelled = recognise("la visio de jeudi est annulée ?")
    assert cancelled is not None and cancelled.has("status"), cancelled


def test_see_you_soon_is_no_next() -> None:
    """ "à bientôt" is a farewell; "bientôt" alone asks what comes next."""
    found = recognise("y a une visio de prévue bientôt ?")
    assert found is not None and found.has("next"), found
    bye = recognise("la visio de jeudi tient toujours ? à bientôt")
    assert bye is not None and not bye.has("next") and bye.day == 3, bye


# -- the day of a month -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("la visio du mardi 1er décembre est-elle maintenue ?", 1),
        ("is the visio of 3 December still on?", 3),
        ("la visio du premier décembre tient toujours ?", 1),
    ],
)
def test_a_day_of_a_month_is_a_date(question: str, day: int) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "next_event", found
    assert found.month == 12 and found.month_day == day and not found.has("ordinal"), found


def test_an_ordinal_stays_one() -> None:
    """ "le 1er webinaire de décembre": an ordinal, no date (not a live question)."""
    found = recognise("c'était quand le 1er webinaire de décembre ?")
    assert found is None or found.month_day is None, found


async def test_the_date_picks_its_event(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    """ "mardi 1er décembre": the cancelled visio of that Tuesday, not tomorrow's committee
    (Tuesday 24)."""
    text = await ask(sandbox, CLARISSE, "la visio du mardi 1er décembre est-elle maintenue ?")
    assert CANCELLED in text and COMMITTEE not in text, text
    assert "annul" in text.lower(), text


# -- the programme of a period ----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "pouvez-vous me communiquer le programme des activités de la semaine prochaine ?",
        "what's the programme for next week?",
        "le programme de vendredi ?",
    ],
)
def test_programme_of_a_period_is_the_agenda(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "agenda" and found.confident, found
    assert not found.has("programme"), found


def test_programme_of_an_event_stays() -> None:
    """An event named: its programme ("le programme du webinaire de jeudi")."""
    found = recognise("c'est quoi le programme du webinaire de jeudi ?")
    assert found is not None and found.has("programme") and found.intent == "next_event", found


async def test_next_weeks_programme(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    text = await ask(
        sandbox, MAHAMAT, "Merci de me communiquer le programme des activités la semaine prochaine"
    )
    assert MONTHLY in text and "15:00" in text and CURRENCIES not in text, text


# -- an event's word misspelt by an autocorrect -------------------------------------------------


def test_autocorrected_event_word_with_a_day() -> None:
    found = recognise("la vision de mardi tient toujours ?", known=("vision",))
    assert found is not None and found.has("event") and found.kind == "visioconference", found
    assert found.day == 1, found


@pytest.mark.parametrize(
    "question",
    ["la vision du projet est-elle maintenue ?", "quelle est la vision du projet ?"],
)
def test_known_word_without_a_day_stays_itself(question: str) -> None:
    found = recognise(question, known=("vision",))
    assert found is None or not found.has("event"), found


# -- what there is on a day, with its place ---------------------------------------------------


def test_what_is_on_a_day_is_sure() -> None:
    found = recognise("vendredi il y a quoi au programme ? j'ai de la route")
    assert found is not None and found.intent == "agenda" and found.confident, found
    assert found.day == 4, found
    assert recognise("vendredi je suis en congé") is None


async def test_agenda_with_where_shows_the_place(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    text = await ask(sandbox, ANNICK, "vendredi il y a quoi ? il me faut l'adresse")
    assert BAMBEY in text and BAMBEY_PLACE in text and "09:00" in text, text
    plain = await ask(sandbox, ANNICK, "vendredi il y a quoi ?")
    assert BAMBEY in plain and BAMBEY_PLACE not in plain, plain


# -- a country named as the zone --------------------------------------------------------------


async def test_a_country_as_the_zone(sandbox: Sandbox, live: dict[str, int]) -> None:  # noqa: F811
    """Asked by Annick (Brussels): "in India" is Kolkata's time (21:30), the CLDR's country."""
    text = await ask(sandbox, ANNICK, "when is the next webinar and what time is it in India?")
    assert CURRENCIES in text and "21:30" in text, text
