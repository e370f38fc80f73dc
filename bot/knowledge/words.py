"""Word lists of the answer engine (folded tokens)."""

from __future__ import annotations

import re

from bot.knowledge.lexicon import (
    cue_vocabulary,
)
from bot.knowledge.textnorm import words

_KIND_WORDS: dict[str, frozenset[str]] = {
    "regional_natural_park": words("parc parcs park parks pnr"),
    "departmental_council": words(
        "departemental departementaux departementale departementales departmental "
        "departement departements department departments"
    ),
    "regional_council": words("regional regionaux regionale regionales region regions"),
    "autonomous_district": words("district districts"),
    "municipal_council": words(
        "municipal municipaux municipale municipales municipalite municipalites municipality "
        "municipalities commune communes ville villes city cities town towns"
    ),
    "provincial_council": words("provincial provinciaux province provinces"),
    "association_of_municipalities": words("association associations"),
    "intercommunal_grouping": words(
        "groupement groupements grouping groupings intercommunal intercommunaux "
        "intercommunale intercommunales intercommunalite intercommunalites"
    ),
    "community_of_municipalities": words("communaute communautes community communities"),
}

_KIND_EXPAND: dict[str, frozenset[str]] = {
    "regional_council": frozenset({"regional_council", "region"}),
    "municipal_council": frozenset({"municipal_council", "municipality"}),
    "intercommunal_grouping": frozenset(
        {"intercommunal_grouping", "community_of_municipalities", "association_of_municipalities"}
    ),
}

_COUNCIL_WORDS = words("conseil conseils council councils")

# "quelles régions" may mean "which members" (a district is not a region, but is meant)
_LOOSE_KIND_WORDS = words("region regions")

_REGIONAL_ADJECTIVES = words("regional regionaux regionale regionales")

_KIND_VOCABULARY = frozenset().union(*_KIND_WORDS.values())

_ALL_COUNCILS = frozenset(
    {"regional_council", "departmental_council", "provincial_council", "municipal_council"}
)

_ACTION_WORDS = words("action actions")

_GATHERING_WORDS = words(
    "regroupement regroupements gathering gatherings rassemblement rassemblements"
)

_PARTNERSHIP_WORDS = words(
    "partenariat partenariats partnership partnerships jumelage jumelages twinning"
)

_MEETING_WORDS = words("reunion reunions meeting meetings rencontre rencontres rendez vous")

_YEAR_RE = re.compile(r"^(19|20)\d\d$")

# Generic heads and tails of organisation names: what is left is the "core" people use.
_ORG_HEADS: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in sorted(
        [
            "conseil regional",
            "conseil departemental",
            "conseil provincial",
            "conseil municipal",
            "district autonome",
            "parc naturel regional",
            "pnr",
            "region",
            "ville",
            "municipalite",
            "commune",
            "communaute communes",
            "departement",
            "province",
            "ex region",
            "ancienne region",
        ],
        key=lambda h: -len(h.split()),
    )
)

_ORG_TAILS: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in ["regional council", "council", "region", "province", "municipality", "city"]
)

# --------------------------------------------------------------------------- small parsers


_CUE_WORDS = cue_vocabulary()

# Words of action questions that say nothing about which action is meant.
_ACTION_SEARCH_NOISE = words(
    "action actions projet projets project projects quelle quelles quel quels which what "
    "concerne concernent concern concerns porte portent sur about parle activite activites "
    "activity activities prevoit prevues plan planned collectivite collectivites chaque each "
    "local government governments participante participantes participating"
)

_PLACE_LIKE = frozenset({"organisation", "place", "action", "meeting", "partnership"})

# Facts of a project itself: with one of them, "what is ... coopr" is about the project.
_PROJECT_FACTS = (
    "funding",
    "call",
    "members",
    "countries",
    "webinars",
    "gatherings",
    "actions",
    "when",
    "status",
    "count",
    "technical_partners",
)

# Usual short forms of countries the CLDR does not list.
_OTHER_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "cd": ("RDC", "DRC", "RD Congo", "Congo Kinshasa", "République démocratique du Congo"),
    "us": ("USA", "Etats Unis", "US"),
    "gb": ("UK", "Angleterre", "England"),
    "bf": ("Burkina",),
}

# Cue groups naming a precise topic: "both projects" + one of them is about that topic, not
# about the members the projects share.
_TOPIC_CUES = (
    "funding",
    "call",
    "webinars",
    "gatherings",
    "actions",
    "seminar",
    "self_assessment",
    "remote",
    "communication",
    "when",
    "when_explicit",
    "status",
    "countries",
    "animator",
    "objectives",
    "theme",
)

