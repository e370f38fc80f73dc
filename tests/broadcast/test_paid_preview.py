"""Paid broadcasts (``delivery.paid_broadcast``): the preview tells what it may cost, and the
announcement goes out with ``allow_paid_broadcast``."""

from __future__ import annotations

import pytest

from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from tests.broadcast.conftest import GROUP_COOPR, button, choose, compose, confirm
from tests.conftest import COORDINATOR


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.delivery.paid_broadcast = True
    return settings


async def test_the_preview_shows_the_cost_and_the_copies_go_out_paid(
    roster: Services, sandbox: Sandbox
) -> None:
    menu = await compose(sandbox, "Réunion du réseau jeudi.")
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Un projet"))
    projects = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    summary = await choose(sandbox, projects, "COOP'R")
    # 4 recipients at up to 1,000 per second: none falls within the free 30 per second.
    assert (
        "💫 Diffusion payante : jusqu'à 0,4 Stars (0,1 par message au-delà de 30/s)"
        in (summary["text"])
    )
    before = len(sandbox.calls())  # (the preview itself is no announcement)
    await confirm(sandbox, summary)
    await roster.delivery.wait_idle()
    sends = [
        c
        for c in sandbox.calls()[before:]
        if c.method == "sendMessage"
        and c.chat_id in (COORDINATOR, GROUP_COOPR)
        and "Réunion" in str(c.params.get("text"))
    ]
    assert len(sends) == 2 and all(c.params.get("allow_paid_broadcast") for c in sends)


def test_the_cost_counts_the_free_share_and_follows_the_language(services: Services) -> None:
    broadcasts = services.broadcasts
    # 5,030 at 1,000/s: 3% (150) within the free 30/s, 4,880 paid: 488 Stars.
    assert broadcasts.preview_cost(5030, "en") == (
        "\n💫 Paid broadcast: up to 488 Stars (0.1 per message above 30/s)"
    )
    assert "jusqu'à 0,5 Stars" in broadcasts.preview_cost(5, "fr")
    assert broadcasts.preview_cost(0, "fr") == ""
    services.settings.delivery.paid_broadcast = False
    assert broadcasts.preview_cost(5030, "en") == ""
