"""Fixtures of the poll tests: a small Terr'ESS roster (people with organisations and
countries, a linked group) written through the real members repository, pacing limits raised
so that the outbox does not wait 3 s between two messages to a group, and helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP
from tests.roster import Someone, add_people, unpaced

DAVID = 2004  # ACAL (Benin), like Alice: a second voter of the same organisation
EVE = 2005  # Conseil régional de l'Ouest (Cameroon)
GRACE = 2007  # Grand Est (France), English
CAROL_BARRIER = 2999  # a bystander whose /aide marks "every earlier update was handled"

JSON = dict[str, Any]


ROSTER = [
    Someone(COORDINATOR, "Claire", "fr", "fr", None, "coordinator", ("terress", "coopr")),
    Someone(ALICE, "Alice", "fr", "bj", "acal"),
    Someone(BOB, "Bob", "en", "sn", "cd-bambey"),
    Someone(DAVID, "David", "fr", "bj", "acal"),
    Someone(EVE, "Eve", "fr", "cm", "cr-ouest-cameroun"),
    Someone(GRACE, "Grace", "en", "fr", "grand-est"),
]
IN_GROUP = [COORDINATOR, ALICE, BOB, DAVID, EVE, GRACE]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared settings, with Telegram's per-chat pacing lifted (the emulator does not
    enforce it here): a group may get a poll and its results within the same second."""
    return unpaced(settings)


async def seed_roster(services: Services, sandbox: Sandbox) -> None:
    await add_people(services, sandbox, ROSTER)
    repo = services.members.repo
    now = services.clock.now()
    sandbox.add_user(CAROL_BARRIER, "Barrière", language_code="fr")
    # Carol never opened a private chat: polls reach her only in groups.
    await repo.touch(Person(CAROL, "Carol"), now, private_chat=False)
    await repo.set_projects(CAROL, ["terress"])
    group = sandbox.world.chat(GROUP)
    for user_id in IN_GROUP:
        group.members.setdefault(user_id, "member")
    await repo.upsert_group(GROUP, "Terr'ESS – points focaux", "group", now)
    await repo.link_group(GROUP, "terress", COORDINATOR, now)


async def link_group(services: Services, project: str, chat_id: int = GROUP) -> None:
    """``chat_id`` linked to ``project`` through the real repository (a poll to the groups of
    a project with none is refused at the preview)."""
    now = services.clock.now()
    await services.members.repo.upsert_group(chat_id, "Groupe du projet", "group", now)
    await services.members.repo.link_group(chat_id, project, COORDINATOR, now)


@pytest.fixture
async def roster(services: Services, sandbox: Sandbox) -> Services:
    await seed_roster(services, sandbox)
    return services


def polls_in(sandbox: Sandbox, chat_id: int) -> list[JSON]:
    """The bot's poll messages in a chat, oldest first."""
    return [m for m in sandbox.sent_messages(chat_id) if "poll" in m]


def feedback_polls(sandbox: Sandbox, chat_id: int) -> tuple[JSON, JSON]:
    """The latest feedback polls in a chat: (attendance, satisfaction). Told apart by their
    options (yes/no, 1 to 5), not by their order: both go out in the same millisecond with
    these settings, and a busy machine may deliver the second first."""
    latest = polls_in(sandbox, chat_id)[-2:]
    (attendance,) = [m for m in latest if len(m["poll"]["options"]) == 2]
    (satisfaction,) = [m for m in latest if len(m["poll"]["options"]) == 5]
    return attendance, satisfaction


async def poll_message(sandbox: Sandbox, chat_id: int, question: str | None = None) -> JSON:
    """Wait for the bot's next poll in ``chat_id`` (whose question contains ``question``)."""
    return await sandbox.wait_for_message(
        chat_id,
        predicate=lambda m: "poll" in m and (question is None or question in m["poll"]["question"]),
    )


async def settle(services: Services, sandbox: Sandbox) -> None:
    """Everything sent, every update so far handled, every answer written.

    PTB handles updates one at a time, in order: once the bot has answered a /help sent now,
    every earlier update (votes included) went through its handler."""
    await services.delivery.wait_idle()
    after = sandbox.mark()
    await sandbox.send_text(CAROL_BARRIER, "/aide")
    await sandbox.wait_for_message(CAROL_BARRIER, after=after)
    await services.polls.wait_idle()
    await services.delivery.wait_idle()


def texts(messages: Iterable[JSON]) -> str:
    return "\n".join(m.get("text") or m.get("caption") or "" for m in messages)


async def send_poll_line(
    sandbox: Sandbox, line: str, *, chat_id: int | None = None, user_id: int = COORDINATOR
) -> JSON:
    """A one-line /sondage, previewed then sent with "Envoyer" (issue 15); returns the
    confirmation (the preview message, edited)."""
    where = chat_id or user_id
    after = sandbox.mark()
    await sandbox.send_text(user_id, line, chat_id=chat_id)
    preview = await sandbox.wait_for_message(where, after=after)
    send = [
        b["callback_data"]
        for row in preview.get("reply_markup", {}).get("inline_keyboard", [])
        for b in row
        if b.get("callback_data", "").startswith("polls:line:send:")
    ]
    assert send, preview.get("text")
    await sandbox.press_button(user_id, preview, send[0])
    return await sandbox.wait_for_message(
        where, after=after, include_edits=True, predicate=lambda m: "n° " in m.get("text", "")
    )
