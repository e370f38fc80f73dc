"""Recognising questions about the community's *live* data: events, RSVPs, polls, directory.

The next event, its link, one's own registration, the open polls, an organisation's focal
points are not in the knowledge files: their answers are in the database (see
:mod:`bot.live_answers`). This module only *recognises* them, from data tables: cue words per
group (``data/vocabulary/live.toml``, French and English mixed, folded as
:func:`~bot.knowledge.textnorm.tokenize` folds them), and intents made of cue groups. No
name of a project, organisation or country appears here: names are resolved by the services.

A question is an intent when every group of ``all`` matches, at least one of ``any`` (if any)
does, and none of ``none`` does; intents are tried in order. A match is *confident* when a
group of ``strong`` matched ("prochaine", "lien", "sondage"...); otherwise it is *tentative*
("quand est la réunion ?"): the caller answers it live only if the question says nothing else
(no word left but cue words, stop words and project names) and live data exists.

"c'est quoi le lien ?" asks for the link, not its definition: a ``define`` cue followed by a
definite article and a cue of what an event has (``VALUE_GROUPS``) does not count. A day named
("le webinaire de jeudi") is :attr:`LiveQuestion.day` (its weekday); a day said relative to
today ("demain", "après-demain", "tonight") is :attr:`LiveQuestion.in_days`, its phrase read
whole ("après" there is no ordinal). A week said relative to this one ("cette semaine", "next
week") is :attr:`LiveQuestion.in_weeks`; a weekday said with "next" ("next Monday", "lundi
prochain") is never today (:attr:`LiveQuestion.later`); a month named, and the part of it ("début
décembre"), is :attr:`LiveQuestion.month` and :attr:`LiveQuestion.month_part`.

"tient toujours ?", "still on?", "maintenue ?", "annulée ?" (``status``) ask whether an event
holds: of an event named by its title alone ("le comité technique est-il maintenu ?") too, never
sure then; "était annulée", "was the call cancelled?" say the tense of "cancelled", not a past
event (:data:`STATUS_TENSES`).

Words that ask nothing (``aside``) are read whole: a farewell ("à tantôt", "à bientôt"), when
to answer ("kindly revert today itself"), a year's horizon ("d'ici la fin de l'année") name no
day, no "next", no part of a month. The day of a month said before it ("mardi 1er décembre") is
:attr:`LiveQuestion.month_day`, a date, not an ordinal. "Le programme des activités de la
semaine prochaine" (no event's word, a period named) asks for the agenda, not an event's
programme. A known word that is an event's word misspelt ("vision" for "visio", an
autocorrect) is that word when a day is named and no event's word is said.

"qu'est-ce que" followed by "au" and what an event has ("qu'est-ce qu'au programme il y a ?",
a German word order), or within "qu'est-ce qu'il y a" ("qu'est-ce qu'il y a jeudi ?"), asks
what is on, no definition. The asker as who receives the answer ("j'aurais besoin des noms",
"me les envoyer", "send me the names": ``for_me``) and the asker's own calendar ("to put it in
my calendar": ``own_calendar``) are read whole: not the asker asked about, not the agenda
asked. A weekday said past ("la réunion de jeudi passé", "last Tuesday's meeting") beside
another day named is not the day asked (:data:`PAST_DAY`). "The agenda" said of one event
named by its day ("Wednesday's webinar, what's on the agenda?") is its programme.

People named joined to an event's word ("la réunion des points focaux", "tonight's focal points
call") name that event: they are not asked for. Who asks, said before asking ("je suis le point
focal de X"), is read whole and asked for neither.

Typos are tolerated (rapidfuzz, or the same sound: "vizio", "visioo") on words of five
letters or more with the same first letter, unless the word is a known name (``known``:
"vision" is a name, not a misspelt "visio", unless a day is named: above).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from bot.knowledge.matching import NAME_STOPWORDS
from bot.knowledge.textnorm import STOPWORDS, tokenize
from bot.knowledge.vocabulary import vocabulary

__all__ = [
    "CUES",
    "DAYS",
    "INTENTS",
    "KINDS",
    "WEEKEND_DAYS",
    "LiveIntent",
    "LiveQuestion",
    "recognise",
]

# -- the data ---------------------------------------------------------------------------------
# fmt: off

CUES: Mapping[str, Sequence[str]] = dict(vocabulary().live.cues)  # data/vocabulary/live.toml
# Event kinds by the words that name them.
KINDS: Mapping[str, Sequence[str]] = dict(vocabulary().live.kinds)

# The cue groups naming a weekday, Monday first (their index is the weekday).
DAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
# The cue groups naming a month, January first (their index + 1 is the month), and the parts
# of a month said before it ("début décembre"), by the first day of each.
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
MONTH_PARTS: Mapping[str, int] = {"early_month": 1, "mid_month": 11, "late_month": 21}
# The cue groups naming a day relative to today, by how many days ahead it is; any of them
# matched also matches the group ``RELATIVE_DAY``.
RELATIVE_DAYS: Mapping[str, int] = {"today": 0, "tomorrow": 1, "day_after_tomorrow": 2}
RELATIVE_DAY = "relative_day"
# The cue groups naming a week relative to this one (Monday to Sunday), by how many weeks ahead.
RELATIVE_WEEKS: Mapping[str, int] = {"this_week": 0, "next_week": 1}
WEEKDAY = "weekday"  # matched when any of DAYS is
# The cue group naming the weekend (Saturday and Sunday of the week named, else this one).
WEEKEND = "weekend"
WEEKEND_DAYS: frozenset[int] = frozenset({5, 6})
# What an event has, asked for after "c'est quoi" ("c'est quoi le lien ?", "what is the time").
VALUE_GROUPS: frozenset[str] = frozenset({"link", "when", "where", "programme"})
# Cue groups naming people that, joined to an event's word, are that event's name ("la réunion
# des points focaux", "tonight's focal points call"): not asked for.
EVENT_NAMERS: frozenset[str] = frozenset({"focal", "coordinator", "coordinators"})
# Words joining such a group to the event's word ("réunion des points focaux", "meeting of
# the focal points", "tonight's focal points meeting"): folded.
EVENT_JOINERS: frozenset[str] = frozenset({"des", "de", "du", "d", "of", "the", "la", "le", "les"})
# Groups whose phrases are read whole: the words of "je suis le point focal" (who asks), of "a
# call for projects", of "j'aurais besoin des noms" (who receives the answer), of "in my
# calendar" (the asker's own) match no other group on their own (the days of RELATIVE_DAYS
# are read whole too).
WHOLE: tuple[str, ...] = ("self", "call_for", "aside", "for_me", "own_calendar")
# Matched when a week relative to this one is named.
RELATIVE_WEEK = "relative_week"
# The past cues that are only the tense of "cancelled" ("on m'a dit qu'elle était annulée", "was
# the call cancelled?"): with a ``status`` cue, the event asked about need not be past.
STATUS_TENSES: frozenset[str] = frozenset({"etait", "was", "were"})
# The day of a month said before it ("mardi 1er décembre", "3 December"): a date, not an
# ordinal (folded; numbers 1 to 31 too).
MONTH_DAYS: Mapping[str, int] = {"1er": 1, "1re": 1, "1ere": 1, "premier": 1, "first": 1}
# Groups naming a day or a period: with one, "le programme de la semaine prochaine", "the
# programme for Friday" ask what is planned then (no event named), not an event's programme.
PERIOD_GROUPS: frozenset[str] = frozenset(
    {*DAYS, *RELATIVE_DAYS, *RELATIVE_WEEKS, *MONTHS, "weekend", "agenda"}
)
# Groups naming a day, with which a known word near an event's word is that word misspelt
# (an autocorrect: "la vision de mardi" is "la visio de mardi").
DAY_GROUPS: frozenset[str] = frozenset({*DAYS, *RELATIVE_DAYS})
# Definite articles between "c'est quoi" and what is asked (folded).
# "au", "aux" too: "qu'est-ce qu'au programme il y a ?" (a German word order) asks what is on.
ARTICLES: frozenset[str] = frozenset(
    {"le", "la", "les", "l", "the", "ton", "votre", "ce", "cet", "au", "aux"}
)
# The agenda said of one event named by its day ("Wednesday's webinar, what's on the
# agenda?"): its programme, as "programme" is (folded).
AGENDA_NOUNS: frozenset[str] = frozenset({"agenda"})
# Said right after a weekday or before it ("jeudi passé", "last Thursday"): that day is past.
PRECEDING = "preceding"
PAST_DAY = "past_day"  # matched by such a weekday and its word, beside another day named

# fmt: on


@dataclass(frozen=True)
class LiveIntent:
    name: str
    all: tuple[str, ...]
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()


# In order: the first intent that matches wins.
INTENTS: tuple[LiveIntent, ...] = (
    LiveIntent(
        "polls",
        all=("poll",),
        any=("open", "answered", "me", "next", "when", "results", "who", "latest"),
        none=("define", "count", "past"),
        strong=("poll",),
    ),
    LiveIntent(
        "rsvp",
        all=("answered", "me"),
        none=("define", "poll", "count", "past", "focal"),
        strong=("answered",),
    ),
    # "qui a dit qu'il venait à la visio de ce soir ?", "how many are coming tonight?": who
    # answered an event (its names for those who may see them, else its counts); a day or
    # "next" must say which ("qui participe au projet X ?" asks for the partners, "qui participe
    # aux regroupements ?", "who attends the 2nd gathering" what the documents say)
    LiveIntent(
        "attendance",
        all=("come", "who"),
        any=("next", RELATIVE_DAY, WEEKDAY),
        none=("define", "past", "poll", "focal", "ordinal"),
        strong=("next", RELATIVE_DAY, WEEKDAY),
    ),
    LiveIntent(
        "attendance",
        all=("come", "count"),
        any=("next", RELATIVE_DAY, WEEKDAY),
        none=("define", "past", "poll", "focal", "ordinal"),
        strong=("next", RELATIVE_DAY, WEEKDAY),
    ),
    # "who all have confirmed for today's visio?", "j'ai combien d'inscrits et c'est qui ?":
    # who answered it, as above ("me" there asks for one's own answer)
    LiveIntent(
        "attendance",
        all=("answered", "who"),
        any=("next", RELATIVE_DAY, WEEKDAY),
        none=("define", "past", "poll", "focal", "ordinal", "me"),
        strong=("next", RELATIVE_DAY, WEEKDAY),
    ),
    LiveIntent(
        "attendance",
        all=("answered", "count"),
        any=("next", RELATIVE_DAY, WEEKDAY),
        none=("define", "past", "poll", "focal", "ordinal"),
        strong=("next", RELATIVE_DAY, WEEKDAY),
    ),
    LiveIntent(
        "focal_points",
        all=("focal", "who"),
        none=("define", "count"),
        strong=("focal",),
    ),
    # "focal point of Lori?", "who represents Bambey council": live only when the other
    # words name whom (bot/live_answers.py)
    LiveIntent("focal_points", all=("focal",), none=("define", "count", "past")),
    LiveIntent("focal_points", all=("represent",), none=("define", "count", "past")),
    # "who are the coordinators (of the project)?": asked whom they all are, sure ("who
    # coordinates P", "le coordonnateur de O" may be the documents')
    LiveIntent(
        "coordinators",
        all=("coordinator", "who"),
        none=("define", "count", "focal"),
        strong=("coordinators",),
    ),
    LiveIntent(
        "event_link",
        all=("link",),
        any=("event", "next", *DAYS),
        none=("define", "ordinal", "past", "between", "count"),
        strong=("link",),
    ),
    LiveIntent(
        "event_place",
        all=("where", "event"),
        none=("define", "ordinal", "past", "count", "link", "status", "programme"),
        strong=("next",),
    ),
    # "y a une visio de prévue bientôt ?": sure when an event is said "soon" or "next" ("projets
    # à venir" is no event); "le webinaire de jeudi : maintenu ou annulé ? je dois caler mon
    # agenda" asks whether it holds
    LiveIntent(
        "agenda",
        all=("agenda", "event", "next"),
        none=("define", "ordinal", "past", "count", "link", "programme", "status"),
        strong=("next",),
    ),
    # sure when a day is named ("prévu jeudi", "scheduled this weekend") or anything asked
    # ("does the project have anything scheduled?")
    LiveIntent(
        "agenda",
        all=("agenda",),
        none=("define", "ordinal", "past", "count", "link", "programme", "status"),
        strong=(RELATIVE_DAY, WEEKDAY, WEEKEND, RELATIVE_WEEK, "anything"),
    ),
    LiveIntent(
        "next_event",
        all=("event",),
        any=("next", "when", "programme", "status", RELATIVE_DAY, *DAYS),
        none=("define", "ordinal", "past", "count", "between"),
        strong=("next", RELATIVE_DAY, *DAYS),
    ),
    # "il se passe quoi après-demain ?", "what's happening tomorrow": that day's agenda, live
    # when nothing else is asked, or anything is asked of it ("anything on tomorrow morning?")
    LiveIntent(
        "agenda",
        all=(RELATIVE_DAY,),
        any=("held", "open"),
        none=("define", "ordinal", "past", "count", "link", "poll", "answered", "focal"),
        strong=("anything",),
    ),
    # "is there something on Wednesday?", "anything on this weekend?": that day's agenda
    # (sure when anything is asked of it)
    LiveIntent(
        "agenda",
        all=(WEEKDAY,),
        any=("held", "open"),
        none=("define", "ordinal", "past", "count", "link", "poll", "answered", "focal"),
        strong=("anything",),
    ),
    LiveIntent(
        "agenda",
        all=(WEEKEND,),
        any=("held", "open"),
        none=("define", "ordinal", "past", "count", "link", "poll", "answered", "focal"),
        strong=("anything",),
    ),
    # "le comité technique est-il maintenu ?": whether an event named by words of its title
    # alone holds, never sure (live only when those words name an event: bot/live_answers.py)
    LiveIntent(
        "next_event",
        all=("status",),
        none=("define", "ordinal", "past", "count", "between", "poll", "answered", "focal"),
    ),
    # "quels sont les coordinateurs du projet ?": live when nothing else is asked (last: "Madame
    # la coordinatrice, ..." addresses someone and asks something else)
    LiveIntent("coordinators", all=("coordinator",), none=("define", "count", "focal", "past")),
)

# Static intents worth showing after "nothing scheduled" (what the project plans, from data/).
STATIC_AFTER_NONE: frozenset[str] = frozenset({"gathering", "gatherings", "webinars", "next_step"})

FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 82


# -- recognition ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveQuestion:
    """A question recognised as being about live data."""

    intent: str
    confident: bool
    kind: str | None  # the event kind named, if any ("" or None: any kind)
    groups: frozenset[str]  # the cue groups that matched
    rest: tuple[str, ...]  # words that are neither cues nor stop words, in order
    day: int | None = None  # the weekday named (0: Monday), if any
    in_days: int | None = None  # the day named relative to today (0: today, 1: tomorrow...)
    in_weeks: int | None = None  # the week named relative to this one (0: this week, 1: next)
    weekend: bool = False  # the weekend named: Saturday and Sunday of that week
    # the weekday named with "next" ("next Monday", "lundi prochain"): the first one after
    # today, never today
    later: bool = False
    month: int | None = None  # the month named (1: January), if any
    month_part: int | None = None  # the first day of the part of it named ("début": 1)
    month_day: int | None = None  # the day of the month named ("mardi 1er décembre": 1)
    # words read as misspelt cues ("vizio"): the caller may know them as something else (a
    # place: "Comores" is no misspelt "comes")
    guessed: tuple[str, ...] = ()
    # words naming the event asked about (its place: "le forum de Lyon"), set by the
    # answerer from the events planned
    about: tuple[str, ...] = ()

    def has(self, group: str) -> bool:
        return group in self.groups


@lru_cache(maxsize=1)
def _compiled() -> dict[str, tuple[tuple[str, ...], ...]]:
    return {
        group: tuple(sorted({tuple(tokenize(p)) for p in phrases if tokenize(p)}, key=len))
        for group, phrases in CUES.items()
    }


@lru_cache(maxsize=1)
def _kinds() -> dict[tuple[str, ...], str]:
    return {tuple(tokenize(p)): kind for kind, phrases in KINDS.items() for p in phrases}


# Spellings that sound alike, for typos: a letter doubled or not ("webinnaire"), "z" for the
# "s" said between vowels ("vizio"), "y" for "i", "ph" for "f", "k" or "qu" for a hard "c".
SOUNDS: tuple[tuple[str, str], ...] = (
    ("ph", "f"),
    ("qu", "k"),
    ("ck", "k"),
    ("z", "s"),
    ("y", "i"),
)


@lru_cache(maxsize=4096)
def _sound(word: str) -> str:
    """``word`` as it sounds, roughly: the spellings of :data:`SOUNDS` made one, doubled
    letters single ("vizio" and "visioo" sound as "visio")."""
    for spelt, said in SOUNDS:
        word = word.replace(spelt, said)
    return "".join(c for k, c in enumerate(word) if k == 0 or c != word[k - 1])


def _same(word: str, cue: str, known: frozenset[str]) -> bool:
    if word == cue:
        return True
    return (
        len(word) >= FUZZY_MIN_LENGTH
        and len(cue) >= FUZZY_MIN_LENGTH
        and word[0] == cue[0]
        and word not in known
        and word not in STOPWORDS
        and (fuzz.ratio(word, cue) >= FUZZY_CUTOFF or _sound(word) == _sound(cue))
    )


def _find(tokens: Sequence[str], phrase: tuple[str, ...], known: frozenset[str]) -> Iterable[range]:
    size = len(phrase)
    for start in range(len(tokens) - size + 1):
        if all(_same(tokens[start + k], phrase[k], known) for k in range(size)):
            yield range(start, start + size)


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Every word of every cue: such a word is itself, never a misspelling of another cue
    ("passe" in "où se passe" is not a misspelt "passes")."""
    return frozenset(w for phrases in _compiled().values() for p in phrases for w in p)


