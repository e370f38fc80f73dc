"""Paid broadcasts (``delivery.paid_broadcast``): announcements go out with
``allow_paid_broadcast`` and are paced at the paid rate; nothing else changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.delivery import Pacer
from bot.sandbox import Sandbox
from bot.settings import DeliverySettings
from tests.delivery.conftest import GROUP, USERS, scaled, text


def flagged(sandbox: Sandbox) -> dict[int, bool]:
    """chat id -> whether its send carried allow_paid_broadcast."""
    return {
        int(c.params["chat_id"]): bool(c.params.get("allow_paid_broadcast"))
        for c in sandbox.calls("sendMessage")
    }


@pytest.mark.parametrize("paid", [True, False])
async def test_only_announcements_are_paid_and_only_when_the_setting_is_on(
    engine_factory: Callable[..., Any], sandbox: Sandbox, paid: bool
) -> None:
    announcement = [text(u, kind="broadcast") for u in USERS[:20]] + [text(GROUP, kind="broadcast")]
    others = [text(u, kind="reminder") for u in USERS[20:30]]
    async with engine_factory(settings=scaled(paid_broadcast=paid)) as engine:
        await engine.send(announcement + others)
        rows = await engine.rows(kind="broadcast")
    assert all(row["state"] == "sent" for row in rows.values()) and len(rows) == 21
    sent = flagged(sandbox)
    assert {chat: sent[chat] for chat in [*USERS[:20], GROUP]} == dict.fromkeys(
        [*USERS[:20], GROUP], paid
    )
    assert not any(sent[chat] for chat in USERS[20:30])
    assert sandbox.flood_rejections == 0


def test_paid_sends_keep_to_the_paid_schedule_and_free_ones_to_both() -> None:
    settings = DeliverySettings(
        overall_per_second=10, paid_per_second=100, per_chat_per_second=1, paid_broadcast=True
    )
    pacer = Pacer(settings)
    pacer.take(1, 0.0, paid=True)
    assert pacer.gate(paid=True) == pytest.approx(0.01)
    assert pacer.gate() == pytest.approx(0.01)  # the free budget was not used
    pacer.take(2, 0.01)
    assert pacer.gate() == pytest.approx(0.11)  # one free interval
    assert pacer.gate(paid=True) == pytest.approx(0.02)  # paid sends go on meanwhile
    assert pacer.chat_ready(1) == pytest.approx(1.0)  # per chat: unchanged


def test_without_the_setting_the_paid_schedule_is_unused() -> None:
    pacer = Pacer(DeliverySettings(overall_per_second=10))
    pacer.take(1, 0.0, paid=True)  # counted as a free send
    assert pacer.next_paid == 0.0
    assert pacer.gate() == pytest.approx(0.1)
