"""Sixteen questions about live data (8 fr, 8 en), written blind, in voices the first seven sets
do not have: a Haitian focal point writing French with Creole touches ("sak pase", "ki lè",
"map"); a Belgian coordinator ("septante", "nonante", "à tantôt"); a Chadian official, very
formal ("Monsieur le bot", "j'ai l'honneur de solliciter"); a Réunionese volunteer whose phone
autocorrects ("la vision" for "la visio", "circuits cours", "sa commence"); a Welsh councillor
("bore da", "diolch"); a Nigerian official, formal ("please confirm", "duly registered"); a New
Zealand intern ("kia ora", "sweet as", "keen to flick them an email"); an Indian-English
coordinator ("kindly revert", "today itself"). End to end through the emulator, each reply
checked against what the matching command shows to the same asker.

Blind score (first run, nothing of the bot changed): 10/16 (fr 4/8, en 6/8). The six that
failed were marked xfail (strict) with what the bot replied (``BLIND``):
* the Belgian coordinator Annick's "qui a confirmé sa présence au webinaire de mercredi ? Il
  me faut les noms, on espère dépasser les septante participants d'ici la fin de l'année" ->
  "Aucun webinaire n'est prévu pour Terr'ESS ce jour-là." (/rsvp 2 as her lists Ngozi Okafor,
  Aroha Parata and Rhys Llewellyn under ✅);
* her "vendredi il y a quoi au programme ? Si c'est en présentiel, il me faut l'adresse et
  l'heure : j'ai nonante kilomètres de route" -> "Je n'ai pas cette information dans mes
  données." (/agenda as her shows the meeting in Bambey, Friday 09:00 Brussels, its place);
* Mahamat's "le programme des activités de Terr'ESS prévues la semaine prochaine, avec les
  heures de N'Djamena" -> the documents' next dated milestone (Terr'ESS's 3rd gathering,
  "2026"), no event (/agenda as him shows the monthly visio, Thursday 3 December 15:00
  N'Djamena);
* Clarisse's "la vision des points focaux de l'océan Indien du mardi 1er décembre elle est
  toujours maintenu ? Ma collègue ma dit quel était annulé" -> the glossary's "Points focaux
  techniques", neither the visio nor that it is cancelled (/agenda as her does not show it);
* the coordinator Arjun's "Kindly revert today itself with the names of the participants who
  have confirmed for Thursday's circuits courts webinar" -> "No webinar is scheduled for
  Terr'ESS on that day." (/rsvp 3 as him lists Mahamat, Rhys and Wideline under ✅);
* his "kindly revert today itself: when is the next webinar and what time will it start in
  India?" -> the same sentence (/next as him shows the local currencies webinar, Wednesday
  21:30 Kolkata).
After the blind run, all six were fixed by general mechanisms (marked ``fixed``, their blind
replies kept in ``BLIND``; tests/qa/test_live_mechanisms_8.py): words that ask nothing are read
whole (``aside`` in data/vocabulary/live.toml: "à tantôt", "kindly revert today itself", "d'ici
la fin de l'année" name no day, no part of a month; "report", "année" are no misspelt
"reporté", "annulé"); the day of a month said before it ("mardi 1er décembre") is a date, not
an ordinal; "le programme des activités de la semaine prochaine" (no event's word, a period
named) is the agenda of that week, not an event's programme; a known word that is an event's
word misspelt ("vision" for "visio") is that word when a day is named and no event's word is
said; "il y a quoi au programme" asks for anything that day (sure), and an agenda asked with
where ("il me faut l'adresse") shows each event's place. "in India" needed nothing more: the
CLDR's country, one zone (Kolkata), once "today itself" no longer named today.
Passed: the time and link of Wednesday's webinar in Port-au-Prince (11:00), whether Wideline's
organisation answered the open poll (yes, Grand Est), the focal points of Bambey (Aminata, not
the unlisted Modou), Clarisse's answer to Thursday's webinar (no) and its time in Réunion
(17:00), what is on this Thursday in Cardiff (13:00, its link), the focal points of Tivaouane
(Ndèye, not Babacar), whether ACAL answered the open poll (not yet), Ngozi's RSVP (yes), the
next COOP'R meeting in Auckland (Tuesday 21:00), in the group the coordinators (Claire and
Annick, not Arjun who did not agree to be listed).
No failure was this test's own bug: the command of each of the six was run as its asker once
(outside the test) and shows what the test expects. The first run was made on a working tree
where other people's uncommitted work on the live answers (bot/live_answers.py,
bot/knowledge/live.py...) was under way; the same six failed, with the same replies, on a clean
copy of the last commit (7848d2b).

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "mercredi",
"Wednesday" are the 25th, "jeudi", "this Thursday" the 26th, "vendredi" the 27th, "la semaine
prochaine" Monday 30 November to Sunday 6 December, whatever the real date. Times by the
packaged tzdata (2026f): Port-au-Prince UTC-5, London UTC+0, Brussels, N'Djamena and Lagos
UTC+1, Réunion UTC+4, Kolkata UTC+5:30, Auckland UTC+13 (summer time).

Live data:
* COOP'R, its technical committee's visio TOMORROW Tuesday 24 November 08:00 UTC (21:00 in
  Auckland), with its link;
* Terr'ESS, a webinar on local currencies on WEDNESDAY 25 November 16:00 UTC (11:00
  Port-au-Prince, 17:00 Lagos, 21:30 Kolkata), with its link and its agenda; Ngozi (ACAL),
  Rhys (Grand Est) and Aroha (Auvergne-Rhône-Alpes) answered yes, Wideline (Grand Est) maybe,
  Mahamat (Extrême-Nord) no; Clarisse, Annick and Arjun did not answer;
* Terr'ESS, a webinar on short supply chains and school canteens on THURSDAY 26 November
  13:00 UTC (13:00 London, 17:00 Réunion), with its link; Wideline, Rhys and Mahamat answered
  yes, Ngozi maybe, Clarisse no; Aroha, Annick and Arjun did not answer;
* Terr'ESS, a meeting of the elected officials in Bambey (Senegal) on FRIDAY 27 November 08:00
  UTC (09:00 Brussels), with its place;
* Terr'ESS, the visio of the Indian Ocean focal points on Tuesday 1 December 10:00 UTC,
  CANCELLED;
* Terr'ESS, the monthly visio on Thursday 3 December 14:00 UTC (15:00 N'Djamena), with its link;
* two polls sent in private: the older closed, the newer open and answered by Rhys (Grand Est)
  only: Grand Est has answered it, ACAL has not;
* focal point claims (to be confirmed): Aminata (listed) and Modou (not listed) for Bambey,
  Ndèye (listed) and Babacar (not listed) for Tivaouane (Senegal); three coordinators: Claire
  and Annick, who agreed to be listed, and Arjun, who did not say.
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
from tests.roster import unpaced

# -- the askers (besides Claire, the coordinator) ---------------------------------------------

WIDELINE = 3901  # Haitian focal point with Grand Est, Port-au-Prince time, French with Creole
ANNICK = 3902  # Belgian coordinator with Auvergne-Rhône-Alpes, Brussels time, French
MAHAMAT = 3903  # Chadian official with Extrême-Nord (Cameroon), N'Djamena time, formal French
CLARISSE = 3904  # Réunionese volunteer with Atsinanana (Madagascar), Réunion time, autocorrect
RHYS = 3905  # Welsh councillor with Grand Est, London time, English
NGOZI = 3906  # Nigerian official with ACAL (Benin), Lagos time, formal English
AROHA = 3907  # New Zealand intern with Auvergne-Rhône-Alpes, Auckland time, Terr'ESS and COOP'R
ARJUN = 3908  # Indian-English coordinator with Nouvelle-Aquitaine, Kolkata time

ASKERS = (
    Asker(WIDELINE, "Wideline", "Jean-Baptiste", "fr", "America/Port-au-Prince", "fr", "grand-est"),
    Asker(ANNICK, "Annick", "Vandenbroucke", "fr", "Europe/Brussels", "fr", "auvergne-rhone-alpes"),
    Asker(MAHAMAT, "Mahamat", "Abakar", "fr", "Africa/Ndjamena", "cm", "cr-extreme-nord"),
    Asker(CLARISSE, "Clarisse", "Hoarau", "fr", "Indian/Reunion", "mg", "cr-atsinanana"),
    Asker(RHYS, "Rhys", "Llewellyn", "en", "Europe/London", "fr", "grand-est"),
    Asker(NGOZI, "Ngozi", "Okafor", "en", "Africa/Lagos", "bj", "acal"),
    Asker(
        AROHA,
        "Aroha",
        "Parata",
        "en",
        "Pacific/Auckland",
        "fr",
        "auvergne-rhone-alpes",
        ("terress", "coopr"),
    ),
    Asker(ARJUN, "Arjun", "Mehta", "en", "Asia/Kolkata", "fr", "nouvelle-aquitaine"),
)

# -- the live data -----------------------------------------------------------------------------

COMMITTEE = "Comité technique COOP'R"
COMMITTEE_AT = NOW.replace(hour=8) + timedelta(days=1)  # tomorrow, Tuesday 24 08:00 UTC
COMMITTEE_LINK = "https://visio.example.org/comite-technique-coopr"
CURRENCIES = "Monnaies locales et finances solidaires"
CURRENCIES_AT = NOW.replace(hour=16) + timedelta(days=2)  # Wednesday 25 16:00 UTC
CURRENCIES_LINK = "https://visio.example.org/monnaies-locales"
CURRENCIES_AGENDA = (
    "Ordre du jour : les monnaies locales complémentaires, l'épargne solidaire, "
    "questions des collectivités"
)
CANTEENS = "Circuits courts et cantines scolaires"
CANTEENS_AT = NOW.replace(hour=13) + timedelta(days=3)  # Thursday 26 13:00 UTC
CANTEENS_LINK = "https://visio.example.org/circuits-courts"
BAMBEY = "Rencontre des élus de Bambey"
BAMBEY_AT = NOW.replace(hour=8) + timedelta(days=4)  # Friday 27 08:00 UTC
BAMBEY_PLACE = "Maison des élus, Bambey (Sénégal)"
CANCELLED = "Visio des points focaux de l'océan Indien"
CANCELLED_AT = NOW.replace(hour=10) + timedelta(days=8)  # Tuesday 1 December 10:00 UTC
MONTHLY = "Point mensuel Terr'ESS"
MONTHLY_AT = NOW.replace(hour=14) + timedelta(days=10)  # Thursday 3 December 14:00 UTC
MONTHLY_LINK = "https://visio.example.org/point-mensuel"
OLD_POLL = "Les comptes rendus des visios vous parviennent-ils ?"
NEW_POLL = (
    "Quel jour préférez-vous pour le point mensuel ?",
    "Mardi",
    "Jeudi",
    "Vendredi",
)

PERSONAL_POINTS = (
    (3951, "Aminata", True, "cd-bambey"),
    (3952, "Modou", False, "cd-bambey"),
    (3953, "Ndèye", True, "cd-tivaouane"),
    (3954, "Babacar", False, "cd-tivaouane"),
)

# What a right reply says, accent-free and case-insensitive.
SAID_NO_FR = r"❌|\bnon\b|ne (serez|viendrez|participerez) pas|decline|absente?\b"
HAS_ANSWERED_FR = (
    r"deja (repondu|vote)|\ba (deja )?(repondu|vote)|ont (deja )?(repondu|vote)"
    r"|\b1 (votant|vote|reponse)"
)
SAID_YES_EN = r"✅|\byes\b|confirmed|registered|you (are|re|'re) (coming|attending)|will attend"
NOT_YET_EN = (
    r"not (yet )?(answered|replied|responded|voted)"
    r"|(hasn't|haven't|has not|have not) (yet )?(answered|replied|responded|voted)"
    r"|no answer|not yet"
)

# What the bot replied on the blind run to the questions that failed, by their first words.
BLIND = {
    "Bonjour ! Pour le rapport au bailleur": "\"Aucun webinaire n'est prévu pour Terr'ESS ce "
    'jour-là.", no name',
    "Dites, vendredi il y a quoi": '"Je n\'ai pas cette information dans mes données."',
    "Monsieur le bot, je vous saurais gré": "the documents' next dated milestone (3rd "
    "gathering, 2026), no event",
    "Bonjour, la vision des points focaux": "the glossary's 'Points focaux techniques', not "
    "the cancelled visio",
    "Kindly revert today itself with the names": "\"No webinar is scheduled for Terr'ESS on "
    'that day.", no name',
    "Dear bot, kindly revert today itself": '"No webinar is scheduled for Terr\'ESS on that day."',
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
        WIDELINE,
        "fr",
        "Sak pase ! Ki lè le webinaire sur les monnaies locales mercredi ? Map suivre depuis "
        "Port-au-Prince, donnez-moi l'heure de chez moi et le lien svp",
        CURRENCIES,
        "11:00",
        CURRENCIES_LINK,
        absent=("16:00", CANTEENS),
        command="/prochain",
    ),
    ask(
        WIDELINE,
        "fr",
        "Bonjou ! Gen yon sondage ki ouvè kounye a ? Est-ce que ma collectivité a déjà répondu "
        "ou pas ? Mèsi anpil",
        NEW_POLL[0],
        says=HAS_ANSWERED_FR,
        command="/resultats",
        shows=(NEW_POLL[0], "Grand Est"),
    ),
    ask(
        ANNICK,
        "fr",
        "Bonjour ! Pour le rapport au bailleur, qui a confirmé sa présence au webinaire de "
        "mercredi ? Il me faut les noms, on espère dépasser les septante participants d'ici la "
        "fin de l'année. À tantôt !",
        "Ngozi",
        "Rhys",
        "Aroha",
        absent=("Clarisse", "Arjun"),
        command="/rsvp {currencies}",
        hides=("Clarisse", "Arjun"),
        fixed=True,
    ),
    ask(
        ANNICK,
        "fr",
        "Dites, vendredi il y a quoi au programme ? Si c'est en présentiel, il me faut l'adresse "
        "et l'heure : j'ai nonante kilomètres de route. À tantôt !",
        BAMBEY,
        "Maison des élus",
        "09:00",
        absent=(CURRENCIES, CANTEENS),
        command="/agenda",
        shows=(BAMBEY, "09:00"),
        fixed=True,
    ),
    ask(
        MAHAMAT,
        "fr",
        "Monsieur le bot, j'ai l'honneur de solliciter de votre haute bienveillance les noms des "
        "points focaux du Conseil départemental de Bambey, afin de prendre attache avec eux. "
        "Veuillez agréer, Monsieur le bot, l'expression de ma haute considération.",
        "Aminata",
        absent=("Modou",),
        command="/quiest Bambey",
    ),
    ask(
        MAHAMAT,
        "fr",
        "Monsieur le bot, je vous saurais gré de bien vouloir me communiquer le programme des "
        "activités de Terr'ESS prévues la semaine prochaine, avec les heures de N'Djamena. "
        "Avec mes respectueuses salutations.",
        MONTHLY,
        "15:00",
        absent=(CURRENCIES, CANTEENS, BAMBEY),
        command="/agenda",
        shows=(MONTHLY, "15:00"),
        fixed=True,
    ),
    ask(
        CLARISSE,
        "fr",
        "Bonjour, la vision des points focaux de l'océan Indien du mardi 1er décembre elle est "
        "toujours maintenu ? Ma collègue ma dit quel était annulé",
        cancelled=(CANCELLED, "ocean indien"),
        command="/agenda",
        fixed=True,
    ),
    ask(
        CLARISSE,
        "fr",
        "Coucou, pour le webinaire de jeudi sur les circuits cours, j'ai répondu quoi déjà ? Et "
        "sa commence a quel heure chez moi à la Réunion ?",
        CANTEENS,
        "17:00",
        says=SAID_NO_FR,
        absent=("13:00",),
        command="/agenda",
        shows=(CANTEENS, "17:00"),
    ),
    # -- English --------------------------------------------------------------------------------
    ask(
        RHYS,
        "en",
        "Bore da! What's on this Thursday, and what time would that be for me in Cardiff? "
        "Please send the joining link too. Diolch.",
        CANTEENS,
        "13:00",
        CANTEENS_LINK,
        absent=(CURRENCIES, BAMBEY, "14:00"),
        command="/agenda",
        shows=(CANTEENS, "13:00"),
    ),
    ask(
        RHYS,
        "en",
        "Could you tell me who the focal points for Tivaouane are? Our twinning committee would "
        "like to write to them. Diolch yn fawr.",
        "Ndèye",
        absent=("Babacar",),
        command="/whois Tivaouane",
    ),
    ask(
        NGOZI,
        "en",
        "Good day. Please confirm whether any poll is currently open, and whether our "
        "organisation has responded to it. Thank you.",
        NEW_POLL[0],
        says=NOT_YET_EN,
        command="/results",
        shows=(NEW_POLL[0], "Grand Est"),
        hides=("Atlantique",),
    ),
    ask(
        NGOZI,
        "en",
        "Good afternoon. Please confirm that my attendance at Wednesday's webinar on local "
        "currencies has been duly registered.",
        CURRENCIES,
        says=SAID_YES_EN,
        absent=("not yet", "have not", "haven't", "not registered"),
        command="/next",
        shows=(CURRENCIES,),
        shows_says=SAID_YES_EN,
    ),
    ask(
        AROHA,
        "en",
        "Kia ora! When's the next COOP'R meeting and what time is that for me in Auckland? "
        "Sweet as, cheers",
        COMMITTEE,
        "21:00",
        absent=(CURRENCIES, "08:00"),
        command="/next coopr",
        shows=(COMMITTEE, "21:00"),
    ),
    ask(
        AROHA,
        "en",
        "kia ora, who are the coordinators for Terr'ESS? keen to flick them an email about my "
        "internship report, sweet as",
        "Claire",
        "Annick",
        absent=("Arjun", CURRENCIES),
        group="mention",
    ),
    ask(
        ARJUN,
        "en",
        "Kindly revert today itself with the names of the participants who have confirmed for "
        "Thursday's circuits courts webinar. It is required for the report.",
        "Wideline",
        "Rhys",
        "Mahamat",
        absent=("Aroha", "Annick"),
        command="/rsvp {canteens}",
        hides=("Aroha", "Annick"),
        fixed=True,
    ),
    ask(
        ARJUN,
        "en",
        "Dear bot, kindly revert today itself: when is the next webinar and what time will it "
        "start in India?",
        CURRENCIES,
        "21:30",
        absent=(CANTEENS, "16:00"),
        command="/next",
        shows=(CURRENCIES, "21:30"),
        fixed=True,
    ),
]


# -- the live data, in the running bot --------------------------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Telegram's pacing lifted (the emulator does not enforce it), and Annick and Arjun two
    more coordinators."""
    return unpaced(settings).model_copy(update={"coordinators": [COORDINATOR, ANNICK, ARJUN]})


