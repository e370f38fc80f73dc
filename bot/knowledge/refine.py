"""The last step of the static engine: people, and what the data does not hold.

:func:`refine` takes the routed reply of :class:`~bot.knowledge.answer.Answerer` and

1. answers with a person's card when the question names someone the documents name in a
   public role, or asks who holds a role they give (:mod:`bot.knowledge.people`);
2. answers "which website" from a record's ``url``;
3. turns a confident answer to another question into "the documents do not say <attribute>;
   what is known: ..." when the record named does not hold the attribute asked
   (:mod:`bot.knowledge.gaps`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from bot.i18n import Safe
from bot.knowledge.attributes import asked
from bot.knowledge.gaps import (
    NEVER_HELD,
    Ask,
    Gap,
    action_dates,
    find_gap,
    record_label,
    render_gap,
    social_sentence,
)
from bot.knowledge.matching import NAME_STOPWORDS
from bot.knowledge.models import (
    Action,
    KnowledgeBase,
    Meeting,
    Network,
    Organisation,
    Person,
    Place,
    Term,
)
from bot.knowledge.people import People, close_words
from bot.knowledge.textnorm import STOPWORDS, fold
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _COUNCIL_WORDS,
    _COURTESY,
    _CUE_WORDS,
    _HEADCOUNT_WORDS,
    _KIND_VOCABULARY,
    _MONTHS,
    phrase_list,
)
from bot.textfold import fold_aligned

if TYPE_CHECKING:
    from bot.knowledge.answer import Answerer, _Query, _Reply

__all__ = ["People", "refine"]

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# replies that tell a state at any date from the dates they give ("finished" answers 2027 too)
_STATES = frozenset({"project_status"})
_NOT_RECORDS = frozenset({"country", "tz_city", "place"})
_KINDED = _KIND_VOCABULARY | _COUNCIL_WORDS
_NUMBERED_THINGS = frozenset({"e", "er", "eme", "nd", "rd", "th", "membre", "pays", "action"})
_AFTER_YEAR = re.compile(
    r"\b(?:apres|after|beyond|au dela de|passe|past)\s+"
    r"(?:l an |l annee |the year )?((?:19|20)\d\d)\b"
)


def _covers(text: str, years: list[int]) -> bool:
    """Whether ``text`` says something of every year asked: the year itself, or a span of
    years around it."""
    shown = [int(y) for y in _YEAR.findall(text)]
    return bool(shown) and all(min(shown) <= y <= max(shown) for y in years)


_CAPITALISED = re.compile(r"(?<=[\w,;'’] )[A-ZÀ-Ý][^\W\d_]{2,}")


def _absent_names(engine: Answerer, q: _Query) -> list[str]:
    """Names in the question (a capital inside the sentence) that no record, alias or cue
    knows, other than "the <Name> region" (a local government known by another name)."""
    vocab = engine._index.vocabulary
    toks = q.tokens
    out: list[str] = []
    for m in _CAPITALISED.finditer(q.raw):
        word = fold(m.group(0))
        if word in vocab or word in STOPWORDS or word in _CUE_WORDS or word in _COURTESY:
            continue
        if word not in toks:
            continue
        k = toks.index(word)
        if {*toks[max(0, k - 1) : k], *toks[k + 1 : k + 2]} & _KINDED:
            continue
        out.append(m.group(0))
    return out


_SEQUEL = frozenset({"2", "3", "4", "ii", "iii", "iv", "bis"})


def _sequel(kb: KnowledgeBase, q: _Query, ask: Ask) -> Gap | None:
    """A project's name followed by a number ("<project> 2", "<project> II"): a follow-up
    project, which no record holds (not "<project> 2 membres", a count)."""
    filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
    for m in q.mentions:
        if m.ref.kind != "project" or m.end >= len(filtered) or filtered[m.end] not in _SEQUEL:
            continue
        after = filtered[m.end + 1] if m.end + 1 < len(filtered) else ""
        if after[-1:] in ("s", "x") or after in _NUMBERED_THINGS or after in _MONTHS:
            continue
        return Gap(kb.projects[m.ref.id], "successor", ask)
    return None


def _only_left_out(kb: KnowledgeBase, q: _Query, reply: _Reply, ask: Ask) -> Gap | None:
    """Projects asked "besides" the ones named ("which other projects, apart from X and Y"):
    a reply about the projects left out only does not answer; no record holds another one."""
    left_out = {r.id for r in q.excluded if r.kind == "project"}
    shown = {rid for rid in reply.refs if rid in kb.projects}
    if not left_out or not shown or not shown <= left_out or "projects" not in q.cues:
        return None
    holder = next((kb.get(m.ref.id) for m in q.mentions if m.ref.kind != "project"), None)
    return Gap(holder, "other_projects", ask)


def _undated(kb: KnowledgeBase, reply: _Reply, ask: Ask) -> Gap | None:
    """The dates of the one action answered, held several times (webinars) without dated
    steps: the project's period is not theirs. A list of actions is dated by its project."""
    actions = [a for rid in reply.refs if isinstance(a := kb.get(rid), Action)]
    if len(actions) == 1 and action_dates(actions[0], ask) is False:
        return Gap(actions[0], "dates", ask)
    return None


