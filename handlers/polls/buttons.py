"""The CSV export button under /resultats (coordinators; the file is sent in private)."""

from __future__ import annotations

from telegram import (
    InputFile,
    Update,
)
from telegram.error import TelegramError

from bot.context import BotContext
from bot.i18n import excerpt, plain_text
from bot.limits import read_id
from bot.render.buttons import PollCsv
from handlers.common import (
    reachable_in_private,
    speaker,
    text,
    unreachable_in_private,
)


async def csv_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or not query.data:
        return
    who = await speaker(update, context)
    pressed = PollCsv.decode(query.data)
    number = read_id(str(pressed.poll)) if pressed is not None else None
    polls = context.services.polls
    poll = await polls.find(number) if number is not None else None
    if poll is None:
        raw = query.data.removeprefix(PollCsv.PREFIX + ":")
        await query.answer(
            plain_text(text(context, who.lang, "polls.errors.unknown_poll", id=excerpt(raw, 30)))
        )
        return
    private = plain_text(text(context, who.lang, "polls.cmd.csv_private"))
    if not await reachable_in_private(update, context):
        await query.answer(private, show_alert=True)
        return
    data = await polls.export_csv(poll.id, who.lang)
    try:
        await context.bot.send_document(
            query.from_user.id,
            InputFile(data, filename=f"poll-{poll.id}.csv"),
            caption=text(context, who.lang, "polls.cmd.csv_caption", id=poll.id),
        )
    except TelegramError as error:
        if not await unreachable_in_private(context, query.from_user.id, error):
            raise
        await query.answer(private, show_alert=True)
        return
    await query.answer(plain_text(text(context, who.lang, "polls.cmd.csv_sent")))
