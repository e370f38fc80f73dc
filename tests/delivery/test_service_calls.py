"""The services' other calls to the Bot API, through the adapter (bot/delivery.py) with plain
data in and out: ``send_now`` (the first copy of a poll's results chart), ``stop_poll``
(closing a poll), ``edit_or_resend`` (an announcement's progress in its author's message).
Against the emulator, over HTTP: what Telegram holds afterwards is checked, not our calls."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.delivery import SendFailed, SentMessage
from bot.sandbox import Sandbox
from tests.delivery.conftest import USERS, Engine

ALICE = USERS[0]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="PNG")
    return out.getvalue()


async def test_send_now_returns_where_the_message_is_and_its_photo(
    engine: Engine, sandbox: Sandbox
) -> None:
    sent = await engine.delivery.send_now(
        ALICE,
        {
            "method": "sendPhoto",
            "photo": png(),
            "caption": "<b>Résultats</b>",
            "parse_mode": "HTML",
        },
    )
    assert isinstance(sent, SentMessage) and sent.chat_id == ALICE
    stored = sandbox.message(ALICE, sent.message_id)
    assert stored is not None and stored["caption"] == "Résultats"
    assert sent.photo_file_id == stored["photo"][-1]["file_id"]
    # the id is Telegram's: the same photo goes to the next chats without uploading it again
    again = await engine.delivery.send_now(
        USERS[1], {"method": "sendPhoto", "photo": sent.photo_file_id, "caption": "Résultats"}
    )
    assert again.photo_file_id == sent.photo_file_id
    assert await engine.repo.rows("test", "r1") == []  # not through the outbox


async def test_send_now_says_a_refusal_without_a_telegram_type(
    engine: Engine, sandbox: Sandbox
) -> None:
    sandbox.world.user(ALICE).blocked_bot = True
    with pytest.raises(SendFailed) as refused:
        await engine.delivery.send_now(ALICE, {"method": "sendMessage", "text": "Bonjour"})
    assert "blocked" in refused.value.reason
    assert sandbox.sent_messages(ALICE) == []


async def test_stop_poll_closes_it_once(engine: Engine, sandbox: Sandbox) -> None:
    poll = await engine.delivery.send_now(
        ALICE, {"method": "sendPoll", "question": "Venez-vous ?", "options": ["Oui", "Non"]}
    )
    assert poll.poll_id is not None
    assert await engine.delivery.stop_poll(ALICE, poll.message_id) is True
    stored = sandbox.message(ALICE, poll.message_id)
    assert stored is not None and stored["poll"]["is_closed"] is True
    # already closed, or no such message: False, logged, never raised
    assert await engine.delivery.stop_poll(ALICE, poll.message_id) is False
    assert await engine.delivery.stop_poll(ALICE, poll.message_id + 100) is False


async def test_edit_or_resend_edits_then_sends_anew_once_the_message_is_gone(
    engine: Engine, sandbox: Sandbox
) -> None:
    first = await engine.delivery.send_now(ALICE, {"method": "sendMessage", "text": "0/8 envoyés"})
    button = {"inline_keyboard": [[{"text": "📄 CSV", "callback_data": "bcx:csv:1"}]]}
    delivery = engine.delivery
    assert (
        await delivery.edit_or_resend(ALICE, first.message_id, "<b>8/8</b> envoyés", button) is None
    )
    edited = sandbox.message(ALICE, first.message_id)
    assert edited is not None and edited["text"] == "8/8 envoyés"
    assert edited["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "bcx:csv:1"
    # the same text again: nothing to change, nothing sent
    assert (
        await delivery.edit_or_resend(ALICE, first.message_id, "<b>8/8</b> envoyés", button) is None
    )
    assert len(sandbox.sent_messages(ALICE)) == 1
    # the reader deleted it: the text comes anew, in a message to edit from now on
    await delivery.bot.delete_message(ALICE, first.message_id)
    anew = await delivery.edit_or_resend(ALICE, first.message_id, "Reçue : 8 / 8")
    assert anew is not None and anew.chat_id == ALICE and anew.message_id != first.message_id
    stored = sandbox.message(ALICE, anew.message_id)
    assert stored is not None and stored["text"] == "Reçue : 8 / 8"
