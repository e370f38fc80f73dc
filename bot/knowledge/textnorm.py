"""Text normalisation and language detection for free-text questions.

Everything here is pure and cheap: the answer engine normalises every question once, and
every name of the knowledge base once when it builds its indexes, with the same functions,
so that a name written with or without accents, curly apostrophes or hyphens, in any case,
becomes the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.knowledge.vocabulary import vocabulary
from bot.textfold import compact, fold, normalize, tokens

__all__ = [
    "EN_STOPWORDS",
    "FR_STOPWORDS",
    "STOPWORDS",
    "compact",
    "detect_language",
    "fold",
    "normalize",
    "tokenize",
    "words",
]

# Folding is bot/textfold.py's (one module for the whole bot); re-exported here under the
# names the answer engine uses.
tokenize = tokens


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a literal (for word lists)."""
    return frozenset(text.split())


# --- stop words -------------------------------------------------------------------------
# Words that carry no entity: dropped before matching names. Cue words (qui, combien, when,
# members...) are *not* stop words for intent detection, which reads the raw tokens.

FR_STOPWORDS: frozenset[str] = words("""
    a au aux avec ce ces cet cette c ca d dans de des du elle elles en est et etre eux il ils
    j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ou
    par pas pour qu que qui quoi s sa sans se ses si son sont sur t ta te tes toi ton tu un une
    vos votre vous y sont ete etait etaient sera seront font fait faire peut peux pouvez
    quel quelle quels quelles lequel laquelle lesquels lesquelles dont ceux celles celui celle
    est-ce svp stp merci bonjour salut alors donc aussi tres plus moins bien tout tous toute
    toutes quelque quelques chaque entre chez vers via selon apres avant pendant depuis
    ont a-t-il y-a il-y-a t-il ai as avez avons sais savoir dire dis dites connais connaitre
    moi-meme voudrais veux aimerais svp liste lister donne donner montre montrer indique
    indiquer sil plait aura auront aurait auraient avait avaient serait seraient va vont
    fut furent eu
    kel kels kele kelle kelles ds ya cc slt bjr bsr
    """)

EN_STOPWORDS: frozenset[str] = words("""
    a an and are as at be been being but by can could did do does doing for from had has have
    he her his how i if in into is it its me my no not of on or our out she so some such than
    that the their them then there these they this those to too us was we were what which who
    whom whose why will with would you your yours please thanks thank hi hello hey tell show
    give list about any all each there's what's who's whats whos is-there are-there does-it
    also just only very much many get got know let lets let's me
    """)

STOPWORDS: frozenset[str] = FR_STOPWORDS | EN_STOPWORDS


# --- language detection ------------------------------------------------------------------
# Short texts (a name and a word) defeat statistical detectors, so this is a
# weighted vote of very common, unambiguous function and domain words, plus a few spelling
# signals (accents, -tion vs -ment...). Ties go to the hint, then to French.

_LANGUAGE = vocabulary().language
_FR_WORDS: dict[str, float] = dict.fromkeys(words(_LANGUAGE.french.words), 1.0)
_FR_WORDS.update(_LANGUAGE.french.weights)
_EN_WORDS: dict[str, float] = dict.fromkeys(words(_LANGUAGE.english.words), 1.0)
_EN_WORDS.update(_LANGUAGE.english.weights)

_SHARED = {w for w in _FR_WORDS if w in _EN_WORDS}
for _w in _SHARED:
    del _FR_WORDS[_w]
    del _EN_WORDS[_w]

_FR_ACCENTS_RE = re.compile(r"[éèêàùâîôûçëïœ]")
_FR_ELISION_RE = re.compile(r"\b(?:l|d|qu|j|n|s|c)['’]\w", re.IGNORECASE)
_EN_CONTRACTION_RE = re.compile(r"\w['’](?:s|t|re|ve|ll|d)\b", re.IGNORECASE)


