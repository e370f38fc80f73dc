"""/annonce end to end through the emulator: compose, target, preview, confirm, deliver, report."""

from __future__ import annotations

from bot.sandbox import Sandbox
from bot.services import Services
from tests.broadcast.conftest import (
    DAVID,
    EVE,
    FRANK,
    GROUP_COOPR,
    GROUP_LOOSE,
    button,
)
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP


async def test_everyone_gets_the_formatted_announcement_once_and_the_author_a_report(
    roster: Services, sandbox: Sandbox
) -> None:
    services = roster
    await sandbox.send_text(COORDINATOR, "/annonce")
    ask = await sandbox.wait_for_message(COORDINATOR)
    assert "Nouvelle annonce" in ask["text"]
    text = "Appel à contributions : date limite le 1er décembre. Détails sur le site."
    await sandbox.send_text(
        COORDINATOR,
        text,
        entities=[
            {"type": "bold", "offset": 0, "length": 21},
            {"type": "italic", "offset": 24, "length": 11},
        ],
    )
    menu = await sandbox.wait_for_message(COORDINATOR)
    assert "qui doit la recevoir" in menu["text"]
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Tout le monde"))
    intro, preview, summary = await sandbox.wait_for_messages(COORDINATOR, 3)
    assert "Aperçu" in intro["text"]
    assert preview["text"] == text
    assert {(e["type"], e["offset"], e["length"]) for e in preview["entities"]} == {
        ("bold", 0, 21),
        ("italic", 24, 11),
    }
    # Everyone: the 6 members with a private chat (Frank blocked the bot, unknown yet) and the
    # 2 linked groups; not Carol (no private chat) nor the unlinked group.
    assert "Destinataires : 8 (en privé : 6 · groupes : 2)" in summary["text"]
    query = await sandbox.press_button(COORDINATOR, summary, button(summary, "✅ Envoyer"))
    await sandbox.wait_for_callback_answer(query)  # answered once everything is queued
    await services.delivery.wait_idle()
    await services.broadcasts.tick()
    for chat in (COORDINATOR, ALICE, BOB, DAVID, EVE, GROUP, GROUP_COOPR):
        got = [m for m in sandbox.sent_messages(chat) if m.get("text") == text]
        # The author is in the audience too: the preview, then their copy.
        assert len(got) == (2 if chat == COORDINATOR else 1), (chat, got)
        assert got[0]["entities"] == preview["entities"]
    assert sandbox.sent_messages(CAROL) == []
    assert sandbox.sent_messages(GROUP_LOOSE) == []
    report = sandbox.message(COORDINATOR, summary["message_id"])
    assert report is not None
    assert "rapport" in report["text"]
    assert "Reçue : 7 / 8" in report["text"]
    assert "Injoignables : 1" in report["text"] and "ont bloqué le bot : 1" in report["text"]
    assert button(report, "📄")  # the CSV of failures
    member = await services.members.get(FRANK)
    assert member is not None and not member.reachable