def recognise(
    question: str, known: Iterable[str] = (), names: Iterable[str] = ()
) -> LiveQuestion | None:
    """The live intent of ``question``, or ``None`` (then the knowledge files answer it).

    ``known``: folded words of the knowledge base's names, never taken for misspelt cues;
    ``names``: folded words to leave out of :attr:`LiveQuestion.rest` (projects' names)."""
    tokens = tokenize(question)
    if not tokens:
        return None
    cue_words = _cue_words()
    known_words = frozenset(known) | cue_words
    matched: set[str] = set()
    spans: dict[str, list[range]] = {}
    for group, phrases in _compiled().items():
        for phrase in phrases:
            for span in _find(tokens, phrase, known_words):
                spans.setdefault(group, []).append(span)
    if _autocorrected(tokens, spans, cue_words):
        known_words = cue_words  # its kind too ("vision": a visio)
    _read_whole(spans)
    _past_weekdays(spans)
    month_day = _month_day(tokens, spans)
    _events_named(tokens, spans)
    _asker_after(question, spans)
    used = {k for found in spans.values() for span in found for k in span}
    starts = {span.start: group for group, found in spans.items() for span in found}
    for group, found in spans.items():
        if not found:
            continue
        # "c'est quoi le lien ?", "qu'est-ce qu'au programme il y a ?", "qu'est-ce qu'il y a
        # jeudi ?" ask what an event has, what is on: no definition
        if group == "define" and all(
            _asks_value(tokens, span, starts)
            or any(_within(span, a) for a in spans.get("anything", ()))
            for span in found
        ):
            continue
        matched.add(group)
    in_days = next((n for group, n in RELATIVE_DAYS.items() if group in matched), None)
    if in_days is not None:
        matched.add(RELATIVE_DAY)
    # one week named ("this week and next" is no one week: not read)
    weeks = [n for group, n in RELATIVE_WEEKS.items() if group in matched]
    in_weeks = weeks[0] if len(weeks) == 1 else None
    if matched & set(DAYS):
        matched.add(WEEKDAY)
    weekend = WEEKEND in matched
    if weekend and in_weeks is None:  # "ce week-end": this week's
        in_weeks = 0
    if in_weeks is not None:
        matched.add(RELATIVE_WEEK)
    # one month named ("de novembre à janvier" is no one month: not read)
    months = [k + 1 for k, group in enumerate(MONTHS) if group in matched]
    month = months[0] if len(months) == 1 else None
    if month is None:
        month_day = None
    # "le programme des activités de la semaine prochaine": what is planned then, no event's
    if "programme" in matched and "event" not in matched and matched & PERIOD_GROUPS:
        matched.discard("programme")
        matched.add("agenda")
    # "Wednesday's webinar, what's on the agenda?": one event named by its day, its programme
    elif _agenda_of_event(tokens, spans, matched):
        matched.discard("agenda")
        matched.add("programme")
    # "was it called off?", "a-t-il été annulé ?" of an event named by its day, "on m'a dit
    # qu'elle était annulée": whether it holds, not a past event
    if "status" in matched and (
        matched & {WEEKDAY, RELATIVE_DAY, "next"}
        or all(tokens[k] in STATUS_TENSES for span in spans.get("past", ()) for k in span)
    ):
        matched.discard("past")
    for intent in INTENTS:
        if not all(g in matched for g in intent.all):
            continue
        if intent.any and not any(g in matched for g in intent.any):
            continue
        if any(g in matched for g in intent.none):
            continue
        skip = STOPWORDS | NAME_STOPWORDS | frozenset(names)
        rest = tuple(
            t for k, t in enumerate(tokens) if k not in used and t not in skip and len(t) > 1
        )
        return LiveQuestion(
            intent=intent.name,
            confident=any(g in matched for g in intent.strong),
            kind=_kind_of(tokens, known_words),
            groups=frozenset(matched),
            rest=rest,
            day=next((k for k, day in enumerate(DAYS) if day in matched), None),
            in_days=in_days,
            in_weeks=in_weeks,
            weekend=weekend,
            # "thursday next week" says its week: that one
            later=in_weeks is None and _next_to(spans, DAYS, "following"),
            month=month,
            guessed=tuple(t for k, t in enumerate(tokens) if k in used and t not in cue_words),
            month_part=_month_part(tokens, spans, month),
            month_day=month_day,
        )
    return None


