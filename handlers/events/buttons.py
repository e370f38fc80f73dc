"""The buttons that work at any time: RSVP, .ics files, and the coordinator's buttons on
drafts and events (save, discard, reminders toggle, cancel, who answered). Their data is read
by the codec of bot/render/buttons.py."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.dates import DateError
from bot.events import (
    EventInputError,
)
from bot.i18n import plain_text
from bot.limits import read_id
from bot.render.buttons import AgendaIcs, EventAction, EventIcs, Rsvp, decode
from bot.render.calendar import filename
from handlers.common import (
    edit_or_say,
    in_own_private_chat,
    is_private,
    person_of,
    say,
    speaker,
)
from handlers.events.commands import _send_agenda_ics, _send_file, _send_report
from handlers.events.helpers import (
    _ask_cancel,
    _input_error,
    _plain,
    _service,
    _show_draft,
    _t,
    _where,
    _zone,
    coordinators,
    log,
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
    pressed = decode(query.data)
    if not isinstance(pressed, EventAction):  # not a button of ours
        await query.answer()
        return
    action, number = pressed.action, pressed.number
    if action in ("save", "savenext"):
        draft = await service.draft(number)
        try:
            event = await service.save_draft(number, following=action == "savenext")
        except (EventInputError, DateError) as error:
            await query.answer()
            await say(update, context, _input_error(context, lang, error, _zone(context, who)))
            return
        if event is None:
            await query.answer(_plain(context, lang, "create.draft_gone"), show_alert=True)
            return
        await query.answer()
        key = "edit.saved" if draft is not None and draft.event_id else "create.saved"
        card = service.render.card(lang, event, _where(context, update, who, event))
        markup = InlineKeyboardMarkup([service.render.coordinator_buttons(lang, event.id)])
        await edit_or_say(
            update, context, _t(context, lang, key, id=event.id) + "\n\n" + card, markup
        )
    elif action == "drop":
        await query.answer()
        await service.drop_draft(number)
        await edit_or_say(update, context, _t(context, lang, "create.dropped"))
    elif action == "all":
        draft = await service.toggle_remind_all(number)
        await query.answer()
        if draft is None:
            await edit_or_say(update, context, _t(context, lang, "create.draft_gone"))
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
            series = event is not None and event.series_id is not None
            await edit_or_say(
                update,
                context,
                text,
                service.render.draft_keyboard(
                    lang, draft.id, draft.fields.remind_all, series=series
                ),
            )
    elif action == "cancel":
        await query.answer()
        await _ask_cancel(update, context, lang, str(number))
    elif action == "cancelok":
        event = await service.cancel(number)
        await query.answer()
        key = "cancel.done" if event is not None else "cancel.already"
        await edit_or_say(update, context, _t(context, lang, key, id=number))
    elif action == "cancelnext":
        cancelled = await service.cancel_following(number)
        await query.answer()
        if not cancelled:
            await edit_or_say(update, context, _t(context, lang, "cancel.already", id=number))
            return
        text = context.services.catalogue.t(
            lang, "recurrence.answers.cancelled_following", count=len(cancelled)
        )
        await edit_or_say(update, context, text)
    elif action == "keep":
        await query.answer()
        await edit_or_say(update, context, _t(context, lang, "cancel.kept", id=number))
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
    assert query is not None
    pressed = Rsvp.decode(query.data)
    if person is None or pressed is None:
        await query.answer()
        return
    answer = pressed.answer
    who = await speaker(update, context)
    service = _service(context)
    event_id = read_id(str(pressed.event))
    if event_id is None:
        await query.answer(_plain(context, who.lang, "rsvp.unknown_event"), show_alert=True)
        return
    result = await service.rsvp(event_id, person, answer, private_chat=in_own_private_chat(update))
    lang = (
        who.lang if who.member else service.members.language_of(result.member, person.language_code)
    )
    if result.status == "waitlisted":  # full: on the waiting list, told the rank
        full = context.services.catalogue.t(lang, "waitlist.full", rank=result.rank)
        await query.answer(plain_text(full), show_alert=True)
        return
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


async def on_ics(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    service = _service(context)
    pressed = EventIcs.decode(query.data)
    event_id = read_id(str(pressed.event)) if pressed is not None else None
    event = await service.get(event_id) if event_id is not None else None
    if event is None:
        await query.answer(_plain(context, who.lang, "rsvp.unknown_event"), show_alert=True)
        return
    data = await service.calendar_for([event], who.lang, event.title, [])
    caption = _t(context, who.lang, "agenda.ics_event_caption", title=event.title)
    await _send_file(
        update, context, who.lang, data, filename(f"coopbot-event-{event.id}"), caption
    )


async def on_agenda_ics(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    who = await speaker(update, context)
    pressed = AgendaIcs.decode(query.data) or AgendaIcs("*")
    projects = pressed.projects(set(_service(context).knowledge.kb.projects))
    await _send_agenda_ics(update, context, who, projects)
