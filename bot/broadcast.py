"""Announcements: written once by a coordinator, delivered to every recipient exactly once.

An announcement (a row of ``broadcasts``) goes ``draft -> scheduled -> sending -> done``:

* the draft holds the content (Telegram HTML as the coordinator wrote it, and the ``file_id`` of
  a photo or document, reused as is) and the :class:`Audience`;
* confirming makes it ``scheduled``: due now, or at a later time. It is started by a job of
  ``services.scheduler`` at that time and, in any case, by :meth:`BroadcastService.tick`, which
  runs every second and also starts announcements queued by ``coopbot broadcast`` in the
  terminal;
* starting resolves the audience to chats and writes one outbox row per chat (kind
  ``broadcast``, ref ``broadcast:<id>``): from there :mod:`bot.delivery` sends, paces and
  handles every failure, and its state machine guarantees that nobody gets it twice, even
  across a crash;
* while it is ``sending``, :meth:`tick` edits the author's message with the progress (at most
  every ``progress_every`` seconds), and once no row is left pending, replaces it with the
  report (delivered, unreachable, failed, uncertain, by reason) and marks it ``done``.

Everything is rebuilt from SQLite at start (:meth:`BroadcastService.start`): scheduled jobs,
announcements whose outbox rows were not all written when the bot stopped, and the progress of
those being sent.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.broadcast_audience import AUDIENCE_TYPES as AUDIENCE_TYPES
from bot.broadcast_audience import Audience as Audience
from bot.broadcast_audience import AudienceError as AudienceError
from bot.broadcast_audience import Choice as Choice
from bot.broadcast_audience import Recipients as Recipients
from bot.broadcast_content import REASONS as REASONS
from bot.broadcast_content import payload_of as payload_of
from bot.broadcast_content import reason_of as reason_of
from bot.clock import Clock, to_iso
from bot.dates import DateError
from bot.dates import parse_when as parse_instant
from bot.i18n import Catalogue
from bot.limits import CAPTION_MAX
from bot.reminders import in_topic
from bot.render.broadcast import BroadcastRender

# (re-exported: the terminal and the tests import them from here, where they were first written)
from bot.render.telegram_html import MAX_TEXT as MAX_TEXT
from bot.render.telegram_html import check_html as check_html
from bot.render.telegram_html import plain_excerpt as plain_excerpt
from bot.settings import Settings
from bot.storage.broadcasts import Broadcast, BroadcastsRepository, Figures
from bot.storage.members import Member
from bot.storage.outbox import OutboxItem
from bot.storage.persistence import FLOW_TTL
from bot.timezones import zone

if TYPE_CHECKING:
    from bot.delivery import Delivery
    from bot.knowledge.models import KnowledgeBase
    from bot.members import MembersService
    from bot.names import Knowledge
    from bot.scheduling import Scheduler

log = logging.getLogger(__name__)

KIND = "broadcast"
SENDER_BEAT = 5.0  # seconds between the running bot's "I am here" writes
SENDER_STALE = 20.0  # a bot not seen for that long is not running
CONTENT_TYPES = ("text", "photo", "document")
MAX_CAPTION = CAPTION_MAX
# -- scheduling input -------------------------------------------------------------------------


def parse_when(text: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    """A date and time typed by the author, in ``tz``, as UTC; None if not understood.

    The grammar is the one of events and polls (:func:`bot.dates.parse_when`): ``2026-12-01
    09:00``, ``01/12 9h``, ``jeudi 14h``, ``12 mars 14h``, ``demain 9h``, ``après-demain 10h``,
    ``tomorrow 9am``... A time already past is returned as it is (the caller says it is past);
    one too far ahead, or that does not exist (the spring clock change), is not understood.
    """
    try:
        return parse_instant(text, now, tz).utc
    except DateError as exc:
        past = exc.params.get("when")
        return past if exc.reason == "past" and isinstance(past, datetime) else None


# -- progress and report ----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int
    counts: dict[str, int]

    @property
    def delivered(self) -> int:
        return self.counts.get("sent", 0)

    @property
    def open(self) -> int:
        return self.counts.get("pending", 0) + self.counts.get("sending", 0)

    @property
    def unreachable(self) -> int:
        return self.counts.get("unreachable", 0)

    @property
    def failed(self) -> int:
        return self.counts.get("failed", 0) + self.counts.get("cancelled", 0)

    @property
    def uncertain(self) -> int:
        return self.counts.get("uncertain", 0)


@dataclass(frozen=True)
class Report:
    broadcast: Broadcast
    figures: Figures
    total: int
    reasons: dict[str, Counter[str]] = field(default_factory=dict)  # state -> reason -> n


@dataclass
class _Watch:
    """What the author's message last showed, to edit it only when needed."""

    text: str = ""
    at: datetime | None = None


