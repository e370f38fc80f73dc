"""Live answers' shared pieces (who asks, a reply) and the directory's answers: focal points
and coordinators, with the same calls and rights as /quiest, /pointsfocaux and
/coordinateurs (:class:`DirectoryAnswers`, a part of :class:`bot.live_answers.LiveAnswers`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.directory import DirectoryService, display_name, organisation_name
from bot.events import EventsService
from bot.i18n import Catalogue, Safe, excerpt
from bot.knowledge.live import LiveQuestion
from bot.knowledge.models import KnowledgeBase, Record
from bot.members import MembersService
from bot.questions import KnowledgeService
from bot.storage.members import GroupChat, Member
from bot.textfold import tokens as tokenize

DIRECTORY_ORGANISATIONS = 8


@dataclass(frozen=True)
class Asker:
    """Who asks, where: what the commands would know of them."""

    member: Member | None
    user_id: int | None
    lang: str
    group: GroupChat | None  # the group asked in (None: a private chat)
    zone: ZoneInfo | None = None  # a place named for the time there ("à quelle heure à Dakar")
    city: str | None = None  # the city named, as typed, when its zone has another city's name
    # further places named ("à Antananarivo ainsi qu'à Paris"): their zones and cities typed
    also: tuple[tuple[ZoneInfo, str | None], ...] = ()


@dataclass(frozen=True)
class _Reply:
    lines: list[str]
    has_data: bool  # False: "nothing scheduled / no poll open"


class DirectoryAnswers:
    """The directory's live answers; the services are :class:`LiveAnswers`'s."""

    catalogue: Catalogue
    directory: DirectoryService
    events: EventsService
    members: MembersService
    knowledge: KnowledgeService

    def _t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"live.{key}", **params)

    @property
    def _kb(self) -> KnowledgeBase:
        return self.knowledge.kb

    def _person(self, lang: str, member: Member, *, flag_claims: bool = True) -> str:
        """A focal point as /pointsfocaux and /quiest show them."""
        flag = ""
        if flag_claims and member.focal_status == "claimed":
            flag = self.catalogue.t(lang, "members.directory.claimed_flag")
        return self.catalogue.t(
            lang,
            "members.directory.person",
            name=member.display_name,
            username=f" (@{member.username})" if member.username else "",
            flag=Safe(flag),
        )

    def _country_name(self, lang: str, country_id: str) -> str:
        country = self._kb.countries.get(country_id)
        return country.name.get(lang) if country else country_id

    async def _focal_points(self, q: LiveQuestion, question: str, asker: Asker) -> _Reply:
        lang = asker.lang
        find = self.directory.find
        words = list(q.rest)
        # The longest run of words that names an organisation, else a project and/or country.
        spans = [
            " ".join(words[i:j])
            for size in range(len(words), 0, -1)
            for i in range(len(words) - size + 1)
            for j in [i + size]
        ]
        for span in spans:
            org = find.organisations.find(span).record
            if org is not None:
                return await self._whois(org.id, span, lang)
        for span in spans:
            project, country = find.project_and_country(span)
            if project.record is not None or country.record is not None:
                return await self._directory(project.record, country.record, span, lang)
        if not words:
            member = asker.member
            if member is not None and member.organisation_id and q.has("me"):
                return await self._whois(member.organisation_id, "", lang)
            projects = self.events.projects_for(asker.member, asker.group, None)
            mine = self._kb.projects.get(projects[0]) if projects else None
            return await self._directory(mine, None, mine.short_name if mine else "", lang)
        text = " ".join(words)
        names = find.organisations.find(text).labelled(lang)
        # Quoted back as typed ("Gorgol", not "gorgol").
        typed = [w.strip('?!.,;:«»"') for w in question.split() if set(tokenize(w)) & set(words)]
        suggestions = ""
        if names:
            joined = self.catalogue.t(lang, "members.common.or").join(
                f"« {n} »" if lang == "fr" else f"“{n}”" for n in names
            )
            suggestions = self.catalogue.t(lang, "members.common.did_you_mean", names=joined)
        return _Reply(
            [
                self._t(
                    lang,
                    "focal.unknown",
                    value=excerpt(" ".join(typed) or text),
                    suggestions=Safe(suggestions),
                )
            ],
            True,
        )

    async def _whois(self, organisation_id: str, typed: str, lang: str) -> _Reply:
        entry = await self.directory.whois(organisation_id)  # the call /quiest makes
        org = entry.organisation
        lines = [
            self._t(
                lang,
                "focal.organisation",
                organisation=organisation_name(org, lang),
                country=self._country_name(lang, org.country),
            )
        ]
        if entry.focal_points:
            people = "\n".join(self._person(lang, m) for m in entry.focal_points)
            lines.append(
                self.catalogue.t(
                    lang,
                    "members.whois.people",
                    count=len(entry.focal_points),
                    people=Safe(people),
                )
            )
        else:
            lines.append(self.catalogue.t(lang, "members.whois.nobody"))
        name = typed or organisation_name(org, lang)
        lines += ["", self._t(lang, "focal.more_whois", name=name)]
        return _Reply(lines, bool(entry.focal_points))

    async def _directory(
        self, project: Record | None, country: Record | None, typed: str, lang: str
    ) -> _Reply:
        result = await self.directory.directory(
            project.id if project else None, country.id if country else None
        )
        parts = [display_name(r, lang) for r in (result.project, result.country) if r]
        selection = (
            self.catalogue.t(lang, "members.directory.selection", what=" · ".join(parts))
            if parts
            else ""
        )
        lines = [self.catalogue.t(lang, "members.directory.title", selection=Safe(selection))]
        if not result.entries:
            lines.append(self.catalogue.t(lang, "members.directory.none"))
        for entry in result.entries[:DIRECTORY_ORGANISATIONS]:
            lines.append(
                self.catalogue.t(
                    lang,
                    "members.directory.organisation",
                    organisation=organisation_name(entry.organisation, lang),
                    country=self._country_name(lang, entry.organisation.country),
                )
            )
            lines.extend(self._person(lang, m) for m in entry.focal_points)
        if len(result.entries) > DIRECTORY_ORGANISATIONS:
            more = len(result.entries) - DIRECTORY_ORGANISATIONS
            lines.append(self._t(lang, "focal.more_orgs", count=more))
        lines += ["", self._t(lang, "focal.more_directory", arg=typed).rstrip()]
        return _Reply(lines, bool(result.entries))

    async def _coordinators(self, q: LiveQuestion, question: str, asker: Asker) -> _Reply:
        lang = asker.lang
        listed: Sequence[Member] = [
            m for m in await self.members.coordinators() if m.directory_consent
        ]
        if not listed:
            return _Reply([self._t(lang, "coordinators.nobody")], False)
        lines = [self._t(lang, "coordinators.title", count=len(listed))]
        lines += [self._person(lang, m, flag_claims=False) for m in listed]
        lines += ["", self._t(lang, "coordinators.footer")]
        return _Reply(lines, True)
