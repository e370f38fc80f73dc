"""Members service: the roster the bot builds, roles, language and time zone of each person."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.clock import Clock, to_iso
from bot.i18n import Catalogue, format_datetime, normalise_language
from bot.knowledge.models import KnowledgeBase, Organisation
from bot.limits import read_number
from bot.names import Knowledge
from bot.render.members import MembersRender
from bot.settings import Settings
from bot.storage.members import (
    GroupChat,
    Member,
    MembersRepository,
    OnboardingState,
    Person,
    RosterRow,
    Sighting,
)
from bot.storage.outbox import OutboxItem
from bot.timezones import is_valid, zone
from bot.zone_search import ZoneFinder, ZoneMatch, canonical

if TYPE_CHECKING:
    from bot.scheduling import Scheduler

log = logging.getLogger(__name__)

ROLES = ("participant", "focal_point", "coordinator")

# How long a group admin check (getChatMember) is trusted.
ADMIN_TTL = timedelta(minutes=10)
# Buffered sightings are written at least this often (and at stop).
SIGHTINGS_FLUSH_SECONDS = 60.0
SIGHTINGS_BUFFER = 500

Enqueue = Callable[[list[OutboxItem]], Awaitable[int]]


class AdminCache:
    """Who is an admin of which group, as Telegram said (getChatMember), for a while."""

    def __init__(self, clock: Clock, ttl: timedelta = ADMIN_TTL) -> None:
        self.clock = clock
        self.ttl = ttl
        self._entries: dict[tuple[int, int], tuple[bool, datetime]] = {}

    def get(self, chat_id: int, user_id: int) -> bool | None:
        entry = self._entries.get((chat_id, user_id))
        if entry is None:
            return None
        is_admin, expires = entry
        if self.clock.now() >= expires:
            del self._entries[(chat_id, user_id)]
            return None
        return is_admin

    def put(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[(chat_id, user_id)] = (is_admin, self.clock.now() + self.ttl)

    def forget_chat(self, chat_id: int) -> None:
        for key in [k for k in self._entries if k[0] == chat_id]:
            del self._entries[key]


@dataclass(frozen=True)
class Outcome:
    """The result of an action on someone's role: ``status`` is a message id suffix."""

    status: str  # done, already, unknown, settings, self, not_focal
    member: Member | None = None


