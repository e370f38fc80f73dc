"""The member directory: focal points by organisation, project and country; who is the focal
point of an organisation; which organisations still have none.

Also the one place where what people type is matched to projects, organisations and
countries of the knowledge base, with "did you mean..." suggestions (rapidfuzz) when nothing
matches exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from bot.knowledge.models import (
    Country,
    KnowledgeBase,
    Organisation,
    Project,
    Record,
    compact_name,
    normalize_name,
)
from bot.members import MembersService
from bot.storage.members import Member

R = TypeVar("R", bound=Record)

SCORE_CUTOFF = 72


@dataclass(frozen=True)
class Found(Generic[R]):
    """A record found from what someone typed, or suggestions (display names)."""

    record: R | None
    candidates: tuple[R, ...] = ()

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(display_name(r) for r in self.candidates)

    def labelled(self, lang: str = "fr", *, with_id: bool = False) -> list[str]:
        """Suggestions as names (``"Name (id)"`` with ``with_id``)."""
        return [
            f"{display_name(r, lang)} ({r.id})" if with_id else display_name(r, lang)
            for r in self.candidates
        ]


@dataclass(frozen=True)
class DirectoryEntry:
    organisation: Organisation
    focal_points: tuple[Member, ...]


@dataclass(frozen=True)
class Directory:
    project: Project | None
    country: Country | None
    entries: tuple[DirectoryEntry, ...]  # organisations with visible focal points
    without: int  # organisations of the selection with no visible focal point


@dataclass(frozen=True)
class MissingOrganisation:
    organisation: Organisation
    # Focal points known (claimed or imported) who never opened a private chat with the bot.
    not_started: tuple[Member, ...] = field(default_factory=tuple)


def display_name(record: Record, lang: str = "fr") -> str:
    if isinstance(record, Project):
        return record.short_name
    if isinstance(record, Country):
        return record.name.get(lang)
    if isinstance(record, Organisation):
        return organisation_name(record, lang)
    names = record.names()
    return names[0] if names else record.id


def organisation_name(org: Organisation, lang: str) -> str:
    return org.name_en if lang == "en" and org.name_en else org.name


class Finder(Generic[R]):
    """Exact (normalised) then fuzzy matching of names to records of one kind."""

    def __init__(self, records: Iterable[R], names: Callable[[R], Iterable[str]]) -> None:
        self._records: dict[str, R] = {}
        self._index: dict[str, list[R]] = {}
        self._labels: dict[str, str] = {}
        for record in records:
            self._records[record.id] = record
            for name in [record.id, *names(record)]:
                for key in {normalize_name(name), compact_name(name)}:
                    if key:
                        bucket = self._index.setdefault(key, [])
                        if record not in bucket:
                            bucket.append(record)
                        self._labels.setdefault(key, display_name(record))
        self._choices = sorted(self._index)

    def find(self, text: str) -> Found[R]:
        text = text.strip()
        if not text:
            return Found(None)
        if text in self._records:
            return Found(self._records[text])
        for key in (normalize_name(text), compact_name(text)):
            hits = self._index.get(key)
            if hits and len(hits) == 1:
                return Found(hits[0])
            if hits:
                return Found(None, tuple(hits[:5]))
        return Found(None, tuple(self.suggest(text)))

    def suggest(self, text: str, limit: int = 3) -> list[R]:
        key = normalize_name(text)
        if not key:
            return []
        found = process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=SCORE_CUTOFF
        )
        records: list[R] = []
        for choice, _, _ in found:
            for record in self._index[choice]:
                if record not in records:
                    records.append(record)
        return records[:limit]


class KnowledgeFinders:
    """Finders for projects, organisations and countries of one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.projects: Finder[Project] = Finder(kb.projects.values(), lambda p: p.names())
        self.organisations: Finder[Organisation] = Finder(
            kb.organisations.values(), lambda o: o.names()
        )
        self.countries: Finder[Country] = Finder(kb.countries.values(), lambda c: c.all_names())

    def project_and_country(self, text: str) -> tuple[Found[Project], Found[Country]]:
        """``/focalpoints [project] [country]``: both optional, in either order, names of
        several words allowed ("Terr'ESS Côte d'Ivoire")."""
        words = text.split()
        if not words:
            return Found(None), Found(None)
        whole_project = self.projects.find(text)
        if whole_project.record is not None:
            return whole_project, Found(None)
        whole_country = self.countries.find(text)
        if whole_country.record is not None:
            return Found(None), whole_country
        for cut in range(1, len(words)):
            left, right = " ".join(words[:cut]), " ".join(words[cut:])
            for first, second in ((left, right), (right, left)):
                project = self.projects.find(first)
                country = self.countries.find(second)
                if project.record is not None and country.record is not None:
                    return project, country
        # Nothing fits: report what the first word(s) could have been.
        for cut in range(len(words), 0, -1):
            head = " ".join(words[:cut])
            project = self.projects.find(head)
            if project.record is not None:
                return project, self.countries.find(" ".join(words[cut:]))
        return whole_project, whole_country


