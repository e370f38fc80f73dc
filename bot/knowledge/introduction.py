"""A self-introduction, a preamble or a source before the question: context, never the question.

"Je représente le conseil X (pays). Quels autres conseils participent au projet ?" and "Hello,
I am the focal point of Y. What is the goal of Z?" open with who the asker is; the names of
that introduction must not take over the question. :func:`split_introduction` separates the
introduction (its opening phrases are the ``introduction`` list of ``words.toml``) from the
question that follows it; the engine answers the question, and the introduction may only add
context (see :meth:`~bot.knowledge.engine.Answerer._with_context`): the asker's project when the
question says "the project" without naming one, and the asker's organisation left out when the
question asks about the *others*.

:func:`split_context` does the same for the other things people write before their question:
sentences that ask nothing ("We are mapping SSE programmes and I have come across X. Could you
tell me ...?") and a source named first ("D'après le programme de X, ...", "According to the
2017 workshop report, ..."). The question decides; the context only lends the project it
names when the question names nothing itself.

:func:`set_aside` first takes out, in the order of :data:`SET_ASIDE`, what a message holds
besides its question: a closing formula after it ("Veuillez agréer ..."), a source in brackets
or at the end of a sentence ("(page du projet Y)", "..., selon le programme de Y."), whom the
asker writes for ("pour nos auditeurs"), who a statement to check comes from ("On m'a dit
que ..."); and it puts a self-introduction written after the question before it.
:func:`split_wish` reads "nos élus souhaiteraient connaître ..." as a question, and
:func:`referent` what "cette action" stands for.
"""

from __future__ import annotations

import re

from bot.knowledge.textnorm import STOPWORDS, fold, tokenize
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import _OPEN_QUESTION, _POLAR_LEADING
from bot.textfold import fold_aligned

__all__ = [
    "BACK_REFERENCE",
    "EXCEPT",
    "OTHERS",
    "drop_audience",
    "drop_bracket_sources",
    "drop_closing",
    "drop_hearsay",
    "drop_note_after",
    "drop_trailing_sources",
    "introduction_last",
    "referent",
    "set_aside",
    "split_context",
    "split_introduction",
    "split_wish",
]

_V = vocabulary()
_OPENINGS = tuple(
    " ".join(fold(p).split()) for p in _V.word_list("introduction").split(";") if p.strip()
)
_CLOSINGS = tuple(
    " ".join(fold(p).split()) for p in _V.word_list("closing").split(";") if p.strip()
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


_GREETINGS = frozenset(_V.cues["greeting"].words.split()) | {"day", "morning", "evening"}


def _greets(sentence: str) -> bool:
    """Whether a sentence only greets ("Good day.", "Bonjour à tous !")."""
    toks = [fold(t) for t in tokenize(sentence)]
    return 0 < len(toks) <= 4 and bool(set(toks) & _GREETINGS) and "?" not in sentence


def split_introduction(raw: str) -> tuple[str, str] | None:
    """(introduction, question) when ``raw`` opens with a self-introduction followed by a
    question; None otherwise."""
    parts = [p.strip() for p in _SENTENCE.split(raw) if p.strip()]
    # "Good day. I am ...": a greeting before the introduction is part of it
    first = 0
    while first < len(parts) - 2 and _greets(parts[first]):
        first += 1
    if len(parts) < 2 or "?" in parts[first] or not _introduces(parts[first]):
        return None
    k = first + 1
    while k < len(parts) - 1 and "?" not in parts[k] and _introduces(parts[k]):
        k += 1
    question = " ".join(parts[k:])
    toks = {fold(t) for t in tokenize(question)}
    if "?" not in question and not toks & _OPEN_QUESTION:
        return None
    return " ".join(parts[:k]), question


# a source named before the question, up to its comma ("D'après le programme de X, ...")
_SOURCE = re.compile(
    r"^\s*(?:d['’]\s*apr[eè]s|selon|according\s+to|as\s+per|based\s+on)\s+([^,?]{3,100}),\s*(?=\S)",
    re.IGNORECASE,
)


_WISHING = frozenset(_V.word_list("wishing").split())
_KNOWING = frozenset(_V.word_list("knowing").split())


def _asks(sentence: str) -> bool:
    """Whether a sentence asks something: a question mark, a question word first, or a wish
    to know ("nos élus souhaiteraient connaître les collectivités ...")."""
    if "?" in sentence:
        return True
    toks = [fold(t) for t in tokenize(sentence)]
    while toks and toks[0] in _POLAR_LEADING:
        toks = toks[1:]
    if bool(toks) and toks[0] in _OPEN_QUESTION:
        return True
    wish = [k for k, t in enumerate(toks) if t in _WISHING]
    return any(t in _KNOWING for k in wish for t in toks[k + 1 : k + 5])


def split_context(raw: str) -> tuple[str, str] | None:
    """(context, question) when ``raw`` names its source first or opens with sentences that
    ask nothing before its question; None otherwise."""
    m = _SOURCE.match(raw)
    if m is not None and tokenize(raw[m.end() :]):
        return m.group(1), raw[m.end() :]
    parts = _sentences(raw)
    if len(parts) < 2:
        return None
    k = next((j for j, part in enumerate(parts) if _asks(part)), None)
    if k is None or k == 0 or not any(tokenize(p) for p in parts[:k]):
        return None
    question = " ".join(parts[k:])
    # "Pourriez-vous me le communiquer ?", "Could you tell me which they are?": a request
    # that refers back to the sentences before it is one question with them
    own = [t for t in tokenize(question) if t not in _NOT_CONTENT and not t.isdigit()]
    if len(own) < _OWN_WORDS:
        return None
    return " ".join(parts[:k]), question


# sentences end at ".", "!" or a line break (";" and "," join the parts of one sentence); an
# abbreviation of a title ("M.", "Mme.", "Dr.") or an initial ends none
_STOP = re.compile(r"(?<=[.!])\s+|\n+")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|M|Mr|Mrs|Ms|Mme|Mlle|Dr|Pr|St|Me)\.$")
_NOT_CONTENT = (
    STOPWORDS
    | _OPEN_QUESTION
    | _POLAR_LEADING
    | frozenset(_V.word_list("asking").split())
    | frozenset(_V.word_list("request").split())
)
BACK_REFERENCE = frozenset(_V.word_list("back_reference").split())
_OWN_WORDS = 2  # content words a question needs to stand without the sentences before it


