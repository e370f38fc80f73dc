"""Each coordinator's own command menu, kept in step with their role and language.

At start (``bot/app.py``) every coordinator who can be written to gets the coordinators' menu in
their language. Then any update a person sends in private is followed, once the command has run
(group 1), by a check: someone promoted, or who changed language, gets the menu that fits; a
coordinator who had never written to the bot gets theirs at their first message. Someone demoted
is given back the common menu as soon as the demotion is done. Each change is one request; the
menus last set in this run are remembered in ``bot_data.menus``.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommandScopeChat, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.render.menus import menu
from bot.services import Services

log = logging.getLogger(__name__)

Shown = dict[int, str]  # user id -> language of the coordinators' menu set in their chat


async def sync(
    bot: Bot, services: Services, shown: Shown, user_id: int, code: str | None = None
) -> None:
    """Give ``user_id``'s private chat the menu their role and language call for, if it is not
    the one last set (``code``: their Telegram app's language, for someone who chose none)."""
    members = services.members
    member = await members.get(user_id)
    coordinator = members.role_of(member, user_id) == "coordinator"
    lang = members.language_of(member, code) if coordinator else None
    if shown.get(user_id) == lang:
        return
    scope = BotCommandScopeChat(user_id)
    try:
        if lang is not None:
            await bot.set_my_commands(menu(services.catalogue, lang, coordinator=True), scope=scope)
        else:  # no longer a coordinator: the common menu of their language
            await bot.delete_my_commands(scope=scope)
    except TelegramError as error:  # never wrote to the bot: the common menu
        log.info("no coordinator menu for %s: %s", user_id, error)
        return
    if lang is None:
        shown.pop(user_id, None)
    else:
        shown[user_id] = lang


async def sync_all(bot: Bot, services: Services, shown: Shown) -> None:
    """At start: the coordinators' menu in each coordinator's chat (configured and promoted)."""
    for coordinator in await services.members.coordinators():
        await sync(bot, services, shown, coordinator.user_id)


async def refresh(update: Update, context: BotContext) -> None:
    """After any update in a private chat: the person's menu, if their role or language
    changed (never answers)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != "private" or user.is_bot:
        return
    await sync(context.bot, context.services, context.bot_data.menus, user.id, user.language_code)
