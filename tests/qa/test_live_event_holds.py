"""Whether an event holds ("la visio de jeudi tient toujours ?", "is Thursday's call still on?",
"maintenue ?", "annulée ?"), end to end through the emulator: the event asked about is chosen
among the cancelled events too (bot/live_events.py), by the words of its title and the weekday
named, the nearest one, past or next; a cancelled one is said cancelled, then the next one of
its kind planned; one that holds is said still on, with its time where the asker is. Named by
words of its title alone, with no event's word ("le comité technique est-il maintenu ?"), an
event is asked about too; nothing named ("le projet est-il maintenu ?") is the documents'.

The mechanism behind live phrasings 7's "la visio des points focaux afrique centrale de jeudi
elle tient toujours ? on ma dit quelle etait annulee" (tests/qa/test_live_phrasings_7.py).

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "jeudi" is Thursday
26 (3 days on), not Thursday 3 December (10 days on); on Friday 27, yesterday.

Live data (Terr'ESS):
* the technical committee's visio on Wednesday 25 November 10:00 UTC (11:00 Libreville, 13:00
  Nairobi), held;
* the visio of the focal points of Central Africa on Thursday 26 15:00 UTC, CANCELLED;
* a webinar on solidarity tourism on Friday 27 13:00 UTC, CANCELLED;
* a webinar on short food circuits on Tuesday 1 December 13:00 UTC, held;
* the monthly visio on Thursday 3 December 14:00 UTC, held.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.knowledge.live import recognise
from bot.live_directory import Asker as LiveAsker
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import NOW
from tests.qa.live_harness import Asker, Question, check_answer, event, register, schedule
from tests.qa.test_live_answers import ask, roster  # noqa: F401  (the fixture)

NADEGE = 3904  # focal point with Niari (Congo), Libreville time (UTC+1), French
WANJIRU = 3906  # officer with Région Sud, Nairobi time (UTC+3), English

ASKERS = (
    Asker(NADEGE, "Nadège", "Moussavou", "fr", "Africa/Libreville", "cg", "cd-niari"),
    Asker(WANJIRU, "Wanjiru", "Kamau", "en", "Africa/Nairobi", "fr", "region-sud"),
)

COMMITTEE = "Comité technique Terr'ESS"
COMMITTEE_AT = NOW.replace(hour=10) + timedelta(days=2)  # Wednesday 25, 10:00 UTC
CANCELLED = "Visio des points focaux d'Afrique centrale"
CANCELLED_AT = NOW.replace(hour=15) + timedelta(days=3)  # Thursday 26, 15:00 UTC
TOURISM = "Tourisme solidaire"
TOURISM_AT = NOW.replace(hour=13) + timedelta(days=4)  # Friday 27, 13:00 UTC
CIRCUITS = "Circuits courts"
CIRCUITS_AT = NOW.replace(hour=13) + timedelta(days=8)  # Tuesday 1 December, 13:00 UTC
MONTHLY = "Point mensuel Terr'ESS"
MONTHLY_AT = NOW.replace(hour=14) + timedelta(days=10)  # Thursday 3 December, 14:00 UTC

HOLDS_FR = r"toujours prevu"
HOLDS_EN = r"still on"


@pytest.fixture
async def live(app: CoopApplication, sandbox: Sandbox, roster: Services) -> Services:  # noqa: F811
    await register(sandbox, roster, ASKERS)
    await schedule(
        roster,
        event("visioconference", COMMITTEE, COMMITTEE_AT, 60, link="https://v.example.org/ct"),
        event("visioconference", CANCELLED, CANCELLED_AT, 60, link="https://v.example.org/pf"),
        event("webinar", TOURISM, TOURISM_AT, 90, link="https://v.example.org/ts"),
        event("webinar", CIRCUITS, CIRCUITS_AT, 90, link="https://v.example.org/cc"),
        event("visioconference", MONTHLY, MONTHLY_AT, 60, link="https://v.example.org/pm"),
        cancelled=(CANCELLED, TOURISM),
    )
    return roster


def fr(question: str, *expect: str, **options: Any) -> object:
    """Nadège's question (French, Libreville), what the reply must (not) say."""
    return pytest.param(Question(NADEGE, question, "fr", expect, **options), id=question)


def en(question: str, *expect: str, **options: Any) -> object:
    """Wanjiru's question (English, Nairobi), what the reply must (not) say."""
    return pytest.param(Question(WANJIRU, question, "en", expect, **options), id=question)


