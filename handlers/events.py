"""Events: /agenda, /prochain (/next), RSVP buttons, .ics files, /rsvp, and for coordinators
/evenement (/event) — a guided conversation, a one-line form, ``modifier N`` and ``annuler N``.

Thin: parse the update, call :class:`bot.events.EventsService`, render with its renderer.
The conversation only collects answers; what it produces is a *draft* kept in SQLite, saved by
the "Save" button (``ev:save:<draft>``), which works at any time, even after a restart. The
conversation is per (chat, user), kept in SQLite across restarts, stops on /annuler (/cancel)
or when left for 48 hours (handlers/flows.py); other commands keep working meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.dates import DateError, date_examples, parse_duration, parse_offsets
from bot.events import (
    EDITABLE,
    URL,
    EventInputError,
    EventsService,
    check_text,
    check_title,
    web_link,
)
from bot.i18n import Safe, excerpt, plain_text, zone_label
from bot.limits import NumberOutOfRange, html_length, read_id, read_number
from bot.render.calendar import filename
from bot.render.events import Where
from bot.storage.events import Event, EventFields
from handlers.access import coordinator_only, is_coordinator
from handlers.common import (
    Speaker,
    command_args,
    in_own_private_chat,
    is_group,
    is_private,
    person_of,
    reachable_in_private,
    reply_out_of_range,
    speaker,
    unreachable_in_private,
)
from handlers.flows import Flow

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


def handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """Everything of this feature for group 0 but the conversation, in order."""
    return [
        CommandHandler(["agenda"], agenda_command),
        CommandHandler(["next", "prochain"], next_command),
        CommandHandler(["rsvp", "reponses"], rsvp_command),
        CallbackQueryHandler(on_rsvp, pattern=r"^rsvp:\d+:(yes|maybe|no)$"),
        CallbackQueryHandler(on_ics, pattern=r"^ev:ics:\d+$"),
        CallbackQueryHandler(on_agenda_ics, pattern=r"^ev:agics:"),
        CallbackQueryHandler(on_coordinator_button, pattern=r"^ev:"),
        CallbackQueryHandler(on_stale_button, pattern=r"^evc:"),
    ]


def conversation() -> Flow:
    """Creating and editing, per (chat, user), kept in SQLite (handlers/flows.py)."""
    return Flow(
        entry_points=[
            CommandHandler(["event", "evenement"], event_command),
            CallbackQueryHandler(on_edit_button, pattern=r"^ev:edit:\d+$"),
        ],
        states={
            PROJECT: [
                CallbackQueryHandler(on_project, pattern=r"^evc:project:"),
                MessageHandler(TEXT, on_project),
            ],
            KIND: [
                CallbackQueryHandler(on_kind, pattern=r"^evc:kind:"),
                MessageHandler(TEXT, on_kind),
            ],
            TITLE: [MessageHandler(TEXT, on_title)],
            WHEN: [MessageHandler(TEXT, on_when)],
            WHEN_OK: [
                CallbackQueryHandler(on_when_ok, pattern=r"^evc:when:"),
                MessageHandler(TEXT, on_when),
            ],
            DURATION: [
                CallbackQueryHandler(on_duration, pattern=r"^evc:duration:"),
                MessageHandler(TEXT, on_duration),
            ],
            LINK: [
                CallbackQueryHandler(on_link, pattern=r"^evc:skip$"),
                MessageHandler(TEXT, on_link),
            ],
            PLACE: [
                CallbackQueryHandler(on_place, pattern=r"^evc:skip$"),
                MessageHandler(TEXT, on_place),
            ],
            AUDIENCE: [CallbackQueryHandler(on_audience, pattern=r"^evc:aud:")],
            COUNTRIES: [CallbackQueryHandler(on_countries, pattern=r"^evc:(country|done)")],
            EDIT_MENU: [CallbackQueryHandler(on_edit_menu, pattern=r"^evc:")],
            EDIT_VALUE: [
                CallbackQueryHandler(on_edit_choice, pattern=r"^evc:"),
                MessageHandler(TEXT, on_edit_value),
            ],
        },
        fallbacks=[CommandHandler(["annuler", "cancel"], on_stop)],
        name="events",
        restart={"fr": "evenement", "en": "event"},
        discard=_discard,
    )


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


async def _say(
    update: Update, context: BotContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply in the update's chat (a new message, so the conversation reads top to bottom)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(chat.id, text, reply_markup=markup)


async def _edit_or_say(
    update: Update, context: BotContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
    await _say(update, context, text, markup)


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


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _rows(buttons: list[InlineKeyboardButton], width: int = 2) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


async def _answer(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


def _text_of(update: Update) -> str:
    message = update.effective_message
    return (message.text or "").strip() if message is not None else ""


def _choice(update: Update) -> str | None:
    """The value of a ``evc:<what>:<value>`` button, or None for typed text."""
    query = update.callback_query
    if query is None or query.data is None:
        return None
    return query.data.split(":", 2)[-1]


# -- /evenement: entry --------------------------------------------------------------------------


@coordinators
async def event_command(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    tz = _zone(context, who)
    args = command_args(context)
    service = _service(context)
    words = args.split()
    if "|" in args:
        try:
            fields = service.parse_line(args, tz)
            draft = await service.prepare(fields, by=who.person)
        except (EventInputError, DateError) as error:
            # one message: what is wrong, then how to write it
            problem = _input_error(context, who.lang, error, tz)
            await _say(update, context, f"{problem}\n\n{_usage(context, who.lang, tz)}")
            return END
        await _show_draft(update, context, who.lang, tz, draft.id, fields)
        return END
    verb = words[0].lower() if words else ""
    if verb in CANCEL_WORDS + EDIT_WORDS and len(words) != 2:  # the number is missing
        await _say(update, context, _t(context, who.lang, "edit.usage"))
        return END
    if len(words) == 2 and verb in CANCEL_WORDS:
        await _ask_cancel(update, context, who.lang, words[1])
        return END
    if len(words) == 2 and verb in EDIT_WORDS:
        if not is_private(update):
            await _say(
                update, context, context.services.catalogue.t(who.lang, "core.access.private_only")
            )
            return END
        return await _start_edit(update, context, who, words[1])
    if args:
        usage = _usage(context, who.lang, tz)
        await _say(update, context, f"{usage}\n\n{_t(context, who.lang, 'edit.usage')}")
        return END
    if not is_private(update):
        await _say(update, context, _usage(context, who.lang, tz))
        return END
    _clear(context, update)
    buttons = [_button(p.short_name, f"evc:project:{p.id}") for p in service.projects()]
    await _say(update, context, _t(context, who.lang, "create.ask_project"), _rows(buttons))
    return PROJECT


@coordinators
async def on_stop(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    _clear(context, update)
    await _say(update, context, _t(context, who.lang, "create.stopped"))
    return END


async def _discard(update: Update, context: BotContext) -> None:
    """The flow expired: forget what it collected."""
    _clear(context, update)


# -- /evenement: the guided creation ------------------------------------------------------------


@coordinators
async def on_project(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    service = _service(context)
    choice = _choice(update) or _text_of(update)
    project = service.find_project(choice)
    if project is None:
        await _say(
            update,
            context,
            _input_error(context, who.lang, service.unknown_project(choice), _zone(context, who)),
        )
        return PROJECT
    _state(context, update)["project_id"] = project.id
    kinds = ("visioconference", "webinar", "gathering", "seminar", "other")
    buttons = [_button(service.render.kind(who.lang, k), f"evc:kind:{k}") for k in kinds]
    await _edit_or_say(update, context, _t(context, who.lang, "create.ask_kind"), _rows(buttons))
    return KIND


@coordinators
async def on_kind(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    choice = _choice(update) or _text_of(update)
    kind = _service(context).find_kind(choice)
    if kind is None:
        await _say(update, context, _t(context, who.lang, "create.bad_kind", kind=choice))
        return KIND
    _state(context, update)["kind"] = kind
    await _edit_or_say(update, context, _t(context, who.lang, "create.ask_title"))
    return TITLE


@coordinators
async def on_title(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    title = _text_of(update)
    try:
        check_title(title)
    except EventInputError as error:
        await _say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
        return TITLE
    _state(context, update)["title"] = title
    tz = _zone(context, who)
    await _say(update, context, _ask_when(context, who.lang, tz))
    return WHEN


@coordinators
async def on_when(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    tz = _zone(context, who)
    service = _service(context)
    try:
        when = service.parse_start(_text_of(update), tz)
    except DateError as error:
        await _say(update, context, _input_error(context, who.lang, error, tz))
        return WHEN
    _state(context, update)["starts_at"] = when.utc.isoformat()
    text = _t(
        context,
        who.lang,
        "create.confirm_when",
        when=service.render.when_exact(who.lang, when.utc, tz),
    )
    if when.ambiguous:
        text += "\n" + _ambiguous(context, who.lang, when.local, tz)
    buttons = [
        _button(_t(context, who.lang, "buttons.yes_right"), "evc:when:yes"),
        _button(_t(context, who.lang, "buttons.no_retype"), "evc:when:no"),
    ]
    await _say(update, context, text, _rows(buttons))
    return WHEN_OK


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


@coordinators
async def on_when_ok(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    if _choice(update) != "yes":
        tz = _zone(context, who)
        await _edit_or_say(update, context, _ask_when(context, who.lang, tz))
        return WHEN
    buttons = [
        _button(
            _service(context).render.duration(who.lang, timedelta(minutes=m)), f"evc:duration:{m}"
        )
        for m in DURATIONS
    ]
    await _edit_or_say(
        update, context, _t(context, who.lang, "create.ask_duration"), _rows(buttons, 3)
    )
    return DURATION


@coordinators
async def on_duration(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    choice = _choice(update)
    try:
        if choice:  # a button: one of DURATIONS (anything else was not sent by the bot)
            minutes = read_id(choice, maximum=max(DURATIONS))
            if minutes is None:
                raise DateError("bad_duration")
        else:
            minutes = int(parse_duration(_text_of(update)).total_seconds() // 60)
    except DateError as error:
        await _say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
        return DURATION
    state = _state(context, update)
    state["minutes"] = int(minutes)
    return await _next_after_duration(update, context, who.lang, state)


async def _next_after_duration(
    update: Update, context: BotContext, lang: str, state: dict[str, Any]
) -> int:
    skip = _rows([_button(_t(context, lang, "buttons.skip"), "evc:skip")])
    if state["kind"] in ONLINE:
        await _say(update, context, _t(context, lang, "create.ask_link"), skip)
        return LINK
    await _say(update, context, _t(context, lang, "create.ask_place"), skip)
    return PLACE


@coordinators
async def on_link(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    state = _state(context, update)
    if update.callback_query is None:
        link = web_link(_text_of(update))
        try:
            check_text("link", link)
        except EventInputError as error:
            await _say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
            return LINK
        if not URL.match(link):
            await _say(update, context, _t(context, who.lang, "create.bad_link"))
            return LINK
        state["link"] = link
    if state["kind"] in ON_SITE:
        skip = _rows([_button(_t(context, who.lang, "buttons.skip"), "evc:skip")])
        await _say(update, context, _t(context, who.lang, "create.ask_place"), skip)
        return PLACE
    return await _ask_audience(update, context, who.lang)


@coordinators
async def on_place(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    if update.callback_query is None:
        place = _text_of(update)
        try:
            check_text("place", place)
        except EventInputError as error:
            await _say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
            return PLACE
        _state(context, update)["place"] = place
    return await _ask_audience(update, context, who.lang)


async def _ask_audience(update: Update, context: BotContext, lang: str) -> int:
    buttons = [
        _button(_t(context, lang, "buttons.all_members"), "evc:aud:all"),
        _button(_t(context, lang, "buttons.some_countries"), "evc:aud:some"),
    ]
    await _say(update, context, _t(context, lang, "create.ask_audience"), _rows(buttons))
    return AUDIENCE


@coordinators
async def on_audience(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await _answer(update)
    state = _state(context, update)
    if _choice(update) == "all":
        state["countries"] = None
        return await _finish_creation(update, context, who, state)
    state["countries"] = []
    await _edit_or_say(
        update,
        context,
        _t(context, who.lang, "create.ask_countries"),
        _country_menu(context, who.lang, state),
    )
    return COUNTRIES


def _country_menu(context: BotContext, lang: str, state: dict[str, Any]) -> InlineKeyboardMarkup:
    service = _service(context)
    chosen = set(state.get("countries") or [])
    buttons = []
    for country in service.knowledge().member_countries(state["project_id"]):
        mark = "☑️ " if country.id in chosen else "⬜ "
        buttons.append(_button(mark + country.name.get(lang), f"evc:country:{country.id}"))
    buttons.append(_button(_t(context, lang, "buttons.done"), "evc:done"))
    return _rows(buttons)


@coordinators
async def on_countries(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    query = update.callback_query
    assert query is not None and query.data is not None
    state = _state(context, update)
    if query.data == "evc:done":
        if not state.get("countries"):
            await query.answer(
                _plain(context, who.lang, "create.no_country_chosen"), show_alert=True
            )
            return COUNTRIES
        await query.answer()
        return await _finish_creation(update, context, who, state)
    await query.answer()
    country = query.data.split(":", 2)[2]
    chosen = list(state.get("countries") or [])
    if country in chosen:
        chosen.remove(country)
    else:
        chosen.append(country)
    state["countries"] = chosen
    await _edit_or_say(
        update,
        context,
        _t(context, who.lang, "create.ask_countries"),
        _country_menu(context, who.lang, state),
    )
    return COUNTRIES


async def _finish_creation(
    update: Update, context: BotContext, who: Speaker, state: dict[str, Any]
) -> int:
    from datetime import datetime

    tz = _zone(context, who)
    start = datetime.fromisoformat(state["starts_at"])
    countries = state.get("countries")
    fields = EventFields(
        project_id=state["project_id"],
        kind=state["kind"],
        title=state["title"],
        starts_at=start,
        ends_at=start + timedelta(minutes=state["minutes"]),
        timezone=tz.key or "UTC",
        link=state.get("link"),
        place=state.get("place"),
        countries=tuple(countries) if countries else None,
    )
    service = _service(context)
    try:
        draft = await service.prepare(fields, by=who.person)
    except (EventInputError, DateError) as error:
        await _say(update, context, _input_error(context, who.lang, error, tz))
        _clear(context, update)
        return END
    _clear(context, update)
    await _show_draft(update, context, who.lang, tz, draft.id, fields)
    return END


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
        await _edit_or_say(update, context, text, markup)
    else:
        await _say(update, context, text, markup)


def _is_ambiguous(local: Any) -> bool:
    return bool(local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset())


# -- editing ------------------------------------------------------------------------------------


@coordinators
async def on_edit_button(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    if not is_private(update):
        await _say(
            update, context, context.services.catalogue.t(who.lang, "core.access.private_only")
        )
        return END
    return await _start_edit(update, context, who, query.data.rsplit(":", 1)[1])


async def _event_number(update: Update, context: BotContext, lang: str, raw_id: str) -> int | None:
    """The event number typed after ``modifier`` / ``annuler`` (or -1 when it is not a number,
    to say "no event -1"); None when the out-of-range answer was given."""
    try:
        number = read_number(raw_id)
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, lang, error)
        return None
    return -1 if number is None else number


async def _start_edit(update: Update, context: BotContext, who: Speaker, raw_id: str) -> int:
    service = _service(context)
    number = await _event_number(update, context, who.lang, raw_id)
    if number is None:
        return END
    event = await service.get(number) if number > 0 else None
    if event is None:
        await _say(update, context, _t(context, who.lang, "edit.not_found", id=excerpt(raw_id, 30)))
        return END
    if event.cancelled or event.ends_at <= context.services.clock.now():
        await _say(update, context, _t(context, who.lang, "edit.not_editable", id=event.id))
        return END
    _clear(context, update)
    state = _state(context, update)
    state["event_id"] = event.id
    state["fields"] = event.fields.to_json()
    await _show_edit_menu(update, context, who, state)
    return EDIT_MENU


def _working(state: dict[str, Any]) -> EventFields:
    return EventFields.from_json(state["fields"])


async def _show_edit_menu(
    update: Update, context: BotContext, who: Speaker, state: dict[str, Any]
) -> None:
    service = _service(context)
    fields = _working(state)
    card = service.render.card(who.lang, fields, Where(tz=_zone(context, who)))
    names = ("title", "when", "duration", "link", "dial_in", "place", "description", "reminders")
    buttons = [
        _button(_t(context, who.lang, f"buttons.field_{n}"), f"evc:field:{n}") for n in names
    ]
    markup = _rows(buttons)
    markup = InlineKeyboardMarkup(
        [
            *markup.inline_keyboard,
            [
                _button(_t(context, who.lang, "buttons.save"), "evc:editsave"),
                _button(_t(context, who.lang, "buttons.discard"), "evc:editstop"),
            ],
        ]
    )
    text = _t(context, who.lang, "edit.menu", id=state["event_id"], card=Safe(card))
    await _say(update, context, text, markup)


@coordinators
async def on_edit_menu(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    state = _state(context, update)
    if "event_id" not in state:
        return END
    if query.data == "evc:editstop":
        _clear(context, update)
        await _edit_or_say(update, context, _t(context, who.lang, "create.stopped"))
        return END
    if query.data == "evc:editsave":
        return await _finish_edit(update, context, who, state)
    name = query.data.split(":", 2)[-1]
    if name not in EDITABLE:
        return EDIT_MENU
    state["field"] = name
    if name == "when":
        tz = _zone(context, who)
        await _say(update, context, _ask_when(context, who.lang, tz))
    elif name == "reminders":
        await _say(update, context, _t(context, who.lang, "edit.ask_offsets"))
    elif name == "duration":
        await _say(update, context, _t(context, who.lang, "create.ask_duration"))
    else:
        label = _t(context, who.lang, f"buttons.field_{name}")
        await _say(update, context, _t(context, who.lang, "edit.ask_value", field=label))
    return EDIT_VALUE


@coordinators
async def on_edit_choice(update: Update, context: BotContext) -> int:
    """A menu button pressed while a value was expected: back to the menu's logic."""
    return cast(int, await on_edit_menu(update, context))


