"""Yes or no: the answer to a yes/no question read from the text that answers it.

A resolver that can tell the answer sets ``_Reply.verdict`` (a project's members in a country,
a partnership being triennial, an organisation's membership of the projects asked).
Otherwise, the sentence of the answer that holds most of the question's words decides when
it denies them ("il n'est pas obligatoire de ...", "it is not ..."): the answer is "no",
said first with that sentence. A sentence that does not deny is no proof of "yes" (it may
speak of something else), so no verdict is drawn from it.
"""

from __future__ import annotations

import re

from bot.knowledge.documents import query_concepts, stems

__all__ = ["denial"]

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_NEGATION = re.compile(
    r"\b(?:ne|n['’])\s*\w+(?:\s+\w+)?\s+(?:pas|jamais|plus|aucun|aucune|nullement)\b"
    r"|\bpas\s+(?:obligatoire|n[ée]cessaire|besoin|requis|exig[ée]e?)\b"
    r"|\b(?:not|never|no longer)\b|\w+n['’]t\b|\bsans\s+obligation\b",
    re.IGNORECASE,
)
_SHARE = 0.6  # share of the question's content words the deciding sentence must hold


def denial(question: str, text: str) -> str | None:
    """The sentence of ``text`` that answers the yes/no ``question`` with "no", if any: it
    holds most of the question's content words and a negation."""
    concepts = query_concepts(question)
    if len(concepts) < 2:
        return None
    best: tuple[int, str] | None = None
    for sentence in _SENTENCE.split(text):
        sentence = sentence.strip(" •-–—")
        if not sentence:
            continue
        forms = set(stems(sentence))
        held = sum(1 for c in concepts if c.forms & forms)
        if best is None or held > best[0]:
            best = (held, sentence)
    if best is None or best[0] < 2 or best[0] < _SHARE * len(concepts):
        return None
    return best[1] if _NEGATION.search(best[1]) else None
