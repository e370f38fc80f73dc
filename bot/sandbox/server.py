"""A local Telegram Bot API server for tests and the terminal demo.

:class:`Sandbox` serves the Bot API over HTTP (aiohttp) so that an unmodified
python-telegram-bot ``Bot``/``Application`` talks to it exactly as to
``https://api.telegram.org``: requests arrive at ``/bot<token>/<method>`` in any of
Telegram's encodings and files are downloaded from ``/file/bot<token>/<file_path>``.
Answers use Telegram's JSON envelope (``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ..., "parameters": ...}``), a wrong token
gets ``401 Unauthorized`` and an unknown method ``404 Not Found``.

The same object is the *test API*: Python methods (and JSON routes under ``/_sandbox/``
for a bot running in another process) that play the users (send messages, press buttons,
vote, join groups...), inject faults, and observe what the bot did. See ``README.md``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from . import methods as api_methods
from .errors import ApiError, SandboxError, WaitTimeout, not_found, unauthorized
from .faults import Fault, FaultPlan, InjectedFault
from .flood import FloodControl, FloodLimits
from .markup import format_text
from .methods import BotApi, find_method, scope_key
from .params import MAX_UPLOAD_BYTES, Params, UploadedFile
from .state import (
    ACTIVE_STATUSES,
    CHANNEL_BOT,
    GROUP_ANONYMOUS_BOT,
    JSON,
    Chat,
    Clock,
    PollState,
    SandboxEvent,
    StoredMessage,
    Topic,
    User,
    World,
)
from .webhook import WebhookDeliverer

logger = logging.getLogger(__name__)

MessageRef = Mapping[str, Any] | tuple[int, int]
"""A message for the test API: a message dict (``chat.id`` + ``message_id``) or a
``(chat_id, message_id)`` pair."""


@dataclass
class ApiCall:
    """One Bot API request as logged by :meth:`Sandbox.calls`."""

    number: int
    method: str
    params: JSON
    status: int | None = None  # None while the call is in progress
    ok: bool = False
    result: Any = None
    error: str | None = None
    parameters: JSON | None = None
    fault: str | None = None
    started: float = field(default=0.0, repr=False)
    duration: float | None = None
    applied_at: float | None = field(default=None, repr=False)  # monotonic, when it took effect

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None

    @property
    def applied(self) -> bool:
        """The call took effect (a message sent is stored and shown to its recipient): it
        was answered ``ok``, or its answer was lost (``result`` then holds what the bot
        would have received)."""
        return self.applied_at is not None

    @property
    def answer_lost(self) -> bool:
        return self.applied and not self.ok and self.status is not None

    def to_json(self) -> JSON:
        data = asdict(self)
        data.pop("started")
        data["applied"] = data.pop("applied_at") is not None
        return data


class _DropConnection(Exception):
    """A lost answer by dropped connection: close it without answering."""


class Sandbox:
    """The Bot API emulator. Use ``async with Sandbox() as sb:`` or ``start()``/``stop()``."""

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        flood_limits: FloodLimits | None = None,
        clock: Clock | None = None,
        bot_username: str = "coopbot_test_bot",
        bot_name: str = "CoopBot",
    ) -> None:
        bot_id_text = token.split(":", 1)[0]
        if not bot_id_text.isdigit() or ":" not in token:
            raise ValueError("a bot token looks like '<bot id>:<secret>'")
        self.token = token
        bot = User(id=int(bot_id_text), first_name=bot_name, username=bot_username, is_bot=True)
        self.world = World(bot, clock)
        self.flood = FloodControl(flood_limits) if flood_limits is not None else None
        self.api = BotApi(self.world, self.flood)
        # Updates POSTed to the bot's webhook after setWebhook (bot/sandbox/webhook.py).
        self.webhook = WebhookDeliverer(self.world)
        self.api.webhook = self.webhook
        self.faults = FaultPlan()
        self.internal_errors: list[BaseException] = []
        self._calls: list[ApiCall] = []
        self._cursors: dict[int, int] = {}
        self._subscribers: list[asyncio.Queue[SandboxEvent]] = []
        self._signal = asyncio.Event()
        self._closed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        self.world.listeners.append(self._wake)
        self.world.event_listeners.append(self._dispatch_event)

    # ===================================================================================
    # Server lifecycle
    # ===================================================================================
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> Sandbox:
        if self._runner is not None:
            raise RuntimeError("sandbox already started")
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_get("/_sandbox/files/{file_id}", self._handle_test_file)
        app.router.add_route("*", "/_sandbox/{action}", self._handle_test_api)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._port = int(runner.addresses[0][1])
        self._host = host
        self._runner = runner
        self._closed.clear()
        self.api.closing = False
        await self.webhook.start()
        logger.info("Telegram sandbox listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        self.api.close()
        self._closed.set()
        await self.webhook.stop()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        await self.stop()
        if exc_type is None and self.internal_errors:
            raise SandboxError(
                f"the sandbox hit {len(self.internal_errors)} internal error(s); first: "
                f"{self.internal_errors[0]!r}"
            ) from self.internal_errors[0]

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("sandbox not started")
        return f"http://{self._host}:{self._port}"

    @property
    def api_base_url(self) -> str:
        """For ``Bot(base_url=...)``: PTB appends the token."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """For ``Bot(base_file_url=...)``: PTB appends the token."""
        return f"{self.base_url}/file/bot"

    @property
    def bot_user(self) -> JSON:
        return self.world.bot.to_api()

    @property
    def bot_username(self) -> str:
        return self.world.bot.username or ""

    @property
    def privacy_mode(self) -> bool:
        """When on, the bot only gets group messages that are commands, replies to it or
        mention it (Telegram's default for bots that are not group admins)."""
        return self.world.privacy_mode

    @privacy_mode.setter
    def privacy_mode(self, value: bool) -> None:
        self.world.privacy_mode = value

    # ===================================================================================
    # HTTP: the Bot API
    # ===================================================================================
    @staticmethod
    def _error_response(error: ApiError) -> web.Response:
        return web.json_response(error.to_json(), status=error.error_code)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._error_response(unauthorized())
        method_name = request.match_info["method"]
        try:
            params = await Params.from_request(request)
        except ApiError as error:
            return self._error_response(error)
        spec = find_method(method_name)
        call = ApiCall(
            number=len(self._calls) + 1,
            method=spec.name if spec else method_name,
            params=params.snapshot(),
            started=time.monotonic(),
        )
        self._calls.append(call)
        self._wake()
        try:
            if spec is None:
                raise not_found()
            result = await self._run(spec, params, call)
        except ApiError as error:
            self._finish(call, params, error=error)
            return self._error_response(error)
        except _DropConnection:
            self._finish(call, params, error=ApiError(499, "connection dropped, answer lost"))
            if request.transport is not None:
                request.transport.abort()  # the client sees the server disconnect, no answer
            return web.Response(status=499)  # never written
        except asyncio.CancelledError:
            self._finish(call, params, error=ApiError(499, "client closed the connection"))
            raise
        except Exception as exc:  # a bug of the emulator: make it loud
            logger.exception("sandbox: %s failed", call.method)
            self.internal_errors.append(exc)
            bug = ApiError(500, f"Internal Server Error: sandbox bug: {exc!r}")
            self._finish(call, params, error=bug)
            return self._error_response(bug)
        self._finish(call, params, result=result)
        return web.json_response({"ok": True, "result": result})

    async def _run(self, spec: api_methods.MethodSpec, params: Params, call: ApiCall) -> Any:
        self.world.expire_polls()
        injected = self.faults.take(spec.name, self._call_chat_id(params))
        if injected is not None:
            fault = injected.fault
            call.fault = fault.describe()
            if fault.kind == "error":
                assert fault.api_error is not None
                raise fault.api_error
            if fault.kind == "delay":
                await self._sleep(fault.seconds)
            elif fault.loses_answer:
                try:
                    call.result = await spec.handler(self.api, params)
                except ApiError:  # failed anyway: Telegram's error reaches the bot
                    call.fault = None
                    injected.refund()
                    raise
                call.applied_at = time.monotonic()
                if fault.drop:
                    raise _DropConnection
                await self._sleep(fault.seconds)  # until the client gives up
                raise ApiError(504, "Gateway Timeout")
            elif fault.kind == "timeout":
                await self._sleep(fault.seconds)
                raise ApiError(504, "Gateway Timeout")
        result = await spec.handler(self.api, params)
        call.applied_at = time.monotonic()
        return result

    def _call_chat_id(self, params: Params) -> int | None:
        value = params.raw("chat_id")
        if value is None:
            return None
        try:
            ref = params.chat_id()
            assert ref is not None
            return self.world.find_chat(ref).id
        except ApiError:
            return value if isinstance(value, int) else None

    def _finish(
        self, call: ApiCall, params: Params, *, result: Any = None, error: ApiError | None = None
    ) -> None:
        call.params = params.snapshot()
        call.duration = time.monotonic() - call.started
        if error is None:
            call.status, call.ok, call.result = 200, True, result
        else:
            call.status, call.ok = error.error_code, False
            call.error, call.parameters = error.description, error.parameters
        self._wake()

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up when the sandbox stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closed.wait(), seconds)

    async def _handle_unknown_path(self, request: web.Request) -> web.StreamResponse:
        return self._error_response(not_found())

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._error_response(unauthorized())
        stored = self.world.files_by_path.get(request.match_info["path"])
        if stored is None or stored.data is None:
            return self._error_response(not_found())
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # ===================================================================================
    # Events, waiting and subscriptions
    # ===================================================================================
    def _wake(self) -> None:
        self._signal.set()
        self._signal = asyncio.Event()

    def _dispatch_event(self, event: SandboxEvent) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(event)

    def subscribe(self) -> asyncio.Queue[SandboxEvent]:
        """A queue receiving every :class:`SandboxEvent` from now on (bot messages sent,
        edited, deleted; callback answers; chat actions)."""
        queue: asyncio.Queue[SandboxEvent] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[SandboxEvent]) -> None:
        if queue in self._subscribers:
            self._subscribers.remove(queue)

    def mark(self) -> int:
        """The current position in the event log: pass it as ``after=`` to wait only for
        what the bot does from now on."""
        return self.world.seq

    def events(self, *, after: int = 0, kinds: Iterable[str] | None = None) -> list[SandboxEvent]:
        wanted = set(kinds) if kinds is not None else None
        return [
            e for e in self.world.events if e.seq > after and (wanted is None or e.kind in wanted)
        ]

    async def _wait(
        self,
        check: Callable[[], Any],
        timeout: float,  # noqa: ASYNC109
        describe: Callable[[], str],
    ) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = check()
            if found is not None:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise WaitTimeout(describe())
            signal = self._signal
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(signal.wait(), remaining)

    def _start_position(self, chat_id: int, after: int | None) -> int:
        if after is not None:
            return after
        return self._cursors.get(chat_id, 0)

    def _advance(self, chat_id: int, seq: int) -> None:
        self._cursors[chat_id] = max(self._cursors.get(chat_id, 0), seq)

    def _touch(self, *chat_ids: int) -> None:
        """A user acted: waits in these chats now look at what follows."""
        for chat_id in chat_ids:
            self._advance(chat_id, self.world.seq)

    async def wait_for_message(
        self,
        chat_id: int,
        *,
        predicate: Callable[[JSON], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        after: int | None = None,
        include_edits: bool = False,
    ) -> JSON:
        """The next bot message in ``chat_id`` (matching ``predicate``).

        Without ``after``, the chat is read in order: the search starts after the latest
        user action in that chat (``send_text``, ``press_button``...) or after the message
        the previous wait returned, whichever is later. ``after=sb.mark()`` overrides it.
        With ``include_edits``, edits of bot messages count too. Returns a snapshot of the
        message; raises :class:`WaitTimeout` (with a summary of what the bot did)."""
        (message,) = await self.wait_for_messages(
            chat_id,
            1,
            predicate=predicate,
            timeout=timeout,
            after=after,
            include_edits=include_edits,
        )
        return message

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        *,
        predicate: Callable[[JSON], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        after: int | None = None,
        include_edits: bool = False,
    ) -> list[JSON]:
        """The next ``count`` bot messages in ``chat_id``; see :meth:`wait_for_message`."""
        start = self._start_position(chat_id, after)
        kinds = {"message", "edited"} if include_edits else {"message"}

        def check() -> list[SandboxEvent] | None:
            found = [
                e
                for e in self.world.events
                if e.seq > start
                and e.kind in kinds
                and e.chat_id == chat_id
                and e.message is not None
                and (predicate is None or predicate(e.message))
            ]
            return found[:count] if len(found) >= count else None

        def describe() -> str:
            return (
                f"expected {count} bot message(s) in chat {chat_id} after event #{start} within "
                f"{timeout:g}s\n{self.describe_activity(chat_id, after=start)}"
            )

        events: list[SandboxEvent] = await self._wait(check, timeout, describe)
        self._advance(chat_id, events[-1].seq)
        return [copy.deepcopy(e.message) for e in events if e.message is not None]

    async def expect_no_message(
        self, chat_id: int, *, within: float = 0.3, after: int | None = None
    ) -> None:
        """Fail if the bot posts in ``chat_id`` within ``within`` seconds."""
        start = self._start_position(chat_id, after)
        try:
            message = await self.wait_for_message(chat_id, timeout=within, after=start)
        except WaitTimeout:
            return
        raise AssertionError(f"unexpected bot message in chat {chat_id}: {message}")

    async def wait_for_callback_answer(
        self,
        callback_query_id: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        """The bot's ``answerCallbackQuery`` for a pressed button."""

        def check() -> JSON | None:
            return self.world.callback_answers.get(callback_query_id)

        def describe() -> str:
            return (
                f"callback query {callback_query_id} not answered within {timeout:g}s\n"
                f"{self.describe_activity(None, after=0)}"
            )

        answer: JSON = await self._wait(check, timeout, describe)
        return dict(answer)

    async def wait_for_call(
        self,
        method: str,
        *,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        after_call: int = 0,
        finished: bool = True,
    ) -> ApiCall:
        """The first call of ``method`` numbered above ``after_call`` (``len(sb.calls())``
        taken earlier); with ``finished=False`` a call still in progress (a long poll...)
        counts as soon as it arrived."""

        def check() -> ApiCall | None:
            for call in self.calls(method):
                if (
                    call.number > after_call
                    and (call.status is not None or not finished)
                    and (predicate is None or predicate(call))
                ):
                    return call
            return None

        def describe() -> str:
            return f"no {method} call within {timeout:g}s\n{self.describe_activity(None)}"

        found: ApiCall = await self._wait(check, timeout, describe)
        return found

    def route_webhook(self, public_prefix: str, local_prefix: str) -> None:
        """Deliver webhook POSTs for URLs under ``public_prefix`` (what the bot registers,
        ``https://bot.example.org``) to ``local_prefix`` (where it listens,
        ``http://127.0.0.1:8443``): the reverse proxy in front of a real bot."""
        self.webhook.route(public_prefix, local_prefix)

    async def wait_until_delivered(self, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has fetched and confirmed every pending update."""

        def check() -> bool | None:
            return True if not self.world.updates else None

        def describe() -> str:
            return f"{len(self.world.updates)} update(s) still pending after {timeout:g}s"

        await self._wait(check, timeout, describe)

    def describe_activity(self, chat_id: int | None, *, after: int = 0, limit: int = 10) -> str:
        """A readable summary of recent bot activity (used in timeout errors)."""
        lines = []
        messages = [
            e
            for e in self.world.events
            if e.kind in ("message", "edited") and (chat_id is None or e.chat_id == chat_id)
        ][-limit:]
        lines.append("recent bot messages" + (f" in chat {chat_id}:" if chat_id else ":"))
        for event in messages:
            message = event.message or {}
            body = (
                message.get("text")
                or message.get("caption")
                or (f"<poll {message['poll']['question']!r}>" if "poll" in message else "<media>")
            )
            flag = "" if event.seq > after else " (before the wait position)"
            lines.append(f"  #{event.seq} {event.kind} chat={event.chat_id}: {body!r}{flag}")
        if not messages:
            lines.append("  (none)")
        failed = [c for c in self._calls if c.status not in (200, None)][-limit:]
        if failed:
            lines.append("failed API calls:")
            lines.extend(f"  {c.method} {c.params} -> {c.status} {c.error}" for c in failed)
        if self.world.updates:
            lines.append(f"{len(self.world.updates)} update(s) not yet confirmed by the bot")
        if self.internal_errors:
            lines.append(f"sandbox internal errors: {self.internal_errors!r}")
        return "\n".join(lines)

    # ===================================================================================
    # Observing the bot
    # ===================================================================================
    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every Bot API call so far (optionally of one method), oldest first."""
        if method is None:
            return list(self._calls)
        wanted = method.lower()
        return [c for c in self._calls if c.method.lower() == wanted]

    def sent_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[JSON]:
        """The bot's messages (current state, after edits), oldest first."""
        return [
            m.snapshot() for m in self.world.bot_messages(chat_id, include_deleted=include_deleted)
        ]

    def last_message(self, chat_id: int) -> JSON | None:
        messages = self.sent_messages(chat_id)
        return messages[-1] if messages else None

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """Any message (bot's or user's) in its current state, ``None`` if absent/deleted."""
        stored = self.world.get_message(chat_id, message_id)
        return stored.snapshot() if stored else None

    @property
    def callback_answers(self) -> dict[str, JSON]:
        return copy.deepcopy(self.world.callback_answers)

    def commands(
        self, scope: str | Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[JSON]:
        """The commands set with ``setMyCommands`` for that exact scope and language.

        ``scope`` is a BotCommandScope dict or just its type (``"all_private_chats"``)."""
        key = (
            scope_key(self.world, dict(scope) if isinstance(scope, Mapping) else scope),
            language_code,
        )
        return copy.deepcopy(self.world.commands.get(key, []))

    def file_bytes(self, file_id: str) -> bytes:
        stored = self.world.files.get(file_id)
        if stored is None:
            raise SandboxError(f"unknown file_id {file_id!r}")
        if stored.data is None:
            raise SandboxError(f"file {file_id!r} was sent by URL ({stored.url}); no bytes")
        return stored.data

    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by the bot."""
        return copy.deepcopy(self.world.updates)

    def poll(self, poll_id: str) -> JSON:
        return copy.deepcopy(self._poll_state(poll_id).data)

    @property
    def flood_rejections(self) -> int:
        """How many sends were refused with 429 by the flood limits."""
        return self.flood.rejections if self.flood else 0

    # ===================================================================================
    # Faults
    # ===================================================================================
    def inject_fault(
        self,
        method: str | None,
        fault: Fault,
        *,
        times: int | None = 1,
        chat_id: int | None = None,
        probability: float = 1.0,
        seed: int | None = None,
    ) -> InjectedFault:
        """Make the next ``times`` calls of ``method`` (``None``: any method; ``times=None``:
        all of them until :meth:`clear_faults`) fail with ``fault``, optionally only calls
        aimed at ``chat_id``, each with ``probability`` (drawn from ``random.Random(seed)``).
        The returned handle counts its ``hits``."""
        if method is not None and find_method(method) is None:
            raise SandboxError(f"unknown Bot API method {method!r}")
        return self.faults.add(
            method, fault, times=times, chat_id=chat_id, probability=probability, seed=seed
        )

    def lose_answers(
        self,
        probability: float,
        *,
        method: str | None = "sendMessage",
        dropped: float = 0.5,
        seed: int | None = None,
    ) -> tuple[InjectedFault, InjectedFault]:
        """Uncertain deliveries: each call of ``method`` takes effect but its answer is lost
        with ``probability``, a share ``dropped`` of them by closing the connection, the
        others by withholding the answer until the client times out. Until
        :meth:`clear_faults`; returns the (withheld, dropped) handles, whose ``hits`` add up
        to the answers lost."""
        if not 0.0 <= probability <= 1.0 or not 0.0 <= dropped <= 1.0:
            raise ValueError("probability and dropped are between 0 and 1")
        drop = probability * dropped
        # The withheld fault is tried first; the dropped one only sees the calls it let pass.
        rest = drop / (1.0 - (probability - drop)) if drop else 0.0
        withheld = self.inject_fault(
            method, Fault.lost_answer(), times=None, probability=probability - drop, seed=seed
        )
        cut = self.inject_fault(
            method,
            Fault.lost_answer(drop=True),
            times=None,
            probability=min(1.0, rest),
            seed=None if seed is None else seed + 1,
        )
        return withheld, cut

    def clear_faults(self) -> None:
        self.faults.clear()

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: ``my_chat_member`` (``kicked``), then every send to them
        fails with 403 ``bot was blocked by the user`` until they unblock it."""
        user = self.world.user(user_id)
        if not user.blocked_bot:
            user.blocked_bot = True
            self._private_bot_status(user, "member", "kicked")

    def unblock_bot(self, user_id: int) -> None:
        """The user unblocks the bot (writing to it does that too)."""
        user = self.world.user(user_id)
        if user.blocked_bot:
            user.blocked_bot = False
            self._private_bot_status(user, "kicked", "member")

    def _private_bot_status(self, user: User, old: str, new: str) -> None:
        def member(status: str) -> JSON:
            data: JSON = {"status": status, "user": self.bot_user}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self.world.push_update(
            "my_chat_member",
            {
                "chat": self.world.chat(user.id).to_api(),
                "from": user.to_api(),
                "date": self.world.now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    # ===================================================================================
    # Setting up the world
    # ===================================================================================
    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = "fr",
        last_name: str | None = None,
        is_bot: bool = False,
        started: bool = True,
    ) -> JSON:
        """A Telegram user (and their private chat with the bot, ``chat_id == user_id``).

        ``started=False``: the user never wrote to the bot, so the bot cannot message them
        (403 ``bot can't initiate conversation with a user``) until they do."""
        user = self.world.add_user(
            user_id,
            first_name,
            username=username,
            language_code=language_code,
            last_name=last_name,
            is_bot=is_bot,
            started=started,
        )
        return user.to_api()

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        supergroup: bool = False,
        members: Iterable[int] = (),
        admins: Iterable[int] = (),
        creator: int | None = None,
        username: str | None = None,
        bot_member: bool = True,
        bot_admin: bool = False,
        forum: bool = False,
    ) -> JSON:
        """A group (negative id) or supergroup (``-100...`` id) with these users.

        The bot is already a member (or admin) unless ``bot_member=False``; use
        :meth:`add_bot_to_group` to play the "user adds the bot" flow with its updates.
        ``forum=True`` (a supergroup): topics, made with :meth:`create_topic`."""
        status = "administrator" if bot_admin else "member" if bot_member else "left"
        chat = self.world.add_group(
            chat_id,
            title,
            supergroup=supergroup,
            username=username,
            members=members,
            admins=admins,
            creator=creator,
            bot_status=status,
            forum=forum,
        )
        return chat.to_api()

    # -- forum topics ---------------------------------------------------------------------

    def _forum(self, chat_id: int) -> Chat:
        chat = self.world.chat(chat_id)
        if not chat.is_forum:
            raise SandboxError(f"chat {chat_id} has no topics (add_group(..., forum=True))")
        return chat

    def _topic_service(self, chat: Chat, thread_id: int, by_user_id: int, body: JSON) -> JSON:
        content = {
            **self._author(by_user_id, chat, None),
            "message_thread_id": thread_id,
            "is_topic_message": True,
            **body,
        }
        stored = self.world.store_message(chat, content, from_bot=False)
        if self._bot_sees(chat, stored.data):
            self.world.push_update("message", copy.deepcopy(stored.data))
        self._touch(chat.id, by_user_id)
        return copy.deepcopy(stored.data)

    def create_topic(
        self, chat_id: int, name: str, *, by_user_id: int, icon_color: int = 7322096
    ) -> int:
        """A member opens a topic: a ``forum_topic_created`` service message, whose id is the
        topic's ``message_thread_id`` (returned)."""
        chat = self._forum(chat_id)
        thread_id = chat.next_message_id
        chat.topics[thread_id] = Topic(thread_id, name)
        body = {"forum_topic_created": {"name": name, "icon_color": icon_color}}
        self._topic_service(chat, thread_id, by_user_id, body)
        return thread_id

    def close_topic(self, chat_id: int, thread_id: int, *, by_user_id: int) -> JSON:
        """``forum_topic_closed``: only admins (and the bot if it is one) may post there."""
        chat = self._forum(chat_id)
        chat.topics[thread_id].closed = True
        return self._topic_service(chat, thread_id, by_user_id, {"forum_topic_closed": {}})

    def reopen_topic(self, chat_id: int, thread_id: int, *, by_user_id: int) -> JSON:
        chat = self._forum(chat_id)
        chat.topics[thread_id].closed = False
        return self._topic_service(chat, thread_id, by_user_id, {"forum_topic_reopened": {}})

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """The topic and its messages are gone (Telegram sends no update for it)."""
        chat = self._forum(chat_id)
        chat.topics[thread_id].deleted = True
        for (stored_chat, _), stored in self.world.messages.items():
            if stored_chat == chat_id and stored.data.get("message_thread_id") == thread_id:
                stored.deleted = True

    def add_channel(
        self, chat_id: int, title: str, *, username: str | None = None, bot_admin: bool = True
    ) -> JSON:
        chat = self.world.add_group(
            chat_id,
            title,
            channel=True,
            username=username,
            bot_status="administrator" if bot_admin else "left",
        )
        return chat.to_api()

    def _group(self, chat_id: int) -> Chat:
        chat = self.world.chat(chat_id)
        if not chat.is_group:
            raise SandboxError(f"chat {chat_id} is not a group")
        if chat.migrated_to is not None:
            raise SandboxError(f"group {chat_id} was migrated to {chat.migrated_to}")
        return chat

    def _service_message(self, chat: Chat, user_id: int, content: JSON) -> JSON:
        user = self.world.user(user_id)
        stored = self.world.store_message(chat, {"from": user.to_api(), **content}, from_bot=False)
        self.world.push_update("message", copy.deepcopy(stored.data))
        self._touch(chat.id)
        return copy.deepcopy(stored.data)

    def add_bot_to_group(self, chat_id: int, by_user_id: int, *, admin: bool = False) -> JSON:
        """A user adds the bot: ``my_chat_member`` then a ``new_chat_members`` message."""
        chat = self._group(chat_id)
        if chat.bot_status in ("member", "administrator"):
            raise SandboxError(f"the bot is already in {chat_id}")
        if self.world.member_status(chat, by_user_id) not in ("creator", "administrator", "member"):
            raise SandboxError(f"user {by_user_id} is not a member of {chat_id}")
        self.world.set_member_status(
            chat, self.world.bot.id, "administrator" if admin else "member", by_user_id=by_user_id
        )
        bot = self.bot_user
        return self._service_message(
            chat,
            by_user_id,
            {"new_chat_participant": bot, "new_chat_member": bot, "new_chat_members": [bot]},
        )

    def remove_bot_from_group(self, chat_id: int, by_user_id: int) -> None:
        """An admin removes the bot: ``my_chat_member`` (status ``kicked``); later sends
        fail with 403 ``bot was kicked from the group chat``."""
        chat = self._group(chat_id)
        self.world.set_member_status(chat, self.world.bot.id, "kicked", by_user_id=by_user_id)

    def set_member_status(
        self, chat_id: int, user_id: int, status: str, *, by_user_id: int | None = None
    ) -> None:
        """Change anybody's status (the bot's too): ``creator``, ``administrator``,
        ``member``, ``restricted``, ``left``, ``kicked``. Queues ``my_chat_member`` (bot) or
        ``chat_member`` (others; only delivered when the bot is admin and asked for them)."""
        chat = self.world.chat(chat_id)
        self.world.set_member_status(chat, user_id, status, by_user_id=by_user_id)

    def user_joins(self, chat_id: int, user_id: int) -> JSON:
        """A user joins a group: ``new_chat_members`` message (+ ``chat_member``)."""
        chat = self._group(chat_id)
        user = self.world.user(user_id)
        if self.world.member_status(chat, user_id) in ACTIVE_STATUSES:
            raise SandboxError(f"user {user_id} is already a member of {chat_id}")
        self.world.set_member_status(chat, user_id, "member")
        info = user.to_api()
        return self._service_message(
            chat,
            user_id,
            {"new_chat_participant": info, "new_chat_member": info, "new_chat_members": [info]},
        )

    def user_leaves(self, chat_id: int, user_id: int) -> JSON:
        """A user leaves a group: ``left_chat_member`` message (+ ``chat_member``)."""
        chat = self._group(chat_id)
        user = self.world.user(user_id)
        if self.world.member_status(chat, user_id) not in ACTIVE_STATUSES:
            raise SandboxError(f"user {user_id} is not a member of {chat_id}")
        self.world.set_member_status(chat, user_id, "left")
        info = user.to_api()
        return self._service_message(
            chat, user_id, {"left_chat_participant": info, "left_chat_member": info}
        )

    def migrate_group(self, chat_id: int, *, by_user_id: int | None = None) -> int:
        """Upgrade a basic group to a supergroup; returns the new ``-100...`` id.

        Queues the ``migrate_to_chat_id`` service message (old chat) and the
        ``migrate_from_chat_id`` one (new chat); sends to the old id then fail with
        ``400 ... upgraded to a supergroup chat`` and ``parameters.migrate_to_chat_id``."""
        chat = self._group(chat_id)
        if chat.type != "group":
            raise SandboxError(f"{chat_id} is already a supergroup")
        new_id = int(f"-100{abs(chat_id):010d}")
        while new_id in self.world.chats:
            new_id -= 1
        actor = by_user_id
        if actor is None:
            actor = next(
                (uid for uid, status in chat.members.items() if status == "creator"),
                next(iter(chat.members), None),
            )
        if actor is None:
            raise SandboxError("migrating a group needs a member to do it")
        new_chat = Chat(
            id=new_id,
            type="supergroup",
            title=chat.title,
            members=dict(chat.members),
            bot_status=chat.bot_status,
        )
        self.world.chats[new_id] = new_chat
        self._service_message(chat, actor, {"migrate_to_chat_id": new_id})
        chat.migrated_to = new_id
        self._service_message(new_chat, actor, {"migrate_from_chat_id": chat_id})
        return new_id

    # ===================================================================================
    # Users acting
    # ===================================================================================
    def _author(self, user_id: int, chat: Chat, sender_chat_id: int | None) -> JSON:
        """``from`` (+ ``sender_chat``) of a message a user sends into ``chat``."""
        user = self.world.user(user_id)
        if chat.migrated_to is not None:
            raise SandboxError(f"chat {chat.id} was migrated to {chat.migrated_to}")
        if chat.type == "private":
            if chat.id != user_id:
                raise SandboxError(f"user {user_id} cannot write in {chat.id}'s private chat")
        elif chat.type == "channel":
            raise SandboxError("use send_channel_post() for channels")
        elif self.world.member_status(chat, user_id) not in ("creator", "administrator", "member"):
            raise SandboxError(
                f"user {user_id} is not a member of {chat.id}: pass members=[...] to add_group "
                f"or call user_joins()"
            )
        if sender_chat_id is None:
            return {"from": user.to_api()}
        sender = self.world.chat(sender_chat_id)
        if sender_chat_id == chat.id:
            if self.world.member_status(chat, user_id) not in ("creator", "administrator"):
                raise SandboxError("only admins can write anonymously on behalf of the group")
            return {"from": dict(GROUP_ANONYMOUS_BOT), "sender_chat": chat.to_api()}
        if sender.type != "channel":
            raise SandboxError("sender_chat_id must be the group itself or a channel")
        return {"from": dict(CHANNEL_BOT), "sender_chat": sender.to_api()}

    def _deliver_user_message(
        self,
        user_id: int,
        chat_id: int | None,
        content: JSON,
        *,
        reply_to_message_id: int | None = None,
        sender_chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> JSON:
        world = self.world
        user = world.user(user_id)
        chat = world.chat(chat_id if chat_id is not None else user_id)
        body = self._author(user_id, chat, sender_chat_id)
        if thread_id is not None:
            topic = self._forum(chat.id).topics.get(thread_id)
            if topic is None or topic.deleted:
                raise SandboxError(f"no topic {thread_id} in chat {chat.id}")
            if topic.closed and world.member_status(chat, user_id) not in (
                "administrator",
                "creator",
            ):
                raise SandboxError(f"topic {thread_id} is closed to members")
            # as on Telegram: in a topic, a message that replies to nothing else replies to
            # the topic's creation message
            body["message_thread_id"] = thread_id
            body["is_topic_message"] = True
            if reply_to_message_id is None:
                reply_to_message_id = thread_id
        if reply_to_message_id is not None:
            reply = world.reply_payload(chat, reply_to_message_id)
            if reply is None:
                raise SandboxError(f"no message {reply_to_message_id} in chat {chat.id}")
            body["reply_to_message"] = reply
        body.update(content)
        if chat.type == "private":
            if user.blocked_bot:  # writing to a bot you blocked unblocks it
                self.unblock_bot(user_id)
            user.started = True
        stored = world.store_message(chat, body, from_bot=False)
        if self._bot_sees(chat, stored.data):
            world.push_update("message", copy.deepcopy(stored.data))
        self._touch(chat.id, user_id)
        return copy.deepcopy(stored.data)

    def _bot_sees(self, chat: Chat, message: JSON) -> bool:
        """Whether the bot receives a message (bot membership and privacy mode)."""
        if chat.type == "private":
            return True
        if chat.bot_status not in ("creator", "administrator", "member", "restricted"):
            return False
        if not self.world.privacy_mode or self.world.bot_is_admin(chat):
            return True
        reply = message.get("reply_to_message")
        if reply and reply.get("from", {}).get("id") == self.world.bot.id:
            return True
        text = message.get("text") or message.get("caption") or ""
        for entity in message.get("entities", []) + message.get("caption_entities", []):
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                command = text[: entity["length"]]
                target = command.partition("@")[2]
                if not target or target.lower() == self.bot_username.lower():
                    return True
            if (
                entity["type"] == "mention"
                and text[entity["offset"] : entity["offset"] + entity["length"]].lower()
                == f"@{self.bot_username.lower()}"
            ):
                return True
        return False

    @staticmethod
    def _text_body(text: str, entities: list[JSON] | None, field: str = "text") -> JSON:
        plain, found = format_text(text, None, entities)
        if not plain:
            raise SandboxError("Telegram does not deliver empty messages")
        body: JSON = {field: plain}
        if found:
            body["entities" if field == "text" else "caption_entities"] = found
        return body

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
        entities: list[JSON] | None = None,
        sender_chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> JSON:
        """A user sends a text message (in private by default, or in ``chat_id``; in the
        forum topic ``thread_id`` of a supergroup with topics).

        Entities are detected like Telegram does (``/command``, ``/cmd@bot``, ``@mention``,
        links...) unless ``entities`` is given. ``sender_chat_id`` = the group's id sends
        as an anonymous admin (``from`` = GroupAnonymousBot); a channel id sends on behalf
        of that channel. Returns the message as the bot receives it."""
        return self._deliver_user_message(
            user_id,
            chat_id,
            self._text_body(text, entities),
            reply_to_message_id=reply_to_message_id,
            sender_chat_id=sender_chat_id,
            thread_id=thread_id,
        )

    async def send_edited_text(
        self, message: MessageRef, text: str, *, entities: list[JSON] | None = None
    ) -> JSON:
        """The author edits their message: an ``edited_message`` (or ``edited_channel_post``)
        update."""
        stored = self._stored(message)
        if stored.from_bot:
            raise SandboxError("use the Bot API to edit the bot's messages")
        if "text" not in stored.data:
            raise SandboxError("only text messages can be edited with send_edited_text")
        stored.data.pop("entities", None)
        stored.data.update(self._text_body(text, entities))
        stored.data["edit_date"] = self.world.now()
        chat = self.world.chat(stored.chat_id)
        kind = "edited_channel_post" if chat.type == "channel" else "edited_message"
        if chat.type == "channel" or self._bot_sees(chat, stored.data):
            self.world.push_update(kind, copy.deepcopy(stored.data))
        self._touch(chat.id)
        return stored.snapshot()

    async def send_channel_post(
        self, chat_id: int, text: str, *, entities: list[JSON] | None = None
    ) -> JSON:
        chat = self.world.chat(chat_id)
        if chat.type != "channel":
            raise SandboxError(f"{chat_id} is not a channel")
        body = {"sender_chat": chat.to_api(), **self._text_body(text, entities)}
        stored = self.world.store_message(chat, body, from_bot=False)
        if chat.bot_status in ("administrator", "creator"):
            self.world.push_update("channel_post", copy.deepcopy(stored.data))
        self._touch(chat.id)
        return copy.deepcopy(stored.data)

    def _caption(self, caption: str | None) -> JSON:
        if not caption:
            return {}
        return self._text_body(caption, None, field="caption")

    async def send_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        caption: str | None = None,
        *,
        chat_id: int | None = None,
        mime_type: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A user sends a file; its bytes are downloadable by the bot via getFile."""
        upload = UploadedFile(filename=filename, content_type=mime_type, data=data)
        stored = api_methods.store_document(self.world, upload, None)
        content = {"document": api_methods._document_json(stored), **self._caption(caption)}
        return self._deliver_user_message(
            user_id, chat_id, content, reply_to_message_id=reply_to_message_id
        )

    async def send_photo(
        self,
        user_id: int,
        data: bytes,
        caption: str | None = None,
        *,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A user sends a picture (real image bytes: sizes are read with Pillow)."""
        upload = UploadedFile(filename="photo.jpg", content_type="image/jpeg", data=data)
        try:
            sizes = api_methods.store_photo(self.world, upload, None)
        except ApiError as error:
            raise SandboxError(f"not an image: {error.description}") from None
        content = {"photo": [api_methods._photo_json(s) for s in sizes], **self._caption(caption)}
        return self._deliver_user_message(
            user_id, chat_id, content, reply_to_message_id=reply_to_message_id
        )

    def _stored(self, message: MessageRef) -> StoredMessage:
        if isinstance(message, tuple):
            chat_id, message_id = message
        else:
            try:
                chat_id, message_id = int(message["chat"]["id"]), int(message["message_id"])
            except (KeyError, TypeError, ValueError):
                raise SandboxError(
                    "a message is a dict with chat.id and message_id, or (chat_id, message_id)"
                ) from None
        stored = self.world.get_message(chat_id, message_id)
        if stored is None:
            raise SandboxError(f"no message {message_id} in chat {chat_id} (deleted?)")
        return stored

    async def press_button(self, user_id: int, message: MessageRef, button: str) -> str:
        """A user presses an inline button of ``message`` (current state), found by its
        ``callback_data`` or else by its text. Returns the callback query id."""
        stored = self._stored(message)
        user = self.world.user(user_id)
        markup = stored.data.get("reply_markup", {})
        buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
        chosen = next((b for b in buttons if b.get("callback_data") == button), None)
        if chosen is None:
            chosen = next((b for b in buttons if b.get("text") == button), None)
        if chosen is None:
            available = [(b.get("text"), b.get("callback_data")) for b in buttons]
            raise SandboxError(
                f"message {stored.message_id} in chat {stored.chat_id} has no button "
                f"{button!r}; buttons (text, callback_data): {available}"
            )
        if "callback_data" not in chosen:
            raise SandboxError(f"button {chosen.get('text')!r} is not a callback button: {chosen}")
        chat = self.world.chat(stored.chat_id)
        if chat.type == "private" and chat.id != user_id:
            raise SandboxError(f"user {user_id} cannot see private chat {chat.id}")
        query_id = str(4000000000000000000 + self.world.next_id())
        query: JSON = {
            "id": query_id,
            "from": user.to_api(),
            "message": copy.deepcopy(stored.data),
            "chat_instance": str(-(abs(chat.id) * 7919 % 10**18) - 1),
            "data": chosen["callback_data"],
        }
        self.world.callback_queries[query_id] = query
        self.world.push_update("callback_query", copy.deepcopy(query))
        self._touch(chat.id, user_id)
        return query_id

    def _poll_state(self, poll_id: str) -> PollState:
        state = self.world.polls.get(poll_id)
        if state is None:
            raise SandboxError(f"unknown poll {poll_id!r}")
        return state

    async def vote(self, user_id: int, poll_id: str, option_ids: Iterable[int]) -> JSON:
        """A user votes (``[]`` retracts). Queues ``poll_answer`` for non-anonymous polls and
        a ``poll`` update with the new counts (Telegram sends those to the poll's sender).
        Returns the poll's new state."""
        self.world.expire_polls()
        state = self._poll_state(poll_id)
        user = self.world.user(user_id)
        poll = state.data
        chosen = list(option_ids)
        if poll["is_closed"]:
            raise SandboxError(f"poll {poll_id} is closed")
        if len(set(chosen)) != len(chosen) or any(
            not 0 <= i < len(poll["options"]) for i in chosen
        ):
            raise SandboxError(f"invalid option ids {chosen} for poll {poll_id}")
        if len(chosen) > 1 and not poll["allows_multiple_answers"]:
            raise SandboxError(f"poll {poll_id} allows only one answer")
        previous = state.votes.get(user_id)
        if previous and not poll["allows_revoting"]:
            raise SandboxError(f"poll {poll_id} does not allow changing a vote")
        if not chosen and not previous:
            raise SandboxError(f"user {user_id} has no vote to retract in poll {poll_id}")
        chat = self.world.chat(state.chat_id)
        if self.world.member_status(chat, user_id) not in ACTIVE_STATUSES:
            raise SandboxError(f"user {user_id} is not a member of {chat.id}")
        for index in previous or []:
            poll["options"][index]["voter_count"] -= 1
        for index in chosen:
            poll["options"][index]["voter_count"] += 1
        if chosen:
            state.votes[user_id] = sorted(chosen)
        else:
            state.votes.pop(user_id, None)
        poll["total_voter_count"] = len(state.votes)
        if not poll["is_anonymous"]:
            self.world.push_update(
                "poll_answer",
                {
                    "poll_id": poll_id,
                    "user": user.to_api(),
                    "option_ids": sorted(chosen),
                    "option_persistent_ids": [
                        poll["options"][i]["persistent_id"] for i in sorted(chosen)
                    ],
                },
            )
        if state.sent_by_bot:
            self.world.push_update("poll", copy.deepcopy(poll))
        self._touch(chat.id, user_id)
        return copy.deepcopy(poll)

    # ===================================================================================
    # HTTP: the test API under /_sandbox/
    # ===================================================================================
    def _http_actions(self) -> dict[str, Callable[[JSON], Awaitable[Any]]]:
        async def wrap(value: Any) -> Any:
            return value

        def sync(func: Callable[..., Any]) -> Callable[[JSON], Awaitable[Any]]:
            return lambda body: wrap(func(**body))

        def coro(func: Callable[..., Awaitable[Any]]) -> Callable[[JSON], Awaitable[Any]]:
            return lambda body: func(**body)

        def message_ref(body: JSON) -> JSON:
            if "message" not in body and "chat_id" in body and "message_id" in body:
                body["message"] = (int(body.pop("chat_id")), int(body.pop("message_id")))
            elif isinstance(body.get("message"), list):
                body["message"] = tuple(body["message"])
            return body

        async def send_file(body: JSON, photo: bool) -> JSON:
            data = base64.b64decode(body.pop("data_base64"))
            if photo:
                return await self.send_photo(data=data, **body)
            return await self.send_document(data=data, **body)

        async def inject(body: JSON) -> JSON:
            kind = body.pop("kind")
            method = body.pop("method", None)
            times = body.pop("times", 1)
            chat_id = body.pop("chat_id", None)
            probability = float(body.pop("probability", 1.0))
            seed = body.pop("seed", None)
            factory = getattr(Fault, kind, None)
            if factory is None or kind.startswith("_") or not callable(factory):
                raise SandboxError(f"unknown fault kind {kind!r}")
            handle = self.inject_fault(
                method,
                factory(**body),
                times=times,
                chat_id=chat_id,
                probability=probability,
                seed=seed,
            )
            return {"method": handle.method, "fault": handle.fault.describe()}

        async def lose_answers(body: JSON) -> JSON:
            handles = self.lose_answers(**body)
            return {"withheld": handles[0].fault.describe(), "dropped": handles[1].fault.describe()}

        async def calls(body: JSON) -> list[JSON]:
            return [c.to_json() for c in self.calls(body.get("method"))]

        async def file(body: JSON) -> JSON:
            return {"data_base64": base64.b64encode(self.file_bytes(body["file_id"])).decode()}

        return {
            "add_user": sync(self.add_user),
            "add_group": sync(self.add_group),
            "add_channel": sync(self.add_channel),
            "add_bot_to_group": sync(self.add_bot_to_group),
            "remove_bot_from_group": sync(self.remove_bot_from_group),
            "set_member_status": sync(self.set_member_status),
            "user_joins": sync(self.user_joins),
            "user_leaves": sync(self.user_leaves),
            "migrate_group": sync(self.migrate_group),
            "block_bot": sync(self.block_bot),
            "unblock_bot": sync(self.unblock_bot),
            "send_text": coro(self.send_text),
            "send_edited_text": lambda body: self.send_edited_text(**message_ref(body)),
            "send_channel_post": coro(self.send_channel_post),
            "send_document": lambda body: send_file(body, photo=False),
            "send_photo": lambda body: send_file(body, photo=True),
            "press_button": lambda body: self.press_button(**message_ref(body)),
            "vote": coro(self.vote),
            "sent_messages": sync(self.sent_messages),
            "message": sync(self.message),
            "calls": calls,
            "mark": sync(self.mark),
            "wait_for_message": coro(self.wait_for_message),
            "wait_for_messages": coro(self.wait_for_messages),
            "wait_for_callback_answer": coro(self.wait_for_callback_answer),
            "callback_answers": lambda body: wrap(self.callback_answers),
            "commands": sync(self.commands),
            "pending_updates": sync(self.pending_updates),
            "poll": sync(self.poll),
            "file": file,
            "inject_fault": inject,
            "lose_answers": lose_answers,
            "clear_faults": sync(self.clear_faults),
        }

    async def _handle_test_api(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        actions = self._http_actions()
        handler = actions.get(action)
        if handler is None:
            return web.json_response(
                {
                    "ok": False,
                    "error": f"unknown action {action!r}",
                    "actions": sorted(actions),
                },
                status=404,
            )
        body: JSON = {}
        for key, value in request.query.items():
            try:
                body[key] = json.loads(value)
            except ValueError:
                body[key] = value
        if request.can_read_body:
            try:
                payload = await request.json()
            except ValueError:
                return web.json_response({"ok": False, "error": "body must be JSON"}, status=400)
            if not isinstance(payload, dict):
                return web.json_response(
                    {"ok": False, "error": "body must be an object"}, status=400
                )
            body.update(payload)
        try:
            result = await handler(body)
        except WaitTimeout as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=408)
        except (SandboxError, TypeError, KeyError, ValueError) as exc:
            return web.json_response(
                {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, status=400
            )
        return web.json_response({"ok": True, "result": result})

    async def _handle_test_file(self, request: web.Request) -> web.StreamResponse:
        try:
            data = self.file_bytes(request.match_info["file_id"])
        except SandboxError as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=404)
        return web.Response(body=data, content_type="application/octet-stream")


__all__ = ["ApiCall", "MessageRef", "Sandbox"]
