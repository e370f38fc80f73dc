"""/annonce (/broadcast): compose, target, preview, confirm or schedule an announcement;
/annonces (/broadcasts): the past ones with their figures. Coordinators only, in private.

The composition is a conversation (the content, then the optional time are typed messages);
the draft itself lives in SQLite, and every button carries its id (``bc:<id>:<action>``), so a
button of a closed draft is recognised. Buttons that outlive the conversation (the report's CSV,
cancelling a scheduled announcement) use ``bcx:<action>:<id>`` and work at any time.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.broadcast import (
    Audience,
    AudienceError,
    Broadcast,
    BroadcastService,
    Progress,
    chunks,
    parse_when,
    payload_of,
    plain_excerpt,
    send_payload,
)
from bot.context import BotContext
from bot.dates import date_examples
from bot.i18n import Safe, format_datetime, plain_text, zone_label
from bot.limits import CAPTION_MAX, MESSAGE_MAX, check_html_length, read_id
from handlers.access import coordinator_only
from handlers.common import is_private, reply, speaker, text_problem
from handlers.flows import Flow

log = logging.getLogger(__name__)

T = TypeVar("T")
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, T]]


def coordinators(callback: Handler[T]) -> Handler[T | None]:
    """:func:`handlers.access.coordinator_only`, typed as PTB expects a callback."""
    return cast("Handler[T | None]", coordinator_only(callback))


CONTENT, DRAFT, WHEN = range(3)
END = ConversationHandler.END

# Multiple choices in callback data (64 bytes at most): one letter for the kind.
TOGGLE_CODES = {"countries": "c", "focal_points": "o"}
TOGGLE_KINDS = {code: kind for kind, code in TOGGLE_CODES.items()}

PRIVATE = filters.ChatType.PRIVATE
CONTENT_FILTER = PRIVATE & (
    (filters.TEXT & ~filters.COMMAND) | filters.PHOTO | filters.Document.ALL
)


async def _discard(update: Update, context: BotContext) -> None:
    """The composition expired: its draft row goes too."""
    user = update.effective_user
    if user is not None:
        await _service(context).abandon(user.id)


def conversation() -> Flow:
    """The composition conversation, per (chat, user), kept in SQLite (handlers/flows.py)."""
    return Flow(
        entry_points=[CommandHandler(["annonce", "broadcast"], start)],
        states={
            CONTENT: [
                MessageHandler(CONTENT_FILTER, on_content),
                MessageHandler(PRIVATE & ~filters.COMMAND, on_unsupported),
            ],
            DRAFT: [CallbackQueryHandler(on_button, pattern=r"^bc:")],
            WHEN: [
                MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, on_when),
                CallbackQueryHandler(on_button, pattern=r"^bc:"),
            ],
        },
        fallbacks=[CommandHandler(["annuler", "cancel"], on_cancel_command)],
        name="broadcast",
        restart={"fr": "annonce", "en": "broadcast"},
        discard=_discard,
    )


def handlers() -> list[Any]:
    """Everything of this feature for group 0 but the conversation, in order."""
    return [
        CommandHandler(["annonces", "broadcasts"], list_command),
        CallbackQueryHandler(on_stale_button, pattern=r"^bc:"),
        CallbackQueryHandler(on_tool_button, pattern=r"^bcx:"),
    ]


def _service(context: BotContext) -> BroadcastService:
    return context.services.broadcasts


def _t(context: BotContext, lang: str, key: str, /, **params: object) -> str:
    return context.services.catalogue.t(lang, f"broadcast.{key}", **params)


def _examples(context: BotContext, lang: str, zone: ZoneInfo) -> dict[str, str]:
    """Example dates to come, in the author's zone (where the time is read)."""
    return date_examples(context.services.clock.now(), zone, lang)


# -- composition --------------------------------------------------------------------------------


