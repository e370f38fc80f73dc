"""Fixtures of the self-assessment tests: the shipped data copied with the questionnaires'
deadlines moved three weeks after the tests' NOW (whatever today is), two confirmed focal
points of the same Terr'ESS organisation, and helpers to press buttons and wait for replies."""

from __future__ import annotations

import html
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.knowledge.loader import default_data_dir
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person
from tests.conftest import ALICE, COORDINATOR, NOW

DAVID = 2004  # a second focal point of ACAL (Benin), like Alice
ORG = "acal"
TERRESS = "terress-autodiag"
DEADLINE = (NOW + timedelta(days=21)).date()

JSON = dict[str, Any]


def copy_data(target: Path, deadline: str = DEADLINE.isoformat()) -> Path:
    shutil.copytree(default_data_dir(), target)
    for file in (target / "forms").glob("*.toml"):
        text = re.sub(r"(?m)^deadline = .*$", f"deadline = {deadline}", file.read_text())
        file.write_text(text, encoding="utf-8")
    return target


def terminal_on_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``coopbot`` in-process on a fresh database and a copy of the data (returned), its
    clock at the tests' NOW."""
    data = copy_data(tmp_path / "data")
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("bot.cli.CLOCK", FrozenClock(NOW))
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("COOPBOT_DATA__PATH", str(data))
    return data


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


@pytest.fixture
def settings(settings: Settings, data_dir: Path) -> Settings:
    return settings.model_copy(update={"data": settings.data.model_copy(update={"path": data_dir})})


async def focal_point(services: Services, user_id: int, name: str, org: str = ORG) -> None:
    """A confirmed focal point of ``org``, as the members service makes one."""
    await services.members.seen(Person(user_id, name, language_code="fr"), private_chat=True)
    await services.members.claim_focal_point(user_id, org)
    outcome = await services.members.confirm_claim(user_id, COORDINATOR)
    assert outcome.status == "done"


@pytest.fixture
async def focal(services: Services, sandbox: Sandbox) -> Services:
    sandbox.add_user(DAVID, "David", language_code="fr")
    await focal_point(services, ALICE, "Alice")
    await focal_point(services, DAVID, "David")
    await services.members.seen(Person(COORDINATOR, "Claire"), private_chat=True)
    return services


def plain(message: JSON) -> str:
    return html.unescape(
        re.sub(r"<[^>]+>", "", message.get("text") or message.get("caption") or "")
    )


def buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def with_button(sandbox: Sandbox, chat_id: int, data: str) -> JSON:
    """The newest message of the chat (as edited) carrying the button ``data``."""
    for sent in reversed(sandbox.sent_messages(chat_id)):
        message = sandbox.message(chat_id, sent["message_id"]) or sent
        if data in buttons(message):
            return message
    raise AssertionError(f"no button {data!r} in chat {chat_id}")


async def press(sandbox: Sandbox, user_id: int, data: str, expect: str | None = None) -> JSON:
    """Press the button ``data`` and return the bot's next message (containing ``expect``)."""
    after = sandbox.mark()
    await sandbox.press_button(user_id, with_button(sandbox, user_id, data), data)
    return await sandbox.wait_for_message(
        user_id,
        after=after,
        predicate=lambda m: expect is None or expect in plain(m),
        timeout=10,
    )


async def press_refused(sandbox: Sandbox, user_id: int, data: str) -> str:
    """Press ``data`` and return the bot's answer to the press (an alert)."""
    query_id = await sandbox.press_button(user_id, with_button(sandbox, user_id, data), data)
    answer = await sandbox.wait_for_callback_answer(query_id)
    return str(answer.get("text", ""))


async def say(sandbox: Sandbox, user_id: int, text: str, expect: str | None = None) -> JSON:
    after = sandbox.mark()
    await sandbox.send_text(user_id, text)
    return await sandbox.wait_for_message(
        user_id,
        after=after,
        predicate=lambda m: expect is None or expect in plain(m),
        timeout=10,
    )
