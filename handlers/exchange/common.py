"""Helpers of the exchange's handlers: buttons as Telegram markup, errors as replies."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.exchange.offers import ExchangeError
from bot.render.exchange import Buttons
from handlers.common import reply, text

DRAFT = "exchange_offer_draft"
REFUSING = "exchange_refusing"


def markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


def error_text(context: BotContext, lang: str, exc: ExchangeError) -> str:
    return text(context, lang, f"exchange.errors.{exc.key}", **exc.params)


async def reply_error(update: Update, context: BotContext, lang: str, exc: ExchangeError) -> None:
    await reply(update, context, lang, f"exchange.errors.{exc.key}", **exc.params)