def _read_whole(spans: dict[str, list[range]]) -> None:
    """A relative day is read whole: the words of "après-demain", "the day after tomorrow"
    match no other group on their own ("après" is no ordinal, "demain" no tomorrow), unless
    that group has the whole phrase too."""
    days = [span for group in (*RELATIVE_DAYS, *WHOLE) for span in spans.get(group, ())]
    for found in spans.values():
        found[:] = [
            span for span in found if not any(_within(span, d) and d not in found for d in days)
        ]


def _agenda_of_event(
    tokens: Sequence[str], spans: Mapping[str, list[range]], matched: set[str]
) -> bool:
    """Whether "the agenda" is asked of one event named by its day ("Wednesday's webinar ah,
    what's on the agenda?", "l'agenda de la réunion de demain ?"): its programme. An event's
    word in the singular, a day named (a weekday, a day relative to today) and no longer
    period (a week, a weekend, a month); "webinars on the agenda this week" stays the agenda."""
    if "event" not in matched or not matched & DAY_GROUPS:
        return False
    if matched & {RELATIVE_WEEK, WEEKEND, *MONTHS, *RELATIVE_WEEKS}:
        return False
    if not any(tokens[k] in AGENDA_NOUNS for span in spans.get("agenda", ()) for k in span):
        return False
    words = {p[0] for p in _compiled()["event"] if len(p) == 1}
    return not any(
        tokens[k].endswith("s") and tokens[k][:-1] in words
        for span in spans.get("event", ())
        for k in span
    )