class MembersService:
    def __init__(
        self,
        repo: MembersRepository,
        settings: Settings,
        clock: Clock,
        *,
        knowledge: Knowledge | None = None,
        catalogue: Catalogue | None = None,
        enqueue: Enqueue | None = None,
    ) -> None:
        self.repo = repo
        self.settings = settings
        self.clock = clock
        self.knowledge = knowledge
        self.catalogue = catalogue or Catalogue.bundled()
        self.render = MembersRender(self.catalogue)  # the notices' words and buttons
        self.enqueue = enqueue
        self.admins = AdminCache(clock)
        self._finder: tuple[int, ZoneFinder] | None = None
        self._linked: set[int] = set()
        self._sightings: dict[tuple[int, int], tuple[Person, str]] = {}
        self._written: set[tuple[int, int, str]] = set()

    async def seen(self, person: Person, *, private_chat: bool) -> Member:
        """Record that ``person`` talked to the bot; returns their (new or updated) record."""
        await self.repo.touch(person, self.clock.now(), private_chat=private_chat)
        member = await self.repo.get(person.user_id)
        assert member is not None
        return member

    async def get(self, user_id: int) -> Member | None:
        return await self.repo.get(user_id)

    async def known(self, person: Person) -> None:
        """Make sure ``person`` has a record (an author seen in a group), changing nothing
        if they have one."""
        if await self.repo.get(person.user_id) is None:
            await self.repo.touch(person, self.clock.now(), private_chat=False)

    async def reachable_again(self, user_id: int) -> None:
        """The person unblocked the bot: private messages reach them again."""
        await self.repo.update(user_id, self.clock.now(), reachable=1)

    # -- reading the roster (for the other services: the members table is this service's) ----

    async def all(self) -> list[Member]:
        return await self.repo.all()

    async def in_projects(
        self,
        projects: Iterable[str] | None = None,
        *,
        countries: Iterable[str] | None = None,
        organisations: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
        reachable_only: bool = True,
    ) -> list[Member]:
        return await self.repo.in_projects(
            projects,
            countries=countries,
            organisations=organisations,
            roles=roles,
            reachable_only=reachable_only,
        )

    async def groups(
        self, project_id: str | None = None, *, active_only: bool = True
    ) -> list[GroupChat]:
        return await self.repo.groups(project_id, active_only=active_only)

    async def focal_points(self, *, consenting_only: bool = False) -> list[Member]:
        return await self.repo.focal_points(consenting_only=consenting_only)

    async def coordinators(self) -> list[Member]:
        """The coordinators: by role, and those named in the settings."""
        return await self.repo.coordinators(self.settings.coordinators)

    # -- roles ------------------------------------------------------------------------------

    async def is_coordinator(self, user_id: int) -> bool:
        if user_id in self.settings.coordinators:
            return True
        member = await self.repo.get(user_id)
        return member is not None and member.role == "coordinator"

    # -- language and zone ------------------------------------------------------------------

    def language_of(self, member: Member | None, telegram_code: str | None = None) -> str:
        """The member's chosen language, else their Telegram app's, else the default."""
        if member is not None and member.language:
            return member.language
        return normalise_language(telegram_code, self.settings.default_language)

    def zone_of(self, member: Member | None) -> ZoneInfo:
        if member is not None and member.timezone:
            try:
                return zone(member.timezone)
            except ValueError:
                pass
        return self.settings.zone

    async def language_for(self, user_id: int, telegram_code: str | None = None) -> str:
        return self.language_of(await self.repo.get(user_id), telegram_code)

    async def set_language(self, user_id: int, language: str) -> None:
        await self.repo.update(user_id, self.clock.now(), language=language)

    # -- delivery feedback ------------------------------------------------------------------

    async def mark_unreachable(self, chat_id: int) -> None:
        """Telegram said 403: a person blocked the bot, or the bot left a group."""
        if chat_id > 0:
            await self.repo.update(chat_id, self.clock.now(), reachable=0)
        else:
            await self.repo.set_group_active(chat_id, False, self.clock.now())
            self._linked.discard(chat_id)

    async def group_migrated(self, old: int, new: int) -> None:
        """A group became a supergroup: its link, settings and sightings follow the new id."""
        await self.flush_sightings()
        await self.repo.migrate_group(old, new, self.clock.now())
        await self.repo.migrate_sightings(old, new)
        self.admins.forget_chat(old)
        if old in self._linked:
            self._linked.discard(old)
            self._linked.add(new)

    async def group(self, chat_id: int) -> GroupChat | None:
        return await self.repo.group(chat_id)

    # == members feature: knowledge, roles, preferences, groups, sightings =====================

    async def start(self, scheduler: Scheduler | None = None) -> None:
        """Load the linked groups; write buffered sightings every minute."""
        self._linked = await self.repo.linked_chat_ids()
        if scheduler is not None:
            scheduler.every(
                "members:sightings",
                SIGHTINGS_FLUSH_SECONDS,
                self._tick,
                first=SIGHTINGS_FLUSH_SECONDS,
            )

    async def _tick(self) -> None:
        """Write buffered sightings; re-read the linked groups (in case a link was made
        around this service, e.g. by a script or the demo)."""
        await self.flush_sightings()
        self._linked = await self.repo.linked_chat_ids()

    async def close(self) -> None:
        await self.flush_sightings()

    @property
    def kb(self) -> KnowledgeBase:
        if self.knowledge is None:
            raise RuntimeError("MembersService was built without knowledge")
        return self.knowledge.kb

    @property
    def zones(self) -> ZoneFinder:
        """The time zone finder of the current knowledge base (rebuilt when it reloads)."""
        kb = self.kb
        if self._finder is None or self._finder[0] != id(kb):
            self._finder = (id(kb), ZoneFinder(kb))
        return self._finder[1]

    def now(self) -> datetime:
        return self.clock.now()

    def local_time(self, member: Member | None, lang: str) -> str:
        """The current time where the member is, e.g. ``jeudi 12 mars 2026 à 14:00 (Dakar)``."""
        return format_datetime(self.clock.now(), lang, self.zone_of(member))

    # -- roles ------------------------------------------------------------------------------

    def is_settings_coordinator(self, user_id: int) -> bool:
        return user_id in self.settings.coordinators

    def role_of(self, member: Member | None, user_id: int | None = None) -> str:
        uid = member.user_id if member is not None else user_id
        if uid is not None and self.is_settings_coordinator(uid):
            return "coordinator"
        return member.role if member is not None else "participant"

    async def resolve(self, ref: str) -> Member | None:
        """A member from ``@username``, ``username`` or a numeric Telegram id (people's ids are
        positive: raises :class:`bot.limits.NumberOutOfRange` for any other number)."""
        ref = ref.strip()
        if not ref:
            return None
        user_id = read_number(ref)
        if user_id is not None:
            return await self.repo.get(user_id)
        return await self.repo.by_username(ref.lstrip("@"))

    async def promote(self, target: Member, by: int) -> Outcome:
        if self.role_of(target) == "coordinator":
            return Outcome("already", target)
        await self.repo.update(target.user_id, self.clock.now(), role="coordinator")
        promoted = await self.repo.get(target.user_id)
        log.info("user %s promoted %s to coordinator", by, target.user_id)
        await self._notify(
            [promoted],
            f"role:{target.user_id}:coordinator:{to_iso(self.clock.now())}",
            "members.promote.you_promoted",
        )
        return Outcome("done", promoted)

    async def demote(self, target: Member, by: int) -> Outcome:
        if target.user_id == by:
            return Outcome("self", target)
        if self.is_settings_coordinator(target.user_id):
            return Outcome("settings", target)
        if target.role != "coordinator":
            return Outcome("already", target)
        role = "focal_point" if target.focal_status else "participant"
        await self.repo.update(target.user_id, self.clock.now(), role=role)
        demoted = await self.repo.get(target.user_id)
        log.info("user %s demoted %s", by, target.user_id)
        await self._notify(
            [demoted],
            f"role:{target.user_id}:{role}:{to_iso(self.clock.now())}",
            "members.promote.you_demoted",
        )
        return Outcome("done", demoted)

    # -- organisation and focal points ------------------------------------------------------

    def organisation(self, organisation_id: str | None) -> Organisation | None:
        return self.kb.organisations.get(organisation_id or "")

    async def claim_focal_point(self, user_id: int, organisation_id: str) -> Member:
        """The person says they are the focal point of an organisation (to be confirmed)."""
        org = self.kb.organisations[organisation_id]
        member = await self.repo.get(user_id)
        assert member is not None
        if member.organisation_id == org.id and member.focal_status is not None:
            return member  # already claimed or confirmed: nothing changes
        role = "coordinator" if member.role == "coordinator" else "focal_point"
        now = self.clock.now()
        await self.repo.update(
            user_id,
            now,
            organisation_id=org.id,
            country_id=org.country,
            focal_status="claimed",
            role=role,
            focal_claimed_at=to_iso(now),
        )
        claimed = await self.repo.get(user_id)
        assert claimed is not None
        await self._announce_claim(claimed, org)
        return claimed

    async def set_organisation(
        self, user_id: int, organisation_id: str | None, country_id: str | None
    ) -> Member:
        """Belong to an organisation (or none) as a participant: any focal claim is dropped."""
        member = await self.repo.get(user_id)
        assert member is not None
        org = self.organisation(organisation_id)
        country = org.country if org is not None else country_id
        fields: dict[str, object] = {
            "organisation_id": org.id if org is not None else None,
            "country_id": country,
        }
        if member.focal_status is not None:
            fields.update(focal_status=None, focal_claimed_at=None)
        if member.role == "focal_point":
            fields["role"] = "participant"
        await self.repo.update(user_id, self.clock.now(), **fields)
        updated = await self.repo.get(user_id)
        assert updated is not None
        return updated

    async def drop_focal_claim(self, user_id: int) -> Member:
        member = await self.repo.get(user_id)
        assert member is not None
        fields: dict[str, object] = {"focal_status": None, "focal_claimed_at": None}
        if member.role == "focal_point":
            fields["role"] = "participant"
        await self.repo.update(user_id, self.clock.now(), **fields)
        updated = await self.repo.get(user_id)
        assert updated is not None
        return updated

    async def pending_claims(self) -> list[tuple[Member, datetime | None]]:
        from bot.clock import from_iso

        return [
            (member, from_iso(stamp) if stamp else None)
            for member, stamp in await self.repo.pending_claims()
        ]

    async def confirm_claim(self, user_id: int, by: int) -> Outcome:
        member = await self.repo.get(user_id)
        if member is None:
            return Outcome("unknown")
        if member.focal_status is None or member.organisation_id is None:
            return Outcome("not_focal", member)
        if member.focal_status == "confirmed":
            return Outcome("already", member)
        await self.repo.update(user_id, self.clock.now(), focal_status="confirmed")
        confirmed = await self.repo.get(user_id)
        log.info("user %s confirmed the focal point claim of %s", by, user_id)
        org = self.organisation(member.organisation_id)
        await self._notify(
            [confirmed],
            f"focal:{user_id}:confirmed:{to_iso(self.clock.now())}",
            "members.focal.you_confirmed",
            organisation=org or member.organisation_id,
        )
        return Outcome("done", confirmed)

    async def remove_claim(self, user_id: int, by: int) -> Outcome:
        member = await self.repo.get(user_id)
        if member is None:
            return Outcome("unknown")
        if member.focal_status is None:
            return Outcome("not_focal", member)
        org = self.organisation(member.organisation_id)
        removed = await self.drop_focal_claim(user_id)
        log.info("user %s removed the focal point claim of %s", by, user_id)
        await self._notify(
            [removed],
            f"focal:{user_id}:removed:{to_iso(self.clock.now())}",
            "members.focal.you_removed",
            organisation=org or (member.organisation_id or ""),
        )
        return Outcome("done", removed)

    async def _announce_claim(self, member: Member, org: Organisation) -> None:
        """Tell the coordinators, with the buttons to confirm or remove the claim."""
        coordinators = await self.repo.coordinators(self.settings.coordinators)
        recipients = [c for c in coordinators if c.user_id != member.user_id]
        if not recipients:
            return
        who = member.display_name + (f" (@{member.username})" if member.username else "")
        ref = f"claim:{member.user_id}:{org.id}:{to_iso(self.clock.now())}"
        await self._send_each(
            recipients,
            ref,
            lambda lang: self.render.new_claim(
                lang, member.user_id, name=who, organisation=_organisation_name(org, lang)
            ),
        )

    async def _notify(
        self, members: Iterable[Member | None], ref: str, key: str, **params: object
    ) -> None:
        """A notice ``key`` to each member (in their language) through the outbox. An
        :class:`Organisation` parameter is named in each recipient's language."""

        def payload(lang: str) -> dict[str, Any]:
            values = {
                name: _organisation_name(value, lang) if isinstance(value, Organisation) else value
                for name, value in params.items()
            }
            return self.render.notice(lang, key, **values)

        await self._send_each(members, ref, payload)

    async def _send_each(
        self,
        members: Iterable[Member | None],
        ref: str,
        payload: Callable[[str], dict[str, Any]],
    ) -> None:
        """What the renderer made for each member's language, to each member who can be
        written to, through the outbox (kind ``members.notice``)."""
        if self.enqueue is None:
            return
        items = [
            OutboxItem("members.notice", ref, member.user_id, payload(self.language_of(member)))
            for member in members
            if member is not None and member.private_chat and member.reachable
        ]
        if items:
            await self.enqueue(items)

    # -- preferences ------------------------------------------------------------------------

    def find_zone(self, text: str, member: Member | None) -> ZoneMatch:
        prefer = self.zones.country_zones(member.country_id) if member is not None else []
        if member is not None and member.timezone:
            prefer = [*prefer, member.timezone]
        return self.zones.find(text, self.clock.now(), prefer=prefer)

    def proposed_zones(self, member: Member | None, country_id: str | None = None) -> list[str]:
        """Zones to offer: the country's (chosen now, or the member's), else the default."""
        country = country_id or (member.country_id if member is not None else None)
        zones = self.zones.country_zones(country) if country else []
        return zones or [self.settings.default_timezone]

    async def set_timezone(self, user_id: int, name: str) -> str:
        """Store an IANA zone (``ValueError`` if unknown); returns its canonical name."""
        if not is_valid(name):
            raise ValueError(f"unknown time zone: {name!r}")
        name = canonical(name)
        await self.repo.update(user_id, self.clock.now(), timezone=name)
        return name

    async def set_projects(self, user_id: int, projects: Iterable[str]) -> tuple[str, ...]:
        wanted = sorted({p for p in projects if p in self.kb.projects})
        await self.repo.set_projects(user_id, wanted)
        return tuple(wanted)

    async def toggle_project(self, user_id: int, project_id: str) -> tuple[str, ...]:
        member = await self.repo.get(user_id)
        current = set(member.projects if member else ())
        current ^= {project_id}
        return await self.set_projects(user_id, current)

    async def add_project(self, user_id: int, project_id: str) -> tuple[str, ...]:
        member = await self.repo.get(user_id)
        return await self.set_projects(user_id, {*(member.projects if member else ()), project_id})

    async def set_consent(self, user_id: int, consent: bool) -> None:
        await self.repo.update(user_id, self.clock.now(), directory_consent=int(consent))

    # -- onboarding state -------------------------------------------------------------------

    async def onboarding(self, user_id: int) -> OnboardingState | None:
        return await self.repo.onboarding(user_id)

    async def save_onboarding(
        self,
        user_id: int,
        *,
        step: str,
        mode: str,
        intent: str | None = None,
        country_id: str | None = None,
        completed: bool = False,
    ) -> None:
        await self.repo.save_onboarding(
            user_id,
            self.clock.now(),
            step=step,
            mode=mode,
            intent=intent,
            country_id=country_id,
            completed=completed,
        )

    # -- group chats ------------------------------------------------------------------------

    def is_linked(self, chat_id: int) -> bool:
        return chat_id in self._linked

    def group_language(self, group: GroupChat | None) -> str:
        if group is not None and group.language:
            return group.language
        return self.settings.default_language

    def group_zone(self, group: GroupChat | None) -> ZoneInfo:
        if group is not None and group.timezone and is_valid(group.timezone):
            return zone(group.timezone)
        return self.settings.zone

    async def bot_added(self, chat_id: int, title: str, type_: str) -> GroupChat:
        await self.repo.upsert_group(chat_id, title, type_, self.clock.now())
        group = await self.repo.group(chat_id)
        assert group is not None
        if group.project_id is not None:
            self._linked.add(chat_id)
        return group

    async def bot_removed(self, chat_id: int) -> None:
        if await self.repo.group(chat_id) is not None:
            await self.repo.set_group_active(chat_id, False, self.clock.now())
        self._linked.discard(chat_id)
        self.admins.forget_chat(chat_id)

    async def group_renamed(self, chat_id: int, title: str, type_: str) -> None:
        """Keep a known group's title current (coordinators see it in lists)."""
        group = await self.repo.group(chat_id)
        if group is not None and group.title != title:
            await self.repo.upsert_group(chat_id, title, type_, self.clock.now())
            if not group.active:
                await self.repo.set_group_active(chat_id, False, self.clock.now())

    async def link_group(
        self, chat_id: int, title: str, type_: str, project_id: str, by: int
    ) -> GroupChat:
        if project_id not in self.kb.projects:
            raise ValueError(f"unknown project {project_id!r}")
        now = self.clock.now()
        await self.repo.upsert_group(chat_id, title, type_, now)
        await self.repo.link_group(chat_id, project_id, by, now)
        self._linked.add(chat_id)
        group = await self.repo.group(chat_id)
        assert group is not None
        log.info("group %s linked to project %s by %s", chat_id, project_id, by)
        return group

    # -- forum topics -----------------------------------------------------------------------

    async def link_topic(
        self,
        chat_id: int,
        title: str,
        type_: str,
        thread_id: int,
        topic_title: str,
        project_id: str,
        by: int,
    ) -> GroupChat:
        """``/liergroupe`` typed inside a forum topic: that topic receives the project's
        announcements, reminders, polls and feedback (several topics of one group may serve
        different projects)."""
        if project_id not in self.kb.projects:
            raise ValueError(f"unknown project {project_id!r}")
        now = self.clock.now()
        await self.repo.upsert_group(chat_id, title, type_, now)
        await self.repo.link_topic(chat_id, thread_id, project_id, topic_title, by, now)
        self._linked.add(chat_id)
        group = await self.repo.group(chat_id)
        assert group is not None
        log.info("topic %s of group %s linked to %s by %s", thread_id, chat_id, project_id, by)
        return GroupChat(
            group.chat_id,
            group.title,
            group.type,
            project_id,
            group.active,
            group.language,
            group.timezone,
            thread_id,
        )

    async def linked_places(self) -> list[GroupChat]:
        """Every active linked group once, linked as a whole or only through forum topics
        (then ``thread_id`` is the topic to write to; see the repository)."""
        return await self.repo.linked_places()

    async def topic(self, chat_id: int, thread_id: int) -> tuple[str, str, str] | None:
        """``(project_id, title, state)`` of a linked topic, or None."""
        return await self.repo.topic(chat_id, thread_id)

    async def unlink_topic(self, chat_id: int, thread_id: int) -> str | None:
        """Unlink a topic; its project id, or None if it was not linked."""
        found = await self.repo.topic(chat_id, thread_id)
        if found is None or not await self.repo.unlink_topic(chat_id, thread_id):
            return None
        return found[0]

    async def topic_gone(self, chat_id: int, thread_id: int) -> None:
        """A send found the topic closed or deleted (``Delivery.on_topic_gone``): from now on
        the group's general thread; the coordinators are told once."""
        if not await self.repo.topic_gone(chat_id, thread_id):
            return
        found = await self.repo.topic(chat_id, thread_id)
        group = await self.repo.group(chat_id)
        project = self.kb.projects.get(found[0]) if found else None
        log.warning("topic %s of group %s is closed or deleted", thread_id, chat_id)
        await self._notify(
            await self.coordinators(),
            f"topic:{chat_id}:{thread_id}:gone",
            "topics.gone",
            topic=(found[1] if found else "") or str(thread_id),
            group=group.title if group else str(chat_id),
            project=project.short_name if project else (found[0] if found else ""),
        )

    async def unlink_group(self, chat_id: int, by: int) -> GroupChat | None:
        group = await self.repo.group(chat_id)
        if group is None or group.project_id is None:
            return None
        await self.flush_sightings()
        await self.repo.link_group(chat_id, None, by, self.clock.now())
        self._linked.discard(chat_id)
        log.info("group %s unlinked from project %s by %s", chat_id, group.project_id, by)
        return group

    async def set_group_language(self, chat_id: int, title: str, type_: str, lang: str) -> None:
        await self.repo.upsert_group(chat_id, title, type_, self.clock.now())
        await self.repo.set_group_preferences(
            chat_id, self.clock.now(), language=lang, timezone=None
        )

    async def set_group_timezone(self, chat_id: int, title: str, type_: str, name: str) -> str:
        if not is_valid(name):
            raise ValueError(f"unknown time zone: {name!r}")
        name = canonical(name)
        await self.repo.upsert_group(chat_id, title, type_, self.clock.now())
        await self.repo.set_group_preferences(
            chat_id, self.clock.now(), language=None, timezone=name
        )
        return name

    # -- sightings in linked groups ---------------------------------------------------------

    async def saw(self, chat_id: int, person: Person) -> None:
        """Someone spoke or joined in a group: remembered (batched) if the group is linked."""
        if chat_id not in self._linked:
            return
        day = self.clock.now().date().isoformat()
        if (chat_id, person.user_id, day) in self._written:
            return
        self._sightings[(chat_id, person.user_id)] = (person, day)
        if len(self._sightings) >= SIGHTINGS_BUFFER:
            await self.flush_sightings()

    async def flush_sightings(self) -> None:
        if not self._sightings:
            return
        batch, self._sightings = self._sightings, {}
        await self.repo.record_sightings(
            (chat_id, person, day) for (chat_id, _), (person, day) in batch.items()
        )
        today = self.clock.now().date().isoformat()
        self._written = {key for key in self._written if key[2] == today}
        self._written.update((chat_id, uid, day) for (chat_id, uid), (_, day) in batch.items())

    async def left_group(self, chat_id: int, user_id: int) -> None:
        self._sightings.pop((chat_id, user_id), None)
        self._written = {k for k in self._written if k[:2] != (chat_id, user_id)}
        await self.repo.forget_sighting(chat_id, user_id)

    async def unregistered(self, chat_ids: Iterable[int]) -> list[Sighting]:
        await self.flush_sightings()
        return await self.repo.unregistered(chat_ids)

    # -- privacy and import -----------------------------------------------------------------

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        await self.flush_sightings()
        return await self.repo.personal_data(user_id)

    @staticmethod
    def notices_about(user_id: int) -> list[str]:
        """The refs (``LIKE`` patterns) of the notices sent to others that name the person:
        their claim told to the coordinators, their role and focal point changes."""
        return [f"{topic}:{user_id}:%" for topic in ("claim", "focal", "role")]

    async def forget(self, user_id: int) -> bool:
        """Delete everything about a person; only an anonymous monthly count remains."""
        for key in [k for k in self._sightings if k[1] == user_id]:
            del self._sightings[key]
        self._written = {k for k in self._written if k[1] != user_id}
        month = self.clock.now().strftime("%Y-%m")
        forgotten = await self.repo.forget(user_id, month)
        if forgotten:
            log.info("a member asked to be forgotten; their data was deleted")
        return forgotten

    async def import_roster(self, rows: Sequence[RosterRow]) -> tuple[int, int]:
        return await self.repo.import_rows(rows, self.clock.now())


def _organisation_name(org: Organisation, lang: str) -> str:
    return org.name_en if lang == "en" and org.name_en else org.name
