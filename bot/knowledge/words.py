"""Word lists of the answer engine (folded tokens)."""

from __future__ import annotations

import re

from text_to_num import alpha2digit

from bot.knowledge.lexicon import (
    cue_vocabulary,
)
from bot.knowledge.textnorm import tokenize, words
from bot.knowledge.vocabulary import vocabulary

_V = vocabulary()

_KIND_WORDS: dict[str, frozenset[str]] = {k: words(v) for k, v in _V.words.kinds.items()}

_KIND_EXPAND: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _V.words.kind_expand.items()}

_COUNCIL_WORDS = words(_V.word_list("council"))

_LOOSE_KIND_WORDS = words(_V.word_list("loose_kind"))

_REGIONAL_ADJECTIVES = words(_V.word_list("regional_adjectives"))

_KIND_VOCABULARY = frozenset().union(*_KIND_WORDS.values())

# "councils" alone: every kind of local government run by an elected council
_ALL_COUNCILS = frozenset(
    {
        "regional_council",
        "departmental_council",
        "provincial_council",
        "municipal_council",
        "autonomous_district",
    }
)

_ACTION_WORDS = words(_V.word_list("action"))
_UNDECIDED = words(_V.word_list("undecided"))

_GATHERING_WORDS = words(_V.word_list("gathering"))

_PARTNERSHIP_WORDS = words(_V.word_list("partnership"))

_MEETING_WORDS = words(_V.word_list("meeting"))

_YEAR_RE = re.compile(r"^(19|20)\d\d$")

_ORG_HEADS: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split()) for h in sorted(_V.words.org_names.heads, key=lambda h: -len(h.split()))
)

_ORG_TAILS: tuple[tuple[str, ...], ...] = tuple(tuple(h.split()) for h in _V.words.org_names.tails)

# --------------------------------------------------------------------------- small parsers


_CUE_WORDS = cue_vocabulary()

# Words of action questions that say nothing about which action is meant.
_ACTION_SEARCH_NOISE = words(_V.word_list("action_search_noise"))

_PLACE_LIKE = frozenset({"organisation", "place", "action", "meeting", "partnership"})

# Usual short forms of countries the CLDR does not list.
_OTHER_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = dict(_V.places.country_aliases)

_PROJECT_WORDS = words(_V.word_list("project"))

# Words that filter a list of projects by status.
_STATUS_ONGOING = words(_V.word_list("status_ongoing"))
_STATUS_FINISHED = words(_V.word_list("status_finished"))
_STATUS_PLANNED = words(_V.word_list("status_planned"))

_LEAD_PERSON_WORDS = words(_V.word_list("lead_person"))

_HEADCOUNT_WORDS = words(_V.word_list("headcount"))

_ELIDED = frozenset(_V.words.elision.articles)

_SHORT_ELIDED = frozenset(_V.words.elision.short_words)

# Short forms read as a full word before some words: short form -> (meaning, next words).
_SHORT_FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    k: (v.means, v.before) for k, v in _V.words.short_forms.items()
}

_ROLE_WORDS = words(_V.word_list("role"))

_EXCLUDE_WORDS = words(_V.word_list("exclude"))

_EXCLUDE_PAIRS = frozenset({("other", "than"), ("autre", "que"), ("autres", "que")})

_NAMED_THING_WORDS = words(_V.word_list("named_thing"))

_SOURCE_WORDS = words(_V.word_list("source"))

_FOREIGN_WORD = "etrangers"

_NOW_WORDS = words(_V.word_list("now"))

# Who speaks at a meeting (its agenda's facilitators), not who organises it.
_SPEAKER_WORDS = words(_V.word_list("speaker"))

# first words of a history step that goes on with the step before it
_CONTINUES = words(_V.word_list("continuation"))
# phrases after which a meeting named is the occasion of the question, not its subject
_OCCASION_OF = tuple(
    " ".join(tokenize(p)) for p in _V.word_list("occasion_of").split(";") if p.strip()
)

_PRESENT_WORDS = words(_V.word_list("present"))

_AGENDA_NOISE = words(_V.word_list("agenda_noise"))

_CLOCK_RE = re.compile(r"\b([01]?\d|2[0-3])\s*(?:h|:)\s*([0-5]\d)?(?!\d)", re.IGNORECASE)

_HISTORY_SYNONYMS: dict[str, str] = {
    w: step for step, spelled in _V.words.synonyms.items() for w in words(spelled)
}

_MONTHS = words(_V.word_list("months"))

_KIND_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(phrase.split()), kind)
    for kind, phrases in _V.words.kind_phrases.items()
    for phrase in phrases
)