def _past_weekdays(spans: dict[str, list[range]]) -> None:
    """A weekday said past ("la réunion de jeudi passé", "last Thursday's call": a
    :data:`PRECEDING` word right after it or before it) beside another day named ("qui a
    confirmé pour le webinaire de mercredi ?") tells why one asks: its words match nothing
    ("dernier", "last" are no ordinal there), the other day is the one asked. Alone ("le
    webinaire de jeudi dernier"), it stays as it was (a past event: the documents')."""
    preceding = spans.get(PRECEDING, [])
    past: list[range] = []
    for group in DAYS:
        for span in spans.get(group, ()):
            near = [p for p in preceding if p.start == span.stop or p.stop == span.start]
            past += [range(min(span.start, p.start), max(span.stop, p.stop)) for p in near[:1]]
    if not past:
        return
    taken = {k for span in past for k in span}
    others = [
        span
        for group in DAY_GROUPS
        for span in spans.get(group, ())
        if not taken.intersection(span)
    ]
    if not others:
        return
    for found in spans.values():
        found[:] = [span for span in found if not taken.intersection(span)]
    spans.setdefault(PAST_DAY, []).extend(past)  # read, not "something else asked"


def _autocorrected(
    tokens: Sequence[str], spans: dict[str, list[range]], cue_words: frozenset[str]
) -> bool:
    """A known word that is an event's word misspelt ("vision" for "visio", an autocorrect)
    is that word when no event's word is said and a day is named ("la vision des points
    focaux de mardi est-elle maintenue ?"); without a day it stays itself ("la vision du
    projet"). Whether one was read so."""
    if spans.get("event") or not any(spans.get(g) for g in DAY_GROUPS):
        return False
    found = [
        span
        for phrase in _compiled()["event"]
        if len(phrase) == 1
        for span in _find(tokens, phrase, cue_words)
    ]
    if found:
        spans["event"] = found
    return bool(found)


