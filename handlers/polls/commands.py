"""/results (/resultats), /closepoll (/fermersondage), /nudge (/relancer), /polls (/sondages),
/feedback (/avis)."""

from __future__ import annotations

from telegram import (
    InlineKeyboardMarkup,
    InputFile,
    Update,
)

from bot.context import BotContext
from bot.i18n import Safe
from bot.limits import NumberOutOfRange, read_id
from bot.poll_input import PollError
from bot.render import poll_results
from bot.render.buttons import OpenList, PollCsv, inline
from bot.render.pager import Listing
from bot.reports import poll_texts
from bot.storage.polls import Poll
from handlers.access import is_coordinator
from handlers.common import (
    Speaker,
    is_private,
    reply,
    reply_out_of_range,
    speaker,
    text,
)
from handlers.pager import gone, source
from handlers.polls.helpers import (
    _chat_zone,
    _command_rest,
    _error,
    _poll_number,
)
from handlers.subcommands import suggest_subcommand

# -- /results ------------------------------------------------------------------------------------


async def results_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    services = context.services
    polls = services.polls
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    coordinator = await is_coordinator(update, context)
    raw = _command_rest(update)
    poll: Poll | None
    if raw:
        try:
            number = _poll_number(raw)
        except NumberOutOfRange as error:
            await reply_out_of_range(update, context, who.lang, error)
            return
        if number is None:
            await reply(update, context, who.lang, "polls.cmd.results_usage")
            return
        poll = await polls.find(number)
        if poll is None:
            await reply(update, context, who.lang, "polls.errors.unknown_poll", id=number)
            return
    else:
        poll = await polls.latest_for(chat_id=chat.id, member=who.member, coordinator=coordinator)
        if poll is None:
            # Polls of other projects may exist: say where to find them.
            key = "polls.cmd.none_here" if await polls.recent(1) else "polls.cmd.no_polls"
            await reply(update, context, who.lang, key)
            return
    results = await polls.results(poll.id)
    zone = await _chat_zone(update, context, who)
    rows = []
    detail = poll_results.missing_button(services.catalogue, results, who.lang)
    if detail is not None:
        rows.append([inline(detail, OpenList("pr", str(poll.id)))])
    if coordinator:
        rows.append([inline(text(context, who.lang, "polls.cmd.csv_button"), PollCsv(poll.id))])
    await message.reply_text(
        poll_results.summary(polls.reports, results, who.lang, zone),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
        do_quote=not is_private(update),
    )
    png = await polls.reports.chart(results, who.lang)
    await message.reply_photo(
        InputFile(png, filename=f"poll-{poll.id}.png"),
        caption=text(context, who.lang, "polls.cmd.chart_caption", id=poll.id),
        do_quote=False,
    )


@source("pr")
async def missing_pages(
    update: Update, context: BotContext, who: Speaker, key: str
) -> Listing | str:
    """The organisations that have not answered poll ``key`` yet, per country (whoever may
    see its /resultats)."""
    number = read_id(key)
    polls = context.services.polls
    poll = await polls.find(number) if number is not None else None
    if poll is None:
        return gone(context, who.lang)
    results = await polls.results(poll.id)
    return poll_results.missing_listing(polls.reports, results, who.lang)


# -- /closepoll, /nudge, /polls, /feedback ------------------------------------------------------


async def _target_poll(update: Update, context: BotContext, who: Speaker, usage: str) -> int | None:
    """The poll number given, or the only open poll; else explain."""
    raw = _command_rest(update)
    if raw:
        try:
            number = _poll_number(raw)
        except NumberOutOfRange as error:
            await reply_out_of_range(update, context, who.lang, error)
            return None
        if number is None:
            await reply(update, context, who.lang, usage)
        return number
    open_polls = await context.services.polls.latest_open()
    if len(open_polls) == 1:
        return open_polls[0].id
    said = text(context, who.lang, usage)
    if open_polls:  # one message: how to write it, then the numbers to choose from
        listed = Safe(_list(context, who.lang, open_polls))
        said += "\n\n" + text(context, who.lang, "polls.cmd.open_list", polls=listed)
    message = update.effective_message
    if message is not None:
        await message.reply_text(said, do_quote=not is_private(update))
    return None


