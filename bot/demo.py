"""``coopbot demo``: the local emulator and the bot, with a terminal chat as a demo participant.

Everything runs in one process on a temporary database: no Telegram account, no network.
You are Awa, a focal point of a Terr'ESS member; you can become Claire, a coordinator, and talk
in the project's demo group, at any moment. Bot messages are shown readably and numbered
(``#5``): formatting rendered, inline buttons and reply keyboards as numbered choices that stay
pressable (``2`` presses the latest message with buttons of the current chat, ``#5 2`` button 2
of message 5), polls as numbered options, button toasts under them, files saved with their path
shown. Nothing typed can end the session: a line that fails is reported in one line.

When standard input is not a terminal, it reads one message per line, prints each reply, and
exits at the end of input: ``printf '/help\\n' | coopbot demo``.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, Protocol, TextIO

from pydantic import SecretStr

from bot.app import build_application, running
from bot.context import CoopApplication
from bot.demo_data import seed_features
from bot.sandbox import Sandbox
from bot.sandbox.state import SandboxEvent
from bot.services import Services
from bot.settings import ExplicitSettings, StorageSettings, TelegramSettings

TOKEN = "7000000001:demo-token-not-a-secret-000000000"
PARTICIPANT = 700001  # Awa, focal point of the Conseil départemental de Bambey (Senegal)
COORDINATOR = 700002  # Claire, coordinator
OTHERS = [(700003, "Koffi", "ci"), (700004, "Hasmik", "am")]
GROUP = -1007000000001
PROJECT = "terress"

# A message longer than this is folded on screen (``:show N`` prints it whole).
FOLD_LINES = 20
FOLD_KEEP = 16
# What one line of trouble may take on screen.
PROBLEM_CHARS = 160
MAX_WAIT_MINUTES = 7 * 24 * 60

BANNER = (
    "coopbot demo: a local Telegram emulator and the bot, on a temporary database ({workdir}).\n"
    "You are Awa, focal point in Senegal for Terr'ESS. Type /aide to begin."
)

HELP = """Demo commands (anything else is sent to the bot as a message):
  :me / :coord        be Awa, a focal point / Claire, a coordinator
  :private / :group   talk in your private chat with the bot / in the Terr'ESS demo group
  N                   press button N of the latest message with buttons here (or vote option N)
  #M N                press button N of message #M (bot messages are numbered #1, #2...)
  :reply M text       send text as a reply to message #M
  :show M             show message #M in full (long ones are folded on a terminal)
  :wait N             move the demo clock N minutes forward (reminders, poll closings)
  \\N                  send the number N itself as text
  :help / :quit       this help / leave (or Ctrl-D)"""


class DemoClock:
    """The system clock, that ``:wait`` can move forward. The scheduler subscribes to it (as
    to a frozen clock in the tests), so what falls due when it moves runs at once."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> datetime:
        self.offset += delta
        for listener in list(self._listeners):
            listener()
        return self.now()

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)


@dataclass(frozen=True)
class Choice:
    """One numbered thing to press: an inline button (``button``, ``link``), a reply-keyboard
    button (``text``: pressing sends its text, as in Telegram) or a poll option (``vote``)."""

    kind: str
    label: str
    value: Any = None


@dataclass
class Shown:
    """A bot message as printed, under its demo number (``#number``)."""

    number: int
    chat: int
    message_id: int
    body: str = ""
    rows: list[list[Choice]] = field(default_factory=list)
    keyboard: bool = False  # its choices are a reply keyboard
    deleted: bool = False

    @property
    def choices(self) -> list[Choice]:
        return [choice for row in self.rows for choice in row]


class Outcome(Enum):
    LOCAL = "local"  # handled by the demo itself
    SENT = "sent"  # something went to the bot: wait for its answer
    WAIT = "wait"  # the clock moved: wait for what fell due
    STOP = "stop"


PRESS = re.compile(r"#\s*(\d+)(?:\s+(\d+))?")
DEMO_COMMAND = re.compile(r":([a-z]+)(?:\s+(.*))?", re.DOTALL)


class LineSource(Protocol):
    """Where the demo reads its input: standard input, or a test's lines."""

    def readline(self) -> str: ...


