"""The one-line /sondage is previewed (project, recipients' count) with Envoyer / Modifier /
Annuler before anything is sent (issue 15)."""

from __future__ import annotations

from typing import Any

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from tests.conftest import ALICE, COORDINATOR, GROUP, started
from tests.polls.conftest import polls_in, seed_roster, settle


def data(message: dict[str, Any], action: str) -> str:
    return next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith(f"polls:line:{action}:")
    )


async def preview(sandbox: Sandbox, line: str) -> dict[str, Any]:
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, line)
    return await sandbox.wait_for_message(COORDINATOR, after=after)


async def test_a_one_line_poll_is_previewed_then_sent(roster: Services, sandbox: Sandbox) -> None:
    shown = await preview(sandbox, "/sondage terress | Utile ? | Oui | Non")
    text = shown["text"]
    assert "Sondage à envoyer" in text and "Terr'ESS" in text and "Utile ?" in text
    groups = len(await roster.members.groups("terress"))
    people = len(await roster.members.in_projects(["terress"]))
    assert f"Destinataires : {groups} groupe" in text and f"{people} membres" in text
    await settle(roster, sandbox)
    assert not polls_in(sandbox, GROUP) and not polls_in(sandbox, ALICE)  # nothing went out
    await sandbox.press_button(COORDINATOR, shown, data(shown, "send"))
    sent = await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "Sondage n°" in m["text"]
    )
    assert "Sondage n° 1" in sent["text"] and not sent.get("reply_markup")
    await settle(roster, sandbox)
    assert [m["poll"]["question"] for m in polls_in(sandbox, GROUP)] == ["Utile ?"]


async def test_edit_and_cancel_send_nothing(roster: Services, sandbox: Sandbox) -> None:
    shown = await preview(sandbox, "/sondage terress | Utile ? | Oui | Non")
    await sandbox.press_button(COORDINATOR, shown, data(shown, "edit"))
    edited = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "/sondage terress | Utile ? | Oui | Non" in edited["text"]
    shown = await preview(sandbox, "/sondage terress | Vraiment utile ? | Oui | Non")
    await sandbox.press_button(COORDINATOR, shown, data(shown, "drop"))
    dropped = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "rien n'a été envoyé" in dropped["text"]
    await settle(roster, sandbox)
    assert not polls_in(sandbox, GROUP) and not polls_in(sandbox, ALICE)
    assert await roster.polls.repo.recent(5) == []


async def test_the_preview_survives_a_restart(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await seed_roster(services, sandbox)
        shown = await preview(sandbox, "/sondage terress | Utile ? | Oui | Non")
    async with started(settings, clock) as services:
        await sandbox.press_button(COORDINATOR, shown, data(shown, "send"))
        await sandbox.wait_for_message(
            COORDINATOR, include_edits=True, predicate=lambda m: "Sondage n°" in m["text"]
        )
        await settle(services, sandbox)
        assert [m["poll"]["question"] for m in polls_in(sandbox, GROUP)] == ["Utile ?"]
