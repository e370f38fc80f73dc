"""/annonce (/broadcast): the composition conversation — the content, then the optional time
are typed messages; the draft itself lives in SQLite (handlers/flows.py keeps the step)."""

from __future__ import annotations

import html

from telegram import (
    Message,
    MessageEntity,
    Update,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.broadcast import (
    parse_when,
)
from bot.context import BotContext
from bot.i18n import format_datetime
from bot.limits import CAPTION_MAX, MESSAGE_MAX, check_html_length
from handlers.broadcast.buttons import on_button, send_summary
from handlers.broadcast.helpers import (
    CONTENT,
    DRAFT,
    END,
    WHEN,
    _examples,
    _render,
    _service,
    _t,
    coordinators,
)
from handlers.common import is_private, reply, speaker, text_problem
from handlers.flows import Flow

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
        reply_markup=_render(context).audience_menu(who.lang, draft.id),
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
