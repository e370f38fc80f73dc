"""Pydantic models of the knowledge base (the TOML files of ``data/``).

NOTE FOR OTHER ENGINEERS (answer engine, handlers) -- stable API:
    * Every record has ``id`` (a slug, unique across ALL kinds), ``source`` (document ids)
      and a ``names()`` method returning every spelling people may use (name, acronyms,
      aliases, variants).  ``KnowledgeBase.lookup(name)`` searches all kinds at once.
    * Bilingual text is ``Text(fr=..., en=...)``; use ``text.get(lang)``.
    * Fuzzy dates are ``PartialDate`` (``"2025"``, ``"2025-04"``, ``"2025-04-15"``), with
      ``precision``, ``first_day()``, ``last_day()``, ``format(lang)``.
    * Project status is not stored: ``project.status(today)`` -> planned/ongoing/finished.
    * Kinds and their TOML table names: project, organisation, country, action, term
      (glossary), partnership, network, meeting.  ``KnowledgeBase`` exposes one dict per
      kind (``projects``, ``organisations``, ``countries``, ``actions``, ``terms``,
      ``partnerships``, ``networks``, ``meetings``) keyed by id, in file order.
    * Which record goes where: local/regional governments and their groupings ->
      organisation; networks and associations that run cooperation dynamics (AIRF,
      Cap Coopération, Groupe Pays Maroc) -> network; state bodies, operators, instruments,
      labels, calls, concepts, events used as occasions -> term; dated meetings with a
      programme -> meeting.
Field names are stable; additions only.  See data/README.md for the editing guide.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)

__all__ = [
    "KINDS",
    "Action",
    "AgendaItem",
    "Country",
    "CrossRefProblem",
    "Demonyms",
    "FundingLine",
    "Guest",
    "KnowledgeBase",
    "Lang",
    "Meeting",
    "Milestone",
    "Network",
    "NewsItem",
    "Organisation",
    "PartialDate",
    "Partnership",
    "PartnershipTheme",
    "Place",
    "Project",
    "ProjectFunder",
    "Record",
    "Status",
    "Term",
    "Text",
    "normalize_name",
]

Lang = Literal["fr", "en"]
Status = Literal["planned", "ongoing", "finished"]

SourceId = Annotated[str, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def normalize_name(name: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to match names and aliases.

    ``"COOP’R"``, ``"Coop R"`` and ``"coopr"`` all give ``"coop r"`` or ``"coopr"``; use
    :func:`compact_name` to also drop the spaces.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[^0-9a-z]+", " ", stripped.casefold())
    return " ".join(cleaned.split())


def compact_name(name: str) -> str:
    """:func:`normalize_name` without spaces (``"Terr'ESS"`` -> ``"terress"``)."""
    return normalize_name(name).replace(" ", "")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Model):
    """A text in French and English."""

    fr: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang.lower().startswith("en") else self.fr

    def __str__(self) -> str:
        return self.fr


_MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": tuple(calendar.month_name[1:]),
}

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDate(_Model):
    """A date known to the year, the month or the day: ``"2026"``, ``"2025-04"``, ``"2025-10-15"``.

    In TOML write a string (``date = "2025-04"``) or a TOML date (``date = 2025-10-15``).
    """

    year: int = Field(ge=1900, le=2200)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, int) and not isinstance(value, bool):
            return {"year": value}
        if isinstance(value, str):
            match = _PARTIAL_DATE.match(value.strip())
            if not match:
                raise ValueError(f"invalid date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
            year, month, day = match.groups()
            return {
                "year": int(year),
                "month": int(month) if month else None,
                "day": int(day) if day else None,
            }
        return value

    @model_validator(mode="after")
    def _check(self) -> PartialDate:
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            dt.date(self.year, self.month, self.day)  # raises ValueError if impossible
        return self

    @model_serializer
    def _serialize(self) -> str:
        return str(self)

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def contains(self, day: dt.date) -> bool:
        return self.first_day() <= day <= self.last_day()

    def format(self, lang: str = "fr") -> str:
        """Human form: ``"avril 2025"`` / ``"April 2025"``, ``"4 novembre 2016"``..."""
        key = "en" if lang.lower().startswith("en") else "fr"
        if self.month is None:
            return str(self.year)
        month = _MONTHS[key][self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        if key == "en":
            return f"{self.day} {month} {self.year}"
        return f"{'1er' if self.day == 1 else self.day} {month} {self.year}"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


class Record(_Model):
    """Fields shared by every top-level record."""

    kind: ClassVar[str] = "record"

    id: Slug
    source: list[SourceId] = Field(min_length=1)

    def names(self) -> list[str]:
        """Every spelling of this record's name (for matching questions)."""
        return []

    @staticmethod
    def _unique(values: Iterable[str | None]) -> list[str]:
        seen: set[str] = set()
        out: list[str] = []
        for value in values:
            if value and value not in seen:
                seen.add(value)
                out.append(value)
        return out


