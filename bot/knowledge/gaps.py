"""Saying what the data does not hold, instead of answering another question.

When a question asks for an attribute (:mod:`bot.knowledge.attributes`) of the record it
names, and that record does not hold it (a network's founding date, a project's budget in
euros, the city of a gathering whose country only is known), the answer says so, then what
is known: ``found`` is False. Which kinds of record hold which attribute is the table
:data:`HOLDS` below; an attribute a kind has no notion of (the city of a project) does not
apply, and the next record named decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.i18n import Catalogue, Safe
from bot.knowledge.attributes import asked
from bot.knowledge.models import (
    Action,
    KnowledgeBase,
    Meeting,
    Milestone,
    Network,
    Organisation,
    Partnership,
    Person,
    Place,
    Project,
    Record,
    Term,
)

__all__ = [
    "EVIDENCE",
    "HOLDS",
    "NEVER_HELD",
    "PASSAGE_EVIDENCE",
    "Ask",
    "Gap",
    "action_dates",
    "find_gap",
    "holds",
    "record_label",
    "render_gap",
    "social_sentence",
    "unshown",
]

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COUNT = re.compile(r"(?<![#@\w])\d+(?![\w])")


@dataclass(frozen=True, slots=True)
class Ask:
    """What the question constrains besides the attribute."""

    ordinal: int | None = None
    years: tuple[int, ...] = ()


Holder = Callable[[Record, Ask], bool | None]  # None: the attribute does not apply


def _milestones(a: Action, ask: Ask) -> list[Milestone]:
    if ask.ordinal is not None and a.milestones:
        return [m for m in a.milestones if m.number == ask.ordinal] or list(a.milestones)
    return list(a.milestones)


def _action_city(a: Action, ask: Ask) -> bool:
    if a.milestones:
        return any(m.place is not None and m.place.city for m in _milestones(a, ask))
    return a.location is not None and bool(a.location.city)


def _located(place: Place | None) -> bool:
    return place is not None and bool(place.country or place.city)


def _action_place(a: Action, ask: Ask) -> bool:
    """A country or a city, not only a loose description ("a member territory")."""
    if a.milestones:
        return any(_located(m.place) for m in _milestones(a, ask))
    return _located(a.location)


def _action_venue(a: Action, ask: Ask) -> bool:
    """The building or room where an action's steps are held, not only their city."""
    if a.milestones:
        return any(m.place is not None and m.place.venue for m in _milestones(a, ask))
    return a.location is not None and bool(a.location.venue)


def action_dates(a: Action, ask: Ask) -> bool | None:
    """Dates of an action held several times (its webinars, its gatherings): its steps' dates;
    an action held as one span has its project's dates (the attribute does not apply)."""
    if a.milestones:
        return any(m.date is not None for m in _milestones(a, ask))
    return False if a.count is not None and a.count > 1 else None


def _headcount(text: str) -> bool:
    """A number of people in ``text``: a number that is not a year, a hashtag or a handle."""
    return any(not _YEAR.fullmatch(n) for n in _COUNT.findall(text))


def _action_attendance(a: Action, ask: Ask) -> bool:
    """People counted at the action; for one held in steps (gatherings), at the steps asked
    (the number of steps is no headcount)."""
    if a.milestones:
        return (
            any(g.count for m in _milestones(a, ask) for g in m.guests)
            # "87 participants" written in a step's participants
            or any(
                m.participants is not None
                and _headcount(f"{m.participants.fr} {m.participants.en}")
                for m in _milestones(a, ask)
            )
            or (ask.ordinal is None and any(g.count for g in a.guests))
        )
    return a.count is not None or any(g.count for g in a.guests)


def _amount_years(s: Partnership, ask: Ask) -> bool:
    return bool(s.funding) and all(y in s.years() for y in ask.years)


# words that date a beginning in a record's text ("créé en 2005", "launched in 2005")
_BEGINNING = re.compile(
    r"\b(?:cr[ée]{1,2}e?s?|fond[ée]e?s?|lanc[ée]e?s?|instaur[ée]e?s?|mis en place|depuis|"
    r"created|founded|launched|established|set up|since)\b",
    re.IGNORECASE,
)


def _term_founded(t: Term, ask: Ask) -> bool:
    """A year in the same sentence as a word of beginning ("créé en", "since"), or in the
    term's name ("loi de 2005"); a year of something else (a law it cites) is no founding."""
    if _YEAR.search(t.term):
        return True
    return any(
        _YEAR.search(sentence) and _BEGINNING.search(sentence)
        for sentence in _SENTENCE.split(t.definition.fr)
    )


