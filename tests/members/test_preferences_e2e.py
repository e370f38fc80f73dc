"""/language, /timezone, and speaking to each person in their language and zone."""

from __future__ import annotations

import pytest

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB
from tests.members.support import ask, buttons, press


async def test_language_by_argument_or_buttons_and_then_everything_follows(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/language english")
    reply = await sandbox.wait_for_message(ALICE)
    assert reply["text"] == "Noted: I will write to you in English."
    # Another feature's message: in English too.
    assert "/projects" in await ask(sandbox, ALICE, "/help")
    assert "klingon" in await ask(sandbox, ALICE, "/langue klingon")
    await sandbox.send_text(ALICE, "/langue")
    msg = await sandbox.wait_for_message(ALICE)
    assert buttons(msg)[:2] == ["ob:lang:fr", "ob:lang:en"]
    msg = await press(sandbox, ALICE, msg, "ob:lang:fr")
    assert "Ce que je sais de vous" in msg["text"]  # a single step ends on the profile
    member = await services.members.get(ALICE)
    assert member is not None and member.language == "fr"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Dakar", "Africa/Dakar"),
        ("Cameroun", "Africa/Douala"),
        ("Madagascar", "Indian/Antananarivo"),
        ("UTC+3", "Indian/Antananarivo"),
        ("Europe/Paris", "Europe/Paris"),
    ],
)
async def test_timezone_from_a_city_a_country_or_an_offset(
    app: CoopApplication, sandbox: Sandbox, services: Services, typed: str, zone: str
) -> None:
    await sandbox.send_text(ALICE, f"/fuseau {typed}")
    reply = await sandbox.wait_for_message(ALICE)
    assert zone in reply["text"] and "il est" in reply["text"]
    member = await services.members.get(ALICE)
    assert member is not None and member.timezone == zone


async def test_a_bare_offset_asks_which_place(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    """Issue 16: "/fuseau +1" picked Porto-Novo, without summer time, for a user in Paris."""
    before = await services.members.get(ALICE)
    reply = await ask(sandbox, ALICE, "/fuseau +1")
    assert "Sans heure d'été : Porto-Novo" in reply and "Avec heure d'été : Paris" in reply
    assert "/fuseau Paris" in reply
    after = await services.members.get(ALICE)
    assert (before.timezone if before else None) == (after.timezone if after else None)


async def test_invalid_or_ambiguous_time_zones_get_a_clear_answer(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(BOB, "/timezone Dakr")
    reply = await sandbox.wait_for_message(BOB)
    assert "Dakar" in reply["text"]  # did you mean
    assert "/timezone UTC+3" in reply["text"]  # examples
    await sandbox.send_text(BOB, "/timezone <b>nowhere</b>")
    reply = await sandbox.wait_for_message(BOB)
    assert "<b>nowhere</b>" in reply["text"]  # shown as typed, escaped
    await sandbox.send_text(BOB, "/timezone Canada")
    reply = await sandbox.wait_for_message(BOB)
    assert "several" in reply["text"]
    member = await services.members.get(BOB)
    assert member is not None and member.timezone is None
    await sandbox.send_text(BOB, "/timezone")
    msg = await sandbox.wait_for_message(BOB)
    assert buttons(msg)[0] == "ob:tz:Europe/Paris"


async def test_dates_are_shown_in_the_person_zone(app: CoopApplication, sandbox: Sandbox) -> None:
    # 09:00 UTC: 12:00 in Antananarivo, 09:00 in Dakar.
    assert "12:00" in await ask(sandbox, ALICE, "/fuseau Madagascar")
    assert "09:00" in await ask(sandbox, ALICE, "/fuseau Dakar")
