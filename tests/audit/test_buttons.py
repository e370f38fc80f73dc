"""Answers to callback queries are plain text: Telegram does not parse HTML there."""

from __future__ import annotations

from typing import Any

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from tests.conftest import BOB, COORDINATOR


async def press(sandbox: Sandbox, user: int, message: Any, data: str) -> dict[str, Any]:
    """Press, and wait for the answer and for the message as the bot then leaves it."""
    mark = sandbox.mark()
    query = await sandbox.press_button(user, message, data)
    answer = await sandbox.wait_for_callback_answer(query)
    if data.startswith("ob:"):
        await sandbox.wait_for_message(message["chat"]["id"], after=mark, include_edits=True)
    return answer


async def test_the_answer_to_a_button_is_plain_text(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(COORDINATOR, "/aide")  # the coordinator has a private chat
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(BOB, "/start")
    screen = await sandbox.wait_for_message(BOB)
    for data in ("ob:lang:fr", "ob:proj:terress", "ob:proj:*done", "ob:role:focal_point"):
        await press(sandbox, BOB, screen, data)
    await press(sandbox, BOB, screen, "ob:ctry:bj")
    await press(sandbox, BOB, screen, "ob:org:acal")  # l'Atlantique: an apostrophe
    claim = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "point focal" in m["text"]
    )
    answer = await press(sandbox, COORDINATOR, claim, "fp:ok:2002")
    assert "de l'Atlantique" in answer["text"] and "&#" not in answer["text"]