def _acronym_like(name: str | None) -> bool:
    """A name written like an acronym ("PACT3", "AIRF"): one word, capitals and digits."""
    return name is not None and " " not in name.strip() and name.upper() == name


def _expanded(t: Term, ask: Ask) -> bool:
    """Whether the record gives the words behind its acronym (a name that is not itself
    written like an acronym)."""
    names = [t.term, t.term_en] if t.acronym is None else [t.term, t.term_en, t.acronym]
    return any(n and n != t.acronym and not _acronym_like(n) for n in names[:2])


def _network_expanded(n: Network, ask: Ask) -> bool:
    return any(x and x != n.acronym and not _acronym_like(x) for x in (n.name, n.name_en))


def _place_city(rec: Meeting | Network, ask: Ask) -> bool:
    return rec.place is not None and bool(rec.place.city)


def _never(rec: Record, ask: Ask) -> bool:
    return False


def _always(rec: Record, ask: Ask) -> bool:
    return True


# kind -> attribute -> whether the record holds it. A kind missing an attribute: does not apply.
HOLDS: dict[type[Record], dict[str, Holder]] = {
    # a project's budget: its answer already says the total is not given (co-financing rate)
    Project: {"founded": _always, "website": _never, "outcome": _never, "decisions": _never},
    # what was decided at an occasion is not an organisation's
    Organisation: {
        "founded": _never,
        "website": _never,
        "decisions": _never,
        "signed": _never,
        "outcome": _never,  # a member's progress or findings in an action
    },
    Action: {
        "amount": _never,
        "happened": lambda r, a: bool(r.milestones) if isinstance(r, Action) else None,
        "outcome": _never,
        "decisions": _never,
        "city": lambda r, a: _action_city(r, a) if isinstance(r, Action) else None,
        "place": lambda r, a: _action_place(r, a) if isinstance(r, Action) else None,
        "venue": lambda r, a: _action_venue(r, a) if isinstance(r, Action) else None,
        "attendance": lambda r, a: _action_attendance(r, a) if isinstance(r, Action) else None,
        "topics": lambda r, a: bool(r.topics) if isinstance(r, Action) else None,
    },
    Term: {
        "amount": _never,
        "founded": lambda r, a: _term_founded(r, a) if isinstance(r, Term) else None,
        "website": lambda r, a: r.url is not None if isinstance(r, Term) else None,
        "expansion": lambda r, a: _expanded(r, a) if isinstance(r, Term) else None,
        "place": lambda r, a: False if isinstance(r, Term) and r.term_type == "event" else None,
        "city": lambda r, a: False if isinstance(r, Term) and r.term_type == "event" else None,
        "venue": lambda r, a: False if isinstance(r, Term) and r.term_type == "event" else None,
        "next_date": lambda r, a: False if isinstance(r, Term) and r.term_type == "event" else None,
    },
    Partnership: {
        "signed": lambda r, a: (
            r.first_agreement_year is not None if isinstance(r, Partnership) else None
        ),
        "amount": lambda r, a: _amount_years(r, a) if isinstance(r, Partnership) else None,
        "founded": _always,
        "website": _never,
    },
    Network: {
        "expansion": lambda r, a: _network_expanded(r, a) if isinstance(r, Network) else None,
        "founded": _never,
        "amount": _never,
        "website": _never,
        "next_date": _never,
        "city": lambda r, a: _place_city(r, a) if isinstance(r, Network) else None,
        "place": lambda r, a: r.place is not None if isinstance(r, Network) else None,
    },
    Meeting: {
        "amount": _never,
        "decisions": lambda r, a: bool(r.highlights) if isinstance(r, Meeting) else None,
        "website": _never,
        "next_date": _never,
        "city": lambda r, a: _place_city(r, a) if isinstance(r, Meeting) else None,
        "place": lambda r, a: r.place is not None if isinstance(r, Meeting) else None,
        "venue": lambda r, a: (
            r.place is not None and r.place.venue is not None if isinstance(r, Meeting) else None
        ),
        "attendance": lambda r, a: (
            bool(r.participants and _headcount(r.participants.fr))
            if isinstance(r, Meeting)
            else None
        ),
    },
}


