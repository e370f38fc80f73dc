"""The attribute a question asks for ("where", "when was it founded", "how much in euros").

A table, not rules: each attribute has the words and phrases that ask for it, per language
(folded, as :func:`bot.knowledge.textnorm.tokenize` gives them), and optionally words one of
which must also be there ("créé" asks for a founding date only next to "quand", "année"...).
:func:`asked` returns the attributes a question asks for, most specific first. Which
records hold which attribute is decided in :mod:`bot.knowledge.gaps`.

The rows live in ``data/vocabulary/attributes.toml``: to teach the bot a new way of asking,
add a word or a phrase to the right row there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.sounds import sound_key
from bot.knowledge.textnorm import tokenize, words
from bot.knowledge.vocabulary import vocabulary

__all__ = ["ATTRIBUTES", "AttributeCue", "asked"]


@dataclass(frozen=True, slots=True)
class AttributeCue:
    name: str
    words: frozenset[str]  # any of these tokens asks for the attribute
    phrases: tuple[str, ...] = ()  # or any of these (folded, space-separated) phrases
    needs: frozenset[str] = frozenset()  # and one of these tokens, when not empty
    raw: str = ""  # or this regular expression on the question as typed
    reports: str = ""  # the attribute asked, when not ``name`` (two rows may ask for one)
    unless: frozenset[str] = frozenset()  # not when one of these tokens is there


ATTRIBUTES: tuple[AttributeCue, ...] = tuple(
    AttributeCue(
        name,
        words(f"{spec.fr} {spec.en}"),
        tuple(" ".join(tokenize(p)) for p in spec.phrases if p.strip()),
        words(spec.needs),
        spec.raw,
        spec.reports,
        words(spec.unless),
    )
    for name, spec in vocabulary().attributes.items()
)

_SOUNDED = 6  # letters a word needs to be recognised by its sound ("telefone", "adrese")
# the attributes' longer words, by their sound
_SOUNDS: dict[str, dict[str, str]] = {
    cue.name: {sound_key(w): w for w in cue.words if len(w) >= _SOUNDED} for cue in ATTRIBUTES
}


def _heard(token: str, cue: str) -> bool:
    """Whether ``token`` is ``cue`` written as heard ("telefone"), not another form of a
    word that begins alike ("conclusion" is not "conclusions", "attended" not "attendee")."""
    stem = min(len(token), len(cue)) - 2
    return token[:stem] != cue[:stem]


# "pas besoin du mail", "no need for the phone number", "name only, no email": what follows
# is not asked
_WAIVED = re.compile(
    r"\b(?:pas besoin d[eu]?|pas la peine d[eu]?|inutile d[eu]?|no need (?:for|of)?|"
    r"don t need|without|sans|no|not|pas d[eu]?)\s+"
    r"(?:(?:le|la|les|l|son|sa|ses|leur|the|his|her|their)\s+)?(\w+)"
)


_WHEN_WORDS = frozenset({"when", "quand", "qd", "kan"})
_HOW_MUCH = frozenset({"combien", "cb", "much", "montant", "amount", "euros", "eur"})


def asked(question: str, tokens: list[str] | None = None) -> list[str]:
    """The attributes ``question`` asks for (names from :data:`ATTRIBUTES`, in its order; a
    row with ``reports`` counts as that attribute: ``founded_when`` is ``founded``). A word
    said not to be needed ("pas besoin du mail") asks for nothing."""
    toks = tokens if tokens is not None else tokenize(question)
    waived = set(_WAIVED.findall(" ".join(toks)))
    toks = [t for t in toks if t not in waived]
    present = set(toks)
    joined = f" {' '.join(toks)} "
    heard = {sound_key(t): t for t in present if len(t) >= _SOUNDED}
    out: list[str] = []
    for cue in ATTRIBUTES:
        hit = bool(present & cue.words) or any(f" {p} " in joined for p in cue.phrases)
        sounds = _SOUNDS[cue.name]
        hit = hit or any(_heard(t, sounds[k]) for k, t in heard.items() if k in sounds)
        hit = hit or bool(cue.raw and re.search(cue.raw, question, re.IGNORECASE))
        if hit and (not cue.needs or present & cue.needs) and not present & cue.unless:
            name = cue.reports or cue.name
            if name not in out:
                out.append(name)
    if "amount" in out and "count" in out:
        out.remove("count")  # "combien de sous", "how many euros": an amount, not a count
    if "amount" in out and present & _WHEN_WORDS and not present & _HOW_MUCH:
        out.remove("amount")  # "by when must the revised budget be sent?": a date
    return out
