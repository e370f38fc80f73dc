"""README commands tried as a new user would: missing or wrong arguments get a clear answer
and change nothing."""

from __future__ import annotations

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import BOB, COORDINATOR


async def test_feedback_setting_for_an_unknown_event_is_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/avis 99 oui")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "Je ne trouve pas l'événement n° 99" in reply["text"]
    await sandbox.send_text(BOB, "/feedback 99 on")  # not a coordinator: refused first
    assert "coordinators only" in (await sandbox.wait_for_message(BOB))["text"]
    assert await services.db.fetchall("SELECT * FROM event_feedback") == []
