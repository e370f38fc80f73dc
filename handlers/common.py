"""Small helpers shared by the handlers: who is talking, in which language, and replying."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from telegram import Chat, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.i18n import Safe, excerpt, plain_text
from bot.limits import MAX_ID, NumberOutOfRange, TextProblem
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


def in_own_private_chat(update: Update) -> bool:
    """The update comes from the person's own private chat with the bot (whose id is theirs):
    the only proof that the bot may write to them there."""
    chat = update.effective_chat
    user = update.effective_user
    return (
        chat is not None
        and user is not None
        and chat.type == ChatType.PRIVATE
        and chat.id == user.id
    )


async def speaker(update: Update, context: BotContext) -> Speaker:
    """Who is talking. Their record is created or refreshed when they *write* in their private
    chat; a button press only reads it (a refused or outdated press writes nothing, and an
    accepted one records what it needs itself)."""
    services = context.services
    person = person_of(update)
    if person is None:
        return Speaker(None, None, services.settings.default_language)
    member: Member | None
    if update.callback_query is None and in_own_private_chat(update):
        member = await services.members.seen(person, private_chat=True)
    else:
        member = await services.members.get(person.user_id)
    return Speaker(person, member, services.members.language_of(member, person.language_code))


async def reader(update: Update, context: BotContext) -> Speaker:
    """Who reads the reply: in a group whose language was chosen (``/langue en`` there), the
    group speaks it, whoever asked; elsewhere the speaker's own language."""
    who = await speaker(update, context)
    chat = update.effective_chat
    if chat is not None and is_group(chat):
        group = await context.services.members.group(chat.id)
        if group is not None and group.language:
            return replace(who, lang=group.language)
    return who


async def reachable_in_private(update: Update, context: BotContext) -> bool:
    """Whether the bot may write to the update's person in their private chat: yes from that
    chat itself; from a group, only if the roster says they opened it and did not block the bot
    (Telegram would refuse anything else with 403, so it is not even tried)."""
    if in_own_private_chat(update):
        return True
    user = update.effective_user
    if user is None or user.is_bot:
        return False
    member = await context.services.members.get(user.id)
    return member is not None and member.private_chat and member.reachable


async def unreachable_in_private(context: BotContext, user_id: int, error: TelegramError) -> bool:
    """True if ``error`` (from a send to ``user_id``'s private chat) means the bot cannot write
    there: blocked, never opened, or no such chat. The roster learns it; anything else is a
    real error for the caller to raise."""
    if isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in error.message.lower()
    ):
        await context.services.members.mark_unreachable(user_id)
        return True
    return False


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


async def say(
    update: Update, context: BotContext, body: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """A new message in the update's chat (and forum topic), not quoting: a conversation reads
    top to bottom."""
    chat = update.effective_chat
    if chat is None:
        return None
    message = update.effective_message
    thread = message.message_thread_id if message and message.is_topic_message else None
    return await context.bot.send_message(
        chat.id, body, reply_markup=markup, message_thread_id=thread
    )


async def edit(update: Update, body: str, markup: InlineKeyboardMarkup | None = None) -> bool:
    """Edit the message whose button was pressed; False if there is none to edit. Pressing
    twice ("message is not modified") is not an error; other refusals are raised."""
    query = update.callback_query
    if query is None or query.message is None:
        return False
    try:
        await query.edit_message_text(body, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    return True


async def edit_or_say(
    update: Update, context: BotContext, body: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the pressed message; if it cannot be edited (too old, deleted), say it anew."""
    try:
        if await edit(update, body, markup):
            return
    except BadRequest:
        pass
    await say(update, context, body, markup)


async def reply_out_of_range(
    update: Update, context: BotContext, lang: str, error: NumberOutOfRange
) -> Message | None:
    """A number was typed, but none of that size can be meant: say which are (without the
    storage's 19-digit limit when only the lower bound matters)."""
    key = "core.input.number_range"
    if error.maximum >= MAX_ID:
        below = _below(error.typed, error.minimum)
        key = "core.input.number_minimum" if below else "core.input.number_too_big"
    return await reply(
        update,
        context,
        lang,
        key,
        number=excerpt(error.typed, 30),
        minimum=error.minimum,
        maximum=error.maximum,
    )


def _below(typed: str, minimum: int) -> bool:
    """Whether the number typed is under ``minimum`` (else it is too big)."""
    digits = typed.strip().removeprefix("#").removeprefix("n°").removeprefix("N°").strip()
    try:
        return int(digits) < minimum
    except ValueError:
        return False


def text_problem(
    context: BotContext, lang: str, problem: TextProblem, *, caption: bool = False
) -> str:
    """What to tell someone whose text Telegram would refuse (empty, or too long: how long)."""
    if problem.reason == "too_long":
        key = "core.input.caption_too_long" if caption else "core.input.too_long"
        return text(context, lang, key, **problem.params)
    return text(context, lang, "core.input.empty")


def did_you_mean(context: BotContext, lang: str, names: Sequence[str]) -> Safe:
    """`` Vouliez-vous dire : « A » ou « B » ?`` (empty without names), to follow an
    "unknown name" message."""
    if not names:
        return Safe("")
    joined = text(context, lang, "members.common.or").join(
        f"« {n} »" if lang == "fr" else f"“{n}”" for n in names
    )
    return Safe(text(context, lang, "members.common.did_you_mean", names=joined))


def command_args(context: BotContext) -> str:
    return " ".join(context.args or []).strip()


async def ignore(update: Update, context: BotContext) -> None:
    """Stop here: no other handler sees this update (see ``handlers.register``, group -2)."""
    raise ApplicationHandlerStop


async def unreadable_button(update: Update, context: BotContext) -> None:
    """A press on a button of ours whose data no kind reads (forged, or sent by an older
    version): answered, so it stops spinning, and nothing is done."""
    query = update.callback_query
    if query is None:
        return
    who = await speaker(update, context)
    await query.answer(plain_text(text(context, who.lang, "buttons.stale")))