@pytest.fixture
async def live(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
    clock: FrozenClock,
) -> dict[str, int]:
    """The live data above; returns the events' numbers by name (for the commands)."""
    await register(sandbox, roster, ASKERS, group_members=(AROHA,))
    numbers = await schedule(
        roster,
        event("visioconference", COMMITTEE, COMMITTEE_AT, 60, link=COMMITTEE_LINK, project="coopr"),
        event(
            "webinar",
            CURRENCIES,
            CURRENCIES_AT,
            90,
            link=CURRENCIES_LINK,
            description=CURRENCIES_AGENDA,
        ),
        event("webinar", CANTEENS, CANTEENS_AT, 60, link=CANTEENS_LINK),
        event("gathering", BAMBEY, BAMBEY_AT, 240, place=BAMBEY_PLACE, zone="Africa/Dakar"),
        event("visioconference", CANCELLED, CANCELLED_AT, 60, link=MONTHLY_LINK),
        event("visioconference", MONTHLY, MONTHLY_AT, 60, link=MONTHLY_LINK),
        cancelled=(CANCELLED,),
    )
    await answer(
        roster,
        numbers[CURRENCIES],
        ((NGOZI, "yes"), (RHYS, "yes"), (AROHA, "yes"), (WIDELINE, "maybe"), (MAHAMAT, "no")),
    )
    await answer(
        roster,
        numbers[CANTEENS],
        ((WIDELINE, "yes"), (RHYS, "yes"), (MAHAMAT, "yes"), (NGOZI, "maybe"), (CLARISSE, "no")),
    )
    await closed_then_open_poll(sandbox, roster, clock, OLD_POLL, NEW_POLL, RHYS)
    await add_focal_points(roster, PERSONAL_POINTS)
    await roster.members.set_consent(ANNICK, True)  # Arjun did not say
    await roster.delivery.wait_idle()  # the claims told to the coordinators, before they ask
    return {"currencies": numbers[CURRENCIES], "canteens": numbers[CANTEENS]}


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
    ):
        case: Any = getattr(c, "values", (c,))[0]  # a Case, or a pytest.param of one
        earlier.add(case.question)
    assert not {c.question for c in cases} & earlier