def _sentences(raw: str) -> list[str]:
    out: list[str] = []
    for part in (p.strip() for p in _STOP.split(raw)):
        if not part:
            continue
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _closes(sentence: str) -> bool:
    """Whether a sentence is a closing formula ("Je vous prie d'agréer, Monsieur, ...")."""
    said = " ".join(fold(t) for t in tokenize(sentence))
    return any(said == p or said.startswith(p + " ") for p in _CLOSINGS)


_END = re.compile(r"(?<=[.!?])\s+|\n+")


def drop_closing(raw: str) -> str:
    """``raw`` without the closing formulas after its question ("Veuillez agréer ...",
    "Thanks in advance."): they ask nothing and name nothing asked about."""
    parts = [p.strip() for p in _END.split(raw) if p.strip()]
    k = len(parts)
    while k > 1 and "?" not in parts[k - 1] and _closes(parts[k - 1]):
        k -= 1
    return raw if k == len(parts) else " ".join(parts[:k])


_GREETING_QUESTIONS = tuple(
    " ".join(fold(t) for t in tokenize(p))
    for p in _V.word_list("greeting_questions").split(";")
    if p.strip()
)


def drop_greeting_question(raw: str) -> str:
    """``raw`` without a greeting asked as a question before the real one ("Nanga def ? Je
    suis ...", "How are you? When is ..."): it asks nothing about the projects."""
    parts = [p.strip() for p in _END.split(raw) if p.strip()]
    if len(parts) < 2 or not parts[0].rstrip().endswith("?"):
        return raw
    said = [fold(t) for t in tokenize(parts[0])]
    while said and said[0] in _POLAR_LEADING:
        said = said[1:]
    greeting = " ".join(said)
    if greeting and greeting not in _GREETING_QUESTIONS:
        return raw
    return " ".join(parts[1:])


_OR_WORDS = frozenset({"ou", "or", "oswa", "wala", "sinon"})
_GUESS_ENDINGS = tuple(
    " ".join(fold(t) for t in tokenize(p)) for p in _V.word_list("guess_endings").split(";") if p
)


def drop_told_remark(raw: str) -> str:
    """``raw`` without a remark after its question that says where a figure was read or
    heard ("how many countries really? website say 8", "... ? Le site dit 8."): it asks
    nothing; what was said is checked by the question."""
    end = raw.rfind("?")
    if end < 0:
        return raw
    before = raw.rfind("?", 0, end)
    options = [fold(t) for t in tokenize(raw[before + 1 : end])] if before >= 0 else []
    if (
        2 <= len(options) <= 6
        and set(options) & _OR_WORDS
        and not set(options) - _OR_WORDS & _OPEN_QUESTION
    ):
        # "... s'est tenu ? Rabat oswa Casablanca ?": the choices offered are a guess
        return raw[: before + 1]
    remark = raw[end + 1 :]
    said = [fold(t) for t in tokenize(remark)]
    if not said:
        return raw
    # a guess after the question ("... dans kel ville ? rabat ou bien", "which city? Rabat
    # maybe"): the question asks, the guess is no question of its own
    guess = len(said) <= 5 and any(" ".join(said).endswith(g) for g in _GUESS_ENDINGS)
    if not guess and (set(said) & _OPEN_QUESTION or not set(said) & _SAYING):
        return raw
    return raw[: end + 1]


