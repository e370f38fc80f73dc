"""/agenda, /prochain (/next), /reponses (/rsvp) and the files they send (.ics, in private)."""

from __future__ import annotations

from dataclasses import replace

from telegram import InputFile, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.events import AGENDA_PAGED_LIMIT, EventInputError
from bot.i18n import plain_text
from bot.limits import NumberOutOfRange, html_length, read_number
from bot.render.buttons import AgendaIcs, EventIcs
from bot.render.calendar import filename
from bot.render.events import Where
from bot.render.pager import Listing
from bot.storage.events import Event
from handlers.access import is_coordinator
from handlers.common import (
    Speaker,
    command_args,
    is_group,
    is_private,
    reachable_in_private,
    reader,
    reply_out_of_range,
    say,
    speaker,
    text,
    unreachable_in_private,
)
from handlers.events.helpers import (
    AGENDA_BUTTON_TITLE,
    _button,
    _input_error,
    _plain,
    _service,
    _t,
    _where,
    _zone,
    coordinators,
)
from handlers.pager import send_listing, source
from handlers.subcommands import suggest_subcommand

ICS_WORDS = ("ics", "ical", "calendar", "calendrier")

AGENDA_VIEW = "ag"  # the pager's name of /agenda (handlers/pager.py)


@coordinators
async def rsvp_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    try:
        number = read_number(command_args(context).lstrip("#n°"))
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, who.lang, error)
        return
    if number is None:
        await say(update, context, _t(context, who.lang, "rsvp.usage"))
        return
    await _send_report(update, context, who, number)


async def _send_report(update: Update, context: BotContext, who: Speaker, event_id: int) -> None:
    """Who answered, grouped by country and organisation: personal data, so in private."""
    service = _service(context)
    report = await service.rsvp_report(event_id, who.lang)
    if report is None:
        await say(update, context, _t(context, who.lang, "edit.not_found", id=event_id))
        return
    text = service.render.rsvp_report(who.lang, report, _zone(context, who))
    user = update.effective_user
    assert user is not None
    need_private = _t(context, who.lang, "rsvp.need_private", bot=context.bot.username)
    if not await reachable_in_private(update, context):
        await say(update, context, need_private)
        return
    try:
        for part in _chunks(text):
            await context.bot.send_message(user.id, part)
    except TelegramError as error:
        if not await unreachable_in_private(context, user.id, error):
            raise
        await say(update, context, need_private)
        return
    if not is_private(update):
        await say(update, context, _t(context, who.lang, "rsvp.sent_private"))


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


async def _projects(
    update: Update, context: BotContext, who: Speaker, asked: str | None
) -> list[str] | None:
    chat = update.effective_chat
    group = await context.services.members.group(chat.id) if is_group(chat) and chat else None
    return _service(context).projects_for(who.member, group, asked)


async def agenda_command(update: Update, context: BotContext) -> None:
    who = await reader(update, context)
    words = command_args(context).split()
    want_ics = bool(words) and words[-1].lower() in ICS_WORDS
    if want_ics:
        words = words[:-1]
    try:
        projects = await _projects(update, context, who, " ".join(words) or None)
    except EventInputError as error:
        if await suggest_subcommand(  # "/agenda terress icss": did you mean "ics"?
            update,
            context,
            who.lang,
            words,
            len(words) - 1,
            ICS_WORDS,
            text(context, who.lang, "refusals.usage.agenda"),
        ):
            return
        await say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
        return
    if want_ics:
        await _send_agenda_ics(update, context, who, projects)
        return
    listing = await _agenda_listing(update, context, who, projects)
    # another page rebuilds it: for the project asked, else for the chat / the presser
    key = projects[0] if words and projects else ""
    await send_listing(update, context, AGENDA_VIEW, key, listing)


@source(AGENDA_VIEW)
async def agenda_pages(update: Update, context: BotContext, who: Speaker, key: str) -> Listing:
    """Another page of /agenda (``key``: the project asked, or empty)."""
    who = await reader(update, context)
    try:
        projects = await _projects(update, context, who, key or None)
    except EventInputError:
        projects = None
    return await _agenda_listing(update, context, who, projects)


async def _agenda_listing(
    update: Update, context: BotContext, who: Speaker, projects: list[str] | None
) -> Listing:
    """The agenda in pages (handlers/pager.py: at most 15 lines a page), .ics buttons under
    every page."""
    service = _service(context)
    agenda = await service.agenda(projects, who.lang, limit=AGENDA_PAGED_LIMIT)
    tz = None if is_group(update.effective_chat) else _zone(context, who)

    def where_of(event: Event) -> Where:
        return service.where_for_group(event) if tz is None else Where(tz=tz)

    listing = service.render.agenda_listing(
        who.lang,
        agenda.events,
        agenda.milestones,
        where_of,
        projects,
        now=context.services.clock.now(),
        counts=agenda.counts,
        more=agenda.more,
        reader_tz=tz,
    )
    if not agenda.events:
        return listing
    # each event's card is an item, in order: its 📅 button shows with the page that holds it
    own = tuple(
        (_button(f"📅 {_short(event.title)}", EventIcs(event.id)),) for event in agenda.events
    )
    every = ((_button(_t(context, who.lang, "buttons.agenda_ics"), AgendaIcs.of(projects)),),)
    return replace(listing, item_rows=own, extra=every)


def _short(title: str) -> str:
    if len(title) <= AGENDA_BUTTON_TITLE:
        return title
    return title[: AGENDA_BUTTON_TITLE - 1] + "…"


async def next_command(update: Update, context: BotContext) -> None:
    who = await reader(update, context)
    service = _service(context)
    try:
        projects = await _projects(update, context, who, command_args(context) or None)
    except EventInputError as error:
        await say(update, context, _input_error(context, who.lang, error, _zone(context, who)))
        return
    event = await service.next_event(projects)
    if event is None:
        label = service.render.projects_label(who.lang, projects)
        await say(update, context, _t(context, who.lang, "agenda.next_empty", projects=label))
        return
    counts = (await service.rsvp_counts([event.id]))[event.id]
    answer = await service.answer_of(event.id, who.person.user_id) if who.person else None
    where = _where(context, update, who, event)
    now = context.services.clock.now()
    card = service.render.card(who.lang, event, where, now=now, counts=counts, answer=answer)
    coordinator = is_private(update) and await is_coordinator(update, context)
    markup = service.render.rsvp_keyboard(
        who.lang, event, selected=answer if is_private(update) else None, coordinator=coordinator
    )
    await say(update, context, _t(context, who.lang, "agenda.next_title") + "\n\n" + card, markup)


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
        await say(update, context, note)


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
            await say(update, context, _t(context, who.lang, "agenda.ics_empty", projects=label))
        return
    name = f"coopbot — {label}"
    data = await service.calendar_for(events, who.lang, name, milestones)
    stem = "coopbot-agenda-" + ("-".join(projects) if projects else "all")
    caption = _t(context, who.lang, "agenda.ics_caption", projects=label)
    await _send_file(update, context, who.lang, data, filename(stem), caption)
