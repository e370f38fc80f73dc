"""Step 3 of the pipeline: the facts routing reads of one question.

:class:`QuestionFacts` holds what the question names once its constraints are applied (the
records left after "sauf", "other than", "not in"), and derives, lazily, every yes/no fact the
intent table (``intents.toml``) tests by name: ``projects``, ``agenda_hit``, ``few_stories``...
:class:`ProjectFacts` is the same for the second stage, the facts of one or more projects.

A fact is a property; its value is truthy or not. Adding a fact is adding a property here and
naming it in the table.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge.attributes import asked
from bot.knowledge.lexicon import CUES, Cues
from bot.knowledge.matching import NAME_STOPWORDS, WORD
from bot.knowledge.query import _Query, _status_filter, claimed_countries, count_per_country
from bot.knowledge.textnorm import STOPWORDS
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _DURATION_WORDS,
    _GATHERING_WORDS,
    _HEADCOUNT_WORDS,
    _MEETING_WORDS,
    _NOW_WORDS,
    _PARTNERSHIP_WORDS,
    _ROLE_WORDS,
)

if TYPE_CHECKING:
    from bot.knowledge.engine import Answerer

__all__ = ["ProjectFacts", "QuestionFacts"]

# what a question is about (intents.toml, set "topic")
_TOPIC = frozenset(
    tomllib.loads((Path(__file__).with_name("intents.toml")).read_text(encoding="utf-8"))["sets"][
        "topic"
    ]
)

_PROJECT_CUES = (
    "members",
    "countries",
    "actions",
    "webinars",
    "gatherings",
    "seminar",
    "self_assessment",
    "remote",
    "communication",
    "transversal",
    "funding",
    "call",
    "animator",
)
_GATHERING_TYPES = ("gatherings", "political_technical_gathering")
_SUPERLATIVE = frozenset(vocabulary().word_list("superlative").split())
_WHICH_HEAD = frozenset({"quel", "quels", "quelle", "quelles", "which", "what", "kel", "kels"})


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class QuestionFacts:
    """The records a question names, its constraints applied, and the facts derived."""

    projects: list[str]
    orgs: list[str]
    excluded: frozenset[str]
    countries: list[str]
    terms: list[str]
    networks: list[str]
    meetings: list[str]
    partnerships: list[str]
    places: list[str]
    others: list[str]
    named_actions: list[str]
    strong_terms: list[str]
    role_terms: list[str]

    def __init__(self, eng: Answerer, q: _Query) -> None:
        self.eng = eng
        self.q = q
        self.cues: Cues = q.cues
        kb = eng.kb
        projects = q.ids("project")
        if (
            projects
            and all(m.strength <= WORD for m in q.mentions if m.ref.kind == "project")
            and any(m.ref.kind in ("term", "network") for m in q.mentions)
        ):
            projects = []  # a weak project word next to a term is part of the term's name
        orgs = eng._disambiguate_orgs(q, projects)
        ex_projects, ex_countries, _ex = eng._exclusions(q)
        if ex_projects:
            projects = [p for p in projects if p not in ex_projects] or [
                p for p in eng._project_order if p not in ex_projects
            ]
            q.mentions = [
                m for m in q.mentions if not (m.ref.kind == "project" and m.ref.id in ex_projects)
            ]
            q.ex_projects = tuple(ex_projects)
            q.ex_orgs = frozenset(o.id for p in ex_projects for o in eng._members_of(p))
            q.ex_countries = frozenset(c.id for p in ex_projects for c in eng._member_countries(p))
        if ex_countries:
            q.ex_countries = q.ex_countries | frozenset(ex_countries)
            q.ex_orgs = q.ex_orgs | frozenset(
                o.id for o in kb.organisations.values() if o.country in ex_countries
            )
            q.mentions = [
                m for m in q.mentions if not (m.ref.kind == "country" and m.ref.id in ex_countries)
            ]
        self.excluded = eng._excluded_orgs(q)
        if self.excluded:
            orgs = [o for o in orgs if o not in self.excluded]
        self.projects = projects
        self.orgs = orgs
        self.countries = q.ids("country")
        self.terms = q.ids("term")
        self.networks = q.ids("network")
        self.meetings = q.ids("meeting")
        self.partnerships = q.ids("partnership")
        self.places = q.ids("place")
        self.others = q.ids("other_country")
        self.named_actions = q.ids("action")
        self.strong_terms = [
            t for t in self.terms if any(m.ref.id == t and m.strength > WORD for m in q.mentions)
        ]
        self.role_terms = [t for t in self.terms if kb.terms[t].term_type == "role"]
        self.picked: list[str] = []  # the intents chosen, for tracing

    # ------------------------------------------------------------------ words and shapes

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.q.tokens)

    @cached_property
    def content(self) -> list[str]:
        return [t for t in self.q.tokens if t not in STOPWORDS and t not in NAME_STOPWORDS]

    @property
    def mentions(self) -> bool:
        return bool(self.q.mentions)

    @property
    def no_cues(self) -> bool:
        return not self.cues.groups

    @property
    def short_question(self) -> bool:
        return len(self.content) <= 2

    @property
    def content_le4(self) -> bool:
        return len(self.content) <= 4

    @property
    def short_greeting(self) -> bool:
        return len(self.q.tokens) <= 6

    @property
    def clock(self) -> bool:
        return self.q.clock is not None

    @property
    def kinds(self) -> bool:
        return bool(self.q.kinds)

    @property
    def action_no(self) -> bool:
        return self.q.action_no is not None

    @property
    def first_ordinal(self) -> bool:
        return self.q.ordinal == 1

    @property
    def status_filter(self) -> bool:
        return _status_filter(self.q) is not None

    @property
    def partnership_words(self) -> bool:
        return bool(self.token_set & _PARTNERSHIP_WORDS)

    @property
    def headcount_words(self) -> bool:
        return bool(self.token_set & _HEADCOUNT_WORDS)

    @property
    def gathering_words(self) -> bool:
        return bool(self.token_set & _GATHERING_WORDS)

    @property
    def role_words(self) -> bool:
        return bool(self.token_set & _ROLE_WORDS)

    @property
    def project_cues(self) -> bool:
        return self.cues.any(*_PROJECT_CUES)

    # ------------------------------------------------------------------ what is asked

    @property
    def asks_person(self) -> bool:
        return self.eng._asks_person(self.q)

    @property
    def unknown_names(self) -> bool:
        return bool(self.eng._unknown_names(self.q))

    @property
    def unknown_project_name(self) -> bool:
        return self.eng._unknown_project_name(self.q) is not None

    @property
    def unknown_any_words(self) -> bool:
        return bool(self.eng._unknown_names(self.q, any_word=True))

    @property
    def networks_join(self) -> bool:
        return bool(self.networks) and "join" in self.cues

    @property
    def networks_or_meetings(self) -> bool:
        return bool(self.networks or self.meetings)

    @property
    def action_named_or_numbered(self) -> bool:
        return self.q.action_no is not None or self.q.has("action")

    @property
    def orgs_or_countries(self) -> bool:
        return bool(self.orgs or self.countries)

    @property
    def countries_or_kinds(self) -> bool:
        return bool(self.countries or self.q.kinds)

    @property
    def one_org(self) -> bool:
        return len(self.orgs) == 1

    @property
    def excluded_left(self) -> bool:
        """Organisations were left out and none named is left: the others."""
        return bool(self.excluded) and not self.orgs

    # ------------------------------------------------------------------ places and times

    @property
    def only_zone_mentions(self) -> bool:
        q = self.q
        return bool(q.mentions) and all(m.ref.kind in ("country", "tz_city") for m in q.mentions)

    @property
    def polar(self) -> bool:
        """A yes/no question."""
        return self.q.polar

    @property
    def only_place_mentions(self) -> bool:
        q = self.q
        return bool(q.mentions) and all(
            m.ref.kind in ("country", "tz_city", "place") for m in q.mentions
        )

    @property
    def two_places_or_now(self) -> bool:
        return len(self.q.mentions) >= 2 or bool(self.token_set & _NOW_WORDS)

    @property
    def only_country_mentions(self) -> bool:
        q = self.q
        return bool(q.mentions) and all(
            m.ref.kind in ("country", "other_country") for m in q.mentions
        )

    # ------------------------------------------------------------------ meetings

    @cached_property
    def meetings_all(self) -> list[str]:
        """The meetings named, then those held in a place named."""
        out = list(self.meetings)
        for city in self.places:
            for rid, _k in self.eng._places.get(city, []):
                if rid in self.eng.kb.meetings and rid not in out:
                    out.append(rid)
        return out

    @cached_property
    def milestones(self) -> list[tuple[str, int]]:
        """The milestones of actions held in a place named."""
        return [
            (rid, k)
            for city in self.places
            for rid, k in self.eng._places.get(city, [])
            if rid in self.eng.kb.actions and k is not None
        ]

    @cached_property
    def meetings_final(self) -> list[str]:
        """:attr:`meetings_all`, else the meetings of a year named with a meeting word."""
        if self.meetings_all:
            return self.meetings_all
        q = self.q
        if q.years and self.token_set & _MEETING_WORDS and not self.projects:
            return [m.id for m in self.eng.kb.meetings.values() if m.date.year in q.years][:3]
        return []

    @cached_property
    def meetings_on_day(self) -> list[str]:
        """The meetings held on the day the question gives in full ("le 4 novembre 2016",
        "on November 4, 2016"): every meeting whose dates span it (at most three)."""
        from bot.dates import DAY_MONTH, MONTH_DAY, MONTHS
        from bot.textfold import fold

        text = fold(self.q.raw)
        day: date | None = None
        if (m := DAY_MONTH.search(text)) and m.group(3):
            day = _day(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        elif (m := MONTH_DAY.search(text)) and m.group(3):
            day = _day(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
        if day is None:
            return []
        out = []
        for meeting in self.eng.kb.meetings.values():
            last = (meeting.end_date or meeting.date).last_day()
            if meeting.date.first_day() <= day <= last:
                out.append(meeting.id)
        return out[:3]

    @property
    def one_meeting(self) -> bool:
        """A single meeting is meant (with two, "first" compares them)."""
        return len(self.meetings_final) == 1

    @property
    def agenda_meetings(self) -> bool:
        return any(self.eng.kb.meetings[m].agenda for m in self.meetings_final)

    @cached_property
    def agenda_hit(self) -> tuple[str, int, float, float] | None:
        """The agenda item the question's words name (meeting id, item, scores)."""
        eng, q, c = self.eng, self.q, self.cues
        hit = None if self.projects else eng._match_agenda(q)
        if hit and not eng._agenda_explains(q, hit[0], hit[1]):
            hit = None
        if hit and self.meetings and hit[0] not in self.meetings:
            hit = None  # an item of another meeting than the one named
        if hit and "duration" in c and not q.clock:
            hit = eng._match_agenda(q, skip=_DURATION_WORDS)
        if (
            hit
            and not c.any("time", "when", "when_explicit", "agenda")
            and eng._agenda_by_name_only(q, hit[0], hit[1])
        ):
            hit = None
        return hit

    @property
    def agenda_hit_strong(self) -> bool:
        return self.agenda_hit is not None and self.agenda_hit[3] >= 0.5

    @property
    def names_network_term_org(self) -> bool:
        return self.q.has("network", "term", "organisation")

    # ------------------------------------------------------------------ partnerships

    @cached_property
    def partner_orgs(self) -> list[str]:
        return [o for o in self.orgs if o in self.eng._org_partnerships]

    @property
    def two_partner_orgs(self) -> bool:
        return len(self.partner_orgs) >= 2

    @cached_property
    def shared_ps(self) -> list[str]:
        return self.eng._partnerships_of(self.partner_orgs)

    @cached_property
    def partnerships_final(self) -> list[str]:
        """The partnerships named, else those of a funder named by label."""
        if self.partnerships:
            return self.partnerships
        eng = self.eng
        by_label = list(
            dict.fromkeys(sid for key in self.q.ids("funder") for sid in eng._funder_labels[key])
        )
        if by_label and not self.projects and not self.shared_ps:
            return by_label
        return []

    @property
    def partnerships_or_partner_orgs(self) -> bool:
        return bool(self.partnerships_final or (self.partner_orgs and not self.projects))

    @property
    def has_partnerships(self) -> bool:
        return bool(self.eng.kb.partnerships)

    @property
    def has_networks(self) -> bool:
        return bool(self.eng.kb.networks)

    @property
    def terms_all_funders(self) -> bool:
        return all(t in self.eng._funded_by for t in self.terms)

    @property
    def term_has_partnership(self) -> bool:
        return any(s.record_of in self.terms for s in self.eng.kb.partnerships.values())

    @cached_property
    def expansion_asked(self) -> bool:
        """What an acronym stands for ("full form", "que veut dire", "stands for")."""
        return "expansion" in asked(self.q.raw, self.q.typed)

    @cached_property
    def stories(self) -> dict[str, list[int]]:
        return self.eng._match_history(self.q)

    @property
    def few_stories(self) -> bool:
        return bool(self.stories) and len(self.stories) <= 6

    # ------------------------------------------------------------------ networks, terms

    @property
    def network_runs_project(self) -> bool:
        nets = self.eng.kb.networks
        return any(set(self.projects) & set(nets[n].projects) for n in self.networks)

    @cached_property
    def unrelated_terms(self) -> list[str]:
        return [t for t in self.strong_terms if not self.eng._term_projects.get(t)]

    @property
    def strong_terms_have_projects(self) -> bool:
        return any(self.eng._term_projects.get(t) for t in self.strong_terms)

    @cached_property
    def found_actions(self) -> list[str]:
        return self.eng._match_actions(self.q, self.eng._project_order)