CASES = [
    # the weekday named: the nearest Thursday (26, cancelled), not the monthly visio of the 3rd;
    # said cancelled, then the next visio planned
    fr(
        "la visio de jeudi est-elle maintenue ?",
        MONTHLY,
        cancelled=(CANCELLED,),
        absent=("toujours prévu",),
    ),
    fr(
        "bonsoir, la visio des points focaux d'afrique centrale de jeudi tient toujours ?",
        cancelled=(CANCELLED, "afrique centrale"),
    ),
    en(
        "Is Thursday's Central Africa focal points call still on?",
        cancelled=(CANCELLED,),
        absent=("still on:",),
    ),
    en("Hi, has Thursday's visio been called off?", cancelled=(CANCELLED,)),
    # named by words of its title alone (no day): the cancelled one, not the soonest visio
    fr(
        "la visio des points focaux d'Afrique centrale est-elle annulée ?",
        cancelled=(CANCELLED,),
        absent=(COMMITTEE,),
    ),
    fr(
        "on m'a dit que la visio des points focaux d'Afrique centrale était annulée, c'est vrai ?",
        cancelled=(CANCELLED,),
        absent=(COMMITTEE,),
    ),
    en(
        "I heard the tourisme solidaire webinar was cancelled, is it true?",
        CIRCUITS,
        cancelled=(TOURISM,),
    ),
    # one that holds, asked the same way: said still on, its time where the asker is (named by
    # words of its title alone, no event's word: "le comité technique")
    fr(
        "la visio de mercredi tient toujours ?",
        COMMITTEE,
        "11:00",
        says=HOLDS_FR,
        absent=("annul",),
    ),
    fr(
        "le comité technique est-il toujours maintenu ? on m'a dit qu'il était annulé",
        COMMITTEE,
        "11:00",
        says=HOLDS_FR,
        absent=("annul",),
    ),
    en(
        "Is Wednesday's technical committee visio still happening?",
        COMMITTEE,
        "13:00",
        says=HOLDS_EN,
        absent=("cancel",),
    ),
    en("is the circuits courts webinar still going ahead?", CIRCUITS, "16:00", says=HOLDS_EN),
    # "jeudi prochain": the first Thursday after today, the cancelled one too
    fr("la visio de jeudi prochain, elle est annulée ?", cancelled=(CANCELLED,)),
]


@pytest.mark.parametrize("case", CASES)
async def test_whether_an_event_holds(sandbox: Sandbox, live: Services, case: Question) -> None:
    check_answer(case, await ask(sandbox, case.who, case.question))


async def test_thursday_asked_on_friday_is_yesterday(
    sandbox: Sandbox, live: Services, clock: FrozenClock
) -> None:
    """On Friday 27, "jeudi" is yesterday, the nearest Thursday: its visio was cancelled (not
    the monthly visio of Thursday 3 December, still on)."""
    clock.advance(timedelta(days=4))
    await live.delivery.wait_idle()
    question = Question(NADEGE, "la visio de jeudi a bien été annulée ?", "fr", (MONTHLY,))
    text = await ask(sandbox, NADEGE, question.question)
    check_answer(replace_cancelled(question), text)


def replace_cancelled(question: Question) -> Question:
    """``question`` checked to say the Central Africa visio cancelled."""
    return Question(
        question.who, question.question, question.lang, question.expect, cancelled=(CANCELLED,)
    )


async def test_no_event_that_day_is_said(sandbox: Sandbox, live: Services) -> None:
    """Nothing on the nearest Monday (today) nor the last: nothing that day, no other Monday's
    event, nothing said to hold."""
    text = await ask(sandbox, NADEGE, "la visio de lundi tient toujours ?")
    assert "ce jour-là" in text and "toujours prévu" not in text, text


@pytest.mark.parametrize(
    "question",
    [
        "on m'a dit que la visio des points focaux était annulée, c'est vrai ?",
        "was the Central Africa focal points call cancelled?",
    ],
)
def test_was_cancelled_asks_whether_it_holds(question: str) -> None:
    """The past tense of "cancelled" ("était annulée", "was ... cancelled") asks whether an
    event holds, not of a past one; "was the webinar good?" stays no live question."""
    found = recognise(question)
    assert found is not None and found.intent == "next_event" and found.has("status"), found
    assert not found.has("past"), found
    assert recognise("was the webinar good?") is None
    assert recognise("le webinaire a eu lieu ou il a été annulé ?") is None


async def test_nothing_named_held_is_the_documents(live: Services) -> None:
    """ "le projet est-il maintenu ?" names no event (no event's word, no word of a title): not
    a live question, the documents answer it."""
    found = recognise("le projet est-il maintenu ?")
    assert found is not None and not found.confident, found
    nadege = LiveAsker(await live.members.get(NADEGE), NADEGE, "fr", None)
    assert await live.live.live("le projet est-il maintenu ?", nadege) is None
    held = await live.live.live("le comité technique est-il maintenu ?", nadege)
    assert held is not None and "Comité technique" in held.html, held
