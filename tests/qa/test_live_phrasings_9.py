"""Sixteen questions about live data (8 fr, 8 en), written blind, in voices the first eight sets
do not have: a Guinean (Conakry) focal point ("on dit quoi", "bon", no accents); a Swiss-German
speaker's French ("grüezi", "merci vielmal", German word order); a Vietnamese-French retiree,
very polite ("xin chào"); a Québec coordinator ("à soir", "la réunion de jeudi passé",
"c'est-tu"); a Ghanaian officer, a coordinator ("please, the meeting of tomorrow, is it still
holding?"); a Texan volunteer ("y'all", "fixing to"); a Hong Kong intern ("ah", "can check for
me?"); a Maltese councillor ("bonġu", "grazzi"). End to end through the emulator, each reply
checked against what the matching command shows to the same asker.

Blind score (first run, nothing of the bot changed): 12/16 (fr 6/8, en 6/8). The four that
failed were marked xfail (strict) with what the bot replied (``BLIND``):
* Regula's "Grüezi ! Jeudi, qu'est-ce qu'au programme il y a ? Et où cela lieu a, et à quelle
  heure pour moi à Zurich ça commence ?" -> the programme of a meeting of the documents (the
  "Rencontre du Groupe Pays Maroc à Limoges" of 4 November 2016, printed twice), no event
  (/agenda as her shows the Keur Massar workshop, Thursday 26 at 10:00 Zurich, its place);
* the coordinator Geneviève's "Suite à la réunion de jeudi passé, j'aurais besoin des noms de
  ceux qui ont confirmé pour le webinaire de mercredi. C'est-tu possible de me les envoyer ?"
  -> her own answer ("Vous n'avez pas encore répondu."), no name (/rsvp 3 as her lists Kwame
  Mensah, Joseph Camilleri and Lan Nguyen under ✅);
* Dwayne's "I'm fixing to put the next webinar in my calendar. When is it and what time's that
  down here in Houston?" -> a "Coming up" list of the next TWO webinars (solidarity tourism,
  Wednesday 08:00 Chicago, then public procurement, 2 December 10:00), not the next one (as set
  8 asks of "the next webinar"; /agenda as him shows the tourism webinar at 08:00 first);
* Ka-yan's "Wednesday's webinar ah, what's on the agenda? Can check for me? And the link also"
  -> the webinar's card (22:00 Hong Kong, its link) without its agenda (/agenda as her shows
  "Ordre du jour : l'accueil chez l'habitant, ...").
After the blind run, all four were fixed by general mechanisms (marked ``fixed``, their blind
replies kept in ``BLIND``; tests/qa/test_live_mechanisms_9.py): "qu'est-ce que" followed by
"au" and what an event has ("qu'est-ce qu'au programme il y a ?", a German word order), or
within "qu'est-ce qu'il y a", asks what is on, no definition (then "jeudi" with "où" is that
day's agenda with each event's place, the time in Zurich); the asker as who receives the answer
("j'aurais besoin des noms", "me les envoyer", "send me": ``for_me`` in
data/vocabulary/live.toml, read whole) is not the asker asked about (who confirmed, not her own
answer), and a weekday said past ("la réunion de jeudi passé", "last Tuesday's") beside another
day named is not the day asked; the asker's own calendar ("to put the next webinar in my
calendar", "dans mon agenda": ``own_calendar``, read whole) is no agenda asked, so "the next
webinar" is one, its card (as set 8 asks); "the agenda" said of one event named by its day
("Wednesday's webinar, what's on the agenda?") is its programme, and a link asked with the
programme is given with it.
Passed: whether Pikine answered the open poll (not yet), that Friday's twinning webinar is
cancelled (then the next webinar), the focal points of Keur Massar (Fatou, not the unlisted
Ousmane), Lan's answer to Wednesday's webinar (yes) and its time in Ho Chi Minh City (21:00),
the coordinators (Claire and Geneviève, not Kwame who did not agree to be listed), tonight's
visio in Montréal ("à soir": 18:00, its link), tomorrow's meeting in Accra (10:00, its link;
the card, no word on whether it holds), whether ACAL answered the poll (yes), who confirmed
Wednesday's webinar asked by Dwayne, no coordinator (the counts, no name: /rsvp 3 as him says
"This action is for the project's coordinators only."), the next COOP'R meeting in Hong Kong
(Tuesday 1 December 23:00), next week's Terr'ESS agenda in Malta (17:00 and 15:00), the focal
points of Itasy (Hery, not the unlisted Rivo).
No failure was this test's own bug: the command of each of the four was run as its asker once
(outside the test) and shows what the test expects. The same four failed, with the same
replies, on a clean copy of the last commit (676d761): the tree held other people's
uncommitted work on the engine while this test first ran.

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "à soir" is Monday
23 in the evening, "tomorrow" Tuesday 24, "mercredi", "Wednesday" the 25th, "jeudi" the 26th,
"vendredi" the 27th, "next week" Monday 30 November to Sunday 6 December, whatever the real
date. Times by the packaged tzdata: Chicago (Houston) UTC-6, Montréal (Toronto) UTC-5, Conakry
and Accra UTC+0, Zurich and Malta UTC+1, Ho Chi Minh City UTC+7, Hong Kong UTC+8.

Live data:
* Terr'ESS, the visio of the North American partners TONIGHT Monday 23 November 23:00 UTC
  (18:00 in Montréal), with its link;
* Terr'ESS, its follow-up committee's visio TOMORROW Tuesday 24 November 10:00 UTC (10:00 in
  Accra), with its link;
* Terr'ESS, a webinar on solidarity tourism on WEDNESDAY 25 November 14:00 UTC (08:00 Houston,
  21:00 Ho Chi Minh City, 22:00 Hong Kong), with its link and its agenda; Kwame (ACAL), Lan
  (Nouvelle-Aquitaine) and Joseph (Grand Est) answered yes, Dwayne (Nouvelle-Aquitaine) maybe,
  Mamadi (Pikine) no; Regula, Geneviève and Ka-yan did not answer;
* Terr'ESS, a workshop of the elected officials in Keur Massar (Senegal) on THURSDAY 26 November
  09:00 UTC (10:00 Zurich), with its place;
* Terr'ESS, a webinar on twinning on FRIDAY 27 November 13:00 UTC, CANCELLED;
* COOP'R, its steering committee's visio on Tuesday 1 December 15:00 UTC (23:00 Hong Kong);
* Terr'ESS, a webinar on responsible public procurement on Wednesday 2 December 16:00 UTC
  (17:00 Malta), with its link;
* Terr'ESS, the monthly visio on Thursday 3 December 14:00 UTC (15:00 Malta), with its link;
* two polls sent in private: the older closed, the newer open and answered by Kwame (ACAL)
  only: ACAL has answered it, Pikine has not;
* focal point claims (to be confirmed): Fatou (listed) and Ousmane (not listed) for Keur Massar
  (Senegal), Hery (listed) and Rivo (not listed) for Itasy (Madagascar); three coordinators:
  Claire and Geneviève, who agreed to be listed, and Kwame, who did not say.
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
from tests.qa.live_harness import (
    Asker,
    Question,
    add_focal_points,
    answer,
    blind_reply,
    check_question,
    closed_then_open_poll,
    event,
    question_param,
    register,
    schedule,
)
from tests.qa.test_live_answers import roster  # noqa: F401  (the fixture)
from tests.qa.test_live_phrasings import CASES as FIRST_SET
from tests.qa.test_live_phrasings_2 import CASES as SECOND_SET
from tests.qa.test_live_phrasings_3 import CASES as THIRD_SET
from tests.qa.test_live_phrasings_4 import CASES as FOURTH_SET
from tests.qa.test_live_phrasings_5 import CASES as FIFTH_SET
from tests.qa.test_live_phrasings_6 import CASES as SIXTH_SET
from tests.qa.test_live_phrasings_7 import CASES as SEVENTH_SET
from tests.qa.test_live_phrasings_8 import CASES as EIGHTH_SET
from tests.roster import unpaced

# -- the askers (besides Claire, the coordinator) ---------------------------------------------

MAMADI = 4101  # Guinean focal point with Pikine (Senegal), Conakry time, no accents
REGULA = 4102  # Swiss-German with Auvergne-Rhône-Alpes, Zurich time, French in German order
LAN = 4103  # Vietnamese-French retiree with Nouvelle-Aquitaine, Ho Chi Minh City time, polite
GENEVIEVE = 4104  # Québec coordinator with Grand Est, Montréal (Toronto) time
KWAME = 4105  # Ghanaian officer, a third coordinator, with ACAL (Benin), Accra time, English
DWAYNE = 4106  # Texan volunteer with Nouvelle-Aquitaine, Chicago (Houston) time, English
KA_YAN = 4107  # Hong Kong intern with Auvergne-Rhône-Alpes, Hong Kong time, Terr'ESS and COOP'R
JOSEPH = 4108  # Maltese councillor with Grand Est, Malta time, English with Maltese

ASKERS = (
    Asker(MAMADI, "Mamadi", "Diallo", "fr", "Africa/Conakry", "sn", "cm-pikine"),
    Asker(REGULA, "Regula", "Zimmermann", "fr", "Europe/Zurich", "fr", "auvergne-rhone-alpes"),
    Asker(LAN, "Lan", "Nguyen", "fr", "Asia/Ho_Chi_Minh", "fr", "nouvelle-aquitaine"),
    Asker(GENEVIEVE, "Geneviève", "Tremblay", "fr", "America/Toronto", "fr", "grand-est"),
    Asker(KWAME, "Kwame", "Mensah", "en", "Africa/Accra", "bj", "acal"),
    Asker(DWAYNE, "Dwayne", "Hutchins", "en", "America/Chicago", "fr", "nouvelle-aquitaine"),
    Asker(
        KA_YAN,
        "Ka-yan",
        "Wong",
        "en",
        "Asia/Hong_Kong",
        "fr",
        "auvergne-rhone-alpes",
        ("terress", "coopr"),
    ),
    Asker(JOSEPH, "Joseph", "Camilleri", "en", "Europe/Malta", "fr", "grand-est"),
)

# -- the live data -----------------------------------------------------------------------------

TONIGHT = "Visio des partenaires nord-américains"
TONIGHT_AT = NOW.replace(hour=23)  # tonight, Monday 23 23:00 UTC (18:00 Montréal)
TONIGHT_LINK = "https://visio.example.org/partenaires-nord-americains"
FOLLOW_UP = "Comité de suivi Terr'ESS"
FOLLOW_UP_AT = NOW.replace(hour=10) + timedelta(days=1)  # tomorrow, Tuesday 24 10:00 UTC
FOLLOW_UP_LINK = "https://visio.example.org/comite-suivi"
TOURISM = "Tourisme solidaire et patrimoine local"
TOURISM_AT = NOW.replace(hour=14) + timedelta(days=2)  # Wednesday 25 14:00 UTC
TOURISM_LINK = "https://visio.example.org/tourisme-solidaire"
TOURISM_AGENDA = (
    "Ordre du jour : l'accueil chez l'habitant, les routes des savoir-faire, "
    "le témoignage de Saint-Louis"
)
KEUR_MASSAR = "Atelier des élus de Keur Massar"
KEUR_MASSAR_AT = NOW + timedelta(days=3)  # Thursday 26 09:00 UTC
KEUR_MASSAR_PLACE = "Hôtel de ville, Keur Massar (Sénégal)"
TWINNING = "Jumelages et coopération décentralisée"
TWINNING_AT = NOW.replace(hour=13) + timedelta(days=4)  # Friday 27 13:00 UTC, cancelled
STEERING = "Comité de pilotage COOP'R"
STEERING_AT = NOW.replace(hour=15) + timedelta(days=8)  # Tuesday 1 December 15:00 UTC
STEERING_LINK = "https://visio.example.org/copil-coopr"
PROCUREMENT = "Achats publics responsables"
PROCUREMENT_AT = NOW.replace(hour=16) + timedelta(days=9)  # Wednesday 2 December 16:00 UTC
PROCUREMENT_LINK = "https://visio.example.org/achats-publics"
MONTHLY = "Point mensuel Terr'ESS"
MONTHLY_AT = NOW.replace(hour=14) + timedelta(days=10)  # Thursday 3 December 14:00 UTC
MONTHLY_LINK = "https://visio.example.org/point-mensuel"
OLD_POLL = "Les horaires des visios vous conviennent-ils ?"
NEW_POLL = (
    "Quel thème pour le prochain webinaire ?",
    "Tourisme",
    "Jeunesse",
    "Climat",
)

PERSONAL_POINTS = (
    (4151, "Fatou", True, "cd-keur-massar"),
    (4152, "Ousmane", False, "cd-keur-massar"),
    (4153, "Hery", True, "cr-itasy"),
    (4154, "Rivo", False, "cr-itasy"),
)

# What a right reply says, accent-free and case-insensitive.
SAID_YES_FR = r"✅|\boui\b|serez (la|presente?)|participerez|viendrez|confirme|presente"
NOT_YET_FR = r"pas encore|n'a pas|n'ont pas|aucune reponse|pas (vote|repondu)"
HAS_ANSWERED_EN = (
    r"already|has (voted|answered|responded|replied)|have (voted|answered|responded|replied)"
    r"|\b1 (voter|vote|answer|response)|\byes\b"
)
# A member who is no coordinator asking who confirmed: no name, but the webinar, a count, or
# that the names are for the coordinators.
NO_NAMES_EN = r"tourism|\b3\b|three|coordinat"

# What the bot replied on the blind run to the questions that failed, by their first words.
BLIND = {
    "Grüezi ! Jeudi": "a documented meeting's programme (Groupe Pays Maroc, Limoges, 4 November "
    "2016, twice), no event",
    "Allô ! Suite à la réunion": 'her own answer ("Vous n\'avez pas encore répondu."), no name',
    "Hey y'all, I'm fixing": "the next two webinars (tourism, Wednesday 08:00 Chicago; public "
    "procurement, 2 December), not the next one",
    "Wednesday's webinar ah": "the webinar's card (22:00 Hong Kong, its link), not its agenda",
}


def ask(
    who: int, lang: str, question: str, *expect: str, fixed: bool = False, **options: Any
) -> object:
    """One question as a test parameter, marked with its blind reply when it failed;
    ``fixed``: it failed blind and passes since (its blind reply kept in ``BLIND``)."""
    return question_param(
        Question(who, question, lang, expect, **options), blind_reply(BLIND, question), fixed
    )


CASES = [
    # -- French ---------------------------------------------------------------------------------
    ask(
        MAMADI,
        "fr",
        "on dit quoi ! bon est ce qu il y a un sondage en cours la ? nous a pikine on a deja "
        "repondu ou bien pas encore",
        NEW_POLL[0],
        says=NOT_YET_FR,
        command="/resultats",
        shows=(NEW_POLL[0],),
        hides=("Pikine",),
    ),
    ask(
        MAMADI,
        "fr",
        "on dit quoi ? bon le webinaire de vendredi sur les jumelages la, ca tient toujours ou "
        "bien c est annule ? je dois informer les collegues",
        cancelled=(TWINNING, "jumelage"),
        command="/agenda",
    ),
    ask(
        REGULA,
        "fr",
        "Grüezi ! Jeudi, qu'est-ce qu'au programme il y a ? Et où cela lieu a, et à quelle heure "
        "pour moi à Zurich ça commence ? Merci vielmal",
        KEUR_MASSAR,
        "Hôtel de ville",
        "10:00",
        absent=(TOURISM, FOLLOW_UP, "09:00"),
        fixed=True,
        command="/agenda",
        shows=(KEUR_MASSAR, "10:00"),
    ),
    ask(
        REGULA,
        "fr",
        "Grüezi ! Les points focaux de Keur Massar, qui sont-ils ? Je voudrais avant l'atelier "
        "de jeudi avec eux Kontakt prendre. Merci vielmal",
        "Fatou",
        absent=("Ousmane",),
        command="/quiest Keur Massar",
    ),
    ask(
        LAN,
        "fr",
        "Xin chào. Je vous prie de bien vouloir excuser mon dérangement. Auriez-vous l'extrême "
        "amabilité de me dire si j'ai bien répondu présente au webinaire de mercredi sur le "
        "tourisme solidaire, et à quelle heure il commencera chez moi, à Hô Chi Minh-Ville ? "
        "Avec toute ma gratitude.",
        TOURISM,
        "21:00",
        says=SAID_YES_FR,
        absent=("14:00", "pas encore"),
        command="/agenda",
        shows=(TOURISM, "21:00"),
    ),
    ask(
        LAN,
        "fr",
        "Xin chào. Pardonnez-moi de vous importuner : pourriez-vous avoir la bonté de m'indiquer "
        "qui sont les coordinateurs de Terr'ESS ? Je souhaiterais leur adresser mes "
        "remerciements respectueux.",
        "Claire",
        "Geneviève",
        absent=("Kwame", TOURISM),
    ),
    ask(
        GENEVIEVE,
        "fr",
        "Allô ! Suite à la réunion de jeudi passé, j'aurais besoin des noms de ceux qui ont "
        "confirmé pour le webinaire de mercredi. C'est-tu possible de me les envoyer ? Merci "
        "ben !",
        "Mensah",
        "Nguyen",
        "Camilleri",
        absent=("Zimmermann", "Wong"),
        fixed=True,
        command="/rsvp {tourism}",
        hides=("Zimmermann", "Wong"),
    ),
    ask(
        GENEVIEVE,
        "fr",
        "Allô ! C'est-tu qu'on a une visio à soir ? À quelle heure ici à Montréal, pis c'est quoi "
        "le lien ?",
        TONIGHT,
        "18:00",
        TONIGHT_LINK,
        absent=("23:00", FOLLOW_UP, TOURISM),
        command="/prochain",
        shows=(TONIGHT, "18:00"),
    ),
    # -- English --------------------------------------------------------------------------------
    ask(
        KWAME,
        "en",
        "Good morning. Please, the meeting of tomorrow, is it still holding? At what time will "
        "it start here in Accra, and please I need the link.",
        FOLLOW_UP,
        "10:00",
        FOLLOW_UP_LINK,
        absent=(TONIGHT, TOURISM),
        command="/agenda",
        shows=(FOLLOW_UP, "10:00"),
    ),
    ask(
        KWAME,
        "en",
        "Please, is there any poll open at the moment? Has my organisation responded to it "
        "already?",
        NEW_POLL[0],
        says=HAS_ANSWERED_EN,
        absent=("not yet", "has not", "hasn't"),
        command="/results",
        shows=(NEW_POLL[0], "Atlantique"),
    ),
    ask(
        DWAYNE,
        "en",
        "Howdy! Y'all know who all's confirmed for Wednesday's webinar? I'm fixing to send 'em a "
        "note before it starts.",
        says=NO_NAMES_EN,
        absent=("Mensah", "Nguyen", "Camilleri"),
        command="/rsvp {tourism}",
        shows=(),
        hides=("Mensah", "Nguyen", "Camilleri"),
    ),
    ask(
        DWAYNE,
        "en",
        "Hey y'all, I'm fixing to put the next webinar in my calendar. When is it and what time's "
        "that down here in Houston?",
        TOURISM,
        "08:00",
        absent=("14:00", PROCUREMENT),
        fixed=True,
        command="/agenda",
        shows=(TOURISM, "08:00"),
    ),
    ask(
        KA_YAN,
        "en",
        "Hi ah, the next COOP'R meeting is when? Can check for me what time in Hong Kong?",
        STEERING,
        "23:00",
        absent=("15:00", TOURISM),
        command="/next coopr",
        shows=(STEERING, "23:00"),
    ),
    ask(
        KA_YAN,
        "en",
        "Wednesday's webinar ah, what's on the agenda? Can check for me? And the link also",
        "habitant",
        TOURISM_LINK,
        absent=(PROCUREMENT, STEERING),
        fixed=True,
        command="/agenda",
        shows=(TOURISM,),
    ),
    ask(
        JOSEPH,
        "en",
        "Bonġu! What's on the Terr'ESS agenda next week, and at what times here in Malta? "
        "Grazzi ħafna",
        PROCUREMENT,
        "17:00",
        MONTHLY,
        "15:00",
        absent=(TOURISM, KEUR_MASSAR, STEERING),
        command="/agenda",
        shows=(PROCUREMENT, "17:00", MONTHLY, "15:00"),
    ),
    ask(
        JOSEPH,
        "en",
        "Bonġu, who are the focal points for Itasy? Our council would like to invite them for "
        "an exchange visit. Grazzi.",
        "Hery",
        absent=("Rivo",),
        command="/whois Itasy",
    ),
]


# -- the live data, in the running bot --------------------------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Telegram's pacing lifted (the emulator does not enforce it), and Geneviève and Kwame two
    more coordinators."""
    return unpaced(settings).model_copy(update={"coordinators": [COORDINATOR, GENEVIEVE, KWAME]})


