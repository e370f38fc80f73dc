"""What the parts of the events package share: the catalogue, the zone, the answers collected
so far, the draft preview, the cancellation question."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ConversationHandler,
    filters,
)

from bot.context import BotContext
from bot.dates import date_examples
from bot.events import (
    EventsService,
)
from bot.i18n import Safe, excerpt, plain_text, zone_label
from bot.limits import NumberOutOfRange, read_number
from bot.render.buttons import Button, decode
from bot.render.events import Where
from bot.storage.events import EventFields
from handlers.access import coordinator_only
from handlers.common import (
    Speaker,
    edit_or_say,
    is_group,
    reply_out_of_range,
    say,
    speaker,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, T]]

(PROJECT, KIND, TITLE, WHEN, WHEN_OK, DURATION, LINK, PLACE, AUDIENCE, COUNTRIES) = range(10)
(EDIT_MENU, EDIT_VALUE) = range(10, 12)
END = ConversationHandler.END
TEXT = filters.TEXT & ~filters.COMMAND
DURATIONS = (30, 60, 90, 120, 180)
ONLINE = ("visioconference", "webinar", "seminar", "other")
ON_SITE = ("gathering", "seminar", "other")
AGENDA_BUTTON_TITLE = 28
CANCEL_WORDS = ("annuler", "cancel", "supprimer", "delete")
EDIT_WORDS = ("modifier", "edit", "changer")


def coordinators(callback: Handler[T]) -> Handler[T | None]:
    """:func:`handlers.access.coordinator_only`, typed as PTB expects a callback."""
    return cast("Handler[T | None]", coordinator_only(callback))


# -- helpers ----------------------------------------------------------------------------------


def _service(context: BotContext) -> EventsService:
    return context.services.events


def _t(context: BotContext, lang: str, key: str, /, **params: object) -> str:
    return context.services.catalogue.t(lang, f"events.{key}", **params)


def _plain(context: BotContext, lang: str, key: str, /, **params: object) -> str:
    """:func:`_t` as plain text, for callback query answers (Telegram does not parse them)."""
    return plain_text(_t(context, lang, key, **params))


def _zone(context: BotContext, who: Speaker) -> ZoneInfo:
    return context.services.members.zone_of(who.member)


def _state(context: BotContext, update: Update) -> dict[str, Any]:
    """The answers collected so far, per chat, in the user's data."""
    chat = update.effective_chat
    assert context.user_data is not None
    key = f"events:{chat.id if chat else 0}"
    found: dict[str, Any] = context.user_data.setdefault(key, {})
    return found


def _clear(context: BotContext, update: Update) -> None:
    chat = update.effective_chat
    if context.user_data is not None:
        context.user_data.pop(f"events:{chat.id if chat else 0}", None)


def _input_error(context: BotContext, lang: str, error: Exception, tz: ZoneInfo) -> str:
    """The message for a refused input, in the writer's language."""
    return _service(context).render.error(lang, error, tz, now=context.services.clock.now())


def _examples(context: BotContext, lang: str, tz: ZoneInfo) -> dict[str, str]:
    """Example dates for prompts and usages: to come, in the writer's zone ``tz``."""
    return date_examples(context.services.clock.now(), tz, lang)


def _ask_when(context: BotContext, lang: str, tz: ZoneInfo) -> str:
    return _t(context, lang, "create.ask_when", zone=zone_label(tz), **_examples(context, lang, tz))


def _usage(context: BotContext, lang: str, tz: ZoneInfo) -> str:
    return _t(context, lang, "create.usage", **_examples(context, lang, tz))


def _button(text: str, data: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data.encode())


def _rows(buttons: list[InlineKeyboardButton], width: int = 2) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


async def _answer(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


def _text_of(update: Update) -> str:
    message = update.effective_message
    return (message.text or "").strip() if message is not None else ""


def _pressed(update: Update) -> Button | None:
    """The button pressed (read by the codec), or None for typed text or unknown data."""
    query = update.callback_query
    return decode(query.data) if query is not None else None


def _ambiguous(context: BotContext, lang: str, local: Any, tz: ZoneInfo) -> str:
    from bot.render.events import utc_offset

    return _t(
        context,
        lang,
        "dates.ambiguous",
        time=local.strftime("%H:%M"),
        zone=zone_label(tz),
        offset=utc_offset(local),
    )


async def _show_draft(
    update: Update,
    context: BotContext,
    lang: str,
    tz: ZoneInfo,
    draft_id: int,
    fields: EventFields,
    *,
    edit: bool = False,
) -> None:
    service = _service(context)
    offsets = service.reminders.offsets_of(fields)
    text = service.render.draft_summary(lang, fields, tz, offsets)
    when = fields.starts_at.astimezone(fields.zone)
    if _is_ambiguous(when):
        text += "\n\n" + _ambiguous(context, lang, when, fields.zone)
    markup = service.render.draft_keyboard(lang, draft_id, fields.remind_all)
    if edit:
        await edit_or_say(update, context, text, markup)
    else:
        await say(update, context, text, markup)


def _is_ambiguous(local: Any) -> bool:
    return bool(local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset())


async def _event_number(update: Update, context: BotContext, lang: str, raw_id: str) -> int | None:
    """The event number typed after ``modifier`` / ``annuler``; None when the person was
    answered instead (not a number: the usage, which says where the numbers are; a number out
    of range: the range)."""
    try:
        number = read_number(raw_id)
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, lang, error)
        return None
    if number is None:
        await say(update, context, _t(context, lang, "edit.usage"))
    return number


# -- cancelling ---------------------------------------------------------------------------------


async def _ask_cancel(update: Update, context: BotContext, lang: str, raw_id: str) -> None:
    service = _service(context)
    number = await _event_number(update, context, lang, raw_id)
    if number is None:
        return
    event = await service.get(number) if number > 0 else None
    if event is None:
        await say(update, context, _t(context, lang, "edit.not_found", id=excerpt(raw_id, 30)))
        return
    if event.cancelled:
        await say(update, context, _t(context, lang, "cancel.already", id=event.id))
        return
    who = await speaker(update, context)
    card = service.render.card(lang, event, _where(context, update, who, event))
    await say(
        update,
        context,
        _t(context, lang, "cancel.confirm", id=event.id, card=Safe(card)),
        service.render.cancel_keyboard(lang, event.id, series=event.series_id is not None),
    )


def _where(context: BotContext, update: Update, who: Speaker, event: EventFields) -> Where:
    if is_group(update.effective_chat):
        return _service(context).where_for_group(event)
    return Where(tz=_zone(context, who))
