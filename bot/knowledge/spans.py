"""Time between two things a question names ("how many years between the start of X and the
Y meeting?", "combien d'années entre la première convention et le début du partenariat ?"):
the two things, each dated by the year it names or by the answer about it."""

from __future__ import annotations

import re

from bot.knowledge.textnorm import tokenize
from bot.knowledge.words import phrase_list

__all__ = ["first_year", "years_between"]

_YEARS_ASKED = phrase_list("years_asked")
_BETWEEN = re.compile(
    r"\b(?:between|entre)\s+(?P<a>.+?)\s+(?:and|et)\s+(?P<b>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def years_between(raw: str) -> tuple[str, str] | None:
    """The two things a "how many years between A and B" question names, else None."""
    folded = f" {' '.join(tokenize(raw))} "
    if not any(p in folded for p in _YEARS_ASKED):
        return None
    m = _BETWEEN.search(raw)
    if m is None:
        return None
    a, b = m["a"].strip(" ,;:"), m["b"].strip(" ,;:")
    return (a, b) if a and b else None


def first_year(text: str) -> int | None:
    """The first year written in ``text`` (1800-2099)."""
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None
