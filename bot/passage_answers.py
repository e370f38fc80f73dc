"""Answers from the documents' passages, when the knowledge records do not answer.

:class:`~bot.questions.KnowledgeService` first asks the static engine (the records of
``data/*.toml``). When it does not know (``Answer.found`` is False) or answers with low
confidence (the question holds words it neither understood nor answered), the passages of
``data/documents`` are searched, and:

* a passage that holds every word of the question (and a date for "when", a number for "how
  many") is quoted, naming its document: « D'après « <document title> » : ... »;
* a passage that holds only part of it is quoted as what the documents say closest, after
  saying what they do not say ("Les documents ne disent rien de « fondée ». ...");
* nothing relevant: the static answer stands;
* the records said what they do not hold (intent ``gap``): only a passage holding every word
  is added, after that line, and the answer stays partial (``found`` False).

The framing follows the asker's language; the passage stays in its own (escaped for HTML).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.i18n import Catalogue, Safe, escape, plain_text
from bot.knowledge.answer import Answer
from bot.knowledge.attributes import ATTRIBUTES, asked
from bot.knowledge.documents import Concept, excerpt, query_concepts, stems
from bot.knowledge.gaps import EVIDENCE, PASSAGE_EVIDENCE, unshown
from bot.knowledge.lexicon import COMMON_WORDS, cue_vocabulary, ordinal_value
from bot.knowledge.query import _CARDINALS, _polar
from bot.knowledge.verdict import denial
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import _OPEN_QUESTION
from bot.storage.passages import Hit
from bot.textfold import fold
from bot.textfold import tokens as tokenize

__all__ = ["ANSWER_CHARS", "compose", "needs_documents", "withholds"]

ANSWER_CHARS = 600  # the quoted text of an answer, at most (framing aside)
_FIRST_CHARS = 450  # the first passage's share when a second one follows
_CARD_CHARS = 500  # an organisation's card kept before the passage, at most

_CUES = cue_vocabulary()
_WHEN = frozenset({"quand", "when", "date", "dates", "annee", "year", "depuis", "since"})
_COUNT = frozenset({"combien", "many", "much", "nombre", "number"})
_WHEN_ASKED = frozenset({"quand", "qd", "kan", "when"})
_WHY = frozenset({"pourquoi", "why", "pkoi", "pq", "pk", "raison", "reason"})
_BECAUSE = frozenset(vocabulary().word_list("because").split())
_REASON_CUES = _BECAUSE | frozenset(vocabulary().word_list("reason_cues").split())
_START_WORDS = frozenset(vocabulary().word_list("start_words").split())
_WHERE_RAW = re.compile(r"\boù\b|\bwhere\b|\blieu\b|\bheld\b", re.IGNORECASE)
_DATE_RE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|"
    r"octobre|novembre|decembre|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b"
)
_WITHHELD = tuple(
    " ".join(tokenize(p)) for p in vocabulary().word_list("withheld").split(";") if p.strip()
)
_NUMBER_RE = re.compile(r"\b(?!(?:1[89]|20)\d\d\b)\d+|\b(?:dizaine|quinzaine|vingtaine|dozen)\b")
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")
_EUROS = re.compile(r"\d[\d\s.,\u202f\xa0]*(?:€|\beur\b|\beuros?\b)|€\s?\d", re.IGNORECASE)
_CONFIDENT = 0.8  # share of the question's weight a passage must hold (all rare words)
_REASON_NEAR = 0.5  # for a "why" the records' answer gives no reason for
_RELATED = 0.3
_FULL = 0.999
# Static answers found by matching a name or words of a description (a programme item, an
# action, a partnership...): the question may ask something else about it.
_NAME_MATCHED = frozenset(
    {
        "agenda_item",
        "action_search",
        "action_type",
        "action",
        "partnership",
        "org_card",
        "org_membership",
        "meeting",
    }
)  # below: the passage is not about the question at all
# An organisation's card or membership: the records hold no account of what it did
_CARDS = frozenset({"org_card", "org_membership"})
# the question words of an open question ("où" only opening one, "que" not)
_OPEN_ASKS = _OPEN_QUESTION - {"ou", "que", "qu"}


def _value_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in vocabulary().word_list("value_words").split():
        kind, _, listed = row.partition(":")
        out.update(dict.fromkeys(listed.split("|"), kind))
    return out


_VALUE_WORDS = _value_words()


def _crediting(hit: Hit, held: Callable[[Concept], bool]) -> Hit:
    """``hit`` with the missing words ``held`` says the passage answers counted as held."""
    shares = hit.shortfall or (0.0,) * len(hit.missing)
    keep = [(c, share) for c, share in zip(hit.missing, shares, strict=True) if not held(c)]
    gained = sum(shares) - sum(share for _, share in keep)
    if not gained:
        return hit
    left = tuple(c for c, _ in keep)
    return replace(
        hit,
        coverage=min(1.0, hit.coverage + gained),
        missing=left,
        unseen=tuple(c for c in hit.unseen if c in left),
        shortfall=tuple(share for _, share in keep),
    )


def _credited(hit: Hit, answered: str = "") -> Hit:
    """``hit`` with the words asking for a kind of value ("montant", "nombre", "year") held
    when the passage shows such a value (an amount, a number, a date) without the word, and
    the records' answer (``answered``, plain text) shows none."""

    def shown(c: Concept) -> bool:
        kind = _VALUE_WORDS.get(c.word)
        if kind == "percent":  # a rate ("taux de satisfaction"): a percentage
            return "%" in hit.passage.text and "%" not in answered
        if kind == "amount":  # money: a sum in euros (the records' shares are no sum)
            return bool(_EUROS.search(hit.passage.text)) and not _EUROS.search(answered)
        if kind is None or kind not in PASSAGE_EVIDENCE:
            return False
        shows = PASSAGE_EVIDENCE[kind](hit.passage.text)
        return shows and not (kind in EVIDENCE and EVIDENCE[kind](answered))

    return _crediting(hit, shown)


