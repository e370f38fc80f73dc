"""Users, groups, membership updates, migration, blocking, privacy mode, channels."""

from __future__ import annotations

import pytest
import telegram
from telegram.constants import ChatMemberStatus

from bot.sandbox import Sandbox, SandboxError

from .support import ALICE, BOB, CAROL, GROUP, SUPERGROUP, make_bot


async def test_adding_the_bot_to_a_group(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop Nord", members=[BOB], creator=ALICE, bot_member=False)
    with pytest.raises(telegram.error.Forbidden, match=r"(?i)not a member of the group chat"):
        await bot.send_message(GROUP, "Bonjour")
    service = sb.add_bot_to_group(GROUP, ALICE)
    assert service["new_chat_members"][0]["id"] == sb.bot_user["id"]
    member_update, message_update = await bot.get_updates()
    change = member_update.my_chat_member
    assert change is not None and change.from_user.id == ALICE
    assert change.chat.type == "group" and change.chat.title == "Coop Nord"
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")
    assert message_update.message is not None
    assert [u.id for u in message_update.message.new_chat_members] == [123]
    assert (await bot.send_message(GROUP, "Bonjour")).chat.id == GROUP


async def test_removed_bot_is_forbidden(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(SUPERGROUP, "Coop", supergroup=True, admins=[ALICE])
    sb.remove_bot_from_group(SUPERGROUP, ALICE)
    (update,) = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == ChatMemberStatus.BANNED
    with pytest.raises(
        telegram.error.Forbidden, match=r"(?i)bot was kicked from the supergroup chat"
    ):
        await bot.send_message(SUPERGROUP, "toujours là ?")


async def test_chat_information(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(
        SUPERGROUP,
        "Coop",
        supergroup=True,
        username="coop_eu",
        creator=ALICE,
        admins=[BOB],
        members=[CAROL],
        bot_admin=True,
    )
    chat = await bot.get_chat("@coop_eu")
    assert (chat.id, chat.type, chat.title) == (SUPERGROUP, "supergroup", "Coop")
    private = await bot.get_chat(ALICE)
    assert (private.first_name, private.last_name, private.username) == (
        "Alice",
        "Martin",
        "alice_fr",
    )
    admins = await bot.get_chat_administrators(SUPERGROUP)
    assert {type(a) for a in admins} == {telegram.ChatMemberOwner, telegram.ChatMemberAdministrator}
    assert {a.user.id for a in admins} == {ALICE, BOB, 123}
    assert await bot.get_chat_member_count(SUPERGROUP) == 4
    carol = await bot.get_chat_member(SUPERGROUP, CAROL)
    assert isinstance(carol, telegram.ChatMemberMember)
    assert (await bot.get_chat_member(SUPERGROUP, 123)).status == "administrator"
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)user not found"):
        await bot.get_chat_member(SUPERGROUP, 999)
    sb.user_leaves(SUPERGROUP, CAROL)
    assert isinstance(await bot.get_chat_member(SUPERGROUP, CAROL), telegram.ChatMemberLeft)
    assert await bot.ban_chat_member(SUPERGROUP, BOB)
    assert isinstance(await bot.get_chat_member(SUPERGROUP, BOB), telegram.ChatMemberBanned)
    sb.set_member_status(SUPERGROUP, ALICE, "restricted")
    restricted = await bot.get_chat_member(SUPERGROUP, ALICE)
    assert isinstance(restricted, telegram.ChatMemberRestricted)
    assert restricted.can_send_messages is False
    assert await bot.unban_chat_member(SUPERGROUP, BOB)
    assert isinstance(await bot.get_chat_member(SUPERGROUP, BOB), telegram.ChatMemberLeft)


async def test_joins_and_chat_member_updates(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(SUPERGROUP, "Coop", supergroup=True, members=[ALICE], bot_admin=True)
    await bot.get_updates(allowed_updates=["message", "chat_member"])
    joined = sb.user_joins(SUPERGROUP, BOB)
    assert joined["new_chat_members"][0]["id"] == BOB
    updates = await bot.get_updates()
    assert {u.chat_member is not None for u in updates} == {True, False}
    change = next(u.chat_member for u in updates if u.chat_member)
    assert change.new_chat_member.user.id == BOB and change.new_chat_member.status == "member"
    # the bot did not ask for my_chat_member any more: those updates are dropped
    sb.set_member_status(SUPERGROUP, 123, "member")
    assert [
        u for u in await bot.get_updates(offset=updates[-1].update_id + 1) if u.my_chat_member
    ] == []


async def test_group_migration(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", creator=ALICE, members=[BOB])
    new_id = sb.migrate_group(GROUP)
    assert str(new_id).startswith("-100")
    to_update, from_update = await bot.get_updates()
    assert to_update.message is not None and to_update.message.migrate_to_chat_id == new_id
    assert from_update.message is not None and from_update.message.migrate_from_chat_id == GROUP
    with pytest.raises(telegram.error.ChatMigrated) as caught:
        await bot.send_message(GROUP, "ancien groupe")
    assert caught.value.new_chat_id == new_id
    assert (await bot.send_message(new_id, "nouveau groupe")).chat.type == "supergroup"
    assert (await sb.send_text(BOB, "me voilà", chat_id=new_id))["chat"]["id"] == new_id


async def test_blocked_and_never_started_users(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.block_bot(ALICE)
    (update,) = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(telegram.error.Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(ALICE, "coucou")
    await sb.send_text(ALICE, "/start")  # writing to the bot unblocks it
    assert (await bot.send_message(ALICE, "re")).text == "re"
    sb.add_user(400, "Dan", started=False)
    with pytest.raises(telegram.error.Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(400, "bonjour")
    await sb.send_text(400, "/start")
    assert (await bot.send_message(400, "bonjour")).chat.id == 400


async def test_privacy_mode_filters_group_messages(sb: Sandbox) -> None:
    sb.privacy_mode = True
    sb.add_group(GROUP, "Coop", members=[ALICE, BOB])
    await sb.send_text(ALICE, "bavardage", chat_id=GROUP)
    await sb.send_text(ALICE, "/agenda@coopbot_test_bot demain", chat_id=GROUP)
    await sb.send_text(ALICE, "/agenda@other_bot", chat_id=GROUP)
    await sb.send_text(BOB, "dis @coopbot_test_bot ?", chat_id=GROUP)
    async with make_bot(sb) as bot:
        me = await bot.get_me()
        assert me.can_read_all_group_messages is False
        texts = [u.message.text for u in await bot.get_updates() if u.message]
    assert texts == ["/agenda@coopbot_test_bot demain", "dis @coopbot_test_bot ?"]


async def test_anonymous_admin_and_channel_posts(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(SUPERGROUP, "Coop", supergroup=True, admins=[ALICE], members=[BOB])
    sb.add_channel(-1009876543210, "Coop Infos", username="coop_infos")
    await sb.send_text(ALICE, "/annonce", chat_id=SUPERGROUP, sender_chat_id=SUPERGROUP)
    await sb.send_channel_post(-1009876543210, "Nouvelle publication")
    with pytest.raises(SandboxError, match="only admins"):
        await sb.send_text(BOB, "x", chat_id=SUPERGROUP, sender_chat_id=SUPERGROUP)
    anonymous, post = await bot.get_updates()
    assert anonymous.message is not None and anonymous.message.from_user is not None
    assert anonymous.message.from_user.id == 1087968824
    assert (
        anonymous.message.sender_chat is not None and anonymous.message.sender_chat.id == SUPERGROUP
    )
    assert post.channel_post is not None and post.channel_post.text == "Nouvelle publication"
    assert post.channel_post.chat.type == "channel"


async def test_edited_messages_and_leave_chat(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE])
    original = await sb.send_text(ALICE, "rendez-vous à 10h", chat_id=GROUP)
    await sb.send_edited_text(original, "rendez-vous à 11h")
    _, edited = await bot.get_updates()
    assert edited.edited_message is not None and edited.edited_message.text == "rendez-vous à 11h"
    assert edited.edited_message.message_id == original["message_id"]
    assert await bot.leave_chat(GROUP)
    (left,) = await bot.get_updates(offset=edited.update_id + 1)
    assert left.my_chat_member is not None and left.my_chat_member.new_chat_member.status == "left"
    with pytest.raises(telegram.error.Forbidden, match=r"(?i)not a member"):
        await bot.send_message(GROUP, "x")


def test_test_api_rejects_impossible_setups(sb: Sandbox) -> None:
    with pytest.raises(SandboxError, match="already exists"):
        sb.add_user(ALICE, "Alice bis")
    with pytest.raises(SandboxError, match="-100"):
        sb.add_group(-42, "x", supergroup=True)
    with pytest.raises(SandboxError, match="unknown user 999"):
        sb.add_group(GROUP, "x", members=[999])
