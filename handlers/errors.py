"""The error handler: log the failing update, apologise to the user, tell the admin chat."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import NetworkError, TimedOut

from bot.context import BotContext
from bot.logs import RedactingFilter

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    # A lost connection is not a bug: PTB retries. (BadRequest and Forbidden subclass
    # NetworkError, so the exact types are compared.)
    if type(error) in (NetworkError, TimedOut):
        log.warning("network error: %s", error)
        return
    log.error("error while handling an update", exc_info=error)
    services = context.bot_data.services
    if services is None:
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        user = update.effective_user
        lang: str = services.settings.default_language
        if user is not None:
            member = await services.members.get(user.id)
            lang = services.members.language_of(member, user.language_code or None)
        try:
            await context.bot.send_message(
                update.effective_chat.id, services.catalogue.t(lang, "core.errors.generic")
            )
        except Exception:  # noqa: BLE001 - the apology is best effort
            log.warning("could not send the apology")
    admin = services.settings.admin_chat_id
    if admin is not None and error is not None:
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        summary = RedactingFilter(services.settings.telegram.secrets).redact("".join(lines))[-3000:]
        try:
            await context.bot.send_message(
                admin,
                services.catalogue.t(
                    services.settings.default_language,
                    "core.errors.admin_report",
                    error=summary,
                ),
            )
        except Exception:  # noqa: BLE001
            log.warning("could not report the error to the admin chat")
