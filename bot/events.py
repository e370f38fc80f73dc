"""Events service: visioconferences, webinars and gatherings of the projects.

Coordinators prepare an event (a guided conversation, a one-line form or the terminal); it is
confirmed back to them as a *draft* (kept in SQLite, so the "Save" button works after a
restart) and saved with its reminder rows and its announcement in one transaction. Members
answer yes / maybe / no; reminders go out at the event's offsets (see :mod:`bot.reminders`).
Dated milestones of the projects' actions (data/) appear in the agenda, read-only, with their
precision. Other features hook "after the end of an event" with :meth:`EventsService.on_ended`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.dates import DateError, When, parse_duration, parse_offsets, parse_when
from bot.i18n import Catalogue, excerpt
from bot.knowledge.models import Project
from bot.limits import length
from bot.members import MembersService
from bot.names import Knowledge, names_of
from bot.recurrence import MAX_COUNT, RepeatError, Rule, is_repeat, parse_repeat
from bot.reminders import DispatchReport, EndedHook, Outbox, Reminders
from bot.render.calendar import SeriesView, calendar_file
from bot.render.events import (
    CountryAnswers,
    EventRenderer,
    MilestoneItem,
    OrgAnswers,
    RsvpReport,
    Where,
)
from bot.scheduling import Scheduler
from bot.series import SeriesPlanner
from bot.settings import Settings
from bot.storage.events import (
    ANSWERS,
    KINDS,
    Draft,
    Event,
    EventFields,
    EventsRepository,
    Rsvp,
    RsvpCounts,
)
from bot.storage.members import GroupChat, Member, Person
from bot.storage.series import SeriesRepository
from bot.storage.waitlist import WaitlistRepository
from bot.textfold import compact, normalize
from bot.timezones import zone
from bot.waitlist import Waitlist

log = logging.getLogger(__name__)

TITLE_MIN, TITLE_MAX = 2, 120
TEXT_MAX = {"description": 2000, "place": 200, "dial_in": 100, "link": 500}
DRAFT_LIFETIME = timedelta(days=2)
PLACES = re.compile(r"^(\d{1,5}) ?(?:places?|seats?|participants?)$")  # "30 places"
AGENDA_LIMIT = 8
AGENDA_PAGED_LIMIT = 40  # /agenda in pages (handlers/events/commands.py)
MILESTONE_LIMIT = 6
URL = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)
# "example.org/x", "www.example.org", "meet.example.org:8443/room": a web address typed
# without its scheme (a host with a dot and a known-looking top-level domain, no space)
BARE_URL = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?(?:[/?#][^\s<>\"]*)?$",
    re.IGNORECASE,
)


def web_link(text: str) -> str:
    """A link as typed, with ``https://`` added when it was left out (``example.org/x`` ->
    ``https://example.org/x``); anything else unchanged (and refused by :data:`URL`)."""
    value = text.strip()
    if BARE_URL.match(value) and not URL.match(value):
        return f"https://{value}"
    return value


KIND_WORDS: dict[str, str] = {
    "visioconference": "visioconference",
    "visio": "visioconference",
    "visioconf": "visioconference",
    "videoconference": "visioconference",
    "video": "visioconference",
    "videoconf": "visioconference",
    "webinar": "webinar",
    "webinaire": "webinar",
    "gathering": "gathering",
    "regroupement": "gathering",
    "rassemblement": "gathering",
    "rencontre": "gathering",
    "meeting": "gathering",
    "seminar": "seminar",
    "seminaire": "seminar",
    "other": "other",
    "autre": "other",
    "evenement": "other",
    "event": "other",
}

EDITABLE = (
    "title",
    "when",
    "duration",
    "link",
    "dial_in",
    "place",
    "description",
    "kind",
    "audience",
    "reminders",
)


class EventInputError(ValueError):
    """Input to refuse; ``key`` is a message id under ``events.`` with its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def check_title(title: str) -> None:
    """2 to 120 characters, counted as Telegram counts (:mod:`bot.limits`): the title goes in
    announcements, reminders and the feedback polls' questions (300 at most)."""
    size = length(title)
    if not TITLE_MIN <= size <= TITLE_MAX:
        raise EventInputError("create.bad_title", length=size)


