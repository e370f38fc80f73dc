"""Twenty-four more questions about live data (12 fr, 12 en), in voices the first two sets
(test_live_phrasings.py, test_live_phrasings_2.py) do not have: a misspelt kind ("webinnaire",
"vizio"), a relative day ("après-demain", "this Friday"), a greeting wrapped in thanks, a
question asked in the linked group by replying to the bot (no mention), a time asked in a
city nobody lives in (Tunis, Antananarivo), "is it still on", "has it been cancelled" (of an
event really cancelled), the latest of two polls, "haven't I voted yet", an organisation with
no focal point listed, an English question from a French reader. End to end through the
emulator, each checked against what the matching command shows. Written before running the
bot on them (measurement only: nothing of the bot was changed for them).

Blind score (first run, nothing changed): 18/24 (fr 9/12, en 9/12). The six that failed are
marked xfail (strict) with what the bot replied: "après-demain" not read as a day, "dernier
sondage" / "latest poll" answered from the documents, "coordinateurs du projet" answered with
the list of projects, "vizio" not read as a visio, a seminar asked "when and where" answered
with a seminar of the documents. Then fixed by general mechanisms (a relative day read whole
and filtering by date, "latest" asking the newest open poll, coordinators asked without "who",
spellings that sound alike, greetings and thanks in advance): the marks are gone, all 24 pass.

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "tomorrow" is
Tuesday 24 November, "après-demain" Wednesday 25, "this Friday" Friday 27, whatever the real
date.

Live data of every case, all Terr'ESS: a visio tomorrow 14:00 UTC with a link and a programme
(Bob said yes, Alice maybe); a seminar in Dakar on Wednesday 10:00 UTC (no link); a webinar
"Atelier circuits courts" on Thursday 13:00 UTC, CANCELLED; a webinar on Friday 13:00 UTC
with its link (nobody answered); two open polls, the older answered by Bob (Lori), the newer
(created five minutes later) by nobody; focal points of Bambey (Awa) and Lori (Narek), none
for Kabadougou; the coordinator Claire listed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.broadcast.conftest import buttons
from tests.conftest import ALICE, BOB, NOW
from tests.events.conftest import webinar
from tests.polls.conftest import send_poll_line
from tests.qa import live_harness
from tests.qa.live_harness import (
    AWA,
    NAREK,
    PROGRAMME,
    VISIO,
    VISIO_EN,
    VISIO_FR,
    VISIO_LINK,
    WEBINAR,
    WEBINAR_LINK,
    Case,
    add_focal_points,
    check_agrees,
    check_reply,
    in_group,
    names_people,
    said,
    say_in_private,
    visio,
)
from tests.qa.test_live_answers import plain, roster  # noqa: F401  (the fixture)
from tests.qa.test_live_phrasings import CASES as FIRST_SET
from tests.qa.test_live_phrasings_2 import CASES as SECOND_SET

SEMINAR = "Séminaire mobilité durable"
SEMINAR_PLACE = "Dakar, Sénégal"
SEMINAR_AT = NOW.replace(hour=10) + timedelta(days=2)  # Wednesday 10:00 UTC
CANCELLED = "Atelier circuits courts"
CANCELLED_AT = NOW.replace(hour=13) + timedelta(days=3)  # Thursday 13:00 UTC, cancelled
WEBINAR_AT = NOW.replace(hour=13) + timedelta(days=4)  # Friday 13:00 UTC
OLD_POLL = "Quel jour pour l'atelier ?"
NEW_POLL = "Quel thème pour le regroupement ?"

# Times as each asker reads them (Alice: Abidjan, Bob: Yerevan).
SEMINAR_FR = "mercredi 25 novembre 2026 à 10:00 (Abidjan)"
SEMINAR_EN = "Wednesday 25th November 2026 at 14:00 (Yerevan)"
WEBINAR_FR = "vendredi 27 novembre 2026 à 13:00 (Abidjan)"
WEBINAR_EN = "Friday 27th November 2026 at 17:00 (Yerevan)"


def param(value: Case, blind: str | None) -> object:
    """One phrasing; ``blind``: what the bot replied on the blind run, when it failed."""
    if blind is None:
        return pytest.param(value, id=value.question)
    return pytest.param(
        value, id=value.question, marks=pytest.mark.xfail(strict=True, reason=f"blind: {blind}")
    )


def fr(question: str, *expect: str, blind: str | None = None, **options: object) -> object:
    return param(live_harness.fr(question, *expect, **options), blind)  # type: ignore[arg-type]


def en(question: str, *expect: str, blind: str | None = None, **options: object) -> object:
    return param(live_harness.en(question, *expect, **options), blind)  # type: ignore[arg-type]


CASES = [
    # -- French (Alice, Abidjan) -------------------------------------------------------------
    # a misspelt kind; the cancelled Thursday webinar is not the next one
    fr(
        "c quand le prochain webinnaire ?",
        WEBINAR,
        WEBINAR_FR,
        command="/agenda",
        absent=(CANCELLED,),
    ),
    # a relative day
    fr(
        "il se passe quoi après-demain ?",
        SEMINAR,
        SEMINAR_FR,
        command="/agenda",
    ),
    # a greeting wrapped in thanks
    fr(
        "Bonsoir et merci beaucoup pour tout le travail ! La visio de demain commence à "
        "quelle heure svp ? Merci encore",
        VISIO,
        VISIO_FR,
        command="/prochain",
    ),
    # in the group, replying to the bot (no mention)
    fr(
        "tu peux remettre le lien de la visio de demain ?",
        VISIO,
        VISIO_LINK,
        command="/prochain",
        group=True,
    ),
    # a time in a city named
    fr("la visio de demain ça fera quelle heure à Tunis ?", VISIO, "15:00 (Tunis)"),
    # the programme, asked as a verb
    fr("on va parler de quoi demain à la visio ?", VISIO, PROGRAMME, command="/prochain"),
    # an event really cancelled
    fr("le webinaire de jeudi a été annulé ?", cancelled=True, command="/agenda"),
    # the latest of two polls
    fr(
        "quel est le dernier sondage",
        NEW_POLL,
        "/resultats",
        command="/sondages",
    ),
    # "haven't I voted yet", SMS style
    fr("j'ai pas encore voté ?", NEW_POLL, "pas encore répondu"),
    # an organisation with no focal point listed
    fr(
        "on a un point focal au Kabadougou ?",
        "Kabadougou",
        "/quiest",
        command="/quiest Kabadougou",
        absent=("Awa", "Narek"),
    ),
    # coordinators "of the project"
    fr(
        "quels sont les coordinateurs du projet ?",
        "Claire",
    ),
    # what the asker answered: maybe
    fr(
        "j'ai répondu quoi déjà pour la visio ?",
        VISIO,
        "Votre réponse : 🤔 peut-être",
        command="/prochain",
    ),
    # -- English (Bob, Yerevan, unless said) -------------------------------------------------
    # a misspelt kind
    en(
        "when is the next vizio",
        VISIO,
        VISIO_EN,
        command="/next",
    ),
    # a relative day
    en("what time is the webinar this Friday?", WEBINAR, WEBINAR_EN, command="/agenda"),
    # a greeting wrapped in thanks; an in-person event's place
    en(
        "Good morning and thanks in advance! Could you tell me when and where the seminar is?",
        SEMINAR,
        SEMINAR_EN,
        SEMINAR_PLACE,
        command="/agenda",
    ),
    # in the group, replying to the bot (no mention): "still on"
    en(
        "is tomorrow's visio still on?",
        VISIO,
        "Tuesday 24th November 2026",
        command="/next",
        group=True,
    ),
    # a time in a city nobody of the project lives in
    en(
        "what time will it be in Antananarivo when the visio starts tomorrow?",
        VISIO,
        "17:00 (Antananarivo)",
    ),
    # an event really cancelled
    en("has thursday's webinar been cancelled?", cancelled=True, command="/agenda"),
    # the latest of two polls
    en(
        "what's the latest poll?",
        NEW_POLL,
        "/results",
        command="/polls",
    ),
    # "we" for the organisation, the newer poll
    en(
        "did we vote on the new poll yet?",
        NEW_POLL,
        "your organisation has not answered yet",
    ),
    # "do we have" a focal point
    en("do we have a focal point in Lori?", "Narek", "Lori", command="/whois Lori"),
    # coordinators, as a verb
    en("who coordinates terress?", "Claire"),
    # an English question from a French reader: her zone, whatever the language of the reply
    en("when does the next visio start?", VISIO, "14:00 (Abidjan)", who=ALICE, command="/prochain"),
    # RSVP of a day named
    en("have I RSVP'd for friday's webinar?", WEBINAR, "You have not answered yet"),
]


@pytest.fixture
async def live(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
    clock: FrozenClock,
) -> Services:
    services = roster
    seminar = replace(
        webinar(SEMINAR_AT, minutes=240, link=None, title=SEMINAR, zone="Africa/Dakar"),
        kind="seminar",
        place=SEMINAR_PLACE,
    )
    await services.events.create(visio(description=PROGRAMME))
    await services.events.create(seminar)
    await services.events.create(webinar(CANCELLED_AT, link=None, title=CANCELLED))
    await services.events.create(webinar(WEBINAR_AT, link=WEBINAR_LINK, title=WEBINAR))
    await services.delivery.wait_idle()
    events = {e.title: e for e in await services.events.upcoming(None)}
    assert list(events) == [VISIO, SEMINAR, CANCELLED, WEBINAR]
    await services.events.cancel(events[CANCELLED].id)
    await services.events.repo.set_rsvp(events[VISIO].id, BOB, "yes", clock.now())
    await services.events.repo.set_rsvp(events[VISIO].id, ALICE, "maybe", clock.now())
    await services.delivery.wait_idle()
    assert CANCELLED not in {e.title for e in await services.events.upcoming(None)}
    polls = []
    for title in (OLD_POLL, NEW_POLL):
        after = sandbox.mark()
        await send_poll_line(sandbox, f"/sondage terress | prive | {title} | Oui | Non")
        polls.append(
            await sandbox.wait_for_message(BOB, after=after, predicate=lambda m: "poll" in m)
        )
        await services.delivery.wait_idle()
        clock.advance(timedelta(minutes=5))
    await sandbox.vote(BOB, polls[0]["poll"]["id"], [0])  # Lori answers the older poll only
    await add_focal_points(
        services, ((AWA, "Awa", True, "cd-bambey"), (NAREK, "Narek", True, "lori"))
    )
    return services


async def say(sandbox: Sandbox, case: Case, text: str) -> str:
    """In the group, the question replies to the bot's last message there (no mention)."""
    if not case.group:
        return await say_in_private(sandbox, case, text)
    return await in_group(sandbox, case.who, text, reply=not text.startswith("/"))