# --------------------------------------------------------------------------- countries


class Demonyms(_Model):
    """Adjectives / demonyms, every gender and number form people may use."""

    fr: list[NonEmpty] = Field(default_factory=list)
    en: list[NonEmpty] = Field(default_factory=list)


class Country(Record):
    kind: ClassVar[str] = "country"

    id: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]  # ISO 3166-1 alpha-2
    name: Text
    aliases: list[NonEmpty] = Field(default_factory=list)
    demonyms: Demonyms = Field(default_factory=Demonyms)
    timezones: list[NonEmpty] = Field(min_length=1)

    @field_validator("timezones")
    @classmethod
    def _known_zones(cls, zones: list[str]) -> list[str]:
        for zone in zones:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown IANA time zone {zone!r}") from exc
        return zones

    def names(self) -> list[str]:
        return self._unique([self.name.fr, self.name.en, *self.aliases])

    def all_names(self) -> list[str]:
        """Names, variants and demonyms."""
        return self._unique([*self.names(), *self.demonyms.fr, *self.demonyms.en])


# --------------------------------------------------------------------------- projects


class ProjectFunder(_Model):
    """A funding body as a document mentions it (``body`` is a glossary term id)."""

    body: Slug
    parent: Slug | None = None
    mention: Text  # where / how the document says it
    source: list[SourceId] = Field(default_factory=list)


class NewsItem(_Model):
    title: Text
    summary: Text
    date: PartialDate | None = None
    source: list[SourceId] = Field(default_factory=list)


class Project(Record):
    kind: ClassVar[str] = "project"

    short_name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    title: Text
    theme: Text
    description: Text
    expected_results: Text | None = None
    period_start_year: int
    period_end_year: int
    actions_start: PartialDate
    actions_end: PartialDate
    funders: list[ProjectFunder] = Field(default_factory=list)
    co_financing_rate: float | None = Field(default=None, gt=0, le=100)  # percent
    co_financing_body: Slug | None = None
    call_for_projects: NonEmpty | None = None
    call_spellings: list[NonEmpty] = Field(default_factory=list)
    call_term: Slug | None = None  # glossary id of the call (``cles-en-main``)
    call_triennial: bool | None = None
    call_target: Text | None = None
    animator: Slug | None = None  # network / organisation id, None when not stated
    announced_countries: int | None = None
    announced_country_ids: list[NonEmpty] = Field(default_factory=list)
    announced_members: Text | None = None
    announced_actions: int | None = None
    announced_duration_years: int | None = None
    technical_partners_count: int | None = None  # None = "several" / not stated
    technical_partners: Text | None = None
    whatsapp_group: bool = False
    news: list[NewsItem] = Field(default_factory=list)
    notes: Text | None = None

    @model_validator(mode="after")
    def _check_dates(self) -> Project:
        if self.period_end_year < self.period_start_year:
            raise ValueError("period_end_year is before period_start_year")
        if self.actions_end.last_day() < self.actions_start.first_day():
            raise ValueError("actions_end is before actions_start")
        return self

    def names(self) -> list[str]:
        return self._unique([self.short_name, self.id, *self.aliases])

    def start(self) -> dt.date:
        return self.actions_start.first_day()

    def end(self) -> dt.date:
        return self.actions_end.last_day()

    # The last day of the project's dated milestones, set by :class:`KnowledgeBase`: a project
    # whose gathering is still to come is not finished, whatever its actions' end date says.
    _milestones_end: dt.date | None = PrivateAttr(default=None)

    def status(self, today: dt.date) -> Status:
        """planned / ongoing / finished, from the action dates compared with ``today``; a
        project with milestones still to come is not finished (the agenda lists them)."""
        if today < self.start():
            return "planned"
        if today > self.end() and (self._milestones_end is None or today > self._milestones_end):
            return "finished"
        return "ongoing"