class DemoProblem(Exception):
    """Something the demo refuses, said in one line."""


@dataclass
class Session:
    sandbox: Sandbox
    out: TextIO
    files: Path
    color: bool
    clock: DemoClock | None = None
    fold_long: bool = False  # on a terminal; piped output stays whole, for tools to read
    user: int = PARTICIPANT
    in_group: bool = False
    shown: dict[int, Shown] = field(default_factory=dict)
    by_message: dict[tuple[int, int], int] = field(default_factory=dict)
    keyboards: dict[int, int] = field(default_factory=dict)  # chat -> message with its keyboard
    seen: dict[int, tuple[str, list[list[str]]]] = field(default_factory=dict)

    @property
    def chat(self) -> int:
        return GROUP if self.in_group else self.user

    def prompt(self) -> str:
        who = "Awa" if self.user == PARTICIPANT else "Claire (coordinator)"
        where = "Terr'ESS group" if self.in_group else "private"
        return f"[{who} · {where}] > "

    # -- rendering ------------------------------------------------------------------------

    def style(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def render(self, event: SandboxEvent) -> str | None:
        """What to print for one event, or None; never raises (a demo must not break on an
        odd message)."""
        try:
            return self._render(event)
        except Exception as error:  # noqa: BLE001 - shown, never fatal
            return self.style(f"(could not show a bot message: {short(error)})", "2")

    def _render(self, event: SandboxEvent) -> str | None:
        if event.kind == "callback_answer":
            return self.toast(event.data or {})
        chat = event.chat_id
        if chat not in (GROUP, PARTICIPANT, COORDINATOR):
            return None
        message = event.message or {}
        key = (chat, int(message.get("message_id", 0)))
        if event.kind == "deleted":
            number = self.by_message.get(key)
            if number is not None:
                self.shown[number].deleted = True
                self.shown[number].rows = []
            return None
        if event.kind not in ("message", "edited"):
            return None
        number = self.by_message.get(key)
        if number is None:
            number = len(self.shown) + 1
            self.shown[number] = Shown(number, chat, key[1])
            self.by_message[key] = number
        shown = self.shown[number]
        shown.body = self.body(message)
        self.read_markup(shown, message)
        labels = [[choice.label for choice in row] for row in shown.rows]
        before = self.seen.get(number)
        self.seen[number] = (shown.body, labels)
        where = "group" if chat == GROUP else ("Awa" if chat == PARTICIPANT else "Claire")
        if event.kind == "message":
            header = self.style(f"── #{number} bot → {where}", "36")
            return "\n".join([header, self.fold(shown), *self.choice_lines(shown)])
        if before == (shown.body, labels):
            return None
        if before is not None and before[0] == shown.body:  # only its buttons changed
            header = self.style(f"── #{number} bot (new buttons) → {where}", "2")
            return "\n".join([header, *self.choice_lines(shown)])
        header = self.style(f"── #{number} bot (edited) → {where}", "2")
        return "\n".join([header, self.fold(shown), *self.choice_lines(shown)])

    def read_markup(self, shown: Shown, message: dict[str, Any]) -> None:
        markup = message.get("reply_markup") or {}
        shown.rows = []
        shown.keyboard = False
        for row in markup.get("inline_keyboard", []):
            shown.rows.append(
                [
                    Choice("link", button.get("text", ""), button["url"])
                    if button.get("url")
                    else Choice("button", button.get("text", ""), button.get("callback_data"))
                    for button in row
                ]
            )
        keyboard = markup.get("keyboard")
        if keyboard:
            shown.keyboard = True
            shown.rows = [
                [Choice("text", b if isinstance(b, str) else b.get("text", "")) for b in row]
                for row in keyboard
            ]
            self.keyboards[shown.chat] = shown.number
        elif markup.get("remove_keyboard"):
            self.keyboards.pop(shown.chat, None)
        poll = message.get("poll")
        if poll:
            shown.rows = [
                [Choice("vote", option.get("text", ""), (poll["id"], index))]
                for index, option in enumerate(poll.get("options", []))
            ]

    def choice_lines(self, shown: Shown) -> list[str]:
        lines: list[str] = []
        number = 0
        for row in shown.rows:
            pieces = []
            for choice in row:
                number += 1
                if choice.kind == "vote":
                    pieces.append(f"({number}) {choice.label}")
                elif choice.kind == "link":
                    pieces.append(f"[{number}] {choice.label} ({choice.value})")
                else:
                    pieces.append(f"[{number}] {choice.label}")
            prefix = "  ⌨ " if shown.keyboard else "  "
            lines.append(self.style(prefix + "  ".join(pieces), "33"))
        return lines

    def fold(self, shown: Shown) -> str:
        lines = shown.body.split("\n")
        if not self.fold_long or len(lines) <= FOLD_LINES:
            return shown.body
        hidden = len(lines) - FOLD_KEEP
        more = self.style(f"  … {hidden} more lines (:show {shown.number})", "2")
        return "\n".join([*lines[:FOLD_KEEP], more])

    def toast(self, answer: dict[str, Any]) -> str | None:
        text = answer.get("text")
        if not text:
            return None
        mark = "⚠️ " if answer.get("show_alert") else ""
        return self.style(f"  ↳ {mark}{text}", "32")

    def body(self, message: dict[str, Any]) -> str:
        text = message.get("text") or message.get("caption") or ""
        text = self.apply_entities(
            text, message.get("entities") or message.get("caption_entities") or []
        )
        if "poll" in message:
            poll = message["poll"]
            kind = "anonymous poll" if poll.get("is_anonymous") else "poll"
            closed = " (closed)" if poll.get("is_closed") else ""
            text = f"📊 {kind}{closed}: {poll['question']}" + (f"\n{text}" if text else "")
        document = message.get("document")
        if document:
            path = self.save(document["file_id"], document.get("file_name") or "file.bin")
            text = f"📎 {document.get('file_name', 'file')} saved to {path}" + (
                f"\n{text}" if text else ""
            )
        photos = message.get("photo")
        if photos:
            path = self.save(photos[-1]["file_id"], f"photo-{message.get('message_id')}.jpg")
            text = f"🖼 photo saved to {path}" + (f"\n{text}" if text else "")
        return text

    def apply_entities(self, text: str, entities: list[dict[str, Any]]) -> str:
        if not self.color or not entities:
            return text
        # Offsets are in UTF-16 code units, as on Telegram.
        units = text.encode("utf-16-le")
        codes = {
            "bold": "1",
            "italic": "3",
            "underline": "4",
            "code": "2",
            "pre": "2",
            "text_link": "4",
        }
        marks: list[tuple[int, int, str]] = []
        for entity in entities:
            code = codes.get(entity.get("type", ""))
            if code:
                marks.append((entity["offset"], entity["offset"] + entity["length"], code))
        pieces: list[str] = []
        position = 0
        for start, end, code in sorted(marks):
            if start < position:
                continue
            pieces.append(units[position * 2 : start * 2].decode("utf-16-le"))
            pieces.append(self.style(units[start * 2 : end * 2].decode("utf-16-le"), code))
            position = end
        pieces.append(units[position * 2 :].decode("utf-16-le"))
        return "".join(pieces)

    def save(self, file_id: str, name: str) -> Path:
        path = self.files / Path(name).name
        with contextlib.suppress(Exception):
            if not path.exists():
                path.write_bytes(self.sandbox.file_bytes(file_id))
        return path

    def show(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        self.show(self.style(f"({text})", "2"))

    # -- acting -----------------------------------------------------------------------------

    async def handle(self, line: str) -> Outcome:
        """One line of input. Whatever goes wrong is said in one line: the session goes on."""
        try:
            return await self.act(line.strip())
        except DemoProblem as problem:
            self.note(str(problem))
        except Exception as error:  # noqa: BLE001 - one bad line must not end the demo
            self.note(f"that did not work: {short(error)}")
        return Outcome.LOCAL

    async def act(self, line: str) -> Outcome:
        if not line:
            return Outcome.LOCAL
        if line.isdigit():
            latest = self.latest_with_choices()
            if latest is None:
                self.note(f"no message with buttons in this chat: « {line} » sent as text")
                return await self.send(line)
            return await self.press(latest, int(line))
        press = PRESS.fullmatch(line)
        if press:
            if press.group(2) is None:
                raise DemoProblem(f"#{press.group(1)} N presses button N of message #{press[1]}")
            return await self.press(self.visible(int(press.group(1))), int(press.group(2)))
        command = DEMO_COMMAND.fullmatch(line)
        if command:
            return await self.demo_command(command.group(1), (command.group(2) or "").strip())
        return await self.send(line[1:] if line.startswith("\\") else line)

    async def demo_command(self, name: str, argument: str) -> Outcome:
        if name in ("quit", "q", "exit"):
            return Outcome.STOP
        if name in ("help", "h"):
            self.show(HELP)
        elif name == "coord":
            self.user = COORDINATOR
        elif name == "me":
            self.user = PARTICIPANT
        elif name == "group":
            self.in_group = True
        elif name == "private":
            self.in_group = False
        elif name == "reply":
            number, _, text = argument.partition(" ")
            if not number.lstrip("#").isdigit() or not text.strip():
                raise DemoProblem(":reply M text sends text as a reply to message #M")
            shown = self.visible(int(number.lstrip("#")))
            return await self.send(text.strip(), reply_to=shown.message_id)
        elif name == "show":
            if not argument.lstrip("#").isdigit():
                raise DemoProblem(":show M prints message #M in full")
            shown = self.known(int(argument.lstrip("#")))
            self.show(shown.body + "\n" + "\n".join(self.choice_lines(shown)))
        elif name == "wait":
            return self.wait(argument)
        else:
            raise DemoProblem(f"no demo command :{name}; :help lists them, \\:{name} sends it")
        return Outcome.LOCAL

    def wait(self, argument: str) -> Outcome:
        minutes = int(argument) if argument.isdigit() else None
        if minutes is None or not 1 <= minutes <= MAX_WAIT_MINUTES:
            raise DemoProblem(
                f":wait N moves the clock N minutes forward (1 to {MAX_WAIT_MINUTES})"
            )
        if self.clock is None:
            raise DemoProblem("this demo's clock cannot move")
        now = self.clock.advance(timedelta(minutes=minutes))
        self.note(f"{minutes} min later: {now:%H:%M} UTC")
        return Outcome.WAIT

    async def send(self, text: str, *, reply_to: int | None = None) -> Outcome:
        await self.sandbox.send_text(
            self.user,
            text,
            chat_id=GROUP if self.in_group else None,
            reply_to_message_id=reply_to,
        )
        return Outcome.SENT

    def known(self, number: int) -> Shown:
        shown = self.shown.get(number)
        if shown is None:
            last = f"#1 to #{len(self.shown)}" if self.shown else "none yet"
            raise DemoProblem(f"no message #{number} (bot messages so far: {last})")
        return shown

    def visible(self, number: int) -> Shown:
        """Message #number, if it is in the current chat (as in Telegram: open a chat to press
        in it); otherwise a hint saying how to go there."""
        shown = self.known(number)
        if shown.chat == self.chat:
            if shown.deleted:
                raise DemoProblem(f"message #{number} was deleted")
            return shown
        steps = []
        if shown.chat in (PARTICIPANT, COORDINATOR) and shown.chat != self.user:
            steps.append(":me" if shown.chat == PARTICIPANT else ":coord")
        if shown.chat == GROUP:
            steps.append(":group")
        elif self.in_group:
            steps.append(":private")
        place = {
            GROUP: "the Terr'ESS group",
            PARTICIPANT: "Awa's private chat",
            COORDINATOR: "Claire's private chat",
        }[shown.chat]
        raise DemoProblem(f"#{number} is in {place}: type {' then '.join(steps)} first")

    def pressable(self, shown: Shown) -> bool:
        if shown.deleted or not shown.rows:
            return False
        return not shown.keyboard or self.keyboards.get(shown.chat) == shown.number

    def latest_with_choices(self) -> Shown | None:
        for number in sorted(self.shown, reverse=True):
            shown = self.shown[number]
            if shown.chat == self.chat and self.pressable(shown):
                return shown
        return None

    async def press(self, shown: Shown, number: int) -> Outcome:
        choices = shown.choices
        if not choices:
            raise DemoProblem(f"message #{shown.number} has no buttons")
        if not 1 <= number <= len(choices):
            raise DemoProblem(f"message #{shown.number} has choices 1 to {len(choices)}")
        if shown.keyboard and not self.pressable(shown):
            raise DemoProblem(f"the keyboard of message #{shown.number} is gone")
        choice = choices[number - 1]
        self.note(f"#{shown.number}: « {choice.label} »")
        if choice.kind == "link":
            self.note(f"link: {choice.value}")
            return Outcome.LOCAL
        if choice.kind == "text":  # a reply-keyboard button sends its text
            return await self.send(choice.label)
        if choice.kind == "vote":
            poll_id, option = choice.value
            await self.sandbox.vote(self.user, poll_id, [option])
            return Outcome.SENT
        await self.sandbox.press_button(
            self.user, (shown.chat, shown.message_id), choice.value or choice.label
        )
        return Outcome.SENT


def short(error: BaseException) -> str:
    """An exception in one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= PROBLEM_CHARS else text[: PROBLEM_CHARS - 1] + "…"


async def seed(services: Services, now: datetime) -> None:
    """The demo roster: Awa (focal point in Senegal), Claire (coordinator), a linked group."""
    from bot.storage.members import Person, RosterRow

    members = services.members
    people = [
        (
            Person(PARTICIPANT, "Awa", "Diop", "awa_demo", "fr"),
            "sn",
            "focal_point",
            "cd-bambey",
        ),
        (Person(COORDINATOR, "Claire", "Martin", "claire_demo", "fr"), "fr", "coordinator", None),
    ]
    people += [
        (Person(uid, name, None, None, "fr"), country, "participant", None)
        for uid, name, country in OTHERS
    ]
    kb = services.knowledge.kb
    for person, country, role, organisation in people:
        await members.seen(person, private_chat=True)
        org = organisation if organisation in kb.organisations else None
        zone = kb.countries[country].timezones[0] if country in kb.countries else None
        row = RosterRow(
            person.user_id,
            language="fr",
            timezone=zone,
            country_id=country,
            organisation_id=org,
            role=role,
            focal_status="confirmed" if role == "focal_point" else None,
            projects=(PROJECT,),
        )
        await members.import_roster([row])
        await members.set_consent(person.user_id, True)
    await services.members.link_group(
        GROUP, "Terr'ESS – groupe démo", "supergroup", PROJECT, COORDINATOR
    )
    # The features' demo data: an event starting soon, a closed poll (bot/demo_data.py).
    await seed_features(services, now)


async def run_demo(
    *,
    interactive: bool,
    stream: TextIO = sys.stdout,
    lines: LineSource | None = None,
    settle: float = 0.6,
) -> int:
    """The demo, reading ``lines`` (standard input by default). ``settle``: when not
    interactive, the seconds of silence that end the bot's answer to a line."""
    source: LineSource = lines if lines is not None else sys.stdin
    # The demo's own folder, removed on every way out (end of input, Ctrl-C, error).
    with tempfile.TemporaryDirectory(prefix="coopbot-demo-", ignore_cleanup_errors=True) as tmp:
        return await _run_in(Path(tmp), interactive, stream, source, settle)


async def _run_in(
    workdir: Path, interactive: bool, stream: TextIO, source: LineSource, settle: float
) -> int:
    files = workdir / "files"
    files.mkdir()
    clock = DemoClock()
    async with Sandbox(TOKEN, clock=clock.now, bot_username="coopbot_demo_bot") as sandbox:
        sandbox.add_user(PARTICIPANT, "Awa", last_name="Diop", username="awa_demo")
        sandbox.add_user(COORDINATOR, "Claire", last_name="Martin", username="claire_demo")
        for uid, name, _ in OTHERS:
            sandbox.add_user(uid, name)
        sandbox.add_group(
            GROUP,
            "Terr'ESS – groupe démo",
            supergroup=True,
            members=[PARTICIPANT] + [u for u, _, _ in OTHERS],
            admins=[COORDINATOR],
        )
        settings = ExplicitSettings(  # the environment's COOPBOT_* must not reach the demo
            telegram=TelegramSettings(
                token=SecretStr(TOKEN),
                api_base_url=sandbox.api_base_url,
                file_base_url=sandbox.file_base_url,
                poll_timeout=10,
            ),
            storage=StorageSettings(path=workdir / "demo.sqlite3"),
            coordinators=[COORDINATOR],
        )
        # Printed first, whatever comes next (even no input at all).
        stream.write(BANNER.format(workdir=workdir) + "\n" + HELP + "\n\n")
        stream.flush()
        application: CoopApplication = build_application(settings, clock=clock)
        async with running(application):
            services = application.bot_data.services
            assert services is not None
            queue = sandbox.subscribe()
            try:
                await seed(services, clock.now())
                session = Session(
                    sandbox,
                    stream,
                    files,
                    color=interactive and stream.isatty(),
                    clock=clock,
                    fold_long=interactive,
                )
                if interactive:
                    await interactive_loop(session, queue, source)
                else:
                    await scripted_loop(
                        session, queue, source, quiet=settle, idle=services.delivery.wait_idle
                    )
            finally:
                sandbox.unsubscribe(queue)
                await leave(application)
    return 0


async def leave(application: CoopApplication) -> None:
    """Leave at once: stop fetching updates and drop those the bot has not started on. Piped
    faster than the bot answers, they could take minutes (Telegram's pace in a group is 20
    messages a minute), and nobody would see their answers any more."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    while True:
        try:
            application.update_queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        application.update_queue.task_done()


async def printer(session: Session, queue: asyncio.Queue[SandboxEvent]) -> None:
    while True:
        event = await queue.get()
        text = session.render(event)
        if text:
            session.show(text)


async def interactive_loop(
    session: Session, queue: asyncio.Queue[SandboxEvent], source: LineSource
) -> None:
    task = asyncio.create_task(printer(session, queue))
    loop = asyncio.get_running_loop()
    try:
        while True:
            await asyncio.sleep(0.3)  # let replies print before the prompt
            session.out.write(session.prompt())
            session.out.flush()
            line = await loop.run_in_executor(None, source.readline)
            if not line:
                break
            if await session.handle(line) is Outcome.STOP:
                break
    finally:
        task.cancel()


async def scripted_loop(
    session: Session,
    queue: asyncio.Queue[SandboxEvent],
    source: LineSource,
    *,
    quiet: float = 0.6,
    longest: float = 15.0,
    idle: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """One message per line; after each, print what the bot says until it is quiet. At the
    end of input, what the outbox still holds (paced: 1 a second per person, 20 a minute per
    group) is waited for, ``idle`` (at most ``longest`` seconds), and printed."""
    loop = asyncio.get_running_loop()

    async def drain(silence: float) -> None:
        deadline = loop.time() + longest
        while loop.time() < deadline:
            try:
                event = (
                    await asyncio.wait_for(queue.get(), silence) if silence else queue.get_nowait()
                )
            except (TimeoutError, asyncio.QueueEmpty):
                return
            text = session.render(event)
            if text:
                session.show(text)

    async def next_line() -> str:
        """The next line; what the bot sends while it is awaited is printed meanwhile."""
        reading: asyncio.Future[Any] = asyncio.ensure_future(
            loop.run_in_executor(None, source.readline)
        )
        while True:
            getting: asyncio.Future[Any] = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait({reading, getting}, return_when=asyncio.FIRST_COMPLETED)
            if getting not in done:
                getting.cancel()
                return str(reading.result())
            text = session.render(getting.result())
            if text:
                session.show(text)

    await drain(quiet)  # what the bot sends by itself at launch (the demo event's announcement)
    while True:
        line = await next_line()
        if not line:
            if idle is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(idle(), longest)
            await drain(quiet)
            break
        if line.strip():
            session.show(session.prompt() + line.strip())
        outcome = await session.handle(line)
        if outcome is Outcome.STOP:
            break
        await drain(0 if outcome is Outcome.LOCAL else quiet)