class DirectoryService:
    def __init__(self, members: MembersService) -> None:
        self.members = members
        self._finders: tuple[int, KnowledgeFinders] | None = None

    @property
    def kb(self) -> KnowledgeBase:
        return self.members.kb

    @property
    def find(self) -> KnowledgeFinders:
        kb = self.kb
        if self._finders is None or self._finders[0] != id(kb):
            self._finders = (id(kb), KnowledgeFinders(kb))
        return self._finders[1]

    def organisations(
        self, project_id: str | None = None, country_id: str | None = None
    ) -> list[Organisation]:
        """Current organisations (not merged into another), of a project and/or country."""
        return [
            o
            for o in self.kb.organisations.values()
            if o.merged_into is None
            and (project_id is None or project_id in o.projects)
            and (country_id is None or o.country == country_id)
            and (project_id is not None or o.projects)
        ]

    async def directory(
        self, project_id: str | None = None, country_id: str | None = None
    ) -> Directory:
        """Organisations with the focal points who agreed to be listed (name, @username)."""
        orgs = self.organisations(project_id, country_id)
        by_org = _by_organisation(await self.members.repo.focal_points(consenting_only=True))
        entries = tuple(
            DirectoryEntry(o, tuple(by_org[o.id])) for o in _by_country(orgs) if o.id in by_org
        )
        return Directory(
            project=self.kb.projects.get(project_id or ""),
            country=self.kb.countries.get(country_id or ""),
            entries=entries,
            without=len(orgs) - len(entries),
        )

    async def whois(self, organisation_id: str) -> DirectoryEntry:
        org = self.kb.organisations[organisation_id]
        focal = await self.members.repo.focal_points(consenting_only=True)
        return DirectoryEntry(org, tuple(m for m in focal if m.organisation_id == org.id))

    async def missing(self, project_id: str) -> dict[str, list[MissingOrganisation]]:
        """Organisations of a project with no focal point who opened a private chat with
        the bot, by country (in the knowledge base's order)."""
        focal = _by_organisation(await self.members.repo.focal_points())
        out: dict[str, list[MissingOrganisation]] = {}
        for org in _by_country(self.organisations(project_id)):
            people = focal.get(org.id, [])
            if any(p.private_chat for p in people):
                continue
            out.setdefault(org.country, []).append(MissingOrganisation(org, tuple(people)))
        return out

    def project_organisation_count(self, project_id: str) -> int:
        return len(self.organisations(project_id))

    def countries_with_organisations(self, projects: Sequence[str] = ()) -> list[Country]:
        """Countries having organisations (of these projects, if any), in file order."""
        wanted = set(projects)
        ids = {
            o.country
            for o in self.kb.organisations.values()
            if o.merged_into is None and o.projects and (not wanted or wanted & set(o.projects))
        }
        if not ids:
            ids = {o.country for o in self.kb.organisations.values() if o.projects}
        return [c for c in self.kb.countries.values() if c.id in ids]

    def organisations_for(
        self, country_id: str, projects: Sequence[str] = ()
    ) -> list[Organisation]:
        """Organisations of a country to choose from: those of the person's projects first."""
        orgs = [
            o
            for o in self.kb.organisations.values()
            if o.country == country_id and o.merged_into is None
        ]
        wanted = set(projects)
        return sorted(orgs, key=lambda o: (not (wanted & set(o.projects)), not o.projects, o.name))


def _by_organisation(members: Iterable[Member]) -> dict[str, list[Member]]:
    out: dict[str, list[Member]] = {}
    for member in members:
        if member.organisation_id:
            out.setdefault(member.organisation_id, []).append(member)
    return out


def _by_country(orgs: Sequence[Organisation]) -> list[Organisation]:
    """Stable grouping by country, countries in order of first appearance."""
    order: dict[str, int] = {}
    for org in orgs:
        order.setdefault(org.country, len(order))
    return sorted(orgs, key=lambda o: order[o.country])
