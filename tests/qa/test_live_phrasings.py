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

from datetime import timedelta

import pytest

from bot.context import CoopApplication
from bot.knowledge.live import recognise
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, NOW
from tests.events.conftest import webinar
from tests.polls.conftest import send_poll_line
from tests.qa.live_harness import (
    AWA,
    BINTA,
    VISIO,
    VISIO_EN,
    VISIO_FR,
    VISIO_LINK,
    WEBINAR,
    WEBINAR_LINK,
    add_focal_points,
    check_phrasing,
    check_session,
    en,
    fr,
    visio,
)
from tests.qa.test_live_answers import roster  # noqa: F401  (the fixture)

WEBINAR_AT = NOW.replace(hour=13) + timedelta(days=3)  # Thursday 13:00 UTC
POLL = "Quel jour pour l'atelier ?"

# The webinar's time as each asker reads it (Alice: Abidjan, Bob: Yerevan).
WEBINAR_FR = "jeudi 26 novembre 2026 à 13:00 (Abidjan)"
WEBINAR_EN = "Thursday 26th November 2026 at 17:00 (Yerevan)"


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
    await services.events.create(visio())
    await services.events.create(webinar(WEBINAR_AT, link=WEBINAR_LINK, title=WEBINAR))
    await services.delivery.wait_idle()
    (first, *_) = await services.events.upcoming(None)
    assert first.title == VISIO
    await services.events.repo.set_rsvp(first.id, BOB, "yes", services.clock.now())
    after = sandbox.mark()
    await send_poll_line(sandbox, f"/sondage terress | prive | {POLL} | Mardi | Jeudi")
    await sandbox.wait_for_message(ALICE, after=after, predicate=lambda m: "poll" in m)
    await services.delivery.wait_idle()
    await add_focal_points(
        services, ((AWA, "Awa", True, "cd-bambey"), (BINTA, "Binta", False, "cd-bambey"))
    )
    return services


@pytest.mark.parametrize("who", [ALICE, BOB], ids=["fr", "en"])
async def test_live_phrasings(sandbox: Sandbox, live: Services, who: int) -> None:
    """Every phrasing of one language in one session of the bot (one start per language);
    the failures are listed together."""
    await check_session(sandbox, CASES, who, check_phrasing)


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
