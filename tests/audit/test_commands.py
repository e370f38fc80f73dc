"""README commands tried as a new user would: missing or wrong arguments get a clear answer
and change nothing."""

from __future__ import annotations

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP


async def test_feedback_setting_for_an_unknown_event_is_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/avis 99 oui")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "Je ne trouve pas l'événement n° 99" in reply["text"]
    await sandbox.send_text(BOB, "/feedback 99 on")  # not a coordinator: refused first
    assert "coordinators only" in (await sandbox.wait_for_message(BOB))["text"]
    assert await services.db.fetchall("SELECT * FROM event_feedback") == []


async def test_group_language_and_time_zone_without_argument_show_the_current_ones(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/langue", chat_id=GROUP)
    reply = await sandbox.wait_for_message(GROUP)
    assert "Langue de ce groupe : français" in reply["text"] and "/langue en" in reply["text"]
    await sandbox.send_text(COORDINATOR, "/fuseau", chat_id=GROUP)
    reply = await sandbox.wait_for_message(GROUP)
    assert "Fuseau horaire de ce groupe : Europe/Paris" in reply["text"]
    assert "/fuseau Dakar" in reply["text"]
    await sandbox.send_text(COORDINATOR, "/fuseau Dakar", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await sandbox.send_text(COORDINATOR, "/fuseau", chat_id=GROUP)
    assert "Africa/Dakar" in (await sandbox.wait_for_message(GROUP))["text"]
    await sandbox.send_text(ALICE, "/langue", chat_id=GROUP)  # not an admin of the group
    assert "administrateurs" in (await sandbox.wait_for_message(GROUP))["text"]