_DURATION_WORDS = words(_V.word_list("duration"))

_LIST_JOINERS = words(_V.word_list("list_joiners"))

# Negations and exclusions before a name, and the words that may stand between them.
_NEGATION_WORDS = words(_V.word_list("negation"))

_EXCLUSION_GAP = words(_V.word_list("exclusion_gap"))

# Yes/no questions (see data/vocabulary/words.toml)
_POLAR_OPENERS = words(_V.word_list("polar_openers"))
_POLAR_LEADING = words(_V.word_list("polar_leading"))
_SUPERLATIVE = words(_V.word_list("superlative"))
_FACILITATING = words(_V.word_list("facilitating"))  # who runs a meeting itself
_POLAR_PRONOUNS = words(_V.word_list("polar_pronouns"))
_COMPARISON = words(_V.word_list("comparison"))
_REMAINING = words(_V.word_list("remaining"))
_POLAR_TAILS = tuple(
    " ".join(p.split()) for p in _V.word_list("polar_tails").split(";") if p.strip()
)
_POLAR_OPENING = tuple(
    " ".join(p.split()) for p in _V.word_list("polar_opening").split(";") if p.strip()
)
_OPEN_QUESTION = words(_V.word_list("open_question"))
_COURTESY = words(_V.word_list("courtesy"))
_WHICH_WORDS = words(_V.word_list("which_words"))
_FOLLOW_ON = words(_V.word_list("follow_on"))
_REQUEST_WORDS = words(_V.word_list("request_words"))


def phrase_list(name: str) -> tuple[str, ...]:
    """A ``words.toml`` list of phrases separated by ";", each padded with spaces to be
    looked for in a question's folded tokens joined by spaces (" la meme annee ")."""
    return tuple(f" {' '.join(p.split())} " for p in _V.word_list(name).split(";") if p.strip())


# chat shorthands and what they stand for (words.toml ``shorthands``)
_SHORTHANDS: dict[str, str] = {
    " ".join(short.split()): full.strip()
    for short, _, full in (p.partition("=") for p in _V.word_list("shorthands").split(";"))
    if short.strip() and full.strip()
}
_SHORTHAND_RE = re.compile(
    r"(?<![\w'’])("
    + "|".join(
        r"\s+".join(map(re.escape, short.split()))
        for short in sorted(_SHORTHANDS, key=len, reverse=True)
    )
    + r")(?![\w'’])"
)


_BIG_NUMBER_WORDS = words(_V.word_list("big_number_words"))
# "75 pour 100" (what "septante-cinq pour cent" reads as): a percentage
_PER_HUNDRED = re.compile(r"(\d)\s+pour\s+100\b")


def with_digits(text: str, lang: str) -> str:
    """``text`` with its numbers written in words as digits ("septante-cinq pour cent" ->
    "75 %", "deux mille dix-sept" -> "2017"; text2num), when one is beyond ten; "les deux
    projets", "three partners", "un membre" stay as written."""
    if not set(tokenize(text)) & _BIG_NUMBER_WORDS:
        return text  # "trois partenaires": words the engine reads as they are
    return _PER_HUNDRED.sub(r"\1 %", alpha2digit(text, lang))


_DICTATION = {
    spoken.strip().casefold(): mark.strip()
    for spoken, _, mark in (p.rpartition("=") for p in _V.word_list("dictation").split(";"))
    if spoken.strip() and mark.strip()
}
_DICTATION_RE = re.compile(
    r"\s*\b("
    + "|".join(r"\s+".join(map(re.escape, s.split())) for s in sorted(_DICTATION, key=len)[::-1])
    + r")\b",
    re.IGNORECASE,
)
# a word spelt out letter by letter ("le sigle D C T C I V"): three capitals or more
_SPELT = re.compile(r"(?<!\S)[A-Z](?: [A-Z]){2,}(?!\S)")


def written_out(text: str) -> str:
    """``text`` with its chat shorthands written out ("cb de webinaires pr X" -> "combien de
    webinaires pour X"; a shorthand in capitals is an acronym and stays), its punctuation said
    aloud written ("... point d'interrogation" -> "...?") and an acronym spelt out letter by
    letter written as one ("D C T C I V" -> "DCTCIV")."""
    text = _SPELT.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _DICTATION_RE.sub(lambda m: _DICTATION[" ".join(m.group(1).split()).casefold()], text)
    return _SHORTHAND_RE.sub(lambda m: _SHORTHANDS[" ".join(m.group(1).split())], text)


_SAME_YEAR = phrase_list("same_year")
