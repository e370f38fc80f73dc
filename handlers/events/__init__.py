"""Events: /agenda, /prochain (/next), RSVP buttons, .ics files, /rsvp, and for coordinators
/evenement (/event) — a guided conversation, a one-line form, ``modifier N`` and ``annuler N``.

Thin: parse the update, call :class:`bot.events.EventsService`, render with its renderer.

* ``commands.py``: /agenda, /prochain, /reponses and the files they send;
* ``conversation.py``: the /evenement conversation (creation, ``modifier N``, ``annuler N``);
* ``oneline.py``: ``/evenement projet | type | titre | quand | durée``;
* ``buttons.py``: the buttons that work at any time (RSVP, .ics, drafts, cancellation);
* ``helpers.py``: what they share.

Button data is read and written by the codec of ``bot/render/buttons.py``.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.render.buttons import AgendaIcs, EventAction, EventIcs, Rsvp
from handlers.events.buttons import (
    on_agenda_ics,
    on_coordinator_button,
    on_ics,
    on_rsvp,
    on_stale_button,
)
from handlers.events.commands import agenda_command, next_command, rsvp_command
from handlers.events.conversation import conversation

__all__ = ["conversation", "handlers"]


def handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """Everything of this feature for group 0 but the conversation, in order."""
    return [
        CommandHandler(["agenda"], agenda_command),
        CommandHandler(["next", "prochain"], next_command),
        CommandHandler(["rsvp", "reponses"], rsvp_command),
        CallbackQueryHandler(on_rsvp, pattern=Rsvp.pattern()),
        CallbackQueryHandler(on_ics, pattern=EventIcs.pattern()),
        CallbackQueryHandler(on_agenda_ics, pattern=AgendaIcs.pattern()),
        CallbackQueryHandler(on_coordinator_button, pattern=EventAction.pattern()),
        CallbackQueryHandler(on_stale_button, pattern=r"^evc:"),
    ]
