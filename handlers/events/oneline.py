"""``/evenement PROJET | TYPE | TITRE | DATE HEURE | DURÉE [| LIEN ou LIEU | DESCRIPTION]``: the
whole event on one line, shown as a draft to save (handlers/events/buttons.py) like the guided
creation's."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import BotContext
from bot.dates import DateError
from bot.events import EventInputError
from handlers.common import Speaker, say
from handlers.events.helpers import _input_error, _service, _show_draft, _usage


async def one_line(
    update: Update, context: BotContext, who: Speaker, tz: ZoneInfo, args: str
) -> None:
    """Read the line and show its draft; or one message: what is wrong, then how to write it."""
    service = _service(context)
    try:
        fields = service.parse_line(args, tz)
        draft = await service.prepare(fields, by=who.person)
    except (EventInputError, DateError) as error:
        problem = _input_error(context, who.lang, error, tz)
        await say(update, context, f"{problem}\n\n{_usage(context, who.lang, tz)}")
        return
    await _show_draft(update, context, who.lang, tz, draft.id, fields)
