"""Free-text questions about live data (events, RSVPs, polls, the directory), end to end
through the emulator, and the recognition of those questions on a table of phrasings.

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "tomorrow" is
Tuesday 24th November 2026, whatever the real date.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.context import CoopApplication
from bot.knowledge.live import recognise
from bot.knowledge.qa_eval import load_questions
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, NOW
from tests.events.conftest import standard_roster, webinar
from tests.polls.conftest import send_poll_line

TOMORROW_14H = NOW.replace(hour=14) + timedelta(days=1)  # 14:00 UTC: 15:00 Paris
LINK = "https://visio.example.org/point-etape"


def plain(message: dict[str, Any]) -> str:
    return html.unescape(message.get("text") or message.get("caption") or "")


async def ask(sandbox: Sandbox, user_id: int, question: str) -> str:
    after = sandbox.mark()
    await sandbox.send_text(user_id, question)
    return plain(await sandbox.wait_for_message(user_id, after=after))


@pytest.fixture
async def roster(services: Services) -> Services:
    """Claire (coordinator, Paris), Alice (Abidjan), Bob (English, Yerevan), all Terr'ESS."""
    await standard_roster(services.members.repo, services.clock.now())
    return services


async def schedule_visio(services: Services) -> None:
    fields = replace(
        webinar(TOMORROW_14H, minutes=60, link=LINK, title="Point d'étape Terr'ESS"),
        kind="visioconference",
    )
    await services.events.create(fields)
    await services.delivery.wait_idle()


# -- events -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["c'est quand la prochaine visio ?", "c kan la proch visio", "when is the next visio?"],
)
async def test_next_visio_in_the_askers_zone(
    app: CoopApplication, sandbox: Sandbox, roster: Services, question: str
) -> None:
    await schedule_visio(roster)
    text = await ask(sandbox, ALICE, question)  # Alice reads French, in Abidjan
    assert "Point d'étape Terr'ESS" in text
    assert "mardi 24 novembre 2026 à 14:00 (Abidjan)" in text
    assert LINK in text
    assert text.rstrip().endswith("/prochain")