class ProjectFacts:
    """The second stage: facts about the projects in scope (named, owning a named action, or
    all of them)."""

    projects: list[str]
    orgs: list[str]
    countries: list[str]
    explicit: bool

    def __init__(
        self,
        eng: Answerer,
        q: _Query,
        projects: list[str],
        orgs: list[str],
        countries: list[str],
        picked: list[str] | None = None,
    ) -> None:
        self.eng = eng
        self.q = q
        self.cues: Cues = q.cues
        self.projects = projects
        self.orgs = orgs
        self.countries = countries
        self.explicit = bool(q.ids("project")) or "all_projects" in q.cues
        self.picked = picked if picked is not None else []

    @property
    def action_no(self) -> bool:
        return self.q.action_no is not None

    @property
    def asks_countries(self) -> bool:
        """The question's head noun is a countries word ("quels pays sont membres de ...":
        countries asked, though members are named)."""
        toks = self.q.tokens
        for k, tok in enumerate(toks):
            if tok in _WHICH_HEAD:
                rest = [t for t in toks[k + 1 : k + 3] if t not in STOPWORDS]
                ranked = bool(set(toks) & _SUPERLATIVE)  # "le plus de membres": per country
                return bool(rest) and rest[0] in CUES["countries"].words and not ranked
        return False

    @property
    def counted_countries(self) -> bool:
        """A number of countries stated ("de huit pays", "8 countries"): countries asked,
        though members are named."""
        return claimed_countries(self.q.raw) is not None

    @property
    def self_assessment_said(self) -> bool:
        """The self-assessment said, as a cue or inside the glossary term it names ("their
        self-assessment")."""
        return "self_assessment" in self.q.all_cues.groups

    @property
    def runs_in_time(self) -> bool:
        """ "Which years does P run?", "when does it run": "run" says when it takes place, not
        who runs it (no other word of the animator's, no "who")."""
        animators = set(self.q.tokens) & CUES["animator"].words
        return bool(animators) and animators <= {"run", "runs", "running"}

    @property
    def listed_countries(self) -> bool:
        """A yes/no question naming several countries ("the countries of P are A, B and C, is
        that right?"): whether they are the project's countries."""
        return self.q.polar and len(self.countries) > 1

    @property
    def ordinal(self) -> bool:
        return self.q.ordinal is not None

    @property
    def kinds(self) -> bool:
        return bool(self.q.kinds)

    @property
    def status_filter(self) -> bool:
        return _status_filter(self.q) is not None

    @property
    def single_project(self) -> bool:
        return len(self.projects) == 1

    @property
    def several_projects(self) -> bool:
        return len(self.projects) > 1

    @cached_property
    def count_per_country(self) -> str | int | None:
        """The members per country asked: 1, 3, "most", "fewest" (None: not asked)."""
        return count_per_country(self.q.raw)

    @property
    def topic_in_names(self) -> bool:
        """An open question whose topic is read only inside a name it holds ("What is the
        self-assessment each X member carries out about?": not whether X is a member)."""
        q = self.q
        return not q.polar and bool((q.all_cues.groups - q.cues.groups) & _TOPIC)

    @property
    def order_asked(self) -> bool:
        """Which came first ("started first", "le plus ancien", "which began earlier")."""
        return self.q.ordinal == 1 or bool({"seniority", "recency"} & self.cues.groups)

    @property
    def several_known_projects(self) -> bool:
        return len(self.eng._project_order) > 1

    @property
    def not_single_explicit(self) -> bool:
        return len(self.projects) != 1 or not self.explicit

    @property
    def countries_or_kinds(self) -> bool:
        return bool(self.countries or self.q.kinds)

    @cached_property
    def expansion_asked(self) -> bool:
        """What a project's name stands for ("full name", "que veut dire", "stands for")."""
        return "expansion" in asked(self.q.raw, self.q.typed)

    @property
    def only_named(self) -> bool:
        """ "Only one Moroccan region, X, is part of P": a claim that the members of a
        country are those named."""
        return self.q.only and bool(self.orgs) and bool(self.countries)

    @property
    def in_region(self) -> bool:
        """The countries named are those of a part of the world ("africains", "in Europe")."""
        return bool(self.q.regions) and bool(self.countries)

    @property
    def members_with_kinds(self) -> bool:
        return self.cues.any("members") and bool(self.q.kinds)

    @property
    def orgs_fund(self) -> bool:
        """An organisation named is among the projects' funders."""
        kb = self.eng.kb
        funders = {
            ref
            for pid in self.projects
            for f in kb.projects[pid].funders
            for ref in (f.body, f.parent)
        }
        return bool(funders & set(self.orgs))

    @cached_property
    def named_actions(self) -> list[str]:
        kb = self.eng.kb
        return [a for a in self.q.ids("action") if kb.actions[a].project in self.projects]

    @property
    def named_gathering_sequence(self) -> bool:
        """A gathering named with an ordinal or "next"/"last": which one of the series."""
        kb = self.eng.kb
        return any(kb.actions[a].action_type in _GATHERING_TYPES for a in self.named_actions) and (
            self.q.ordinal is not None or self.cues.any("next", "last")
        )

    @cached_property
    def transversal_actions(self) -> list[str]:
        kb = self.eng.kb
        return [a.id for pid in self.projects for a in kb.project_actions(pid) if a.transversal]

    @cached_property
    def found_actions(self) -> list[str]:
        return self.eng._match_actions(self.q, self.projects)