def _start_credited(hit: Hit) -> Hit:
    """For a "why was X launched": the start verb held by a passage that tells a reason ("X
    est né d'un constat ...", "after the floods, ... proposed")."""
    if not set(tokenize(hit.passage.text)) & _REASON_CUES:
        return hit
    return _crediting(hit, lambda c: c.word in _START_WORDS)


def _claim_credited(question: str, hit: Hit) -> Hit:
    """``hit`` with the number a yes/no question states held: a claim to check ("200 agents
    were trained, correct?") is answered by the passage giving the real number."""
    if not _polar(question, tokenize(question)):
        return hit
    return _crediting(hit, lambda c: c.word.isdigit() and not _DATE_RE.fullmatch(c.word))


def _other_number(question: str, text: str) -> bool:
    """Whether ``text`` gives another number than the one a claim states to the same things
    ("200 community hygiene workers" against "146 community hygiene workers")."""
    words = tokenize(question.split("?", 1)[0])
    stated = next(
        (k for k, w in enumerate(words) if w.isdigit() and not _DATE_RE.fullmatch(w)), None
    )
    if stated is None:
        return False
    things = [w for w in words[stated + 1 : stated + 4] if len(w) >= 4 and w not in COMMON_WORDS]
    if not things:
        return False
    said = tokenize(text)
    if words[stated] in said:
        return False
    for k, word in enumerate(said):
        if word.isdigit() and not _DATE_RE.fullmatch(word):
            near = said[k + 1 : k + 4]
            if any(t[:_PREFIX] == w[:_PREFIX] for t in near for w in things):
                return True
    return False


def _quote(hit: Hit, concepts: list[Concept], limit: int, question: str = "") -> str:
    """The sentences of the passage that answer (first the one showing the value asked, an
    amount for "the maximum amount"), after the sentence of the paragraph before it that
    holds the question's words the passage lacks (a list after its introduction, a
    follow-up sentence after the one that names what it speaks of), when it fits."""
    attributes = [_SHOWN_AS.get(a, a) for a in asked(question)] if question else []
    shows = (lambda s: _shows_asked(question, s, attributes)) if attributes else None
    core = excerpt(hit.passage.text, concepts, limit, shows)
    if not hit.context:
        return core
    held = set(stems(core))
    lacking = [c for c in concepts if not c.forms & held]
    room = limit - len(core) - 1
    if not lacking or room < 80:
        return core
    lead = excerpt(hit.context, lacking, room)
    if not set(stems(lead)) & {f for c in lacking for f in c.forms}:
        return core
    return f"{lead}\n{core}"


