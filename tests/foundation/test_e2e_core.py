"""End to end through the emulator: the real Application, over HTTP."""

from __future__ import annotations

import pytest

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Fault, Sandbox
from bot.settings import Settings
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP


async def test_help_in_french_by_default_and_english_for_english_apps(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(ALICE, "/aide")
    reply = await sandbox.wait_for_message(ALICE)
    assert "/projets" in reply["text"] and "/agenda" in reply["text"]
    assert "/annonce" not in reply["text"]  # not a coordinator
    await sandbox.send_text(BOB, "/help")
    reply = await sandbox.wait_for_message(BOB)
    assert "/projects" in reply["text"]


async def test_coordinators_see_their_commands_in_help(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/help")
    everyone, theirs = await sandbox.wait_for_messages(COORDINATOR, 2)
    assert "/annonce" not in everyone["text"] and "/annonce" in theirs["text"]


async def test_command_menus_are_set_per_language(app: CoopApplication, sandbox: Sandbox) -> None:
    fr = {c["command"] for c in sandbox.commands(language_code="fr")}
    en = {c["command"] for c in sandbox.commands(language_code="en")}
    default = {c["command"] for c in sandbox.commands()}
    assert {"aide", "projets", "membres", "prochain"} <= fr
    assert {"help", "projects", "members", "next"} <= en
    assert default == fr


async def test_unknown_command_points_to_help(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, "/frobnicate <b>&")
    reply = await sandbox.wait_for_message(ALICE)
    assert "/frobnicate" in reply["text"] and "/aide" in reply["text"]
    await sandbox.send_text(BOB, "/frobnicate")
    reply = await sandbox.wait_for_message(BOB)
    assert "/help" in reply["text"] and "Did you mean" not in reply["text"]


@pytest.mark.parametrize(
    ("user", "typed", "meant"),
    [
        (ALICE, "/sondge", "/sondage"),
        (ALICE, "/resultat", "/resultats"),
        (BOB, "/agnda", "/agenda"),
    ],
)
async def test_a_misspelt_command_gets_did_you_mean(
    app: CoopApplication, sandbox: Sandbox, user: int, typed: str, meant: str
) -> None:
    await sandbox.send_text(user, typed)
    reply = await sandbox.wait_for_message(user)
    assert f"{meant} ?" in reply["text"] or f"{meant}?" in reply["text"], reply["text"]


@pytest.mark.parametrize(
    "text",
    [
        "x" * 4096,
        "<b>bold</b> & <script>alert(1)</script>",
        "🌍🤝 coopération ✨",
        "&amp; &lt; </i>",
    ],
)
async def test_awkward_text_never_breaks_the_bot(
    app: CoopApplication, sandbox: Sandbox, text: str
) -> None:
    await sandbox.send_text(ALICE, text)
    await sandbox.wait_until_delivered()
    # The bot is still alive and answers the next message.
    await sandbox.send_text(ALICE, "/aide")
    reply = await sandbox.wait_for_message(ALICE, predicate=lambda m: "/projets" in m["text"])
    assert reply
    assert not [c for c in sandbox.calls() if (c.status or 0) >= 400 and c.method != "getUpdates"]


async def test_edited_messages_and_channel_posts_are_handled(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    sent = await sandbox.send_text(ALICE, "bonjour")
    await sandbox.send_edited_text(sent, "bonjour <b>")
    sandbox.add_channel(-1009998887776, "Canal")
    await sandbox.send_channel_post(-1009998887776, "/aide")
    await sandbox.wait_until_delivered()
    await sandbox.send_text(ALICE, "/aide")
    assert await sandbox.wait_for_message(ALICE, predicate=lambda m: "/projets" in m["text"])
    assert not sandbox.internal_errors


async def test_an_error_in_a_handler_apologises_and_the_bot_goes_on(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    # The first reply fails on Telegram's side with a non-retryable error: the handler raises.
    sandbox.inject_fault(
        "sendMessage", Fault.error(400, "Bad Request: something odd"), chat_id=ALICE
    )
    await sandbox.send_text(ALICE, "/aide")
    apology = await sandbox.wait_for_message(ALICE)
    assert "Désolé" in apology["text"]
    await sandbox.send_text(ALICE, "/aide")
    assert "/projets" in (await sandbox.wait_for_message(ALICE))["text"]


async def test_group_commands_with_the_bot_username(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, f"/aide@{sandbox.bot_username}", chat_id=GROUP)
    reply = await sandbox.wait_for_message(GROUP)
    assert "/projets" in reply["text"]


async def test_errors_are_reported_to_the_admin_chat(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    admin = -5999
    sandbox.add_group(admin, "coopbot admins", members=[COORDINATOR])
    configured = settings.model_copy(update={"admin_chat_id": admin})
    application = build_application(configured, clock=clock)
    async with running(application):
        sandbox.inject_fault(
            "sendMessage", Fault.error(400, "Bad Request: something odd"), chat_id=ALICE
        )
        await sandbox.send_text(ALICE, "/aide")
        report = await sandbox.wait_for_message(admin)
        assert "something odd" in report["text"].lower()
        assert settings.telegram.token.get_secret_value() not in report["text"]