def _month_day(tokens: Sequence[str], spans: dict[str, list[range]]) -> int | None:
    """The day of the month said right before a month ("mardi 1er décembre", "le 3
    décembre"), taken out of the ordinals ("1er" there is a date); ``None`` if none."""
    found = None
    for group in MONTHS:
        for span in spans.get(group, ()):
            k = span.start - 1
            if k < 0:
                continue
            word = tokens[k]
            day = MONTH_DAYS.get(word) or (int(word) if word.isdigit() else None)
            if day is None or not 1 <= day <= 31:
                continue
            found = day
            spans.setdefault("month_day", []).append(range(k, k + 1))
            ordinals = spans.get("ordinal")
            if ordinals:
                ordinals[:] = [o for o in ordinals if k not in o]
    return found


def _asker_after(question: str, spans: dict[str, list[range]]) -> None:
    """The asker named only in a sentence after the one that asks who ("Kindly advise who has
    confirmed for tomorrow's webinar. I need the names for the report."): that sentence says
    why they ask, not that they ask about themselves."""
    who, me = spans.get("who"), spans.get("me")
    if not who or not me:
        return
    first = min(span.start for span in who)
    end = 0
    for sentence in re.split(r"(?<=[.?!])\s+", question.strip()):
        end += len(tokenize(sentence))
        if end > first:
            break
    if all(span.start >= end for span in me):
        me.clear()