# A question asking who: "qui"/"who" opening it or one of its clauses (after a greeting)
_WHO = re.compile(
    r"(?:^|[.!?,:;]\s*|\b(?:"
    + "|".join(vocabulary().word_list("who_after").split())
    + r")\s+)(?:"
    + "|".join(vocabulary().word_list("who_words").split())
    + r")\b"
)
# Capitalised words (a name), and what is quoted (a title, not a name)
_CAPITALISED = re.compile(r"(?<![.!?:;\n-]\s)(?<!^)\b[A-ZÀ-Ý][\w'’-]*")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
# a capitalised month or day is no name
_MONTHS_AND_DAYS = frozenset(
    (vocabulary().word_list("months") + " " + vocabulary().word_list("weekdays")).split()
)


def _names_someone(question: str, text: str) -> bool:
    """Whether ``text`` names someone (a person, a body: a capitalised word inside a
    sentence, outside quotes) the question does not name already."""
    named = set(tokenize(question))
    for line in _QUOTED.sub(" ", text).splitlines():
        for m in _CAPITALISED.finditer(line.strip().lstrip("-• ").strip()):
            words = tokenize(m.group(0))
            if words and not set(words) & named and not set(words) & _MONTHS_AND_DAYS:
                return True
    return False


# attributes a text shows as another one (a headcount is a number)
_SHOWN_AS = {"attendance": "count"}


_COUNTED = re.compile(
    r"\b(?:combien|cb|nombre|number|how\s+many)\s+(?:de\s+|d\s+|of\s+)?(?:(?:les|des|the)\s+)?"
    r"((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)"
)
_PREFIX = 5  # letters two forms of a word share ("participants", "participant")
_COUNTED_NEAR = 0.7  # share of the question a passage counting the things asked must hold
_RANK_REACH = 20  # words before a number where the rank it is said of is looked for


def _counts_it(question: str, text: str) -> bool:
    """For a "how many <things>" question: whether ``text`` gives a number within three words
    of one of those things ("54 participants", "27 agents formés"); True for other questions."""
    m = _COUNTED.search(" ".join(tokenize(question)))
    if m is None:
        return True
    long = [w for w in m.group(1).split() if len(w) >= 4]
    # the things counted, a common word only when nothing rarer is ("combien de jeunes")
    counted = [w for w in long if w not in COMMON_WORDS] or long
    if not counted:
        return True  # "combien a-t-il coûté ?": no things counted named
    # "au 3e webinaire": a number said of another rank ("le 1er a réuni 58 participants")
    # does not count
    rank = next((v for t in tokenize(question) if (v := ordinal_value(t)) is not None), None)
    words = tokenize(text)
    for k, word in enumerate(words):
        if not (_NUMBER_RE.fullmatch(word) or word in _CARDINALS):  # "58", "two years"
            continue
        near = words[max(0, k - 3) : k + 4]
        if not any(t[:_PREFIX] == w[:_PREFIX] for t in near for w in counted):
            continue
        before = [v for t in words[max(0, k - _RANK_REACH) : k] if (v := ordinal_value(t))]
        if rank is not None and before and before[-1] != rank:
            continue
        return True
    return False


def _attribute_words(name: str) -> frozenset[str]:
    """The first letters of the words that name an attribute ("limite", "deadline",
    "plafond", "satisfaction"), from its rows of ``attributes.toml``."""
    out: set[str] = set()
    for cue in ATTRIBUTES:
        if (cue.reports or cue.name) != name:
            continue
        for word in [*cue.words, *(w for p in cue.phrases for w in p.split())]:
            if len(word) >= _PREFIX and word not in COMMON_WORDS:
                out.add(word[:_PREFIX])
    return frozenset(out)


_NAMED_BY = {name: _attribute_words(name) for name in {c.reports or c.name for c in ATTRIBUTES}}


def _names_value(question: str, hit: Hit) -> bool:
    """Whether a passage holding most of the question shows the value asked (a deadline, a
    ceiling, a rate...) the way a coordinator's document gives it: the value, and a word
    naming it ("date limite : 30 janvier 2026", "4 750 € est le plafond", "91 % ...
    satisfaits")."""
    attributes = [_SHOWN_AS.get(a, a) for a in asked(question)]
    if not attributes or hit.coverage < _COUNTED_NEAR or len(hit.unseen) > 1:
        return False
    text = hit.passage.text
    said = {t[:_PREFIX] for t in tokenize(text) if len(t) >= _PREFIX}
    return _shows_asked(question, text) and all(
        _NAMED_BY.get(a, frozenset()) & said for a in attributes
    )


