"""/start (basic), /help and the answer to unknown commands."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.context import BotContext
from handlers.access import is_coordinator
from handlers.common import is_group, reply, speaker


async def help_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    chat = update.effective_chat
    if chat is not None and is_group(chat):  # the group's language, as questions there
        members = context.services.members
        who = replace(who, lang=members.group_language(await members.group(chat.id)))
    # Two short messages rather than one long one: each fits a phone screen.
    await reply(update, context, who.lang, "core.help.text")
    if await is_coordinator(update, context):
        await reply(update, context, who.lang, "core.help.coordinator")


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    command, _, addressee = message.text.split()[0].partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # /command@another_bot, in a group: not ours to answer
    who = await speaker(update, context)
    await reply(update, context, who.lang, "core.errors.unknown_command", command=command)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/annuler outside the conversations (announcement, poll, event) that it stops."""
    who = await speaker(update, context)
    await reply(update, context, who.lang, "core.errors.nothing_to_cancel")
