"""Words written as they sound: a rough French-and-English phonetic key.

People who write as they hear ("kofinansé", "partenaria", "kel pay") keep a word's sound and
lose its spelling; an edit distance misses them when several letters changed. Two words with
the same key sound alike: hard "c", "k" and "qu" are one sound, so are soft "c" and "s", "ph"
and "f", "y" and "i", "ai"/"ei" and "e", "au"/"eau" and "o"; doubled letters are single, a
silent "h" is dropped, and the silent letters that end French words (s, t, x, d, e) are not
written (one of them, after an "e" or not). The key is only ever compared with the keys of
known words, for a word that is not one of them
(:meth:`bot.knowledge.matching.NameIndex.correct`).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["sound_key"]

# applied in order, on words already folded (lower case, no accents)
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), said)
    for pattern, said in (
        (r"ph", "f"),
        (r"qu", "k"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"t(?=ion)", "s"),
        (r"ch", "§"),  # kept apart from the hard "c" below
        (r"c", "k"),
        (r"§", "ch"),
        (r"(?<![cs])h", ""),
        (r"eau|au", "o"),
        (r"[ae]i", "e"),
        (r"y", "i"),
        (r"z", "s"),
        (r"(.)\1+", r"\1"),
    )
)
_SILENT_END = re.compile(r"e?[stxd]$|e$")
_SHORTEST = 3  # letters a key keeps after its silent end is dropped


@lru_cache(maxsize=8192)
def sound_key(word: str) -> str:
    """``word`` (folded) as it sounds, roughly ("kofinanse" and "cofinance": "kofinans")."""
    for pattern, said in _SPELLINGS:
        word = pattern.sub(said, word)
    stripped = _SILENT_END.sub("", word)
    return stripped if len(stripped) >= _SHORTEST else word
