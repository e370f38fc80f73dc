"""The draft's buttons (``bc:<id>:<action>``: audience, preview, confirm or schedule), and
those that outlive the conversation (``bcx:<action>:<id>``: the failures' CSV, cancelling a
scheduled announcement)."""

from __future__ import annotations

from telegram import (
    InputFile,
    Message,
    Update,
)
from telegram.error import BadRequest, TelegramError

from bot.broadcast import (
    Audience,
    AudienceError,
    Broadcast,
    BroadcastService,
    payload_of,
)
from bot.context import BotContext
from bot.delivery import send_payload
from bot.i18n import Safe, format_datetime, plain_text, zone_label
from bot.render.broadcast import TOGGLE_KINDS
from bot.render.buttons import BroadcastTool, Compose, decode
from handlers.broadcast.helpers import (
    DRAFT,
    END,
    WHEN,
    _examples,
    _render,
    _service,
    _t,
    coordinators,
    log,
)
from handlers.common import edit, speaker

# -- buttons ------------------------------------------------------------------------------------


@coordinators
async def on_button(update: Update, context: BotContext) -> int | None:
    try:
        return await _on_button(update, context)
    except (AudienceError, IndexError):  # forged or outdated button data
        query = update.callback_query
        assert query is not None
        await query.answer()
        return None


async def _on_button(update: Update, context: BotContext) -> int | None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and query.data is not None and user is not None
    who = await speaker(update, context)
    lang = who.lang
    service = _service(context)
    pressed = decode(query.data)
    if not isinstance(pressed, Compose):  # not a button of ours
        await query.answer()
        return None
    action, arg = pressed.action, pressed.arg
    draft = await service.draft(pressed.draft, user.id)
    if draft is None:
        await query.answer(plain_text(_t(context, lang, "compose.closed")), show_alert=True)
        return END
    message = query.message
    chat_id = message.chat.id if message is not None else user.id

    if action == "x":
        await service.discard(draft.id)
        await query.answer()
        await edit(update, _t(context, lang, "compose.cancelled"))
        return END
    if action == "aud":
        await query.answer()
        await edit(
            update,
            _t(context, lang, "audience.ask", id=draft.id),
            _render(context).audience_menu(lang, draft.id),
        )
        return DRAFT
    if action == "set":
        audience = Audience(arg)
        return await _choose(update, context, lang, draft, audience, chat_id)
    if action == "pick":
        kind = arg
        draft = await service.set_audience(draft.id, None)
        await query.answer()
        await _show_choices(update, context, lang, draft, kind)
        return DRAFT
    if action == "proj":
        return await _choose(update, context, lang, draft, Audience("project", (arg,)), chat_id)
    if action == "tog":
        code, _, value = arg.partition(":")
        kind = TOGGLE_KINDS.get(code, code)
        current = Audience.from_json(draft.audience) if draft.audience else None
        toggled = (
            current.toggled(value)
            if current is not None and current.type == kind
            else Audience(kind, (value,))
        )
        draft = await service.set_audience(draft.id, toggled)
        await query.answer()
        await _show_choices(update, context, lang, draft, kind)
        return DRAFT
    if action == "ok":
        if draft.audience is None:
            await query.answer(plain_text(_t(context, lang, "audience.pick_one")), show_alert=True)
            return DRAFT
        return await _choose(
            update, context, lang, draft, Audience.from_json(draft.audience), chat_id
        )
    if action == "sched":
        await query.answer()
        zone = service.zone_of(draft)
        await edit(
            update,
            _t(context, lang, "when.ask", zone=zone_label(zone), **_examples(context, lang, zone)),
            _render(context).cancel_draft_keyboard(lang, draft.id),
        )
        return WHEN
    if action in ("now", "go"):
        if action == "now":
            draft = await service.set_time(draft.id, None)
        report_message_id = message.message_id if message is not None else None
        broadcast = await service.confirm(
            draft.id, report_chat_id=chat_id, report_message_id=report_message_id
        )
        if broadcast is None:
            await query.answer(plain_text(_t(context, lang, "compose.closed")), show_alert=True)
            return END
        if broadcast.state == "scheduled":
            await query.answer(plain_text(_t(context, lang, "confirm.scheduled")))
            await edit(
                update,
                service.render.scheduled(
                    broadcast,
                    await _count(service, broadcast),
                    zone=service.zone_of(broadcast),
                    audience=service.audience_label(broadcast),
                ),
                _render(context).cancel_scheduled_keyboard(lang, broadcast.id),
            )
        else:
            await query.answer(plain_text(_t(context, lang, "confirm.started")))
        return END
    await query.answer()
    return None