async def test_next_event_in_english_for_an_english_reader(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await schedule_visio(roster)
    text = await ask(sandbox, BOB, "When is the next videoconference?")
    assert "Tuesday 24th November 2026 at 18:00 (Yerevan)" in text
    assert "/next" in text


async def test_link_of_the_visio(app: CoopApplication, sandbox: Sandbox, roster: Services) -> None:
    await schedule_visio(roster)
    text = await ask(sandbox, ALICE, "lien de la visio")
    assert LINK in text and "Point d'étape Terr'ESS" in text and "/prochain" in text
    text = await ask(sandbox, BOB, "visio link please")
    assert LINK in text and "/next" in text


async def test_agenda_and_rsvp(app: CoopApplication, sandbox: Sandbox, roster: Services) -> None:
    await schedule_visio(roster)
    text = await ask(sandbox, ALICE, "qu'est-ce qui est prévu ce mois-ci ?")
    assert "Point d'étape Terr'ESS" in text and "/agenda" in text
    text = await ask(sandbox, ALICE, "est-ce que j'ai répondu ?")
    assert "pas encore répondu" in text and "/prochain" in text
    (event,) = await roster.events.upcoming(None)
    await roster.events.repo.set_rsvp(event.id, ALICE, "yes", roster.clock.now())
    text = await ask(sandbox, ALICE, "est-ce que j'ai répondu ?")
    assert "Votre réponse : ✅ oui" in text


async def test_nothing_scheduled_is_said_so(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    text = await ask(sandbox, ALICE, "c'est quand la prochaine visio ?")
    assert "Aucune visioconférence n'est prévue pour Terr'ESS" in text
    assert "/agenda" in text
    assert "pas cette information" not in text and "Activités à distance" not in text
    text = await ask(sandbox, ALICE, "lien de la visio")
    assert "Aucune visioconférence" in text


# -- directory --------------------------------------------------------------------------------


async def test_focal_point_of_an_organisation_as_whois_shows_it(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    for user_id, name, consent in ((ALICE, "Awa", True), (BOB, "Binta", False)):
        await services.members.seen(
            Person(user_id, name, None, name.lower(), "fr"), private_chat=True
        )
        await services.members.claim_focal_point(user_id, "cd-bambey")
        await services.members.set_consent(user_id, consent)

    def people(text: str) -> set[str]:
        return {line.strip() for line in text.splitlines() if line.startswith("•")}

    whois = await ask(sandbox, COORDINATOR, "/quiest Bambey")
    text = await ask(sandbox, COORDINATOR, "qui est le point focal de Bambey ?")
    assert people(text) == people(whois) and any("Awa" in p for p in people(text))
    assert "Binta" not in text  # did not agree to be listed
    assert "Bambey" in text and "/quiest" in text
    text = await ask(sandbox, COORDINATOR, "who is the focal point for Gorgol")
    assert "Gorgol" in text and "/quiest" in text


# -- polls ------------------------------------------------------------------------------------


async def test_open_poll_and_whether_my_organisation_answered(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    text = await ask(sandbox, ALICE, "y a-t-il un sondage en cours ?")
    assert "Aucun sondage" in text and "/sondages" in text
    after = sandbox.mark()
    await send_poll_line(sandbox, "/sondage terress | prive | Quel jour ? | Mardi | Jeudi")
    poll = await sandbox.wait_for_message(ALICE, after=after, predicate=lambda m: "poll" in m)
    text = await ask(sandbox, ALICE, "y a-t-il un sondage en cours ?")
    assert "Quel jour ?" in text and "pas encore répondu" in text and "/resultats" in text
    await sandbox.vote(ALICE, poll["poll"]["id"], [0])
    text = await ask(sandbox, ALICE, "y a-t-il un sondage en cours ?")
    assert "votre collectivité a répondu" in text


# -- the rest still goes to the knowledge files ------------------------------------------------


async def test_other_questions_get_the_static_answer(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await schedule_visio(roster)
    text = await ask(sandbox, ALICE, "qui finance Terr'ESS ?")
    assert "DAECT" in text and "/prochain" not in text
    text = await ask(sandbox, ALICE, "c'est quoi une visioconférence")
    assert "Point d'étape" not in text


# -- recognition ------------------------------------------------------------------------------

LIVE = [
    ("c'est quand la prochaine visio ?", "next_event", "visioconference"),
    ("c kan la proch visio", "next_event", "visioconference"),
    ("la prochène visio c qd", "next_event", "visioconference"),
    ("when is the next webinar?", "next_event", "webinar"),
    ("next webinnar", "next_event", "webinar"),
    ("when is the next meeting", "next_event", None),
    ("la prochaine réunion c'est quand ?", "next_event", None),
    ("prochain regroupement", "next_event", "gathering"),
    ("lien de la visio", "event_link", "visioconference"),
    ("visio link", "event_link", "visioconference"),
    ("comment rejoindre la visio de demain ?", "event_link", "visioconference"),
    ("où a lieu la prochaine réunion ?", "event_place", None),
    ("qu'est-ce qui est prévu ce mois-ci ?", "agenda", None),
    ("what's coming up?", "agenda", None),
    ("est-ce que j'ai répondu ?", "rsvp", None),
    ("am I registered?", "rsvp", None),
    ("y a-t-il un sondage en cours ?", "polls", None),
    ("any open poll?", "polls", None),
    ("ai-je répondu au sondage ?", "polls", None),
    ("qui est le point focal de Bambey ?", "focal_points", None),
    ("who is the focal point for Gorgol", "focal_points", None),
    ("qui sont les coordinateurs ?", "coordinators", None),
    ("quels sont les coordinateurs du projet ?", "coordinators", None),
    ("when is the next vizio", "next_event", "visioconference"),
    ("prochaine visioo", "next_event", "visioconference"),
    ("il se passe quoi après-demain ?", "agenda", None),
    ("what's happening tomorrow?", "agenda", None),
    ("quel est le dernier sondage", "polls", None),
    ("what's the latest poll?", "polls", None),
    ("Good morning, thanks in advance! When and where is the seminar?", "event_place", "seminar"),
    # "bientôt" makes "prévu" sure; "annulé" asks whether the event holds, "mon agenda" is mine
    ("y a une visio de prévue bientôt ?", "agenda", "visioconference"),
    ("le séminaire de mardi est maintenu ? je dois caler mon agenda", "next_event", "seminar"),
    # what one wants to know, said first, asks nothing else; "the hour" is the time
    ("anything on Friday? I want to know the hour for me", "agenda", None),
]

NOT_LIVE = [
    "c'est quoi une visioconférence",
    "what are the actions of COOP'R",
    "qui finance Terr'ESS ?",
    "c'est quoi un point focal",
    "combien de webinaires dans COOP'R ?",
    "Quand est le premier regroupement ?",
    "when is the 2nd gathering?",
    "Quand a eu lieu la rencontre de Limoges ?",
    "Quel est le lien entre Cap Coopération et le Groupe Pays Maroc ?",
    "comment s'inscrire au webinaire",
    "Dans quel appel à projets s'inscrit Terr'ESS ?",
    "salaire point focal",
    "webinaires",
    "when is the next visit",
    "where will COOP'R's closing seminar be held",
    "quel est le dernier regroupement ?",
]


@pytest.mark.parametrize(("question", "intent", "kind"), LIVE)
def test_live_questions_are_recognised(question: str, intent: str, kind: str | None) -> None:
    found = recognise(question)
    assert found is not None, question
    assert (found.intent, found.kind) == (intent, kind)
    assert found.confident or not found.rest


@pytest.mark.parametrize("question", NOT_LIVE)
def test_other_questions_are_not_live(question: str) -> None:
    found = recognise(question)
    assert found is None or (not found.confident and found.rest), found


def test_tentative_matches_leave_named_things_to_the_knowledge_files() -> None:
    """'Quand est le séminaire de clôture ?' is about the data: a tentative match, with words
    left over, which the knowledge files answer."""
    for question in ("Quand est le séminaire de clôture de COOP'R ?", "reunion limoges c quand"):
        found = recognise(question)
        assert found is not None and not found.confident and found.rest


@pytest.mark.parametrize(
    ("question", "in_days"),
    [
        ("il se passe quoi après-demain ?", 2),
        ("the day after tomorrow what's on", 2),
        ("la visio de demain", 1),
        ("what's on tonight", 0),
        ("when is the next visio", None),
    ],
)
def test_a_relative_day_is_read_whole(question: str, in_days: int | None) -> None:
    found = recognise(question)
    assert found is not None and found.in_days == in_days, found
    assert "ordinal" not in found.groups  # "après" in "après-demain" is no ordinal


def test_known_names_are_not_misspelt_cues() -> None:
    question = "prochaine vision chefchaouen 2030 c quand"
    assert recognise(question) is not None  # "vision" read as a misspelt "visio"
    assert recognise(question, known={"vision"}) is None


def test_the_question_set_mostly_stays_static() -> None:
    """Of the static question set, only questions about what is scheduled are live."""
    live = {
        c.q
        for c in load_questions()
        if (found := recognise(c.q)) is not None and (found.confident or not found.rest)
    }
    assert live <= {
        "Quel est le prochain regroupement ?",
        "next gathering",
        "Le prochain webinaire de Terr'ESS ?",
        "qui est le point focal du cameroun",
        "le nom du point focal de louga",
        "prochain regroupement",
        "bjr svp le lien zoom du prochain webinaire",
        "whats the next terress event",
        "quel est le prochain événement de Terr'ESS ?",
    }, live
