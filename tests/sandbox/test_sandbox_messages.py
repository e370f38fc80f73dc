"""Messages, keyboards, callback queries, commands: PTB objects and Telegram's errors."""

from __future__ import annotations

import pytest
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyParameters,
)

from bot.sandbox import Sandbox, SandboxError

from .support import ALICE, BOB, GROUP

KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Oui", callback_data="vote:yes")],
        [InlineKeyboardButton("Non", callback_data="vote:no")],
    ]
)


async def test_text_validation(bot: telegram.Bot) -> None:
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ALICE, "   ")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ALICE, "x" * 4097)
    assert (await bot.send_message(ALICE, "x" * 4096)).text == "x" * 4096
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999, "personne")


async def test_callback_data_longer_than_64_bytes_is_refused(bot: telegram.Bot) -> None:
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ALICE, "choix", reply_markup=too_long)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])
    assert (await bot.send_message(ALICE, "choix", reply_markup=ok)).reply_markup == ok


async def test_button_press_and_answer(bot: telegram.Bot, sb: Sandbox) -> None:
    sent = await bot.send_message(ALICE, "D'accord ?", reply_markup=KEYBOARD)
    assert sent.reply_markup == KEYBOARD
    stored = sb.last_message(ALICE)
    assert stored is not None
    query_id = await sb.press_button(ALICE, stored, "Non")  # by text
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.id == query_id
    assert query.data == "vote:no" and query.from_user.id == ALICE
    assert (
        isinstance(query.message, telegram.Message) and query.message.message_id == sent.message_id
    )
    assert await query.answer("Merci !", show_alert=True)
    assert (await sb.wait_for_callback_answer(query_id))["text"] == "Merci !"
    assert sb.callback_answers[query_id]["show_alert"] is True
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_pressing_a_missing_button_fails_clearly(bot: telegram.Bot, sb: Sandbox) -> None:
    sent = await bot.send_message(ALICE, "D'accord ?", reply_markup=KEYBOARD)
    with pytest.raises(SandboxError, match=r"no button 'Peut-être'.*\('Oui', 'vote:yes'\)"):
        await sb.press_button(ALICE, (ALICE, sent.message_id), "Peut-être")


async def test_edit_text_drops_the_keyboard_unless_resent(bot: telegram.Bot, sb: Sandbox) -> None:
    sent = await bot.send_message(ALICE, "Question", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text(
        "Question (modifiée)", ALICE, sent.message_id, reply_markup=KEYBOARD
    )
    assert isinstance(edited, telegram.Message)
    assert edited.reply_markup == KEYBOARD and edited.edit_date is not None
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Question (modifiée)", ALICE, sent.message_id, reply_markup=KEYBOARD
        )
    await bot.edit_message_text("Réponse", ALICE, sent.message_id)
    (current,) = sb.sent_messages(ALICE)
    assert current["text"] == "Réponse" and "reply_markup" not in current
    await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=KEYBOARD)
    assert sb.sent_messages(ALICE)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Oui"
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", ALICE, 9999)
    user_message = await sb.send_text(ALICE, "coucou")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", ALICE, user_message["message_id"])


async def test_delete_message(bot: telegram.Bot, sb: Sandbox) -> None:
    sent = await bot.send_message(ALICE, "éphémère")
    assert await bot.delete_message(ALICE, sent.message_id)
    assert sb.sent_messages(ALICE) == []
    assert sb.sent_messages(ALICE, include_deleted=True)[0]["text"] == "éphémère"
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)


async def test_reply_parameters_and_reply_keyboard(bot: telegram.Bot, sb: Sandbox) -> None:
    question = await sb.send_text(ALICE, "Quelle heure ?")
    keyboard = ReplyKeyboardMarkup([["Matin", "Soir"]], one_time_keyboard=True)
    answer = await bot.send_message(
        ALICE,
        "Choisis",
        reply_parameters=ReplyParameters(question["message_id"]),
        reply_markup=keyboard,
    )
    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "Quelle heure ?"
    assert answer.reply_markup is None  # Telegram only returns inline keyboards
    stored = sb.last_message(ALICE)
    assert stored is not None and stored["reply_markup"]["keyboard"] == [
        [{"text": "Matin"}, {"text": "Soir"}]
    ]
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(ALICE, "x", reply_parameters=ReplyParameters(4242))
    ok = await bot.send_message(
        ALICE, "x", reply_parameters=ReplyParameters(4242, allow_sending_without_reply=True)
    )
    assert ok.reply_to_message is None


