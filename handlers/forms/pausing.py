"""A questionnaire waits for typed text only right after the bot asked its question: when the
person at a question does anything else (another command, a button of another feature, a reply
to another guided flow), the questionnaire stops waiting. Their answers stay; ``/autodiagnostic``
takes them back to where they were. Registered in a group of its own before everything, it never
answers and never stops the update from reaching its real handler."""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler

from bot.context import BotContext, CoopApplication

# The questionnaire's own commands and buttons keep it waiting.
OWN_COMMAND = re.compile(
    r"^/(autodiagnostics?|selfassessment|annuler|cancel)(@\w+)?(\s|$)", re.IGNORECASE
)
OWN_BUTTON = re.compile(r"^fm[atq]?:")


class ElsewhereGuard(BaseHandler[Update, BotContext, None]):
    """Matches a private update of someone at a question that goes somewhere else."""

    def __init__(self, application: CoopApplication) -> None:
        super().__init__(self._pause, block=True)
        self.application = application

    def _waiting(self, user_id: int) -> bool:
        services = self.application.bot_data.services
        return services is not None and services.forms.awaiting_text(user_id)

    def _in_a_flow(self, update: Update) -> bool:
        """Another guided flow (a conversation in group 0) takes this message."""
        for handler in self.application.handlers.get(0, []):
            if isinstance(handler, ConversationHandler):
                checked = handler.check_update(update)
                if checked is not None and checked is not False:
                    return True
        return False

    def check_update(self, update: object) -> bool:
        if not isinstance(update, Update):
            return False
        user, chat = update.effective_user, update.effective_chat
        if user is None or not self._waiting(user.id):
            return False
        query = update.callback_query
        if query is not None:
            return not OWN_BUTTON.match(query.data or "")
        message = update.message
        if message is None or chat is None or chat.id != user.id:
            return False
        if (message.text or "").startswith("/"):
            return not OWN_COMMAND.match(message.text or "")
        return self._in_a_flow(update)

    async def _pause(self, update: Update, context: Any) -> None:
        user = update.effective_user
        services = self.application.bot_data.services
        if user is not None and services is not None:
            await services.forms.leave(user.id)


__all__ = ["ElsewhereGuard"]
