"""What the parts of the announcements package share."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from telegram import (
    Update,
)
from telegram.ext import (
    ConversationHandler,
)

from bot.broadcast import (
    BroadcastService,
)
from bot.context import BotContext
from bot.dates import date_examples
from bot.render.broadcast import BroadcastRender
from handlers.access import coordinator_only

log = logging.getLogger(__name__)

T = TypeVar("T")
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, T]]


def coordinators(callback: Handler[T]) -> Handler[T | None]:
    """:func:`handlers.access.coordinator_only`, typed as PTB expects a callback."""
    return cast("Handler[T | None]", coordinator_only(callback))


CONTENT, DRAFT, WHEN = range(3)
END = ConversationHandler.END


def _service(context: BotContext) -> BroadcastService:
    return context.services.broadcasts


def _t(context: BotContext, lang: str, key: str, /, **params: object) -> str:
    return context.services.catalogue.t(lang, f"broadcast.{key}", **params)


def _examples(context: BotContext, lang: str, zone: ZoneInfo) -> dict[str, str]:
    """Example dates to come, in the author's zone (where the time is read)."""
    return date_examples(context.services.clock.now(), zone, lang)


def _render(context: BotContext) -> BroadcastRender:
    return _service(context).render
