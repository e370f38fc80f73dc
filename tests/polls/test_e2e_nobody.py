"""A poll that would reach nobody is refused at the preview, with the reason and what to do
(audit item 4); contradictory audience options are refused (audit item 9)."""

from __future__ import annotations

from bot.sandbox import Sandbox
from bot.services import Services
from tests.polls.conftest import settle
from tests.polls.test_e2e_preview import preview


async def test_a_poll_to_no_linked_group_is_refused_at_the_preview(
    roster: Services, sandbox: Sandbox
) -> None:
    assert await roster.members.groups("coopr") == []  # no group linked to COOP'R
    shown = await preview(
        sandbox, "/sondage coopr | groupes | close=3j | Date du prochain atelier ? | Mardi | Jeudi"
    )
    text = shown["text"]
    assert "n'atteindrait personne" in text and "aucun groupe n'est lié" in text
    assert "/liergroupe coopr" in text and "« groupes »" in text
    assert "Rien n'a été envoyé" in text
    assert not shown.get("reply_markup")  # no "Envoyer" to press
    await settle(roster, sandbox)
    assert await roster.polls.repo.recent(5) == []


async def test_a_poll_to_groups_and_private_of_a_project_with_somebody_is_previewed(
    roster: Services, sandbox: Sandbox
) -> None:
    shown = await preview(sandbox, "/sondage coopr | Utile ? | Oui | Non")
    assert "Sondage à envoyer" in shown["text"] and shown.get("reply_markup")


async def test_contradictory_audience_options_are_refused(
    roster: Services, sandbox: Sandbox
) -> None:
    shown = await preview(sandbox, "/sondage terress privé groupes | Utile ? | Oui | Non")
    assert "s'excluent" in shown["text"] and not shown.get("reply_markup")
    await settle(roster, sandbox)
    assert await roster.polls.repo.recent(5) == []