_AMOUNT = re.compile(
    r"\d[\d\s.,\u202f\xa0]*(?:€|\beur\b|\beuros?\b|%)|€\s?\d", re.IGNORECASE
)  # a share of the funding answers as well as an amount
_MONTH = re.compile(
    r"\b(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b|\b\d{1,2}/\d{1,2}\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\d/.-])(?!(?:19|20)\d\d\b)\d+(?![\d/.-]|(?:er|re|e|ème|eme|st|nd|rd|th)\b)"
    r"|\b(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|one|two|three|four|five|"
    r"seven|eight|nine|ten|aucun|aucune|none|no|plusieurs|several|dizaine|dozen)\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)"
)
# a day of a month: "4 novembre", "1er avril", "November 4", "04/11", "2016-11-04"
_DAY = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:(?:et|and|au|to|-|–)\s+\d{{1,2}}\s+)?{_MONTHS}\b"
    rf"|\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}\b|\b\d{{4}}-\d\d-\d\d\b",
    re.IGNORECASE,
)
# a person's name as the people cards give it: "First Last — role", or after the label of an
# agenda item's facilitators ("• Led by: First Last, speaker")
_LED_BY = "|".join(
    re.escape(Catalogue.bundled().t(lang, "answers.facilitator"))
    for lang in Catalogue.bundled().languages()
)
_PERSON = re.compile(
    rf"^[A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+)+ — |(?:{_LED_BY})\s?: [A-ZÀ-Ý][\w'-]+ [A-ZÀ-Ý]",
    re.MULTILINE,
)
# a hashtag or an account handle (not an e-mail address: nothing word-like before the @)
_SOCIAL = re.compile(r"(?<![\w.])[#@][^\W\d]\w+")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:org|fr|com|net|int|gouv)\b", re.IGNORECASE)


# Attributes no kind of record decides: the reply itself must show them (its text, the
# knowledge base, the language), else the documents do not say them.
Evidence = Callable[[str], bool]
_QUESTIONNAIRE_DUE = re.compile(r"/(?:autodiagnostic|selfassessment)\b")
# what no record ever holds (so no reply shows it): asked of a person named, it is a gap
NEVER_HELD = frozenset(
    {
        "contact",
        "successor",
        "next_call",
        "population",
        "weather",
        "metrics",
        "distance",
        "ceiling",
        "term",
    }
)
EVIDENCE: dict[str, Evidence] = {
    "contact": lambda text: False,  # never repeated, never held
    "successor": lambda text: False,  # no record says what follows a project
    "next_call": lambda text: False,  # the calls held are those of the projects, past or current
    "population": lambda text: False,
    "term": lambda text: False,  # terms of office, elections
    "weather": lambda text: False,
    "metrics": lambda text: False,  # indicators, scores, returns, audiences: never measured
    "distance": lambda text: False,
    # the only deadlines held: those of the self-assessment questionnaires (data/forms/),
    # shown with the command that opens them
    "deadline": lambda text: bool(_QUESTIONNAIRE_DUE.search(text) and _DAY.search(text)),
    "ceiling": lambda text: False,
    "amount": lambda text: bool(_AMOUNT.search(text)),
    "month": lambda text: bool(_MONTH.search(text)),
    "day": lambda text: bool(_DAY.search(text)),
    "dates": lambda text: bool(_MONTH.search(text) or _YEAR.search(text)),
    "link": lambda text: bool(_URL.search(text)),
    "venue": lambda text: False,
    "nearby": lambda text: False,  # the surroundings of a place (restaurants, hotels)
    "names": lambda text: bool(_PERSON.search(text)),
    "count": lambda text: bool(_NUMBER.search(text)),
    "social": lambda text: bool(_SOCIAL.search(text)),
}


# a place named after a preposition of place ("s'est tenu à Lans-en-Vercors", "held in
# Bordeaux"): a passage shows where
_PLACE = re.compile(r"\b(?:à|au|aux|en|in|at|near|près de)\s+(?:la |le |l'|the )?[A-ZÀ-Ý][\w'-]+")
_PERCENT = re.compile(r"\d\s?%|\d\s?(?:pour\s?cent|per\s?cent|percent)\b", re.IGNORECASE)
# What a coordinator's document shows that the records never hold: a passage (minutes, a
# newsletter, a call for projects) may give a ceiling, a deadline, a satisfaction rate, the
# date of a next meeting, a place; the records' rules above stay for the records' replies.
PASSAGE_EVIDENCE: dict[str, Evidence] = {
    **EVIDENCE,
    "ceiling": lambda text: bool(_AMOUNT.search(text)),
    "deadline": lambda text: bool(_DAY.search(text) or _MONTH.search(text)),
    "next_date": lambda text: bool(_DAY.search(text) or _MONTH.search(text)),
    "next_call": lambda text: bool(_DAY.search(text) or _MONTH.search(text)),
    "metrics": lambda text: bool(_PERCENT.search(text) or _NUMBER.search(text)),
    "population": lambda text: bool(_NUMBER.search(text)),
    "place": lambda text: bool(_PLACE.search(text)),
}


