"""Onboarding end to end: /start in private, buttons only, through the emulator."""

from __future__ import annotations

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE
from tests.members.support import buttons, press


async def test_full_onboarding_as_focal_point(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start")
    msg = await sandbox.wait_for_message(ALICE)
    assert "ob:lang:fr" in buttons(msg)
    msg = await press(sandbox, ALICE, msg, "ob:lang:en")
    assert "ob:proj:terress" in buttons(msg)
    msg = await press(sandbox, ALICE, msg, "ob:proj:terress")
    msg = await press(sandbox, ALICE, msg, "ob:proj:*done")
    msg = await press(sandbox, ALICE, msg, "ob:role:focal_point")
    msg = await press(sandbox, ALICE, msg, "ob:ctry:cm")
    msg = await press(sandbox, ALICE, msg, "ob:org:cr-ouest-cameroun")
    assert "ob:tz:Africa/Douala" in buttons(msg), msg
    msg = await press(sandbox, ALICE, msg, "ob:tz:Africa/Douala")
    msg = await press(sandbox, ALICE, msg, "ob:cons:yes")
    print(msg["text"])
    member = await services.members.get(ALICE)
    assert member is not None
    assert member.language == "en" and member.projects == ("terress",)
    assert member.organisation_id == "cr-ouest-cameroun" and member.focal_status == "claimed"
    assert member.timezone == "Africa/Douala" and member.directory_consent