async def _choose(
    update: Update,
    context: BotContext,
    lang: str,
    draft: Broadcast,
    audience: Audience,
    chat_id: int,
) -> int:
    """The audience is chosen: show the preview and the confirmation, or say nobody matches."""
    query = update.callback_query
    assert query is not None
    service = _service(context)
    recipients = await service.recipients(audience)
    if recipients.count == 0:
        await query.answer(plain_text(_t(context, lang, "audience.nobody")), show_alert=True)
        return DRAFT
    draft = await service.set_audience(draft.id, audience)
    await query.answer()
    await edit(
        update,
        _t(
            context,
            lang,
            "audience.chosen",
            id=draft.id,
            audience=service.describe(audience, lang),
        ),
    )
    await context.bot.send_message(chat_id, _t(context, lang, "preview.intro"))
    try:
        await send_payload(
            context.bot, chat_id, payload_of(draft.content_type, draft.body, draft.file_id)
        )
    except BadRequest as exc:
        await context.bot.send_message(
            chat_id, _t(context, lang, "preview.refused", error=exc.message)
        )
        await service.discard(draft.id)
        return END
    await send_summary(context, chat_id, lang, draft)
    return DRAFT


async def send_summary(context: BotContext, chat_id: int, lang: str, draft: Broadcast) -> Message:
    """The confirmation message: audience, recipient count, time, and the buttons. Once
    confirmed, it is the message edited with the progress and then the report."""
    service = _service(context)
    assert draft.audience is not None
    audience = Audience.from_json(draft.audience)
    recipients = await service.recipients(audience)
    zone = service.zone_of(draft)
    if draft.scheduled_at is not None:
        when = _t(
            context, lang, "preview.when_at", when=format_datetime(draft.scheduled_at, lang, zone)
        )
    else:
        when = _t(context, lang, "preview.when_now")
    markup = _render(context).summary_keyboard(lang, draft.id, draft.scheduled_at is not None)
    text = _t(
        context,
        lang,
        "preview.summary",
        id=draft.id,
        audience=service.describe(audience, lang),
        count=recipients.count,
        people=len(recipients.people),
        groups=len(recipients.groups),
        when=Safe(when),
    ) + service.preview_cost(recipients.count, lang)
    return await context.bot.send_message(chat_id, text, reply_markup=markup)


async def _show_choices(
    update: Update, context: BotContext, lang: str, draft: Broadcast, kind: str
) -> None:
    query = update.callback_query
    assert query is not None
    service = _service(context)
    choices = await service.choices(kind, lang)
    selected = set()
    if draft.audience and draft.audience.get("type") == kind:
        selected = set(draft.audience.get("values", ()))
    markup = _render(context).choices_keyboard(lang, draft.id, kind, choices, selected)
    key = "audience.none_available" if not choices else f"audience.pick_{kind}"
    await edit(update, _t(context, lang, key), markup)


async def _count(service: BroadcastService, broadcast: Broadcast) -> int:
    assert broadcast.audience is not None
    return (await service.recipients(Audience.from_json(broadcast.audience))).count


async def on_stale_button(update: Update, context: BotContext) -> None:
    """A composition button outside its conversation (the bot restarted, or it was closed)."""
    query = update.callback_query
    assert query is not None
    who = await speaker(update, context)
    await query.answer(plain_text(_t(context, who.lang, "compose.closed")), show_alert=True)


# -- after sending: list, CSV, cancelling a scheduled one ---------------------------------------


@coordinators
async def on_tool_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    lang = who.lang
    service = _service(context)
    pressed = BroadcastTool.decode(query.data)
    action = pressed.action if pressed is not None else ""
    broadcast = await service.get(pressed.broadcast) if pressed is not None else None
    if broadcast is None:
        await query.answer(plain_text(_t(context, lang, "list.unknown")), show_alert=True)
        return
    chat = update.effective_chat
    assert chat is not None
    if action == "csv":
        content = await service.failures_csv(broadcast)
        if content.count(b"\n") <= 1:
            await query.answer(plain_text(_t(context, lang, "csv.none")), show_alert=True)
            return
        await query.answer()
        try:
            await context.bot.send_document(
                chat.id,
                InputFile(content, filename=f"annonce-{broadcast.id}-echecs.csv"),
                caption=_t(context, lang, "csv.caption", id=broadcast.id),
            )
        except TelegramError:
            log.exception("could not send the CSV of announcement %s", broadcast.id)
            raise
        return
    if action == "cancel":
        if await service.cancel(broadcast.id):
            await query.answer()
            await edit(update, _t(context, lang, "list.cancelled", id=broadcast.id))
        else:
            await query.answer(
                plain_text(_t(context, lang, "list.cannot_cancel", id=broadcast.id)),
                show_alert=True,
            )
        return
    await query.answer()
