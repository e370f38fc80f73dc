"""Delivery: sends what the outbox holds, paced under Telegram's flood limits, once.

Every message that goes to many chats (reminders, announcements, polls in private, feedback)
is enqueued as outbox rows and sent from here. For each row:

* a row is marked ``sending`` in SQLite just before its request (the outcomes of the previous
  sends are written in the same transaction), so a crash can at worst leave the few rows in
  flight without an answer, and a row that got its answer is never sent again;
* pacing: requests are spaced to stay under the overall rate (30 msg/s), one message per second
  per private chat and 20 per minute per group. The spacing never bursts: a send the event loop
  woke late may only keep to its schedule by half an interval (``slack``), so no window ever
  holds more than the rate allows plus one or two, and Telegram has no reason to answer 429;
* failures, as a careful sender handles them: ``RetryAfter`` waits the time Telegram asks and
  retries (it does not use up the row's attempts; a chat answering 429 more than
  ``max_retry_after`` times is given up); ``Forbidden`` (blocked, kicked) marks the chat
  unreachable, never retried; ``ChatMigrated`` follows the group to its new id, with the rows
  queued for it; network errors and 5xx are retried with exponential backoff up to
  ``max_attempts``; a forum topic closed or deleted (``TOPIC_CLOSED``, ``message thread not
  found``) is told to the ``on_topic_gone`` hooks and the row goes to the group's general
  thread instead, at once; any other ``BadRequest`` is recorded ``failed``;
* no answer, an *uncertain delivery*: a read timeout, a connection lost once the request went
  out, or a crash between a row's claim and its answer. Telegram may well have delivered the
  message (the Bot API cannot be asked), so a resend risks a duplicate and no resend risks a
  miss. Which risk to take depends on the kind of message, in one table,
  :data:`NO_ANSWER_POLICY`: ``RETRY_ONCE`` sends it once more (reminders, event notices,
  polls...), ``RECORD_UNCERTAIN`` records the row ``uncertain`` and never resends it
  (announcements, poll results, and any kind not in the table). The row's count of unanswered
  attempts is in SQLite, so a restart never repeats the one retry. A request that never left
  (no connection, no free connection in the pool) is no uncertainty: it is retried like a
  network error.

The engine runs as one asyncio task started in ``post_init`` and stopped in ``post_shutdown``;
stopping waits for the requests in flight and never cuts between a claim and its request.

This module is also the services' one door to the Bot API outside the outbox (ARCHITECTURE.md:
services never import ``telegram``): :meth:`Delivery.send_now` (a payload sent at once, e.g. the
first copy of a poll's results chart), :meth:`Delivery.stop_poll` and
:meth:`Delivery.edit_or_resend` (an announcement's progress in its author's message). They take
and return plain data (:class:`SentMessage`) and raise :class:`SendFailed`, never a Telegram type.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import httpx
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.clock import Clock
from bot.settings import DeliverySettings
from bot.storage.outbox import OutboxItem, OutboxRepository, OutboxRow, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentMessage:
    """What a service needs to know of a message Telegram accepted: where it is, and the ids
    Telegram gave what it carries (its native poll, its largest photo)."""

    chat_id: int
    message_id: int
    poll_id: str | None = None
    photo_file_id: str | None = None
    text: str | None = None

    @classmethod
    def of(cls, message: Message) -> SentMessage:
        return cls(
            chat_id=message.chat.id,
            message_id=message.message_id,
            poll_id=message.poll.id if message.poll is not None else None,
            photo_file_id=message.photo[-1].file_id if message.photo else None,
            text=message.text,
        )


class SendFailed(Exception):
    """Telegram refused a call made for a service (the reason in ``reason``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


SentHook = Callable[[OutboxRow, SentMessage], Awaitable[None]]


async def send_payload(bot: Bot, chat_id: int, payload: Mapping[str, Any]) -> Message:
    """Send an outbox payload (``{"method": "sendMessage", ...}``) to one chat, as the outbox
    does: also the author's preview of an announcement (``handlers/broadcast``)."""
    params = dict(payload)
    method = params.pop("method", "sendMessage")
    markup = params.pop("reply_markup", None)
    if isinstance(markup, Mapping):
        params["reply_markup"] = InlineKeyboardMarkup.de_json(dict(markup), bot)
    elif markup is not None:
        params["reply_markup"] = markup
    if method == "sendMessage":
        return await bot.send_message(chat_id, **params)
    if method == "sendPhoto":
        return await bot.send_photo(chat_id, **params)
    if method == "sendDocument":
        return await bot.send_document(chat_id, **params)
    if method == "sendPoll":
        return await bot.send_poll(chat_id, **params)
    raise ValueError(f"unsupported outbox method {method!r}")


class NoAnswer(Enum):
    """What to do with a send that Telegram did not answer (it may have been delivered)."""

    RETRY_ONCE = "retry once"  # a duplicate is better than a miss
    RECORD_UNCERTAIN = "record uncertain"  # a miss is better than a duplicate: never resend


#: The delivery policy per outbox kind when a send gets no answer (timeout, connection lost,
#: crash mid-send). A second unanswered attempt of a RETRY_ONCE kind is recorded uncertain too.
NO_ANSWER_POLICY: dict[str, NoAnswer] = {
    # The same announcement to hundreds of people and groups: a second copy in a group is seen
    # by all its members and looks like a bot gone wrong, and nothing in it is due within the
    # hour. The report counts the uncertain ones and lists them in its CSV, for a coordinator
    # to check by hand.
    "broadcast": NoAnswer.RECORD_UNCERTAIN,
    # Final results of a closed poll, posted where the poll was: informative, never urgent.
    "poll_results": NoAnswer.RECORD_UNCERTAIN,
    # Time-critical: a missed reminder is a missed meeting; a second one is read twice.
    "reminder": NoAnswer.RETRY_ONCE,
    # An event announced (with its RSVP buttons), changed or cancelled: a missed change or
    # cancellation sends people to the wrong meeting.
    "event": NoAnswer.RETRY_ONCE,
    # Polls, nudges (the poll again) and feedback prompts are counted by the copy the bot
    # knows (its poll id, its message id): a copy delivered without an answer collects votes
    # and replies that never count, so the recipient needs a copy the bot knows.
    "poll": NoAnswer.RETRY_ONCE,
    "nudge": NoAnswer.RETRY_ONCE,
    "feedback": NoAnswer.RETRY_ONCE,
    # One coordinator or member told of a claim or a role change: a duplicate costs nothing, a
    # miss leaves a focal point claim waiting unseen.
    "members.notice": NoAnswer.RETRY_ONCE,
    # A questionnaire's reminder before its deadline (and a coordinator's nudge): sent at most
    # once a day per organisation, so a second copy reads as nagging, and the next day's
    # reminder makes up for a miss.
    "forms.reminder": NoAnswer.RECORD_UNCERTAIN,
    # The partnership exchange: an introduction between two organisations, a review's
    # outcome, an expiry warning. Each is told once to one person; a miss leaves an interested
    # partner unanswered, a duplicate costs nothing.
    "exchange": NoAnswer.RETRY_ONCE,
}
#: Kinds not in the table keep the outbox's first promise: never twice.
DEFAULT_NO_ANSWER = NoAnswer.RECORD_UNCERTAIN


def no_answer_policy(kind: str) -> NoAnswer:
    return NO_ANSWER_POLICY.get(kind, DEFAULT_NO_ANSWER)


def retry_kinds() -> frozenset[str]:
    """The kinds sent once more after a send without an answer."""
    return frozenset(k for k, p in NO_ANSWER_POLICY.items() if p is NoAnswer.RETRY_ONCE)


# httpx errors raised before the request could reach Telegram: certainly not delivered.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
)