@coordinators
async def on_edit_value(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    state = _state(context, update)
    if "event_id" not in state:
        return END
    tz = _zone(context, who)
    service = _service(context)
    fields = _working(state)
    value = _text_of(update)
    name = state.get("field", "")
    cleared = value == "-"
    try:
        if name == "when":
            when = service.parse_start(value, tz)
            fields = replace(fields, starts_at=when.utc, ends_at=when.utc + fields.duration)
        elif name == "duration":
            fields = replace(fields, ends_at=fields.starts_at + parse_duration(value))
        elif name == "reminders":
            fields = replace(fields, offsets=tuple(parse_offsets(value)) if not cleared else ())
        elif name == "title":
            fields = replace(fields, title=value)
        elif name == "link":
            fields = replace(fields, link=None if cleared else web_link(value))
        elif name == "dial_in":
            fields = replace(fields, dial_in=None if cleared else value)
        elif name == "place":
            fields = replace(fields, place=None if cleared else value)
        elif name == "description":
            fields = replace(fields, description="" if cleared else value)
        service.validate(fields, start_may_be_past=True)
    except (EventInputError, DateError) as error:
        await _say(update, context, _input_error(context, who.lang, error, tz))
        return EDIT_VALUE
    state["fields"] = fields.to_json()
    await _show_edit_menu(update, context, who, state)
    return EDIT_MENU


async def _finish_edit(
    update: Update, context: BotContext, who: Speaker, state: dict[str, Any]
) -> int:
    service = _service(context)
    tz = _zone(context, who)
    event = await service.get(int(state["event_id"]))
    fields = _working(state)
    _clear(context, update)
    if event is None:
        await _say(update, context, _t(context, who.lang, "edit.not_found", id=state["event_id"]))
        return END
    changes = service.changes(event.fields, fields)
    if not changes:
        await _say(update, context, _t(context, who.lang, "edit.nothing_changed"))
        return END
    try:
        draft = await service.prepare(fields, by=who.person, event_id=event.id)
    except (EventInputError, DateError) as error:
        await _say(update, context, _input_error(context, who.lang, error, tz))
        return END
    text = service.render.edit_summary(
        who.lang, fields, tz, service.reminders.offsets_of(fields), changes
    )
    markup = service.render.draft_keyboard(who.lang, draft.id, fields.remind_all)
    await _say(update, context, text, markup)
    return END


# -- cancelling ---------------------------------------------------------------------------------


async def _ask_cancel(update: Update, context: BotContext, lang: str, raw_id: str) -> None:
    service = _service(context)
    number = await _event_number(update, context, lang, raw_id)
    if number is None:
        return
    event = await service.get(number) if number > 0 else None
    if event is None:
        await _say(update, context, _t(context, lang, "edit.not_found", id=excerpt(raw_id, 30)))
        return
    if event.cancelled:
        await _say(update, context, _t(context, lang, "cancel.already", id=event.id))
        return
    who = await speaker(update, context)
    card = service.render.card(lang, event, _where(context, update, who, event))
    await _say(
        update,
        context,
        _t(context, lang, "cancel.confirm", id=event.id, card=Safe(card)),
        service.render.cancel_keyboard(lang, event.id),
    )


# -- buttons that work at any time ----------------------------------------------------------------


@coordinators
async def on_coordinator_button(update: Update, context: BotContext) -> None:
    """Drafts (save, discard, reminders toggle), cancellation, the RSVP list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    lang = who.lang
    service = _service(context)
    parts = query.data.split(":")
    number = read_id(parts[2]) if len(parts) == 3 else None
    if number is None:  # not a button of ours
        await query.answer()
        return
    action = parts[1]
    if action == "save":
        draft = await service.draft(number)
        try:
            event = await service.save_draft(number)
        except (EventInputError, DateError) as error:
            await query.answer()
            await _say(update, context, _input_error(context, lang, error, _zone(context, who)))
            return
        if event is None:
            await query.answer(_plain(context, lang, "create.draft_gone"), show_alert=True)
            return
        await query.answer()
        key = "edit.saved" if draft is not None and draft.event_id else "create.saved"
        card = service.render.card(lang, event, _where(context, update, who, event))
        markup = InlineKeyboardMarkup([service.render.coordinator_buttons(lang, event.id)])
        await _edit_or_say(
            update, context, _t(context, lang, key, id=event.id) + "\n\n" + card, markup
        )
    elif action == "drop":
        await query.answer()
        await service.drop_draft(number)
        await _edit_or_say(update, context, _t(context, lang, "create.dropped"))
    elif action == "all":
        draft = await service.toggle_remind_all(number)
        await query.answer()
        if draft is None:
            await _edit_or_say(update, context, _t(context, lang, "create.draft_gone"))
            return
        tz = _zone(context, who)
        if draft.event_id is None:
            await _show_draft(update, context, lang, tz, draft.id, draft.fields, edit=True)
        else:
            event = await service.get(draft.event_id)
            changes = service.changes(event.fields, draft.fields) if event else []
            text = service.render.edit_summary(
                lang, draft.fields, tz, service.reminders.offsets_of(draft.fields), changes
            )
            await _edit_or_say(
                update,
                context,
                text,
                service.render.draft_keyboard(lang, draft.id, draft.fields.remind_all),
            )
    elif action == "cancel":
        await query.answer()
        await _ask_cancel(update, context, lang, str(number))
    elif action == "cancelok":
        event = await service.cancel(number)
        await query.answer()
        key = "cancel.done" if event is not None else "cancel.already"
        await _edit_or_say(update, context, _t(context, lang, key, id=number))
    elif action == "keep":
        await query.answer()
        await _edit_or_say(update, context, _t(context, lang, "cancel.kept", id=number))
    elif action == "who":
        await query.answer()
        await _send_report(update, context, who, number)
    else:
        await query.answer()


async def on_stale_button(update: Update, context: BotContext) -> None:
    """A conversation button pressed after the conversation ended."""
    query = update.callback_query
    assert query is not None
    who = await speaker(update, context)
    await query.answer(_plain(context, who.lang, "create.draft_gone"), show_alert=True)


# -- RSVP ---------------------------------------------------------------------------------------


async def on_rsvp(update: Update, context: BotContext) -> None:
    query = update.callback_query
    person = person_of(update)
    assert query is not None and query.data is not None
    if person is None:
        await query.answer()
        return
    _, raw_id, answer = query.data.split(":")
    who = await speaker(update, context)
    service = _service(context)
    event_id = read_id(raw_id)
    if event_id is None:
        await query.answer(_plain(context, who.lang, "rsvp.unknown_event"), show_alert=True)
        return
    result = await service.rsvp(event_id, person, answer, private_chat=in_own_private_chat(update))
    lang = (
        who.lang if who.member else service.members.language_of(result.member, person.language_code)
    )
    if result.status != "ok":
        key = {"unknown": "unknown_event", "cancelled": "cancelled", "ended": "ended"}[
            result.status
        ]
        await query.answer(_plain(context, lang, f"rsvp.{key}"), show_alert=True)
        return
    text = _t(context, lang, f"rsvp.noted_{answer}")
    member = result.member
    alert = False
    if answer != "no" and (member is None or not member.private_chat or not member.reachable):
        text += _t(context, lang, "rsvp.open_private", bot=context.bot.username)
        alert = True
    await query.answer(plain_text(text), show_alert=alert)
    if is_private(update) and result.event is not None and query.message is not None:
        markup = service.render.rsvp_keyboard(lang, result.event, selected=answer)
        try:
            await query.edit_message_reply_markup(markup)
        except BadRequest as exc:  # "message is not modified" when pressed twice
            log.debug("rsvp keyboard not updated: %s", exc)


@coordinators
async def rsvp_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    try:
        number = read_number(command_args(context).lstrip("#n°"))
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, who.lang, error)
        return
    if number is None:
        await _say(update, context, _t(context, who.lang, "rsvp.usage"))
        return
    await _send_report(update, context, who, number)


async def _send_report(update: Update, context: BotContext, who: Speaker, event_id: int) -> None:
    """Who answered, grouped by country and organisation: personal data, so in private."""
    service = _service(context)
    report = await service.rsvp_report(event_id, who.lang)
    if report is None:
        await _say(update, context, _t(context, who.lang, "edit.not_found", id=event_id))
        return
    text = service.render.rsvp_report(who.lang, report, _zone(context, who))
    user = update.effective_user
    assert user is not None
    need_private = _t(context, who.lang, "rsvp.need_private", bot=context.bot.username)
    if not await reachable_in_private(update, context):
        await _say(update, context, need_private)
        return
    try:
        for part in _chunks(text):
            await context.bot.send_message(user.id, part)
    except TelegramError as error:
        if not await unreachable_in_private(context, user.id, error):
            raise
        await _say(update, context, need_private)
        return
    if not is_private(update):
        await _say(update, context, _t(context, who.lang, "rsvp.sent_private"))


def _chunks(text: str, limit: int = 4000) -> list[str]:
    """Split a long message on line boundaries (Telegram takes 4,096 characters)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single overlong line (the renderers avoid them)
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        if current and html_length(f"{current}\n{line}") > limit:  # as Telegram counts
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        parts.append(current)
    return parts


# -- /agenda, /prochain, .ics -------------------------------------------------------------------


def _where(context: BotContext, update: Update, who: Speaker, event: EventFields) -> Where:
    if is_group(update.effective_chat):
        return _service(context).where_for_group(event)
    return Where(tz=_zone(context, who))


async def _projects(
    update: Update, context: BotContext, who: Speaker, asked: str | None
) -> list[str] | None:
    chat = update.effective_chat
    group = await context.services.members.group(chat.id) if is_group(chat) and chat else None
    return _service(context).projects_for(who.member, group, asked)


async def _reader(update: Update, context: BotContext) -> Speaker:
    """Who reads the reply: in a group whose language was chosen (``/langue en`` there), the
    group speaks it, whoever asked; elsewhere the speaker's own language."""
    who = await speaker(update, context)
    chat = update.effective_chat
    if chat is not None and is_group(chat):
        group = await context.services.members.group(chat.id)
        if group is not None and group.language:
            return replace(who, lang=group.language)
    return who


async def agenda_command(update: Update, context: BotContext) -> None:
    who = await _reader(update, context)
    service = _service(context)
    words = command_args(context).split()
    want_ics = bool(words) and words[-1].lower() in ("ics", "ical", "calendar", "calendrier")
    if want_ics:
        words = words[:-1]
    try:
        projects = await _projects(update, context, who, " ".join(words) or None)
    except EventInputError as error:
        await _say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
        return
    if want_ics:
        await _send_agenda_ics(update, context, who, projects)
        return
    agenda = await service.agenda(projects, who.lang)
    tz = None if is_group(update.effective_chat) else _zone(context, who)

    def where_of(event: Event) -> Where:
        return service.where_for_group(event) if tz is None else Where(tz=tz)

    now = context.services.clock.now()
    shown = agenda.events
    text = ""
    while True:  # keep under Telegram's 4096 characters, dropping the furthest events
        text = service.render.agenda(
            who.lang,
            shown,
            agenda.milestones,
            where_of,
            projects,
            now=now,
            counts=agenda.counts,
            more=agenda.more + len(agenda.events) - len(shown),
            reader_tz=tz,
        )
        if html_length(text) <= 4000 or not shown:
            break
        shown = shown[:-1]
    await _say(update, context, text, _agenda_keyboard(context, who.lang, shown, projects))


def _agenda_keyboard(
    context: BotContext, lang: str, events: list[Event], projects: list[str] | None
) -> InlineKeyboardMarkup | None:
    if not events:
        return None
    rows = []
    for event in events[:6]:
        title = (
            event.title
            if len(event.title) <= AGENDA_BUTTON_TITLE
            else event.title[: AGENDA_BUTTON_TITLE - 1] + "…"
        )
        rows.append([_button(f"📅 {title}", f"ev:ics:{event.id}")])
    scope = ",".join(projects) if projects else "*"
    rows.append([_button(_t(context, lang, "buttons.agenda_ics"), f"ev:agics:{scope}"[:64])])
    return InlineKeyboardMarkup(rows)


async def next_command(update: Update, context: BotContext) -> None:
    who = await _reader(update, context)
    service = _service(context)
    try:
        projects = await _projects(update, context, who, command_args(context) or None)
    except EventInputError as error:
        await _say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
        return
    event = await service.next_event(projects)
    if event is None:
        label = service.render.projects_label(who.lang, projects)
        await _say(update, context, _t(context, who.lang, "agenda.next_empty", projects=label))
        return
    counts = (await service.repo.rsvp_counts([event.id]))[event.id]
    answer = await service.answer_of(event.id, who.person.user_id) if who.person else None
    where = _where(context, update, who, event)
    now = context.services.clock.now()
    card = service.render.card(who.lang, event, where, now=now, counts=counts, answer=answer)
    coordinator = is_private(update) and await is_coordinator(update, context)
    markup = service.render.rsvp_keyboard(
        who.lang, event, selected=answer if is_private(update) else None, coordinator=coordinator
    )
    await _say(update, context, _t(context, who.lang, "agenda.next_title") + "\n\n" + card, markup)


async def _send_file(
    update: Update, context: BotContext, lang: str, data: bytes, name: str, caption: str
) -> None:
    """Send a file in private to whoever asked (a group is not flooded with files). Someone
    the bot cannot write to in private gets a short note instead (an alert on the button)."""
    user = update.effective_user
    assert user is not None
    query = update.callback_query
    if await reachable_in_private(update, context):
        try:
            await context.bot.send_document(
                user.id, InputFile(data, filename=name), caption=caption
            )
        except TelegramError as error:
            if not await unreachable_in_private(context, user.id, error):
                raise
        else:
            if query is not None:
                await query.answer()
            return
    note = _t(context, lang, "rsvp.need_private", bot=context.bot.username)
    if query is not None:
        await query.answer(plain_text(note), show_alert=True)
    else:
        await _say(update, context, note)


async def on_ics(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    service = _service(context)
    event_id = read_id(query.data.rsplit(":", 1)[1])
    event = await service.get(event_id) if event_id is not None else None
    if event is None:
        await query.answer(_plain(context, who.lang, "rsvp.unknown_event"), show_alert=True)
        return
    data = service.calendar([event], who.lang, event.title, [])
    caption = _t(context, who.lang, "agenda.ics_event_caption", title=event.title)
    await _send_file(
        update, context, who.lang, data, filename(f"coopbot-event-{event.id}"), caption
    )


async def on_agenda_ics(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    scope = query.data.split(":", 2)[2]
    known = set(_service(context).knowledge().projects)
    projects = None if scope == "*" else [p for p in scope.split(",") if p in known] or None
    await _send_agenda_ics(update, context, who, projects)


async def _send_agenda_ics(
    update: Update, context: BotContext, who: Speaker, projects: list[str] | None
) -> None:
    service = _service(context)
    events = await service.upcoming(projects, limit=200)
    milestones = service.milestones(projects, who.lang)
    label = service.render.projects_label(who.lang, projects)
    if not events and not any(m.date.precision == "day" for m in milestones):
        if update.callback_query is not None:
            await update.callback_query.answer(
                _plain(context, who.lang, "agenda.ics_empty", projects=label), show_alert=True
            )
        else:
            await _say(update, context, _t(context, who.lang, "agenda.ics_empty", projects=label))
        return
    name = f"coopbot — {label}"
    data = service.calendar(events, who.lang, name, milestones)
    stem = "coopbot-agenda-" + ("-".join(projects) if projects else "all")
    caption = _t(context, who.lang, "agenda.ics_caption", projects=label)
    await _send_file(update, context, who.lang, data, filename(stem), caption)
