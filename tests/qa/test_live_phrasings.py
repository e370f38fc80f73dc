"""Questions about live data as people really write them in a chat (SMS style, typos,
greetings first, non-native English, a time asked in a city, RSVPs, polls, focal points,
coordinators), end to end through the emulator, each checked against what the matching
command shows.

Written before running the bot on them. The clock is the suite's frozen NOW (Monday 23
November 2026, 09:00 UTC): "tomorrow" is Tuesday 24 November, whatever the real date.

Live data of every case: a Terr'ESS visioconference tomorrow 14:00 UTC with a link (Bob said
yes, Alice has not answered), a Terr'ESS webinar on Thursday 13:00 UTC with its own link, an
open Terr'ESS poll nobody answered, a consenting focal point of Bambey (Awa) and one who did
not consent (Binta), the coordinator Claire listed in the directory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from bot.context import CoopApplication
from bot.knowledge.live import recognise
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, NOW
from tests.events.conftest import webinar
from tests.polls.conftest import send_poll_line
from tests.qa.test_live_answers import ask, roster  # noqa: F401  (the fixture)

VISIO = "Point d'étape Terr'ESS"
VISIO_LINK = "https://visio.example.org/point-etape"
VISIO_AT = NOW.replace(hour=14) + timedelta(days=1)  # Tuesday 14:00 UTC
WEBINAR = "Financer l'ESS locale"
WEBINAR_LINK = "https://visio.example.org/financer"
WEBINAR_AT = NOW.replace(hour=13) + timedelta(days=3)  # Thursday 13:00 UTC
POLL = "Quel jour pour l'atelier ?"
AWA, BINTA = 3001, 3002

# The visio's time as each asker reads it (Alice: Abidjan, Bob: Yerevan), and in a city named.
VISIO_FR = "mardi 24 novembre 2026 à 14:00 (Abidjan)"
VISIO_EN = "Tuesday 24th November 2026 at 18:00 (Yerevan)"
WEBINAR_FR = "jeudi 26 novembre 2026 à 13:00 (Abidjan)"
WEBINAR_EN = "Thursday 26th November 2026 at 17:00 (Yerevan)"


@dataclass(frozen=True)
class Case:
    who: int
    question: str
    expect: tuple[str, ...]  # what the reply must contain
    command: str | None = None  # a command whose reply must agree
    absent: tuple[str, ...] = ()  # what it must not contain


def fr(
    question: str, *expect: str, command: str | None = None, absent: tuple[str, ...] = ()
) -> Case:
    return Case(ALICE, question, expect, command, absent)


def en(
    question: str, *expect: str, command: str | None = None, absent: tuple[str, ...] = ()
) -> Case:
    return Case(BOB, question, expect, command, absent)


CASES = [
    # -- French (Alice, Abidjan) -------------------------------------------------------------
    fr("c qd la visio", VISIO, VISIO_FR, VISIO_LINK, command="/prochain"),
    fr("slt, c'est quand la prochaine visio svp ?", VISIO, VISIO_FR, command="/prochain"),
    fr(
        "bonjour a tous, le prochain webinaire terress c'est quand ?",
        WEBINAR,
        WEBINAR_FR,
        absent=(VISIO,),
    ),
    fr("lien zoom svp", VISIO_LINK, VISIO),
    fr("vs avez le lien de la visio de demain ?", VISIO_LINK, VISIO),
    fr("comment je me connecte demain ?", VISIO_LINK),
    fr("la visio de demain c'est à quelle heure ?", VISIO, VISIO_FR, command="/prochain"),
    fr("c'est à quelle heure à Dakar la visio ?", VISIO, "14:00 (Dakar)"),
    fr("jsuis inscrit?", VISIO, "pas encore répondu", absent=("Votre réponse",)),
    fr("j'ai dit oui ?", VISIO, "pas encore répondu"),
    fr("est ce que je suis inscrite à la visio de demain", VISIO, "pas encore répondu"),
    fr("y a un sondage en cours ?", POLL, "/resultats", command="/sondages"),
    fr("ya des sondages ouverts", POLL, "/resultats"),
    fr("ma collectivité a répondu au sondage ?", POLL, "votre collectivité n'a pas encore répondu"),
    fr(
        "qui est le point focal de bambey svp",
        "Awa",
        "Bambey",
        "/quiest",
        command="/quiest Bambey",
        absent=("Binta",),
    ),
    fr("c ki le pt focal de bambey", "Awa", "Bambey", command="/quiest Bambey", absent=("Binta",)),
    fr("les coordinateurs c'est qui ?", "Claire"),
    fr("qu'est ce qui est prévu cette semaine ?", VISIO, WEBINAR, "/agenda"),
    fr("bjr, il y a quoi à l'agenda ?", VISIO, WEBINAR, "/agenda"),
    fr("où se passe la prochaine réunion ?", VISIO, VISIO_LINK),
    # -- English (Bob, Yerevan) --------------------------------------------------------------
    en("when is next webinar of terress please", WEBINAR, WEBINAR_EN, absent=(VISIO,)),
    en("what is the link for tomorrow meeting", VISIO_LINK, VISIO),
    en("hi! when's the next visio?", VISIO, VISIO_EN, command="/next"),
    en("zoom link pls", VISIO_LINK),
    en("what time is the meeting tomorrow in Dakar time?", VISIO, "14:00 (Dakar)"),
    en("am I registered for tomorrow's meeting?", VISIO, "Your answer: ✅ yes"),
    en("did I say yes to the visio?", VISIO, "Your answer: ✅ yes"),
    en("is there any poll open?", POLL, "/results", command="/polls"),
    en("did my organisation answer the poll", POLL, "your organisation has not answered yet"),
    en("any survey running right now", POLL),
    en(
        "who is focal point for bambey", "Awa", "Bambey", command="/whois Bambey", absent=("Binta",)
    ),
    en("who's the focal person in Bambey?", "Awa", "Bambey", absent=("Binta",)),
    en("who are the coordinators", "Claire"),
    en("who are coordinators pls", "Claire"),
    en("what's planned this week?", VISIO, WEBINAR, "/agenda"),
    en("whats on the agenda", VISIO, WEBINAR),
    en("where is the next meeting", VISIO, VISIO_LINK),
    en("hello, how do I join the visio tomorrow?", VISIO_LINK),
    en("next event?", VISIO, VISIO_EN, command="/next"),
    en("when is the webinar", WEBINAR, WEBINAR_EN),
]


@pytest.fixture
async def live(app: CoopApplication, sandbox: Sandbox, roster: Services) -> Services:  # noqa: F811
    services = roster
    visio = replace(
        webinar(VISIO_AT, minutes=60, link=VISIO_LINK, title=VISIO), kind="visioconference"
    )
    await services.events.create(visio)
    await services.events.create(webinar(WEBINAR_AT, link=WEBINAR_LINK, title=WEBINAR))
    await services.delivery.wait_idle()
    (first, *_) = await services.events.upcoming(None)
    assert first.title == VISIO
    await services.events.repo.set_rsvp(first.id, BOB, "yes", services.clock.now())
    after = sandbox.mark()
    await send_poll_line(sandbox, f"/sondage terress | prive | {POLL} | Mardi | Jeudi")
    await sandbox.wait_for_message(ALICE, after=after, predicate=lambda m: "poll" in m)
    await services.delivery.wait_idle()
    for user_id, name, consent in ((AWA, "Awa", True), (BINTA, "Binta", False)):
        await services.members.seen(
            Person(user_id, name, None, name.lower(), "fr"), private_chat=True
        )
        await services.members.claim_focal_point(user_id, "cd-bambey")
        await services.members.set_consent(user_id, consent)
    await services.members.set_consent(COORDINATOR, True)
    return services


def people(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.lstrip().startswith("•")}


@pytest.mark.parametrize("who", [ALICE, BOB], ids=["fr", "en"])
async def test_live_phrasings(sandbox: Sandbox, live: Services, who: int) -> None:
    """Every phrasing of one language in one session of the bot (one start per language);
    the failures are listed together."""
    failures: list[str] = []
    for case in (c for c in CASES if c.who == who):
        try:
            await check_phrasing(sandbox, case)
        except AssertionError as exc:
            failures.append(f"{case.question!r}: {exc}")
    assert not failures, "\n".join(failures)


async def check_phrasing(sandbox: Sandbox, case: Case) -> None:
    text = await ask(sandbox, case.who, case.question)
    for expected in case.expect:
        assert expected in text, (case.question, expected, text)
    for unexpected in case.absent:
        assert unexpected not in text, (case.question, unexpected, text)
    if case.command is None:
        return
    shown = await ask(sandbox, case.who, case.command)
    if case.command.startswith(("/quiest", "/whois")):
        assert people(text) == people(shown), (text, shown)
        return
    # What the reply says of the event or poll, the command says too.
    for expected in case.expect:
        if not expected.startswith("/"):
            assert expected in shown, (case.command, expected, shown)


def test_forty_phrasings_half_french_half_english() -> None:
    assert len(CASES) == 40
    assert sum(c.who == ALICE for c in CASES) == sum(c.who == BOB for c in CASES) == 20


# -- recognition of what the phrasings above needed -----------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("où se passe la prochaine réunion ?", "event_place"),  # "passe" is not a misspelt "passés"
        ("jsuis inscrit?", "rsvp"),
        ("j'ai dit oui ?", "rsvp"),
        ("did I say yes to the visio?", "rsvp"),  # "did" asks, it does not date
        ("did my organisation answer the poll", "polls"),
        ("who are coordinators pls", "coordinators"),  # politeness is not "something else"
    ],
)
def test_needed_recognition(question: str, intent: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == intent, found
    assert found.confident or not found.rest, found


@pytest.mark.parametrize(
    "question",
    ["les webinaires passés", "when did the last webinar take place", "did the seminar happen"],
)
def test_the_past_is_still_not_live(question: str) -> None:
    found = recognise(question)
    assert found is None or (not found.confident and found.rest), found
