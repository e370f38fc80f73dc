"""Sixteen questions about live data (8 fr, 8 en), written blind, in voices the first six sets do
not have: a Togolese teacher writing formal French ("veuillez", "je vous prie"); a Mauritanian
official opening with Hassaniya greetings ("Salam, labass ?", "inchallah"); a Burkinabè youth
("on dit quoi", "c'est comment", "même"); a Gabonese focal point typing on her phone without
accents or apostrophes; a Jamaican-English volunteer ("Wah gwaan", "bless up"); a Kenyan
officer, a coordinator ("kindly advise"); a Scottish councillor ("a wee word", "aye"); a
Singaporean intern ("can or not", "lah", "ah"). End to end through the emulator, each reply
checked against what the matching command shows to the same asker.

Blind score (first run, nothing of the bot changed): 14/16 (fr 7/8, en 7/8). The two that
failed were marked xfail (strict), with what the bot replied (``BLIND``):
* "bonjour, la visio des points focaux afrique centrale de jeudi elle tient toujours ? on ma
  dit quelle etait annulee" -> the next event's card (the monthly visio of Thursday 3
  December), neither the cancelled visio of Thursday 26 nor that it is cancelled;
* the coordinator Wanjiru's "Kindly advise who has confirmed attendance for tomorrow evening's
  webinar. I need the names for the funder's report." -> her own answer ("You have not
  answered yet"), no name (/rsvp 1 as her lists Koffi, Issouf and Delroy, yes).
Passed: the time and link of "le webinaire de demain soir" in Lomé (18:00), how many colleagues
confirmed it (3, no name), the next COOP'R visio "chez nous à Nouakchott" (25 November, 10:00),
what is planned next week and where (Louga, and the monthly visio), the focal point of Louga
(Mamadou, not the unlisted Coumba), what Issouf answered (yes), whether Niari answered the open
poll (not yet), what happens "this Friday" in Kingston (08:00), whether Delroy's organisation
answered the poll (yes), the agenda of tomorrow evening's webinar and its time in Nairobi
(21:00), the coordinators (Claire), in the group the link of Friday's webinar, the next webinar
in Singapore (Wednesday 02:00), Wei Ling's RSVP.
After the blind run, both were fixed by general mechanisms (marked ``fixed``, their blind
replies kept in ``BLIND``): the asker named only in a sentence after the one that asks who ("I
need the names for the funder's report") says why they ask, not that they ask about their own
answer (tests/qa/test_live_asker_after.py); asked whether an event holds ("tient toujours ?",
"still on?", "maintenue ?", "annulée ?"), the cancelled events are among those asked about,
picked by words of their title and the weekday named, the nearest one, past or next ("jeudi":
Thursday 26, not Thursday 3 December), and a cancelled one is said cancelled, then the next one
of its kind planned; one that holds is said still on, with its time where the asker is ("était
annulée" there is the tense of "cancelled", not a past event) (tests/qa/test_live_event_holds.py).
Three failures of the first run were this test's own bugs, fixed before the marking (the
replies were right): the coordinators' question was checked against /pointsfocaux terress,
which lists focal points only (no command lists the coordinators: the reply alone is checked);
the Friday link asked in the group was checked against /agenda in the group, whose first page
does not reach Friday (now /agenda in private, every page: ``command_in_private``, added to the
harness); Wei Ling's "tomorrow evening's webinar" expected the circular economy webinar, but
for her in Singapore it is on Wednesday 02:00 (as /next shows her) and her tomorrow evening has
none: the bot's "No webinar is scheduled for Terr'ESS on that day." is right and now accepted
(or that she has not answered it). The commands of the two failures were run as their askers
once (outside the test): /agenda as Nadège does not show the cancelled visio; /rsvp 1 as
Wanjiru lists Koffi Agbeko, Issouf Ouédraogo and Delroy Campbell under ✅.

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "demain soir",
"tomorrow evening" are Tuesday 24 in the evening, "jeudi" Thursday 26, "this Friday" Friday 27,
"la semaine prochaine" Monday 30 November to Sunday 6 December, whatever the real date.

Live data:
* Terr'ESS, a webinar on the circular economy TOMORROW EVENING 18:00 UTC (18:00 Lomé and
  Edinburgh time, 21:00 Nairobi, 02:00 on Wednesday in Singapore) with its link and its agenda;
  Koffi (ACAL, Benin), Issouf (Tchologo) and Delroy (Nouvelle-Aquitaine) answered yes, Nadège
  (Niari) maybe, Fiona (Nouvelle-Aquitaine) no; Wei Ling (Auvergne-Rhône-Alpes) did not answer;
* COOP'R, its steering committee's visio on Wednesday 25 November 10:00 UTC (10:00 Nouakchott);
* Terr'ESS, the visio of the focal points of Central Africa on Thursday 15:00 UTC, CANCELLED;
* Terr'ESS, a webinar on youth and local employment THIS FRIDAY 13:00 UTC (08:00 Kingston),
  with its link;
* Terr'ESS, a regional gathering in Louga (Senegal) NEXT WEDNESDAY 2 December 09:00 UTC, with
  its place;
* Terr'ESS, the monthly visio on Thursday 3 December 14:00 UTC (next week too), with its link;
* two polls sent in private: the older closed, the newer open and answered by Fiona
  (Nouvelle-Aquitaine) only;
* focal point claims (to be confirmed): Mamadou (listed) and Coumba (not listed) for Louga
  (Senegal), Ghislain (listed) for Niari (Congo); the coordinator Claire, who agreed to be
  listed; a second coordinator, Wanjiru (English, Nairobi), who did not say.
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
from tests.roster import unpaced

# -- the askers (besides Claire, the coordinator) ---------------------------------------------

KOFFI = 3701  # Togolese teacher with ACAL (Benin), Lomé time: formal French
SIDI = 3702  # Mauritanian official with Louga (Senegal), Nouakchott time, Terr'ESS and COOP'R
ISSOUF = 3703  # Burkinabè youth with Tchologo (Côte d'Ivoire), Ouagadougou time
NADEGE = 3704  # Gabonese focal point with Niari (Congo), Libreville time, no accents
DELROY = 3705  # Jamaican volunteer with Nouvelle-Aquitaine, Kingston time, English
WANJIRU = 3706  # Kenyan officer, a second coordinator, Nairobi time, English
FIONA = 3707  # Scottish councillor with Nouvelle-Aquitaine, Edinburgh (London) time, English
WEI_LING = 3708  # Singaporean intern with Auvergne-Rhône-Alpes, Singapore time, English

ASKERS = (
    Asker(KOFFI, "Koffi", "Agbeko", "fr", "Africa/Lome", "bj", "acal"),
    Asker(
        SIDI,
        "Sidi",
        "Ould Cheikh",
        "fr",
        "Africa/Nouakchott",
        "sn",
        "cd-louga",
        ("terress", "coopr"),
    ),
    Asker(ISSOUF, "Issouf", "Ouédraogo", "fr", "Africa/Ouagadougou", "ci", "cr-tchologo"),
    Asker(NADEGE, "Nadège", "Moussavou", "fr", "Africa/Libreville", "cg", "cd-niari"),
    Asker(DELROY, "Delroy", "Campbell", "en", "America/Jamaica", "fr", "nouvelle-aquitaine"),
    Asker(WANJIRU, "Wanjiru", "Kamau", "en", "Africa/Nairobi", "fr", "region-sud"),
    Asker(FIONA, "Fiona", "MacLeod", "en", "Europe/London", "fr", "nouvelle-aquitaine"),
    Asker(WEI_LING, "Wei Ling", "Tan", "en", "Asia/Singapore", "fr", "auvergne-rhone-alpes"),
)

# -- the live data -----------------------------------------------------------------------------

CIRCULAR = "Économie circulaire et collectivités"
CIRCULAR_AT = NOW.replace(hour=18) + timedelta(days=1)  # tomorrow, Tuesday 18:00 UTC
CIRCULAR_LINK = "https://visio.example.org/economie-circulaire"
CIRCULAR_AGENDA = "Ordre du jour : tri des déchets, ressourceries, retour d'expérience de Pikine"
STEERING = "Comité de pilotage COOP'R"
STEERING_AT = NOW.replace(hour=10) + timedelta(days=2)  # Wednesday 25 November 10:00 UTC
STEERING_LINK = "https://visio.example.org/copil-coopr"
CANCELLED = "Visio des points focaux d'Afrique centrale"
CANCELLED_AT = NOW.replace(hour=15) + timedelta(days=3)  # Thursday 15:00 UTC, cancelled
YOUTH = "Jeunesse et emploi local"
YOUTH_AT = NOW.replace(hour=13) + timedelta(days=4)  # this Friday 13:00 UTC
YOUTH_LINK = "https://visio.example.org/jeunesse-emploi"
GATHERING = "Rencontre régionale de Louga"
GATHERING_AT = NOW + timedelta(days=9)  # next Wednesday 2 December 09:00 UTC
GATHERING_PLACE = "Salle des délibérations, Louga (Sénégal)"
MONTHLY = "Point mensuel Terr'ESS"
MONTHLY_AT = NOW.replace(hour=14) + timedelta(days=10)  # Thursday 3 December 14:00 UTC
MONTHLY_LINK = "https://visio.example.org/point-mensuel"
OLD_POLL = "Les supports des webinaires vous sont-ils utiles ?"
NEW_POLL = ("Quel format préférez-vous pour le regroupement ?", "Présentiel", "Hybride", "En ligne")

PERSONAL_POINTS = (
    (3801, "Mamadou", True, "cd-louga"),
    (3802, "Coumba", False, "cd-louga"),
    (3803, "Ghislain", True, "cd-niari"),
)

# What a right reply says, accent-free and case-insensitive.
SAID_YES_FR = r"✅|\boui\b|serez (la|present)|participerez|viendrez|confirme"
NOT_YET_FR = r"pas encore|n'a pas|n'ont pas|aucune reponse|pas (vote|repondu)"
NOT_ANSWERED_EN = (
    r"not (yet )?(answered|replied|responded|rsvp)|haven't (yet )?(answered|replied|responded)"
    r"|no answer|not yet"
)
# Tomorrow evening in Singapore (Tuesday 10:00 to 16:00 UTC) has no webinar: the circular
# economy webinar is on Wednesday 02:00 there (as /next shows her). Either that said, or that she
# has not answered it.
NOT_ANSWERED_IN_SINGAPORE = rf"{NOT_ANSWERED_EN}|no webinars? (is )?(scheduled|planned)"
HAS_VOTED_EN = r"\byes\b|already|has (voted|answered|responded)|\b1 (voter|vote|answer)"
THREE_YES = (
    r"(\b3\b\D{0,25}(yes|oui|✅|coming|attend|confirm|present))"
    r"|((yes|oui|✅|coming|attend|confirm|present)\D{0,25}\b3\b)"
)

# What the bot replied on the blind run to the questions that failed, by their first words.
BLIND = {
    "bonjour, la visio des points focaux": "the next event's card (monthly visio of 3 December), "
    "not the cancelled visio of Thursday",
    "Kindly advise who has confirmed": 'her own answer ("You have not answered yet"), no name',
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
        KOFFI,
        "fr",
        "Bonjour Monsieur. Veuillez me communiquer l'heure exacte et le lien de connexion du "
        "webinaire de demain soir. Je vous en remercie par avance.",
        CIRCULAR,
        "18:00",
        CIRCULAR_LINK,
        absent=(YOUTH,),
        command="/prochain",
        shows=(CIRCULAR, CIRCULAR_LINK),
    ),
    ask(
        KOFFI,
        "fr",
        "Veuillez m'indiquer, je vous prie, combien de collègues ont confirmé leur participation "
        "au webinaire de demain soir.",
        says=THREE_YES,
        absent=("Issouf", "Delroy"),
        command="/prochain",
        shows=(CIRCULAR,),
        shows_says=THREE_YES,
    ),
    ask(
        SIDI,
        "fr",
        "Salam, labass ? La prochaine visio de COOP'R, c'est quel jour et à quelle heure chez "
        "nous à Nouakchott ?",
        STEERING,
        "25 novembre",
        "10:00",
        absent=(CIRCULAR,),
        command="/prochain coopr",
        shows=(STEERING, "10:00"),
    ),
    ask(
        SIDI,
        "fr",
        "Salam alikoum, labass ? Qu'est-ce qui est prévu pour Terr'ESS la semaine prochaine, et "
        "où ça se passe, inchallah ?",
        GATHERING,
        "Louga",
        MONTHLY,
        absent=(CIRCULAR, YOUTH),
        command="/agenda",
        shows=(GATHERING, MONTHLY),
    ),
    ask(
        ISSOUF,
        "fr",
        "On dit quoi ? C'est qui le point focal de Louga même ? Je veux le joindre",
        "Mamadou",
        absent=("Coumba",),
        command="/quiest Louga",
    ),
    ask(
        ISSOUF,
        "fr",
        "c'est comment, j'ai répondu quoi pour le webinaire de demain soir déjà ? Je me rappelle "
        "plus",
        CIRCULAR,
        says=SAID_YES_FR,
        command="/prochain",
        shows=(CIRCULAR,),
    ),
    ask(
        NADEGE,
        "fr",
        "bonjour, la visio des points focaux afrique centrale de jeudi elle tient toujours ? on "
        "ma dit quelle etait annulee",
        cancelled=(CANCELLED, "afrique centrale"),
        command="/agenda",
        fixed=True,
    ),
    ask(
        NADEGE,
        "fr",
        "y a t il un sondage en cours ? est ce que le niari a deja repondu ou pas encore",
        NEW_POLL[0],
        says=NOT_YET_FR,
        command="/resultats",
    ),
    # -- English --------------------------------------------------------------------------------
    ask(
        DELROY,
        "en",
        "Wah gwaan! Anything happening this Friday? What time that would be for me here in "
        "Kingston?",
        YOUTH,
        "08:00",
        absent=(CIRCULAR, STEERING),
        command="/agenda",
        shows=(YOUTH,),
    ),
    ask(
        DELROY,
        "en",
        "Bless up. Is there a poll open right now, and did my organisation answer it already?",
        NEW_POLL[0],
        says=HAS_VOTED_EN,
        absent=("has not", "hasn't"),
        command="/results",
        shows=(NEW_POLL[0], "Nouvelle-Aquitaine"),
    ),
    ask(
        WANJIRU,
        "en",
        "Kindly advise who has confirmed attendance for tomorrow evening's webinar. I need the "
        "names for the funder's report.",
        "Koffi",
        "Issouf",
        "Delroy",
        command="/rsvp {circular}",
        fixed=True,
    ),
    ask(
        WANJIRU,
        "en",
        "Good morning. Kindly advise on the agenda of tomorrow evening's webinar, and what time "
        "it starts here in Nairobi.",
        "ressourceries",
        "21:00",
        command="/next",
        shows=(CIRCULAR, "ressourceries"),
    ),
    ask(
        FIONA,
        "en",
        "Good afternoon. Could you tell me who the coordinators of Terr'ESS are? I'd like a wee "
        "word with them about the budget.",
        "Claire",
        absent=(CIRCULAR,),
    ),
    ask(
        FIONA,
        "en",
        "Aye, could you post the link for Friday's youth employment webinar here? A few of us "
        "at the council will join.",
        YOUTH_LINK,
        command="/agenda",
        shows=(YOUTH,),
        group="mention",
        command_in_private=True,
    ),
    ask(
        WEI_LING,
        "en",
        "Hi, the next webinar is when ah? What time in Singapore, can or not tell me?",
        CIRCULAR,
        "02:00",
        absent=(YOUTH,),
        command="/next",
        shows=(CIRCULAR, "02:00"),
    ),
    ask(
        WEI_LING,
        "en",
        "Eh did I RSVP for tomorrow evening's webinar or not? Cannot remember lah",
        says=NOT_ANSWERED_IN_SINGAPORE,
        command="/next",
        shows=(CIRCULAR, "Wednesday"),
    ),
]


# -- the live data, in the running bot --------------------------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Telegram's pacing lifted (the emulator does not enforce it), and Wanjiru a second
    coordinator."""
    return unpaced(settings).model_copy(update={"coordinators": [COORDINATOR, WANJIRU]})


