"""The hot path: poll answers and totals only go to the service's in-memory buffer; and the
replies to the bot's "any comment?" feedback prompts."""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    Update,
)
from telegram.ext import (
    filters,
)

from bot.context import BotContext, CoopApplication
from bot.i18n import excerpt, plain_text
from bot.render.buttons import CommentWithdraw, inline
from handlers.common import (
    reply,
    speaker,
    text,
)

# -- hot path: answers and totals -------------------------------------------------------------


async def on_poll_answer(update: Update, context: BotContext) -> None:
    answer = update.poll_answer
    if answer is None:
        return
    if answer.user is not None:
        voter, name = answer.user.id, answer.user.full_name
    elif answer.voter_chat is not None:  # an anonymous group admin votes as the chat
        voter, name = answer.voter_chat.id, answer.voter_chat.title or ""
    else:
        return
    context.services.polls.record_answer(
        update.update_id, answer.poll_id, voter, name, answer.option_ids
    )


async def on_poll_update(update: Update, context: BotContext) -> None:
    poll = update.poll
    if poll is None:
        return
    context.services.polls.record_totals(
        update.update_id,
        poll.id,
        [option.voter_count for option in poll.options],
        poll.total_voter_count,
        poll.is_closed,
    )


# -- replies to feedback prompts -------------------------------------------------------------------


class FeedbackReply(filters.MessageFilter):
    """A reply to one of the bot's "any comment?" messages (known from SQLite at start)."""

    def __init__(self, application: CoopApplication) -> None:
        super().__init__(name="FeedbackReply")
        self.application = application

    def filter(self, message: Any) -> bool:
        replied = message.reply_to_message
        services = self.application.bot_data.services
        if replied is None or services is None:
            return False
        return services.polls.is_feedback_prompt(message.chat.id, replied.message_id)


class AwaitedComment(filters.MessageFilter):
    """A plain message in a private chat where a feedback prompt was sent less than 30 minutes
    ago and not answered: it is the comment (issue 15), not a question."""

    def __init__(self, application: CoopApplication) -> None:
        super().__init__(name="AwaitedComment")
        self.application = application

    def filter(self, message: Any) -> bool:
        services = self.application.bot_data.services
        if services is None or message.chat.type != "private" or message.reply_to_message:
            return False
        return services.polls.awaits_comment(message.chat.id)


async def plain_comment(update: Update, context: BotContext) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    who = await speaker(update, context)
    taken = await context.services.polls.comment_from_message(
        message.chat.id, user.id, user.full_name, message.message_id, message.text or ""
    )
    if taken is None:
        return
    _, comment_id = taken
    body = text(context, who.lang, "comments.taken", comment=excerpt(message.text or "", 200))
    button = inline(text(context, who.lang, "comments.withdraw"), CommentWithdraw(comment_id))
    await message.reply_text(body, reply_markup=InlineKeyboardMarkup([[button]]))


async def on_withdraw(update: Update, context: BotContext) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    pressed = CommentWithdraw.decode(query.data)
    who = await speaker(update, context)
    done = pressed is not None and user is not None
    if done:
        assert pressed is not None and user is not None
        done = await context.services.polls.withdraw_comment(pressed.comment, user.id)
    if not done:
        await query.answer(plain_text(text(context, who.lang, "comments.gone")), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(text(context, who.lang, "comments.withdrawn"))


async def feedback_comment(update: Update, context: BotContext) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.reply_to_message is None:
        return
    who = await speaker(update, context)
    event_id = await context.services.polls.add_comment(
        message.chat.id,
        message.reply_to_message.message_id,
        user.id,
        user.full_name,
        message.message_id,
        message.text or "",
    )
    if event_id is not None:
        await reply(update, context, who.lang, "polls.feedback.thanks")
