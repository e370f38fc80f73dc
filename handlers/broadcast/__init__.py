"""/annonce (/broadcast): compose, target, preview, confirm or schedule an announcement;
/annonces (/broadcasts): the past ones with their figures. Coordinators only, in private.

The composition is a conversation (the content, then the optional time are typed messages);
the draft itself lives in SQLite, and every button carries its id (``bc:<id>:<action>``), so a
button of a closed draft is recognised. Buttons that outlive the conversation (the report's CSV,
cancelling a scheduled announcement) use ``bcx:<action>:<id>`` and work at any time. Button
data is read and written by ``bot/render/buttons.py``; keyboards come from
``bot/render/broadcast.py``.

* ``compose.py``: the conversation; ``buttons.py``: the draft's buttons and the lasting ones;
  ``commands.py``: /annonces; ``helpers.py``: what they share.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.render.buttons import BroadcastTool
from handlers.broadcast.buttons import on_stale_button, on_tool_button
from handlers.broadcast.commands import list_command
from handlers.broadcast.compose import conversation

__all__ = ["conversation", "handlers"]


def handlers() -> list[Any]:
    """Everything of this feature for group 0 but the conversation, in order."""
    return [
        CommandHandler(["annonces", "broadcasts"], list_command),
        CallbackQueryHandler(on_stale_button, pattern=r"^bc:"),
        CallbackQueryHandler(on_tool_button, pattern=BroadcastTool.pattern()),
    ]
