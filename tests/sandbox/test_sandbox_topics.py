"""Forum topics in the emulator, as Telegram has them: ``is_forum``, ``message_thread_id``,
``forum_topic_created`` / ``closed`` service messages, and the errors for a closed or deleted
topic, read by a real PTB Bot."""

from __future__ import annotations

import pytest
import telegram

from bot.sandbox import Sandbox, SandboxError

from .support import ALICE, BOB, SUPERGROUP


async def test_topics_messages_and_errors(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(SUPERGROUP, "Réseau", supergroup=True, forum=True, members=[BOB], admins=[ALICE])
    thread = sb.create_topic(SUPERGROUP, "Annonces", by_user_id=ALICE)
    await sb.send_text(BOB, "Bonjour le sujet", chat_id=SUPERGROUP, thread_id=thread)
    created, message = await bot.get_updates()
    assert created.message is not None and created.message.chat.is_forum
    assert created.message.forum_topic_created is not None
    assert created.message.forum_topic_created.name == "Annonces"
    assert created.message.message_thread_id == thread == created.message.message_id
    incoming = message.message
    assert incoming is not None and incoming.is_topic_message
    assert incoming.message_thread_id == thread
    assert incoming.reply_to_message is not None  # the topic's creation message
    assert incoming.reply_to_message.message_id == thread
    # PTB's reply_text answers in the topic by itself
    answer = await incoming.reply_text("Réponse")
    assert answer.message_thread_id == thread and answer.is_topic_message
    stored = sb.last_message(SUPERGROUP)
    assert stored is not None and stored["message_thread_id"] == thread
    # a message without a thread goes to the general topic
    general = await bot.send_message(SUPERGROUP, "Général")
    assert general.message_thread_id is None
    # closed: members may not post, neither may the bot unless it is an admin
    sb.close_topic(SUPERGROUP, thread, by_user_id=ALICE)
    (closed,) = await bot.get_updates(offset=message.update_id + 1)
    assert closed.message is not None and closed.message.forum_topic_closed is not None
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)topic_closed"):
        await bot.send_message(SUPERGROUP, "Rappel", message_thread_id=thread)
    with pytest.raises(SandboxError):
        await sb.send_text(BOB, "Encore", chat_id=SUPERGROUP, thread_id=thread)
    sb.reopen_topic(SUPERGROUP, thread, by_user_id=ALICE)
    await bot.send_message(SUPERGROUP, "Rouvert", message_thread_id=thread)
    # deleted, or never there: "message thread not found"
    sb.delete_topic(SUPERGROUP, thread)
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(SUPERGROUP, "Rappel", message_thread_id=thread)
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(SUPERGROUP, "Rappel", message_thread_id=999)


async def test_only_supergroups_have_topics(sb: Sandbox) -> None:
    with pytest.raises(SandboxError):
        sb.add_group(-777, "Petit groupe", forum=True)
    sb.add_group(SUPERGROUP, "Sans sujets", supergroup=True)
    with pytest.raises(SandboxError):
        sb.create_topic(SUPERGROUP, "Annonces", by_user_id=ALICE)
