"""Each coordinator's command menu follows their role and language: set at their first message
when they had never written, at once when promoted or demoted, and after /langue."""

from __future__ import annotations

from typing import Any

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from tests.conftest import ALICE, COORDINATOR


async def menu_of(sandbox: Sandbox, user_id: int) -> set[str]:
    """The menu in ``user_id``'s chat once the updates so far are handled (one at a time: the
    reply to one more message comes after the menu check of the ones before)."""
    await sandbox.send_text(COORDINATOR, "/moi")
    await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "Claire" in m["text"])
    scope: dict[str, Any] = {"type": "chat", "chat_id": user_id}
    return {command["command"] for command in sandbox.commands(scope)}


async def test_a_coordinator_gets_their_menu_and_it_follows_their_language(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/start")
    await sandbox.wait_for_message(COORDINATOR)
    assert {"evenement", "sondage", "annonce", "aide"} <= await menu_of(sandbox, COORDINATOR)
    await sandbox.send_text(COORDINATOR, "/langue en")
    await sandbox.wait_for_message(COORDINATOR)
    assert {"event", "poll", "broadcast", "help"} <= await menu_of(sandbox, COORDINATOR)


async def test_promoted_gets_the_coordinators_menu_and_demoted_loses_it(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(ALICE, "/start")
    await sandbox.wait_for_message(ALICE)
    assert await menu_of(sandbox, ALICE) == set()  # a participant: the common menu
    await sandbox.send_text(COORDINATOR, "/promouvoir @alice")
    await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "Alice" in m["text"])
    assert {"evenement", "annonce", "rapport"} <= await menu_of(sandbox, ALICE)
    await sandbox.send_text(COORDINATOR, "/retrograder @alice")
    await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "Alice" in m["text"])
    assert await menu_of(sandbox, ALICE) == set()
