"""End to end: the guided /evenement asks an in-person gathering how many places it has (an
optional step, "No limit" button), kept across a restart like the other steps; online kinds are
never asked."""

from __future__ import annotations

from typing import Any

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from tests.conftest import COORDINATOR, started
from tests.events.conftest import standard_roster
from tests.events.test_e2e_events import buttons, guided_up_to_when, plain


async def up_to_the_place(sandbox: Sandbox, kind: str) -> dict[str, Any]:
    """/evenement for Terr'ESS, ``kind``, next Thursday 10:00, one hour: the next question."""
    await guided_up_to_when(sandbox, kind, "Rencontre des partenaires")
    await sandbox.send_text(COORDINATOR, "jeudi 10h")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, confirm, "evc:when:yes")
    durations = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    await sandbox.press_button(COORDINATOR, durations, "evc:duration:60")
    return await sandbox.wait_for_message(COORDINATOR)


async def to_the_summary(sandbox: Sandbox, audience: dict[str, Any]) -> dict[str, Any]:
    assert "Pour qui" in plain(audience)
    await sandbox.press_button(COORDINATOR, audience, "evc:aud:all")
    return await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "Vérifiez" in m["text"])


async def save(sandbox: Sandbox, services: Services, summary: dict[str, Any]) -> None:
    await sandbox.press_button(
        COORDINATOR, summary, next(b for b in buttons(summary) if b.startswith("ev:save:"))
    )
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "enregistré" in m["text"]
    )


async def test_a_gathering_gets_its_places_across_a_restart(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await standard_roster(services.members.repo, clock.now())
        place = await up_to_the_place(sandbox, "gathering")
        assert "Lieu" in plain(place)
        await sandbox.send_text(COORDINATOR, "Maison de l'ESS, Dakar")
        ask = await sandbox.wait_for_message(COORDINATOR)
        assert "Nombre de places" in plain(ask)
        assert [b for b in buttons(ask) if b.startswith("evc:skip")]  # "Sans limite"
        # not a number: said, and asked again
        await sandbox.send_text(COORDINATOR, "beaucoup")
        refused = await sandbox.wait_for_message(COORDINATOR)
        assert "nombre entier de 1 à 100 000" in plain(refused)
        await sandbox.send_text(COORDINATOR, "0")
        assert "nombre entier" in plain(await sandbox.wait_for_message(COORDINATOR))

    # the bot restarts while the question waits: the answer is still taken
    async with started(settings, clock) as services:
        await sandbox.send_text(COORDINATOR, "2 places")
        summary = await to_the_summary(sandbox, await sandbox.wait_for_message(COORDINATOR))
        assert "🎟 2 places" in plain(summary) and "Maison de l'ESS" in plain(summary)
        await save(sandbox, services, summary)
        (event,) = await services.events.upcoming(None)
        assert (event.kind, event.capacity, event.place) == (
            "gathering",
            2,
            "Maison de l'ESS, Dakar",
        )


async def test_no_limit_and_online_kinds_are_never_asked(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await standard_roster(services.members.repo, clock.now())
        await up_to_the_place(sandbox, "gathering")
        await sandbox.send_text(COORDINATOR, "Cotonou")
        ask = await sandbox.wait_for_message(COORDINATOR)
        no_limit = next(b for b in buttons(ask) if b.startswith("evc:skip"))
        await sandbox.press_button(COORDINATOR, ask, no_limit)
        summary = await to_the_summary(sandbox, await sandbox.wait_for_message(COORDINATOR))
        assert "🎟" not in plain(summary)
        await save(sandbox, services, summary)
        # a videoconference: its link, then straight to whom (no places)
        link = await up_to_the_place(sandbox, "visioconference")
        await sandbox.send_text(COORDINATOR, "https://visio.example.org/rencontre")
        audience = await sandbox.wait_for_message(COORDINATOR)
        summary = await to_the_summary(sandbox, audience)
        await save(sandbox, services, summary)
        assert "Lien de connexion" in plain(link)
        events = await services.events.upcoming(None)
        assert sorted((e.kind, e.capacity) for e in events) == [  # type: ignore[type-var]
            ("gathering", None),
            ("visioconference", None),
        ]