async def test_copy_forward_action_reaction_pin(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE, BOB], bot_admin=True)
    original = await sb.send_text(ALICE, "Ordre du jour", chat_id=GROUP)
    copied = await bot.copy_message(BOB, GROUP, original["message_id"])
    assert isinstance(copied, telegram.MessageId)
    assert sb.message(BOB, copied.message_id)["text"] == "Ordre du jour"  # type: ignore[index]
    forwarded = await bot.forward_message(BOB, GROUP, original["message_id"])
    assert isinstance(forwarded.forward_origin, telegram.MessageOriginUser)
    assert forwarded.forward_origin.sender_user.id == ALICE
    assert await bot.send_chat_action(GROUP, "typing")
    assert sb.events(kinds=["chat_action"])[-1].data == {"action": "typing"}
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(GROUP, "dancing")
    assert await bot.set_message_reaction(GROUP, original["message_id"], "👍")
    assert await bot.pin_chat_message(GROUP, original["message_id"])
    chat = await bot.get_chat(GROUP)
    assert chat.pinned_message is not None and chat.pinned_message.text == "Ordre du jour"
    assert await bot.unpin_chat_message(GROUP)


async def test_commands_are_stored_per_scope_and_language(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE])
    default = [BotCommand("start", "Démarrer"), BotCommand("aide", "Aide")]
    assert await bot.set_my_commands(default)
    assert await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    assert await bot.set_my_commands(
        [BotCommand("admin", "Réglages")], scope=BotCommandScopeChat(GROUP)
    )
    assert await bot.set_my_commands(
        [BotCommand("profil", "Profil")], scope=BotCommandScopeAllPrivateChats()
    )
    assert await bot.get_my_commands() == tuple(default)
    assert [c.command for c in await bot.get_my_commands(language_code="en")] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(GROUP))] == [
        "admin"
    ]
    assert sb.commands("all_private_chats") == [{"command": "profil", "description": "Profil"}]
    assert sb.commands({"type": "chat", "chat_id": GROUP})[0]["command"] == "admin"
    assert sb.commands(language_code="de") == []
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    assert await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == ()


async def test_profile_texts(bot: telegram.Bot) -> None:
    assert (await bot.get_my_name()).name == "CoopBot"
    assert await bot.set_my_description("Le bot de la coopération", language_code="fr")
    assert (
        await bot.get_my_description(language_code="fr")
    ).description == "Le bot de la coopération"
    assert (await bot.get_my_short_description()).short_description == ""


async def test_unknown_method_is_not_found(bot: telegram.Bot) -> None:
    with pytest.raises(telegram.error.EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": ALICE})


async def test_captions_bulk_delete_and_channels(bot: telegram.Bot, sb: Sandbox) -> None:
    sent = await bot.send_document(
        ALICE, b"x", filename="x.txt", caption="v1", reply_markup=KEYBOARD
    )
    edited = await bot.edit_message_caption(
        ALICE, sent.message_id, caption="<i>v2</i>", parse_mode="HTML"
    )
    assert isinstance(edited, telegram.Message)
    assert edited.caption == "v2" and edited.caption_entities[0].type == "italic"
    assert edited.reply_markup is None  # dropped like editMessageText
    text_message = await bot.send_message(ALICE, "texte")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)no caption in the message"):
        await bot.edit_message_caption(ALICE, text_message.message_id, caption="x")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)no text in the message"):
        await bot.edit_message_text("x", ALICE, sent.message_id)
    assert await bot.delete_messages(ALICE, [sent.message_id, text_message.message_id, 999])
    assert sb.sent_messages(ALICE) == []
    sb.add_channel(-1002223334445, "Coop Infos", username="coop_infos")
    post = await bot.send_message("@coop_infos", "Annonce")
    assert post.chat.id == -1002223334445 and post.chat.type == "channel"
    sb.add_channel(-1005556667778, "Autre", bot_admin=False)
    with pytest.raises(telegram.error.Forbidden, match=r"(?i)not a member of the channel chat"):
        await bot.send_message(-1005556667778, "x")
    with pytest.raises(
        telegram.error.BadRequest, match=r"(?i)no administrators in the private chat"
    ):
        await bot.get_chat_administrators(ALICE)