# "since 1985", "depuis 1981": the year a claim says something began
_SINCE = re.compile(
    r"\b(?:depuis|since)\s+(?:l'ann[ée]e\s+|the\s+year\s+)?((?:1[89]|20)\d\d)\b", re.I
)
_SENTENCES = re.compile(r"(?<=[.;!?])\s+")


def _since_denied(engine: Answerer, q: _Query, reply: _Reply) -> _Reply | None:
    """A claim that something began in a year ("engaged in cooperation since 1985, true or
    false?") against the year the records give ("since 1991"): no, with that sentence."""
    from bot.knowledge.answer import _Reply

    claimed = set(_SINCE.findall(q.raw))
    if not claimed:
        return None
    for line in reply.lines:
        for sentence in _SENTENCES.split(line):
            held = _SINCE.search(sentence)
            if held is not None and held.group(1) not in claimed:
                head = engine._w.catalogue.t(q.lang, "answers.verdict_no", line=Safe(sentence))
                return _Reply([head, *reply.lines], reply.intent, True, list(reply.refs))
    return None


def _place_not_member(engine: Answerer, q: _Query, reply: _Reply) -> _Reply | None:
    """ "Is the city of <place> a member of <project>?" answered with a list of members that
    does not name that place: no, it is not among them (the list is the project's)."""
    from bot.knowledge.answer import _Reply

    kb, lang, cat = engine.kb, q.lang, engine._w.catalogue
    if reply.intent not in ("members", "members_count"):
        return None
    projects = [r for r in reply.refs if r in kb.projects]
    filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
    said = fold(html.unescape(re.sub(r"<[^>]+>", "", " ".join(reply.lines))))
    for m in q.mentions:
        if m.ref.kind not in ("place", "tz_city") or len(projects) != 1:
            continue
        typed = " ".join(filtered[m.start : m.end])
        if typed in said:
            continue
        place = _as_typed(q.raw, typed)
        line = cat.t(
            lang, "answers.not_among_members", place=place, name=kb.projects[projects[0]].short_name
        )
        head = cat.t(lang, "answers.verdict_no", line=Safe(line))
        return _Reply([head, *reply.lines], reply.intent, True, list(reply.refs))
    return None