async def agenda(sandbox: Sandbox, who: int) -> str:
    """Every page of /agenda in private (a few cards a page), ▶︎ pressed to the last."""
    after = sandbox.mark()
    await sandbox.send_text(who, "/agenda")
    message = first = await sandbox.wait_for_message(who, after=after)
    pages = [plain(first)]
    while "▶︎" in buttons(message):
        await sandbox.press_button(who, message, buttons(message)["▶︎"])
        before = plain(message)
        message = await sandbox.wait_for_message(
            who,
            include_edits=True,
            predicate=lambda m, before=before: (
                m["message_id"] == first["message_id"] and plain(m) != before
            ),
        )
        pages.append(plain(message))
    return "\n".join(pages)


def says_cancelled(case: Case, text: str) -> bool:
    """Right answers to "has Thursday's webinar been cancelled": it names it and says it is
    cancelled, or says no webinar is planned that day."""
    if case.lang == "fr":
        return (CANCELLED in text and "annulé" in text.lower()) or bool(
            re.search(r"aucun webinaire", text, re.I)
        )
    return (CANCELLED in text and "cancel" in text.lower()) or bool(
        re.search(r"\bno webinars?\b", text, re.I)
    )


@pytest.mark.parametrize("case", CASES)
async def test_live_phrasing(sandbox: Sandbox, live: Services, case: Case) -> None:
    """One phrasing in its own session of the bot (so that each can be marked on its own)."""
    await check_phrasing(sandbox, case)


async def check_phrasing(sandbox: Sandbox, case: Case) -> None:
    if case.group:  # the bot's message the question replies to
        await in_group(sandbox, case.who, case.command or "/agenda", reply=False)
    text = await say(sandbox, case, case.question)
    check_reply(case, text)
    if case.cancelled:
        assert says_cancelled(case, text), (case.question, text)
    if case.command is None:
        return
    if case.command == "/agenda" and not case.group:
        shown = await agenda(sandbox, case.who)
    else:
        shown = await say(sandbox, case, case.command)
    if case.cancelled and not names_people(case.command):
        # the command does not show it as planned either
        assert CANCELLED not in shown or "annul" in shown.lower() or "cancel" in shown.lower()
        return
    # The same people, or what the reply says of the event or poll, the command says too.
    check_agrees(case, text, shown, said(case))


def test_twenty_four_new_phrasings_half_french_half_english() -> None:
    cases = [p.values[0] for p in CASES]  # type: ignore[attr-defined]
    assert len(cases) == 24
    assert sum(c.lang == "fr" for c in cases) == sum(c.lang == "en" for c in cases) == 12
    earlier = {c.question for c in FIRST_SET} | {c.question for c in SECOND_SET}
    assert not {c.question for c in cases} & earlier
