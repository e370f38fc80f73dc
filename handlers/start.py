"""/start: onboarding in private (buttons only), a pointer to the private chat in groups.

The onboarding itself lives in :mod:`bot.onboarding`; here its screens become messages and
its buttons (``ob:...``) are answered by editing the message in place.
"""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import plain_text
from bot.render.onboarding import Screen
from handlers.common import is_group, is_private, reply, speaker, text

log = logging.getLogger(__name__)

# Deep link payloads (https://t.me/<bot>?start=<payload>): "p-<project id>" pre-ticks a project.
PAYLOAD = re.compile(r"^p-([a-z0-9-]{1,60})$")


def markup(screen: Screen) -> InlineKeyboardMarkup | None:
    if not screen.rows:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in screen.rows
        ]
    )


def deep_link(context: BotContext, project: str | None = None) -> str:
    """The link that opens a private chat with the bot (and starts onboarding)."""
    payload = f"p-{project}" if project else "hello"
    return f"https://t.me/{context.bot.username}?start={payload}"


async def send_screen(update: Update, screen: Screen) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(screen.text, reply_markup=markup(screen), do_quote=False)


async def show_screen(update: Update, screen: Screen) -> None:
    """Replace the pressed message with the next screen (a new message if it can't be edited)."""
    query = update.callback_query
    assert query is not None
    message = query.message
    try:
        if isinstance(message, Message):
            await message.edit_text(screen.text, reply_markup=markup(screen))
            return
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        log.info("could not edit the onboarding message: %s", exc.message)
    if query.from_user is not None:
        await query.get_bot().send_message(
            query.from_user.id, screen.text, reply_markup=markup(screen)
        )


async def start_command(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    if is_group(chat):
        await group_greeting(update, context)
        return
    if not is_private(update):
        return
    who = await speaker(update, context)  # records the person and their private chat
    if who.person is None:
        return
    project = None
    if context.args:
        match = PAYLOAD.match(context.args[0])
        project = match[1] if match else None
    screen = await context.services.onboarding.start(
        who.person.user_id, who.person.language_code, project=project
    )
    await send_screen(update, screen)


async def group_greeting(update: Update, context: BotContext) -> None:
    """/start in a group: a short greeting pointing to the private chat."""
    chat = update.effective_chat
    assert chat is not None
    who = await speaker(update, context)
    group = await context.services.members.group(chat.id)
    project = group.project_id if group is not None and group.active else None
    await reply(update, context, who.lang, "members.start.group", link=deep_link(context, project))


async def onboarding_button(update: Update, context: BotContext) -> None:
    """A button of the onboarding or of /me (``ob:<step>:<value>``), in a private chat."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if not is_private(update):
        await query.answer()
        return
    who = await speaker(update, context)
    if who.person is None:
        await query.answer()
        return
    if who.member is None:  # forgotten (/oubli) since: a button alone does not register anyone
        body = text(context, who.lang, "members.start.unknown_press")
        await query.answer(plain_text(body), show_alert=True)
        return
    screen = await context.services.onboarding.press(
        who.person.user_id, who.person.language_code, query.data
    )
    await query.answer()
    if screen is not None:
        await show_screen(update, screen)
