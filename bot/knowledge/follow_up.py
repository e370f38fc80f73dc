"""A question that follows the asker's previous one in a conversation ("Combien de membres au
pays A dans X ?" then "Et au pays B ?", "Who funds X?" then "and when did it start?").

:func:`follow_up` writes the follow-up out as a question that stands alone, or says it
already does (``None``):

* an elliptic one (no question word of its own, a few words naming something: "Et au
  pays B ?", "what about Y?") is the previous question asked again of what it names: each
  record of the previous question of a kind the follow-up names is replaced by it;
* one that asks its own thing but names no record ("et qui le finance ?", "and its
  budget?") gets the records the previous question named.

A question naming its own project, organisation, partnership, meeting or network (but "Et
dans Y ?"), or that does not read as a follow-up (no "et"/"and" before it, no "it"), stands
alone; so does a thank-you.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.knowledge.lexicon import ordinal_value
from bot.knowledge.matching import NAME_STOPWORDS
from bot.knowledge.words import (
    _FOLLOW_ON,
    _OPEN_QUESTION,
    _REQUEST_WORDS,
    phrase_list,
    written_out,
)

if TYPE_CHECKING:
    from bot.knowledge.engine import Answerer
    from bot.knowledge.query import _Query

__all__ = ["follow_up"]

_RECORDS = ("project", "organisation", "partnership", "meeting", "network")
_OPENERS = phrase_list("follow_on_phrases")
_PRONOUNS = frozenset(phrase_list("follow_on_pronouns")[0].split())
_ELLIPTIC_WORDS = 6  # at most this many words, those opening a follow-up aside


def _spans(q: _Query) -> list[tuple[int, int, str]]:
    """Each mention of ``q`` as (first token, end token, kind) in ``q.tokens``."""
    keep = [k for k, t in enumerate(q.tokens) if t not in NAME_STOPWORDS]
    return [(keep[m.start], keep[m.end - 1] + 1, m.ref.kind) for m in q.mentions]


def follow_up(
    engine: Answerer, previous: str, question: str, lang: str | None, today: date
) -> str | None:
    """``question`` written out with what ``previous`` asked about, or ``None`` when it
    stands alone."""
    raw = written_out(question.strip())
    lng = engine._language(raw, lang)
    q = engine._parse(raw, lng, today)
    tokens = q.tokens
    lead = 0
    while lead < len(tokens) and tokens[lead] in _FOLLOW_ON:
        lead += 1
    opening = f" {' '.join(tokens)} "
    phrase = next((p for p in _OPENERS if opening.startswith(p)), None)
    if phrase is not None:  # "what about the countries?"
        lead = max(lead, len(phrase.split()))
    own = tokens[lead:]
    asks = bool(set(own) & (_OPEN_QUESTION | _REQUEST_WORDS))
    # "it", "its", "a-t-il": what the previous question named ("that" is too often the
    # question's own: "how do I do that?")
    back = bool(set(tokens) & _PRONOUNS)
    # "Et au pays B ?", "what about B?": opened as a follow-up, a few words naming something
    elliptic = bool(lead and q.mentions and own) and not asks and len(own) <= _ELLIPTIC_WORDS
    if q.has(*_RECORDS) and not elliptic:
        return None  # it names what it asks about
    before = written_out(previous.strip())
    p = engine._parse(before, engine._language(before, lang), today)
    if not p.mentions:
        return None
    if elliptic:
        # "Et au pays B ?": the previous question, of B instead of what it named of that kind
        named = {kind: (start, end) for start, end, kind in _spans(q)}
        words = list(p.tokens)
        replaced = False
        for start, end, kind in sorted(_spans(p), reverse=True):
            if kind in named:
                s, e = named.pop(kind)
                words[start:end] = q.tokens[s:e]
                replaced = True
        if replaced:
            extra = [" ".join(q.tokens[s:e]) for s, e in named.values()]
            return " ".join([*words, *extra]) + " ?"
    ranks = [k for k, t in enumerate(own) if ordinal_value(t) is not None]
    if lead and not asks and len(ranks) == 1 and len(own) <= _ELLIPTIC_WORDS:
        # "Et le deuxième ?": the previous question, of that rank instead of its own
        theirs = [k for k, t in enumerate(p.tokens) if ordinal_value(t) is not None]
        if len(theirs) == 1:
            words = list(p.tokens)
            words[theirs[0]] = own[ranks[0]]
            return " ".join(words) + " ?"
    if q.has(*_RECORDS) or not (back or (lead and (asks or len(own) <= _ELLIPTIC_WORDS))):
        return None
    if engine.answer(raw, lang, today).intent == "greeting":
        return None  # "et merci !"
    # "et qui le finance ?": what the previous question named, but what this one names itself
    kinds = frozenset(m.ref.kind for m in q.mentions)
    lent = engine._named_words(p, kinds)
    if not lent:
        return None
    return f"{raw.rstrip(' ?')} {' '.join(lent)} ?"