def _words(text: str) -> str:
    """``text`` folded to its words, each between spaces (to find a name as whole words)."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def _as_typed(raw: str, words: str) -> str:
    """``words`` (folded tokens) as the question writes them ("porto novo": "Porto-Novo")."""
    gap = r"[\W_]+(?:\w{1,2}[\W_]+)?"  # a dash, a space, an elided "d'"
    pattern = gap.join(re.escape(w) for w in words.split())
    folded = fold_aligned(raw)
    seen = re.search(rf"(?<!\w){pattern}(?!\w)", folded) if folded is not None else None
    return raw[seen.start() : seen.end()] if seen else words


_NATIONAL_BODIES = frozenset(vocabulary().word_list("national_bodies").split())


def _unshown_places(engine: Answerer, q: _Query, reply: _Reply, said: str) -> list[str]:
    """The places and countries a yes/no claim names ("... hosted it in <city>", "the
    ambassador to <country> spoke") that the reply never names, as typed: what the reply
    says does not bear on them. A country is shown by a record of the reply or the question
    in it ("the regional council of X in <country>")."""
    kb = engine.kb
    text = _words(said)
    filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
    inside = {
        r.country
        for rid in [*reply.refs, *(m.ref.id for m in q.mentions)]
        if isinstance(r := kb.get(rid), Organisation)
    }
    out: list[str] = []
    for m in q.mentions:
        if m.ref.kind not in ("country", "place", "tz_city") or m.via == "region":
            continue  # a part of the world stands for countries, it names none of them
        beside = {*filtered[max(0, m.start - 1) : m.start], *filtered[m.end : m.end + 1]}
        if m.via == "demonym" and beside & _NATIONAL_BODIES:
            continue  # "le ministère français": which ministry, not where something happened
        typed = " ".join(filtered[m.start : m.end])
        names = [typed]
        country = kb.countries.get(m.ref.id) if m.ref.kind == "country" else None
        if country is not None:
            if country.id in inside:
                continue
            names += country.names()
        if any(_words(n) in text for n in names if n.strip()):
            continue
        if country is not None:
            out.append(country.name.get(q.lang))
            continue
        out.append(_as_typed(q.raw, typed))
    return out


def _project_city(engine: Answerer, refs: list[str], said: str, ask: Ask) -> Gap | None:
    """A city asked, answered about projects only by a reply that names no city the
    records know: the documents do not say the city."""
    kb = engine.kb
    if not refs or not all(r in kb.projects for r in refs):
        return None
    if any(city and city in said for city in engine._places):
        return None
    return Gap(kb.projects[refs[0]], "city", ask)


_YEAR_QUESTION = phrase_list("year_question")


def _asked_years(kb: KnowledgeBase, q: _Query) -> list[int]:
    """The years a question asks about: those it names, and after a year ("après 2021",
    "after 2021") the year that follows (the year named is what is known, not what is asked);
    not the year of a meeting it names ("the 2017 workshop": the year tells which one)."""
    joined = f" {' '.join(q.tokens)} "
    if any(p in joined for p in _YEAR_QUESTION):
        return []  # "depuis quelle année ... ? c'était en 1985 ?": the year is a guess
    after = {int(y) for y in _AFTER_YEAR.findall(" ".join(q.tokens))}
    held = {kb.meetings[m].date.year for m in q.ids("meeting") if m in kb.meetings}
    return [y + 1 if y in after else y for y in q.years if y in after or y not in held]


# kinds of glossary terms that name no one who pays (a database, a law, a role, an event...)
_NOT_PAYING = frozenset({"database", "concept", "event", "label", "law", "role", "other"})


def _may_fund(record: object) -> bool:
    """Whether a record could have paid for something: an organisation, a network, or a term
    naming a body, a ministry, an operator, a financing instrument or programme."""
    if isinstance(record, Term):
        return record.term_type not in _NOT_PAYING
    return isinstance(record, (Organisation, Network))


# what a "how many" question counts: the words after "combien de", "how many", "number of"
_COUNTED = re.compile(
    r"\b(?:combien|cb|nombre|number|how\s+many)\s+(?:de\s+|d\s+|of\s+)?(?:(?:les|des|the)\s+)?"
    r"((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)"
)
_NUMBER_WORD = re.compile(
    r"^(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|dizaine|quinzaine|"
    r"vingtaine|dozen)$"
)
_UNITS = frozenset(vocabulary().word_list("units").split())
# the words of a yes/no question that ask rather than say ("confirm", "est-ce que")
_POLAR_WORDS = frozenset(
    " ".join(vocabulary().word_list(k) for k in ("polar_openers", "request", "polar_tails"))
    .replace(";", " ")
    .split()
)
_PREFIX = 5  # letters two forms of a word share ("entrepreneurs", "entrepreneur")


def _counted(q: _Query) -> list[str]:
    """The words after "combien de", "how many": what the question counts (none when it
    counts nothing), the names of records aside ("how many <project> members")."""
    filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
    # the names of what holds the things counted ("how many <project> members"), not of the
    # things themselves ("combien de <plan acronym> adoptés")
    named = {filtered[j] for m in q.mentions if m.ref.kind != "term" for j in range(m.start, m.end)}
    m = _COUNTED.search(" ".join(q.tokens))
    if m is None:
        return []
    counted: list[str] = []
    for w in m.group(1).split():
        if w in STOPWORDS:
            break  # the things counted end where the sentence goes on ("... par le ministère")
        if len(w) >= 4 and w not in named:
            counted.append(w)
    return counted


# replies that describe one record (a term, a network, a meeting...): they count nothing
_CARDS = frozenset({"glossary", "network", "org_card", "meeting", "partnership", "action_type"})


def _uncounted(
    kb: KnowledgeBase, q: _Query, reply: _Reply, said: str, ask: Ask, names: AbstractSet[str]
) -> Gap | None:
    """ "How many <things>" where the reply gives no number next to the things: the
    documents do not count them. Things the engine counts (members, countries: words of its
    cues) are counted by its lists, not by a record's card."""
    counted = _counted(q)
    first = counted[0] if counted else ""
    if not counted or first in _UNITS or (first in _CUE_WORDS and reply.intent not in _CARDS):
        return None  # things the engine counts (members, countries...), or a unit
    refs = reply.refs
    toks = fold(said).replace("\n", " ").split()
    toks = [re.sub(r"[^\w]", "", t) for t in toks]
    numbers = [k for k, t in enumerate(toks) if _NUMBER_WORD.match(t)]
    people = bool(set(counted) & _HEADCOUNT_WORDS)  # "people", "participants": one thing
    for k in numbers:
        near = toks[max(0, k - 4) : k + 7]
        if any(t[:_PREFIX] == w[:_PREFIX] for t in near for w in counted):
            return None
        if people and set(near) & _HEADCOUNT_WORDS:
            return None  # "how many people" against "27 participants"
    record = next((r for rid in refs if (r := kb.get(rid)) is not None), None)
    return Gap(record, "count", ask)


def _guests_not_counted(kb: KnowledgeBase, q: _Query, refs: list[str], ask: Ask) -> Gap | None:
    """ "How many <guests>" of actions that count no such guests, while another action does
    ("15 jeunes entrepreneurs" at one project's gatherings, none at the other's)."""
    counted = _counted(q)
    if not counted:
        return None
    word = counted[0]
    # "how many people": guests said by a headcount word ("64 ... connected") count them
    people = word in _HEADCOUNT_WORDS

    def counts_them(a: Action) -> bool:
        guests = [*a.guests, *(g for ms in a.milestones for g in ms.guests)]
        if people and any(
            g.count and set(fold(f"{g.who.fr} {g.who.en}").split()) & _HEADCOUNT_WORDS
            for g in guests
        ):
            return True
        return any(
            t[:_PREFIX] == word[:_PREFIX]
            for g in guests
            for t in fold(f"{g.who.fr} {g.who.en}").split()
        )

    if not any(counts_them(a) for a in kb.actions.values()):
        return None  # no action counts such guests: not a question about guests
    answered = [a for rid in refs if isinstance(a := kb.get(rid), Action)]
    if not answered or any(counts_them(a) for a in answered):
        return None
    return Gap(answered[0], "count", ask)


def _confirmed(q: _Query, lines: list[str]) -> bool | None:
    """ "Confirm that <person> is <role>": yes when every word the question says of them is
    on their card; else no verdict (a word missing is no proof of "no")."""
    from bot.knowledge.documents import query_concepts, stems

    card = set(stems(html.unescape(re.sub(r"<[^>]+>", "", " ".join(lines)))))
    concepts = [
        c
        for c in query_concepts(q.raw)
        if len(c.word) >= 3 and not c.word.isdigit() and c.word not in _POLAR_WORDS
    ]
    if len(concepts) < 2:
        return None
    return True if all(c.forms & card for c in concepts) else None


def _place_countries(engine: Answerer, q: _Query) -> list[str]:
    """The countries of the cities a question names ("the COCAC of the embassy in Cotonou"):
    a city known for its time zone, or where the records hold a meeting or a step."""
    out: list[str] = []
    for m in q.mentions:
        if m.ref.kind == "tz_city":
            out.append(m.ref.id)
        elif m.ref.kind == "place":
            for rid, _k in engine._places.get(m.ref.id, []):
                record = engine.kb.get(rid)
                places: list[Place | None] = []
                if isinstance(record, Meeting):
                    places = [record.place]
                elif isinstance(record, Action):
                    places = [record.location, *(s.place for s in record.milestones)]
                out += [p.country for p in places if p and p.city == m.ref.id and p.country]
    return list(dict.fromkeys(out))


def _role_holder(
    engine: Answerer,
    q: _Query,
    named_people: tuple[Person, ...],
    named: list[str],
    countries: list[str],
) -> list[Person]:
    """Who holds the role a yes/no question gives to someone it names ("Is it correct that
    the correspondent at the embassy is X?"), when the documents give it to other people."""
    if not q.polar:
        return []
    spelled = {fold(w) for p in named_people for w in re.findall(r"\w+", p.name)}

    def other_word(t: str) -> bool:
        return not any(close_words(w, t) for w in spelled)  # "Bertrand" for "Bertand"

    # asked as "who is <the role>?"
    typed = ["who", *(t for t in q.typed if other_word(t))]
    tokens = ["who", *(t for t in q.tokens if other_word(t))]
    other = engine._people.match(typed, tokens, named, countries)
    if (
        other is None
        or other.by_name
        or {p.id for p in other.people} & {p.id for p in named_people}
    ):
        return []
    return list(other.people)


def _not_a_funder(kb: KnowledgeBase, q: _Query, refs: list[str], ask: Ask) -> Gap | None:
    """An amount asked of a funder a partnership's funding does not list ("how much did X
    give"): the documents give no amount for X; what is known is the partnership's funding."""
    partnerships = [kb.partnerships[r] for r in refs if r in kb.partnerships]
    projects = [kb.projects[r] for r in refs if r in kb.projects]
    if len(partnerships) == 1:
        s = partnerships[0]
        inside = {*s.french_partners, *s.foreign_partners}
        funders = {f.funder_ref for f in s.funding if f.funder_ref}
    elif len(projects) == 1 and not partnerships:
        # a project's funders as its page names them, and the bodies they belong to
        p = projects[0]
        # (a member's own contribution is not given either: only the funders' are)
        inside = {p.id}
        funders = {f.body for f in p.funders} | {f.parent for f in p.funders if f.parent}
    else:
        return None
    for m in q.mentions:
        # a body inside a funder (a ministry's department) is not the funder the record names
        if m.ref.kind not in ("term", "organisation", "network") or m.ref.id in inside:
            continue
        record = kb.get(m.ref.id)
        if record is not None and m.ref.id not in funders and _may_fund(record):
            return Gap(record, "funder" if q.polar else "amount", ask)
    return None


def _unnamed(kb: KnowledgeBase, q: _Query, refs: list[str], said: str, ask: Ask) -> Gap | None:
    """ "Which <records> of <country>" answered with organisations none of which is there,
    and a reply naming neither that country nor one of its organisations: the documents
    mention them without naming them."""
    countries = {m.ref.id for m in q.mentions if m.ref.kind == "country"}
    records = [r for rid in refs if (r := kb.get(rid)) is not None]
    if not countries or not records or not all(isinstance(r, Organisation) for r in records):
        return None
    if any(isinstance(r, Organisation) and r.country in countries for r in records):
        return None
    text = said.casefold()
    for cid in countries:
        country = kb.countries.get(cid)
        names = [n for o in kb.organisations_in(cid) for n in o.names()]
        if country is not None:
            names += [country.name.fr, country.name.en]
        if any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", text) for n in names):
            return None
    return Gap(records[0], "which", ask)


def _elsewhere(kb: KnowledgeBase, q: _Query, refs: list[str], said: str, ask: Ask) -> Gap | None:
    """A gathering or meeting asked "in <country>" answered with ones held elsewhere (or
    somewhere the documents do not give), by a reply that never names that country."""
    countries = {m.ref.id for m in q.mentions if m.ref.kind == "country"}
    records = [r for rid in refs if (r := kb.get(rid)) is not None]
    if not countries or not records or not all(isinstance(r, (Action, Meeting)) for r in records):
        return None
    places: list[Place | None] = []
    for r in records:
        if isinstance(r, Meeting):
            places.append(r.place)
        elif isinstance(r, Action):
            places += [r.location, *(m.place for m in r.milestones)]
    if countries & {p.country for p in places if p is not None and p.country}:
        return None
    text = said.casefold()
    for cid in countries:
        country = kb.countries.get(cid)
        names = [country.name.fr, country.name.en] if country is not None else []
        if any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", text) for n in names):
            return None
    return Gap(records[0], "country", ask)


def _elsewhere_city(
    kb: KnowledgeBase, q: _Query, refs: list[str], said: str, ask: Ask
) -> Gap | None:
    """An action or meeting asked "in <city>" that is not held there (or somewhere the
    documents do not give), by a reply that never names that city."""
    cities = {m.ref.id for m in q.mentions if m.ref.kind == "place"}
    filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
    cities |= {  # a city known for its time zone: as typed
        " ".join(filtered[m.start : m.end]) for m in q.mentions if m.ref.kind == "tz_city"
    }
    records = [r for rid in refs if (r := kb.get(rid)) is not None]
    if not cities or not records or not all(isinstance(r, (Action, Meeting)) for r in records):
        return None
    held: set[str] = set()
    for r in records:
        places = [r.place] if isinstance(r, Meeting) else []
        if isinstance(r, Action):
            places = [r.location, *(m.place for m in r.milestones)]
        held |= {p.city for p in places if p is not None and p.city}
    text = fold(said)
    if {fold(c) for c in cities} & {fold(c) for c in held} or any(
        fold(city) in text for city in cities
    ):
        return None
    return Gap(records[0], "place", ask)


def refine(engine: Answerer, q: _Query, reply: _Reply) -> _Reply:
    from bot.knowledge.answer import _Reply

    kb, lang, cat = engine.kb, q.lang, engine._w.catalogue
    people = engine._people
    named = [m.ref.id for m in q.mentions if m.ref.kind not in _NOT_RECORDS]
    attributes = asked(q.raw, q.typed)
    countries = [m.ref.id for m in q.mentions if m.ref.kind == "country"]
    countries += [c for c in _place_countries(engine, q) if c not in countries]
    match = people.match(q.typed, q.tokens, named, countries)
    if match is None and "contact" in attributes:
        # "what is the email of the COCAC in Rabat?": contact details asked of someone
        match = people.match([*q.typed, "contact"], [*q.tokens, "contact"], named, countries)
    elsewhere = people.match(q.typed, q.tokens, named) if match is None and countries else None
    if elsewhere is not None and not elsewhere.by_name:
        # someone holds the role asked, but in another country: the documents do not name
        # the one asked for; say who is known
        known = [people.line(p, lang) for p in elsewhere.people]
        return _Reply(render_gap(kb, Gap(None, "names", Ask()), known, lang, cat), "gap", False)
    if "contact" in attributes and (match is not None or reply.found):
        # contact details are never repeated: say so, then who or what is known
        known = [people.line(p, lang) for p in match.people] if match is not None else reply.lines
        never = Gap(None, "contact", Ask())
        return _Reply(render_gap(kb, never, known, lang, cat), "gap", found=False)
    unheld = [a for a in attributes if a in NEVER_HELD]
    if match is not None and match.by_name and unheld:
        # "X, his term ends which year?": who X is, and that the documents do not say it
        known = [people.line(p, lang) for p in match.people]
        return _Reply(render_gap(kb, Gap(None, unheld[0], Ask()), known, lang, cat), "gap", False)
    if match is not None and not match.by_name and {"count", "names"} & set(attributes):
        match = None  # someone found by role answers "who", not "how many" nor "their names"
    about_record = {"expansion", "website", "founded"} & set(attributes)
    if match is not None and about_record and q.has("term", "network", "organisation"):
        match = None  # asked about the acronym (the site, the founding) a person presented
    if match is not None:
        said = html.unescape(" ".join(reply.lines))
        if match.by_name or not reply.found or reply.intent == "unknown":
            lines = [line for p in match.people for line in people.card(p, lang)]
            if "job" in attributes and not any(p.role_ref or p.organisation for p in match.people):
                # "quel est son poste exact ?" of someone named only for what they did there
                job = Gap(match.people[0], "job", Ask())
                refs = [p.id for p in match.people]
                return _Reply(render_gap(kb, job, lines, lang, cat), "gap", False, refs)
            verdict = _confirmed(q, lines) if q.polar and match.by_name else None
            refs = [p.id for p in match.people]
            holder = _role_holder(engine, q, match.people, named, countries)
            if q.polar and match.by_name and verdict is None and holder:
                # "Is X the <role>?" when the documents give that role to someone else: no,
                # who holds it, then who X is
                lines = [*(people.line(p, lang) for p in holder), *lines]
                refs = [*(p.id for p in holder), *refs]
                verdict = False
            return _Reply(lines, "person", refs=refs, verdict=verdict)
        if reply.intent != "agenda_item" and not any(p.name in said for p in match.people):
            extra = [people.line(p, lang) for p in match.people]
            return _Reply([*reply.lines, *extra], reply.intent, True, [*reply.refs])
    candidates = named
    if "website" in attributes:
        for rid in candidates:
            term = kb.terms.get(rid)
            if isinstance(term, Term) and term.url:
                label = record_label(kb, term, lang)
                line = cat.t(lang, "answers.gaps.website", record=label, url=term.url)
                return _Reply([line], "website", refs=[rid])
    if "social" in attributes and not {"expansion", "metrics"} & set(attributes):
        # (what an acronym in a handle stands for is the term's expansion, not the account;
        # how many follow it, a figure no document holds)
        for rid in dict.fromkeys([*candidates, *reply.refs]):
            record = kb.get(rid)
            sentence = social_sentence(record, lang) if record is not None else None
            if record is not None and sentence:
                label = record_label(kb, record, lang)
                line = cat.t(lang, "answers.gaps.social", record=label, text=sentence)
                return _Reply([line], "social", refs=[rid])
    if not reply.found or reply.intent in ("greeting", "person"):
        return reply
    outside = _place_not_member(engine, q, reply) if q.polar else None
    if outside is not None:
        return outside
    absent = _absent_names(engine, q) if q.polar else []
    if absent:
        # "is there also ... for <a name no record holds>": what was answered is the rest
        head = cat.t(lang, "passages.missing_words", words=", ".join(absent[:3]))
        return _Reply([head, *reply.lines], "gap", found=False, refs=list(reply.refs))
    since = _since_denied(engine, q, reply) if q.polar else None
    if since is not None:
        return since
    said = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(reply.lines)))
    ask = Ask(q.ordinal, tuple(q.years))
    gap = find_gap(kb, q.raw, q.typed, [*reply.refs, *candidates], ask, said, lang)
    asked_years = _asked_years(kb, q)
    if (
        gap is None
        and asked_years
        and reply.intent not in _STATES
        and not _covers(said, asked_years)
    ):
        # a year asked that the reply does not reach: the answer is about another time
        record = next((r for rid in [*reply.refs, *candidates] if (r := kb.get(rid))), None)
        gap = Gap(record, "year", ask)
    paid = q.cues.any("funding") and ("count" in q.cues or q.polar)
    if gap is None and ("amount" in attributes or paid):
        gap = _not_a_funder(kb, q, reply.refs, ask)
    if gap is None:
        gap = _sequel(kb, q, ask)
    if gap is None:
        gap = _only_left_out(kb, q, reply, ask)
    if gap is None and "dates" in attributes:
        gap = _undated(kb, reply, ask)
    if gap is None and "city" in attributes:
        gap = _project_city(engine, reply.refs, said, ask)
    if gap is None and "identity" in q.cues:
        gap = _unnamed(kb, q, reply.refs, said, ask)
    if gap is None:
        gap = _elsewhere(kb, q, reply.refs, said, ask)
    if gap is None and "count" in attributes:
        gap = _guests_not_counted(kb, q, reply.refs, ask)
    if gap is None and "count" in attributes:
        gap = _uncounted(kb, q, reply, said, ask, engine._index.vocabulary)
    if gap is None and q.polar:
        gap = _elsewhere_city(kb, q, reply.refs, said, ask)
    if gap is None and q.polar and reply.verdict is not False:
        # "X hosted it in <city>, is that right?" answered about X only: not a yes
        unshown = _unshown_places(engine, q, reply, said)
        if unshown:
            head = cat.t(lang, "passages.unconfirmed", words=", ".join(unshown[:3]))
            return _Reply([head, *reply.lines], "gap", found=False, refs=list(reply.refs))
    if gap is None:
        return reply
    held = gap.attribute == "country" or (gap.attribute == "place" and q.polar)
    if q.polar and held and _held_elsewhere(kb, reply.refs, ask, city=gap.attribute == "place"):
        # "was it held in <country>, is that right?" of a gathering held in another country
        # the records give: no, and where it was
        return _Reply(reply.lines, reply.intent, True, list(reply.refs), verdict=False)
    lines = render_gap(kb, gap, reply.lines, lang, cat)
    refs = [gap.record.id] if gap.record is not None else list(reply.refs)
    return _Reply(lines, "gap", found=False, refs=refs)


def _held_elsewhere(kb: KnowledgeBase, refs: list[str], ask: Ask, *, city: bool = False) -> bool:
    """Whether every gathering or meeting answered has a country (``city``: a city) the
    records give (the step asked, when one is: "the first gathering")."""
    places: list[Place | None] = []
    for rid in refs:
        r = kb.get(rid)
        if isinstance(r, Meeting):
            places.append(r.place)
        elif isinstance(r, Action):
            steps = [m for m in r.milestones if ask.ordinal is None or m.number == ask.ordinal]
            places += [m.place for m in steps] if steps else [r.location]
        else:
            return False
    return bool(places) and all(p is not None and (p.city if city else p.country) for p in places)