# --------------------------------------------------------------------------- organisations

OrgKind = Literal[
    "association_of_municipalities",
    "community_of_municipalities",
    "intercommunal_grouping",
    "regional_council",
    "region",
    "provincial_council",
    "departmental_council",
    "municipal_council",
    "municipality",
    "autonomous_district",
    "regional_natural_park",
]

ORG_KIND_LABELS: dict[str, Text] = {
    "association_of_municipalities": Text(
        fr="association de communes", en="association of municipalities"
    ),
    "community_of_municipalities": Text(
        fr="communauté de communes", en="community of municipalities"
    ),
    "intercommunal_grouping": Text(fr="groupement intercommunal", en="intercommunal grouping"),
    "regional_council": Text(fr="conseil régional", en="regional council"),
    "region": Text(fr="région", en="region"),
    "provincial_council": Text(fr="conseil provincial", en="provincial council"),
    "departmental_council": Text(fr="conseil départemental", en="departmental council"),
    "municipal_council": Text(fr="conseil municipal", en="municipal council"),
    "municipality": Text(fr="commune / municipalité", en="municipality"),
    "autonomous_district": Text(fr="district autonome", en="autonomous district"),
    "regional_natural_park": Text(fr="parc naturel régional", en="regional natural park"),
}


class Organisation(Record):
    """A local or regional government, or a grouping of local governments."""

    kind: ClassVar[str] = "organisation"

    name: NonEmpty  # official / usual French name
    name_en: NonEmpty | None = None
    org_kind: OrgKind
    country: NonEmpty  # country id
    acronyms: list[NonEmpty] = Field(default_factory=list)
    aliases: list[NonEmpty] = Field(default_factory=list)
    projects: list[Slug] = Field(default_factory=list)
    listed_as: dict[str, NonEmpty] = Field(default_factory=dict)  # project id -> spelling
    merged_into: Slug | None = None
    cooperation_partners: list[Slug] = Field(default_factory=list)  # organisation ids
    cooperation_since: int | None = None  # year it started decentralised cooperation
    priority_areas: list[Text] = Field(default_factory=list)
    notes: Text | None = None

    def names(self) -> list[str]:
        return self._unique(
            [self.name, self.name_en, *self.acronyms, *self.aliases, *self.listed_as.values()]
        )

    def kind_label(self) -> Text:
        return ORG_KIND_LABELS[self.org_kind]


# --------------------------------------------------------------------------- actions


class Place(_Model):
    country: NonEmpty | None = None  # country id
    city: NonEmpty | None = None
    venue: Text | None = None
    description: Text | None = None  # when only loosely known ("a member territory")


class Guest(_Model):
    """Extra participants counted by the documents (e.g. 15 young entrepreneurs)."""

    count: int = Field(ge=1)
    who: Text


class Milestone(_Model):
    number: int | None = None
    title: Text
    date: PartialDate | None = None
    place: Place | None = None
    occasion: Text | None = None
    occasion_term: Slug | None = None  # glossary id of the occasion
    participants: Text | None = None
    guests: list[Guest] = Field(default_factory=list)
    notes: Text | None = None

    def status(self, today: dt.date) -> Status | None:
        if self.date is None:
            return None
        if today < self.date.first_day():
            return "planned"
        if today > self.date.last_day():
            return "finished"
        return "ongoing"


