"""Who may do what: the one place where coordinator-only actions are checked.

Wrap a handler callback with :func:`coordinator_only`; everyone else gets a clear refusal in
their language and nothing else happens (the refusal itself writes nothing to the database).

Group admins: :func:`group_admin_or_coordinator` lets a group's own admins act on *their
group's settings* (its language and time zone, unlinking it from a project), checked with
getChatMember and cached for ``bot.members.ADMIN_TTL``. Messages "sent on behalf of the group"
by anonymous admins (``sender_chat`` = the group, ``from`` = GroupAnonymousBot) count as an
admin of that group. Linking a group to a project (:func:`coordinator_only`) stays with the
coordinators: it makes the group receive a project's announcements, reminders and polls, so a
group admin who is not a coordinator cannot do it, and an anonymous admin cannot be known to
be a coordinator (they are asked to write under their own name).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from bot.context import BotContext
from bot.i18n import plain_text
from handlers.common import is_group

log = logging.getLogger(__name__)

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]

# Messages "sent on behalf of the group" by an anonymous admin come from this Telegram user.
ANONYMOUS_ADMIN_ID = 1087968824


async def is_coordinator(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    if user is None or user.is_bot or user.id == ANONYMOUS_ADMIN_ID:
        return False
    return await context.services.members.is_coordinator(user.id)


def coordinator_only(callback: Callback) -> Callback:
    """Run ``callback`` only for coordinators; refuse everyone else politely."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        if await is_coordinator(update, context):
            return await callback(update, context)
        await refuse(update, context, "core.access.coordinators_only", callback.__name__)
        return None

    return guarded


def is_anonymous_admin(update: Update) -> bool:
    """A message sent "on behalf of the group" by one of its anonymous admins."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not is_group(chat):
        return False
    sender = message.sender_chat
    user = message.from_user
    return (
        sender is not None
        and sender.id == chat.id
        and (user is None or user.id == ANONYMOUS_ADMIN_ID)
    )


async def is_group_admin(update: Update, context: BotContext) -> bool:
    """The sender is an admin (or the creator) of the group the update comes from."""
    chat = update.effective_chat
    if chat is None or not is_group(chat):
        return False
    if is_anonymous_admin(update):
        return True
    user = update.effective_user
    if user is None or user.is_bot:
        return False
    cache = context.services.members.admins
    known = cache.get(chat.id, user.id)
    if known is not None:
        return known
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning("getChatMember failed in %s: %s", chat.id, exc)
        return False
    admin = member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
    cache.put(chat.id, user.id, admin)
    return admin


def group_admin_or_coordinator(callback: Callback) -> Callback:
    """Run ``callback`` for coordinators, and in a group for that group's admins."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        if await is_coordinator(update, context) or await is_group_admin(update, context):
            return await callback(update, context)
        await refuse(update, context, "members.access.group_admins_only", callback.__name__)
        return None

    return guarded


async def refuse(update: Update, context: BotContext, key: str, action: str) -> None:
    """The refusal: a clear message in the person's language, and nothing written anywhere."""
    services = context.services
    user = update.effective_user
    member = None
    if user is not None and not user.is_bot:
        member = await services.members.get(user.id)  # read only: no roster update here
    lang = services.members.language_of(member, user.language_code if user else None)
    log.info("refused %s to user %s", action, user.id if user else None)
    body = services.catalogue.t(lang, key)
    if is_anonymous_admin(update):
        body += "\n" + services.catalogue.t(lang, "members.access.anonymous_hint")
    query = update.callback_query
    if query is not None:
        await query.answer(plain_text(body), show_alert=True)
        return
    message = update.effective_message
    if message is not None:
        await message.reply_text(body, do_quote=is_group(update.effective_chat))