def _events_named(tokens: Sequence[str], spans: dict[str, list[range]]) -> None:
    """People named joined to an event's word name that event ("la réunion des points focaux
    de ce soir", "tonight's focal points call", :data:`EVENT_NAMERS`): those spans are not
    asked for (whom the focal points are), the event is."""
    events = spans.get("event", [])
    if not events:
        return
    for group in EVENT_NAMERS:
        found = spans.get(group)
        if found:
            found[:] = [span for span in found if not any(_joined(tokens, span, e) for e in events)]


def _joined(tokens: Sequence[str], a: range, b: range) -> bool:
    """Whether spans ``a`` and ``b`` follow one another, with only joining words between."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = tokens[first.stop : second.start]
    return first.stop <= second.start and all(t in EVENT_JOINERS for t in between)


def _month_part(
    tokens: Sequence[str], spans: Mapping[str, list[range]], month: int | None
) -> int | None:
    """The first day of the part of ``month`` said before it ("début décembre", "end of
    March": 1, 21), if any."""
    if month is None:
        return None
    named = spans.get(MONTHS[month - 1], [])
    for part, first in MONTH_PARTS.items():
        for span in spans.get(part, []):
            # before it, or within its phrase ("end of march")
            if any(
                _within(span, m) or (span.stop <= m.start and _joined(tokens, span, m))
                for m in named
            ):
                return first
    return None


def _next_to(spans: Mapping[str, list[range]], groups: Sequence[str], other: str) -> bool:
    """Whether a span of ``groups`` is right before or after one of ``other`` ("next Monday",
    "lundi prochain")."""
    near = spans.get(other, [])
    return any(
        span.start == o.stop or o.start == span.stop
        for group in groups
        for span in spans.get(group, [])
        for o in near
    )


def _within(span: range, outer: range) -> bool:
    """Whether ``span`` lies strictly inside ``outer``."""
    return outer.start <= span.start and span.stop <= outer.stop and span != outer


def _asks_value(tokens: Sequence[str], span: range, starts: Mapping[int, str]) -> bool:
    """Whether a ``define`` cue asks for what an event has ("c'est quoi le lien")."""
    k = span.stop
    if k < len(tokens) and tokens[k] in ARTICLES:
        k += 1
    return k > span.stop and starts.get(k) in VALUE_GROUPS


def _kind_of(tokens: Sequence[str], known: frozenset[str]) -> str | None:
    for phrase, kind in sorted(_kinds().items(), key=lambda kv: -len(kv[0])):
        if any(True for _ in _find(tokens, phrase, known)):
            return kind
    return None