def unanswered(exc: NetworkError) -> str | None:
    """Why a send that failed with ``exc`` may nevertheless have been delivered ('timeout',
    'connection lost'), or ``None`` when Telegram answered (a 5xx) or the request never
    left."""
    cause = exc.__cause__
    if isinstance(cause, _NOT_SENT):
        return None
    if isinstance(exc, TimedOut):
        return "timeout"
    if isinstance(cause, httpx.TransportError):  # read error, server disconnected...
        return f"connection lost: {type(cause).__name__}"
    return None


ChatHook = Callable[[int], Awaitable[None]]
MigratedHook = Callable[[int, int], Awaitable[None]]
TopicHook = Callable[[int, int], Awaitable[None]]  # (chat id, message_thread_id)
# Telegram's answers to a message_thread_id of a topic closed (to the bot) or deleted
TOPIC_GONE = ("topic_closed", "topic_deleted", "message thread not found")


def topic_gone(message: str) -> bool:
    lowered = message.lower()
    return any(marker in lowered for marker in TOPIC_GONE)


@dataclass
class Hooks:
    """What other services want to know about deliveries."""

    sent: dict[str, SentHook]
    unreachable: list[ChatHook]
    migrated: list[MigratedHook]
    topic_gone: list[TopicHook] = field(default_factory=list)


