"""The member directory: focal points by organisation, project and country; who is the focal
point of an organisation; which organisations still have none. (Names typed by people are
matched in :mod:`bot.names`.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.knowledge.models import Country, KnowledgeBase, Organisation, Project
from bot.members import MembersService
from bot.names import Found, Names, display_name, names_of, organisation_name
from bot.storage.members import Member

# Re-exported: the handlers' names for these (bot/names.py has them).
__all__ = [
    "Directory",
    "DirectoryEntry",
    "DirectoryService",
    "Found",
    "MissingOrganisation",
    "display_name",
    "organisation_name",
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


class DirectoryService:
    def __init__(self, members: MembersService) -> None:
        self.members = members

    @property
    def kb(self) -> KnowledgeBase:
        return self.members.kb

    @property
    def find(self) -> Names:
        """The name finders of the knowledge loaded now (:mod:`bot.names`)."""
        return names_of(self.kb)

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
        by_org = _by_organisation(await self.members.focal_points(consenting_only=True))
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
        focal = await self.members.focal_points(consenting_only=True)
        return DirectoryEntry(org, tuple(m for m in focal if m.organisation_id == org.id))

    async def missing(self, project_id: str) -> dict[str, list[MissingOrganisation]]:
        """Organisations of a project with no focal point who opened a private chat with
        the bot, by country (in the knowledge base's order)."""
        focal = _by_organisation(await self.members.focal_points())
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
