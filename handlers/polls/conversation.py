"""/poll (/sondage) for coordinators: one line (``/sondage projet | question | A | B``), or
the guided conversation (reply keyboards; per chat and user, kept in SQLite across restarts,
handlers/flows.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import (
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.i18n import format_datetime
from bot.names import closest_word, names_of
from bot.poll_input import (
    FLAG_WORDS,
    MAX_OPTIONS,
    PollError,
    check_option,
    check_question,
    parse_closing,
    validate,
)
from bot.storage.polls import NewPoll
from bot.textfold import normalize
from handlers.access import coordinator_only
from handlers.common import (
    Speaker,
    did_you_mean,
    is_private,
    reply,
    speaker,
    text,
)
from handlers.flows import Flow
from handlers.polls.helpers import (
    DRAFT,
    _command_rest,
    _error,
    _examples,
    _sent_text,
)
from handlers.polls.preview import nobody_key, show_preview

PROJECT, QUESTION, OPTIONS, MULTI, ANONYMOUS, AUDIENCE, CLOSING, CONFIRM = range(8)

# -- /poll: one line, or the guided conversation ------------------------------------------------


async def poll_command(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    rest = _command_rest(update)
    chat = update.effective_chat
    if rest:
        try:
            new = await context.services.polls.prepare_from_line(
                rest,
                creator=who.member,
                creator_id=who.person.user_id if who.person else None,
                chat_id=chat.id if chat else None,
            )
        except PollError as exc:  # one message: what is wrong, then how to write it
            await _refuse_line(update, context, who, exc)
            return ConversationHandler.END
        # shown with its recipients' count, sent only when "Envoyer" is pressed
        await show_preview(update, context, who, new, rest)
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


async def _refuse_line(update: Update, context: BotContext, who: Speaker, exc: PollError) -> None:
    examples = _examples(context, who)
    problem = text(context, who.lang, exc.key, **examples, **exc.params)
    if exc.key in ("polls.errors.unknown_project", "polls.errors.unknown_head"):
        typed = str(exc.params.get("name", ""))
        finder = names_of(context.services.knowledge.kb).projects
        guesses: list[str] = []
        words = typed.split()
        for index, word in enumerate(words):  # "mutli terress": an option mistyped
            project = finder.find(word)  # a project's name, or close to one, comes first
            flag = None if project.record or project.candidates else closest_word(word, FLAG_WORDS)
            if flag is not None and normalize(flag) == normalize(word):
                flag = None  # an option written right
            if flag is not None:
                guesses = [" ".join([*words[:index], flag, *words[index + 1 :]])]
                break
        for attempt in () if guesses else (typed, *words):  # "coper multi": one word
            guesses = finder.find(attempt).labelled(who.lang)
            if guesses:
                break
        problem += did_you_mean(context, who.lang, guesses)
    usage = text(context, who.lang, "polls.cmd.usage", **examples)
    message = update.effective_message
    assert message is not None
    await message.reply_text(f"{problem}\n\n{usage}", do_quote=not is_private(update))


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
    if await _reaches_nobody(update, context, who, draft):
        return AUDIENCE
    return await _ask_closing(update, context, who)


async def _reaches_nobody(
    update: Update, context: BotContext, who: Speaker, draft: dict[str, Any]
) -> bool:
    """The same check as the one-line form's (handlers/polls/preview.py): a poll that would
    reach nobody is not sent. Said in one message with what to do, the audience asked again
    (the draft is kept: link a group, then choose)."""
    polls = context.services.polls
    project = draft.get("project")
    wanted = _stub(project, draft["to_groups"], draft["to_private"])
    groups, people = await polls.audience_size(wanted)
    key = nobody_key(wanted, groups, people)
    if key is None:
        return False
    if key != "pollsend.nobody":  # would the other way reach someone?
        other_groups, other_people = await polls.audience_size(_stub(project, True, True))
        if not (other_groups or other_people):
            key = "pollsend.nobody"
    lang = who.lang
    choices = _audiences(context, lang)
    names = {value: name for name, value in choices.items()}
    body = text(
        context,
        lang,
        f"refusals.poll_guide.{key.removeprefix('pollsend.')}",
        project=polls.project_name(project),
        project_id=project or "",
        groups=names[(True, False)],
        private=names[(False, True)],
    )
    prompt = text(context, lang, "polls.guide.audience")
    message = update.effective_message
    assert message is not None
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton(c)] for c in choices], one_time_keyboard=True, resize_keyboard=True
    )
    await message.reply_text(f"{body}\n\n{prompt}", reply_markup=markup)
    return True


def _stub(project: str | None, to_groups: bool, to_private: bool) -> NewPoll:
    """A poll of ``project`` with this audience, for :meth:`PollService.audience_size`."""
    return NewPoll("", (), project_id=project, to_groups=to_groups, to_private=to_private)


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
    if await _reaches_nobody(update, context, who, draft):  # a group unlinked meanwhile
        return AUDIENCE
    polls = context.services.polls
    try:
        question, options = validate(draft["question"], draft["options"])
        new = NewPoll(
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
        sent = await polls.create(new)
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
