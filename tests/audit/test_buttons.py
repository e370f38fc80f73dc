"""Answers to callback queries are plain text: Telegram does not parse HTML there."""

from __future__ import annotations

from typing import Any

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
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
    await sandbox.wait_for_messages(COORDINATOR, 2)  # everyone's commands, then theirs
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


async def test_a_button_pressed_while_the_bot_was_stopped_still_works(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/evenement terress | visio | Point | demain 9h | 1h")
    draft = await sandbox.wait_for_message(COORDINATOR)
    await press(sandbox, COORDINATOR, draft, "ev:save:1")
    await sandbox.send_text(BOB, "/prochain")
    card = await sandbox.wait_for_message(BOB, predicate=lambda m: "reply_markup" in m)
    # Telegram delivers the press late: too old to be answered ("query is too old").
    sandbox.world.push_update(
        "callback_query",
        {
            "id": "4000000000000099999",  # unknown to Telegram by now
            "from": {"id": BOB, "is_bot": False, "first_name": "Bob", "language_code": "en"},
            "message": card,
            "chat_instance": "1",
            "data": "rsvp:1:yes",
        },
    )
    edited = await sandbox.wait_for_message(BOB, include_edits=True)
    assert "• ✅" in str(edited["reply_markup"])  # the answer is recorded and shown
    assert [r.answer for r in await services.events.repo.rsvps(1)] == ["yes"]
    assert not [m for m in sandbox.sent_messages(BOB) if "Sorry" in m.get("text", "")]
