"""Errors reported to the admin chat never carry the bot token."""

from __future__ import annotations

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.sandbox import Fault, Sandbox
from bot.settings import Settings
from tests.conftest import ALICE, COORDINATOR, TOKEN


async def test_the_admin_report_hides_the_token(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    admin = -5999
    sandbox.add_group(admin, "coopbot admins", members=[COORDINATOR])
    configured = settings.model_copy(update={"admin_chat_id": admin})
    application = build_application(configured, clock=clock)
    async with running(application):
        sandbox.inject_fault(
            "sendMessage",
            Fault.error(400, f"Bad Request: odd request to /bot{TOKEN}/sendMessage"),
            chat_id=ALICE,
        )
        await sandbox.send_text(ALICE, "/aide")
        report = await sandbox.wait_for_message(admin)
        assert "odd request" in report["text"].lower()
        assert TOKEN not in report["text"] and TOKEN.split(":")[1] not in report["text"]
