"""/annonce to all the linked groups reaches a supergroup linked only through forum topics, in
its topic, exactly once (issue 15: a topic link is stored apart from the group's own link)."""

from __future__ import annotations

import html
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.services import Services
from tests.broadcast.conftest import (
    GROUP_COOPR,
    GROUP_LOOSE,
    button,
    buttons,
    choose,
    compose,
    confirm,
)
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP

pytestmark = pytest.mark.filterwarnings(
    "ignore:Deprecated since version v22.2.*retry_after:telegram.warnings.PTBDeprecationWarning"
)

FORUM = -1009876543210  # linked only through two topics, to two projects
CLOSED = -1009876543211  # linked only through a topic since closed


def plain(message: dict[str, Any]) -> str:
    return html.unescape(message.get("text") or "")


async def link_topic(sandbox: Sandbox, chat: int, name: str, project: str) -> int:
    thread = sandbox.create_topic(chat, name, by_user_id=COORDINATOR)
    await sandbox.send_text(COORDINATOR, f"/liergroupe {project}", chat_id=chat, thread_id=thread)
    answer = await sandbox.wait_for_message(chat)
    assert answer.get("message_thread_id") == thread and "Ce sujet est lié" in plain(answer)
    return thread


def copies(sandbox: Sandbox, chat: int, text: str) -> list[int | None]:
    """The thread of every copy of ``text`` the chat received."""
    return [m.get("message_thread_id") for m in sandbox.sent_messages(chat) if plain(m) == text]


@pytest.mark.parametrize("label", ["Tout le monde", "Groupes liés"])
async def test_all_groups_reach_a_group_linked_only_through_topics_once(
    roster: Services, sandbox: Sandbox, label: str
) -> None:
    for chat, title in ((FORUM, "Réseau en sujets"), (CLOSED, "Sujet fermé")):
        sandbox.add_group(
            chat, title, supergroup=True, forum=True, members=[ALICE, BOB], admins=[COORDINATOR]
        )
    first = await link_topic(sandbox, FORUM, "Annonces Terr'ESS", "terress")
    await link_topic(sandbox, FORUM, "COOP'R", "coopr")
    gone = await link_topic(sandbox, CLOSED, "Annonces", "terress")
    sandbox.close_topic(CLOSED, gone, by_user_id=COORDINATOR)
    await roster.members.topic_gone(CLOSED, gone)  # as a failed send finds it
    await roster.delivery.wait_idle()
    assert "est fermé ou supprimé" in plain(await sandbox.wait_for_message(COORDINATOR))
    menu = await compose(sandbox, "Assemblée générale de tous les réseaux")
    summary = await choose(sandbox, menu, label)
    await confirm(sandbox, summary)
    await roster.delivery.wait_idle()
    await roster.broadcasts.tick()
    text = "Assemblée générale de tous les réseaux"
    # once, in the first linked topic; the one whose topic is closed: in its general thread
    assert copies(sandbox, FORUM, text) == [first]
    assert copies(sandbox, CLOSED, text) == [None]
    # the groups linked as a whole still once, in their general thread; an unlinked one never
    assert copies(sandbox, GROUP, text) == [None]
    assert copies(sandbox, GROUP_COOPR, text) == [None]
    assert copies(sandbox, GROUP_LOOSE, text) == []


async def test_the_project_picker_counts_a_group_linked_through_a_topic(
    roster: Services, sandbox: Sandbox
) -> None:
    sandbox.add_group(
        FORUM,
        "Réseau en sujets",
        supergroup=True,
        forum=True,
        members=[ALICE],
        admins=[COORDINATOR],
    )
    thread = await link_topic(sandbox, FORUM, "COOP'R", "coopr")
    menu = await compose(sandbox, "Réunion COOP'R jeudi")
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Un projet"))
    projects = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "COOP'R (5)" in buttons(projects)  # 3 people, its group and the topic's group
    summary = await choose(sandbox, projects, "COOP'R")
    assert "groupes : 2" in summary["text"]
    await confirm(sandbox, summary)
    await roster.delivery.wait_idle()
    assert copies(sandbox, FORUM, "Réunion COOP'R jeudi") == [thread]