@coordinators
async def start(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    if not is_private(update):
        await reply(update, context, who.lang, "core.access.private_only")
        return END
    await reply(update, context, who.lang, "broadcast.compose.ask")
    return CONTENT


@coordinators
async def on_content(update: Update, context: BotContext) -> int:
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    who = await speaker(update, context)
    if message.photo:
        content_type, file_id, body = "photo", message.photo[-1].file_id, html_of(message)
    elif message.document:
        content_type, file_id, body = "document", message.document.file_id, html_of(message)
    else:
        content_type, file_id, body = "text", None, html_of(message)
    # Checked now, as Telegram will count it (not at the preview, nor for each recipient).
    caption = content_type != "text"
    problem = check_html_length(
        body or "", CAPTION_MAX if caption else MESSAGE_MAX, allow_empty=caption
    )
    if problem is not None:
        await message.reply_text(text_problem(context, who.lang, problem, caption=caption))
        return CONTENT
    zone = context.services.members.zone_of(who.member)
    draft = await _service(context).new_draft(
        user.id, content_type, body or "", file_id, language=who.lang, timezone=zone.key
    )
    await message.reply_text(
        _t(context, who.lang, "audience.ask", id=draft.id),
        reply_markup=audience_menu(context, who.lang, draft),
    )
    return DRAFT


def html_of(message: Message) -> str:
    """The message's text (or caption) as Telegram HTML, its formatting kept. PTB leaves the
    links' addresses unescaped: a ``"`` or ``<`` in one would make Telegram refuse the whole
    announcement ("can't parse entities"), so they are escaped here."""
    caption = message.text is None
    entities = message.caption_entities if caption else message.entities
    safe = tuple(
        MessageEntity(
            e.type,
            e.offset,
            e.length,
            url=html.escape(e.url, quote=True),
            user=e.user,
            language=e.language,
            custom_emoji_id=e.custom_emoji_id,
        )
        if e.url
        else e
        for e in entities
    )
    copy = Message(
        message.message_id,
        message.date,
        message.chat,
        text=None if caption else message.text,
        entities=None if caption else safe,
        caption=message.caption if caption else None,
        caption_entities=safe if caption else None,
    )
    return (copy.caption_html if caption else copy.text_html) or ""


@coordinators
async def on_unsupported(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    await reply(update, context, who.lang, "broadcast.compose.unsupported")
    return CONTENT


@coordinators
async def on_cancel_command(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    user = update.effective_user
    assert user is not None
    await _service(context).abandon(user.id)
    await reply(update, context, who.lang, "broadcast.compose.cancelled")
    return END


@coordinators
async def on_when(update: Update, context: BotContext) -> int:
    message = update.effective_message
    user = update.effective_user
    assert message is not None and message.text is not None and user is not None
    who = await speaker(update, context)
    service = _service(context)
    draft = await service.open_draft(user.id)
    if draft is None:
        await reply(update, context, who.lang, "broadcast.compose.closed")
        return END
    zone = service.zone_of(draft)
    now = context.services.clock.now()
    when = parse_when(message.text, zone, now)
    if when is None:
        examples = _examples(context, who.lang, zone)
        await reply(update, context, who.lang, "broadcast.when.invalid", **examples)
        return WHEN
    if when <= now:
        await reply(
            update,
            context,
            who.lang,
            "broadcast.when.past",
            when=format_datetime(when, who.lang, zone),
        )
        return WHEN
    draft = await service.set_time(draft.id, when)
    await send_summary(context, message.chat_id, who.lang, draft)
    return DRAFT


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
    parts = query.data.split(":")
    broadcast_id = read_id(parts[1]) if len(parts) > 2 else None
    if broadcast_id is None:  # not a button of ours
        await query.answer()
        return None
    action = parts[2]
    draft = await service.draft(broadcast_id, user.id)
    if draft is None:
        await query.answer(plain_text(_t(context, lang, "compose.closed")), show_alert=True)
        return END
    message = query.message
    chat_id = message.chat.id if message is not None else user.id

    if action == "x":
        await service.discard(draft.id)
        await query.answer()
        await _edit(query, _t(context, lang, "compose.cancelled"))
        return END
    if action == "aud":
        await query.answer()
        await _edit(
            query,
            _t(context, lang, "audience.ask", id=draft.id),
            audience_menu(context, lang, draft),
        )
        return DRAFT
    if action == "set":
        audience = Audience(parts[3])
        return await _choose(update, context, lang, draft, audience, chat_id)
    if action == "pick":
        kind = parts[3]
        draft = await service.set_audience(draft.id, None)
        await query.answer()
        await _show_choices(update, context, lang, draft, kind)
        return DRAFT
    if action == "proj":
        return await _choose(
            update, context, lang, draft, Audience("project", (parts[3],)), chat_id
        )
    if action == "tog":
        kind, value = TOGGLE_KINDS.get(parts[3], parts[3]), ":".join(parts[4:])
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
        await _edit(
            query,
            _t(context, lang, "when.ask", zone=zone_label(zone), **_examples(context, lang, zone)),
            InlineKeyboardMarkup([[_button(context, lang, "cancel", draft, "x")]]),
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
            await _edit(
                query,
                service.render_scheduled(broadcast, await _count(service, broadcast)),
                cancel_scheduled_keyboard(context, lang, broadcast),
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
    await _edit(
        query,
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
        rows = [
            [_button(context, lang, "confirm_schedule", draft, "go")],
            [
                _button(context, lang, "change_time", draft, "sched"),
                _button(context, lang, "send_instead", draft, "now"),
            ],
        ]
    else:
        when = _t(context, lang, "preview.when_now")
        rows = [
            [
                _button(context, lang, "send_now", draft, "now"),
                _button(context, lang, "schedule", draft, "sched"),
            ]
        ]
    rows.append(
        [
            _button(context, lang, "change_audience", draft, "aud"),
            _button(context, lang, "cancel", draft, "x"),
        ]
    )
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
    return await context.bot.send_message(chat_id, text, reply_markup=InlineKeyboardMarkup(rows))


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
    buttons = []
    for choice in choices:
        if kind == "project":
            data = f"bc:{draft.id}:proj:{choice.id}"
            label = f"{choice.label} ({choice.count})"
        else:
            data = f"bc:{draft.id}:tog:{TOGGLE_CODES[kind]}:{choice.id}"
            mark = "✅ " if choice.id in selected else ""
            label = f"{mark}{choice.label} ({choice.count})"
        if len(data.encode()) <= 64:
            buttons.append(InlineKeyboardButton(label, callback_data=data))
    rows = chunks(buttons, 1 if kind == "project" else 2)
    last = [_button(context, lang, "back", draft, "aud")]
    if kind != "project":
        last.insert(
            0,
            InlineKeyboardButton(
                _t(context, lang, "buttons.validate", count=len(selected)),
                callback_data=f"bc:{draft.id}:ok",
            ),
        )
    rows.append(last)
    key = "audience.none_available" if not choices else f"audience.pick_{kind}"
    await _edit(query, _t(context, lang, key), InlineKeyboardMarkup(rows))


def audience_menu(context: BotContext, lang: str, draft: Broadcast) -> InlineKeyboardMarkup:
    def choice(kind: str, action: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            _t(context, lang, f"buttons.audience_{kind}"),
            callback_data=f"bc:{draft.id}:{action}:{kind}",
        )

    return InlineKeyboardMarkup(
        [
            [choice("all", "set"), choice("project", "pick")],
            [choice("countries", "pick"), choice("focal_points", "pick")],
            [choice("groups", "set"), choice("members", "set")],
            [_button(context, lang, "cancel", draft, "x")],
        ]
    )


def _button(
    context: BotContext, lang: str, key: str, draft: Broadcast, action: str
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        _t(context, lang, f"buttons.{key}"), callback_data=f"bc:{draft.id}:{action}"
    )


def cancel_scheduled_keyboard(
    context: BotContext, lang: str, broadcast: Broadcast
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _t(context, lang, "buttons.cancel_scheduled", id=broadcast.id),
                    callback_data=f"bcx:cancel:{broadcast.id}",
                )
            ]
        ]
    )


async def _count(service: BroadcastService, broadcast: Broadcast) -> int:
    assert broadcast.audience is not None
    return (await service.recipients(Audience.from_json(broadcast.audience))).count


async def _edit(query: Any, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise


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
    _, action, raw_id = [*query.data.split(":"), "", ""][:3]
    broadcast_id = read_id(raw_id)
    broadcast = await service.get(broadcast_id) if broadcast_id is not None else None
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
            await _edit(query, _t(context, lang, "list.cancelled", id=broadcast.id))
        else:
            await query.answer(
                plain_text(_t(context, lang, "list.cannot_cancel", id=broadcast.id)),
                show_alert=True,
            )
        return
    await query.answer()


@coordinators
async def list_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    lang = who.lang
    if not is_private(update):
        await reply(update, context, lang, "core.access.private_only")
        return
    service = _service(context)
    found = await service.recent(10)
    if not found:
        await reply(update, context, lang, "broadcast.list.empty")
        return
    lines = [_t(context, lang, "list.title", count=len(found))]
    buttons: list[InlineKeyboardButton] = []
    for broadcast, progress in found:
        lines.append(render_item(context, lang, service, broadcast, progress))
        if broadcast.state == "scheduled":
            buttons.append(
                InlineKeyboardButton(
                    _t(context, lang, "buttons.cancel_scheduled", id=broadcast.id),
                    callback_data=f"bcx:cancel:{broadcast.id}",
                )
            )
        elif broadcast.state == "done" and broadcast.delivered < broadcast.recipients:
            buttons.append(
                InlineKeyboardButton(
                    _t(context, lang, "buttons.csv_of", id=broadcast.id),
                    callback_data=f"bcx:csv:{broadcast.id}",
                )
            )
    markup = InlineKeyboardMarkup(chunks(buttons, 2)) if buttons else None
    message = update.effective_message
    assert message is not None
    await message.reply_text("\n\n".join(lines), reply_markup=markup)


def render_item(
    context: BotContext,
    lang: str,
    service: BroadcastService,
    broadcast: Broadcast,
    progress: Progress | None,
) -> str:
    zone = service.zone_of(broadcast)
    stamp = broadcast.started_at or broadcast.scheduled_at or broadcast.created_at
    head = _t(
        context,
        lang,
        "list.head",
        id=broadcast.id,
        when=format_datetime(stamp, lang, zone),
        audience=service.audience_label(broadcast, lang),
        excerpt=plain_excerpt(broadcast.body, 60) or "—",
    )
    if broadcast.state == "done":
        figures = _t(
            context,
            lang,
            "list.done",
            delivered=broadcast.delivered,
            total=broadcast.recipients,
            unreachable=broadcast.unreachable,
            failed=broadcast.failed + broadcast.uncertain,
        )
    elif broadcast.state == "sending":
        figures = _t(
            context,
            lang,
            "list.sending",
            sent=progress.delivered if progress else 0,
            total=progress.total if progress else broadcast.recipients,
        )
    elif broadcast.state == "scheduled":
        figures = _t(context, lang, "list.scheduled")
    else:
        figures = _t(context, lang, "list.cancelled_state")
    return f"{head}\n{figures}"