def check_text(name: str, value: str | None) -> None:
    """``link``, ``place``, ``dial_in`` or ``description``: within :data:`TEXT_MAX` (so that the
    event's card, with all of them, stays within a Telegram message)."""
    size = length(value or "")
    if size > TEXT_MAX[name]:
        raise EventInputError(f"create.too_long_{name}", max=TEXT_MAX[name], length=size)


@dataclass(frozen=True)
class RsvpResult:
    status: str  # ok | unknown | cancelled | ended | waitlisted
    event: Event | None = None
    member: Member | None = None
    answer: str | None = None
    rank: int = 0  # waitlisted: the place on the waiting list (1 = next)


@dataclass(frozen=True)
class Agenda:
    projects: list[str] | None  # None: all projects
    events: list[Event]
    more: int
    milestones: list[MilestoneItem]
    counts: dict[int, RsvpCounts]


class EventsService:
    def __init__(
        self,
        repo: EventsRepository,
        members: MembersService,
        knowledge: Knowledge,
        outbox: Outbox,
        scheduler: Scheduler | None,
        settings: Settings,
        clock: Clock,
        catalogue: Catalogue,
    ) -> None:
        self.repo = repo
        self.members = members
        self.knowledge = knowledge
        self.settings = settings
        self.clock = clock
        self.render = EventRenderer(catalogue, knowledge)
        self.reminders = Reminders(
            repo, members, self.render, knowledge, outbox, settings, clock, scheduler
        )
        self.series = SeriesPlanner(
            SeriesRepository(repo.db, repo), repo, self.reminders.plan, self.reminders.offsets_of
        )
        self.reminders.series = self.series
        self.waitlist = Waitlist(
            WaitlistRepository(repo.db), repo, members, self.render, outbox, clock
        )
        self._scheduler = scheduler

    # -- lifecycle and hooks ----------------------------------------------------------------

    async def start(self) -> None:
        await self.repo.purge_drafts(self.clock.now() - DRAFT_LIFETIME)
        await self.reminders.start()
        await self.waitlist.start(self._scheduler)

    def on_ended(self, callback: EndedHook, *, name: str | None = None) -> None:
        """Await ``callback(event)`` once per event, after its end. Restart-safe: recorded in
        SQLite per event and hook ``name`` just before the call, so never called twice, even
        across a crash (a crash during the call loses that call); an exception is logged and
        recorded, not retried. Cancelled events never end; events that ended more than two days
        before a dispatch are skipped (a hook added later does not run for old events).
        Register hooks in ``Services.create``, before ``Services.start``."""
        self.reminders.on_ended(callback, name=name)

    async def dispatch_due(self, now: datetime) -> DispatchReport:
        return await self.reminders.dispatch_due(now)

    # -- understanding input ----------------------------------------------------------------

    def projects(self) -> list[Project]:
        return list(self.knowledge.kb.projects.values())

    def find_project(self, text: str) -> Project | None:
        return names_of(self.knowledge.kb).projects.get(text)

    def find_kind(self, text: str) -> str | None:
        word = compact(text)
        return KIND_WORDS.get(word) or (word if word in KINDS else None)

    def parse_start(self, text: str, tz: ZoneInfo) -> When:
        return parse_when(text, self.clock.now(), tz)

    def parse_schedule(self, text: str, tz: ZoneInfo) -> tuple[When, str | None]:
        """A start (``26/11 14h``) or a repeat phrase (``chaque mois le 1er jeudi 10h``): the
        first start and the series' rule (None: once)."""
        if is_repeat(text):
            parsed = parse_repeat(text, self.clock.now(), tz)
            return When(parsed.first.astimezone(tz)), parsed.rule.to_rrule()
        return self.parse_start(text, tz), None

    def parse_line(self, line: str, tz: ZoneInfo) -> EventFields:
        """The one-line form ``PROJECT | KIND | TITLE | WHEN | DURATION [| LINK or PLACE]
        [| DESCRIPTION]``; raises :class:`EventInputError` or :class:`~bot.dates.DateError`."""
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 5 or not all(parts[:5]):
            raise EventInputError("create.too_few_fields", count=len([p for p in parts if p]))
        project = self.find_project(parts[0])
        if project is None:
            raise self.unknown_project(parts[0])
        kind = self.find_kind(parts[1])
        if kind is None:
            raise EventInputError("create.bad_kind", kind=excerpt(parts[1]))
        # a repeat phrase, as the date ("chaque mois le 1er jeudi 10h") or in a field of its own
        # after the date ("26/11 14h | 90 | chaque mois")
        places = [p for p in parts[5:] if PLACES.match(normalize(p))]
        capacity = _places(places[-1]) if places else None
        rest = [p for p in parts[5:] if not is_repeat(p) and p not in places]
        repeats = [p for p in parts[5:] if is_repeat(p)]
        repeat: str | None = None
        if is_repeat(parts[3]):
            parsed = parse_repeat(parts[3], self.clock.now(), tz)
            start = parsed.first
            repeat = parsed.rule.to_rrule()
        else:
            start = self.parse_start(parts[3], tz).utc
        if repeats:
            if repeat is not None or len(repeats) > 1:
                raise RepeatError("repeat_twice")
            parsed = parse_repeat(repeats[0], self.clock.now(), tz, start=start)
            repeat = parsed.rule.to_rrule()
        duration = parse_duration(parts[4])
        link = place = None
        if rest and rest[0] not in ("", "-"):
            if web_link(rest[0]).lower().startswith(("http://", "https://")):
                link = web_link(rest[0])
            else:
                place = rest[0]
        description = " | ".join(rest[1:]).strip()
        fields = EventFields(
            project_id=project.id,
            kind=kind,
            title=parts[2],
            starts_at=start,
            ends_at=start + duration,
            timezone=_zone_name(tz),
            description=description,
            link=link,
            place=place,
            repeat=repeat,
            capacity=capacity,
        )
        self.validate(fields)
        return fields

    def unknown_project(self, name: str) -> EventInputError:
        names = ", ".join(p.short_name for p in self.projects())
        guesses = names_of(self.knowledge.kb).projects.find(name).suggestions
        if guesses:  # "/agenda coper": did you mean COOP'R?
            return EventInputError(
                "agenda.unknown_project_guess",
                name=excerpt(name),
                guesses=", ".join(guesses),
                projects=names,
            )
        return EventInputError("agenda.unknown_project", name=excerpt(name), projects=names)

    def validate(self, fields: EventFields, *, start_may_be_past: bool = False) -> None:
        """Refuse what cannot be saved (raises :class:`EventInputError` / ``DateError``)."""
        kb = self.knowledge.kb
        if fields.project_id not in kb.projects:
            raise self.unknown_project(fields.project_id)
        if fields.kind not in KINDS:
            raise EventInputError("create.bad_kind", kind=excerpt(fields.kind))
        check_title(fields.title)
        if fields.ends_at <= fields.starts_at:
            raise DateError("end_before_start")
        if not start_may_be_past and fields.starts_at <= self.clock.now():
            raise DateError("past")
        for name in TEXT_MAX:
            check_text(name, getattr(fields, name))
        if fields.link is not None and not URL.match(fields.link):
            raise EventInputError("create.bad_link")
        zone(fields.timezone)
        if fields.offsets:  # () is "no reminder"
            parse_offsets(list(fields.offsets))
        for country in fields.countries or ():
            if country not in kb.countries:
                raise EventInputError("create.bad_country", country=excerpt(country))
        if fields.capacity is not None and not 1 <= fields.capacity <= MAX_CAPACITY:
            raise EventInputError("create.bad_capacity")
        if fields.repeat is not None:
            try:
                rule = Rule.from_rrule(fields.repeat)
            except (KeyError, ValueError):
                raise RepeatError("repeat_unrecognised", words=excerpt(fields.repeat)) from None
            if rule.count is not None and not 1 <= rule.count <= MAX_COUNT:
                raise RepeatError("repeat_bad_count", max=MAX_COUNT)

    # -- drafts: prepare, confirm, save -----------------------------------------------------

    async def prepare(
        self, fields: EventFields, *, by: Person | None, event_id: int | None = None
    ) -> Draft:
        """Keep a new event (or an edit of ``event_id``) until the coordinator saves it."""
        self.validate(fields, start_may_be_past=event_id is not None)
        user_id = await self._author(by)
        now = self.clock.now()
        draft_id = await self.repo.create_draft(fields, user_id=user_id, event_id=event_id, now=now)
        draft = await self.repo.draft(draft_id)
        assert draft is not None
        return draft

    async def draft(self, draft_id: int) -> Draft | None:
        return await self.repo.draft(draft_id)

    async def toggle_remind_all(self, draft_id: int) -> Draft | None:
        draft = await self.repo.draft(draft_id)
        if draft is None or draft.state != "open":
            return None
        fields = replace(draft.fields, remind_all=not draft.fields.remind_all)
        await self.repo.update_draft(draft_id, fields)
        return await self.repo.draft(draft_id)

    async def save_draft(self, draft_id: int, *, following: bool = False) -> Event | None:
        """Save a draft once (a second press returns None). Validated again: time passes.
        An edit of an occurrence of a series applies to it alone, or with ``following`` to
        it and all the following ones."""
        draft = await self.repo.draft(draft_id)
        if draft is None or draft.state != "open":
            return None
        if draft.event_id is None:
            return await self.create(draft.fields, created_by=draft.user_id, draft_id=draft_id)
        if following:
            return await self.update_following(draft.event_id, draft.fields, draft_id=draft_id)
        return await self.update(draft.event_id, draft.fields, draft_id=draft_id)

    async def drop_draft(self, draft_id: int) -> bool:
        return await self.repo.drop_draft(draft_id)

    # -- create, edit, cancel ---------------------------------------------------------------

    async def create(
        self, fields: EventFields, *, created_by: int | None = None, draft_id: int | None = None
    ) -> Event | None:
        """Save a new event, its reminders and its announcement (sent right away)."""
        self.validate(fields)
        now = self.clock.now()
        if fields.repeat is not None:
            event_id = await self.series.create(
                fields, created_by=created_by, now=now, draft_id=draft_id
            )
        else:
            event_id = await self.repo.insert(
                fields,
                self.reminders.plan(fields, now),
                created_by=created_by,
                now=now,
                draft_id=draft_id,
            )
        if not event_id:
            return None
        log.info("event %s created for %s", event_id, fields.project_id)
        await self._after_change()
        return await self.repo.get(event_id)

    def changes(self, old: EventFields, new: EventFields) -> list[str]:
        """Names (``EDITABLE``) of what differs between two versions of an event."""
        found = []
        if old.starts_at != new.starts_at:
            found.append("when")
        if old.duration != new.duration:
            found.append("duration")
        for name in ("title", "link", "dial_in", "place", "description", "kind"):
            if getattr(old, name) != getattr(new, name):
                found.append(name)
        if (old.countries, old.organisations, old.remind_all) != (
            new.countries,
            new.organisations,
            new.remind_all,
        ):
            found.append("audience")
        if self.reminders.offsets_of(old) != self.reminders.offsets_of(new):
            found.append("reminders")
        if old.capacity != new.capacity:
            found.append("capacity")
        return found

    async def _edit_changes(
        self, old: Event, fields: EventFields, draft_id: int | None
    ) -> list[str]:
        """What an edit changes, once checked: nothing changed drops the draft and refuses."""
        changes = self.changes(old, fields)
        if not changes:
            if draft_id is not None:
                await self.repo.drop_draft(draft_id)
            raise EventInputError("edit.nothing_changed")
        self.validate(fields, start_may_be_past=fields.starts_at == old.starts_at)
        return changes

    async def update(
        self, event_id: int, fields: EventFields, *, draft_id: int | None = None
    ) -> Event | None:
        """Apply an edit: reminders rescheduled, those who answered and the groups told."""
        old = await self.repo.get(event_id)
        now = self.clock.now()
        if old is None or old.cancelled or old.ends_at <= now:
            raise EventInputError("edit.not_editable", id=event_id)
        changes = await self._edit_changes(old, fields, draft_id)
        reminders = self.reminders.replan(old, fields, await self.repo.reminders(event_id), now)
        version = await self.repo.update(
            event_id, fields, reminders, changes=changes, now=now, draft_id=draft_id
        )
        if not version:
            return None
        log.info("event %s changed (%s)", event_id, ", ".join(changes))
        await self._after_change()
        event = await self.repo.get(event_id)
        if event is not None and "capacity" in changes:
            await self.waitlist.offer_places(event)  # more places: to those waiting
        return event

    async def update_following(
        self, event_id: int, fields: EventFields, *, draft_id: int | None = None
    ) -> Event | None:
        """Edit an occurrence of a series and all the following ones (a new series from it);
        an event that is not an occurrence is edited alone."""
        old = await self.repo.get(event_id)
        if old is None or old.series_id is None:
            return await self.update(event_id, fields, draft_id=draft_id)
        now = self.clock.now()
        if old.cancelled or old.ends_at <= now:
            raise EventInputError("edit.not_editable", id=event_id)
        changes = await self._edit_changes(old, fields, draft_id)
        if draft_id is not None and not await self.repo.close_draft(draft_id):
            return None

        def replan(occurrence: Event, moved: EventFields) -> list[object]:
            return list(self.reminders.replan(occurrence, moved, reminders[occurrence.id], now))

        reminders = {}
        for occurrence in await self.series.occurrences(old.series_id):
            reminders[occurrence.id] = await self.repo.reminders(occurrence.id)
        await self.series.split(old, fields, now=now, changes=changes, replan=replan)
        log.info("event %s and the following changed (%s)", event_id, ", ".join(changes))
        await self._after_change()
        return await self.repo.get(event_id)

    async def cancel_following(self, event_id: int) -> list[Event]:
        """Cancel an occurrence and all the following ones: the series ends before it."""
        event = await self.repo.get(event_id)
        if event is None or event.series_id is None:
            cancelled = await self.cancel(event_id)
            return [cancelled] if cancelled else []
        now = self.clock.now()
        series = await self.series.get(event.series_id)
        if series is not None:
            await self.series.end_before(series, event, now)
        # one notice per chat for the whole series from this date, not one per date made
        since = event.occurrence or event.starts_at
        done = await self.repo.cancel_following(
            [
                o.id
                for o in await self.series.ahead(event.series_id, now)
                if (o.occurrence or o.starts_at) >= since
            ],
            now,
        )
        await self._after_change()
        return [e for e in (await self.repo.many(done)).values()]

    async def cancel(self, event_id: int) -> Event | None:
        """Cancel (once): reminders dropped, those who answered and the groups told."""
        if not await self.repo.cancel(event_id, self.clock.now()):
            return None
        log.info("event %s cancelled", event_id)
        await self._after_change()
        return await self.repo.get(event_id)

    async def _after_change(self) -> None:
        await self.reminders.flush_notices()
        await self.reminders.arm()

    async def _author(self, person: Person | None) -> int | None:
        if person is None:
            return None
        await self.members.known(person)
        return person.user_id

    # -- reading ----------------------------------------------------------------------------

    async def get(self, event_id: int) -> Event | None:
        return await self.repo.get(event_id)

    async def upcoming(self, projects: Sequence[str] | None, *, limit: int = 50) -> list[Event]:
        return await self.repo.upcoming(self.clock.now(), projects, limit=limit)

    async def since_with_cancelled(
        self, since: datetime, projects: Sequence[str] | None, *, limit: int = 50
    ) -> list[Event]:
        """The events not over at ``since``, cancelled ones included (whether one still
        holds: "la visio de jeudi tient toujours ?")."""
        return await self.repo.upcoming(since, projects, limit=limit, include_cancelled=True)

    async def all(self, *, limit: int = 500) -> list[Event]:
        """Every event, the latest first (the terminal's list, the activity report)."""
        return await self.repo.all(limit=limit)

    async def rsvps(self, event_id: int) -> list[Rsvp]:
        return await self.repo.rsvps(event_id)

    async def rsvp_counts(self, event_ids: Iterable[int]) -> dict[int, RsvpCounts]:
        return await self.repo.rsvp_counts(event_ids)

    def projects_for(
        self, member: Member | None, group: GroupChat | None, asked: str | None
    ) -> list[str] | None:
        """Whose agenda: the project named, else the group's, else the member's, else all."""
        if asked:
            project = self.find_project(asked)
            if project is None:
                raise self.unknown_project(asked)
            return [project.id]
        if group is not None and group.project_id:
            return [group.project_id]
        if member is not None and member.projects:
            known = [p for p in member.projects if p in self.knowledge.kb.projects]
            return known or None
        return None

    def milestones(self, projects: Sequence[str] | None, lang: str) -> list[MilestoneItem]:
        """Dated milestones of the projects' actions not yet over, soonest first."""
        kb = self.knowledge.kb
        today = self.clock.now().astimezone(self.settings.zone).date()
        items = []
        for action in kb.actions.values():
            if projects is not None and action.project not in projects:
                continue
            for milestone in action.milestones:
                if milestone.date is None or milestone.date.last_day() < today:
                    continue
                place = None
                if milestone.place is not None:
                    bits = [milestone.place.city]
                    if milestone.place.country:
                        bits.append(self.render.country_name(lang, milestone.place.country))
                    place = ", ".join(b for b in bits if b) or None
                items.append(
                    MilestoneItem(action.project, milestone.title.get(lang), milestone.date, place)
                )
        items.sort(key=lambda m: (m.date.first_day(), m.date.last_day()))
        return items[:MILESTONE_LIMIT]

    async def agenda(
        self, projects: Sequence[str] | None, lang: str, *, limit: int = AGENDA_LIMIT
    ) -> Agenda:
        events = await self.upcoming(projects, limit=200)
        shown = events[:limit]
        counts = await self.repo.rsvp_counts(e.id for e in shown)
        return Agenda(
            list(projects) if projects is not None else None,
            shown,
            len(events) - len(shown),
            self.milestones(projects, lang),
            counts,
        )

    async def next_event(self, projects: Sequence[str] | None) -> Event | None:
        now = self.clock.now()
        for event in await self.upcoming(projects, limit=10):
            if event.starts_at > now or event.ends_at > now:
                return event
        return None

    def where_for_group(self, event: EventFields) -> Where:
        return Where(zones=self.reminders.project_zones(event.project_id, event.timezone))

    def calendar(
        self,
        events: Sequence[Event],
        lang: str,
        name: str,
        milestones: Sequence[MilestoneItem],
        series: Mapping[int, SeriesView] | None = None,
    ) -> bytes:
        """The .ics file of ``events``; those of a series in ``series`` written once, as it."""
        return calendar_file(
            events,
            now=self.clock.now(),
            name=name,
            kind_label=lambda kind: self.render.kind(lang, kind),
            project_name=self.render.project_name,
            milestones=milestones,
            series=series,
        )

    async def calendar_for(
        self, events: Sequence[Event], lang: str, name: str, milestones: Sequence[MilestoneItem]
    ) -> bytes:
        """The .ics file of ``events``, a series written once with its ``RRULE`` and
        ``EXDATE`` (see :mod:`bot.render.calendar`)."""
        views: dict[int, SeriesView] = {}
        wanted = {e.series_id for e in events if e.series_id is not None}
        for series in (await self.series.many(sorted(wanted))).values():
            views[series.id] = SeriesView(
                series.id,
                series.rule,
                series.first_local,
                series.timezone,
                series.template,
                await self.series.occurrences(series.id),
            )
        return self.calendar(events, lang, name, milestones, views)

    # -- RSVP -------------------------------------------------------------------------------

    async def rsvp(
        self, event_id: int, person: Person, answer: str, *, private_chat: bool
    ) -> RsvpResult:
        if answer not in ANSWERS:
            raise ValueError(f"unknown answer {answer!r}")
        event = await self.repo.get(event_id)
        if event is None:
            return RsvpResult("unknown")
        if event.cancelled:
            return RsvpResult("cancelled", event)
        if event.ends_at <= self.clock.now():
            return RsvpResult("ended", event)
        member = await self.members.seen(person, private_chat=private_chat)
        if event.capacity is not None:  # places: beyond them, the waiting list
            if answer == "yes":
                if await self.repo.rsvp_of(event_id, person.user_id) != "yes":
                    rank = await self.waitlist.claim(event, person.user_id)
                    if rank:
                        return RsvpResult("waitlisted", event, member, answer, rank)
            else:
                await self.waitlist.leave(event, person.user_id)
        await self.repo.set_rsvp(event_id, person.user_id, answer, self.clock.now())
        if event.capacity is not None and answer != "yes":
            await self.waitlist.offer_places(event)  # a place freed, or an offer declined
        return RsvpResult("ok", event, member, answer)

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        """For /mydata: the person's answers, the events and drafts they made. /forget needs
        no eraser: RSVPs and drafts go with the member (foreign keys), events stay without
        their author."""
        data = await self.repo.person(user_id)
        return dict(data) if any(data.values()) else None

    async def answer_of(self, event_id: int, user_id: int) -> str | None:
        return await self.repo.rsvp_of(event_id, user_id)

    async def rsvp_report(self, event_id: int, lang: str) -> RsvpReport | None:
        """Who answered, grouped by country then organisation (names from data/)."""
        event = await self.repo.get(event_id)
        if event is None:
            return None
        rsvps = await self.repo.rsvps(event_id)
        roster = {m.user_id: m for m in await self.members.all()}
        total = RsvpCounts()
        countries: dict[str, CountryAnswers] = {}
        organisations: dict[tuple[str, str], OrgAnswers] = {}
        no_country = self.render.t(lang, "rsvp.no_country")
        no_org = self.render.t(lang, "rsvp.no_organisation")
        for rsvp in rsvps:
            member = roster.get(rsvp.user_id)
            name = member.display_name if member else str(rsvp.user_id)
            country_id = (member.country_id if member else None) or ""
            org_id = (member.organisation_id if member else None) or ""
            country_name = self.render.country_name(lang, country_id) if country_id else no_country
            org_name = self.render.organisation_name(lang, org_id) if org_id else no_org
            country = countries.setdefault(country_id, CountryAnswers(country_name))
            org = organisations.get((country_id, org_id))
            if org is None:
                org = organisations[(country_id, org_id)] = OrgAnswers(org_name)
                country.organisations.append(org)
            org.people.append((name, rsvp.answer))
            for counts in (total, country.counts):
                setattr(counts, rsvp.answer, getattr(counts, rsvp.answer) + 1)
                counts.users[rsvp.user_id] = rsvp.answer
        order = {"yes": 0, "maybe": 1, "no": 2}
        for country in countries.values():
            country.organisations.sort(key=lambda o: (o.name == no_org, normalize(o.name)))
            for org in country.organisations:
                org.people.sort(key=lambda p: (order[p[1]], normalize(p[0])))
        ranked = sorted(countries.items(), key=lambda kv: (kv[0] == "", normalize(kv[1].name)))
        return RsvpReport(event, total, [c for _, c in ranked])


def _zone_name(tz: ZoneInfo) -> str:
    return tz.key or "UTC"


MAX_CAPACITY = 100_000


def read_capacity(text: str) -> int | None:
    """What the guided form takes as a number of places: ``30`` or ``30 places``, from 1 to
    :data:`MAX_CAPACITY`; None if it is not one."""
    words = normalize(text)
    value = int(words) if words.isdigit() and len(words) <= 6 else _places(words)
    return value if value is not None and 1 <= value <= MAX_CAPACITY else None


def _places(text: str) -> int | None:
    """``30 places`` -> 30 (the capacity of an in-person gathering)."""
    found = PLACES.match(normalize(text))
    return int(found[1]) if found else None