class BroadcastService:
    def __init__(
        self,
        repo: BroadcastsRepository,
        members: MembersService,
        delivery: Delivery,
        catalogue: Catalogue,
        settings: Settings,
        clock: Clock,
        scheduler: Scheduler | None = None,
        *,
        knowledge: Knowledge | None = None,
        progress_every: float = 2.0,
        tick_every: float = 1.0,
    ) -> None:
        self.repo = repo
        self.members = members
        self.delivery = delivery
        self.catalogue = catalogue
        self.render = BroadcastRender(catalogue)
        self.settings = settings
        self.clock = clock
        self.scheduler = scheduler
        self.progress_every = progress_every
        self.tick_every = tick_every
        self.knowledge = knowledge
        self._watches: dict[int, _Watch] = {}
        self._starting: set[int] = set()
        self._seen_at: datetime | None = None
        self._tick_lock = asyncio.Lock()

    @property
    def kb(self) -> KnowledgeBase | None:
        """The knowledge base (names of projects, countries, organisations), if loaded."""
        if self.knowledge is None:
            return None
        try:
            return self.knowledge.kb
        except RuntimeError:
            return None

    # -- start ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Rebuild from SQLite: schedules, unfinished enqueues, progress; then tick every second."""
        # Drafts whose composition expired (handlers/flows.py) while nobody came back to them.
        await self.repo.drop_stale_drafts(self.clock.now() - FLOW_TTL)
        for broadcast in await self.repo.in_state("scheduled"):
            self._schedule(broadcast)
        for broadcast in await self.repo.in_state("sending"):
            # Resumed after a stop: its message was edited just before, maybe; wait a period.
            self._watches[broadcast.id] = _Watch(at=self.clock.now())
            if not broadcast.enqueued:
                log.warning("announcement %s: resuming its enqueueing", broadcast.id)
                await self._enqueue(broadcast)
        if self.scheduler is not None:
            self.scheduler.every("broadcast:tick", self.tick_every, self.tick, first=0.2)

    async def stop(self) -> None:
        """The bot stops: `coopbot broadcast` must no longer count on it."""
        if self._seen_at is not None:
            await self.repo.sender_gone(os.getpid())
            self._seen_at = None

    async def running_sender(self) -> int | None:
        """The pid of a bot that sends announcements now (seen lately), or None."""
        found = await self.repo.sender()
        if found is None:
            return None
        pid, seen_at = found
        age = (self.clock.now() - seen_at).total_seconds()
        return pid if age <= SENDER_STALE else None

    def _schedule(self, broadcast: Broadcast) -> None:
        if self.scheduler is None or broadcast.scheduled_at is None:
            return
        if broadcast.scheduled_at <= self.clock.now():
            return  # due: the next tick starts it
        broadcast_id = broadcast.id

        async def fire() -> None:
            await self.fire(broadcast_id)

        self.scheduler.at(f"broadcast:{broadcast_id}", broadcast.scheduled_at, fire)

    # -- drafts -----------------------------------------------------------------------------

    async def new_draft(
        self,
        author_id: int,
        content_type: str,
        body: str,
        file_id: str | None,
        *,
        language: str,
        timezone: str | None,
    ) -> Broadcast:
        """Start a draft (the author's previous unfinished draft is dropped)."""
        if content_type not in CONTENT_TYPES:
            raise ValueError(f"unknown content type {content_type!r}")
        await self.repo.drop_drafts(author_id)
        broadcast_id = await self.repo.create(
            author_id=author_id,
            content_type=content_type,
            body=body,
            file_id=file_id,
            language=language,
            timezone=timezone,
            now=self.clock.now(),
        )
        return await self._get(broadcast_id)

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.repo.get(broadcast_id)

    async def _get(self, broadcast_id: int) -> Broadcast:
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is None:
            raise LookupError(f"no announcement {broadcast_id}")
        return broadcast

    async def draft(self, broadcast_id: int, author_id: int) -> Broadcast | None:
        """The author's open draft ``broadcast_id``, or None (sent, cancelled, someone else's)."""
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is None or broadcast.state != "draft" or broadcast.author_id != author_id:
            return None
        return broadcast

    async def open_draft(self, author_id: int) -> Broadcast | None:
        """The author's draft being written, if any."""
        return await self.repo.open_draft(author_id)

    async def abandon(self, author_id: int) -> None:
        """The author gave up: forget their drafts."""
        await self.repo.drop_drafts(author_id)

    async def set_audience(self, broadcast_id: int, audience: Audience | None) -> Broadcast:
        await self.repo.set_audience(
            broadcast_id, audience.to_json() if audience else None, self.clock.now()
        )
        return await self._get(broadcast_id)

    async def set_time(self, broadcast_id: int, when: datetime | None) -> Broadcast:
        await self.repo.set_time(broadcast_id, when, self.clock.now())
        return await self._get(broadcast_id)

    async def discard(self, broadcast_id: int) -> None:
        """Forget a draft."""
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is not None and broadcast.state == "draft":
            await self.repo.delete(broadcast_id)

    # -- audience ---------------------------------------------------------------------------

    async def recipients(self, audience: Audience) -> Recipients:
        """The chats an audience reaches now: people the bot may write to, active linked groups."""
        people: list[Member] = []
        groups: list[int] = []
        if audience.type in ("all", "members"):
            people = await self.members.in_projects(None)
        elif audience.type == "project":
            people = await self.members.in_projects(audience.values)
        elif audience.type == "countries":
            people = await self.members.in_projects(None, countries=audience.values)
        elif audience.type == "focal_points":
            people = await self.members.in_projects(
                None, organisations=audience.values, roles=["focal_point"]
            )
        topics: dict[int, int] = {}
        if audience.type in ("all", "groups"):
            # every linked group once, also one linked only through a forum topic (there)
            for place in await self.members.linked_places():
                groups.append(place.chat_id)
                if place.thread_id:
                    topics.setdefault(place.chat_id, place.thread_id)
        if audience.type == "project":
            for project in audience.values:
                for group in await self.members.groups(project):
                    groups.append(group.chat_id)
                    if group.thread_id:  # a forum topic linked to the project: there
                        topics.setdefault(group.chat_id, group.thread_id)
        return Recipients(
            people=tuple(sorted({m.user_id for m in people})),
            groups=tuple(sorted(set(groups))),
            topics=tuple(sorted(topics.items())),
        )

    async def choices(self, kind: str, lang: str) -> list[Choice]:
        """What can be picked for ``project``, ``countries`` or ``focal_points``, with how many
        people each reaches now."""
        members = await self.members.in_projects(None)
        counts: Counter[str] = Counter()
        if kind == "project":
            for member in members:
                counts.update(member.projects)
            kb = self.kb
            ids = list(kb.projects) if kb else []
            linked = {g.project_id for g in await self.members.groups() if g.project_id}
            for project_id in [*ids, *sorted(linked - set(ids))]:
                # its linked groups, those linked through a forum topic too (once per chat)
                counts[project_id] += len(await self.members.groups(project_id))
            ids += sorted(set(counts) - set(ids))
            return [Choice(i, self.name("project", i, lang), counts[i]) for i in ids]
        if kind == "countries":
            counts.update(m.country_id for m in members if m.country_id)
            table = "country"
        elif kind == "focal_points":
            counts.update(
                m.organisation_id for m in members if m.organisation_id and m.role == "focal_point"
            )
            table = "organisation"
        else:
            raise ValueError(f"no choices for {kind!r}")
        found = [Choice(i, self.name(table, i, lang), n) for i, n in counts.items()]
        return sorted(found, key=lambda c: c.label.casefold())

    def name(self, kind: str, record_id: str, lang: str) -> str:
        """A project's, country's or organisation's display name (its id if unknown)."""
        kb = self.kb
        if kb is not None:
            if kind == "project" and record_id in kb.projects:
                return kb.projects[record_id].short_name
            if kind == "country" and record_id in kb.countries:
                return kb.countries[record_id].name.get(lang)
            if kind == "organisation" and record_id in kb.organisations:
                organisation = kb.organisations[record_id]
                if organisation.acronyms:
                    return organisation.acronyms[0]
                return (organisation.name_en if lang == "en" else None) or organisation.name
        return record_id.upper() if kind == "country" else record_id

    def known_ids(self, kind: str) -> set[str] | None:
        """Ids the knowledge base knows for a kind (None when it is not loaded)."""
        kb = self.kb
        if kb is None:
            return None
        if kind == "project":
            return set(kb.projects)
        if kind == "countries":
            return set(kb.countries)
        return set(kb.organisations)

    def describe(self, audience: Audience, lang: str) -> str:
        """``Tout le monde``, ``Pays : Cameroun, Sénégal``... (plain text: escape it)."""
        kind = {"project": "project", "countries": "country", "focal_points": "organisation"}
        names = ", ".join(self.name(kind[audience.type], v, lang) for v in audience.values)
        return self.render.audience(audience.type, names, lang)

    # -- sending ----------------------------------------------------------------------------

    async def confirm(
        self,
        broadcast_id: int,
        *,
        report_chat_id: int | None = None,
        report_message_id: int | None = None,
    ) -> Broadcast | None:
        """The author confirmed: schedule it at its time, or start it now. None if it was
        already confirmed or cancelled (a second click)."""
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is None or broadcast.state != "draft" or broadcast.audience is None:
            return None
        now = self.clock.now()
        when = (
            broadcast.scheduled_at
            if broadcast.scheduled_at and broadcast.scheduled_at > now
            else now
        )
        confirmed = await self.repo.confirm(
            broadcast_id,
            when,
            now,
            report_chat_id=report_chat_id,
            report_message_id=report_message_id,
        )
        if not confirmed:
            return None
        broadcast = await self._get(broadcast_id)
        if when <= now:
            await self.fire(broadcast_id)
        else:
            self._schedule(broadcast)
        return await self._get(broadcast_id)

    async def queue(
        self,
        *,
        content_type: str,
        body: str,
        file_id: str | None,
        audience: Audience,
        when: datetime | None,
        language: str,
        author_id: int | None = None,
        source: str = "cli",
    ) -> Broadcast:
        """An announcement prepared elsewhere (the terminal), due at ``when`` (None: now).

        A running bot starts it at that time; nothing is sent here."""
        now = self.clock.now()
        broadcast_id = await self.repo.create(
            author_id=author_id,
            content_type=content_type,
            body=body,
            file_id=file_id,
            language=language,
            timezone=self.settings.default_timezone,
            now=now,
            source=source,
            audience=audience.to_json(),
            state="scheduled",
            scheduled_at=when or now,
        )
        return await self._get(broadcast_id)

    async def fire(self, broadcast_id: int) -> bool:
        """Start sending a scheduled announcement; False if it is not (or no longer) scheduled."""
        async with self._tick_lock:
            return await self._fire(broadcast_id)

    async def _fire(self, broadcast_id: int) -> bool:
        if not await self.repo.start(broadcast_id, self.clock.now()):
            return False
        if self.scheduler is not None:
            self.scheduler.cancel(f"broadcast:{broadcast_id}")
        broadcast = await self._get(broadcast_id)
        await self._enqueue(broadcast)
        await self._watch(await self._get(broadcast_id), force=True)
        return True

    async def _enqueue(self, broadcast: Broadcast) -> None:
        """Write one outbox row per recipient (idempotent: the outbox ignores duplicates)."""
        self._starting.add(broadcast.id)
        try:
            audience = Audience.from_json(broadcast.audience or {"type": "members"})
            recipients = await self.recipients(audience)
            payload = payload_of(broadcast.content_type, broadcast.body, broadcast.file_id)
            topics = dict(recipients.topics)
            items = [
                OutboxItem(KIND, broadcast.ref, chat, in_topic(payload, topics.get(chat)))
                for chat in recipients.chats()
            ]
            await self.delivery.enqueue(items)
            await self.repo.set_enqueued(
                broadcast.id,
                people=len(recipients.people),
                group_chats=len(recipients.groups),
                now=self.clock.now(),
            )
            log.info("announcement %s: %d recipients queued", broadcast.id, recipients.count)
        finally:
            self._starting.discard(broadcast.id)

    async def cancel(self, broadcast_id: int) -> bool:
        """Cancel a draft or a scheduled announcement (not one being sent)."""
        cancelled = await self.repo.cancel(broadcast_id, self.clock.now())
        if cancelled and self.scheduler is not None:
            self.scheduler.cancel(f"broadcast:{broadcast_id}")
        return cancelled

    # -- progress and report ----------------------------------------------------------------

    async def tick(self) -> None:
        """Every second: start what is due, edit progress, write the reports of finished ones."""
        async with self._tick_lock:
            await self._tick()

    async def _tick(self) -> None:
        now = self.clock.now()
        if self._seen_at is None or abs((now - self._seen_at).total_seconds()) >= SENDER_BEAT:
            self._seen_at = now
            await self.repo.sender_seen(os.getpid(), now)
        for broadcast in await self.repo.due(self.clock.now()):
            try:
                await self._fire(broadcast.id)
            except Exception:
                log.exception("announcement %s could not be started", broadcast.id)
        for broadcast in await self.repo.in_state("sending"):
            if broadcast.id in self._starting or not broadcast.enqueued:
                continue
            try:
                await self._watch(broadcast)
            except Exception:
                log.exception("announcement %s: progress failed", broadcast.id)

    async def follow(self, broadcast_id: int) -> Broadcast:
        """One progress step for one announcement (the terminal's ``--send-now`` loop)."""
        async with self._tick_lock:
            broadcast = await self._get(broadcast_id)
            if (
                broadcast.state == "sending"
                and broadcast.enqueued
                and broadcast.id not in self._starting
            ):
                await self._watch(broadcast)
        return await self._get(broadcast_id)

    async def progress(self, broadcast: Broadcast) -> Progress:
        counts = await self.delivery.counts(KIND, broadcast.ref)
        total = broadcast.recipients or sum(counts.values())
        return Progress(total=total, counts=counts)

    async def _watch(self, broadcast: Broadcast, *, force: bool = False) -> None:
        progress = await self.progress(broadcast)
        if broadcast.enqueued and progress.open == 0:
            await self._complete(broadcast, progress)
            return
        if broadcast.report_chat_id is None or broadcast.report_message_id is None:
            return
        watch = self._watches.setdefault(broadcast.id, _Watch())
        now = self.clock.now()
        text = self.render.progress(broadcast, progress, audience=self.audience_label(broadcast))
        if text == watch.text:
            return
        if (
            not force
            and watch.at is not None
            and (now - watch.at).total_seconds() < self.progress_every
        ):
            return
        watch.text, watch.at = text, now
        await self._edit(broadcast, text, None)

    async def _complete(self, broadcast: Broadcast, progress: Progress) -> None:
        figures = Figures(
            delivered=progress.delivered,
            unreachable=progress.unreachable,
            failed=progress.failed,
            uncertain=progress.uncertain,
        )
        report = await self.report(broadcast, figures)
        if broadcast.report_chat_id is not None and broadcast.report_message_id is not None:
            complete = figures.delivered == report.total
            await self._edit(
                broadcast,
                self.render_report(report),
                None if complete else self.render.csv_keyboard(broadcast).to_dict(),
            )
        await self.repo.finish(broadcast.id, figures, self.clock.now())
        self._watches.pop(broadcast.id, None)
        log.info(
            "announcement %s done: %d delivered, %d unreachable, %d failed, %d uncertain",
            broadcast.id,
            figures.delivered,
            figures.unreachable,
            figures.failed,
            figures.uncertain,
        )

    async def _edit(self, broadcast: Broadcast, text: str, markup: dict[str, Any] | None) -> None:
        """The progress or the report into the author's message (through the adapter,
        :meth:`bot.delivery.Delivery.edit_or_resend`); deleted, it is sent anew and the new
        one is edited from now on."""
        assert broadcast.report_chat_id is not None and broadcast.report_message_id is not None
        anew = await self.delivery.edit_or_resend(
            broadcast.report_chat_id, broadcast.report_message_id, text, markup
        )
        if anew is not None:
            await self.repo.set_report_message(
                broadcast.id, anew.chat_id, anew.message_id, self.clock.now()
            )

    async def report(self, broadcast: Broadcast, figures: Figures | None = None) -> Report:
        rows = await self.delivery.rows(KIND, broadcast.ref)
        reasons: dict[str, Counter[str]] = {}
        states: Counter[str] = Counter()
        for row in rows:
            states[row["state"]] += 1
            if row["state"] in ("unreachable", "failed", "uncertain", "cancelled"):
                state = "failed" if row["state"] == "cancelled" else row["state"]
                reasons.setdefault(state, Counter())[reason_of(row["state"], row["error"])] += 1
        if figures is None:
            figures = Figures(
                delivered=states["sent"],
                unreachable=states["unreachable"],
                failed=states["failed"] + states["cancelled"],
                uncertain=states["uncertain"],
            )
        total = broadcast.recipients or len(rows)
        return Report(broadcast, figures, total, reasons)

    async def failures_csv(self, broadcast: Broadcast) -> bytes:
        """One line per recipient who did not (surely) get it: who, what happened, why."""
        rows = await self.delivery.rows(KIND, broadcast.ref)
        people = {m.user_id: m for m in await self.members.all()}
        groups = {g.chat_id: g for g in await self.members.groups(active_only=False)}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "chat_id",
                "type",
                "name",
                "organisation",
                "country",
                "state",
                "reason",
                "error",
                "attempts",
            ]
        )
        for row in rows:
            if row["state"] in ("sent", "pending", "sending"):
                continue
            chat_id = int(row["chat_id"])
            member = people.get(chat_id)
            group = groups.get(chat_id)
            writer.writerow(
                [
                    chat_id,
                    "person" if chat_id > 0 else "group",
                    member.display_name if member else group.title if group else "",
                    member.organisation_id or "" if member else "",
                    member.country_id or "" if member else "",
                    row["state"],
                    reason_of(row["state"], row["error"]),
                    row["error"] or "",
                    row["attempts"],
                ]
            )
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheets read UTF-8

    async def history(self, limit: int = 10) -> list[Broadcast]:
        """The latest announcements (the activity report's)."""
        return await self.repo.recent(limit)

    async def recent(self, limit: int = 10) -> list[tuple[Broadcast, Progress | None]]:
        """The latest announcements, with the live progress of those being sent."""
        found = []
        for broadcast in await self.repo.recent(limit):
            progress = await self.progress(broadcast) if broadcast.state == "sending" else None
            found.append((broadcast, progress))
        return found

    # -- personal data (/mesdonnees, /oubli) -------------------------------------------------

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        """The announcements a person wrote, and those sent to them with what happened."""
        written = [
            {
                "announcement": b.id,
                "state": b.state,
                "created_at": to_iso(b.created_at),
                "text": plain_excerpt(b.body, 200),
            }
            for b in await self.repo.authored(user_id)
        ]
        received = [
            {
                "announcement": row["broadcast_id"],
                "state": row["state"],
                "sent_at": row["sent_at"],
                "error": row["error"],
                "text": plain_excerpt(row["body"] or "", 200),
            }
            for row in await self.repo.received(user_id)
        ]
        if not written and not received:
            return None
        return {"written": written, "received": received}

    async def forget_person(self, user_id: int) -> None:
        """/oubli: their delivery rows and drafts go; announcements they wrote stay, without
        author (the foreign key sets it to NULL), with their figures."""
        await self.repo.forget_recipient(user_id)

    # -- rendering (bot/render/broadcast.py; kept here for the terminal and the tests) --------

    def preview_cost(self, count: int, lang: str) -> str:
        return self.render.preview_cost(count, lang, self.settings.delivery)

    def zone_of(self, broadcast: Broadcast) -> ZoneInfo:
        try:
            return zone(broadcast.timezone or self.settings.default_timezone)
        except ValueError:
            return self.settings.zone

    def audience_label(self, broadcast: Broadcast, lang: str | None = None) -> str:
        lang = lang or broadcast.language
        if broadcast.audience is None:
            return "—"
        return self.describe(Audience.from_json(broadcast.audience), lang)

    def render_report(self, report: Report) -> str:
        broadcast = report.broadcast
        return self.render.report(
            report,
            zone=self.zone_of(broadcast),
            audience=self.audience_label(broadcast),
            now=self.clock.now(),
        )


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
