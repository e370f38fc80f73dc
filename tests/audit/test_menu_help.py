"""The Telegram menu and /aide list what exists (audit: Menu/aide); /aide in a group speaks the
group's language; /fuseau and /langue without argument show a group's setting to anyone
(audit item 15)."""

from __future__ import annotations

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from tests.conftest import BOB, COORDINATOR, GROUP, started


async def said(sandbox: Sandbox, user: int, line: str, chat: int | None = None) -> str:
    after = sandbox.mark()
    await sandbox.send_text(user, line, chat_id=chat)
    reply = await sandbox.wait_for_message(chat or user, after=after)
    return str(reply["text"])


async def test_the_menu_has_polls_offer_and_cancel(app: CoopApplication, sandbox: Sandbox) -> None:
    fr = {c["command"] for c in sandbox.commands(language_code="fr")}
    en = {c["command"] for c in sandbox.commands(language_code="en")}
    assert {"sondages", "offre", "annuler"} <= fr
    assert {"polls", "offer", "cancel"} <= en


async def test_help_lists_the_missing_entries(app: CoopApplication, sandbox: Sandbox) -> None:
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, "/aide")
    everyone, coordinators = (
        m["text"] for m in await sandbox.wait_for_messages(COORDINATOR, 2, after=after)
    )
    for entry in ("/bourse N", "/bourse suivre", "/bourse mes", "ics", "/annuler"):
        assert entry in everyone, entry
    assert coordinators.startswith("Coordinateurs")  # a message of its own
    assert "/noninscrits [PROJET]" in coordinators
    assert "/sondage projet | Question ? | Oui | Non" in coordinators
    for message in (everyone, coordinators):  # each fits a phone screen
        assert message.count("\n") + 1 <= 15 and len(message) <= 1000, message


async def test_a_participant_gets_one_short_help(app: CoopApplication, sandbox: Sandbox) -> None:
    after = sandbox.mark()
    await sandbox.send_text(BOB, "/help")
    text = (await sandbox.wait_for_message(BOB, after=after))["text"]
    assert text.count("\n") + 1 <= 15 and len(text) <= 1000, text
    assert "/exchange mine" in text and "/cancel" in text and "Coordinators" not in text
    await said(sandbox, BOB, "/me")  # updates are handled in order: all of /help was sent
    assert not any("Coordinators" in (m.get("text") or "") for m in sandbox.sent_messages(BOB))


async def test_help_in_a_group_speaks_the_groups_language(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    text = await said(sandbox, BOB, "/help", chat=GROUP)
    assert "Les projets" in text and "Projects" not in text


async def test_group_settings_are_shown_to_anyone(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    zone = await said(sandbox, BOB, "/fuseau", chat=GROUP)
    assert "This group's time zone" in zone  # Bob's language, as other replies to him
    language = await said(sandbox, BOB, "/langue", chat=GROUP)
    assert "This group's language" in language
    refused = await said(sandbox, BOB, "/fuseau Dakar", chat=GROUP)  # changing it is not
    group = await services.members.group(GROUP)
    assert group is None or not group.timezone
    assert "Only this group's admins" in refused


async def test_an_offset_time_zone_is_shown_as_people_write_it(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    text = await said(sandbox, COORDINATOR, "/fuseau +2")
    assert "UTC+2" in text and "GMT" not in text, text
    text = await said(sandbox, COORDINATOR, "/fuseau UTC-5")
    assert "UTC-5" in text and "GMT" not in text, text


async def test_coordinators_get_their_own_menu(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock):
        after = sandbox.mark()
        await sandbox.send_text(COORDINATOR, "/aide")  # the coordinator is known from now on
        await sandbox.wait_for_messages(COORDINATOR, 2, after=after)  # both parts of /aide
    async with started(settings, clock):
        scope = {"type": "chat", "chat_id": COORDINATOR}
        mine = [c["command"] for c in sandbox.commands(scope=scope)]
        assert {"sondage", "evenement", "annonce", "rapport"} <= set(mine)
        assert {"aide", "sondages"} <= set(mine)  # and everyone's commands
        everyone = {c["command"] for c in sandbox.commands(language_code="fr")}
        assert "annonce" not in everyone