@pytest.fixture
async def live(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
    clock: FrozenClock,
) -> dict[str, int]:
    """The live data above; returns the events' numbers by name (for the commands)."""
    await register(sandbox, roster, ASKERS)
    numbers = await schedule(
        roster,
        event("visioconference", TONIGHT, TONIGHT_AT, 60, link=TONIGHT_LINK),
        event("visioconference", FOLLOW_UP, FOLLOW_UP_AT, 60, link=FOLLOW_UP_LINK),
        event("webinar", TOURISM, TOURISM_AT, 90, link=TOURISM_LINK, description=TOURISM_AGENDA),
        event(
            "gathering",
            KEUR_MASSAR,
            KEUR_MASSAR_AT,
            240,
            place=KEUR_MASSAR_PLACE,
            zone="Africa/Dakar",
        ),
        event("webinar", TWINNING, TWINNING_AT, 90, link="https://visio.example.org/jumelages"),
        event("visioconference", STEERING, STEERING_AT, 60, link=STEERING_LINK, project="coopr"),
        event("webinar", PROCUREMENT, PROCUREMENT_AT, 90, link=PROCUREMENT_LINK),
        event("visioconference", MONTHLY, MONTHLY_AT, 60, link=MONTHLY_LINK),
        cancelled=(TWINNING,),
    )
    await answer(
        roster,
        numbers[TOURISM],
        ((KWAME, "yes"), (LAN, "yes"), (JOSEPH, "yes"), (DWAYNE, "maybe"), (MAMADI, "no")),
    )
    await closed_then_open_poll(sandbox, roster, clock, OLD_POLL, NEW_POLL, KWAME)
    await add_focal_points(roster, PERSONAL_POINTS)
    await roster.members.set_consent(GENEVIEVE, True)  # Kwame did not say
    await roster.delivery.wait_idle()  # the claims told to the coordinators, before they ask
    return {"tourism": numbers[TOURISM]}


@pytest.mark.parametrize("case", CASES)
async def test_live_phrasing(sandbox: Sandbox, live: dict[str, int], case: Question) -> None:
    """One question in its own session of the bot (so that each can be marked on its own)."""
    await check_question(sandbox, live, case)


def test_sixteen_new_phrasings_half_french_half_english() -> None:
    cases = [p.values[0] for p in CASES]  # type: ignore[attr-defined]
    assert len(cases) == 16
    assert sum(c.lang == "fr" for c in cases) == sum(c.lang == "en" for c in cases) == 8
    assert {c.who for c in cases} == {a.user_id for a in ASKERS}
    earlier: set[str] = set()
    for c in (
        *FIRST_SET,
        *SECOND_SET,
        *THIRD_SET,
        *FOURTH_SET,
        *FIFTH_SET,
        *SIXTH_SET,
        *SEVENTH_SET,
        *EIGHTH_SET,
    ):
        case: Any = getattr(c, "values", (c,))[0]  # a Case, or a pytest.param of one
        earlier.add(case.question)
    assert not {c.question for c in cases} & earlier
