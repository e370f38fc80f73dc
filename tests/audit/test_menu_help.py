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
    text = await said(sandbox, COORDINATOR, "/aide")
    for entry in ("/bourse N", "/bourse suivre", "/bourse mes", "ics", "/annuler"):
        assert entry in text, entry
    assert "/noninscrits [PROJET]" in text and "/sondage projet | Question ? | Oui | Non" in text
    assert "\n\nCoordinateurs" in text  # a blank line before the coordinators' part


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
        await said(sandbox, COORDINATOR, "/aide")  # the coordinator is known from now on
    async with started(settings, clock):
        scope = {"type": "chat", "chat_id": COORDINATOR}
        mine = [c["command"] for c in sandbox.commands(scope=scope)]
        assert {"sondage", "evenement", "annonce", "rapport"} <= set(mine)
        assert {"aide", "sondages"} <= set(mine)  # and everyone's commands
        everyone = {c["command"] for c in sandbox.commands(language_code="fr")}
        assert "annonce" not in everyone
