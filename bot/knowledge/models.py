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
      organisation; networks and associations that run cooperation dynamics -> network;
      state bodies, operators, instruments, labels, calls, concepts, events used as
      occasions -> term; dated meetings with a programme -> meeting.
Field names are stable; additions only.  See data/README.md for the editing guide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
)

from bot.knowledge.records import (
    ORG_KIND_LABELS,
    Action,
    ActionType,
    AgendaItem,
    AgendaLead,
    Country,
    Demonyms,
    FundingLine,
    Guest,
    Lang,
    Meeting,
    Milestone,
    Network,
    NewsItem,
    NonEmpty,
    Organisation,
    OrgKind,
    PartialDate,
    Partnership,
    PartnershipTheme,
    Person,
    Place,
    Project,
    ProjectFunder,
    Record,
    Slug,
    SourceId,
    Status,
    Term,
    TermType,
    Text,
    _Model,
    compact_name,
    normalize_name,
)

__all__ = [
    "KINDS",
    "ORG_KIND_LABELS",
    "Action",
    "ActionType",
    "AgendaItem",
    "AgendaLead",
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
    "NonEmpty",
    "OrgKind",
    "Organisation",
    "PartialDate",
    "Partnership",
    "PartnershipTheme",
    "Person",
    "Place",
    "Project",
    "ProjectFunder",
    "Record",
    "Slug",
    "SourceId",
    "Status",
    "Term",
    "TermType",
    "Text",
    "_Model",
    "compact_name",
    "normalize_name",
]


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
    # action id -> the deadline of its self-assessment questionnaire (data/forms/)
    deadlines: dict[str, dt.date] = Field(default_factory=dict)

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
