"""A bare python-telegram-bot bot, the yardstick of ``python -m bench cpu``: one Application,
one MessageHandler answering every text with one fixed line, long polling.

``python -m bench._bare_bot TOKEN API_BASE_URL``
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Bonjour ! Je suis un bot de démonstration.")


def main() -> None:
    token, base_url = sys.argv[1], sys.argv[2]
    application = Application.builder().token(token).base_url(base_url).build()
    application.add_handler(MessageHandler(filters.TEXT, answer))
    application.run_polling(poll_interval=0.0, timeout=2)


if __name__ == "__main__":
    main()