def _list(context: BotContext, lang: str, polls: list[Poll]) -> str:
    service = context.services.polls
    lines = []
    for poll in polls:
        question, _options = poll_texts(context.services.catalogue, poll, lang)
        key = "polls.cmd.list_closed" if poll.is_closed else "polls.cmd.list_open"
        lines.append(
            text(
                context,
                lang,
                key,
                id=poll.id,
                project=service.project_name(poll.project_id),
                question=question,
            )
        )
    return "\n".join(lines)


async def close_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    number = await _target_poll(update, context, who, "polls.cmd.close_usage")
    if number is None:
        return
    try:
        closed = await context.services.polls.close(number)
    except PollError as exc:
        await _error(update, context, who, exc)
        return
    await reply(
        update,
        context,
        who.lang,
        "polls.cmd.closed",
        id=number,
        voters=context.services.catalogue.count(who.lang, "voter", closed.results.voters),
        chats=context.services.catalogue.count(who.lang, "chat", closed.chats),
    )


async def nudge_command(update: Update, context: BotContext) -> None:
    from handlers.forms.followup import NUDGE_WORDS, usage_text

    who = await speaker(update, context)
    words = _command_rest(update).split()
    # "/relancer autodiagnotic coopr-autodiag": the self-assessment reminder was meant
    if (
        words
        and not words[0].lstrip("#").isdigit()
        and await suggest_subcommand(
            update,
            context,
            who.lang,
            words,
            0,
            NUDGE_WORDS,
            usage_text(context, who, "forms.nudge.usage"),
        )
    ):
        return
    number = await _target_poll(update, context, who, "polls.cmd.nudge_usage")
    if number is None:
        return
    try:
        nudged = await context.services.polls.nudge(number)
    except PollError as exc:
        await _error(update, context, who, exc)
        return
    if nudged.targets == 0:
        await reply(update, context, who.lang, "polls.cmd.nudge_nobody", id=number)
    elif nudged.new == 0:
        await reply(
            update, context, who.lang, "polls.cmd.nudge_already", id=number, count=nudged.targets
        )
    else:
        await reply(
            update,
            context,
            who.lang,
            "polls.cmd.nudged",
            id=number,
            members=context.services.catalogue.count(who.lang, "member", nudged.new),
            organisations=context.services.catalogue.count(
                who.lang, "organisation", nudged.organisations
            ),
        )


async def list_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    polls = await context.services.polls.recent(10)
    if not polls:
        await reply(update, context, who.lang, "polls.cmd.no_polls")
        return
    await reply(
        update, context, who.lang, "polls.cmd.list", polls=Safe(_list(context, who.lang, polls))
    )


ON = {"on", "oui", "yes", "1", "true", "activer"}
OFF = {"off", "non", "no", "0", "false", "desactiver", "désactiver"}


async def feedback_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    words = _command_rest(update).split()
    try:
        event_id = _poll_number(words[0]) if len(words) == 2 else None
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, who.lang, error)
        return
    if (  # "/avis 3 desactivr": did you mean "desactiver"?
        event_id is not None
        and words[1].lower() not in ON | OFF
        and await suggest_subcommand(
            update,
            context,
            who.lang,
            words,
            1,
            sorted(ON | OFF),
            text(context, who.lang, "polls.cmd.feedback_usage"),
        )
    ):
        return
    if event_id is None or words[1].lower() not in ON | OFF:
        await reply(update, context, who.lang, "polls.cmd.feedback_usage")
        return
    if await context.services.events.get(event_id) is None:
        await reply(update, context, who.lang, "polls.cmd.feedback_unknown", id=event_id)
        return
    enabled = words[1].lower() in ON
    await context.services.polls.set_feedback(event_id, enabled)
    key = "polls.cmd.feedback_on" if enabled else "polls.cmd.feedback_off"
    await reply(update, context, who.lang, key, id=event_id)
