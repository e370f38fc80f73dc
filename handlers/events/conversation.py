"""/evenement (/event) for coordinators: the guided creation (per chat and user, kept in SQLite
across restarts, stopped by /annuler or after 48 hours, handlers/flows.py), ``modifier N`` (the
edit menu) and ``annuler N``. The conversation only collects answers; it produces a *draft*
kept in SQLite, saved by its "Save" button (handlers/events/buttons.py)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, cast

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
)

from bot.context import BotContext
from bot.dates import DateError, parse_duration, parse_offsets
from bot.events import (
    EDITABLE,
    URL,
    EventInputError,
    check_text,
    check_title,
    read_capacity,
    web_link,
)
from bot.i18n import Safe, excerpt
from bot.limits import read_id
from bot.render.buttons import (
    EventAction,
    FlowAudience,
    FlowCountry,
    FlowDone,
    FlowDuration,
    FlowEditSave,
    FlowEditStop,
    FlowField,
    FlowKind,
    FlowProject,
    FlowSkip,
    FlowWhen,
)
from bot.render.events import Where
from bot.storage.events import EventFields
from handlers.common import (
    Speaker,
    command_args,
    edit_or_say,
    is_private,
    say,
    speaker,
)
from handlers.events.helpers import (
    CANCEL_WORDS,
    DURATIONS,
    EDIT_WORDS,
    END,
    ON_SITE,
    ONLINE,
    TEXT,
    Handler,
    _ambiguous,
    _answer,
    _ask_cancel,
    _ask_when,
    _button,
    _clear,
    _event_number,
    _input_error,
    _plain,
    _pressed,
    _rows,
    _service,
    _show_draft,
    _state,
    _t,
    _text_of,
    _usage,
    _zone,
    coordinators,
)
from handlers.events.oneline import one_line
from handlers.flows import Flow
from handlers.subcommands import suggest_subcommand

(PROJECT, KIND, TITLE, WHEN, WHEN_OK, DURATION, LINK, PLACE, AUDIENCE, COUNTRIES) = range(10)
(EDIT_MENU, EDIT_VALUE) = range(10, 12)
CAPACITY = 12  # in-person kinds, after the place: how many places (optional)


def _button_or_text(callback: Any, pattern: Any) -> list[Any]:
    """A state answered either by one of its buttons or by typed text, both to ``callback``."""
    return [CallbackQueryHandler(callback, pattern=pattern), MessageHandler(TEXT, callback)]


def conversation() -> Flow:
    """Creating and editing, per (chat, user), kept in SQLite (handlers/flows.py)."""
    return Flow(
        entry_points=[
            CommandHandler(["event", "evenement"], event_command),
            CallbackQueryHandler(
                on_edit_button, pattern=EventAction.pattern(lambda b: b.action == "edit")
            ),
        ],
        states={
            PROJECT: _button_or_text(on_project, FlowProject.pattern()),
            KIND: _button_or_text(on_kind, FlowKind.pattern()),
            TITLE: [MessageHandler(TEXT, on_title)],
            WHEN: [MessageHandler(TEXT, on_when)],
            WHEN_OK: [
                CallbackQueryHandler(on_when_ok, pattern=FlowWhen.pattern()),
                MessageHandler(TEXT, on_when),
            ],
            DURATION: _button_or_text(on_duration, FlowDuration.pattern()),
            LINK: _button_or_text(on_link, FlowSkip.pattern()),
            PLACE: _button_or_text(on_place, FlowSkip.pattern()),
            CAPACITY: _button_or_text(on_capacity, FlowSkip.pattern()),
            AUDIENCE: [CallbackQueryHandler(on_audience, pattern=FlowAudience.pattern())],
            COUNTRIES: [
                CallbackQueryHandler(on_countries, pattern=FlowCountry.pattern()),
                CallbackQueryHandler(on_countries, pattern=FlowDone.pattern()),
            ],
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


# -- /evenement: entry --------------------------------------------------------------------------


@coordinators
async def event_command(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    tz = _zone(context, who)
    args = command_args(context)
    service = _service(context)
    words = args.split()
    if "|" in args:
        await one_line(update, context, who, tz, args)
        return END
    verb = words[0].lower() if words else ""
    if verb in CANCEL_WORDS + EDIT_WORDS and len(words) != 2:  # the number is missing
        await say(update, context, _t(context, who.lang, "edit.usage"))
        return END
    if len(words) == 2 and verb in CANCEL_WORDS:
        await _ask_cancel(update, context, who.lang, words[1])
        return END
    if len(words) == 2 and verb in EDIT_WORDS:
        if not is_private(update):
            await say(
                update, context, context.services.catalogue.t(who.lang, "core.access.private_only")
            )
            return END
        return await _start_edit(update, context, who, words[1])
    if args and await suggest_subcommand(  # "/evenement modifer 1": did you mean "modifier"?
        update,
        context,
        who.lang,
        words,
        0,
        EDIT_WORDS + CANCEL_WORDS,
        _t(context, who.lang, "edit.usage"),
    ):
        return END
    if args:
        usage = _usage(context, who.lang, tz)
        await say(update, context, f"{usage}\n\n{_t(context, who.lang, 'edit.usage')}")
        return END
    if not is_private(update):
        await say(update, context, _usage(context, who.lang, tz))
        return END
    _clear(context, update)
    buttons = [_button(p.short_name, FlowProject(p.id)) for p in service.projects()]
    await say(update, context, _t(context, who.lang, "create.ask_project"), _rows(buttons))
    return PROJECT


@coordinators
async def on_stop(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    _clear(context, update)
    await say(update, context, _t(context, who.lang, "create.stopped"))
    return END


async def _discard(update: Update, context: BotContext) -> None:
    """The flow expired: forget what it collected."""
    _clear(context, update)


# -- /evenement: the guided creation ------------------------------------------------------------


def step(
    body: Callable[[Update, BotContext, Speaker], Awaitable[int]],
) -> Handler[int | None]:
    """A step of the guided creation (coordinators only): a press is acknowledged at once, and
    ``body`` is told who wrote."""

    @functools.wraps(body)
    async def handler(update: Update, context: BotContext) -> int:
        who = await speaker(update, context)
        await _answer(update)
        return await body(update, context, who)

    return coordinators(handler)


async def _refuse(update: Update, context: BotContext, who: Speaker, error: Exception) -> None:
    """What is wrong with what the coordinator typed, in their language and time zone."""
    await say(update, context, _input_error(context, who.lang, error, _zone(context, who)))


async def _text_fits(
    update: Update, context: BotContext, who: Speaker, field: str, value: str
) -> bool:
    """``value`` fits the event's ``field`` (as Telegram counts); else the coordinator is told."""
    try:
        check_text(field, value)
    except EventInputError as error:
        await _refuse(update, context, who, error)
        return False
    return True