_PROJECT_WORDS = words("projet projets project projects")

# Who leads something, asked by a person's name ("le nom du responsable").
_LEAD_PERSON_WORDS = words(
    "responsable responsables coordinateur coordinatrice coordinator coordinators animateur "
    "animatrice"
)

# How many people came ("combien de personnes", "how many participants").
_HEADCOUNT_WORDS = words(
    "participants participant personnes people persons attendees participe participated "
    "attended attend venus present presents gens volontaires volunteers volontaire volunteer"
)

# Elided articles and pronouns typed without their apostrophe ("latelier", "quest").
_ELIDED = frozenset({"l", "d", "qu", "c", "j", "n"})

_SHORT_ELIDED = frozenset({"est", "afd", "ess", "ue", "eau"})

_COOP_NEXT = ("decentral", "international", "interregional")

_ROLE_WORDS = words("role roles fonction function")

_EXCLUDE_WORDS = words(
    "besides except excluding apart sauf hormis excepte exceptes excepter outre part"
)

_EXCLUDE_PAIRS = frozenset({("other", "than"), ("autre", "que"), ("autres", "que")})

# Words before or after the name of a thing ("le projet X", "the X programme").
_NAMED_THING_WORDS = words(
    "projet projets project projects programme programmes program programs reseau network "
    "partenariat partnership dispositif scheme initiative"
)

# Words before a funder's name: "came from Dijon", "versé par Dijon", "de la part de".
_SOURCE_WORDS = words("from par by part provient vient venait")

# The Atlas's column for the foreign side ("Collectivités et partenaires étrangers").
_FOREIGN_WORD = "etrangers"

# "Now", "compared with": a time question about places, not about a meeting's programme.
_NOW_WORDS = words("maintenant now actuellement currently locale local rapport compared versus vs")

# Who speaks at a meeting (its agenda's facilitators), not who organises it.
_SPEAKER_WORDS = words(
    "intervenant intervenants intervenante intervenantes speaker speakers panelistes panelists "
    "presentateur presentateurs presenter presenters orateur orateurs spoke"
)

_PRESENT_WORDS = words(
    "presente presentes presentee presentent presenter presentation presentations presents "
    "presented presenting present"
)

# Words of time questions that also occur in agenda items ("Informal time...").
_AGENDA_NOISE = words(
    "time times heure heures hour hours quelle what when quand agenda programme program "
    "ordre jour schedule timetable"
)

_CLOCK_RE = re.compile(r"\b([01]?\d|2[0-3])\s*(?:h|:)\s*([0-5]\d)?(?!\d)", re.IGNORECASE)

# Verbs people use for the same history step ("the president came" = "visit").
_HISTORY_SYNONYMS: dict[str, str] = dict.fromkeys(
    words("venu venue venus venues came visite visites visiter visited visiting visits"),
    "visit",
)

_MONTHS = words(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "january february march april may june july august september october november december"
)

_KIND_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(phrase.split()), kind)
    for phrase, kind in (
        ("parc naturel regional", "regional_natural_park"),
        ("parcs naturels regionaux", "regional_natural_park"),
        ("regional natural park", "regional_natural_park"),
        ("regional natural parks", "regional_natural_park"),
        ("conseil departemental", "departmental_council"),
        ("conseils departementaux", "departmental_council"),
        ("departmental council", "departmental_council"),
        ("departmental councils", "departmental_council"),
        ("conseil municipal", "municipal_council"),
        ("conseils municipaux", "municipal_council"),
        ("municipal council", "municipal_council"),
        ("conseil provincial", "provincial_council"),
        ("provincial council", "provincial_council"),
        ("district autonome", "autonomous_district"),
        ("association communes", "association_of_municipalities"),
        ("associations communes", "association_of_municipalities"),
        ("communaute communes", "community_of_municipalities"),
        ("communautes communes", "community_of_municipalities"),
    )
)

# The words of "combien de temps" / "how much time" (not "Temps convivial").
_DURATION_WORDS = words("temps time")

# Words joining names in a list ("et" / "and" are already dropped from the filtered stream).
_LIST_JOINERS = words("ou or ni nor neither")

# Negations and exclusions before a name, and the words that may stand between them.
_NEGATION_WORDS = words("pas not non hors outside sans without aren isn arent isnt excluding")

_EXCLUSION_GAP = words(
    "ceux celles celui celle those ones one membres membre members member collectivites "
    "collectivite pays country countries dans in inclus included involved partie part "
    "sont est are is font fait been being ete encore yet also aussi deja already engages "
    "engagees engage participe participent participating parmi among un une des"
)
