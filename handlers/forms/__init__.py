"""Self-assessments (issue 13): ``/autodiagnostic`` (``/selfassessment``) to fill one in, in
private, for one's organisation; ``/suivi`` (``/progress``) and ``/relancer autodiagnostic ID``
(``/nudge selfassessment ID``) for coordinators; the buttons; typed answers.

* ``filling.py``: the questionnaire, one question per message, the summary, sending;
* ``followup.py``: progress, reminders, results and exports (coordinators only, access.py).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import CoopApplication
from bot.render.forms import AnswerButton, FormAction, QuestionAction, ToggleButton
from handlers.access import coordinator_only
from handlers.forms.filling import (
    AwaitingAnswer,
    answer_button,
    cancel_command,
    form_button,
    question_button,
    selfassessment_command,
    toggle_button,
    typed_answer,
)
from handlers.forms.followup import (
    NUDGE_PATTERN,
    followup_button,
    nudge_command,
    progress_command,
)
from handlers.forms.pausing import ElsewhereGuard

FOLLOW_UP = ("results", "csv", "xlsx")


def nudge_handlers() -> list[Any]:
    """``/relancer autodiagnostic ID``: before the polls' ``/relancer N``."""
    return [
        CommandHandler(
            ["relancer", "nudge"],
            coordinator_only(nudge_command),
            filters=filters.Regex(NUDGE_PATTERN),
        )
    ]


def command_handlers() -> list[Any]:
    return [
        CommandHandler(
            ["autodiagnostic", "selfassessment", "autodiagnostics"], selfassessment_command
        ),
        CommandHandler(["suivi", "progress"], coordinator_only(progress_command)),
    ]


def button_handlers() -> list[Any]:
    return [
        CallbackQueryHandler(
            coordinator_only(followup_button),
            pattern=FormAction.pattern(lambda b: b.verb in FOLLOW_UP),
        ),
        CallbackQueryHandler(form_button, pattern=FormAction.pattern()),
        CallbackQueryHandler(answer_button, pattern=AnswerButton.pattern()),
        CallbackQueryHandler(toggle_button, pattern=ToggleButton.pattern()),
        CallbackQueryHandler(question_button, pattern=QuestionAction.pattern()),
    ]


def reply_handlers(application: CoopApplication) -> list[Any]:
    """Before free text: /annuler (/cancel) and the typed answer of someone at a question."""
    return [
        CommandHandler(["annuler", "cancel"], cancel_command, filters=AwaitingAnswer(application)),
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND
            & filters.UpdateType.MESSAGE
            & AwaitingAnswer(application),
            typed_answer,
        ),
    ]


def elsewhere_guard(application: CoopApplication) -> ElsewhereGuard:
    """In a group of its own, before everything: someone at a question who goes elsewhere
    (another command, button or guided flow) is no longer waited for (handlers/forms/pausing.py)."""
    return ElsewhereGuard(application)
