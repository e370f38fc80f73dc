"""Polls service: quick polls by coordinators, feedback after events, closing and nudges.

A poll of ours is sent through the outbox (kind ``poll``, ref ``poll:<id>``) to the project's
linked groups and/or in private to its members; every chat gets its own Telegram native poll,
whose id the ``on_sent`` hook records. Polls are named by default: Telegram only sends a bot
the individual answers (``poll_answer``) of non-anonymous polls it sent; an anonymous poll only
has the totals of ``poll`` updates.

The hot path is :meth:`PollsService.record_answer`: called by the handler for each
``poll_answer`` update, it only appends to an in-memory buffer. A background task writes the
buffer every few milliseconds (or as soon as it holds ``batch_size`` answers) in one
transaction; :meth:`stop` writes what is left, so nothing is lost at shutdown. Anything that
reads answers (results, closing, nudges) flushes first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.delivery import Delivery, SendFailed, SentMessage
from bot.i18n import Catalogue, excerpt, format_datetime
from bot.knowledge.models import Project
from bot.members import MembersService
from bot.names import Knowledge, names_of
from bot.poll_input import (
    COMMENT_WINDOW,
    FEEDBACK_KINDS,
    FEEDBACK_OPEN,
    MAX_COMMENT,
    STOP_BURST,
    PollError,
    parse_closing,
    parse_poll_line,
    validate,
)
from bot.reminders import in_topic
from bot.reports import PollReports, PollResults, feedback_options, poll_texts, shorten
from bot.scheduling import Scheduler
from bot.settings import Settings
from bot.storage.members import GroupChat, Member
from bot.storage.outbox import OutboxItem, OutboxRow
from bot.storage.polls import NewPoll, Poll, PollMessage, PollsRepository, RawAnswer, RawTotals
from bot.timezones import zone

if TYPE_CHECKING:
    from bot.events import EventsService
    from bot.storage.events import Event

log = logging.getLogger(__name__)


# -- results of the service's actions ---------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    poll: Poll
    groups: int
    members: int


@dataclass(frozen=True)
class Closed:
    poll: Poll
    results: PollResults
    chats: int  # chats the final results are posted to


@dataclass(frozen=True)
class Nudged:
    poll: Poll
    targets: int  # members whose organisation has not answered
    new: int  # reminded now (the others were already reminded for this poll)
    organisations: int


@dataclass(frozen=True)
class EndedEvent:
    """What feedback needs to know of an event that just ended."""

    id: int
    title: str
    project_id: str
    kind: str
    respondents: tuple[int, ...]  # said yes or maybe


def close_job(poll_id: int) -> str:
    return f"poll-close:{poll_id}"


def poll_id_of(ref: str) -> int | None:
    kind, _, number = ref.partition(":")
    return int(number) if kind == "poll" and number.isdigit() else None


class PollsService:
    def __init__(
        self,
        repo: PollsRepository,
        reports: PollReports,
        members: MembersService,
        delivery: Delivery,
        scheduler: Scheduler,
        catalogue: Catalogue,
        settings: Settings,
        clock: Clock,
        knowledge: Knowledge,
        *,
        flush_interval: float = 0.005,
        batch_size: int = 500,
    ) -> None:
        self.repo = repo
        self.reports = reports
        self.members = members
        self.delivery = delivery
        self.scheduler = scheduler
        self.catalogue = catalogue
        self.settings = settings
        self.clock = clock
        self.knowledge = knowledge
        self.flush_interval = flush_interval
        self.batch_size = batch_size
        self._answers: list[RawAnswer] = []
        self._totals: dict[str, RawTotals] = {}
        self._wake = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self._flusher: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._prompts: dict[tuple[int, int], int] = {}
        # private chats whose next plain message is the comment: (prompt, event, sent at)
        self._awaiting: dict[int, tuple[int, int, datetime]] = {}
        delivery.on_sent("poll", self._poll_sent)
        delivery.on_sent("nudge", self._poll_sent)
        delivery.on_sent("feedback", self._prompt_sent)

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Rebuild from SQLite: closing times into the scheduler, the feedback prompts, the
        stopping of closed polls a stop interrupted; start writing answers."""
        self._prompts = await self.repo.prompts()
        self._awaiting = await self.repo.open_prompts(self.clock.now() - COMMENT_WINDOW)
        for poll in await self.repo.to_close():
            assert poll.closes_at is not None
            self._schedule_close(poll.id, poll.closes_at)
        unstopped = await self.repo.unstopped()  # a stop interrupted the stopping
        if unstopped:
            self._spawn(self._stop_polls(unstopped))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush_loop(), name="coopbot-poll-answers")

    async def stop(self) -> None:
        """Stop the background work and write every buffered answer."""
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.flush()

    async def wait_idle(self) -> None:
        """Wait for background work (stopping polls) and write buffered answers (tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await self.flush()

    def _spawn(self, work: Any) -> None:
        task: asyncio.Task[None] = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- the hot path: answers and totals ---------------------------------------------------

    def record_answer(
        self, update_id: int, telegram_poll_id: str, user_id: int, name: str, options: Sequence[int]
    ) -> None:
        """Buffer one ``poll_answer`` (no I/O: the handler returns at once)."""
        self._answers.append(
            RawAnswer(update_id, telegram_poll_id, user_id, name, tuple(options), self.clock.now())
        )
        self._wake.set()

    def record_totals(
        self,
        update_id: int,
        telegram_poll_id: str,
        counts: Sequence[int],
        voter_count: int,
        is_closed: bool,
    ) -> None:
        """Buffer the latest counts of one Telegram poll (``poll`` update)."""
        known = self._totals.get(telegram_poll_id)
        if known is None or known.update_id < update_id:
            self._totals[telegram_poll_id] = RawTotals(
                update_id, telegram_poll_id, tuple(counts), voter_count, is_closed, self.clock.now()
            )
        self._wake.set()

    async def _flush_loop(self) -> None:
        while True:
            await self._wake.wait()
            if len(self._answers) < self.batch_size:
                await asyncio.sleep(self.flush_interval)
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # the batch went back to the buffer; try again shortly
                log.exception("could not write poll answers; retrying")
                await asyncio.sleep(0.5)
                self._wake.set()

    async def flush(self) -> None:
        """Write the buffered answers and totals, in one transaction."""
        async with self._flush_lock:
            answers, self._answers = self._answers, []
            totals, self._totals = self._totals, {}
            try:
                await self.repo.add_batch(answers, list(totals.values()))
            except BaseException:  # back to the buffer: written next time
                self._answers[:0] = answers
                self._merge_totals(totals)
                raise

    def _merge_totals(self, totals: dict[str, RawTotals]) -> None:
        for key, value in totals.items():
            known = self._totals.get(key)
            if known is None or known.update_id < value.update_id:
                self._totals[key] = value

    @property
    def buffered(self) -> int:
        return len(self._answers)

    # -- projects ---------------------------------------------------------------------------

    def find_project(self, name: str) -> Project | None:
        return names_of(self.knowledge.kb).projects.get(name)

    def project_name(self, project_id: str | None) -> str:
        if project_id is None:
            return "-"
        project = self.knowledge.kb.projects.get(project_id)
        return project.short_name if project else project_id

    def project_names(self) -> list[str]:
        return [p.short_name for p in self.knowledge.kb.projects.values()]

    async def resolve_project(
        self, name: str | None, *, creator: Member | None, chat_id: int | None
    ) -> str:
        """The project a poll is for: named, else the group's, else the creator's only one."""
        if name:
            project = self.find_project(name)
            if project is None:
                raise PollError(
                    "polls.errors.unknown_project",
                    name=excerpt(name),
                    known=", ".join(self.project_names()),
                )
            return project.id
        if chat_id is not None and chat_id < 0:
            group = await self.members.group(chat_id)
            if group is not None and group.project_id:
                return group.project_id
        if creator is not None and len(creator.projects) == 1:
            return creator.projects[0]
        projects = list(self.knowledge.kb.projects)
        if len(projects) == 1:
            return projects[0]
        raise PollError("polls.errors.which_project", known=", ".join(self.project_names()))

    # -- creating and sending ---------------------------------------------------------------

    async def create_from_line(
        self, text: str, *, creator: Member | None, creator_id: int | None, chat_id: int | None
    ) -> Sent:
        """The one-line form, from parsing to sending."""
        new = await self.prepare_from_line(
            text, creator=creator, creator_id=creator_id, chat_id=chat_id
        )
        return await self.create(new)

    async def audience_size(self, new: NewPoll) -> tuple[int, int]:
        """``(groups, members)`` a poll would go to (for the preview before sending)."""
        groups = people = 0
        if new.project_id and new.to_groups:
            groups = len(await self.members.groups(new.project_id))
        if new.project_id and new.to_private:
            people = len(await self.members.in_projects([new.project_id]))
        return groups, people

    async def prepare_from_line(
        self, text: str, *, creator: Member | None, creator_id: int | None, chat_id: int | None
    ) -> NewPoll:
        """The one-line form read and checked, not sent (the coordinator confirms first)."""
        spec = parse_poll_line(text, lambda name: self.find_project(name) is not None)
        validate(spec.question, spec.options)  # before asking anything else
        project_id = await self.resolve_project(spec.project, creator=creator, chat_id=chat_id)
        closes_at = None
        if spec.close is not None:
            closes_at = parse_closing(spec.close, self.clock.now(), self.members.zone_of(creator))
        return NewPoll(
            question=spec.question,
            options=spec.options,
            project_id=project_id,
            multiple=spec.multiple,
            anonymous=spec.anonymous,
            to_groups=spec.to_groups,
            to_private=spec.to_private,
            language=self.members.language_of(creator),
            created_by=creator_id,
            closes_at=closes_at,
        )

    async def create(
        self,
        new: NewPoll,
        *,
        private_to: Sequence[int] | None = None,
    ) -> Sent:
        """Store a poll, schedule its closing and send it (through the outbox)."""
        question, options = (
            validate(new.question, new.options)
            if new.kind == "quick"
            else (new.question, new.options)
        )
        if new.closes_at is not None and new.closes_at <= self.clock.now():
            raise PollError("polls.errors.close_past", text="")
        poll_id = await self.repo.create(
            replace(new, question=question, options=options),
            self.clock.now(),
        )
        poll = await self.get(poll_id)
        if poll.closes_at is not None:
            self._schedule_close(poll.id, poll.closes_at)
        groups, people = await self.send(poll, private_to=private_to)
        log.info("poll %s sent to %d groups and %d members", poll.id, groups, people)
        return Sent(poll, groups, people)

    async def get(self, poll_id: int) -> Poll:
        poll = await self.repo.get(poll_id)
        if poll is None:
            raise PollError("polls.errors.unknown_poll", id=poll_id)
        return poll

    async def find(self, poll_id: int) -> Poll | None:
        """The poll of that number, or None."""
        return await self.repo.get(poll_id)

    async def recipients(
        self, poll: Poll, private_to: Sequence[int] | None = None
    ) -> tuple[list[GroupChat], list[Member]]:
        groups: list[GroupChat] = []
        people: list[Member] = []
        if poll.to_groups and poll.project_id:
            groups = await self.members.groups(poll.project_id)
        if poll.to_private:
            if private_to is not None:
                for user_id in private_to:
                    member = await self.members.get(user_id)
                    if member is not None and member.private_chat and member.reachable:
                        people.append(member)
            elif poll.project_id:
                people = await self.members.in_projects([poll.project_id])
        return groups, people

    async def send(self, poll: Poll, *, private_to: Sequence[int] | None = None) -> tuple[int, int]:
        groups, people = await self.recipients(poll, private_to)
        items = [
            OutboxItem(
                "poll",
                poll.ref,
                g.chat_id,
                in_topic(self._poll_payload(poll, *self._group_locale(g)), g.thread_id),
            )
            for g in groups
        ]
        items += [
            OutboxItem(
                "poll",
                poll.ref,
                m.user_id,
                self._poll_payload(poll, self.members.language_of(m), self.members.zone_of(m)),
            )
            for m in people
        ]
        await self.delivery.enqueue(items)
        return len(groups), len(people)

    def _group_locale(self, group: GroupChat) -> tuple[str, ZoneInfo]:
        lang = group.language or self.settings.default_language
        tz = self.settings.zone
        if group.timezone:
            with contextlib.suppress(ValueError):
                tz = zone(group.timezone)
        return lang, tz

    def _poll_payload(
        self, poll: Poll, lang: str, tz: ZoneInfo, *, extra: str = ""
    ) -> dict[str, Any]:
        question, options = poll_texts(self.catalogue, poll, lang)
        notice = self.catalogue.t(
            lang, "polls.send.anonymous" if poll.anonymous else "polls.send.named"
        )
        if poll.closes_at is not None:
            notice += "\n" + self.catalogue.t(
                lang, "polls.send.closes", when=format_datetime(poll.closes_at, lang, tz)
            )
        if extra:
            notice = extra + "\n" + notice
        return {
            "method": "sendPoll",
            "question": question,
            "options": options,
            "is_anonymous": poll.anonymous,
            "allows_multiple_answers": poll.multiple,
            "description": notice,
            "description_parse_mode": "HTML",
        }

    async def _poll_sent(self, row: OutboxRow, message: SentMessage) -> None:
        """Outbox hook: remember which of our polls this chat's Telegram poll is."""
        poll_id = poll_id_of(row.ref)
        if poll_id is None or message.poll_id is None:
            return
        await self.repo.record_message(
            poll_id,
            message.poll_id,
            message.chat_id,
            message.message_id,
            row.kind,
            self.clock.now(),
        )

    # -- closing ----------------------------------------------------------------------------

    def _schedule_close(self, poll_id: int, when: datetime) -> None:
        async def run() -> None:
            try:
                await self.close(poll_id)
            except PollError as exc:
                log.info("scheduled closing of poll %s: %s", poll_id, exc.key)

        self.scheduler.at(close_job(poll_id), when, run)

    async def close(self, poll_id: int) -> Closed:
        """Close now: later answers are late; every chat's poll is stopped; the final
        results go where the poll was (and to its creator)."""
        await self.flush()
        poll = await self.get(poll_id)
        if not await self.repo.mark_closed(poll_id, self.clock.now()):
            raise PollError("polls.errors.already_closed", id=poll_id)
        self.scheduler.cancel(close_job(poll_id))
        await self.delivery.cancel("poll", poll.ref)
        await self.delivery.cancel("nudge", poll.ref)
        poll = await self.get(poll_id)
        messages = await self.repo.messages(poll_id)
        self._spawn(self._stop_polls([m for m in messages if not m.stopped]))
        results = await self.reports.results(poll)
        chats = await self._post_results(poll, results, messages)
        log.info("poll %s closed; results posted to %d chats", poll_id, chats)
        return Closed(poll, results, chats)

    async def _stop_polls(self, messages: Sequence[PollMessage]) -> None:
        """stopPoll on every chat's Telegram poll, paced like the outbox (after a burst)."""
        interval = 2.0 / self.settings.delivery.overall_per_second
        stopped: list[str] = []
        for number, message in enumerate(messages):
            if number >= STOP_BURST:
                await asyncio.sleep(interval)
            await self.delivery.stop_poll(message.chat_id, message.message_id)
            stopped.append(message.telegram_poll_id)
            if len(stopped) >= 100:
                await self.repo.mark_stopped(stopped, self.clock.now())
                stopped = []
        await self.repo.mark_stopped(stopped, self.clock.now())

    async def _post_results(
        self, poll: Poll, results: PollResults, messages: Sequence[PollMessage]
    ) -> int:
        chats: list[int] = []
        for message in messages:  # the poll's chats, nudged ones included
            if message.chat_id not in chats:
                chats.append(message.chat_id)
        if poll.created_by is not None and poll.created_by not in chats:
            chats.insert(0, poll.created_by)
        elif poll.created_by is not None:
            chats.remove(poll.created_by)
            chats.insert(0, poll.created_by)
        by_language: dict[str, list[tuple[int, ZoneInfo]]] = {}
        for chat_id in chats:
            lang, tz = await self._chat_locale(chat_id)
            by_language.setdefault(lang, []).append((chat_id, tz))
        items: list[OutboxItem] = []
        for lang, targets in by_language.items():
            png = await self.reports.chart(results, lang)
            caption = self.reports.caption(results, lang, final=True)
            file_id: str | None = None
            while targets and file_id is None:
                chat_id, _tz = targets.pop(0)
                photo = {"method": "sendPhoto", "photo": png, "caption": caption}
                try:
                    sent = await self.delivery.send_now(chat_id, {**photo, "parse_mode": "HTML"})
                except SendFailed as exc:
                    log.info("results of poll %s to chat %s: %s", poll.id, chat_id, exc)
                    continue
                file_id = sent.photo_file_id
            for chat_id, _tz in targets:
                payload: dict[str, Any] = (
                    {"method": "sendPhoto", "photo": file_id, "caption": caption}
                    if file_id
                    else {"method": "sendMessage", "text": caption}
                )
                payload["parse_mode"] = "HTML"
                items.append(OutboxItem("poll_results", poll.ref, chat_id, payload))
        await self.delivery.enqueue(items)
        return len(chats)

    async def _chat_locale(self, chat_id: int) -> tuple[str, ZoneInfo]:
        if chat_id < 0:
            group = await self.members.group(chat_id)
            if group is not None:
                return self._group_locale(group)
            return self.settings.default_language, self.settings.zone
        member = await self.members.get(chat_id)
        return self.members.language_of(member), self.members.zone_of(member)

    # -- nudges -----------------------------------------------------------------------------

    async def nudge(self, poll_id: int) -> Nudged:
        """Remind in private, once per poll, the members whose organisation has not answered
        yet: they get the poll again, with a reminder (outbox kind ``nudge``)."""
        poll = await self.get(poll_id)
        if poll.is_closed:
            raise PollError("polls.errors.closed", id=poll_id)
        if poll.anonymous:
            raise PollError("polls.errors.nudge_anonymous")
        if poll.project_id is None:
            raise PollError("polls.errors.no_project")
        await self.flush()
        results = await self.reports.results(poll)
        answered = {o.id for o in results.answered}
        people = await self.members.in_projects([poll.project_id])
        targets = [
            m
            for m in people
            if m.organisation_id
            and m.organisation_id not in answered
            and m.user_id not in results.voter_ids
        ]
        items = []
        kb = self.knowledge.kb
        for member in targets:
            lang, tz = self.members.language_of(member), self.members.zone_of(member)
            organisation = kb.organisations.get(member.organisation_id or "")
            name = (
                ((organisation.name_en or organisation.name) if lang == "en" else organisation.name)
                if organisation
                else (member.organisation_id or "")
            )
            reminder = self.catalogue.t(lang, "polls.send.nudge", organisation=name)
            items.append(
                OutboxItem(
                    "nudge",
                    poll.ref,
                    member.user_id,
                    self._poll_payload(poll, lang, tz, extra=reminder),
                )
            )
        new = await self.delivery.enqueue(items)
        return Nudged(poll, len(targets), new, len({m.organisation_id for m in targets}))

    # -- feedback after events --------------------------------------------------------------

    async def set_feedback(self, event_id: int, enabled: bool) -> None:
        await self.repo.set_feedback(event_id, enabled, self.clock.now())

    async def feedback_enabled(self, event_id: int, kind: str) -> bool:
        setting = await self.repo.feedback_setting(event_id)
        return kind in FEEDBACK_KINDS if setting is None else setting

    async def start_feedback(self, event: EndedEvent) -> list[Poll]:
        """After an event: ask those who said yes or maybe, and the project's linked groups,
        whether they attended and how satisfied they are (1 to 5), and invite a comment by
        reply. Once per event; nothing if feedback is off for it."""
        if not await self.feedback_enabled(event.id, event.kind):
            return []
        if not await self.repo.mark_feedback_asked(event.id, self.clock.now()):
            return []
        closes_at = self.clock.now() + FEEDBACK_OPEN
        title = shorten(event.title, 200)
        made = []
        lang: str = self.settings.default_language
        for kind in ("attendance", "satisfaction"):
            sent = await self.create(
                NewPoll(
                    question=title,
                    options=tuple(feedback_options(self.catalogue, kind, lang)),
                    project_id=event.project_id,
                    kind=kind,
                    event_id=event.id,
                    language=lang,
                    closes_at=closes_at,
                ),
                private_to=event.respondents,
            )
            made.append(sent.poll)
        groups, people = await self.recipients(made[0], event.respondents)
        items = []
        chats = [(g.chat_id, self._group_locale(g)[0], g.thread_id) for g in groups]
        chats += [(m.user_id, self.members.language_of(m), None) for m in people]
        for chat_id, chat_lang, thread in chats:
            text = self.catalogue.t(chat_lang, "polls.feedback.comment_prompt", title=title)
            items.append(
                OutboxItem(
                    "feedback",
                    f"event:{event.id}",
                    chat_id,
                    in_topic({"method": "sendMessage", "text": text, "parse_mode": "HTML"}, thread),
                )
            )
        await self.delivery.enqueue(items)
        return made

    def follow_events(self, events: EventsService) -> None:
        """Ask for feedback after each event's end (the events service's ``on_ended``)."""

        async def ended(event: Event) -> None:
            rsvps = await events.rsvps(event.id)
            respondents = tuple(r.user_id for r in rsvps if r.answer in ("yes", "maybe"))
            await self.start_feedback(
                EndedEvent(event.id, event.title, event.project_id, event.kind, respondents)
            )

        events.on_ended(ended, name="polls.feedback")

    async def _prompt_sent(self, row: OutboxRow, message: SentMessage) -> None:
        kind, _, number = row.ref.partition(":")
        if kind != "event" or not number.isdigit():
            return
        event_id = int(number)
        now = self.clock.now()
        await self.repo.add_prompt(message.chat_id, message.message_id, event_id, now)
        self._prompts[(message.chat_id, message.message_id)] = event_id
        if message.chat_id > 0:  # in private: the next plain message is the comment
            self._awaiting[message.chat_id] = (message.message_id, event_id, now)

    def awaits_comment(self, chat_id: int) -> bool:
        """Whether a private chat's next plain message is a comment: a feedback prompt was
        sent there less than :data:`COMMENT_WINDOW` ago and not answered yet."""
        found = self._awaiting.get(chat_id)
        if found is None:
            return False
        if self.clock.now() - found[2] > COMMENT_WINDOW:
            self._awaiting.pop(chat_id, None)
            return False
        return True

    async def comment_from_message(
        self, chat_id: int, user_id: int, name: str, message_id: int, text: str
    ) -> tuple[int, int] | None:
        """The plain message after a prompt, taken as the comment (once):
        ``(event id, comment id)``, or None when no prompt awaits it."""
        if not self.awaits_comment(chat_id):
            return None
        _, event_id, _ = self._awaiting.pop(chat_id)
        comment_id = await self.repo.add_comment(
            event_id, user_id, name, chat_id, message_id, text[:MAX_COMMENT], self.clock.now()
        )
        return (event_id, comment_id) if comment_id else None

    async def withdraw_comment(self, comment_id: int, user_id: int) -> bool:
        """The author takes their comment back (the button under its confirmation)."""
        return await self.repo.withdraw_comment(comment_id, user_id)

    def is_feedback_prompt(self, chat_id: int, message_id: int) -> bool:
        return (chat_id, message_id) in self._prompts

    async def add_comment(
        self, chat_id: int, prompt_id: int, user_id: int, name: str, message_id: int, text: str
    ) -> int | None:
        """A reply to a feedback prompt: stored against the event; returns the event id."""
        event_id = self._prompts.get((chat_id, prompt_id))
        if event_id is None:
            return None
        self._awaiting.pop(chat_id, None)  # answered by a reply
        await self.repo.add_comment(
            event_id, user_id, name, chat_id, message_id, text[:MAX_COMMENT], self.clock.now()
        )
        return event_id

    # -- finding polls ----------------------------------------------------------------------

    async def latest_for(
        self, *, chat_id: int, member: Member | None, coordinator: bool
    ) -> Poll | None:
        """The poll ``/results`` means without a number: the latest one of this group, else
        of the person's projects (any, for a coordinator)."""
        if chat_id < 0:
            found = await self.repo.in_chat(chat_id)
            if found:
                return found[0]
            group = await self.members.group(chat_id)
            if group is not None and group.project_id:
                recent = await self.repo.recent(1, projects=[group.project_id])
                return recent[0] if recent else None
            return None
        if coordinator:
            recent = await self.repo.recent(1)
            return recent[0] if recent else None
        if member is not None and member.projects:
            recent = await self.repo.recent(1, projects=list(member.projects))
            if recent:
                return recent[0]
        found = await self.repo.in_chat(chat_id)
        return found[0] if found else None

    async def results(self, poll_id: int) -> PollResults:
        """The figures of a poll, every buffered answer included."""
        await self.flush()
        return await self.reports.results(await self.get(poll_id))

    async def export_csv(self, poll_id: int, lang: str = "fr") -> bytes:
        await self.flush()
        return await self.reports.csv(await self.get(poll_id), lang)

    async def recent(self, limit: int = 10) -> list[Poll]:
        return await self.repo.recent(limit)

    async def record_past(
        self,
        new: NewPoll,
        chat_id: int,
        votes: Sequence[tuple[int, str, int, datetime]],
        asked: datetime,
        closed: datetime,
    ) -> int:
        """A poll asked in ``chat_id`` and closed before the bot knew of it (the demo's
        fixture: nobody answers in the past), with its votes (user, name, option, when)."""
        poll_id = await self.repo.create(new, asked)
        telegram_poll_id = f"past-{poll_id}"
        await self.repo.record_message(poll_id, telegram_poll_id, chat_id, 0, "poll", asked)
        await self.repo.add_answers(
            [
                RawAnswer(number, telegram_poll_id, user_id, name, (option,), when)
                for number, (user_id, name, option, when) in enumerate(votes, start=1)
            ]
        )
        await self.repo.mark_closed(poll_id, closed)
        return poll_id

    async def latest_open(self) -> list[Poll]:
        return [p for p in await self.repo.recent(50) if not p.is_closed]

    async def personal_data(self, user_id: int) -> object:
        """For /mydata: the person's answers (history) and comments."""
        await self.flush()
        data = await self.repo.personal_data(user_id)
        return data if data["answers"] or data["comments"] else None

    async def forget_person(self, user_id: int) -> None:
        """For /forget: delete the person's answers, comments and private poll copies."""
        await self.flush()
        await self.repo.forget_user(user_id)
        self._prompts = {k: v for k, v in self._prompts.items() if k[0] != user_id}