@step
async def on_project(update: Update, context: BotContext, who: Speaker) -> int:
    service = _service(context)
    pressed = _pressed(update)
    choice = pressed.project if isinstance(pressed, FlowProject) else _text_of(update)
    project = service.find_project(choice)
    if project is None:
        await say(
            update,
            context,
            _input_error(context, who.lang, service.unknown_project(choice), _zone(context, who)),
        )
        return PROJECT
    _state(context, update)["project_id"] = project.id
    kinds = ("visioconference", "webinar", "gathering", "seminar", "other")
    buttons = [_button(service.render.kind(who.lang, k), FlowKind(k)) for k in kinds]
    await edit_or_say(update, context, _t(context, who.lang, "create.ask_kind"), _rows(buttons))
    return KIND


@step
async def on_kind(update: Update, context: BotContext, who: Speaker) -> int:
    pressed = _pressed(update)
    choice = pressed.kind if isinstance(pressed, FlowKind) else _text_of(update)
    kind = _service(context).find_kind(choice)
    if kind is None:
        await say(update, context, _t(context, who.lang, "create.bad_kind", kind=choice))
        return KIND
    _state(context, update)["kind"] = kind
    await edit_or_say(update, context, _t(context, who.lang, "create.ask_title"))
    return TITLE


@coordinators
async def on_title(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    title = _text_of(update)
    try:
        check_title(title)
    except EventInputError as error:
        await _refuse(update, context, who, error)
        return TITLE
    _state(context, update)["title"] = title
    tz = _zone(context, who)
    await say(update, context, _ask_when(context, who.lang, tz))
    return WHEN


@coordinators
async def on_when(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    tz = _zone(context, who)
    service = _service(context)
    try:
        when, repeat = service.parse_schedule(_text_of(update), tz)
    except DateError as error:
        await say(update, context, _input_error(context, who.lang, error, tz))
        return WHEN
    _state(context, update)["starts_at"] = when.utc.isoformat()
    _state(context, update)["repeat"] = repeat
    text = _t(
        context,
        who.lang,
        "create.confirm_when",
        when=service.render.when_exact(who.lang, when.utc, tz),
    )
    if repeat is not None:  # a series: its rhythm under its first date
        rule = service.render.repeat(who.lang, repeat, when.utc, tz)
        text += "\n" + context.services.catalogue.t(who.lang, "recurrence.line", rule=Safe(rule))
    if when.ambiguous:
        text += "\n" + _ambiguous(context, who.lang, when.local, tz)
    buttons = [
        _button(_t(context, who.lang, "buttons.yes_right"), FlowWhen("yes")),
        _button(_t(context, who.lang, "buttons.no_retype"), FlowWhen("no")),
    ]
    await say(update, context, text, _rows(buttons))
    return WHEN_OK


@step
async def on_when_ok(update: Update, context: BotContext, who: Speaker) -> int:
    pressed = _pressed(update)
    if not isinstance(pressed, FlowWhen) or pressed.answer != "yes":
        tz = _zone(context, who)
        await edit_or_say(update, context, _ask_when(context, who.lang, tz))
        return WHEN
    buttons = [
        _button(
            _service(context).render.duration(who.lang, timedelta(minutes=m)),
            FlowDuration(str(m)),
        )
        for m in DURATIONS
    ]
    await edit_or_say(
        update, context, _t(context, who.lang, "create.ask_duration"), _rows(buttons, 3)
    )
    return DURATION


@step
async def on_duration(update: Update, context: BotContext, who: Speaker) -> int:
    pressed = _pressed(update)
    try:
        if isinstance(pressed, FlowDuration):  # one of DURATIONS (else not sent by the bot)
            minutes = read_id(pressed.minutes, maximum=max(DURATIONS))
            if minutes is None:
                raise DateError("bad_duration")
        else:
            minutes = int(parse_duration(_text_of(update)).total_seconds() // 60)
    except DateError as error:
        await _refuse(update, context, who, error)
        return DURATION
    state = _state(context, update)
    state["minutes"] = int(minutes)
    return await _next_after_duration(update, context, who.lang, state)


async def _next_after_duration(
    update: Update, context: BotContext, lang: str, state: dict[str, Any]
) -> int:
    if state["kind"] in ONLINE:
        await say(update, context, _t(context, lang, "create.ask_link"), _skip(context, lang))
        return LINK
    return await _ask_place(update, context, lang)


async def _ask_place(update: Update, context: BotContext, lang: str) -> int:
    await say(update, context, _t(context, lang, "create.ask_place"), _skip(context, lang))
    return PLACE


def _skip(context: BotContext, lang: str, label: str = "buttons.skip") -> InlineKeyboardMarkup:
    """One button to leave an optional step out."""
    return _rows([_button(_t(context, lang, label), FlowSkip())])


@step
async def on_link(update: Update, context: BotContext, who: Speaker) -> int:
    state = _state(context, update)
    if update.callback_query is None:
        link = web_link(_text_of(update))
        if not await _text_fits(update, context, who, "link", link):
            return LINK
        if not URL.match(link):
            await say(update, context, _t(context, who.lang, "create.bad_link"))
            return LINK
        state["link"] = link
    if state["kind"] in ON_SITE:
        return await _ask_place(update, context, who.lang)
    return await _ask_audience(update, context, who.lang)


@step
async def on_place(update: Update, context: BotContext, who: Speaker) -> int:
    if update.callback_query is None:
        place = _text_of(update)
        if not await _text_fits(update, context, who, "place", place):
            return PLACE
        _state(context, update)["place"] = place
    # an in-person gathering (the place is asked only for those): how many places?
    no_limit = _skip(context, who.lang, "buttons.no_limit")
    await say(update, context, _t(context, who.lang, "create.ask_capacity"), no_limit)
    return CAPACITY


@step
async def on_capacity(update: Update, context: BotContext, who: Speaker) -> int:
    """A number of places (``30`` or ``30 places``; beyond it, a waiting list), or no limit."""
    state = _state(context, update)
    if update.callback_query is None:
        capacity = read_capacity(_text_of(update))
        if capacity is None:
            await say(update, context, _t(context, who.lang, "create.bad_capacity"))
            return CAPACITY
        state["capacity"] = capacity
    else:
        state.pop("capacity", None)
    return await _ask_audience(update, context, who.lang)


async def _ask_audience(update: Update, context: BotContext, lang: str) -> int:
    buttons = [
        _button(_t(context, lang, "buttons.all_members"), FlowAudience("all")),
        _button(_t(context, lang, "buttons.some_countries"), FlowAudience("some")),
    ]
    await say(update, context, _t(context, lang, "create.ask_audience"), _rows(buttons))
    return AUDIENCE


@step
async def on_audience(update: Update, context: BotContext, who: Speaker) -> int:
    state = _state(context, update)
    pressed = _pressed(update)
    if isinstance(pressed, FlowAudience) and pressed.audience == "all":
        state["countries"] = None
        return await _finish_creation(update, context, who, state)
    state["countries"] = []
    return await _ask_countries(update, context, who.lang, state)


async def _ask_countries(
    update: Update, context: BotContext, lang: str, state: dict[str, Any]
) -> int:
    """Which countries: the project's, those chosen ticked, then Done."""
    chosen = set(state.get("countries") or [])
    buttons = []
    for country in _service(context).knowledge.kb.member_countries(state["project_id"]):
        mark = "☑️ " if country.id in chosen else "⬜ "
        buttons.append(_button(mark + country.name.get(lang), FlowCountry(country.id)))
    buttons.append(_button(_t(context, lang, "buttons.done"), FlowDone()))
    await edit_or_say(update, context, _t(context, lang, "create.ask_countries"), _rows(buttons))
    return COUNTRIES


@coordinators
async def on_countries(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    query = update.callback_query
    assert query is not None
    pressed = _pressed(update)
    state = _state(context, update)
    if not isinstance(pressed, FlowCountry):  # FlowDone
        if not state.get("countries"):
            await query.answer(
                _plain(context, who.lang, "create.no_country_chosen"), show_alert=True
            )
            return COUNTRIES
        await query.answer()
        return await _finish_creation(update, context, who, state)
    await query.answer()
    country = pressed.country
    chosen = list(state.get("countries") or [])
    if country in chosen:
        chosen.remove(country)
    else:
        chosen.append(country)
    state["countries"] = chosen
    return await _ask_countries(update, context, who.lang, state)


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
        repeat=state.get("repeat"),
        capacity=state.get("capacity"),
    )
    service = _service(context)
    try:
        draft = await service.prepare(fields, by=who.person)
    except (EventInputError, DateError) as error:
        await say(update, context, _input_error(context, who.lang, error, tz))
        _clear(context, update)
        return END
    _clear(context, update)
    await _show_draft(update, context, who.lang, tz, draft.id, fields)
    return END


# -- editing ------------------------------------------------------------------------------------


@coordinators
async def on_edit_button(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    query = update.callback_query
    assert query is not None
    await query.answer()
    pressed = _pressed(update)
    if not is_private(update) or not isinstance(pressed, EventAction):
        await say(
            update, context, context.services.catalogue.t(who.lang, "core.access.private_only")
        )
        return END
    return await _start_edit(update, context, who, str(pressed.number))


async def _start_edit(update: Update, context: BotContext, who: Speaker, raw_id: str) -> int:
    service = _service(context)
    number = await _event_number(update, context, who.lang, raw_id)
    if number is None:
        return END
    event = await service.get(number) if number > 0 else None
    if event is None:
        await say(update, context, _t(context, who.lang, "edit.not_found", id=excerpt(raw_id, 30)))
        return END
    if event.cancelled or event.ends_at <= context.services.clock.now():
        await say(update, context, _t(context, who.lang, "edit.not_editable", id=event.id))
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
    buttons = [_button(_t(context, who.lang, f"buttons.field_{n}"), FlowField(n)) for n in names]
    markup = _rows(buttons)
    markup = InlineKeyboardMarkup(
        [
            *markup.inline_keyboard,
            [
                _button(_t(context, who.lang, "buttons.save"), FlowEditSave()),
                _button(_t(context, who.lang, "buttons.discard"), FlowEditStop()),
            ],
        ]
    )
    text = _t(context, who.lang, "edit.menu", id=state["event_id"], card=Safe(card))
    await say(update, context, text, markup)


@coordinators
async def on_edit_menu(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    query = update.callback_query
    assert query is not None
    await query.answer()
    pressed = _pressed(update)
    state = _state(context, update)
    if "event_id" not in state:
        return END
    if isinstance(pressed, FlowEditStop):
        _clear(context, update)
        await edit_or_say(update, context, _t(context, who.lang, "create.stopped"))
        return END
    if isinstance(pressed, FlowEditSave):
        return await _finish_edit(update, context, who, state)
    name = pressed.name if isinstance(pressed, FlowField) else ""
    if name not in EDITABLE:
        return EDIT_MENU
    state["field"] = name
    if name == "when":
        tz = _zone(context, who)
        await say(update, context, _ask_when(context, who.lang, tz))
    elif name == "reminders":
        await say(update, context, _t(context, who.lang, "edit.ask_offsets"))
    elif name == "duration":
        await say(update, context, _t(context, who.lang, "create.ask_duration"))
    else:
        label = _t(context, who.lang, f"buttons.field_{name}")
        await say(update, context, _t(context, who.lang, "edit.ask_value", field=label))
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
        await say(update, context, _input_error(context, who.lang, error, tz))
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
        await say(update, context, _t(context, who.lang, "edit.not_found", id=state["event_id"]))
        return END
    changes = service.changes(event.fields, fields)
    if not changes:
        await say(update, context, _t(context, who.lang, "edit.nothing_changed"))
        return END
    try:
        draft = await service.prepare(fields, by=who.person, event_id=event.id)
    except (EventInputError, DateError) as error:
        await say(update, context, _input_error(context, who.lang, error, tz))
        return END
    text = service.render.edit_summary(
        who.lang, fields, tz, service.reminders.offsets_of(fields), changes
    )
    markup = service.render.draft_keyboard(
        who.lang, draft.id, fields.remind_all, series=event.series_id is not None
    )
    await say(update, context, text, markup)
    return END
