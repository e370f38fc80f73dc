"""The directory (/focalpoints, /whois), /missing, focal point claims and roles."""

from __future__ import annotations

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.members.support import ask, buttons, press
from tests.paging import all_pages, fits


async def focal(services: Services, user_id: int, name: str, org: str, consent: bool) -> None:
    await services.members.seen(Person(user_id, name, None, name.lower(), "fr"), private_chat=True)
    await services.members.claim_focal_point(user_id, org)
    await services.members.set_consent(user_id, consent)


async def test_focalpoints_lists_only_those_who_consented(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await focal(services, ALICE, "Alice", "acal", True)
    await focal(services, BOB, "Bob", "cr-ouest-cameroun", False)
    text = await ask(sandbox, ALICE, "/pointsfocaux")
    assert "Association des communes de l'Atlantique et du Littoral (Bénin)" in text
    assert "Alice Kouassi (@alice) (à confirmer)" in text
    assert "Bob" not in text and "Ouest" not in text
    assert "Alice" in await ask(sandbox, ALICE, "/pointsfocaux terress Bénin")
    assert "Aucun point focal" in await ask(sandbox, ALICE, "/pointsfocaux Sénégal")
    reply = await ask(sandbox, ALICE, "/pointsfocaux Senegl")
    assert "Sénégal" in reply and "Vouliez-vous dire" in reply
    # In a group too (only what people agreed to show).
    await sandbox.send_text(BOB, "/focalpoints coopr", chat_id=GROUP)
    text = (await sandbox.wait_for_message(GROUP))["text"]
    assert "Alice" in text and "Bob" not in text


async def test_whois(app: CoopApplication, sandbox: Sandbox, services: Services) -> None:
    await focal(services, ALICE, "Alice", "acal", True)
    text = await ask(sandbox, BOB, "/whois ACAL")
    assert "Alice (@alice)" in text and "Benin" in text and "COOP'R" in text
    text = await ask(sandbox, BOB, "/quiest Kabadugu")
    assert "Kabadugu" in text and "Kabadougou" in text
    assert "No focal point" in await ask(sandbox, BOB, "/whois Louga")
    assert "Usage" in await ask(sandbox, BOB, "/whois")


async def test_missing_by_country(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await focal(services, ALICE, "Alice", "acal", False)
    await sandbox.send_text(COORDINATOR, "/manquants coopr")
    first = await sandbox.wait_for_message(COORDINATOR)
    pages = await all_pages(sandbox, COORDINATOR, first)
    assert all(fits(page) for page in pages)
    text = "\n".join(page["text"] for page in pages)
    assert "COOP'R" in text and "Bénin" in text and "Sénégal" in text
    assert "Association des communes de l'Atlantique" not in text  # Alice is its focal point
    assert "Groupement Intercommunal du Mono" in text
    assert "Terr'ESS" in await ask(sandbox, COORDINATOR, "/missing terres")  # an alias
    assert "COOP'R" in await ask(sandbox, COORDINATOR, "/missing xyz")  # the list
    assert "/manquants" in await ask(sandbox, COORDINATOR, "/missing")


async def test_pending_claims_confirm_and_remove_from_the_list(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await focal(services, ALICE, "Alice", "acal", True)
    await focal(services, BOB, "Bob", "apida", True)
    await sandbox.send_text(COORDINATOR, "/pointsfocaux en_attente")
    listing = await sandbox.wait_for_message(COORDINATOR)
    assert "(2)" in listing["text"]
    assert buttons(listing) == [
        f"fp:ok:{ALICE}:l",
        f"fp:no:{ALICE}:l",
        f"fp:ok:{BOB}:l",
        f"fp:no:{BOB}:l",
    ]
    listing = await press(sandbox, COORDINATOR, listing, f"fp:ok:{ALICE}:l")
    assert buttons(listing) == [f"fp:ok:{BOB}:l", f"fp:no:{BOB}:l"]
    listing = await press(sandbox, COORDINATOR, listing, f"fp:no:{BOB}:l")
    assert "Aucune demande" in listing["text"]
    alice, bob = await services.members.get(ALICE), await services.members.get(BOB)
    assert alice is not None and bob is not None
    assert (alice.focal_status, alice.role) == ("confirmed", "focal_point")
    assert (bob.focal_status, bob.role) == (None, "participant")
    told = await sandbox.wait_for_message(
        BOB, predicate=lambda m: "retiré" in m["text"], timeout=10
    )
    assert "Association pour la Promotion" in told["text"]


async def test_promote_and_demote(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start")
    await sandbox.wait_for_message(ALICE)
    assert "@nobody" in await ask(sandbox, COORDINATOR, "/promouvoir @nobody")
    assert "/promouvoir" in await ask(sandbox, COORDINATOR, "/promote")
    await sandbox.send_text(COORDINATOR, "/promote @alice")
    assert (
        "Alice Kouassi (@alice) est maintenant"
        in (await sandbox.wait_for_message(COORDINATOR))["text"]
    )
    told = await sandbox.wait_for_message(
        ALICE, predicate=lambda m: "coordinat" in m["text"], timeout=10
    )
    assert "/aide" in told["text"]
    # Alice can now use coordinator commands, and can't demote the settings' coordinator.
    assert "COOP'R" in await ask(sandbox, ALICE, "/manquants coopr")
    await sandbox.send_text(ALICE, f"/retrograder {COORDINATOR}")
    await sandbox.send_text(COORDINATOR, "/start")
    await sandbox.wait_for_message(COORDINATOR)
    assert "configuration" in await ask(sandbox, ALICE, "/demote @claire_coord")
    assert "vous-même" in await ask(sandbox, ALICE, "/demote @alice")
    # A reply in a group names the person too.
    sent = await sandbox.send_text(ALICE, "je m'en vais", chat_id=GROUP)
    await sandbox.send_text(
        COORDINATOR, "/demote", chat_id=GROUP, reply_to_message_id=sent["message_id"]
    )
    assert "n'est plus" in (await sandbox.wait_for_message(GROUP))["text"]
    assert not await services.members.is_coordinator(ALICE)
    assert "réservée aux coordinateurs" in await ask(sandbox, ALICE, "/manquants coopr")
