"""Twenty questions about live data (10 fr, 10 en), written blind, in voices the first four
sets do not have: a Congolese schoolteacher writing long, formal French; a Quebec partner
("c'tu", "pis", "présentement"); an elderly focal point typing with caps lock; a Haitian
member with a few Creole words; a Beninese intern ("grand frère", "là"); the coordinator in a
hurry; a Lebanese officer mixing English and French; an Irish volunteer; an American volunteer
texting from Madagascar; an Indian-English coordinator ("kindly", "who all"). End to end
through the emulator, each reply checked against what the matching command shows.

Blind score (first run, nothing of the bot changed): 10/20 (fr 6/10, en 4/10). The ten that
failed are marked xfail (strict) with what the bot replied (``BLIND``):
* "Bonjour cher assistant ... la prochaine visioconférence du projet Terr'ESS ... à Sibiti"
  -> "Aucune visioconférence n'est prévue pour COOP'R pour le moment" (the wrong project);
* "Bonjou! ... quelque chose de prévu ce week-end pour Terr'ESS ?" -> "Terr'ESS est en cours :
  actions de novembre 2024 à octobre 2026." (not Saturday's forum);
* "le forum de Cotonou là, c'est quoi le programme" -> the Assises of Franco-Beninese
  decentralised cooperation (Cotonou, 2016) from the documents, not the forum's programme;
* the coordinator's "pour le point d'étape de tout à l'heure, j'ai combien d'inscrits et
  c'est qui ?" -> the Groupe Pays Maroc meeting in Limoges (2016), no name;
* "Is there anything on tomorrow morning? ... the school run" -> "The COOP'R page does not say
  who runs the project. Terr'ESS is run by AIRF." (read "run" as who runs it);
* "Is the circuits courts webinar on Wednesday still going ahead or was it called off?" ->
  "The documents say nothing about 'Wednesday'", then the projects' webinars (actions 3, 4);
* "is there smth on thursday next week?? what time ... in tana" -> the Groupe Pays Maroc
  meeting in Limoges (2016), not the steering committee;
* the coordinator Priya's "Kindly share who all have confirmed for today's Point d'étape
  visio" -> the visio's card, no name (/rsvp 1 lists Odette, Siobhan, Rania, Mukendi);
* "Who are the coordinators of Terr'ESS svp?" -> "I don't have that information in my data
  about Terr'ESS." (Claire agreed to be listed);
* "does coop'r have anything scheduled?? like any visio or webinar" -> COOP'R's thematic
  webinars (action 4), "the documents do not say the dates", not that none is planned.
Passed: "c'tu aujourd'hui la visio ... chez nous à Montréal" (12:00), the visio's link (caps
lock), the cancelled Wednesday webinar (fr), what Odette answered (maybe) and what Rania
answered (no), the open poll and whether one's organisation voted (fr: not yet; en: Grand Est
has), the GIC's and Lékoumou's focal points (/quiest, /whois), the next webinar's time "for me
in Beirut" (10:00).
Then all ten fixed by general mechanisms, marked ``fixed`` (their blind reply kept in
``BLIND``): a project named whole scopes the answer; "ce week-end" is Saturday and Sunday;
"anything" asked of a day or of the agenda is the live agenda; "was it called off" of an event
named by its day asks whether it holds; "who (all) have confirmed", "combien d'inscrits et
c'est qui" ask who answered the event ("tout à l'heure" is today); "who are the coordinators"
is sure; the place of a planned event named ("le forum de Cotonou") is that event.
No failure was this test's own bug: each failing check was looked at (Priya is a coordinator:
/rsvp 1 as her lists the names; the reply had none). A check tightened before the blind run,
not after: Rania's "no" is not matched by a bare "no" (her question says "yes or no").

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "ce soir",
"aujourd'hui", "today" are Monday 23, "tomorrow morning" Tuesday 24, "mercredi" / "Wednesday"
the 25th, "ce week-end" Saturday 28 and Sunday 29, "Thursday of next week" 3 December, whatever
the real date.

Live data (Terr'ESS; nothing for COOP'R):
* a visio TODAY 17:00 UTC (18:00 Brazzaville, Porto-Novo, Paris; 17:00 Abidjan, Dublin; 19:00
  Beirut; 12:00 Montreal/Toronto and Port-au-Prince) with its link and its programme; Mukendi
  (Lékoumou) and Siobhan (Grand Est) answered yes, Odette (Tonkpi) maybe, Rania (Nouvelle-
  Aquitaine) no;
* a webinar TOMORROW 08:00 UTC (08:00 Dublin, 10:00 Beirut) with its link (Tyler: yes);
* a webinar on Wednesday 14:00 UTC, CANCELLED;
* a regional forum in Cotonou on SATURDAY 09:00 UTC, with its programme;
* the steering committee's visio on Thursday 3 December 14:00 UTC (17:00 Antananarivo);
* two polls sent in private: the older closed, the newer open and answered by Hugo (Grand Est)
  only;
* focal point claims (to be confirmed): Jules (listed) and Nadège (not listed) for the GIC
  (Collines, Benin), Marius (listed) for Lékoumou (Congo); the coordinator Claire, who agreed
  to be listed; a second coordinator, Priya (English), who did not say.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from tests.conftest import COORDINATOR, NOW
from tests.events.conftest import add_member
from tests.polls.conftest import send_poll_line
from tests.qa.live_harness import (
    Asker,
    Question,
    add_focal_points,
    blind_reply,
    check_question,
    event,
    question_param,
)
from tests.qa.test_live_answers import roster  # noqa: F401  (the fixture)
from tests.qa.test_live_phrasings import CASES as FIRST_SET
from tests.qa.test_live_phrasings_2 import CASES as SECOND_SET
from tests.qa.test_live_phrasings_3 import CASES as THIRD_SET
from tests.qa.test_live_phrasings_4 import CASES as FOURTH_SET
from tests.roster import unpaced

# -- the askers (besides Claire, the coordinator) ---------------------------------------------

MUKENDI = 3301  # Congo, Lékoumou, Brazzaville: a schoolteacher writing long formal French
GAETAN = 3302  # Quebec partner seconded to Auvergne-Rhône-Alpes, Toronto (Montreal) time
ODETTE = 3303  # Côte d'Ivoire, Tonkpi, Abidjan: an elderly focal point, caps lock
JOCELYNE = 3304  # Haitian member of Nouvelle-Aquitaine, Port-au-Prince time
KOFFI = 3305  # Benin, GIC (Collines), Porto-Novo: an intern
RANIA = 3306  # Lebanese officer of Nouvelle-Aquitaine, Beirut time, English mixed with French
SIOBHAN = 3307  # Irish volunteer with Grand Est, Dublin time, English
TYLER = 3308  # American volunteer, Atsinanana, Antananarivo, English texting
PRIYA = 3309  # a second coordinator, Indian English, Paris time
HUGO = 3310  # Grand Est, French: the one who voted


ASKERS = (
    Asker(MUKENDI, "Mukendi", "Nkounkou", "fr", "Africa/Brazzaville", "cg", "cd-lekoumou"),
    Asker(GAETAN, "Gaétan", "Tremblay", "fr", "America/Toronto", "fr", "auvergne-rhone-alpes"),
    Asker(ODETTE, "Odette", "Gbagbo", "fr", "Africa/Abidjan", "ci", "cr-tonkpi"),
    Asker(
        JOCELYNE, "Jocelyne", "Pierre", "fr", "America/Port-au-Prince", "fr", "nouvelle-aquitaine"
    ),
    Asker(KOFFI, "Koffi", "Houngbo", "fr", "Africa/Porto-Novo", "bj", "gic"),
    Asker(RANIA, "Rania", "Haddad", "en", "Asia/Beirut", "fr", "nouvelle-aquitaine"),
    Asker(SIOBHAN, "Siobhan", "Murphy", "en", "Europe/Dublin", "fr", "grand-est"),
    Asker(TYLER, "Tyler", "Brooks", "en", "Indian/Antananarivo", "mg", "cr-atsinanana"),
    Asker(PRIYA, "Priya", "Sharma", "en", "Europe/Paris", "fr", "auvergne-rhone-alpes"),
    Asker(HUGO, "Hugo", "Lambert", "fr", "Europe/Paris", "fr", "grand-est"),
)

# -- the live data -----------------------------------------------------------------------------

VISIO = "Point d'étape Terr'ESS"
VISIO_LINK = "https://visio.example.org/point-etape"
VISIO_AT = NOW.replace(hour=17)  # today, Monday 17:00 UTC
PROGRAMME = "Ordre du jour : bilan des ateliers et dates du regroupement"
WEBINAR = "Financer l'ESS locale"
WEBINAR_LINK = "https://visio.example.org/financer"
WEBINAR_AT = NOW.replace(hour=8) + timedelta(days=1)  # tomorrow, Tuesday 08:00 UTC
CANCELLED = "Atelier circuits courts"
CANCELLED_AT = NOW.replace(hour=14) + timedelta(days=2)  # Wednesday 14:00 UTC, cancelled
FORUM = "Forum régional de l'ESS"
FORUM_AT = NOW.replace(hour=9) + timedelta(days=5)  # Saturday 09:00 UTC
FORUM_PLACE = "Cotonou, Bénin"
FORUM_PROGRAMME = (
    "Programme : ouverture officielle, table ronde sur l'emploi des jeunes, "
    "visite de la coopérative de Ganhi"
)
COPIL = "Comité de pilotage Terr'ESS"
COPIL_AT = NOW.replace(hour=14) + timedelta(days=10)  # Thursday 3 December 14:00 UTC
COPIL_LINK = "https://visio.example.org/copil"
OLD_POLL = "Les horaires des visios vous conviennent-ils ?"
NEW_POLL = "Quelle ville pour le prochain regroupement ?"

PERSONAL_POINTS = (
    (3401, "Jules", True, "gic"),
    (3402, "Nadège", False, "gic"),
    (3403, "Marius", True, "cd-lekoumou"),
)

# What a right reply says, accent-free and case-insensitive.
NOT_YET_FR = r"pas encore|n'a pas|n'ont pas|aucune reponse|pas (vote|repondu)"
HAS_VOTED_EN = r"\byes\b|already|has (voted|answered)|\b1 (voter|vote|answer)"
NONE_EN = r"\bno\b|nothing|\bnone\b|not any|n't any"
MAYBE_FR = r"peut-etre|🤔|incertain|hesit"
SAID_NO_EN = (
    r"❌|(answered|said|replied|chose)\W{1,3}no\b|not (be )?(com|attend|join|there)"
    r"|won't|declin|can't (come|make|attend)"
)


# -- the phrasings -----------------------------------------------------------------------------


def fr(who: int, question: str, *expect: str, fixed: bool = False, **options: Any) -> object:
    return question_param(Question(who, question, "fr", expect, **options), blind(question), fixed)


def en(who: int, question: str, *expect: str, fixed: bool = False, **options: Any) -> object:
    return question_param(Question(who, question, "en", expect, **options), blind(question), fixed)


# What the bot replied on the blind run to the phrasings that failed, by their first words.
BLIND = {
    "Bonjour cher assistant": "\"Aucune visioconférence n'est prévue pour COOP'R pour le "
    "moment\" (COOP'R, though Terr'ESS was asked)",
    "Bonjou! Mwen": '"Terr\'ESS est en cours : actions de novembre 2024 à octobre 2026.", no forum',
    "Grand frère bonsoir": "the Assises of Franco-Beninese decentralised cooperation (Cotonou, "
    "2016) from the documents, not the forum's programme",
    "Vite fait": "the Groupe Pays Maroc meeting in Limoges (2016), no name",
    "Howya!": "\"The COOP'R page does not say who runs the project. Terr'ESS is run by AIRF.\"",
    "Is the circuits courts": "\"The documents say nothing about 'Wednesday'\", then the "
    "projects' webinars (actions 3 and 4)",
    "yo is there smth": "the Groupe Pays Maroc meeting in Limoges (2016), not the steering "
    "committee",
    "Kindly share": "the visio's card (Next event, details: /next), no name (/rsvp 1 lists them)",
    "Who are the coordinators": "\"I don't have that information in my data about Terr'ESS.\"",
    "does coop'r have": "COOP'R's thematic webinars (action 4): \"the documents do not say the "
    'dates", not that none is planned',
}


def blind(question: str) -> str | None:
    return blind_reply(BLIND, question)


CASES = [
    # -- French ---------------------------------------------------------------------------------
    fr(
        MUKENDI,
        "Bonjour cher assistant. Permettez-moi de vous demander, avec tout le respect qui vous "
        "est dû, à quelle heure se tiendra la prochaine visioconférence du projet Terr'ESS, car "
        "nous autres ici à Sibiti devons nous organiser pour le courant et la connexion. Merci "
        "d'avance et que Dieu vous bénisse.",
        VISIO,
        "18:00",
        command="/prochain",
        fixed=True,
    ),
    fr(
        GAETAN,
        "Allô! C'tu aujourd'hui la visio Terr'ESS? Pis ça tombe à quelle heure chez nous à "
        "Montréal?",
        VISIO,
        "12:00",
        command="/prochain",
        shows=(VISIO,),
    ),
    fr(
        ODETTE,
        "BONJOUR MON FILS. LE LIEN DE LA VISIO DE CE SOIR SVP JE NE LE RETROUVE PLUS DANS MES "
        "MESSAGES",
        VISIO_LINK,
        command="/prochain",
    ),
    fr(
        JOCELYNE,
        "Bonjou! Mwen ta renmen konnen, est-ce qu'il y a quelque chose de prévu ce week-end "
        "pour Terr'ESS ? Mèsi anpil",
        FORUM,
        absent=(VISIO, COPIL),
        command="/agenda",
        fixed=True,
    ),
    fr(
        KOFFI,
        "Grand frère bonsoir, le forum de Cotonou là, c'est quoi le programme exactement ? On "
        "m'a dit de préparer la salle",
        "table ronde",
        command="/agenda",
        shows=(FORUM,),
        fixed=True,
    ),
    fr(
        MUKENDI,
        "Monsieur, s'agissant du webinaire de mercredi portant sur les circuits courts, je "
        "souhaiterais savoir s'il est toujours maintenu, étant donné que je n'en ai plus reçu "
        "aucun rappel depuis lors.",
        cancelled=(CANCELLED, "circuits courts"),
        command="/agenda",
    ),
    fr(
        ODETTE,
        "EST CE QUE J'AI DEJA REPONDU POUR LA VISIO DE CE SOIR ? JE NE ME RAPPELLE PLUS CE QUE "
        "J'AI MIS",
        VISIO,
        says=MAYBE_FR,
        command="/agenda",
        shows=(VISIO,),
    ),
    fr(
        COORDINATOR,
        "Vite fait : pour le point d'étape de tout à l'heure, j'ai combien d'inscrits et c'est "
        "qui ?",
        "Mukendi",
        "Siobhan",
        command="/reponses {visio}",
        fixed=True,
    ),
    fr(
        GAETAN,
        "Pis les sondages, y'en a-tu un d'ouvert présentement? Ma gang a-tu voté déjà?",
        NEW_POLL,
        says=NOT_YET_FR,
        command="/resultats",
        shows=(NEW_POLL,),
    ),
    fr(
        KOFFI,
        "Svp c'est qui les points focaux du Groupement intercommunal des Collines ? Mon chef "
        "m'a demandé de les contacter",
        "Jules",
        absent=("Nadège",),
        command="/quiest Groupement intercommunal des Collines",
    ),
    # -- English --------------------------------------------------------------------------------
    en(
        SIOBHAN,
        "Howya! Is there anything on tomorrow morning? Just want to know before I head off on "
        "the school run",
        WEBINAR,
        "08:00",
        command="/agenda",
        shows=(WEBINAR,),
        fixed=True,
    ),
    en(
        RANIA,
        "Bonjour, quick question: the next webinar, c'est à quelle heure for me in Beirut? Merci",
        WEBINAR,
        "10:00",
        command="/agenda",
        shows=(WEBINAR,),
    ),
    en(
        RANIA,
        "Yalla, did I say yes or no for tonight's visio? I don't remember what I clicked",
        VISIO,
        says=SAID_NO_EN,
        command="/agenda",
        shows=(VISIO,),
    ),
    en(
        SIOBHAN,
        "Is the circuits courts webinar on Wednesday still going ahead or was it called off?",
        cancelled=(CANCELLED, "circuits courts"),
        command="/agenda",
        fixed=True,
    ),
    en(
        TYLER,
        "yo is there smth on thursday next week?? what time would that be for me here in tana",
        COPIL,
        "17:00",
        command="/agenda",
        shows=(COPIL,),
        fixed=True,
    ),
    en(
        PRIYA,
        "Kindly share who all have confirmed for today's Point d'étape visio",
        "Mukendi",
        "Siobhan",
        command="/rsvp {visio}",
        fixed=True,
    ),
    en(
        SIOBHAN,
        "Are there any polls open at the minute, and has Grand Est voted on it yet?",
        NEW_POLL,
        says=HAS_VOTED_EN,
        absent=("grand est has not", "grand est hasn't"),
        command="/results",
        shows=(NEW_POLL,),
    ),
    en(
        RANIA,
        "Who are the coordinators of Terr'ESS svp? I need to send them le rapport",
        "Claire",
        fixed=True,
    ),
    en(
        TYLER,
        "does coop'r have anything scheduled?? like any visio or webinar coming up",
        says=NONE_EN,
        absent=(VISIO, WEBINAR, FORUM),
        command="/agenda coopr",
        shows=(),
        hides=(VISIO, WEBINAR, FORUM),
        fixed=True,
    ),
    en(
        PRIYA,
        "Please let me know the focal point names for Lékoumou department, I have to send them "
        "the minutes",
        "Marius",
        command="/whois Lékoumou",
    ),
]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Telegram's pacing lifted (the emulator does not enforce it), and Priya a second
    coordinator."""
    return unpaced(settings).model_copy(update={"coordinators": [COORDINATOR, PRIYA]})


