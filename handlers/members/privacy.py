"""Personal data: /mydata (/mesdonnees) and /forget (/oubli) with its confirmation."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.render.buttons import Forget, inline
from handlers.common import (
    is_private,
    speaker,
    text,
)
from handlers.members.helpers import (
    private_only,
)

# -- personal data -----------------------------------------------------------------------------


async def mydata_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    message = update.effective_message
    if not is_private(update) or who.person is None or message is None:
        await private_only(update, context, who)
        return
    data = await context.services.privacy.export_json(who.person.user_id)
    await message.reply_document(
        document=data,
        filename=f"coopbot-{who.person.user_id}.json",
        caption=text(context, who.lang, "members.privacy.mydata_caption"),
        do_quote=False,
    )


async def forget_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    message = update.effective_message
    if not is_private(update) or who.person is None or message is None:
        await private_only(update, context, who)
        return
    lang = who.lang
    buttons = InlineKeyboardMarkup(
        [
            [
                inline(text(context, lang, "members.buttons.forget_yes"), Forget("yes")),
                inline(text(context, lang, "members.buttons.forget_no"), Forget("no")),
            ]
        ]
    )
    await message.reply_text(
        text(context, lang, "members.privacy.forget_confirm"), reply_markup=buttons, do_quote=False
    )


async def forget_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    user = query.from_user
    if not is_private(update) or user is None:
        await query.answer()
        return
    services = context.services
    # Read only: the language is taken before the record disappears.
    member = await services.members.get(user.id)
    lang = services.members.language_of(member, user.language_code)
    pressed = Forget.decode(query.data)
    if pressed is not None and pressed.answer == "yes":
        forgotten = await services.privacy.forget(user.id)
        key = "members.privacy.forgotten" if forgotten else "members.privacy.nothing"
    else:
        key = "members.privacy.cancelled"
    await query.answer()
    message = query.message
    body = text(context, lang, key)
    if isinstance(message, Message):
        try:
            await message.edit_text(body, reply_markup=None)
            return
        except BadRequest:
            pass
    await context.bot.send_message(user.id, body)