ActionType = Literal[
    "self_assessment",
    "remote_activities",
    "webinars",
    "gatherings",
    "political_technical_gathering",
    "seminar",
    "meeting",
    "communication",
]


class Action(Record):
    kind: ClassVar[str] = "action"

    project: Slug
    number: int | None = None  # None for the transversal action
    transversal: bool = False
    action_type: ActionType
    title: Text
    description: Text
    items: list[Text] = Field(default_factory=list)
    count: int | None = Field(default=None, ge=1)  # how many (webinars, gatherings...)
    frequency: Text | None = None
    interval_months: int | None = Field(default=None, ge=1)
    per_year: int | None = Field(default=None, ge=1)
    topics: list[Text] = Field(default_factory=list)
    location: Place | None = None
    participants: Text | None = None
    guests: list[Guest] = Field(default_factory=list)
    occasion: Text | None = None
    occasion_term: Slug | None = None
    timing: Text | None = None
    milestones: list[Milestone] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_number(self) -> Action:
        if self.transversal and self.number is not None:
            raise ValueError("a transversal action has no number")
        if not self.transversal and self.number is None:
            raise ValueError("number is required (or set transversal = true)")
        return self

    def label(self, lang: str = "fr") -> str:
        if self.transversal:
            return "Action transversale" if not lang.startswith("en") else "Cross-cutting action"
        return f"Action {self.number}"

    def names(self) -> list[str]:
        return self._unique([self.title.fr, self.title.en])


# --------------------------------------------------------------------------- glossary

TermType = Literal[
    "body",
    "ministry",
    "operator",
    "instrument",
    "programme",
    "label",
    "call",
    "concept",
    "scheme",
    "law",
    "role",
    "network",
    "event",
    "database",
    "other",
]


class Term(Record):
    """A glossary entry: body, operator, instrument, concept, event..."""

    kind: ClassVar[str] = "term"

    term: NonEmpty
    term_en: NonEmpty | None = None
    acronym: NonEmpty | None = None
    aliases: list[NonEmpty] = Field(default_factory=list)
    term_type: TermType
    definition: Text
    parent: Slug | None = None  # e.g. DAECT -> MEAE
    related: list[Slug] = Field(default_factory=list)
    url: NonEmpty | None = None
    notes: Text | None = None

    def names(self) -> list[str]:
        return self._unique([self.term, self.term_en, self.acronym, *self.aliases])


# --------------------------------------------------------------------------- partnerships


class PartnershipTheme(_Model):
    theme: Text
    sub_theme: Text | None = None
    sub_sub_theme: Text | None = None
    priority: int | None = None


class FundingLine(_Model):
    funder: Text  # as recorded
    funder_ref: Slug | None = None  # organisation / term id when known
    amount_eur: int = Field(ge=0)
    year: int
    water_1pct_eur: int | None = None  # "1% Eau (Loi Oudin 2005)" column


class Partnership(Record):
    kind: ClassVar[str] = "partnership"

    title: Text
    subtitle: Text | None = None
    french_partners: list[Slug] = Field(min_length=1)  # organisation ids
    foreign_partners: list[Slug] = Field(min_length=1)  # organisation ids
    theme: PartnershipTheme
    other_themes: list[PartnershipTheme] = Field(default_factory=list)
    first_agreement_year: int | None = None
    start_year: int | None = None
    recorded_status: NonEmpty | None = None  # as written in the record ("En cours")
    recorded_status_text: Text | None = None
    end_date: PartialDate | None = None
    triennial: bool | None = None
    form: Text | None = None
    context: Text | None = None
    history: list[Text] = Field(default_factory=list)
    objectives_local: list[Text] = Field(default_factory=list)
    objectives_france: list[Text] = Field(default_factory=list)
    description: Text | None = None
    funding: list[FundingLine] = Field(default_factory=list)
    diplomatic_post: Text | None = None
    diplomatic_post_country: NonEmpty | None = None
    post_contact_roles: list[Text] = Field(default_factory=list)
    volunteers: Text | None = None
    record_of: Slug | None = None  # glossary id of the database (atlas)
    notes: Text | None = None

    def names(self) -> list[str]:
        return self._unique([self.title.fr, self.title.en])

    def total_eur(self, year: int | None = None) -> int:
        return sum(f.amount_eur for f in self.funding if year is None or f.year == year)

    def years(self) -> list[int]:
        return sorted({f.year for f in self.funding})


