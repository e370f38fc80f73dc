"""Questions about the projects: /ask, /projects, /project, /members, /actions and free text.

In a private chat every text message is a question. In a group the bot answers only when it is
mentioned, when someone replies to one of its messages, or to /ask; otherwise it stays silent.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update

from bot.context import BotContext
from bot.data_problems import problem_text
from bot.i18n import excerpt
from bot.knowledge.answer import Answer
from bot.knowledge.loader import KnowledgeError
from bot.names import names_of
from bot.render.buttons import Page, inline
from bot.render.pager import Listing
from handlers.access import coordinator_only
from handlers.common import (
    Speaker,
    command_args,
    did_you_mean,
    is_private,
    reply,
    speaker,
    text,
)
from handlers.members.helpers import reply_unknown_country
from handlers.pager import gone, send_listing, source


async def _send(update: Update, answer: Answer) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_text(answer.html, do_quote=not is_private(update))


async def _answer(update: Update, context: BotContext, who: Speaker, question: str) -> None:
    """The one answerer (:meth:`bot.live_answers.LiveAnswers.reply`, as ``coopbot ask``): the
    exchange and the Atlas, else live data, else the records, else the documents."""
    chat = update.effective_chat
    user_id = who.person.user_id if who.person else None
    # "Et au Bénin ?": the asker's previous question in this chat, asked again of Benin
    question = await context.services.knowledge.follow_up(
        question, who.lang, chat.id if chat else None, user_id
    )
    answer = await context.services.live.reply(
        question,
        member=who.member,
        user_id=user_id,
        lang=who.lang,
        chat_id=chat.id if chat else None,
    )
    await _send(update, answer)


async def ask(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    question = command_args(context)
    if not question:
        await reply(update, context, who.lang, "questions.ask_usage")
        return
    await _answer(update, context, who, question)


async def projects(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    knowledge = context.services.knowledge
    await _send(update, knowledge.answerer.projects(who.lang, knowledge.today()))


async def project(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    knowledge = context.services.knowledge
    name = command_args(context)
    if not name:
        names = ", ".join(p.short_name for p in knowledge.kb.projects.values())
        await reply(update, context, who.lang, "questions.project_usage", projects=names)
        return
    answer = knowledge.answerer.project(name, who.lang, knowledge.today())
    if not answer.found:  # "/projet qui finance terress" still gets an answer
        answer = knowledge.answer(name, who.lang)
    if not answer.found:  # "/projet coper": did you mean COOP'R?
        guesses = context.services.directory.find.projects.find(name).suggestions
        if guesses:
            names = ", ".join(p.short_name for p in knowledge.kb.projects.values())
            await reply(
                update,
                context,
                who.lang,
                "questions.project_guess",
                name=excerpt(name),
                guesses=", ".join(guesses),
                projects=names,
            )
            return
    await _send(update, answer)


async def members(update: Update, context: BotContext) -> None:
    """``/membres [projet] [pays]``, in any order. Without a project, which one is asked (one
    button each: the whole of both lists would not fit a phone screen); a long list is paged."""
    who = await speaker(update, context)
    knowledge = context.services.knowledge
    args = command_args(context)
    answerer = knowledge.answerer
    words = args.split()
    if not words:
        await _ask_project(update, context, who)
        return
    if await reply_unknown_country(update, context, who.lang, knowledge.kb, words):
        return  # "/membres terress atlantide": not every member of Terr'ESS
    # "/membres terress cameroun" or "/membres cameroun terress": project and country words.
    for cut in range(1, len(words) + 1):
        for project, country in (
            (" ".join(words[:cut]), " ".join(words[cut:])),
            (" ".join(words[len(words) - cut :]), " ".join(words[: len(words) - cut])),
        ):
            found = answerer.find_project(project)
            if found is None:
                continue
            if country and answerer.find_country(country) is None:
                continue
            answer = answerer.members(project, country or None, who.lang)
            if answer.found:
                place = answerer.find_country(country) if country else None
                key = f"{found.id}:{place.id}" if place else found.id
                await send_listing(update, context, "mb", key, _members_listing(answer))
                return
    if await _did_you_mean_project(update, context, who, words):
        return
    question = f"membres {args}" if who.lang == "fr" else f"members {args}"
    await _send(update, knowledge.answer(question.strip(), who.lang))


def _members_listing(answer: Answer) -> Listing:
    """The answer's first line heads every page; each following line is an item."""
    title, *items = answer.html.split("\n")
    return Listing(title, tuple(items))


@source("mb")
async def members_pages(
    update: Update, context: BotContext, who: Speaker, key: str
) -> Listing | str:
    """A page of /membres PROJET [PAYS] (``key``: ``project`` or ``project:country``)."""
    project, _, country = key.partition(":")
    answer = context.services.knowledge.answerer.members(project, country or None, who.lang)
    return _members_listing(answer) if answer.found else gone(context, who.lang)


