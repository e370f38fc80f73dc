"""Twenty questions about live data (10 fr, 10 en), written blind, in voices the first five
sets do not have: a Moroccan official writing French with turns calqued on Arabic ("que Dieu
vous garde", "demander sur"); a Comorian focal point in Moroni; a Swiss retired volunteer; a
Senegalese mayor's aide using abbreviations (PF, RDV, webi); a dyslexic member writing
phonetically ("ojourdui", "lé", "kel"); a Cameroonian anglophone writing formal English; a
Canadian (Ontario) intern; a South African official; a Brazilian partner writing English; a busy
coordinator typing without punctuation. End to end through the emulator, each reply checked
against what the matching command shows to the same asker.

Blind score (first run, nothing of the bot changed): 8/20 (fr 4/10, en 4/10). The twelve that
failed are marked xfail (strict) with what the bot replied (``BLIND``):
* "les coordinateurs de Terr'ESS, c'est qui ? ... que Dieu vous récompense" -> Karima's own
  answer to tonight's meeting ("Votre réponse : ✅ oui"), no coordinator;
* "La réunion des points focaux de ce soir ... à quelle heure chez nous aux Comores ?" ->
  Analanjirofo's card ("Conseil régional Analanjirofo — conseil régional, Madagascar"), no
  meeting, no time;
* "ai-je déjà donné ma réponse pour la réunion des points focaux de ce soir ?" -> "Je n'ai pas
  cette information dans mes données." (/prochain shows "Votre réponse : ❌ non");
* "Le comité technique de début décembre ... me donner le lien" -> tonight's meeting and its
  link, not the committee of 3 December;
* "c ki le PF de Keur Massar stp ? ... avant le RDV de lundi" -> the next event's card
  (tonight's meeting), no focal point (/quiest Keur Massar lists Ousmane);
* "é ce kil i a kelke choz ojourdui ? ... a kel eur sé la visio" -> COOP'R's action 1 (a
  WhatsApp group and visios) from the documents, "les documents ne disent pas de montant";
* "I wish to enquire about the agenda of this evening's meeting of the focal points" ->
  Terr'ESS's action 4 (three gatherings of the focal points), not the meeting's agenda;
* "did I ever RSVP for tonight's focal points call??" -> "The documents say nothing about
  'RSVP'", then the projects' calls for projects (Emily has not answered);
* in the group, "What time does tonight's focal points meeting start in Johannesburg time?" ->
  Terr'ESS's action 4 (three gatherings), no time (20:30 in Johannesburg);
* "Next Monday there is a workshop for the elected officials, no? Where ... what time for me in
  São Paulo?" -> tonight's meeting card (15:30 São Paulo), not the workshop in Thiès;
* the coordinator Rachel's "who said yes for tonights focal points meeting need the names for
  the funder asap" -> "I don't know 'need funder'. Try /whois NAME or /focalpoints COUNTRY."
  (/rsvp 1 as her lists Ebenezer, Karima, Thandi);
* her "whats on this week for terress need it for the newsletter" -> Terr'ESS's project card
  (summary, dates, funding), no event.
Passed: the next COOP'R visio "chez nous à Oujda" (Friday 27th, 10:00), in the group "Et le
lien pour se connecter ce soir ?" replying to /prochain, "Le webi de demain c a kel h ? Et
envoie le lien" (12:00 Dakar and its link), "lé sondage il son toujour ouvér ? é nous on a
voté ou pa ?" (not yet), how many confirmed for this evening (3, no name), the public
procurement webinar "for me here in Toronto" (07:00), whether Nouvelle-Aquitaine answered the
open poll (yes), the cancelled solidarity tourism webinar of Thursday.
Then all twelve fixed by general mechanisms (tests/qa/test_live_mechanisms_6.py), marked
``fixed`` (their blind reply kept in ``BLIND``): people named joined to an event's word ("la
réunion des points focaux de ce soir", "tonight's focal points call"; "call" an event word, not
in "a call for projects")
name that event, not whom they are; who asks said before asking ("Je suis le point focal de X")
is read whole, not asked; a weekday said with "next" ("next Monday", "lundi prochain") is the
first after today, never today; words of a planned event's title that only some events have
("le comité technique") pick those; a week named is as sure as a day named ("whats on this
week for P"); "PF" is a focal point; words written as heard ("ojourdui", "kelke choz", "kil i
a", "kel eur"); "ever" asks nothing more ("did I ever RSVP"); "le compte rendu" (to send) is of
a meeting held, not an answer ("rendu" no misspelt "répondu"); a month named, and the part of
it ("début décembre": the 1st to the 10th), picks its events; a word read as a misspelt cue that
names a place is the place ("aux Comores" is no misspelt "comes": the time there).
One failure of the first run was this test's own bug, fixed before the marking: Karima's
COOP'R visio was expected at 11:00 in Casablanca (UTC+1 by the system's zone files), but the
bot reads the packaged tzdata 2026f, where Morocco is on UTC+0 then: the reply said 10:00
(Oujda) and /prochain coopr as her shows 10:00. The command of every other question was run as
its asker once (outside the test) and shows what the test expects of it.
The first run was made on a working tree where other people's uncommitted work on the
documents' answers (not the live answers) was under way; the same twelve failed on a clean
copy of the last commit (fd11355).

The clock is the suite's frozen NOW (Monday 23 November 2026, 09:00 UTC): "ce soir",
"aujourd'hui", "tonight", "this evening" are Monday 23, "demain"/"tomorrow" Tuesday 24,
"Thursday" the 26th, "this week" Monday 23 to Sunday 29, "next Monday" / "lundi" 30 November,
"début décembre" Thursday 3 December, whatever the real date.

Live data:
* Terr'ESS, the focal points' monthly meeting, a visio TONIGHT 18:30 UTC (18:30 Dakar; 19:30
  Paris, Zurich, Douala; 20:30 Johannesburg; 21:30 Moroni; 13:30 Toronto; 15:30 São Paulo) with
  its link and its agenda; Ebenezer (Centre, Cameroon), Karima (Oriental) and Thandi
  (Nouvelle-Aquitaine) answered yes, Saïd (Analanjirofo) maybe, Jean-Daniel (Auvergne-Rhône-
  Alpes) no; Emily (Grand Est) did not answer;
* Terr'ESS, a webinar on responsible public procurement TOMORROW 12:00 UTC (12:00 Dakar, 07:00
  Toronto) with its link (Lucas: yes);
* Terr'ESS, a webinar on solidarity tourism on Thursday 15:00 UTC, CANCELLED;
* COOP'R, a visio on Friday 27 November 10:00 UTC (10:00 Casablanca: by the packaged tzdata
  2026f, Morocco is on UTC+0 then);
* Terr'ESS, a training workshop for elected officials in Thiès (Senegal) NEXT MONDAY 09:00 UTC
  (06:00 São Paulo), with its programme;
* Terr'ESS, the technical committee's visio on Thursday 3 December 13:00 UTC, with its link;
* two polls sent in private: the older closed, the newer open and answered by Lucas
  (Nouvelle-Aquitaine) only;
* focal point claims (to be confirmed): Ousmane (listed) and Mariama (not listed) for Keur
  Massar (Senegal), Saïd (listed) for Analanjirofo; the coordinator Claire, who agreed to be
  listed; a second coordinator, Rachel (English), who did not say.
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
from tests.roster import unpaced

# -- the askers (besides Claire, the coordinator) ---------------------------------------------

KARIMA = 3501  # Morocco, Oriental (Terr'ESS and COOP'R), Casablanca time: an official
SAID = 3502  # Comorian focal point of Analanjirofo (Madagascar), in Moroni
JEAN_DANIEL = 3503  # Swiss retired volunteer with Auvergne-Rhône-Alpes, Zurich time
MOUSTAPHA = 3504  # Senegal, Pikine, Dakar: the mayor's aide, abbreviations
KEVIN = 3505  # France, Grand Est, Paris: dyslexic, writes as he hears
EBENEZER = 3506  # Cameroon (anglophone), Centre, Douala time: formal English
EMILY = 3507  # Canadian intern with Grand Est, Toronto time, English
THANDI = 3508  # South African official seconded to Nouvelle-Aquitaine, Johannesburg time
LUCAS = 3509  # Brazilian partner of Nouvelle-Aquitaine, São Paulo time, English
RACHEL = 3510  # a second coordinator, English, Paris time, in a hurry

ASKERS = (
    Asker(
        KARIMA,
        "Karima",
        "Benjelloun",
        "fr",
        "Africa/Casablanca",
        "ma",
        "oriental",
        ("terress", "coopr"),
    ),
    Asker(SAID, "Saïd", "Ahamada", "fr", "Indian/Comoro", "mg", "cr-analanjirofo"),
    Asker(JEAN_DANIEL, "Jean-Daniel", "Favre", "fr", "Europe/Zurich", "fr", "auvergne-rhone-alpes"),
    Asker(MOUSTAPHA, "Moustapha", "Ndiaye", "fr", "Africa/Dakar", "sn", "cm-pikine"),
    Asker(KEVIN, "Kevin", "Lemaire", "fr", "Europe/Paris", "fr", "grand-est"),
    Asker(EBENEZER, "Ebenezer", "Ngwa", "en", "Africa/Douala", "cm", "cr-centre-cameroun"),
    Asker(EMILY, "Emily", "Carter", "en", "America/Toronto", "fr", "grand-est"),
    Asker(THANDI, "Thandi", "Nkosi", "en", "Africa/Johannesburg", "fr", "nouvelle-aquitaine"),
    Asker(LUCAS, "Lucas", "Oliveira", "en", "America/Sao_Paulo", "fr", "nouvelle-aquitaine"),
    Asker(RACHEL, "Rachel", "Owens", "en", "Europe/Paris", "fr", "auvergne-rhone-alpes"),
)

# -- the live data -----------------------------------------------------------------------------

MEETING = "Réunion mensuelle des points focaux"
MEETING_AT = NOW.replace(hour=18, minute=30)  # tonight, Monday 18:30 UTC
MEETING_LINK = "https://visio.example.org/points-focaux"
MEETING_AGENDA = (
    "Ordre du jour : budget 2027, calendrier des missions de terrain, questions diverses"
)
WEBINAR = "Commande publique responsable"
WEBINAR_AT = NOW.replace(hour=12) + timedelta(days=1)  # tomorrow, Tuesday 12:00 UTC
WEBINAR_LINK = "https://visio.example.org/commande-publique"
CANCELLED = "Tourisme solidaire"
CANCELLED_AT = NOW.replace(hour=15) + timedelta(days=3)  # Thursday 15:00 UTC, cancelled
COOPR = "Réunion COOP'R volet Maroc"
COOPR_AT = NOW.replace(hour=10) + timedelta(days=4)  # Friday 27 November 10:00 UTC
COOPR_LINK = "https://visio.example.org/coopr-maroc"
WORKSHOP = "Atelier de formation des élus locaux"
WORKSHOP_AT = NOW + timedelta(days=7)  # next Monday 09:00 UTC
WORKSHOP_PLACE = "Maison des élus, Thiès (Sénégal)"
WORKSHOP_PROGRAMME = "Programme : finances locales, marchés publics, visite du marché central"
COMMITTEE = "Comité technique Terr'ESS"
COMMITTEE_AT = NOW.replace(hour=13) + timedelta(days=10)  # Thursday 3 December 13:00 UTC
COMMITTEE_LINK = "https://visio.example.org/comite-technique"
OLD_POLL = "La durée des visios vous convient-elle ?"
NEW_POLL = ("Quel jour préférez-vous pour les webinaires ?", "Mardi", "Jeudi", "Vendredi")

PERSONAL_POINTS = (
    (3601, "Ousmane", True, "cd-keur-massar"),
    (3602, "Mariama", False, "cd-keur-massar"),
    (SAID, "Saïd", True, "cr-analanjirofo"),
)

# What a right reply says, accent-free and case-insensitive.
SAID_NO_FR = r"❌|\bnon\b|ne (serez|viendrez|participerez) pas|decline"
NOT_YET_FR = r"pas encore|n'a pas|n'ont pas|aucune reponse|pas (vote|repondu)"
NOT_ANSWERED_EN = (
    r"not (yet )?(answered|replied|responded|rsvp)|haven't (yet )?(answered|replied|responded)"
    r"|no answer|not yet"
)
HAS_VOTED_EN = r"\byes\b|already|has (voted|answered|responded)|\b1 (voter|vote|answer)"
THREE_YES = (
    r"(\b3\b\D{0,25}(yes|oui|✅|coming|attend|confirm))"
    r"|((yes|oui|✅|coming|attend|confirm)\D{0,25}\b3\b)"
)

# What the bot replied on the blind run to the questions that failed, by their first words.
BLIND = {
    "Excusez-moi, les coordinateurs": "Karima's own answer to tonight's meeting (\"Votre "
    'réponse : ✅ oui"), no coordinator',
    "Bonsoir. Je suis le point focal": "Analanjirofo's card (Conseil régional Analanjirofo — "
    "conseil régional, Madagascar), no meeting, no time",
    "Bonjour. À mon âge": '"Je n\'ai pas cette information dans mes données."',
    "Bonjour. Le comité technique": "tonight's meeting and its link, not the committee of "
    "3 December",
    "Slt, c ki le PF": "the next event's card (tonight's meeting), no focal point",
    "é ce kil i a": "COOP'R's action 1 (WhatsApp group, visios) from the documents, \"les "
    'documents ne disent pas de montant"',
    "Good day. I wish": "Terr'ESS's action 4 (three gatherings of the focal points), not the "
    "meeting's agenda",
    "ok also did I ever": "\"The documents say nothing about 'RSVP'\", then the projects' calls "
    "for projects",
    "Good day colleagues": "Terr'ESS's action 4 (three gatherings), no time",
    "Hello friends! Next Monday": "tonight's meeting card (15:30 São Paulo), not the workshop "
    "in Thiès",
    "who said yes for tonights": "\"I don't know 'need funder'. Try /whois NAME or "
    '/focalpoints COUNTRY."',
    "whats on this week": "Terr'ESS's project card (summary, dates, funding), no event",
}


def fr(who: int, question: str, *expect: str, fixed: bool = False, **options: Any) -> object:
    """One question; ``fixed``: it failed blind and passes since (its blind reply kept as the
    record, in ``BLIND``)."""
    return question_param(
        Question(who, question, "fr", expect, **options), blind_reply(BLIND, question), fixed
    )


def en(who: int, question: str, *expect: str, fixed: bool = False, **options: Any) -> object:
    return question_param(
        Question(who, question, "en", expect, **options), blind_reply(BLIND, question), fixed
    )


CASES = [
    # -- French ---------------------------------------------------------------------------------
    fr(
        KARIMA,
        "Salam, que Dieu vous garde. Je voulais demander sur la prochaine visio de COOP'R : elle "
        "tombe quel jour, et à quelle heure chez nous à Oujda ?",
        COOPR,
        "27 novembre",
        "10:00",
        absent=(MEETING,),
        command="/prochain coopr",
        shows=(COOPR, "10:00"),
    ),
    fr(
        KARIMA,
        "Excusez-moi, les coordinateurs de Terr'ESS, c'est qui ? Je veux leur envoyer le compte "
        "rendu, que Dieu vous récompense.",
        "Claire",
        fixed=True,
    ),
    fr(
        SAID,
        "Bonsoir. Je suis le point focal d'Analanjirofo, basé à Moroni. La réunion des points "
        "focaux de ce soir, elle commence à quelle heure chez nous aux Comores ?",
        MEETING,
        "21:30",
        command="/prochain",
        fixed=True,
    ),
    fr(
        SAID,
        "Merci. Et le lien pour se connecter ce soir, s'il vous plaît ?",
        MEETING_LINK,
        command="/prochain",
        group="reply",
    ),
    fr(
        JEAN_DANIEL,
        "Bonjour. À mon âge, la mémoire flanche un peu : ai-je déjà donné ma réponse pour la "
        "réunion des points focaux de ce soir ? Et qu'ai-je répondu, je vous prie ?",
        MEETING,
        says=SAID_NO_FR,
        command="/prochain",
        shows=(MEETING,),
        fixed=True,
    ),
    fr(
        JEAN_DANIEL,
        "Bonjour. Le comité technique de début décembre, c'est bien en visioconférence ? Auriez-"
        "vous l'obligeance de me donner le lien, que je le note dans mon carnet.",
        COMMITTEE_LINK,
        command="/agenda",
        shows=(COMMITTEE,),
        fixed=True,
    ),
    fr(
        MOUSTAPHA,
        "Slt, c ki le PF de Keur Massar stp ? Le maire veut l'appeler avant le RDV de lundi",
        "Ousmane",
        absent=("Mariama",),
        command="/quiest Keur Massar",
        fixed=True,
    ),
    fr(
        MOUSTAPHA,
        "Le webi de demain c a kel h stp ? Et envoie le lien, le maire va se connecter depuis "
        "la mairie",
        WEBINAR,
        "12:00",
        WEBINAR_LINK,
        command="/agenda",
        shows=(WEBINAR,),
    ),
    fr(
        KEVIN,
        "é ce kil i a kelke choz ojourdui ? je sé plu a kel eur sé la visio",
        MEETING,
        "19:30",
        absent=(WEBINAR, COMMITTEE),
        command="/agenda",
        shows=(MEETING,),
        fixed=True,
    ),
    fr(
        KEVIN,
        "lé sondage il son toujour ouvér ? é nous on a voté ou pa ?",
        NEW_POLL[0],
        says=NOT_YET_FR,
        command="/resultats",
    ),
    # -- English --------------------------------------------------------------------------------
    en(
        EBENEZER,
        "Good day. I wish to enquire about the agenda of this evening's meeting of the focal "
        "points, so that I may prepare my submissions accordingly.",
        "budget 2027",
        command="/next",
        fixed=True,
    ),
    en(
        EBENEZER,
        "Kindly let me know how many colleagues have confirmed their attendance for this "
        "evening's meeting. I thank you in advance.",
        says=THREE_YES,
        absent=("Karima", "Thandi"),
        command="/next",
        shows=(MEETING,),
        shows_says=THREE_YES,
    ),
    en(
        EMILY,
        "Hey! Sorry to bug you, is the public procurement webinar tomorrow? What time is that "
        "for me here in Toronto?",
        WEBINAR,
        "07:00",
        command="/agenda",
        shows=(WEBINAR,),
    ),
    en(
        EMILY,
        "ok also did I ever RSVP for tonight's focal points call?? can't remember if I clicked "
        "anything lol",
        MEETING,
        says=NOT_ANSWERED_EN,
        command="/next",
        fixed=True,
    ),
    en(
        THANDI,
        "Good morning. Kindly advise whether there is a poll open at present, and whether "
        "Nouvelle-Aquitaine has already submitted its response.",
        NEW_POLL[0],
        says=HAS_VOTED_EN,
        absent=("nouvelle-aquitaine has not", "nouvelle-aquitaine hasn't"),
        command="/results",
        shows=(NEW_POLL[0], "Nouvelle-Aquitaine"),
    ),
    en(
        THANDI,
        "Good day colleagues. What time does tonight's focal points meeting start in "
        "Johannesburg time, please?",
        "20:30",
        command="/next",
        shows=(MEETING,),
        group="mention",
        fixed=True,
    ),
    en(
        LUCAS,
        "Hello friends! Next Monday there is a workshop for the elected officials, no? Where it "
        "will be and what time for me in São Paulo?",
        WORKSHOP,
        "Thiès",
        "06:00",
        command="/agenda",
        shows=(WORKSHOP, "Thiès"),
        fixed=True,
    ),
    en(
        LUCAS,
        "Is the solidarity tourism webinar of Thursday still happening? I heard maybe it was "
        "cancelled, I need to know for my agenda",
        cancelled=(CANCELLED, "solidarity tourism"),
        command="/agenda",
    ),
    en(
        RACHEL,
        "who said yes for tonights focal points meeting need the names for the funder asap",
        "Ebenezer",
        "Karima",
        "Thandi",
        command="/rsvp {meeting}",
        fixed=True,
    ),
    en(
        RACHEL,
        "whats on this week for terress need it for the newsletter",
        MEETING,
        WEBINAR,
        absent=(WORKSHOP, COMMITTEE, COOPR),
        command="/agenda",
        shows=(MEETING, WEBINAR),
        fixed=True,
    ),
]


# -- the live data, in the running bot --------------------------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Telegram's pacing lifted (the emulator does not enforce it), and Rachel a second
    coordinator."""
    return unpaced(settings).model_copy(update={"coordinators": [COORDINATOR, RACHEL]})


