"""Small helpers shared by the handlers: who is talking, in which language, and replying."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Chat, Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.storage.members import Member, Person


@dataclass(frozen=True)
class Speaker:
    """The person behind an update, as the roster knows them."""

    person: Person | None
    member: Member | None
    lang: str


def person_of(update: Update) -> Person | None:
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    return Person(user.id, user.first_name, user.last_name, user.username, user.language_code)


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def is_group(chat: Chat | None) -> bool:
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def speaker(update: Update, context: BotContext) -> Speaker:
    """Who is talking; their record is created or refreshed when they write in private."""
    services = context.services
    person = person_of(update)
    if person is None:
        return Speaker(None, None, services.settings.default_language)
    member: Member | None
    if is_private(update):
        member = await services.members.seen(person, private_chat=True)
    else:
        member = await services.members.get(person.user_id)
    return Speaker(person, member, services.members.language_of(member, person.language_code))


def text(context: BotContext, lang: str, key: str, /, **params: object) -> str:
    return context.services.catalogue.t(lang, key, **params)


async def reply(
    update: Update, context: BotContext, lang: str, key: str, /, **params: object
) -> Message | None:
    """Answer the update's message (or its chat) with the catalogue message ``key``."""
    body = text(context, lang, key, **params)
    message = update.effective_message
    if message is not None:
        return await message.reply_text(body, do_quote=not is_private(update))
    chat = update.effective_chat
    if chat is not None:
        return await context.bot.send_message(chat.id, body)
    return None


def command_args(context: BotContext) -> str:
    return " ".join(context.args or []).strip()


async def ignore(update: Update, context: BotContext) -> None:
    """Stop here: no other handler sees this update (see ``handlers.register``, group -2)."""
    raise ApplicationHandlerStop
