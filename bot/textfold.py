"""Folding text for comparison: the one place where case, accents, ligatures and apostrophes
are taken out of what people type and of the names they type it against.

``fold("Côte d’Ivoire")`` is ``"cote d'ivoire"``; :func:`normalize` keeps the alphanumeric
tokens (``"cote d ivoire"``) and :func:`compact` glues them (``"cotedivoire"``), so that
``"COOP’R"``, ``"Coop R"`` and ``"coopr"`` meet. Pure and cheap; the answer engine
(``bot/knowledge/textnorm.py``), the name finder (:mod:`bot.names`), the date grammar
(:mod:`bot.dates`) and the polls' keywords all fold through here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["APOSTROPHES", "compact", "fold", "fold_aligned", "normalize", "tokens"]

# Every apostrophe-like character people (and phones) type.
APOSTROPHES = "'’‘`´ʼʹ′＇‛"
_APOS_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Casefold and strip accents; ligatures spelled out; apostrophe variants become ``'``.

    >>> fold("Côte d’Ivoire")
    "cote d'ivoire"
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _APOS_RE.sub("'", text)


def fold_aligned(text: str) -> str | None:
    """``fold(text)`` when every character keeps its position (a match on it slices
    ``text`` itself); None when folding changes the length ("œ" -> "oe")."""
    folded = fold(text)
    return folded if len(folded) == len(text) else None


# American spellings of the "-ise" words, as the British and French ones write them
# ("decentralized", "organization": "decentralised", "organisation"); long words only
_IZE_RE = re.compile(r"(?<=\w{4})iz(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")


def tokens(text: str) -> list[str]:
    """Folded alphanumeric tokens; apostrophes, hyphens and punctuation separate tokens
    (``l'ouest`` -> ``l``, ``ouest``); "-ize" words written "-ise" ("decentralized")."""
    return [_IZE_RE.sub("is", t) if "iz" in t else t for t in _NON_ALNUM_RE.split(fold(text)) if t]


def normalize(text: str) -> str:
    """Tokens joined by single spaces: the canonical form of a name (``"coop r"``)."""
    return " ".join(tokens(text))


def compact(text: str) -> str:
    """Tokens glued together: ``COOP'R`` -> ``coopr``, ``Terr’ESS`` -> ``terress``."""
    return "".join(tokens(text))