@pytest.fixture
async def live(
    app: CoopApplication,
    sandbox: Sandbox,
    roster: Services,  # noqa: F811
    clock: FrozenClock,
) -> dict[str, int]:
    """The live data above; returns the events' numbers by name (for the commands)."""
    services = roster
    await register(sandbox, services, ASKERS, group_members=(SAID, THANDI))
    numbers = await schedule(
        services,
        event(
            "visioconference",
            MEETING,
            MEETING_AT,
            60,
            link=MEETING_LINK,
            description=MEETING_AGENDA,
        ),
        event("webinar", WEBINAR, WEBINAR_AT, 90, link=WEBINAR_LINK),
        event("webinar", CANCELLED, CANCELLED_AT, 90, link=WEBINAR_LINK),
        event("visioconference", COOPR, COOPR_AT, 60, link=COOPR_LINK, project="coopr"),
        event(
            "gathering",
            WORKSHOP,
            WORKSHOP_AT,
            360,
            place=WORKSHOP_PLACE,
            description=WORKSHOP_PROGRAMME,
            zone="Africa/Dakar",
        ),
        event("visioconference", COMMITTEE, COMMITTEE_AT, 120, link=COMMITTEE_LINK),
        cancelled=(CANCELLED,),
    )
    await answer(
        services,
        numbers[MEETING],
        (
            (EBENEZER, "yes"),
            (KARIMA, "yes"),
            (THANDI, "yes"),
            (SAID, "maybe"),
            (JEAN_DANIEL, "no"),
        ),
    )
    await answer(services, numbers[WEBINAR], ((LUCAS, "yes"),))
    await closed_then_open_poll(sandbox, services, clock, OLD_POLL, NEW_POLL, LUCAS)
    await add_focal_points(services, PERSONAL_POINTS)
    await services.delivery.wait_idle()  # the claims told to the coordinators, before they ask
    return {"meeting": numbers[MEETING], "webinar": numbers[WEBINAR]}


@pytest.mark.parametrize("case", CASES)
async def test_live_phrasing(sandbox: Sandbox, live: dict[str, int], case: Question) -> None:
    """One question in its own session of the bot (so that each can be marked on its own)."""
    await check_question(sandbox, live, case)


def test_twenty_new_phrasings_half_french_half_english() -> None:
    cases = [p.values[0] for p in CASES]  # type: ignore[attr-defined]
    assert len(cases) == 20
    assert sum(c.lang == "fr" for c in cases) == sum(c.lang == "en" for c in cases) == 10
    earlier: set[str] = set()
    for c in (*FIRST_SET, *SECOND_SET, *THIRD_SET, *FOURTH_SET, *FIFTH_SET):
        case: Any = getattr(c, "values", (c,))[0]  # a Case, or a pytest.param of one
        earlier.add(case.question)
    assert not {c.question for c in cases} & earlier