async def _ask_project(update: Update, context: BotContext, who: Speaker) -> None:
    projects = context.services.knowledge.kb.projects.values()
    markup = InlineKeyboardMarkup([[inline(p.short_name, Page("mb", 1, p.id))] for p in projects])
    message = update.effective_message
    if message is not None:
        await message.reply_text(
            text(context, who.lang, "lists.members.which_project"),
            reply_markup=markup,
            do_quote=not is_private(update),
        )


async def _unknown_project(update: Update, context: BotContext, who: Speaker, name: str) -> None:
    """``/actions xyz``: no such project (and what was perhaps meant)."""
    kb = context.services.knowledge.kb
    found = names_of(kb).projects.find(name)
    if not found.candidates:
        found = names_of(kb).projects.find(name.split()[0])
    await reply(
        update,
        context,
        who.lang,
        "lists.members.unknown_project",
        value=excerpt(name),
        suggestions=did_you_mean(context, who.lang, found.labelled(who.lang)),
        projects=", ".join(p.short_name for p in kb.projects.values()),
    )


async def _did_you_mean_project(
    update: Update, context: BotContext, who: Speaker, words: list[str]
) -> bool:
    """The first word names no project but looks like one: say which were meant."""
    kb = context.services.knowledge.kb
    if names_of(kb).countries.get(" ".join(words)) is not None:
        return False  # a country alone: the answer engine lists its members
    found = names_of(kb).projects.find(words[0])
    if found.record is not None or not found.candidates:
        return False
    await reply(
        update,
        context,
        who.lang,
        "lists.members.unknown_project",
        value=excerpt(words[0]),
        suggestions=did_you_mean(context, who.lang, found.labelled(who.lang)),
        projects=", ".join(p.short_name for p in kb.projects.values()),
    )
    return True


async def actions(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    knowledge = context.services.knowledge
    name = command_args(context)
    if name:
        answer = knowledge.answerer.actions(name, who.lang)
        if not answer.found and await _did_you_mean_project(update, context, who, name.split()):
            return  # "/actions coper": did you mean COOP'R?
        if not answer.found:
            answer = knowledge.answer(f"actions {name}", who.lang)
            everything = knowledge.answer(
                "actions" if who.lang == "fr" else "the actions", who.lang
            )
            if answer.html == everything.html:  # "/actions xyz": the name was ignored
                await _unknown_project(update, context, who, name)
                return
    else:
        answer = knowledge.answer("actions" if who.lang == "fr" else "the actions", who.lang)
    await _send(update, answer)


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message if the bot is addressed, else ``None``."""
    text = message.text or ""
    mention = f"@{bot_username}".lower()
    addressed = False
    for entity in message.entities:
        if entity.type == MessageEntity.MENTION:
            if message.parse_entity(entity).lower() == mention:
                addressed = True
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            addressed = True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        addressed = True
    if not addressed:
        return None
    return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip(" ,:;-\n\t")


async def free_text(update: Update, context: BotContext) -> None:
    """Any text that is not a command: a question in private; in groups, only if addressed."""
    message = update.effective_message
    if message is None or not message.text:
        return
    if is_private(update):
        question: str | None = message.text
    else:
        question = addressed_text(message, context.bot.username, context.bot.id)
        if question is None:
            return
    who = await speaker(update, context)
    if not question:
        await reply(update, context, who.lang, "questions.group_hint")
        return
    await _answer(update, context, who, question)


async def not_text(update: Update, context: BotContext) -> None:
    """A sticker, a voice message, a photo... in private, outside a conversation that wants
    one: say that questions are read as text (instead of silence)."""
    who = await speaker(update, context)
    await reply(update, context, who.lang, "questions.text_only")


@coordinator_only
async def reload_data(update: Update, context: BotContext) -> None:
    """Coordinators: reload the knowledge files after editing them (no restart needed)."""
    from handlers.forms.followup import reply_reloaded  # the questionnaires (data/forms/) too

    who = await speaker(update, context)
    catalogue = context.services.catalogue
    try:
        result = await context.services.knowledge.load()
    except KnowledgeError as exc:
        problems = "\n".join(problem_text(p, who.lang, catalogue) for p in exc.problems[:20])
        said = catalogue.t(who.lang, "questions.reload_failed", problems=problems)
    else:
        counts = ", ".join(catalogue.count(who.lang, kind, n) for kind, n in result.counts.items())
        state = text(
            context, who.lang, "questions.changed" if result.changed else "questions.unchanged"
        )
        said = catalogue.t(who.lang, "questions.reloaded", state=state, counts=counts)
    await reply_reloaded(update, context, who.lang, said)