def referent(question: str, before: str) -> str | None:
    """What "cette action", "this workshop" stand for, as the text before names it: the noun
    after the pointing word, found in ``before`` with the number or the name after it ("l'action
    5 du projet" -> "action 5"); None when the question points at nothing named before."""
    asked = [fold(t) for t in tokenize(question)]
    told = [fold(t) for t in tokenize(before)]
    for k, word in enumerate(asked[:-1]):
        noun = asked[k + 1]
        if word not in BACK_REFERENCE or noun in STOPWORDS or noun not in told:
            continue
        j = len(told) - 1 - told[::-1].index(noun)  # the last time it is named
        tail = told[j + 1 : j + 2]
        if tail and (tail[0].isdigit() or tail[0] not in STOPWORDS):
            return f"{noun} {tail[0]}"
    return None


_WISH = re.compile(
    r"\b(?:"
    + "|".join(sorted(_WISHING))
    + r")\b(?:\W+\w+){0,4}?\W+(?:"
    + "|".join(sorted(_KNOWING))
    + r")\b"
)


def split_wish(raw: str) -> tuple[str, str] | None:
    """(who wishes and why, the question from its wish to know on) when a sentence asks by a
    wish after other words ("Nos élus, soucieux de ..., souhaiteraient connaître les
    collectivités ...": what comes before the wish is context); None otherwise (no wish, the
    wish first, or a question asked before it)."""
    folded = fold_aligned(raw)
    m = _WISH.search(folded) if folded is not None else None
    if m is None or "?" in raw[: m.start()] or not tokenize(raw[m.end() :]):
        return None
    before = raw[: m.start()].strip(" ,;")
    if not any(t not in _NOT_CONTENT for t in tokenize(before)):
        return None  # "Bonjour, je voudrais savoir ...": nothing before the wish
    return before, raw[m.start() :]


_AUDIENCE = frozenset(_V.word_list("audience").split())
_PURPOSES = frozenset(_V.word_list("purposes").split())
_FOR_WHOM = re.compile(
    r"\b(?:(?:pour|pr|for|a|to|aupres\s+de)\s+)?(?:nos|notre|mon|ma|mes|our|my)\s+"
    r"(?:\w+\s+){0,2}?(?:" + "|".join(sorted(_AUDIENCE)) + r")\b\s*[,:]?\s*"
    # "... pr une réunion ds 10 min", "for a meeting this afternoon": what the answer is for,
    # at the end of the message
    r"|\b(?:pour|pr|for)\s+(?:une|un|a|an)\s+(?:" + "|".join(sorted(_PURPOSES)) + r")\b[^?]*$"
)


_WHO_THEY_ARE = re.compile(r"(?:qui|who|that)\b[^:,;?]{0,60}[:,;]\s*")


def drop_audience(raw: str) -> str:
    """``raw`` without whom or what the asker writes for ("dites à nos auditeurs comment ...",
    "For our Facebook post, when ...", "pour mon mémoire"): it asks nothing."""
    folded = fold_aligned(raw)
    if folded is None:
        return raw
    out, last = [], 0
    for m in _FOR_WHOM.finditer(folded):
        out.append(raw[last : m.start()])
        last = m.end()
        # "pour nos auditeurs qui ne connaissent pas le sujet : ...": who they are, too
        who = _WHO_THEY_ARE.match(folded, last)
        if who is not None:
            last = who.end()
    if not out:
        return raw
    out.append(raw[last:])
    kept = "".join(out).strip()
    return kept if tokenize(kept) else raw


_SAYING = frozenset(_V.word_list("saying").split())
_HEARSAY = re.compile(
    r"^(?P<lead>[^.?!]{0,60}?)\b(?:" + "|".join(sorted(_SAYING)) + r")\s+"
    r"(?:(?:que|qu|that)\b\s*['’]?\s*)?"
)


def drop_hearsay(raw: str) -> str:
    """``raw`` without who a statement to check comes from ("Un auditeur nous dit que X
    ... C'est vrai ?" -> "X ... C'est vrai ?"): the statement is what is asked about.
    Only at the start, before a short lead with no question word nor name in it."""
    folded = fold_aligned(raw)
    m = _HEARSAY.match(folded) if folded is not None else None
    if m is None:
        return raw
    said = tokenize(m.group("lead"))
    lead = [t for t in said if t not in _NOT_CONTENT]
    if set(said) & _OPEN_QUESTION or len(lead) > 2:
        return raw  # "Qui dit que ...": a question; a lead that says something itself
    if any(ch.isupper() for ch in raw[1 : m.end("lead")]):
        return raw  # a lead naming someone
    rest = raw[m.end() :]
    return rest if len(tokenize(rest)) >= 3 else raw


