"""Fixtures of the announcement tests: a small roster (people with projects, countries,
organisations and roles, and linked groups) written through the real members repository, and
helpers that drive /annonce through the emulator as the coordinator would."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP
from tests.roster import Someone, add_people

DAVID = 2004  # focal point of ACAL (Benin), Terr'ESS
EVE = 2005  # participant, Cameroon, COOP'R
FRANK = 2006  # focal point of APIDA (Benin), COOP'R, has blocked the bot
GROUP_COOPR = -5002  # a group linked to COOP'R
GROUP_LOOSE = -5003  # a group the bot is in, linked to no project

JSON = dict[str, Any]


ROSTER = [
    Someone(COORDINATOR, "Claire", "fr", "fr", None, "coordinator", ("terress", "coopr")),
    Someone(ALICE, "Alice", "fr", "ci", "acal", "participant", ("terress",)),
    Someone(BOB, "Bob", "en", "sn", None, "participant", ("terress",)),
    Someone(DAVID, "David", "fr", "bj", "acal", "focal_point", ("terress",)),
    Someone(EVE, "Eve", "fr", "cm", None, "participant", ("coopr",)),
    Someone(FRANK, "Frank", "fr", "bj", "apida", "focal_point", ("coopr",)),
]


async def seed_roster(services: Services, sandbox: Sandbox) -> None:
    """The people above as members who opened a private chat, and the groups."""
    await add_people(services, sandbox, ROSTER)
    repo = services.members.repo
    now = services.clock.now()
    # Carol never wrote to the bot: she is known (seen in a group) but has no private chat.
    await repo.touch(Person(CAROL, "Carol"), now, private_chat=False)
    await repo.set_projects(CAROL, ["terress"])
    sandbox.add_group(GROUP_COOPR, "COOP'R – réseau", members=[COORDINATOR, EVE])
    sandbox.add_group(GROUP_LOOSE, "Discussions libres", members=[ALICE])
    for chat_id, title, project in (
        (GROUP, "Terr'ESS – points focaux", "terress"),
        (GROUP_COOPR, "COOP'R – réseau", "coopr"),
        (GROUP_LOOSE, "Discussions libres", None),
    ):
        await repo.upsert_group(chat_id, title, "group", now)
        if project:
            await repo.link_group(chat_id, project, COORDINATOR, now)
    # Frank blocked the bot while it was not looking (no update): the first send tells.
    sandbox.world.user(FRANK).blocked_bot = True


@pytest.fixture
async def roster(services: Services, sandbox: Sandbox) -> Services:
    await seed_roster(services, sandbox)
    return services


def buttons(message: JSON) -> dict[str, str]:
    """Button text -> callback data of a message's inline keyboard."""
    markup = message.get("reply_markup") or {}
    return {
        b["text"]: b.get("callback_data", "")
        for row in markup.get("inline_keyboard", [])
        for b in row
    }


def button(message: JSON, starts: str) -> str:
    """The callback data of the button whose text starts with ``starts``."""
    for text, data in buttons(message).items():
        if text.startswith(starts):
            return data
    raise AssertionError(f"no button {starts!r} in {list(buttons(message))}")


async def compose(
    sandbox: Sandbox, text: str, *, user: int = COORDINATOR, command: str = "/annonce"
) -> JSON:
    """/annonce, then the text: returns the audience menu."""
    await sandbox.send_text(user, command)
    await sandbox.wait_for_message(user)
    await sandbox.send_text(user, text)
    return await sandbox.wait_for_message(user)


async def choose(sandbox: Sandbox, menu: JSON, label: str, *, user: int = COORDINATOR) -> JSON:
    """Press an audience button that leads to the preview: returns the summary message."""
    await sandbox.press_button(user, menu, button(menu, label))
    _intro, _preview, summary = await sandbox.wait_for_messages(user, 3)
    return summary


async def confirm(sandbox: Sandbox, summary: JSON, label: str = "✅") -> None:
    """Press a confirmation button and wait until the bot answered it (all is queued)."""
    query = await sandbox.press_button(COORDINATOR, summary, button(summary, label))
    await sandbox.wait_for_callback_answer(query)


async def edited(
    sandbox: Sandbox, message: JSON, contains: str, *, chat: int = COORDINATOR
) -> JSON:
    """The message once the bot has edited it to contain ``contains`` (waits up to 30 s: a
    busy machine may take seconds)."""
    deadline = asyncio.get_running_loop().time() + 30
    while asyncio.get_running_loop().time() < deadline:
        current = sandbox.message(chat, message["message_id"])
        if current is not None and contains in (current.get("text") or ""):
            return current
        await asyncio.sleep(0.02)
    current = sandbox.message(chat, message["message_id"])
    raise AssertionError(f"never edited to contain {contains!r}: {current and current.get('text')}")