@pytest.fixture
async def live(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
    clock: FrozenClock,
) -> dict[str, int]:
    """The live data above; returns the events' numbers by name (for the commands)."""
    await register(sandbox, roster, ASKERS, group_members=(FIONA,))
    numbers = await schedule(
        roster,
        event(
            "webinar", CIRCULAR, CIRCULAR_AT, 90, link=CIRCULAR_LINK, description=CIRCULAR_AGENDA
        ),
        event("visioconference", STEERING, STEERING_AT, 60, link=STEERING_LINK, project="coopr"),
        event("visioconference", CANCELLED, CANCELLED_AT, 60, link=MONTHLY_LINK),
        event("webinar", YOUTH, YOUTH_AT, 90, link=YOUTH_LINK),
        event(
            "gathering", GATHERING, GATHERING_AT, 240, place=GATHERING_PLACE, zone="Africa/Dakar"
        ),
        event("visioconference", MONTHLY, MONTHLY_AT, 60, link=MONTHLY_LINK),
        cancelled=(CANCELLED,),
    )
    rsvps = ((KOFFI, "yes"), (ISSOUF, "yes"), (DELROY, "yes"), (NADEGE, "maybe"), (FIONA, "no"))
    await answer(roster, numbers[CIRCULAR], rsvps)
    await closed_then_open_poll(sandbox, roster, clock, OLD_POLL, NEW_POLL, FIONA)
    await add_focal_points(roster, PERSONAL_POINTS)
    await roster.delivery.wait_idle()  # the claims told to the coordinators, before they ask
    return {"circular": numbers[CIRCULAR], "youth": numbers[YOUTH]}


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
    for c in (*FIRST_SET, *SECOND_SET, *THIRD_SET, *FOURTH_SET, *FIFTH_SET, *SIXTH_SET):
        case: Any = getattr(c, "values", (c,))[0]  # a Case, or a pytest.param of one
        earlier.add(case.question)
    assert not {c.question for c in cases} & earlier
