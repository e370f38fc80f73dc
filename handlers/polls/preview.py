"""The one-line /sondage is shown before it goes out: the poll, its project and its recipients'
count, with "Envoyer" / "Modifier" / "Annuler" (a misspelt project no longer sends a poll to
everyone). The draft lives in the coordinator's user data (kept in SQLite, handlers/flows.py),
so the buttons work after a restart."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Safe, escape, format_datetime, plain_text
from bot.poll_input import PollError
from bot.render.buttons import PollLine, inline
from bot.storage.polls import NewPoll
from handlers.common import Speaker, is_private, speaker, text
from handlers.polls.helpers import _error, _sent_text

# user_data key: {draft number (a string: user data is kept as JSON): the poll and its line}
DRAFTS = "polls:line"
KEEP = 5  # drafts kept per coordinator (older ones are dropped)


def _drafts(context: BotContext) -> dict[str, dict[str, Any]]:
    data = context.user_data
    assert data is not None
    found: dict[str, dict[str, Any]] = data.setdefault(DRAFTS, {})
    return found


def _stored(new: NewPoll, line: str) -> dict[str, Any]:
    return {
        "question": new.question,
        "options": list(new.options),
        "project_id": new.project_id,
        "multiple": new.multiple,
        "anonymous": new.anonymous,
        "to_groups": new.to_groups,
        "to_private": new.to_private,
        "language": new.language,
        "created_by": new.created_by,
        "closes_at": new.closes_at.isoformat() if new.closes_at else None,
        "line": line,
    }


def _poll(data: dict[str, Any]) -> NewPoll:
    closes = data.get("closes_at")
    return NewPoll(
        question=data["question"],
        options=tuple(data["options"]),
        project_id=data["project_id"],
        multiple=data["multiple"],
        anonymous=data["anonymous"],
        to_groups=data["to_groups"],
        to_private=data["to_private"],
        language=data["language"],
        created_by=data["created_by"],
        closes_at=datetime.fromisoformat(closes) if closes else None,
    )


def nobody_key(new: NewPoll, groups: int, people: int) -> str | None:
    """The catalogue key saying why a poll would reach nobody (None if it reaches someone)."""
    if groups or people:
        return None
    if not new.to_private:
        return "pollsend.nobody_groups"
    if not new.to_groups:
        return "pollsend.nobody_private"
    return "pollsend.nobody"


async def refuse_if_nobody(update: Update, context: BotContext, who: Speaker, new: NewPoll) -> bool:
    """Say why a poll that would reach nobody is not sent, and what to do (True if refused)."""
    groups, people = await context.services.polls.audience_size(new)
    key = nobody_key(new, groups, people)
    if key is None:
        return False
    message = update.effective_message
    assert message is not None
    body = text(
        context,
        who.lang,
        key,
        project=context.services.polls.project_name(new.project_id),
        project_id=new.project_id or "",
    )
    await message.reply_text(body, do_quote=not is_private(update))
    return True


async def show_preview(
    update: Update, context: BotContext, who: Speaker, new: NewPoll, line: str
) -> None:
    """Keep the draft and show it with its buttons (refused at once if it reaches nobody)."""
    if await refuse_if_nobody(update, context, who, new):
        return
    drafts = _drafts(context)
    numbers = sorted(int(key) for key in drafts)
    number = (numbers[-1] if numbers else 0) + 1
    for old in numbers[: max(len(numbers) - KEEP + 1, 0)]:
        drafts.pop(str(old), None)
    drafts[str(number)] = _stored(new, line)
    polls = context.services.polls
    groups, people = await polls.audience_size(new)
    lang = who.lang
    details = [
        text(context, lang, "pollsend.several" if new.multiple else "pollsend.single"),
        text(context, lang, "pollsend.anonymous" if new.anonymous else "pollsend.named"),
    ]
    if new.closes_at is not None:
        zone = context.services.members.zone_of(who.member)
        when = format_datetime(new.closes_at, lang, zone)
        details.append(text(context, lang, "pollsend.closes", when=when))
    body = text(
        context,
        lang,
        "pollsend.preview",
        project=polls.project_name(new.project_id),
        question=new.question,
        options=Safe("\n".join(f"• {escape(o)}" for o in new.options)),
        details=" · ".join(details),
        groups=context.services.catalogue.count(lang, "group", groups),
        members=context.services.catalogue.count(lang, "member", people),
    )
    markup = InlineKeyboardMarkup(
        [
            [
                inline(text(context, lang, "pollsend.send"), PollLine("send", number)),
                inline(text(context, lang, "pollsend.edit"), PollLine("edit", number)),
                inline(text(context, lang, "pollsend.drop"), PollLine("drop", number)),
            ]
        ]
    )
    message = update.effective_message
    assert message is not None
    await message.reply_text(body, reply_markup=markup, do_quote=not is_private(update))


async def on_preview_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    pressed = PollLine.decode(query.data)
    who = await speaker(update, context)
    lang = who.lang
    data = _drafts(context).pop(str(pressed.draft), None) if pressed is not None else None
    if pressed is None or data is None:
        await query.answer(plain_text(text(context, lang, "pollsend.gone")), show_alert=True)
        return
    await query.answer()
    if pressed.action == "drop":
        await query.edit_message_text(text(context, lang, "pollsend.dropped"))
        return
    if pressed.action == "edit":
        body = text(context, lang, "pollsend.edit_prompt", line=f"/sondage {data['line']}")
        await query.edit_message_text(body)
        return
    new = _poll(data)
    if await refuse_if_nobody(update, context, who, new):  # groups unlinked since the preview
        await query.edit_message_text(text(context, lang, "pollsend.dropped"))
        return
    try:
        sent = await context.services.polls.create(new)
    except PollError as exc:
        await _error(update, context, who, exc)
        return
    await query.edit_message_text(_sent_text(context, lang, who, sent))
