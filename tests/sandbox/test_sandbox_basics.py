"""sendMessage / getUpdates / a real PTB Application polling the emulator."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import telegram
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.sandbox import Sandbox

from .support import ALICE, BOB, TOKEN, make_bot


async def test_get_me_describes_the_bot(bot: telegram.Bot, sb: Sandbox) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123, True, "coopbot_test_bot")
    assert sb.calls("getMe")[0].ok


async def test_wrong_token_is_unauthorized(sb: Sandbox) -> None:
    request = HTTPXRequest()
    wrong = telegram.Bot("123:WRONG", base_url=sb.api_base_url, request=request)
    try:
        with pytest.raises(telegram.error.InvalidToken, match="Unauthorized"):
            await wrong.get_me()
    finally:
        await request.shutdown()


async def test_send_message_returns_a_parsed_message(bot: telegram.Bot, sb: Sandbox) -> None:
    message = await bot.send_message(ALICE, "Bonjour Alice")
    assert message.text == "Bonjour Alice"
    assert message.chat.id == ALICE and message.chat.type == "private"
    assert message.from_user is not None and message.from_user.id == 123
    assert sb.sent_messages(ALICE)[-1]["text"] == "Bonjour Alice"
    assert sb.sent_messages(BOB) == []


async def test_updates_are_confirmed_by_offset(bot: telegram.Bot, sb: Sandbox) -> None:
    await sb.send_text(ALICE, "un")
    await sb.send_text(BOB, "deux")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["un", "deux"]
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [u.update_id for u in first]
    rest = await bot.get_updates(offset=first[0].update_id + 1, timeout=0, limit=5)
    assert [u.message.text for u in rest if u.message] == ["deux"]
    empty = await bot.get_updates(offset=first[1].update_id + 1, timeout=0)
    assert empty == ()
    assert sb.pending_updates() == []


async def test_long_polling_returns_as_soon_as_an_update_arrives(
    bot: telegram.Bot, sb: Sandbox
) -> None:
    # A long poll of a minute: answered at once when the update comes (the bounds below only
    # tell "at once" from "at the end of the poll", whatever a busy machine's delays).
    loop = asyncio.get_running_loop()
    calls_so_far = len(sb.calls())
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=60))
    await sb.wait_for_call("getUpdates", after_call=calls_so_far, finished=False, timeout=30)
    assert not poll.done()  # the emulator holds it
    await sb.send_text(ALICE, "réveille-toi")
    updates = await asyncio.wait_for(poll, 30)
    assert updates[0].message is not None and updates[0].message.text == "réveille-toi"
    assert loop.time() - started < 30


async def test_application_echoes_through_polling(sb: Sandbox) -> None:
    async def echo(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            f"écho : {update.effective_message.text}", do_quote=True
        )

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(sb.api_base_url)
        .base_file_url(sb.file_base_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            sent = await sb.send_text(ALICE, "salut")
            reply = await sb.wait_for_message(ALICE)
            assert reply["text"] == "écho : salut"
            assert reply["reply_to_message"]["message_id"] == sent["message_id"]
            await sb.send_text(ALICE, "encore")
            assert (await sb.wait_for_message(ALICE))["text"] == "écho : encore"
        finally:
            await app.updater.stop()
            await app.stop()
    assert sb.calls("deleteWebhook"), "PTB starts polling by deleting the webhook"


async def test_injected_clock_dates_messages() -> None:
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    async with Sandbox(TOKEN, clock=lambda: moment) as sb:
        sb.add_user(ALICE, "Alice")
        async with make_bot(sb) as bot:
            question = await sb.send_text(ALICE, "Quand ?")
            assert question["date"] == int(moment.timestamp())
            sent = await bot.send_message(
                ALICE, "Maintenant", reply_to_message_id=question["message_id"]
            )
            assert sent.date == moment
            answer = await sb.send_text(ALICE, "Merci", reply_to_message_id=sent.message_id)
            assert answer["reply_to_message"]["text"] == "Maintenant"
            *_, update = await bot.get_updates()
            assert update.message is not None and update.message.reply_to_message is not None
            assert update.message.reply_to_message.from_user is not None
            assert update.message.reply_to_message.from_user.is_bot
