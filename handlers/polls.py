"""Polls: /poll (/sondage) guided or one-line, /results (/resultats), /closepoll
(/fermersondage), /nudge (/relancer), /polls (/sondages), /feedback (/avis), the CSV button,
poll answers and replies to feedback prompts.

The ``poll_answer`` and ``poll`` handlers are the hot path: they only hand the update to the
service's in-memory buffer and return.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    filters,
)

from bot.context import BotContext, CoopApplication
from bot.dates import date_examples
from bot.i18n import Safe, excerpt, format_datetime, plain_text
from bot.limits import NumberOutOfRange, read_id, read_number
from bot.polls import (
    MAX_OPTIONS,
    PollError,
    Sent,
    check_option,
    check_question,
    parse_closing,
    validate,
)
from bot.reports import poll_texts
from bot.storage.polls import NewPoll, Poll
from bot.timezones import zone
from handlers.access import coordinator_only, is_coordinator
from handlers.common import (
    Speaker,
    is_private,
    reachable_in_private,
    reply,
    reply_out_of_range,
    speaker,
    text,
    unreachable_in_private,
)
from handlers.flows import Flow

CSV_PREFIX = "polls:csv:"
DRAFT = "poll_draft"

# Steps of the guided conversation.
PROJECT, QUESTION, OPTIONS, MULTI, ANONYMOUS, AUDIENCE, CLOSING, CONFIRM = range(8)


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


# -- helpers ------------------------------------------------------------------------------------


async def _error(update: Update, context: BotContext, who: Speaker, exc: PollError) -> None:
    await reply(update, context, who.lang, exc.key, **_examples(context, who), **exc.params)


def _examples(context: BotContext, who: Speaker) -> dict[str, str]:
    """Example dates to come, in the creator's zone (where closing times are read)."""
    services = context.services
    return date_examples(services.clock.now(), services.members.zone_of(who.member), who.lang)


def _sent_text(context: BotContext, lang: str, who: Speaker, sent: Sent) -> str:
    polls = context.services.polls
    closes = ""
    if sent.poll.closes_at is not None:
        zone = context.services.members.zone_of(who.member)
        closes = text(
            context,
            lang,
            "polls.cmd.closes",
            when=format_datetime(sent.poll.closes_at, lang, zone),
        )
    return text(
        context,
        lang,
        "polls.cmd.sent",
        id=sent.poll.id,
        project=polls.project_name(sent.poll.project_id),
        groups=context.services.catalogue.count(lang, "group", sent.groups),
        members=context.services.catalogue.count(lang, "member", sent.members),
        closes=Safe(closes),
    )


def _poll_number(raw: str) -> int | None:
    """The number typed (None if it is not one); raises :class:`NumberOutOfRange`."""
    return read_number(raw)


async def _chat_zone(update: Update, context: BotContext, who: Speaker) -> ZoneInfo:
    """The zone dates are shown in: the group's, else the person's."""
    chat = update.effective_chat
    services = context.services
    if chat is not None and chat.id < 0:
        group = await services.members.group(chat.id)
        if group is not None and group.timezone:
            with contextlib.suppress(ValueError):
                return zone(group.timezone)
        return services.settings.zone
    return services.members.zone_of(who.member)


def _command_rest(update: Update) -> str:
    """What follows the command, as typed (keeps line breaks and several spaces)."""
    message = update.effective_message
    if message is None or not message.text:
        return ""
    parts = message.text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


# -- /poll: one line, or the guided conversation ------------------------------------------------


