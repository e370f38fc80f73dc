"""Polls: /poll (/sondage) guided or one-line, /results (/resultats), /closepoll
(/fermersondage), /nudge (/relancer), /polls (/sondages), /feedback (/avis), the CSV button,
poll answers and replies to feedback prompts.

* ``answers.py``: the hot path (``poll_answer`` and ``poll`` updates only go to the service's
  in-memory buffer) and the replies to feedback prompts;
* ``conversation.py``: /sondage, one line or guided;
* ``commands.py``: /resultats, /fermersondage, /relancer, /sondages, /avis;
* ``buttons.py``: the CSV export button (data read by ``bot/render/buttons.py``);
* ``helpers.py``: what they share.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    filters,
)

from bot.context import CoopApplication
from bot.render.buttons import CommentWithdraw, PollCsv, PollLine
from handlers.access import coordinator_only
from handlers.polls.answers import (
    AwaitedComment,
    FeedbackReply,
    feedback_comment,
    on_poll_answer,
    on_poll_update,
    on_withdraw,
    plain_comment,
)
from handlers.polls.buttons import csv_button
from handlers.polls.commands import (
    close_command,
    feedback_command,
    list_command,
    nudge_command,
    results_command,
)
from handlers.polls.conversation import conversation
from handlers.polls.preview import on_preview_button

__all__ = [
    "button_handlers",
    "command_handlers",
    "conversation",
    "reply_handlers",
    "update_handlers",
]


def command_handlers() -> list[Any]:
    return [
        CommandHandler(["results", "resultats"], results_command),
        CommandHandler(["closepoll", "fermersondage"], coordinator_only(close_command)),
        CommandHandler(["nudge", "relancer"], coordinator_only(nudge_command)),
        CommandHandler(["polls", "sondages"], list_command),
        CommandHandler(["feedback", "avis"], coordinator_only(feedback_command)),
    ]


def update_handlers() -> list[Any]:
    """Poll answers and totals (no other handler sees these updates)."""
    return [PollAnswerHandler(on_poll_answer), PollHandler(on_poll_update)]


def button_handlers() -> list[Any]:
    return [
        CallbackQueryHandler(coordinator_only(csv_button), pattern=PollCsv.pattern()),
        CallbackQueryHandler(coordinator_only(on_preview_button), pattern=PollLine.pattern()),
        CallbackQueryHandler(on_withdraw, pattern=CommentWithdraw.pattern()),
    ]


def reply_handlers(application: CoopApplication) -> list[Any]:
    """Before free text: replies to feedback prompts."""
    return [
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & FeedbackReply(application), feedback_comment
        ),
        # the next plain message after a prompt, in private, within 30 minutes (issue 15)
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & AwaitedComment(application), plain_comment
        ),
    ]