def _gives_value(question: str, hit: Hit) -> bool:
    """Whether a passage holding most of the question (every rare word of it) shows the
    number the records said they do not hold, next to the things counted (or another value
    with the word that names it: :func:`_names_value`)."""
    if _COUNTED.search(" ".join(tokenize(question))) is None:
        # a date or an amount in a passage may be another thing's: only next to its name
        return _names_value(question, hit)
    # a number next to the things counted is strong evidence: a verb may be missing, or
    # written nowhere ("joined", "assisté")
    return (
        hit.coverage >= _COUNTED_NEAR
        and len(hit.unseen) <= 1
        and _shows_asked(question, hit.passage.text)
        and _counts_it(question, hit.passage.text)
    )


def _shows_asked(question: str, text: str, attributes: list[str] | None = None) -> bool:
    """Whether ``text`` shows every attribute the question asks (an amount, a number, a
    date...), each being one a text can show, and does not say it withholds or lacks one
    (``attributes``: the question's, when already read)."""
    if attributes is None:
        attributes = [_SHOWN_AS.get(a, a) for a in asked(question)]
    if not attributes or any(a not in PASSAGE_EVIDENCE for a in attributes):
        return False
    return (
        all(PASSAGE_EVIDENCE[a](text) for a in attributes)
        and not withholds(text)
        and denial(question, text) is None
    )


def _unexplained(concepts: list[Concept], static: Answer, question: str = "") -> list[Concept]:
    """Words of the question the static engine neither reads as a cue nor answers (an
    acronym typed in capitals counts from three letters: "OWB"; a number written out is
    answered by its digits)."""
    text = plain_text(static.html)
    said = set(stems(text))
    digits = set(re.findall(r"\d+", text))
    acronyms = {fold(w) for w in _ACRONYM.findall(question)}
    return [
        c
        for c in concepts
        if (len(c.word) >= 4 or c.word in acronyms)
        # a number written out ("three") is said by its digits ("3")
        and str(_CARDINALS.get(c.word, "")) not in digits
        and c.word.isalpha()
        and c.word not in _CUES
        and c.word not in COMMON_WORDS
        and not (c.forms & said)
    ]


def _explains(
    hit: Hit, concepts: list[Concept], static: Answer, question: str = "", loose: bool = False
) -> bool:
    """Whether the passage holds every word of the question the static answer leaves
    unexplained (there is at least one); ``loose``: a word the answer holds in another form
    (the same first letters) is explained."""
    unexplained = {c.word for c in _unexplained(concepts, static, question)}
    if loose:
        answered = [t for t in tokenize(plain_text(static.html)) if len(t) >= 4]
        said = {t[:_PREFIX] for t in answered if len(t) >= _PREFIX}
        unexplained = {
            w
            for w in unexplained
            # "togolese" read as the reply's "Togo": a word the reply holds the start of
            if w[:_PREFIX] not in said and not any(w.startswith(t) for t in answered)
        }
    return bool(unexplained) and not unexplained & {c.word for c in hit.missing}


def _gives_reason(static: Answer) -> bool:
    return bool(set(tokenize(plain_text(static.html))) & _BECAUSE)


def withholds(text: str) -> bool:
    """Whether a passage says it withholds what it mentions ("sans les nommer")."""
    joined = f" {' '.join(tokenize(text))} "
    return any(f" {p} " in joined for p in _WITHHELD)


def needs_documents(question: str, static: Answer) -> bool:
    """Whether the documents should be searched for this question and static answer."""
    if static.intent == "greeting":
        return False
    if not static.found:
        return True
    if _unexplained(query_concepts(question), static, question):
        return True
    if set(tokenize(question)) & _WHY and not set(tokenize(plain_text(static.html))) & _BECAUSE:
        return True  # a "why" the records' answer gives no reason for
    tokens = tokenize(question)
    if static.intent == "org_membership" and set(tokens) & _OPEN_ASKS:
        # "quel est le rôle de X dans P ?" answered "X is a member of P": what a note says
        # of X in P may tell more
        return True
    if static.intent in _CARDS and unshown(question, plain_text(static.html)):
        # a record matched by its name, without the value asked ("the X pilot, how much did
        # it cost for each young person?"): a note may tell it
        return True
    # "where will the closing seminar be held": an answer without any place
    said = set(stems(plain_text(static.html)))
    if set(tokenize(question)) & _WHEN_ASKED:
        return False  # "quand a eu lieu", "when was it held": the place is not asked
    return bool(_WHERE_RAW.search(question)) and not said & {"lieu", "place", "where"}


