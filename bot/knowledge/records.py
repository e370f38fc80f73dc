"""The record models of the knowledge base (one per kind) and their building blocks.

Re-exported by :mod:`bot.knowledge.models`, the stable import path."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
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

from bot.data_problems import DataValueError

Lang = Literal["fr", "en"]
Status = Literal["planned", "ongoing", "finished"]

SourceId = Annotated[str, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def normalize_name(name: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to match names and aliases.

    a name typed with a curly or straight apostrophe, a space or nothing gives the same words; use
    :func:`compact_name` to also drop the spaces.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[^0-9a-z]+", " ", stripped.casefold())
    return " ".join(cleaned.split())


def compact_name(name: str) -> str:
    """:func:`normalize_name` without spaces (one glued word)."""
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
                raise DataValueError("partial_date", value=value)
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
                raise DataValueError("day_without_month")
            try:
                dt.date(self.year, self.month, self.day)
            except ValueError:
                raise DataValueError(
                    "impossible_date", value=f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
                ) from None
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

    def problems(self) -> list[tuple[str, DataValueError]]:
        """What is wrong in a record that is kept all the same: ``(field, refusal)``. The
        check reports them (and loading refuses the data) without setting the record aside,
        so that its references are checked too (a validator's refusal hides them)."""
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
                raise DataValueError("time_zone", zone=zone) from exc
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
            raise DataValueError("before", field="period_end_year", other="period_start_year")
        if self.actions_end.last_day() < self.actions_start.first_day():
            raise DataValueError("before", field="actions_end", other="actions_start")
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
        if not self.transversal and self.number is None:
            raise DataValueError("action_number")
        return self

    def problems(self) -> list[tuple[str, DataValueError]]:
        """A ``number`` on the transversal action; two milestones of the action with the same
        ``number``."""
        out: list[tuple[str, DataValueError]] = []
        if self.transversal and self.number is not None:
            out.append(("number", DataValueError("transversal_number")))
        first: dict[int, int] = {}
        for i, milestone in enumerate(self.milestones):
            if milestone.number is None:
                continue
            if milestone.number in first:
                other = f"milestones.{first[milestone.number]}"
                twice = DataValueError("milestone_number", number=milestone.number, other=other)
                out.append((f"milestones.{i}.number", twice))
            else:
                first[milestone.number] = i
        return out

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
    parent: Slug | None = None  # the body it belongs to
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
            raise DataValueError("end_after_start")
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
    def _check_dates(self) -> Meeting:
        if self.end_date is not None and self.end_date.last_day() < self.date.first_day():
            raise DataValueError("before", field="end_date", other="date")
        return self

    def problems(self) -> list[tuple[str, DataValueError]]:
        """Agenda items out of chronological order (the first one out of it)."""
        for i, (before, after) in enumerate(zip(self.agenda, self.agenda[1:], strict=False)):
            if after.start < before.start:
                order = DataValueError(
                    "agenda_order",
                    item=f"agenda.{i + 1}",
                    start=after.start.strftime("%H:%M"),
                    previous=before.start.strftime("%H:%M"),
                )
                return [("agenda", order)]
        return []

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

    def names(self) -> list[str]:
        return self._unique([self.name, *self.aliases])