def _texts(value: object, lang: str) -> list[str]:
    """Every text of a record's fields, in ``lang`` where it is bilingual."""
    if isinstance(value, str):
        return [value]
    get = getattr(value, "get", None)
    if callable(get) and hasattr(value, "fr") and hasattr(value, "en"):
        return [str(get(lang))]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v, lang)]
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return [t for name in fields for t in _texts(getattr(value, name), lang)]
    return []


def social_sentence(record: Record, lang: str) -> str | None:
    """The first sentence of a record's texts naming a hashtag or an account (where it is
    followed online), if any; the record's aliases alone do not count."""
    aliases = set(getattr(record, "aliases", ()) or ())
    for text in _texts(record, lang):
        if text in aliases:
            continue
        for sentence in _SENTENCE.split(text):
            if _SOCIAL.search(sentence):
                return sentence.strip()
    return None


def unshown(
    question: str, text: str, tokens: list[str] | None = None, passage: bool = False
) -> list[str]:
    """The attributes ``question`` asks for that ``text`` (a reply, or with ``passage`` a
    document's passage: :data:`PASSAGE_EVIDENCE`) does not show."""
    evidence = PASSAGE_EVIDENCE if passage else EVIDENCE
    return [a for a in asked(question, tokens) if a in evidence and not evidence[a](text)]


def holds(record: Record, attribute: str, ask: Ask = Ask()) -> bool | None:
    """Whether ``record`` holds ``attribute`` (None: the attribute does not apply to it)."""
    holder = HOLDS.get(type(record), {}).get(attribute)
    return None if holder is None else holder(record, ask)


@dataclass(frozen=True, slots=True)
class Gap:
    record: Record | None  # None: no record named; the question's attribute is missing
    attribute: str
    ask: Ask


def find_gap(
    kb: KnowledgeBase,
    question: str,
    tokens: list[str],
    candidates: Sequence[str],
    ask: Ask,
    said: str | None = None,
    lang: str = "fr",
) -> Gap | None:
    """The first attribute asked that the first record it applies to does not hold; with
    ``said`` (the reply's text), also the first attribute of :data:`EVIDENCE` that no record
    decides and the reply does not show."""
    records = [r for rid in dict.fromkeys(candidates) if (r := kb.get(rid)) is not None]
    for attribute in asked(question, tokens):
        decided = False
        for record in records:
            held = holds(record, attribute, ask)
            if held is None:
                continue
            if not held:
                return Gap(record, attribute, ask)
            decided = True
            break
        evidence = EVIDENCE.get(attribute)
        if not decided and said is not None and evidence and not evidence(said):
            return Gap(records[0] if records else None, attribute, ask)
    return None


def record_label(kb: KnowledgeBase, record: Record, lang: str, ask: Ask = Ask()) -> str:
    """A short name for a record (a project's action and milestone, or the record's name)."""
    en = lang == "en"
    if isinstance(record, Project):
        return record.short_name
    if isinstance(record, (Organisation, Network)):
        return (record.name_en if en and record.name_en else None) or record.name
    if isinstance(record, Term):
        return record.acronym or (record.term_en if en and record.term_en else record.term)
    if isinstance(record, Meeting):
        return record.title.get(lang)
    if isinstance(record, Partnership):
        sides = [*record.french_partners, *record.foreign_partners]
        return " – ".join(kb.organisations[o].name if o in kb.organisations else o for o in sides)
    if isinstance(record, Action):
        project = kb.projects.get(record.project)
        head = project.short_name if project else record.project
        chosen = _milestones(record, ask) if ask.ordinal is not None else []
        title = chosen[0].title if len(chosen) == 1 else record.title
        return f"{head} — {title.get(lang)}"
    if isinstance(record, Person):
        return record.name
    return record.id


def render_gap(
    kb: KnowledgeBase, gap: Gap, known: list[str], lang: str, catalogue: Catalogue
) -> list[str]:
    """The lines of the answer: what the documents do not say, then what is known."""
    attribute = catalogue.t(lang, f"answers.gaps.attribute.{gap.attribute}")
    if gap.record is None:
        head = catalogue.t(lang, "answers.gaps.missing_any", attribute=attribute)
    else:
        head = catalogue.t(
            lang,
            "answers.gaps.missing",
            record=record_label(kb, gap.record, lang, gap.ask),
            attribute=attribute,
        )
    lines = [head]
    kept = [line for line in known if line.strip()][:4]
    if kept:
        lines.append(catalogue.t(lang, "answers.gaps.known", summary=Safe(kept[0])))
        size = len(kept[0])
        for line in kept[1:]:
            size += len(line)
            if size > 500:
                break
            lines.append(line)
    return lines
