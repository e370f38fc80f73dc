"""A self-introduction before the question: context, never the question.

"Je représente le conseil X (pays). Quels autres conseils participent au projet ?" and "Hello,
I am the focal point of Y. What is the goal of Z?" open with who the asker is; the names of
that introduction must not take over the question. :func:`split_introduction` separates the
introduction (its opening phrases are the ``introduction`` list of ``words.toml``) from the
question that follows it; the engine answers the question, and the introduction may only add
context (see :meth:`~bot.knowledge.engine.Answerer._with_context`): the asker's project when the
question says "the project" without naming one, and the asker's organisation left out when the
question asks about the *others*.
"""

from __future__ import annotations

import re

from bot.knowledge.textnorm import fold, tokenize
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import _OPEN_QUESTION, _POLAR_LEADING

__all__ = ["EXCEPT", "OTHERS", "split_introduction"]

_V = vocabulary()
_OPENINGS = tuple(
    " ".join(fold(p).split()) for p in _V.word_list("introduction").split(";") if p.strip()
)
OTHERS = frozenset(_V.word_list("others").split())
EXCEPT = {lang: _V.word_list(f"except_{lang}").strip() for lang in ("fr", "en")}
# a sentence ends at ".", "!" or ";" followed by a space, or at a line break
_SENTENCE = re.compile(r"(?<=[.!;])\s+|\n+")


def _introduces(sentence: str) -> bool:
    toks = [fold(t) for t in tokenize(sentence)]
    while toks and toks[0] in _POLAR_LEADING:
        toks = toks[1:]
    said = " ".join(toks)
    return any(said == p or said.startswith(p + " ") for p in _OPENINGS)


def split_introduction(raw: str) -> tuple[str, str] | None:
    """(introduction, question) when ``raw`` opens with a self-introduction followed by a
    question; None otherwise."""
    parts = [p.strip() for p in _SENTENCE.split(raw) if p.strip()]
    if len(parts) < 2 or "?" in parts[0] or not _introduces(parts[0]):
        return None
    k = 1
    while k < len(parts) - 1 and "?" not in parts[k] and _introduces(parts[k]):
        k += 1
    question = " ".join(parts[k:])
    toks = {fold(t) for t in tokenize(question)}
    if "?" not in question and not toks & _OPEN_QUESTION:
        return None
    return " ".join(parts[:k]), question