# --------------------------------------------------------------------------- networks


class Network(Record):
    kind: ClassVar[str] = "network"

    name: NonEmpty
    name_en: NonEmpty | None = None
    acronym: NonEmpty | None = None
    aliases: list[NonEmpty] = Field(default_factory=list)
    network_type: Text
    description: Text
    objectives: list[Text] = Field(default_factory=list)
    territory: Text | None = None
    place: Place | None = None
    hosted_by: Slug | None = None  # network id
    secretariat: Slug | None = None
    parent: Slug | None = None
    open_to: Text | None = None
    membership_required: bool | None = None
    form: Text | None = None
    projects: list[Slug] = Field(default_factory=list)  # projects it runs
    notes: Text | None = None

    def names(self) -> list[str]:
        return self._unique([self.name, self.name_en, self.acronym, *self.aliases])


# --------------------------------------------------------------------------- meetings


class AgendaItem(_Model):
    start: dt.time
    end: dt.time
    activity: Text
    facilitator: Text | None = None  # a role or an organisation (names: Person.leads)
    facilitator_ref: Slug | None = None  # organisation / network / term id

    @model_validator(mode="after")
    def _check_times(self) -> AgendaItem:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Meeting(Record):
    kind: ClassVar[str] = "meeting"

    title: Text
    aliases: list[NonEmpty] = Field(default_factory=list)
    meeting_type: Text
    date: PartialDate
    end_date: PartialDate | None = None
    place: Place | None = None
    organisers: list[Slug] = Field(default_factory=list)  # any record id
    occasion: Text | None = None
    context: Text | None = None
    participants: Text | None = None
    objectives: list[Text] = Field(default_factory=list)
    parts: list[Text] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    highlights: list[Text] = Field(default_factory=list)
    outcomes: list[Text] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    notes: Text | None = None

    @model_validator(mode="after")
    def _check_agenda(self) -> Meeting:
        for before, after in zip(self.agenda, self.agenda[1:], strict=False):
            if after.start < before.start:
                raise ValueError("agenda items must be in chronological order")
        return self

    def names(self) -> list[str]:
        return self._unique([self.title.fr, self.title.en, *self.aliases])


# --------------------------------------------------------------------------- people


class AgendaLead(_Model):
    """An agenda item a person leads: the meeting and the item's start time."""

    meeting: Slug
    start: dt.time


class Person(Record):
    """Someone a document names in a public role (a speaker, a post's or a partner's
    contact): the name and the role as the document gives them, never contact details."""

    kind: ClassVar[str] = "person"

    name: NonEmpty  # as the document spells it
    aliases: list[NonEmpty] = Field(default_factory=list)  # other spellings people type
    role: Text  # the public role, as the document gives it
    role_ref: Slug | None = None  # glossary id of the role (cocac)
    organisation: Slug | None = None  # the record the role is held in
    appears_in: list[Slug] = Field(min_length=1)  # the records the document names them for
    facts: list[Text] = Field(default_factory=list)  # what the document says they did
    leads: list[AgendaLead] = Field(default_factory=list)  # agenda items they lead
    notes: Text | None = None

    @model_validator(mode="after")
    def _no_contact_details(self) -> Person:
        texts = [self.name, *self.aliases, self.role.fr, self.role.en]
        texts += [t for f in self.facts for t in (f.fr, f.en)]
        if any(_CONTACT.search(t) for t in texts):
            raise ValueError("no e-mail address or phone number (name and role only)")
        return self

    def names(self) -> list[str]:
        return self._unique([self.name, *self.aliases])