async def poll_command(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    rest = _command_rest(update)
    chat = update.effective_chat
    if rest:
        try:
            sent = await context.services.polls.create_from_line(
                rest,
                creator=who.member,
                creator_id=who.person.user_id if who.person else None,
                chat_id=chat.id if chat else None,
            )
        except PollError as exc:
            await _error(update, context, who, exc)
            await reply(update, context, who.lang, "polls.cmd.usage", **_examples(context, who))
            return ConversationHandler.END
        message = update.effective_message
        assert message is not None
        await message.reply_text(_sent_text(context, who.lang, who, sent))
        return ConversationHandler.END
    if not is_private(update):
        await reply(update, context, who.lang, "polls.cmd.guided_private")
        return ConversationHandler.END
    _user_data(context)[DRAFT] = {"options": []}
    polls = context.services.polls
    try:
        project = await polls.resolve_project(None, creator=who.member, chat_id=None)
    except PollError:
        names = polls.project_names()
        await _ask(update, context, who.lang, "polls.guide.project", [[n] for n in names])
        return PROJECT
    _user_data(context)[DRAFT]["project"] = project
    await _ask(
        update, context, who.lang, "polls.guide.question", None, project=polls.project_name(project)
    )
    return QUESTION


async def _ask(
    update: Update,
    context: BotContext,
    lang: str,
    key: str,
    choices: list[list[str]] | None,
    /,
    **params: object,
) -> None:
    message = update.effective_message
    assert message is not None
    body = text(context, lang, key, **params)
    markup: ReplyKeyboardMarkup | ReplyKeyboardRemove
    if choices:
        markup = ReplyKeyboardMarkup(
            [[KeyboardButton(c) for c in row] for row in choices],
            one_time_keyboard=True,
            resize_keyboard=True,
        )
    else:
        markup = ReplyKeyboardRemove()
    await message.reply_text(body, reply_markup=markup)


def _user_data(context: BotContext) -> dict[Any, Any]:
    data = context.user_data
    assert data is not None  # updates with a user (the conversation's) always have one
    return data


def _choice(context: BotContext, lang: str, key: str) -> str:
    return context.services.catalogue.raw(lang, f"polls.guide.{key}")


def _typed(update: Update) -> str:
    message = update.effective_message
    return (message.text or "").strip() if message else ""


async def _draft(update: Update, context: BotContext) -> tuple[Speaker, dict[str, Any]]:
    who = await speaker(update, context)
    draft = _user_data(context).setdefault(DRAFT, {"options": []})
    return who, draft


async def guide_project(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    polls = context.services.polls
    found = polls.find_project(_typed(update))
    if found is None:
        await _ask(
            update,
            context,
            who.lang,
            "polls.guide.project_again",
            [[n] for n in polls.project_names()],
        )
        return PROJECT
    draft["project"] = found.id
    await _ask(update, context, who.lang, "polls.guide.question", None, project=found.short_name)
    return QUESTION


async def guide_question(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    question = _typed(update)
    try:
        check_question(question)
    except PollError as exc:
        await _error(update, context, who, exc)
        return QUESTION
    draft["question"] = question
    await _ask(update, context, who.lang, "polls.guide.options", None, maximum=MAX_OPTIONS)
    return OPTIONS


async def guide_option(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    typed = _typed(update)
    options: list[str] = draft["options"]
    done = _choice(context, who.lang, "done")
    if typed == done:
        if len(options) < 2:
            await reply(update, context, who.lang, "polls.errors.too_few_options", minimum=2)
            return OPTIONS
        return await _ask_multi(update, context, who.lang)
    try:
        check_option(typed)
    except PollError as exc:
        await _error(update, context, who, exc)
        return OPTIONS
    if typed.casefold() in {o.casefold() for o in options}:
        await reply(update, context, who.lang, "polls.errors.duplicate_option")
        return OPTIONS
    options.append(typed)
    if len(options) >= MAX_OPTIONS:
        return await _ask_multi(update, context, who.lang)
    await _ask(
        update,
        context,
        who.lang,
        "polls.guide.option_added",
        [[done]] if len(options) >= 2 else None,
        number=len(options),
    )
    return OPTIONS


async def _ask_multi(update: Update, context: BotContext, lang: str) -> int:
    await _ask(
        update,
        context,
        lang,
        "polls.guide.multi",
        [[_choice(context, lang, "single")], [_choice(context, lang, "several")]],
    )
    return MULTI


async def guide_multi(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    typed = _typed(update)
    choices = {
        _choice(context, who.lang, "single"): False,
        _choice(context, who.lang, "several"): True,
    }
    if typed not in choices:
        return await _ask_multi(update, context, who.lang)
    draft["multiple"] = choices[typed]
    return await _ask_anonymous(update, context, who.lang)


async def _ask_anonymous(update: Update, context: BotContext, lang: str) -> int:
    await _ask(
        update,
        context,
        lang,
        "polls.guide.anonymous",
        [[_choice(context, lang, "named")], [_choice(context, lang, "anonymous_choice")]],
    )
    return ANONYMOUS


async def guide_anonymous(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    typed = _typed(update)
    choices = {
        _choice(context, who.lang, "named"): False,
        _choice(context, who.lang, "anonymous_choice"): True,
    }
    if typed not in choices:
        return await _ask_anonymous(update, context, who.lang)
    draft["anonymous"] = choices[typed]
    return await _ask_audience(update, context, who.lang)


def _audiences(context: BotContext, lang: str) -> dict[str, tuple[bool, bool]]:
    return {
        _choice(context, lang, "both"): (True, True),
        _choice(context, lang, "groups"): (True, False),
        _choice(context, lang, "private"): (False, True),
    }


async def _ask_audience(update: Update, context: BotContext, lang: str) -> int:
    await _ask(
        update, context, lang, "polls.guide.audience", [[c] for c in _audiences(context, lang)]
    )
    return AUDIENCE


async def guide_audience(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    choice = _audiences(context, who.lang).get(_typed(update))
    if choice is None:
        return await _ask_audience(update, context, who.lang)
    draft["to_groups"], draft["to_private"] = choice
    return await _ask_closing(update, context, who)


def _closings(context: BotContext, lang: str) -> dict[str, timedelta | None]:
    return {
        _choice(context, lang, "no_close"): None,
        _choice(context, lang, "close_1d"): timedelta(days=1),
        _choice(context, lang, "close_7d"): timedelta(days=7),
    }


async def _ask_closing(update: Update, context: BotContext, who: Speaker) -> int:
    choices = [[c] for c in _closings(context, who.lang)]
    await _ask(update, context, who.lang, "polls.guide.closing", choices, **_examples(context, who))
    return CLOSING


async def guide_closing(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    services = context.services
    typed = _typed(update)
    now = services.clock.now()
    closings = _closings(context, who.lang)
    if typed in closings:
        delay = closings[typed]
        draft["closes_at"] = now + delay if delay else None
    else:
        try:
            draft["closes_at"] = parse_closing(typed, now, services.members.zone_of(who.member))
        except PollError as exc:
            await _error(update, context, who, exc)
            return await _ask_closing(update, context, who)
    return await _ask_confirm(update, context, who, draft)


async def _ask_confirm(
    update: Update, context: BotContext, who: Speaker, draft: dict[str, Any]
) -> int:
    lang = who.lang
    services = context.services
    closes_at = draft.get("closes_at")
    closing = (
        format_datetime(closes_at, lang, services.members.zone_of(who.member))
        if closes_at
        else _choice(context, lang, "no_close")
    )
    audience = next(
        name
        for name, value in _audiences(context, lang).items()
        if value == (draft["to_groups"], draft["to_private"])
    )
    options = "\n".join(f"• {o}" for o in draft["options"])
    await _ask(
        update,
        context,
        lang,
        "polls.guide.summary",
        [[_choice(context, lang, "send")], [_choice(context, lang, "cancel")]],
        project=services.polls.project_name(draft["project"]),
        question=draft["question"],
        options=options,
        multiple=_choice(context, lang, "several" if draft["multiple"] else "single"),
        anonymous=_choice(context, lang, "anonymous_choice" if draft["anonymous"] else "named"),
        audience=audience,
        closing=closing,
    )
    return CONFIRM


async def guide_confirm(update: Update, context: BotContext) -> int:
    who, draft = await _draft(update, context)
    typed = _typed(update)
    if typed == _choice(context, who.lang, "cancel"):
        return await guide_cancel(update, context)
    if typed != _choice(context, who.lang, "send"):
        return await _ask_confirm(update, context, who, draft)
    polls = context.services.polls
    try:
        question, options = validate(draft["question"], draft["options"])
        sent = await polls.create(
            NewPoll(
                question=question,
                options=options,
                project_id=draft["project"],
                multiple=draft["multiple"],
                anonymous=draft["anonymous"],
                to_groups=draft["to_groups"],
                to_private=draft["to_private"],
                language=who.lang,
                created_by=who.person.user_id if who.person else None,
                closes_at=draft.get("closes_at"),
            )
        )
    except PollError as exc:
        await _error(update, context, who, exc)
        return await _ask_closing(update, context, who)
    _user_data(context).pop(DRAFT, None)
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        _sent_text(context, who.lang, who, sent), reply_markup=ReplyKeyboardRemove()
    )
    return ConversationHandler.END


async def guide_cancel(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    _user_data(context).pop(DRAFT, None)
    message = update.effective_message
    if message is not None:
        await message.reply_text(
            text(context, who.lang, "polls.guide.cancelled"), reply_markup=ReplyKeyboardRemove()
        )
    return ConversationHandler.END


async def _discard(update: Update, context: BotContext) -> None:
    """The guided poll expired: forget its draft."""
    _user_data(context).pop(DRAFT, None)


def conversation() -> Flow:
    """The guided /sondage, per (chat, user), kept in SQLite (handlers/flows.py)."""
    answer = filters.TEXT & ~filters.COMMAND
    return Flow(
        entry_points=[CommandHandler(["poll", "sondage"], coordinator_only(poll_command))],
        states={
            PROJECT: [MessageHandler(answer, guide_project)],
            QUESTION: [MessageHandler(answer, guide_question)],
            OPTIONS: [MessageHandler(answer, guide_option)],
            MULTI: [MessageHandler(answer, guide_multi)],
            ANONYMOUS: [MessageHandler(answer, guide_anonymous)],
            AUDIENCE: [MessageHandler(answer, guide_audience)],
            CLOSING: [MessageHandler(answer, guide_closing)],
            CONFIRM: [MessageHandler(answer, guide_confirm)],
        },
        fallbacks=[CommandHandler(["cancel", "annuler"], guide_cancel)],
        name="poll_guide",
        restart={"fr": "sondage", "en": "poll"},
        discard=_discard,
    )


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
        poll = await polls.repo.get(number)
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
    markup = None
    if coordinator:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        text(context, who.lang, "polls.cmd.csv_button"),
                        callback_data=f"{CSV_PREFIX}{poll.id}",
                    )
                ]
            ]
        )
    await message.reply_text(
        polls.reports.text(results, who.lang, zone),
        reply_markup=markup,
        do_quote=not is_private(update),
    )
    png = await polls.reports.chart(results, who.lang)
    await message.reply_photo(
        InputFile(png, filename=f"poll-{poll.id}.png"),
        caption=text(context, who.lang, "polls.cmd.chart_caption", id=poll.id),
        do_quote=False,
    )


async def csv_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or not query.data:
        return
    who = await speaker(update, context)
    raw = query.data.removeprefix(CSV_PREFIX)
    number = read_id(raw)
    polls = context.services.polls
    poll = await polls.repo.get(number) if number is not None else None
    if poll is None:
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
    await reply(update, context, who.lang, usage)
    if open_polls:
        await reply(
            update,
            context,
            who.lang,
            "polls.cmd.open_list",
            polls=Safe(_list(context, who.lang, open_polls)),
        )
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
    who = await speaker(update, context)
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


def command_handlers() -> list[Any]:
    return [
        CommandHandler(["results", "resultats"], results_command),
        CommandHandler(["closepoll", "fermersondage"], coordinator_only(close_command)),
        CommandHandler(["nudge", "relancer"], coordinator_only(nudge_command)),
        CommandHandler(["polls", "sondages"], list_command),
        CommandHandler(["feedback", "avis"], coordinator_only(feedback_command)),
    ]


def update_handlers() -> list[Any]:
    """Poll answers and totals (no other handler sees these updates)."""
    return [PollAnswerHandler(on_poll_answer), PollHandler(on_poll_update)]


def button_handlers() -> list[Any]:
    return [CallbackQueryHandler(coordinator_only(csv_button), pattern=f"^{CSV_PREFIX}")]


def reply_handlers(application: CoopApplication) -> list[Any]:
    """Before free text: replies to feedback prompts."""
    return [
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & FeedbackReply(application), feedback_comment
        )
    ]