_BRACKET_SOURCES = frozenset(_V.word_list("bracket_sources").split())
_BRACKETS = re.compile(r"\s*\(([^()]{1,80})\)")


def drop_bracket_sources(raw: str) -> str:
    """``raw`` without the brackets that say where the asker read something ("que signifie
    le sigle X (page du projet Y) ?"): the source is not what is asked about."""

    def source(m: re.Match[str]) -> str:
        words = tokenize(m.group(1))
        return "" if words and words[0] in _BRACKET_SOURCES else m.group(0)

    kept = _BRACKETS.sub(source, raw)
    return kept if tokenize(kept) else raw


# after the question: a note ("NB : je sais pour X", "PS: ...") or a bracketed aside that
# says it is the asker's remark ("(à vérifier : X, Y…)", "(I think X)"); a bracket naming
# what is asked ("... in French? (X)") stays
_NOTE_AFTER = re.compile(
    r"(?<=\?)\s*(?:(?:N\.?\s?B\.?|P\.?\s?S\.?)\s*[:.,-]|\((?=\s*(?:"
    + "|".join(
        r"\s+".join(map(re.escape, p.split()))
        for p in _V.word_list("aside_openers").split(";")
        if p.strip()
    )
    + r")\b))[^?]*$",
    re.IGNORECASE,
)


def drop_note_after(raw: str) -> str:
    """``raw`` without a note or an aside after its last question ("quels CD sénégalais
    sont membres ? NB : je sais pour le CM de X"): what the asker already knows or will
    check is not what is asked."""
    kept = _NOTE_AFTER.sub("", raw)
    return kept if tokenize(kept) else raw


def introduction_last(raw: str) -> str:
    """``raw`` with a self-introduction written after the question put before it ("Which
    regions ...? I am from X and I want to know the others." -> "I am from X and ... Which
    regions ...?"), so that it is read as an introduction."""
    parts = [p.strip() for p in _END.split(raw) if p.strip()]
    asked = [j for j, part in enumerate(parts) if "?" in part]
    if len(parts) < 2 or not asked:
        return raw
    k = asked[-1] + 1  # after the last question ("Bonjour. ... ? Je fais ... pour ...")
    if k >= len(parts) or not all(_introduces(p) for p in parts[k:]):
        return raw
    intro = " ".join(p if p.endswith((".", "!")) else f"{p}." for p in parts[k:])
    return f"{intro} {' '.join(parts[:k])}"


# a source named at the end of a sentence ("..., selon le programme de Limoges.")
_TRAILING_SOURCE = re.compile(
    r",\s*(?:selon|d['’]\s*apr[eè]s|according\s+to|as\s+per)\s+[^,.;?!]{3,80}(?=[.;!]\s)",
    re.IGNORECASE,
)


# who said it, after the statement to check (", comme cela nous a été rapporté ?", ", as I
# was told?"): what was said is checked, not who said it
_TRAILING_HEARSAY = re.compile(
    r",\s*(?:comme|as)\b[^,.;?!]{0,40}?\b(?:rapport\w*|dit|annonc\w*|entendu|told|heard|"
    r"reported|said|mentioned)\b[^,.;?!]{0,30}(?=\s*[?.!]|\s*$)",
    re.IGNORECASE,
)


def drop_trailing_sources(raw: str) -> str:
    """``raw`` without a source named at the end of a sentence that is not the question
    ("X existe depuis 1990, selon le programme de Y. Qui l'a créé ?"), nor who said what the
    question checks (", comme cela nous a été rapporté ?"): where the asker read or heard it
    is not what the sentence is about."""
    kept = _TRAILING_HEARSAY.sub("", _TRAILING_SOURCE.sub("", raw))
    return kept if tokenize(kept) else raw


# what a message holds besides its question, taken out in this order (each step reads what the
# one before left): the closing formula, the sources, whom the asker writes for, who a
# statement comes from; then a self-introduction after the question is put before it
SET_ASIDE = (
    drop_greeting_question,
    drop_closing,
    drop_told_remark,
    drop_bracket_sources,
    drop_audience,
    drop_hearsay,
    drop_trailing_sources,
    drop_note_after,
    introduction_last,
)


def set_aside(raw: str) -> str:
    """``raw`` with what it holds besides its question set aside (:data:`SET_ASIDE`)."""
    for step in SET_ASIDE:
        raw = step(raw)
    return raw