# an e-mail address (also "name[at]domain") or a phone number: never in the data
_CONTACT = re.compile(
    r"[\w.+-]+(?:@|\[at\])[\w-]+\.\w|(?:\+\d{2,3}|\b0)[ .-]?\d(?:[ .-]?\d{2}){4}\b"
)


# --------------------------------------------------------------------------- aggregate

KINDS: dict[str, type[Record]] = {
    "country": Country,
    "project": Project,
    "organisation": Organisation,
    "action": Action,
    "term": Term,
    "partnership": Partnership,
    "network": Network,
    "meeting": Meeting,
    "person": Person,
}


class CrossRefProblem(_Model):
    """A reference to a missing record (reported by :meth:`KnowledgeBase.check_references`)."""

    kind: str
    record: str
    field: str
    message: str
    target: str | None = None  # the id referred to, when it is missing
    target_kind: str | None = None  # its kind, when a given kind is expected


class KnowledgeBase(BaseModel):
    """All records, indexed by id (dicts keep file order)."""

    model_config = ConfigDict(frozen=False, arbitrary_types_allowed=True)

    countries: dict[str, Country] = Field(default_factory=dict)
    projects: dict[str, Project] = Field(default_factory=dict)
    organisations: dict[str, Organisation] = Field(default_factory=dict)
    actions: dict[str, Action] = Field(default_factory=dict)
    terms: dict[str, Term] = Field(default_factory=dict)
    partnerships: dict[str, Partnership] = Field(default_factory=dict)
    networks: dict[str, Network] = Field(default_factory=dict)
    meetings: dict[str, Meeting] = Field(default_factory=dict)
    people: dict[str, Person] = Field(default_factory=dict)

    _name_index: dict[str, list[Record]] | None = PrivateAttr(default=None)

    _ATTR: ClassVar[dict[str, str]] = {
        "country": "countries",
        "project": "projects",
        "organisation": "organisations",
        "action": "actions",
        "term": "terms",
        "partnership": "partnerships",
        "network": "networks",
        "meeting": "meetings",
        "person": "people",
    }

    # ----------------------------------------------------------------- construction

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> KnowledgeBase:
        """Build from validated records (duplicate ids: the last wins; check before)."""
        kb = cls()
        for record in records:
            kb.table(record.kind)[record.id] = record
        for action in kb.actions.values():
            project = kb.projects.get(action.project)
            for milestone in action.milestones if project is not None else ():
                if project is not None and milestone.date is not None:
                    last = milestone.date.last_day()
                    if project._milestones_end is None or last > project._milestones_end:
                        project._milestones_end = last
        return kb

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeBase):
            return NotImplemented
        return all(self.table(kind) == other.table(kind) for kind in self._ATTR)

    def table(self, kind: str) -> dict[str, Any]:
        table: dict[str, Any] = getattr(self, self._ATTR[kind])
        return table

    def records(self) -> Iterator[Record]:
        for attr in self._ATTR.values():
            yield from getattr(self, attr).values()

    def get(self, record_id: str) -> Record | None:
        """Any record by id (ids are unique across kinds)."""
        for attr in self._ATTR.values():
            found: Record | None = getattr(self, attr).get(record_id)
            if found is not None:
                return found
        return None

    def counts(self) -> dict[str, int]:
        return {kind: len(self.table(kind)) for kind in self._ATTR}

    # ----------------------------------------------------------------- queries

    def members(self, project_id: str) -> list[Organisation]:
        """Member organisations of a project, in file order."""
        return [o for o in self.organisations.values() if project_id in o.projects]

    def member_countries(self, project_id: str) -> list[Country]:
        """Countries of a project's members, in order of first appearance."""
        seen: dict[str, Country] = {}
        for org in self.members(project_id):
            if org.country not in seen and org.country in self.countries:
                seen[org.country] = self.countries[org.country]
        return list(seen.values())

    def members_by_country(self, project_id: str) -> dict[str, list[Organisation]]:
        out: dict[str, list[Organisation]] = {}
        for org in self.members(project_id):
            out.setdefault(org.country, []).append(org)
        return out

    def shared_members(self, *project_ids: str) -> list[Organisation]:
        """Organisations member of every given project (default: all projects)."""
        wanted = set(project_ids or self.projects)
        return [o for o in self.organisations.values() if wanted <= set(o.projects)]

    def project_actions(self, project_id: str) -> list[Action]:
        """A project's actions: numbered ones in order, then the transversal ones."""
        acts = [a for a in self.actions.values() if a.project == project_id]
        return sorted(acts, key=lambda a: (a.transversal, a.number if a.number is not None else 0))

    def organisations_in(self, country_id: str) -> list[Organisation]:
        return [o for o in self.organisations.values() if o.country == country_id]

    def name_index(self) -> dict[str, list[Record]]:
        """``normalize_name(name)`` and ``compact_name(name)`` -> records having that name.

        Computed once and cached (a knowledge base is not modified after loading)."""
        if self._name_index is not None:
            return self._name_index
        index: dict[str, list[Record]] = {}
        for record in self.records():
            names = record.all_names() if isinstance(record, Country) else record.names()
            for name in names:
                for key in (normalize_name(name), compact_name(name)):
                    bucket = index.setdefault(key, []) if key else None
                    if bucket is not None and not any(r is record for r in bucket):
                        bucket.append(record)
        self._name_index = index
        return index

    def cooperation_partners(self, org_id: str) -> list[Organisation]:
        """Organisations recorded as cooperating with ``org_id`` (both directions)."""
        out: list[Organisation] = []
        org = self.organisations.get(org_id)
        for other in self.organisations.values():
            if other.id == org_id:
                continue
            if (org is not None and other.id in org.cooperation_partners) or (
                org_id in other.cooperation_partners
            ):
                out.append(other)
        for partnership in self.partnerships.values():
            sides = [*partnership.french_partners, *partnership.foreign_partners]
            if org_id in sides:
                for oid in sides:
                    if oid != org_id and oid in self.organisations:
                        candidate = self.organisations[oid]
                        if not any(o is candidate for o in out):
                            out.append(candidate)
        return out

    def lookup(self, name: str) -> list[Record]:
        """Records whose name, acronym, alias (or country demonym) matches ``name`` exactly
        after normalisation (case, accents, apostrophes, hyphens and spaces ignored)."""
        index = self.name_index()
        return list(index.get(normalize_name(name), index.get(compact_name(name), [])))

    # ----------------------------------------------------------------- validation

    def check_references(self) -> list[CrossRefProblem]:
        """Every reference between records points to an existing record of the right kind."""
        problems: list[CrossRefProblem] = []
        all_ids = {r.id for r in self.records()}

        kinds = {"country": "country", "project": "project", "organisation": "organisation"}
        kinds |= {"glossary term": "term", "network": "network", "person": "person"}

        def need(
            record: Record, field: str, ref: str | None, pool: Iterable[str], what: str
        ) -> None:
            if ref is not None and ref not in set(pool):
                problems.append(
                    CrossRefProblem(
                        kind=record.kind,
                        record=record.id,
                        field=field,
                        message=f"unknown {what} {ref!r}",
                        target=ref,
                        target_kind=kinds.get(what),
                    )
                )

        countries = self.countries.keys()
        projects = self.projects.keys()
        orgs = self.organisations.keys()
        terms = self.terms.keys()
        networks = self.networks.keys()

        def place(record: Record, field: str, value: Place | None) -> None:
            if value is not None:
                need(record, f"{field}.country", value.country, countries, "country")

        for p in self.projects.values():
            for i, f in enumerate(p.funders):
                need(p, f"funders.{i}.body", f.body, terms, "glossary term")
                need(p, f"funders.{i}.parent", f.parent, terms, "glossary term")
            need(p, "co_financing_body", p.co_financing_body, terms, "glossary term")
            need(p, "call_term", p.call_term, terms, "glossary term")
            need(p, "animator", p.animator, all_ids, "record")
            for i, c in enumerate(p.announced_country_ids):
                need(p, f"announced_country_ids.{i}", c, countries, "country")
        for o in self.organisations.values():
            need(o, "country", o.country, countries, "country")
            for i, pid in enumerate(o.projects):
                need(o, f"projects.{i}", pid, projects, "project")
            need(o, "merged_into", o.merged_into, orgs, "organisation")
            for i, oid in enumerate(o.cooperation_partners):
                need(o, f"cooperation_partners.{i}", oid, orgs, "organisation")
            for listed in o.listed_as:
                if listed not in o.projects:
                    problems.append(
                        CrossRefProblem(
                            kind=o.kind,
                            record=o.id,
                            field=f"listed_as.{listed}",
                            message=f"{listed!r} is not in this organisation's projects",
                        )
                    )
        for a in self.actions.values():
            need(a, "project", a.project, projects, "project")
            need(a, "occasion_term", a.occasion_term, terms, "glossary term")
            place(a, "location", a.location)
            for i, m in enumerate(a.milestones):
                place(a, f"milestones.{i}.place", m.place)
                need(a, f"milestones.{i}.occasion_term", m.occasion_term, terms, "glossary term")
        numbered: dict[tuple[str, int], str] = {}
        for a in self.actions.values():
            if a.number is not None:
                slot = (a.project, a.number)
                if slot in numbered:
                    problems.append(
                        CrossRefProblem(
                            kind="action",
                            record=a.id,
                            field="number",
                            message=f"action {a.number} of {a.project!r} already defined "
                            f"by {numbered[slot]!r}",
                        )
                    )
                numbered[slot] = a.id
        for t in self.terms.values():
            need(t, "parent", t.parent, all_ids, "record")
            for i, r in enumerate(t.related):
                need(t, f"related.{i}", r, all_ids, "record")
        for s in self.partnerships.values():
            for i, oid in enumerate(s.french_partners):
                need(s, f"french_partners.{i}", oid, orgs, "organisation")
            for i, oid in enumerate(s.foreign_partners):
                need(s, f"foreign_partners.{i}", oid, orgs, "organisation")
            for i, line in enumerate(s.funding):
                need(s, f"funding.{i}.funder_ref", line.funder_ref, all_ids, "record")
            need(s, "diplomatic_post_country", s.diplomatic_post_country, countries, "country")
            need(s, "record_of", s.record_of, terms, "glossary term")
        for n in self.networks.values():
            place(n, "place", n.place)
            need(n, "hosted_by", n.hosted_by, networks, "network")
            need(n, "secretariat", n.secretariat, networks, "network")
            need(n, "parent", n.parent, all_ids, "record")
            for i, pid in enumerate(n.projects):
                need(n, f"projects.{i}", pid, projects, "project")
        for meeting in self.meetings.values():
            place(meeting, "place", meeting.place)
            for i, oid in enumerate(meeting.organisers):
                need(meeting, f"organisers.{i}", oid, all_ids, "record")
            for i, rid in enumerate(meeting.related):
                need(meeting, f"related.{i}", rid, all_ids, "record")
            for i, item in enumerate(meeting.agenda):
                need(
                    meeting, f"agenda.{i}.facilitator_ref", item.facilitator_ref, all_ids, "record"
                )
        for person in self.people.values():
            need(person, "role_ref", person.role_ref, terms, "glossary term")
            need(person, "organisation", person.organisation, all_ids, "record")
            for i, rid in enumerate(person.appears_in):
                need(person, f"appears_in.{i}", rid, all_ids, "record")
            for i, lead in enumerate(person.leads):
                held = self.meetings.get(lead.meeting)
                need(person, f"leads.{i}.meeting", lead.meeting, self.meetings.keys(), "meeting")
                if held is not None and not any(it.start == lead.start for it in held.agenda):
                    problems.append(
                        CrossRefProblem(
                            kind=person.kind,
                            record=person.id,
                            field=f"leads.{i}.start",
                            message=f"no agenda item of {held.id!r} starts at {lead.start}",
                        )
                    )
        return problems
