"""Who may do what: the one place where coordinator-only actions are checked.

Wrap a handler callback with :func:`coordinator_only`; everyone else gets a clear refusal in
their language and nothing else happens.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update

from bot.context import BotContext
from handlers.common import reply, speaker

log = logging.getLogger(__name__)

Callback = Callable[[Update, BotContext], Awaitable[Any]]

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
        who = await speaker(update, context)
        user = update.effective_user
        log.info("refused %s to user %s", callback.__name__, user.id if user else None)
        if update.callback_query is not None:
            await update.callback_query.answer(
                context.services.catalogue.t(who.lang, "core.access.coordinators_only"),
                show_alert=True,
            )
            return None
        await reply(update, context, who.lang, "core.access.coordinators_only")
        return None

    return guarded
