"""Group channels: linking a group to a project, the group's language and time zone, and the
records kept right when the bot is added or removed, a group becomes a supergroup, or people
speak, join and leave in a linked group."""

from __future__ import annotations

import logging

from telegram import Chat, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType

from bot.context import BotContext
from bot.render.buttons import GroupLink, inline
from bot.storage.members import Person
from handlers.access import coordinator_only, group_admin_or_coordinator
from handlers.common import command_args, is_group, reader, reply, text
from handlers.members import project_named
from handlers.start import deep_link

log = logging.getLogger(__name__)

PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


# -- the bot's own membership -------------------------------------------------------------------


async def my_chat_member(update: Update, context: BotContext) -> None:
    """The bot was added to or removed from a group, or blocked/unblocked in private."""
    change = update.my_chat_member
    if change is None:
        return
    services = context.services
    chat = change.chat
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if chat.type == ChatType.PRIVATE:
        member = await services.members.get(chat.id)
        if member is None:
            return
        if new in GONE:
            await services.members.mark_unreachable(chat.id)
        elif new in PRESENT and not member.reachable:
            await services.members.reachable_again(chat.id)
        return
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if new in GONE:
        await services.members.bot_removed(chat.id)
        return
    if new in PRESENT and old in GONE:
        group = await services.members.bot_added(chat.id, chat.title or "", chat.type)
        lang = services.members.group_language(group)
        if group.project_id is not None:
            project = services.members.kb.projects.get(group.project_id)
            body = text(
                context,
                lang,
                "members.groups.back",
                project=project.short_name if project else group.project_id,
            )
        else:
            body = text(context, lang, "members.groups.added", link=deep_link(context))
        await context.bot.send_message(chat.id, body)


# -- bookkeeping of group messages (never answers) ----------------------------------------------


async def bookkeeping(update: Update, context: BotContext) -> None:
    """Migrations to supergroups, and who speaks, joins or leaves in linked groups."""
    message = update.message
    chat = update.effective_chat
    if message is None or not is_group(chat) or chat is None:
        return
    members = context.services.members
    if message.migrate_to_chat_id:
        await migrated(context, chat.id, message.migrate_to_chat_id)
        return
    if message.migrate_from_chat_id:
        await migrated(context, message.migrate_from_chat_id, chat.id)
        return
    if message.new_chat_title:
        await members.group_renamed(chat.id, message.new_chat_title, chat.type)
        return
    if message.left_chat_member is not None:
        await members.left_group(chat.id, message.left_chat_member.id)
        return
    if message.new_chat_members:
        for joined in message.new_chat_members:
            if not joined.is_bot:
                await members.saw(chat.id, _person(joined))
        return
    user = message.from_user
    if user is None or user.is_bot or message.sender_chat is not None or _is_command(message):
        return
    await members.saw(chat.id, _person(user))


async def migrated(context: BotContext, old: int, new: int) -> None:
    """A group became a supergroup: every feature that listens to migrations follows it."""
    services = context.services
    group = await services.members.group(old)
    if group is None:
        return  # a group the bot has no record of
    if not group.active and await services.members.group(new) is not None:
        return  # already moved: both migration messages arrive, and deliveries may see it too
    log.info("group %s migrated to %s", old, new)
    for hook in services.delivery.hooks.migrated:
        await hook(old, new)


def _person(user: User) -> Person:
    return Person(user.id, user.first_name, user.last_name, user.username, user.language_code)


def _is_command(message: Message) -> bool:
    """Commands are addressed to the bot and answered by it; they are not conversation."""
    entities = message.entities or ()
    return any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities)


# -- linking ------------------------------------------------------------------------------------


async def _group_or_say(update: Update, context: BotContext, lang: str) -> Chat | None:
    """The group the command was typed in; None elsewhere, the speaker told so."""
    chat = update.effective_chat
    if chat is None or not is_group(chat):
        await reply(update, context, lang, "members.groups.group_only")
        return None
    return chat


