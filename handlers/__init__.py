"""Telegram-facing layer. :func:`register` adds every handler, in one commented order.

PTB tries the handlers of a group in order and stops at the first that matches; groups run
from the lowest number. Order below:

* group -1: bookkeeping that must see every update and never answers (roster, group records);
* group 0: conversations first (they must catch their own replies), then commands, then the
  button presses, then free text, and last the answer to unknown commands.
"""

from __future__ import annotations

from telegram.ext import CommandHandler, MessageHandler, filters

from bot.context import CoopApplication
from handlers import broadcast, errors, help, polls, questions


def register(application: CoopApplication) -> None:
    # -- group 0: announcements: the /annonce conversation first (it catches the coordinator's
    # content and time), then /annonces and the report buttons (handlers/broadcast.py) ---------
    for handler in broadcast.handlers():
        application.add_handler(handler)
    # -- group 0: polls: the /sondage conversation (guided; /sondage with text is one line) --
    for handler in polls.conversation_handlers():
        application.add_handler(handler)

    # -- group 0: commands -------------------------------------------------------------------
    application.add_handler(CommandHandler(["help", "aide"], help.help_command))
    application.add_handler(CommandHandler("start", help.help_command))
    # Questions about the projects (handlers/questions.py).
    application.add_handler(CommandHandler(["ask", "question"], questions.ask))
    application.add_handler(CommandHandler(["projects", "projets"], questions.projects))
    application.add_handler(CommandHandler(["project", "projet"], questions.project))
    application.add_handler(CommandHandler(["members", "membres"], questions.members))
    application.add_handler(CommandHandler("actions", questions.actions))
    # Polls: /resultats, /fermersondage, /relancer, /sondages, /avis (handlers/polls.py).
    for handler in polls.command_handlers():
        application.add_handler(handler)

    # -- group 0: buttons and poll updates ----------------------------------------------------
    # Polls: the CSV export button; poll answers and totals (the hot path: buffered).
    for handler in polls.button_handlers() + polls.update_handlers():
        application.add_handler(handler)

    # -- group 0: replies to the bot's feedback prompts (before free text) ------------------
    for handler in polls.reply_handlers(application):
        application.add_handler(handler)

    # -- group 0, near last: free text is a question (private; groups only when addressed) ---
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, questions.free_text
        )
    )

    # -- group 0, last: any other command gets a pointer to /help ----------------------------
    application.add_handler(MessageHandler(filters.COMMAND, help.unknown_command))

    application.add_error_handler(errors.on_error)
