"""``coopbot demo``: the local emulator and the bot, with a terminal chat as a demo participant.

Everything runs in one process on a temporary database: no Telegram account, no network.
You are Awa, a focal point of a Terr'ESS member; you can become Claire, a coordinator, and talk
in the project's demo group. Bot messages are shown readably: formatting rendered, buttons as
numbered choices, polls as numbered options, files saved with their path shown.

When standard input is not a terminal, it reads one message per line, prints each reply, and
exits at the end of input: ``printf '/help\\n' | coopbot demo``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from bot.app import build_application, running
from bot.clock import SystemClock
from bot.context import CoopApplication
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

HELP = """Demo commands (everything else is sent to the bot as a message):
  :me       talk as Awa, a focal point (participant)      :coord    talk as Claire, a coordinator
  :private  talk in your private chat with the bot         :group    talk in the Terr'ESS demo group
  N         press button N of the last message with buttons (or vote for option N of a poll)
  \\N        send the number N as text                      :quit     leave (or Ctrl-D)"""


@dataclass
class Session:
    sandbox: Sandbox
    services: Services
    out: TextIO
    files: Path
    color: bool
    user: int = PARTICIPANT
    in_group: bool = False
    choices: list[tuple[str, Any]] = field(default_factory=list)
    seen: dict[tuple[int, int], str] = field(default_factory=dict)

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
        message = event.message or {}
        chat = event.chat_id
        if event.kind not in ("message", "edited") or chat is None:
            return None
        if chat not in (self.user, GROUP) and chat not in (PARTICIPANT, COORDINATOR):
            return None
        key = (chat, int(message.get("message_id", 0)))
        where = "group" if chat == GROUP else ("Awa" if chat == PARTICIPANT else "Claire")
        body = self.body(message)
        if event.kind == "edited":
            if self.seen.get(key) == body:
                return None
            header = self.style(f"── bot (edited) → {where}", "2")
        else:
            header = self.style(f"── bot → {where}", "36")
        self.seen[key] = body
        lines = [header, body]
        self.choices = []
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                self.choices.append(("button", (chat, message, button)))
                number = len(self.choices)
                label = button.get("text", "")
                if button.get("url"):
                    label += f" ({button['url']})"
                lines.append(self.style(f"  [{number}] {label}", "33"))
        poll = message.get("poll")
        if poll:
            for index, option in enumerate(poll.get("options", [])):
                self.choices.append(("vote", (poll["id"], index)))
                votes = option.get("voter_count", 0)
                lines.append(
                    self.style(f"  ({len(self.choices)}) {option['text']} — {votes}", "33")
                )
        return "\n".join(lines)

    def body(self, message: dict[str, Any]) -> str:
        text = message.get("text") or message.get("caption") or ""
        text = self.apply_entities(
            text, message.get("entities") or message.get("caption_entities") or []
        )
        if "poll" in message:
            poll = message["poll"]
            kind = "anonymous poll" if poll.get("is_anonymous") else "poll"
            text = f"📊 {kind}: {poll['question']}" + (f"\n{text}" if text else "")
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

    # -- acting -----------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """One line of input; False to stop."""
        line = line.strip()
        if not line:
            return True
        if line in (":quit", ":q", ":exit"):
            return False
        if line in (":help", ":h", "?"):
            self.show(HELP)
        elif line == ":coord":
            self.user = COORDINATOR
        elif line == ":me":
            self.user = PARTICIPANT
        elif line == ":group":
            self.in_group = True
        elif line == ":private":
            self.in_group = False
        elif line.isdigit() and self.choices:
            await self.choose(int(line))
        else:
            text = line[1:] if line.startswith("\\") else line
            await self.sandbox.send_text(self.user, text, chat_id=GROUP if self.in_group else None)
        return True

    async def choose(self, number: int) -> None:
        if not 1 <= number <= len(self.choices):
            self.show(f"(no choice {number}: 1 to {len(self.choices)})")
            return
        kind, value = self.choices[number - 1]
        if kind == "button":
            _chat, message, button = value
            if button.get("url"):
                self.show(f"(link: {button['url']})")
                return
            await self.sandbox.press_button(
                self.user, message, button.get("callback_data") or button["text"]
            )
        else:
            poll_id, option = value
            await self.sandbox.vote(self.user, poll_id, [option])
            self.show(f"(you voted for option {number})")


async def seed(services: Services, now: datetime) -> None:
    """The demo roster: Awa (focal point in Senegal), Claire (coordinator), a linked group."""
    from bot.storage.members import Person

    repo = services.members.repo
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
        await repo.touch(person, now, private_chat=True)
        org = organisation if organisation in kb.organisations else None
        zone = kb.countries[country].timezones[0] if country in kb.countries else None
        await repo.update(
            person.user_id,
            now,
            language="fr",
            timezone=zone,
            country_id=country,
            organisation_id=org,
            role=role,
            focal_status="confirmed" if role == "focal_point" else None,
            directory_consent=1,
        )
        await repo.set_projects(person.user_id, [PROJECT])
    await services.members.link_group(
        GROUP, "Terr'ESS – groupe démo", "supergroup", PROJECT, COORDINATOR
    )
    # Each feature may add its own demo data (an event starting soon, ...).
    for name in ("bot.events", "bot.polls", "bot.broadcast"):
        with contextlib.suppress(ModuleNotFoundError):
            module = importlib.import_module(name)
            seeder = getattr(module, "seed_demo", None)
            if seeder is not None:
                await seeder(services, now)


async def run_demo(*, interactive: bool, stream: TextIO = sys.stdout) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="coopbot-demo-"))
    files = workdir / "files"
    files.mkdir()
    clock = SystemClock()
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
        application: CoopApplication = build_application(settings, clock=clock)
        async with running(application):
            services = application.bot_data.services
            assert services is not None
            await seed(services, clock.now())
            session = Session(
                sandbox, services, stream, files, color=interactive and stream.isatty()
            )
            if interactive:
                session.show(
                    "coopbot demo: a local Telegram emulator and the bot, on a temporary database "
                    f"({workdir}).\nYou are Awa, focal point in Senegal for Terr'ESS. "
                    "Type /aide to begin, :help for demo commands.\n"
                )
                await interactive_loop(session)
            else:
                await scripted_loop(session)
    return 0


async def printer(session: Session, queue: asyncio.Queue[SandboxEvent]) -> None:
    while True:
        event = await queue.get()
        text = session.render(event)
        if text:
            session.show(text)


async def interactive_loop(session: Session) -> None:
    queue = session.sandbox.subscribe()
    task = asyncio.create_task(printer(session, queue))
    loop = asyncio.get_running_loop()
    try:
        while True:
            await asyncio.sleep(0.3)  # let replies print before the prompt
            session.out.write(session.prompt())
            session.out.flush()
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            if not await session.handle(line):
                break
    finally:
        task.cancel()
        session.sandbox.unsubscribe(queue)


async def scripted_loop(session: Session, *, quiet: float = 0.6, longest: float = 15.0) -> None:
    """One message per line; after each, print what the bot says until it is quiet."""
    queue = session.sandbox.subscribe()
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            if line.strip():
                session.show(session.prompt() + line.strip())
            if not await session.handle(line):
                break
            deadline = loop.time() + longest
            while loop.time() < deadline:
                try:
                    event = await asyncio.wait_for(queue.get(), quiet)
                except TimeoutError:
                    break
                text = session.render(event)
                if text:
                    session.show(text)
    finally:
        session.sandbox.unsubscribe(queue)
