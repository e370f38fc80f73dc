"""Cue words of the question intents, in French and English (folded, accent-free tokens).

A cue group is a set of single tokens plus a few multi-word phrases (matched on the folded,
space-joined token string). The answer engine reads which groups a question triggers, then
decides the intent from them and from the entities found.

The last section derives the grammar of answers from names: the French preposition before a
country (au, en, aux, à) and the article before a body (le, la, l').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.textnorm import tokenize, words
from bot.knowledge.vocabulary import vocabulary

_V = vocabulary()

__all__ = [
    "COMMON_WORDS",
    "CUES",
    "NUMBER_WORDS",
    "ORDINALS",
    "Cues",
    "cue_vocabulary",
    "detect_cues",
    "english_country_class",
    "french_article_class",
    "french_country_class",
]


@dataclass(frozen=True, slots=True)
class _Group:
    words: frozenset[str]
    phrases: tuple[str, ...]
    asked_by: frozenset[str] = frozenset()
    of: str = ""


CUES: dict[str, _Group] = {
    name: _Group(
        words(group.words),
        tuple(p.strip() for p in group.phrases if p.strip()),
        words(group.asked_by),
        group.of,
    )
    for name, group in _V.cues.items()
}

NUMBER_WORDS: dict[str, int] = dict(_V.words.numbers)

ORDINALS: dict[str, int] = dict(_V.words.ordinals)

_ORDINAL_RE = re.compile(r"^(\d{1,2})(?:e|eme|ieme|em|er|ere|re|st|nd|rd|th|d)$")


def ordinal_value(token: str) -> int | None:
    if token in ORDINALS:
        return ORDINALS[token]
    m = _ORDINAL_RE.match(token)
    return int(m.group(1)) if m else None


# Common words never corrected into a name, nor taken for an organisation's own word.
COMMON_WORDS: frozenset[str] = words(_V.word_list("common"))


@dataclass(frozen=True, slots=True)
class Cues:
    groups: frozenset[str]

    def __contains__(self, group: object) -> bool:
        return group in self.groups

    def any(self, *groups: str) -> bool:
        return any(g in self.groups for g in groups)


_ADDRESS_WORDS = words(_V.word_list("address"))
_TO_WORDS = words(_V.word_list("to"))
_LINK_WORDS = words(_V.word_list("link"))
_RELATION_WORDS = words(_V.word_list("relation"))
_REASON_WORDS = words(_V.word_list("reason"))

_NUMBERED = words(_V.word_list("numbered"))
_LODGING = words(_V.word_list("lodging"))
_HOSTING_VERBS = words(_V.word_list("hosting_verbs"))
_CALL_WORDS = words(_V.word_list("call_words"))
_CALL_MEETING_BEFORE = words(_V.word_list("call_meeting_before"))
_SHARE_WORDS = words(_V.word_list("share_words"))
_SHARE_BEFORE_VERB = words(_V.word_list("share_before_verb"))
_SHARE_BEFORE_NOUN = words(_V.word_list("share_before_noun"))
_SHARE_OBJECTS = words(_V.word_list("share_objects"))


def _hosting(tokens: list[str], k: int) -> bool:
    """Whether the lodging word at ``k`` follows, within three words, a verb of taking charge
    ("assure l'hébergement"): hosting a structure, not lodging people."""
    return any(t in _HOSTING_VERBS for t in tokens[max(0, k - 3) : k])


def _sharing(tokens: list[str], k: int) -> bool:
    """Whether the share word at ``k`` is the verb ("to share their experience", "partager
    les expériences"), not a share of something ("the share of the funding")."""
    prev = tokens[k - 1] if k > 0 else ""
    nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
    return prev in _SHARE_BEFORE_VERB or (nxt in _SHARE_OBJECTS and prev not in _SHARE_BEFORE_NOUN)


def detect_cues(tokens: list[str], lang: str, raw: str) -> Cues:
    """Which cue groups a question triggers (``tokens`` are folded, possibly corrected).

    Besides the groups' words and phrases, a few word senses are told apart: the verb of
    address (not a postal address), a link between two things (not a URL), the English verb
    to pay, a number that is a person's (not an action's), the accented where that folding
    turns into or, the money signs, and a video call (a meeting, not a call for projects)."""
    tokens = [
        "adresser"
        if t in _ADDRESS_WORDS
        and (
            (k > 0 and tokens[k - 1] == "s") or (k + 1 < len(tokens) and tokens[k + 1] in _TO_WORDS)
        )
        else t
        for k, t in enumerate(tokens)
    ]
    tokens = [
        "heberge" if t in _LODGING and _hosting(tokens, k) else t for k, t in enumerate(tokens)
    ]
    tokens = [
        "partage" if t in _SHARE_WORDS and _sharing(tokens, k) else t for k, t in enumerate(tokens)
    ]
    tokens = [
        "visioconference" if t in _CALL_WORDS and k and tokens[k - 1] in _CALL_MEETING_BEFORE else t
        for k, t in enumerate(tokens)
    ]
    token_set = set(tokens)
    joined = " " + " ".join(tokens) + " "
    found: set[str] = set()
    for name, group in CUES.items():
        said = token_set & group.words or any(f" {p} " in joined for p in group.phrases)
        if said or (group.of in CUES and _asked(tokens, group.asked_by, CUES[group.of].words)):
            found.add(name)
    for k, tok in enumerate(tokens):
        if tok in _LINK_WORDS and not token_set & _REASON_WORDS:
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if nxt not in _RELATION_WORDS:
                found.add("unknown_attr")
    if "pays" in token_set and lang == "en":
        found.discard("countries")
        found.add("funding")
    for k, tok in enumerate(tokens):
        if tok in ("numero", "numeros"):
            prev = tokens[k - 1] if k > 0 else ""
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if prev not in _NUMBERED and not nxt.isdigit() and nxt not in NUMBER_WORDS:
                found.add("unknown_attr")
    if re.search(r"(?<!\w)où(?!\w)", raw.casefold()) or (tokens and tokens[0] == "ou"):
        found.add("where")
    if tokens and (tokens[-1] == "ou" or " c ou " in joined or " est ou " in joined):
        found.add("where")  # "c'est ou ?", "c ou": "où" typed without its accent
    if " qu est ce qui " in joined or " est ce qui " in joined:
        found.discard("who")
    if "%" in raw:
        found.add("funding")
    if "€" in raw:
        found.add("funding")
    return Cues(frozenset(found))


def _asked(tokens: list[str], asking: frozenset[str], asked: frozenset[str]) -> bool:
    """Whether a word of ``asked`` comes right after a word of ``asking`` (one word, an
    article or an adjective, may stand between: "quelles autres collectivités")."""
    for k, tok in enumerate(tokens):
        if tok in asked and any(t in asking for t in tokens[max(0, k - 2) : k]):
            return True
    return False


def cue_vocabulary() -> frozenset[str]:
    """Every cue token (for the spelling corrector)."""
    vocab: set[str] = set()
    for group in CUES.values():
        vocab |= group.words
        for phrase in group.phrases:
            vocab.update(tokenize(phrase))
    return frozenset(vocab)


# --------------------------------------------------------------------------- grammar
# The country model has no preposition form, nor bodies a gender: both are derived here from
# the names, with the usual French rules; the exceptions are in data/vocabulary/grammar.toml
# and the words themselves in the catalogues (answers.in_country.*, answers.article.*).

_FR_COUNTRIES_BARE = frozenset(tokenize(_V.grammar.french_countries.bare))
_FR_COUNTRIES_MASC_E = frozenset(tokenize(_V.grammar.french_countries.masculine_e))
_FR_COUNTRIES_PLURAL = frozenset(tokenize(_V.grammar.french_countries.plural))
_VOWELS = frozenset("aeiou")


def french_country_class(name: str) -> str:
    """``masculine`` (au), ``feminine`` (en, also before a vowel), ``plural`` (aux) or
    ``bare`` (à), from the French name of a country."""
    toks = tokenize(name)
    if not toks:
        return "bare"
    first = toks[0]
    if first in _FR_COUNTRIES_BARE:
        return "bare"
    if first in _FR_COUNTRIES_PLURAL:
        return "plural"
    if first[0] in _VOWELS:
        return "feminine"
    if first.endswith("e") and first not in _FR_COUNTRIES_MASC_E:
        return "feminine"
    return "masculine"


_EN_COUNTRIES_THE = frozenset(tokenize(_V.grammar.english_countries.the))


def english_country_class(name: str) -> str:
    """``bare`` (in X) or ``masculine`` (any class with "the")."""
    toks = tokenize(name)
    return "masculine" if toks and toks[0] in _EN_COUNTRIES_THE else "bare"


_FR_FEMININE_HEADS = words(_V.grammar.french_heads.feminine)
_FR_MASCULINE_HEADS = words(_V.grammar.french_heads.masculine)
_FR_PLURAL_HEADS = words(_V.grammar.french_heads.plural)


def french_article_class(display: str, head_noun: str) -> str:
    """The article before a body shown as ``display`` whose full French name starts with
    ``head_noun``: ``elided`` (an acronym or head noun starting with a vowel), ``feminine``,
    ``masculine``, ``plural`` or ``bare`` (proper names, without article).
    """
    shown = tokenize(display)
    heads = tokenize(head_noun)
    head = heads[0] if heads else ""
    known = head in _FR_FEMININE_HEADS or head in _FR_MASCULINE_HEADS or head in _FR_PLURAL_HEADS
    if shown and shown[0][0] in _VOWELS and (known or display.isupper()):
        return "elided"
    if head in _FR_PLURAL_HEADS:
        return "plural"
    if head in _FR_FEMININE_HEADS:
        return "feminine"
    if head in _FR_MASCULINE_HEADS:
        return "masculine"
    return "bare"