def _next_word(raw: str, start: int) -> str:
    """The folded word starting at ``start``."""
    m = _WORD_RE.match(raw, start)
    return fold(m.group(0)) if m else ""


# Adjectives both languages share, placed before the noun in English only.
_PRENOMINAL_EN = frozenset({"total", "global", "final", "principal", "annual"})

# Words that look English but are shared between the languages in this domain.
_NEUTRAL = words(_LANGUAGE.neutral.words)


_WORD_RE = re.compile(r"[^\W\d_]+")
_WORD_TAIL_RE = re.compile(r"[^\W_]+$")

_UNACCENTED_FR = frozenset({"a"})


def detect_language(
    text: str,
    hint: str | None = None,
    names: frozenset[str] = frozenset(),
    *,
    neutral: frozenset[str] = frozenset(),
    votes: Mapping[str, str] | None = None,
) -> str:
    """Return ``"fr"`` or ``"en"`` for a (possibly very short) question.

    ``hint`` (the user's interface language, say) breaks ties, and a French hint wins over words
    that are English only without French accents; French is the default.
    ``names``: folded words of proper names, whose accents and elisions say nothing of the
    question's language.
    ``neutral``: folded words of names that say nothing either (the pieces of a project's
    name); ``votes``: more words of one language (folded word -> ``"fr"`` or ``"en"``), such
    as the countries' demonyms.
    """
    raw = text.casefold()
    score_fr = 0.0
    score_en = 0.0
    if any(_FR_ACCENTS_RE.search(w) and fold(w) not in names for w in _WORD_RE.findall(raw)):
        score_fr += 1.5
    if _FR_ELISION_RE.search(raw):
        elisions = [
            m.group(0)
            for m in _FR_ELISION_RE.finditer(raw)
            if not re.match(r"(?:p|s)['’]r", m.group(0))
            and _next_word(raw, m.end() - 1) not in names
        ]
        if elisions:
            score_fr += 1.0
    if any(
        fold(_WORD_TAIL_RE.findall(raw, 0, m.start() + 1)[-1]) not in neutral
        for m in _EN_CONTRACTION_RE.finditer(raw)
    ):
        score_en += 1.0  # a contraction, unless it is a name's own apostrophe
    toks = tokenize(text)
    ambiguous_en = 0.0
    for k, tok in enumerate(toks):
        if tok in _PRENOMINAL_EN:
            nxt = toks[k + 1] if k + 1 < len(toks) else ""
            prev = toks[k - 1] if k > 0 else ""
            if prev in FR_STOPWORDS and prev not in EN_STOPWORDS:
                pass
            elif (
                prev.isalpha()
                and len(prev) > 1
                and prev not in STOPWORDS
                and prev not in neutral
                and prev not in names
            ):
                score_fr += 1.0  # a noun, then its adjective: "budget total"
            elif nxt.isalpha() and nxt not in STOPWORDS:
                score_en += 1.0
            elif prev.isalpha() and prev not in STOPWORDS:
                score_fr += 1.0
        if tok in _NEUTRAL or tok in neutral:
            continue
        vote = votes.get(tok) if votes else None
        score_fr += _FR_WORDS.get(tok, 1.0 if vote == "fr" else 0.0)
        score_en += _EN_WORDS.get(tok, 1.0 if vote == "en" else 0.0)
        if tok in _UNACCENTED_FR:
            ambiguous_en += _EN_WORDS.get(tok, 0.0)
        if tok not in _FR_WORDS and tok not in _EN_WORDS and not vote and len(tok) > 4:
            if tok.endswith(("ing", "ship", "ness", "ed")):
                score_en += 0.5
            elif tok.endswith(("eux", "euse", "aux", "ees", "ment", "ique", "ais", "aise")):
                score_fr += 0.5
    if hint == "fr" and score_en - ambiguous_en <= score_fr:
        return "fr"
    if score_en > score_fr:
        return "en"
    if score_fr > score_en:
        return "fr"
    return hint if hint in ("fr", "en") else "fr"
