"""/start (basic), /help and the answer to unknown commands."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, CommandHandler, ConversationHandler

from bot.context import BotContext
from bot.names import closest_word
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
    close = closest_word(command.lstrip("/"), known_commands(context.application))
    if close:  # "/sondge": did you mean /sondage?
        await reply(
            update,
            context,
            who.lang,
            "core.errors.unknown_command_close",
            command=command,
            close=f"/{close}",
        )
        return
    await reply(update, context, who.lang, "core.errors.unknown_command", command=command)


def known_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> list[str]:
    """Every command name the bot answers to, from its registered handlers (conversations'
    entry points included): the list a typo is compared with."""
    names: set[str] = set()

    def add(handler: BaseHandler[Any, Any, Any]) -> None:
        if isinstance(handler, CommandHandler):
            names.update(handler.commands)
        elif isinstance(handler, ConversationHandler):
            for entry in handler.entry_points:
                add(entry)

    for group in application.handlers.values():
        for handler in group:
            add(handler)
    return sorted(names)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/annuler outside the conversations (announcement, poll, event) that it stops."""
    who = await speaker(update, context)
    await reply(update, context, who.lang, "core.errors.nothing_to_cancel")
