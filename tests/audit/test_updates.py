"""Telegram behaviours a real server (or another Bot API stand-in) produces: edited messages,
channel posts, commands meant for another bot, /annuler with nothing under way."""

from __future__ import annotations

import json

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP, NOW
from tests.polls.conftest import link_group


async def test_an_edited_command_is_not_run_again(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await link_group(services, "terress")  # the poll must reach someone (audit item 4)
    sent = await sandbox.send_text(COORDINATOR, "/sondage terress | Utile ? | Oui | Non")
    preview = await sandbox.wait_for_message(COORDINATOR)  # shown before it is sent
    await sandbox.press_button(COORDINATOR, preview, "polls:line:send:1")
    done = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "n° 1" in done["text"]
    mark = sandbox.mark()
    # The coordinator fixes a typo: Telegram sends an edited_message, not a new command.
    await sandbox.send_edited_text(sent, "/sondage terress | Utile ? | Oui | Non | Bof")
    await sandbox.wait_until_delivered()
    await sandbox.expect_no_message(COORDINATOR, after=mark)
    assert [p.id for p in await services.polls.recent(10)] == [1]


async def test_a_message_edited_into_a_command_gets_no_answer(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    sent = await sandbox.send_text(ALICE, "bonjour")
    await sandbox.wait_for_message(ALICE)
    mark = sandbox.mark()
    await sandbox.send_edited_text(sent, "/frobnicate")
    await sandbox.wait_until_delivered()
    await sandbox.expect_no_message(ALICE, after=mark)


async def test_channel_posts_get_no_answer(app: CoopApplication, sandbox: Sandbox) -> None:
    channel = -1009998887776
    sandbox.add_channel(channel, "Canal", bot_admin=True)
    mark = sandbox.mark()
    for post in ("/aide", "/start", "/frobnicate", "qui finance Terr'ESS ?"):
        await sandbox.send_channel_post(channel, post)
    await sandbox.wait_until_delivered()
    await sandbox.expect_no_message(channel, after=mark)


async def test_commands_for_another_bot_are_left_alone(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    mark = sandbox.mark()
    await sandbox.send_text(ALICE, "/aide@other_bot", chat_id=GROUP)
    await sandbox.send_text(ALICE, "/frobnicate@other_bot", chat_id=GROUP)
    await sandbox.wait_until_delivered()
    await sandbox.expect_no_message(GROUP, after=mark)
    # Addressed to us, an unknown command still gets its pointer to /aide.
    await sandbox.send_text(ALICE, f"/frobnicate@{sandbox.bot_username}", chat_id=GROUP)
    reply = await sandbox.wait_for_message(GROUP)
    assert "/frobnicate" in reply["text"] and "@" not in reply["text"]


async def test_cancel_with_nothing_under_way_says_so(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(ALICE, "/annuler")
    assert "rien à annuler" in (await sandbox.wait_for_message(ALICE))["text"]
    await sandbox.send_text(BOB, "/cancel")
    assert "nothing to cancel" in (await sandbox.wait_for_message(BOB))["text"]
    # While a conversation runs, /annuler still stops it.
    await sandbox.send_text(COORDINATOR, "/sondage")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "/annuler")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "rien à annuler" not in reply["text"]


async def test_the_update_types_are_asked_for_explicitly(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    # Telegram keeps the last allowed_updates a token asked for: never rely on its default.
    call = await sandbox.wait_for_call("getUpdates", finished=False)
    allowed = call.params.get("allowed_updates")
    if isinstance(allowed, str):
        allowed = json.loads(allowed)
    assert {"message", "callback_query", "poll", "poll_answer", "my_chat_member"} <= set(allowed)


async def test_a_command_deleted_before_the_answer_still_gets_it(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    # In a group the bot quotes the command it answers; someone deleted it in the meantime
    # (here: Telegram delivers a message the chat no longer holds).
    sandbox.world.push_update(
        "message",
        {
            "message_id": 999_999,
            "date": int(NOW.timestamp()),
            "chat": {"id": GROUP, "type": "group", "title": "Terr'ESS"},
            "from": {"id": ALICE, "is_bot": False, "first_name": "Alice"},
            "text": "/aide",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    )
    reply = await sandbox.wait_for_message(GROUP)
    assert "/projets" in reply["text"]


async def test_anything_but_text_in_private_gets_a_word(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_document(ALICE, "notes.txt", b"hello")
    assert "que le texte" in (await sandbox.wait_for_message(ALICE))["text"]
    # In a group: nothing (only what is addressed to the bot is answered).
    mark = sandbox.mark()
    await sandbox.send_document(ALICE, "notes.txt", b"hello", chat_id=GROUP)
    await sandbox.wait_until_delivered()
    await sandbox.expect_no_message(GROUP, after=mark)


async def test_a_document_for_an_announcement_is_still_taken(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/annonce")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_document(COORDINATOR, "programme.pdf", b"%PDF-1.4", caption="Programme")
    menu = await sandbox.wait_for_message(COORDINATOR)
    assert "qui doit la recevoir" in menu["text"]
