"""The partnership exchange (issue 18): ``/bourse`` (``/exchange``), the guided ``/offre``
(``/offer``), a coordinator's review (accept; refuse with a reason, a guided step) and the
``xo:`` buttons. Registered by :func:`handlers.register` (see its order)."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from handlers.exchange import buttons, commands
from handlers.exchange.flow import conversation, refusal

__all__ = ["conversation", "handlers", "refusal"]


def handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """/bourse (/exchange) and the xo: buttons (the refusal's button is its flow's entry)."""
    return [
        CommandHandler(["bourse", "exchange"], commands.exchange_command),
        CallbackQueryHandler(buttons.button, pattern=r"^xo:(?!ref:)"),
    ]