def _originals(question: str) -> dict[str, str]:
    """Folded token -> the word as the asker typed it (accents kept)."""
    out: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+", question):
        for token in tokenize(word):
            out.setdefault(token, word if fold(word) == token else token)
    return out


def compose(
    question: str, static: Answer, hits: list[Hit], catalogue: Catalogue | None = None
) -> Answer | None:
    """The answer from the passages found, or ``None`` when none is about the question."""
    # a passage may show the value asked without its word ("qu'a donné le pilote de X en
    # chiffres ?", "how was the unspent money reallocated?"), when the records' answer does
    # not show such a value
    answered = plain_text(static.html) if static.found else ""
    hits = sorted((_credited(h, answered) for h in hits), key=lambda h: -round(h.coverage, 6))
    why = bool(set(tokenize(question)) & _WHY)
    attributes = [_SHOWN_AS.get(a, a) for a in asked(question)]  # read once, for every hit
    # words whose presence in a passage's heading says it is about the question ("Why the
    # project was launched" for "why was X started?")
    titled = {c.word for c in query_concepts(question)}
    if why:
        titled |= _WHY | _START_WORDS
    hits = sorted(
        (_claim_credited(question, _start_credited(h) if why else h) for h in hits),
        # among passages holding as much of the question, one whose heading names it, then
        # for a "why", one that tells a reason
        key=lambda h: (
            -round(h.coverage, 6),
            # among passages holding as much, one showing the value asked (an amount for
            # "the maximum amount", a date for "by when")
            not (attributes and _shows_asked(question, h.passage.text, attributes)),
            -len(set(tokenize(h.passage.heading or "")) & titled),
            why and not set(tokenize(h.passage.text)) & _REASON_CUES,
        ),
    )
    if not hits or hits[0].coverage < _RELATED:
        return None
    cat = catalogue or Catalogue.bundled()
    verdicts = tuple(
        cat.t(static.lang, f"answers.{key}", line="").strip()
        for key in ("verdict_no", "verdict_yes")
    )
    polar = _polar(question, tokenize(question))
    if polar and static.found and plain_text(static.html).startswith(verdicts):
        # the records answered a yes/no claim ("cofinancé à 75 % ?": "Non : 67,5 %"): a
        # passage with the same words does not replace that verdict
        return None
    gap = static.intent == "gap"
    if gap and (hits[0].coverage < _FULL or hits[0].unseen) and not _gives_value(question, hits[0]):
        # the records know what they hold and said what the documents do not say
        return None
    lang = static.lang
    concepts = query_concepts(question)
    tokens = set(tokenize(question))
    best = hits[0]
    text = best.passage.text
    confident = best.coverage >= _CONFIDENT and not best.unseen
    confident = confident or (gap and _gives_value(question, best))
    if static.found or static.intent == "unknown":
        # The records answered, or know that they hold no such fact: only a passage holding
        # every word of the question replaces that, and for a found answer only when it
        # was matched by a name rather than read from the records' fields.
        # a reason is a narrative the records' fields never hold: most of the words suffice
        need = _CONFIDENT if static.found and tokens & _WHY else _FULL
        explained = static.found and _explains(best, concepts, static, question)
        # read from the records' fields: a word the answer holds in another form
        # ("françaises" for France, "régions" for "régional") is not left unexplained
        unread = static.found and _explains(best, concepts, static, question, loose=True)
        if static.found and static.intent in _NAME_MATCHED and explained:
            # a record matched by its name, while the passage holds every word the record's
            # answer leaves unexplained and most of the rest
            need = _CONFIDENT
        reasonless = (
            static.found
            and static.intent not in _NAME_MATCHED  # a record's own text may tell it
            and tokens & _WHY
            and not _gives_reason(static)
        )
        if reasonless and best.coverage >= _REASON_NEAR and not best.unseen:
            # "pourquoi X a-t-il été lancé ?" answered with X's dates: the documents' account,
            # saying which words they do not hold
            need = _REASON_NEAR
        if best.coverage < need or best.unseen:
            return None
        read_from_fields = static.found and static.intent not in _NAME_MATCHED
        if read_from_fields and not reasonless and not (unread and best.coverage >= _FULL):
            # read from the records' fields: only a passage holding every word of the
            # question, those the records' answer leaves unexplained included, replaces it
            return None
    missing: str | None = None
    not_shown = unshown(question, text, passage=True)
    if not_shown and static.found and not unshown(question, plain_text(static.html)):
        # the records' answer shows what is asked (an amount) and the passage does not
        return None
    if not_shown:
        # the passage uses the words but does not hold the attribute asked (no amount...)
        label = cat.t(lang, f"answers.gaps.attribute.{not_shown[0]}")
        missing = cat.t(lang, "answers.gaps.missing_any", attribute=Safe(label))
    elif _WHO.search(fold(question)) and not _names_someone(question, text):
        # "who sits on the jury?": a passage about the jury that names nobody
        label = cat.t(lang, "answers.gaps.attribute.names")
        missing = cat.t(lang, "answers.gaps.missing_any", attribute=Safe(label))
    elif not confident:
        words = [c.word for c in best.missing]
        originals = _originals(question)
        shown = ", ".join(originals.get(w, w) for w in words[:3])
        missing = cat.t(lang, "passages.missing_words", words=shown)
    elif tokens & _WHEN and not _DATE_RE.search(
        fold(f"{best.passage.title} {best.passage.heading} {text}")
    ):
        missing = cat.t(lang, "passages.missing_date")
    elif tokens & _COUNT and not _NUMBER_RE.search(fold(text)):
        missing = cat.t(lang, "passages.missing_number")
    if missing is not None:
        quoted = _quote(best, concepts, ANSWER_CHARS, question)
        html = cat.t(
            lang, "passages.partial", missing=Safe(missing), title=best.passage.title, text=quoted
        )
        return Answer(html, False, lang, "document_partial", (best.passage.document,))
    second = next(
        (
            h
            for h in hits[1:]
            if h.coverage >= _CONFIDENT
            and not h.unseen
            and h.passage.text != best.passage.text
            and len(h.passage.text) + min(len(text), _FIRST_CHARS) <= ANSWER_CHARS
        ),
        None,
    )
    first = _quote(best, concepts, _FIRST_CHARS if second else ANSWER_CHARS, question)
    html = cat.t(lang, "passages.according", title=best.passage.title, text=first)
    if polar and (denial(question, first) is not None or _other_number(question, first)):
        html = cat.t(lang, "answers.verdict_no", line=Safe(html))  # a yes/no question: no
    told = polar and not asked(question) and best.coverage >= _FULL and not best.missing
    if gap and ((_shows_asked(question, first) and _counts_it(question, first)) or told):
        # the records do not hold the attribute asked, and a passage holding every word of
        # the question shows it (the number of participants in a meeting's minutes), or the
        # question checks a statement the passage holds whole ("c'est vrai que le premier
        # projet de <year> avec X a été réalisé ?")
        return Answer(html, True, lang, "document", (best.passage.document,))
    if gap:
        # a passage with every word of the question, after what the records do not hold,
        # that does not show the attribute asked: still not a confident answer to it
        head = static.html.split("\n", 1)[0]
        return Answer(f"{head}\n{html}", False, lang, "document_partial", (best.passage.document,))
    if withholds(first):
        # the passage mentions what is asked but says it does not give it: partial
        return Answer(html, False, lang, "document_partial", (best.passage.document,))
    refs = [best.passage.document]
    if second is not None and len(first) + len(second.passage.text) <= ANSWER_CHARS:
        if second.passage.document == best.passage.document:
            html += "\n" + escape(second.passage.text)
        else:
            html += "\n" + cat.t(
                lang, "passages.also", title=second.passage.title, text=second.passage.text
            )
            refs.append(second.passage.document)
    if static.found and static.intent in _CARDS and len(static.html) <= _CARD_CHARS:
        # what the organisation is (its country, its projects), then what the documents tell
        html = f"{static.html}\n{html}"
    return Answer(html, True, lang, "document", tuple(dict.fromkeys(refs)))