class Pacer:
    """Strict spacing: overall, per private chat and per group intervals, in monotonic seconds.

    The overall schedule advances one interval per send. ``slack`` (in intervals) lets a send
    that the event loop woke a little late keep to the schedule instead of pushing every later
    send back: the loop's timers are rounded to the millisecond, which at 300 msg/s would
    otherwise lose a fifth of the rate (measured: 227 instead of 291 msg/s at 300 allowed). With
    ``slack`` s, no window ever holds more than ``rate x window + 1 + s`` sends; the engine
    uses 0.5.

    Paid broadcasts (``paid_broadcast``): a paid send keeps to a second, faster schedule
    (``paid_per_second``, counting every send) and not to the free one, so announcements go out
    at up to 1,000 per second while the other messages keep their 30; per-chat and per-group
    spacing is the same for both."""

    def __init__(self, settings: DeliverySettings, *, slack: float = 0.0) -> None:
        self.overall = 1.0 / settings.overall_per_second
        self.paid = 1.0 / settings.paid_per_second if settings.paid_broadcast else 0.0
        self.private = 1.0 / settings.per_chat_per_second
        self.group = 60.0 / settings.per_group_per_minute
        self.slack = slack * self.overall
        self.paid_slack = slack * self.paid
        self.next_overall = 0.0
        self.next_paid = 0.0  # stays 0 without paid broadcasts
        self.next_chat: dict[int, float] = {}

    def chat_ready(self, chat_id: int) -> float:
        return self.next_chat.get(chat_id, 0.0)

    def gate(self, *, paid: bool = False) -> float:
        """When the next send (paid or not) may go, as far as the overall limits go."""
        return self.next_paid if paid else max(self.next_overall, self.next_paid)

    def take(self, chat_id: int, now: float, *, paid: bool = False) -> None:
        if self.paid:
            self.next_paid = max(now - self.paid_slack, self.next_paid) + self.paid
        if not (paid and self.paid):  # (without the setting, every send is a free one)
            self.next_overall = max(now - self.slack, self.next_overall) + self.overall
        spacing = self.group if chat_id < 0 else self.private
        self.next_chat[chat_id] = now + spacing

    def defer(self, chat_id: int, until: float) -> None:
        self.next_chat[chat_id] = max(self.next_chat.get(chat_id, 0.0), until)