@coordinator_only
async def linkgroup_command(update: Update, context: BotContext) -> None:
    who = await reader(update, context)  # a group that chose its language is answered in it
    chat = await _group_or_say(update, context, who.lang)
    if chat is None:
        return
    services = context.services
    arg = command_args(context)
    kb = services.members.kb
    if not arg:
        buttons = InlineKeyboardMarkup(
            [[inline(p.short_name, GroupLink(p.id))] for p in kb.projects.values()]
        )
        message = update.effective_message
        if message is not None:
            await message.reply_text(
                text(context, who.lang, "members.groups.link_usage"), reply_markup=buttons
            )
        return
    project = await project_named(update, context, who.lang, arg, "members.groups.unknown_project")
    if project is not None:
        await link(update, context, project.id)


@coordinator_only
async def link_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    pressed = GroupLink.decode(query.data)
    project_id = pressed.project if pressed is not None else ""
    chat = update.effective_chat
    if not is_group(chat) or project_id not in context.services.members.kb.projects:
        await query.answer()
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await link(update, context, project_id)


async def link(update: Update, context: BotContext, project_id: str) -> None:
    """Link the group of this update to a project and greet it."""
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None and user is not None
    services = context.services
    current = await services.members.group(chat.id)
    project = services.members.kb.projects[project_id]
    lang = services.members.group_language(current)
    thread = topic_of(update)
    if thread is not None:  # typed inside a forum topic: that topic is linked
        await link_topic(update, context, project_id, thread, lang)
        return
    if current is not None and current.active and current.project_id == project_id:
        body = text(context, lang, "members.groups.already_linked", project=project.short_name)
    else:
        await services.members.link_group(chat.id, chat.title or "", chat.type, project_id, user.id)
        body = text(
            context,
            lang,
            "members.groups.linked",
            project=project.short_name,
            link=deep_link(context, project_id),
        )
    await context.bot.send_message(chat.id, body)


def topic_of(update: Update) -> int | None:
    """The forum topic the update was written in (its ``message_thread_id``), or None."""
    message = update.effective_message
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


async def link_topic(
    update: Update, context: BotContext, project_id: str, thread: int, lang: str
) -> None:
    chat = update.effective_chat
    user = update.effective_user
    message = update.effective_message
    assert chat is not None and user is not None and message is not None
    members = context.services.members
    project = members.kb.projects[project_id]
    found = await members.topic(chat.id, thread)
    if found is not None and found[0] == project_id and found[2] == "open":
        body = text(context, lang, "topics.already_linked", project=project.short_name)
    else:
        reply_to = message.reply_to_message
        created = reply_to.forum_topic_created if reply_to is not None else None
        name = created.name if created is not None else (found[1] if found else "")
        await members.link_topic(
            chat.id, chat.title or "", chat.type, thread, name, project_id, user.id
        )
        body = text(context, lang, "topics.linked", project=project.short_name)
    await context.bot.send_message(chat.id, body, message_thread_id=thread)


@group_admin_or_coordinator
async def unlinkgroup_command(update: Update, context: BotContext) -> None:
    who = await reader(update, context)  # a group that chose its language is answered in it
    chat = await _group_or_say(update, context, who.lang)
    if chat is None:
        return
    services = context.services
    user = update.effective_user
    thread = topic_of(update)
    if thread is not None:  # inside a linked topic: that topic only
        unlinked = await services.members.unlink_topic(chat.id, thread)
        if unlinked is not None:
            lang = services.members.group_language(await services.members.group(chat.id))
            project = services.members.kb.projects.get(unlinked)
            name = project.short_name if project else unlinked
            await reply(update, context, lang, "topics.unlinked", project=name)
            return
    group = await services.members.unlink_group(chat.id, user.id if user else 0)
    if group is None:
        await reply(update, context, who.lang, "members.groups.not_linked")
        return
    project = services.members.kb.projects.get(group.project_id or "")
    await reply(
        update,
        context,
        services.members.group_language(group),
        "members.groups.unlinked",
        project=project.short_name if project else group.project_id,
    )