@pytest.fixture
async def live(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
    clock: FrozenClock,
) -> dict[str, int]:
    """The live data above; returns the events' numbers by name (for the commands)."""
    services = roster
    repo = services.members.repo
    for who in ASKERS:
        sandbox.add_user(
            who.user_id, who.first_name, language_code=who.language, last_name=who.last_name
        )
        await add_member(
            repo,
            clock.now(),
            who.user_id,
            who.first_name,
            last_name=who.last_name,
            language=who.language,
            timezone=who.timezone,
            country=who.country,
            organisation=who.organisation,
            projects=who.projects,
        )

    for fields in (
        event("visioconference", VISIO, VISIO_AT, 60, link=VISIO_LINK, description=PROGRAMME),
        event("webinar", WEBINAR, WEBINAR_AT, 90, link=WEBINAR_LINK),
        event("webinar", CANCELLED, CANCELLED_AT, 90, link=WEBINAR_LINK),
        event("seminar", FORUM, FORUM_AT, 240, place=FORUM_PLACE, description=FORUM_PROGRAMME),
        event("visioconference", COPIL, COPIL_AT, 90, link=COPIL_LINK),
    ):
        await services.events.create(fields)
    await services.delivery.wait_idle()
    events = {e.title: e.id for e in await services.events.upcoming(None)}
    assert list(events) == [VISIO, WEBINAR, CANCELLED, FORUM, COPIL]
    await services.events.cancel(events[CANCELLED])
    for user_id, answer in ((MUKENDI, "yes"), (SIOBHAN, "yes"), (ODETTE, "maybe"), (RANIA, "no")):
        await services.events.repo.set_rsvp(events[VISIO], user_id, answer, clock.now())
    await services.events.repo.set_rsvp(events[WEBINAR], TYLER, "yes", clock.now())
    await services.delivery.wait_idle()

    # The older poll, closed; the newer, open, answered by Hugo (Grand Est) only.
    after = sandbox.mark()
    await send_poll_line(sandbox, f"/sondage terress | prive | {OLD_POLL} | Oui | Non")
    await sandbox.wait_for_message(HUGO, after=after, predicate=lambda m: "poll" in m)
    await services.delivery.wait_idle()
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, "/fermersondage")
    await sandbox.wait_for_message(
        COORDINATOR, after=after, predicate=lambda m: "clos" in (m.get("text") or "")
    )
    await services.delivery.wait_idle()
    clock.advance(timedelta(minutes=5))
    after = sandbox.mark()
    await send_poll_line(
        sandbox, f"/sondage terress | prive | {NEW_POLL} | Cotonou | Dakar | Rabat"
    )
    poll = await sandbox.wait_for_message(HUGO, after=after, predicate=lambda m: "poll" in m)
    await services.delivery.wait_idle()
    await sandbox.vote(HUGO, poll["poll"]["id"], [0])
    await services.polls.wait_idle()

    await add_focal_points(services, PERSONAL_POINTS)
    await services.delivery.wait_idle()  # the claims told to the coordinators, before they ask
    return {"visio": events[VISIO], "webinar": events[WEBINAR], "forum": events[FORUM]}


@pytest.mark.parametrize("case", CASES)
async def test_live_phrasing(sandbox: Sandbox, live: dict[str, int], case: Question) -> None:
    """One phrasing in its own session of the bot (so that each can be marked on its own)."""
    await check_question(sandbox, live, case)


def test_twenty_new_phrasings_half_french_half_english() -> None:
    cases = [p.values[0] for p in CASES]  # type: ignore[attr-defined]
    assert len(cases) == 20
    assert sum(c.lang == "fr" for c in cases) == sum(c.lang == "en" for c in cases) == 10
    earlier: set[str] = set()
    for c in (*FIRST_SET, *SECOND_SET, *THIRD_SET, *FOURTH_SET):
        case: Any = getattr(c, "values", (c,))[0]  # a Case, or a pytest.param of one
        earlier.add(case.question)
    assert not {c.question for c in cases} & earlier