class Delivery:
    def __init__(
        self,
        repo: OutboxRepository,
        bot: Bot,
        settings: DeliverySettings,
        clock: Clock,
        *,
        retry_base: float = 1.0,
        max_in_flight: int = 64,
        slack: float = 0.5,
        max_retry_after: int = 20,
        pacer: Pacer | None = None,
    ) -> None:
        self.repo = repo
        self.bot = bot
        self.settings = settings
        self.clock = clock
        self.retry_base = retry_base
        self.max_retry_after = max_retry_after
        self.hooks = Hooks(sent={}, unreachable=[], migrated=[])
        # (``pacer``: one built on the same settings, e.g. a subclass that records its decisions)
        self._pacer = pacer or Pacer(settings, slack=slack)
        self._queues: dict[int, deque[OutboxRow]] = {}
        self._heap: list[tuple[float, int, int]] = []  # (ready at, order, chat id)
        # Chats free to send now, oldest queued message first: a group waiting out its 3 s
        # spacing is not starved by a thousand private chats that became ready before it.
        self._ready: list[tuple[int, int, int]] = []  # (head row id, order, chat id)
        self._order = 0
        self._known: set[int] = set()
        self._last_id = 0
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._outcomes: list[Outcome] = []
        self._flush_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._migrations: dict[int, int] = {}
        self._stopping = False
        self._new_rows = True  # something was enqueued since the last load
        self._loaded_at = 0.0  # monotonic time of the last load (other processes' rows)

    # -- wiring -----------------------------------------------------------------------------

    def on_sent(self, kind: str, hook: SentHook) -> None:
        self.hooks.sent[kind] = hook

    def on_unreachable(self, hook: ChatHook) -> None:
        self.hooks.unreachable.append(hook)

    def on_migrated(self, hook: MigratedHook) -> None:
        self.hooks.migrated.append(hook)

    def on_topic_gone(self, hook: TopicHook) -> None:
        """``hook(chat_id, thread_id)`` when a send to a forum topic finds it closed or
        deleted (the message then goes to the group's general thread)."""
        self.hooks.topic_gone.append(hook)

    async def start(self) -> None:
        recovered = await self.repo.recover(self.clock.now(), retry_kinds=retry_kinds())
        if recovered.uncertain:
            log.warning(
                "%d sends were interrupted by a stop and are marked uncertain", recovered.uncertain
            )
        if recovered.resent:
            log.warning(
                "%d sends were interrupted by a stop and will be sent once more", recovered.resent
            )
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="coopbot-delivery")
        self._wake.set()

    async def stop(self) -> None:
        """Stop between two sends (never between a claim and its request), let the requests
        in flight finish, and write every outcome."""
        if self._task is not None:
            self._stopping = True
            self._wake.set()
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout=5)
            except TimeoutError:  # pragma: no cover - defensive: a stuck database
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self._flush()

    # -- API --------------------------------------------------------------------------------

    async def enqueue(self, items: list[OutboxItem]) -> int:
        """Queue messages; already queued (kind, ref, chat) are ignored. Returns how many new.

        Within one batch, groups' messages are queued before private ones (stable otherwise):
        the engine sends the oldest queued row first, and a group may take a message only every
        3 s, so its queue is the long one; served first at equal age, 15 reminders due at once in
        a group end 42 s later instead of waiting behind a thousand private chats' turns."""
        items = sorted(items, key=lambda item: item.chat_id >= 0)
        added = await self.repo.enqueue(items, self.clock.now())
        if added:
            self._idle.clear()
            self._new_rows = True
            self._wake.set()
        return added

    async def cancel(self, kind: str, ref: str) -> int:
        return await self.repo.cancel(kind, ref, self.clock.now())

    async def counts(self, kind: str, ref: str | None = None) -> dict[str, int]:
        """Messages per state for a kind (and ref, or ref prefix ending with '%')."""
        return await self.repo.counts(kind, ref)

    async def rows(self, kind: str, ref: str) -> list[dict[str, Any]]:
        """The messages of one (kind, ref), each with its state (a report's failures)."""
        return await self.repo.rows(kind, ref)

    async def forget(self, chat_id: int) -> None:
        """/forget: the messages queued or sent to a person."""
        await self.repo.forget(chat_id)

    async def forget_refs(self, kind: str, patterns: Sequence[str]) -> None:
        """/forget: the messages to others that name the person (refs as ``LIKE`` patterns)."""
        await self.repo.forget_refs(kind, patterns)

    # -- the services' other calls to the Bot API (plain data in and out) ------------------

    async def send_now(self, chat_id: int, payload: Mapping[str, Any]) -> SentMessage:
        """Send one payload at once, outside the outbox (no pacing, no retry): for the one
        copy whose answer a service needs before queueing the others. Raises
        :class:`SendFailed`."""
        try:
            return SentMessage.of(await send_payload(self.bot, chat_id, payload))
        except TelegramError as exc:
            raise SendFailed(str(exc)) from exc

    async def stop_poll(self, chat_id: int, message_id: int) -> bool:
        """stopPoll on a native poll sent earlier; False (logged) when Telegram refused."""
        try:
            await self.bot.stop_poll(chat_id, message_id)
        except TelegramError as exc:
            log.info("stopPoll in chat %s: %s", chat_id, exc)
            return False
        return True

    async def edit_or_resend(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        reply_markup: Mapping[str, Any] | None = None,
    ) -> SentMessage | None:
        """Edit an HTML message sent earlier. If it is gone (deleted by its reader), send the
        text anew and return the new message (to edit from now on); otherwise None. Telegram's
        refusals are logged, never raised: an edit is never worth a failure."""
        markup = (
            InlineKeyboardMarkup.de_json(dict(reply_markup), self.bot) if reply_markup else None
        )
        try:
            await self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, parse_mode="HTML", reply_markup=markup
            )
        except BadRequest as exc:
            if "not modified" in exc.message:
                return None
            if "not found" in exc.message.lower() or "can't be edited" in exc.message:
                try:
                    message = await self.bot.send_message(
                        chat_id, text, parse_mode="HTML", reply_markup=markup
                    )
                except TelegramError as again:
                    log.warning("cannot send message %s anew in %s: %s", message_id, chat_id, again)
                    return None
                return SentMessage.of(message)
            log.warning("cannot edit message %s in %s: %s", message_id, chat_id, exc)
        except TelegramError as exc:
            log.warning("cannot edit message %s in %s: %s", message_id, chat_id, exc)
        return None

    async def wait_idle(self) -> None:
        """Wait until everything queued so far has an outcome written (tests, CLI, bench)."""
        self._wake.set()
        await asyncio.sleep(0)
        await self._idle.wait()

    # -- engine -----------------------------------------------------------------------------

    async def _load(self) -> int:
        self._new_rows = False
        self._loaded_at = time.monotonic()
        rows = await self.repo.pending(after_id=self._last_id, limit=5000)
        if len(rows) == 5000:
            self._new_rows = True  # more to come
        for row in rows:
            self._last_id = max(self._last_id, row.id)
            if row.id in self._known:
                continue
            self._known.add(row.id)
            self._push(row)
        if rows:
            self._idle.clear()  # rows written by another process too
        return len(rows)

    def _should_load(self) -> bool:
        """New rows were enqueued here, or a second passed (rows from another process)."""
        return self._new_rows or time.monotonic() - self._loaded_at >= 1.0

    def _push(self, row: OutboxRow, *, front: bool = False) -> None:
        row.target = self._migrations.get(row.target, row.target)
        queue = self._queues.get(row.target)
        if queue is None:
            queue = self._queues[row.target] = deque()
            self._order += 1
            heapq.heappush(
                self._heap, (self._pacer.chat_ready(row.target), self._order, row.target)
            )
        if front:
            queue.appendleft(row)
        else:
            queue.append(row)

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self._step()
            except Exception:  # a database hiccup must not stop all sending
                log.exception("delivery: unexpected error, going on in a second")
                await asyncio.sleep(1)

    async def _step(self) -> None:
        """One turn of the engine: load, wait for the next slot, or claim and send one row."""
        if not self._heap and not self._ready:
            await self._load()
        if not self._heap and not self._ready:
            if not self._in_flight:
                await self._flush()
                if (
                    not self._heap
                    and not self._ready
                    and not self._in_flight
                    and not self._new_rows
                ):
                    self._idle.set()  # (not if rows were enqueued while flushing)
            self._wake.clear()
            if await self._load():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=0.02 if self._in_flight else 1.0)
            return
        now = time.monotonic()
        self._promote(now)
        next_ready = now if self._ready else self._heap[0][0]
        head = self._queues.get((self._ready or self._heap)[0][2])
        paid = head is not None and len(head) > 0 and self._paid(head[0])
        wait = max(next_ready, self._pacer.gate(paid=paid)) - now
        if wait > 0:
            if wait > 0.01 and self._outcomes:
                await self._flush()  # a pause: let SQLite (and the progress) catch up
                return
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=min(wait, 0.5))
            if self._should_load():
                await self._load()
            return
        _, order, chat_id = heapq.heappop(self._ready)
        if self._pacer.chat_ready(chat_id) > now:  # deferred meanwhile (retry_after, backoff)
            heapq.heappush(self._heap, (self._pacer.chat_ready(chat_id), order, chat_id))
            return
        queue = self._queues.get(chat_id)
        if not queue:
            self._queues.pop(chat_id, None)
            return
        row = queue.popleft()
        if queue:
            heapq.heappush(self._heap, (now + self._spacing(chat_id), order, chat_id))
        else:
            del self._queues[chat_id]
        await self._slots.acquire()
        outcomes, self._outcomes = self._outcomes, []
        try:
            claimed = await self.repo.claim(row.id, self.clock.now(), outcomes)
        except BaseException:
            self._outcomes[:0] = outcomes
            self._slots.release()
            self._push(row, front=True)
            raise
        if not claimed:
            self._slots.release()
            self._known.discard(row.id)
            return
        self._pacer.take(chat_id, now, paid=self._paid(row))
        task = asyncio.create_task(self._send(row))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    def _promote(self, now: float) -> None:
        """Move the chats whose spacing is over from the waiting heap to the ready one."""
        while self._heap and self._heap[0][0] <= now:
            ready_at, order, chat_id = heapq.heappop(self._heap)
            chat_ready = self._pacer.chat_ready(chat_id)
            if chat_ready > ready_at and chat_ready > now:  # deferred (retry_after, backoff)
                heapq.heappush(self._heap, (chat_ready, order, chat_id))
                continue
            queue = self._queues.get(chat_id)
            if not queue:
                self._queues.pop(chat_id, None)
                continue
            heapq.heappush(self._ready, (queue[0].id, order, chat_id))

    def _paid(self, row: OutboxRow) -> bool:
        """Sent as a paid broadcast: announcements only, when the setting is on."""
        return self.settings.paid_broadcast and row.kind == "broadcast"

    def _spacing(self, chat_id: int) -> float:
        return self._pacer.group if chat_id < 0 else self._pacer.private

    async def _send(self, row: OutboxRow) -> None:
        try:
            message = await self._call(row)
        except RetryAfter as exc:
            # Telegram says when to come back: not a failure of this message, so it does not
            # use up its attempts (a cap still stops a chat that answers 429 forever).
            waits = row.extra["retry_after"] = row.extra.get("retry_after", 0) + 1
            if waits > self.max_retry_after:
                await self._finish(row, "failed", error="retry_after")
            else:
                await self._retry_later(row, _retry_seconds(exc), "retry_after", count=False)
        except Forbidden as exc:
            await self._finish(row, "unreachable", error=f"forbidden: {exc.message}")
            for gone in self.hooks.unreachable:
                await _safely(gone(row.target))
        except ChatMigrated as exc:
            old, new = row.target, int(exc.new_chat_id)
            self._migrations[old] = new
            for waiting in self._queues.pop(old, ()):  # the rest follows without a failed try
                self._push(waiting)
            for moved in self.hooks.migrated:
                await _safely(moved(old, new))
            row.target = new
            await self._retry_later(row, 0, "migrated", count=False)
        except BadRequest as exc:
            thread = row.payload.get("message_thread_id")
            if thread is not None and topic_gone(exc.message):
                row.payload = {k: v for k, v in row.payload.items() if k != "message_thread_id"}
                for gone_topic in self.hooks.topic_gone:
                    await _safely(gone_topic(row.target, int(thread)))
                await self._retry_later(row, 0, "topic_gone", count=False)
            else:
                await self._finish(row, "failed", error=f"bad_request: {exc.message}")
        except NetworkError as exc:  # TimedOut too
            why = unanswered(exc)
            if why is not None:
                await self._no_answer(row, why)
            else:
                await self._retry_later(
                    row, self.retry_base * 2 ** (row.attempts - 1), f"network: {exc}"
                )
        except Exception as exc:
            log.exception("delivery of outbox row %s failed", row.id)
            await self._finish(row, "failed", error=f"error: {type(exc).__name__}")
        else:
            await self._finish(row, "sent", message=message)
            hook = self.hooks.sent.get(row.kind)
            if hook is not None:
                await _safely(hook(row, SentMessage.of(message)))
        finally:
            self._slots.release()
            self._wake.set()

    async def _no_answer(self, row: OutboxRow, why: str) -> None:
        """The send may or may not have been delivered: the kind's policy decides."""
        if (
            no_answer_policy(row.kind) is NoAnswer.RETRY_ONCE
            and row.unanswered == 0
            and row.attempts + 1 < self.settings.max_attempts
        ):
            row.unanswered += 1
            await self._retry_later(row, self.retry_base, why, unanswered=1)
        else:
            row.unanswered += 1
            await self._finish(row, "uncertain", error=why, unanswered=1)

    async def _retry_later(
        self,
        row: OutboxRow,
        delay: float,
        reason: str,
        *,
        count: bool = True,
        unanswered: int = 0,
    ) -> None:
        if count and row.attempts + 1 >= self.settings.max_attempts:
            await self._finish(row, "failed", error=reason)
            return
        row.attempts += 1 if count else 0
        # Back to 'pending', so that a restart meanwhile sends it; the engine keeps it in memory.
        # (The unanswered count is written now: a restart must not retry a second time.)
        await self.repo.record(
            [Outcome(row.id, "pending", self.clock.now(), error=reason, unanswered=unanswered)]
        )
        self._pacer.defer(row.target, time.monotonic() + delay)
        self._push(row, front=True)
        self._wake.set()

    async def _finish(
        self,
        row: OutboxRow,
        state: str,
        *,
        message: Message | None = None,
        error: str | None = None,
        unanswered: int = 0,
    ) -> None:
        self._known.discard(row.id)
        self._outcomes.append(
            Outcome(
                row.id,
                state,
                self.clock.now(),
                sent_to=row.target,
                message_id=message.message_id if message else None,
                error=error,
                unanswered=unanswered,
            )
        )
        if len(self._outcomes) >= 50:
            await self._flush()
        else:
            self._wake.set()

    async def _flush(self) -> None:
        async with self._flush_lock:
            batch, self._outcomes = self._outcomes, []
            try:
                await self.repo.record(batch)
            except BaseException:
                self._outcomes[:0] = batch
                raise

    async def _call(self, row: OutboxRow) -> Message:
        params = dict(row.payload)
        if self._paid(row):
            params["allow_paid_broadcast"] = True
        return await send_payload(self.bot, row.target, params)


def _seconds(value: Any) -> float:
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def _retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, without PTB 22's deprecation warning about its type."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return _seconds(exc.retry_after)


async def _safely(awaitable: Awaitable[None]) -> None:
    try:
        await awaitable
    except Exception:
        log.exception("a delivery hook failed")
