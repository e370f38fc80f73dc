"""The partnership exchange through the emulator: an offer written in the guided /offre,
reviewed by a coordinator, found by /bourse and by a free-text question, an interest relayed
with the consent of both sides, a refusal with its reason, and the expiry reminder."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.exchange.offers import ExchangeError
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.exchange import NewOffer, OfferFilter
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.exchange.conftest import JSON, say, seed, write_offer


def button_data(message: JSON, prefix: str) -> str:
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            if button.get("callback_data", "").startswith(prefix):
                return str(button["callback_data"])
    raise AssertionError(f"no button {prefix} in {message['reply_markup']}")


def mentioned(message: JSON) -> list[int]:
    """The people a message links to (``tg://user?id=`` links become text mentions)."""
    return [
        int(e["user"]["id"]) for e in message.get("entities", []) if e["type"] == "text_mention"
    ]


async def accepted_offer(services: Services, sandbox: Sandbox) -> int:
    await seed(services)
    # Claire opened her private chat (/aide: both parts, hers last)
    await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")
    mark = sandbox.mark()
    done = await write_offer(sandbox)
    number = int(re.search(r"n° (\d+)", done["text"])[1])  # type: ignore[index]
    notice = await sandbox.wait_for_message(
        COORDINATOR, after=mark, predicate=lambda m: "à valider" in m["text"]
    )
    assert "Louga" in notice["text"] and "eau potable" in notice["text"]
    mark = sandbox.mark()
    query = await sandbox.press_button(COORDINATOR, notice, f"xo:acc:{number}")
    await sandbox.wait_for_callback_answer(query)
    told = await sandbox.wait_for_message(ALICE, after=mark)
    assert f"offre n° {number}" in told["text"] and "validée" in told["text"]
    return number


async def test_an_offer_is_written_reviewed_found_and_an_interest_relayed(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    # Contact data in the description is refused, with the reason, at the same step.
    await say(sandbox, ALICE, "/offre")
    await say(sandbox, ALICE, "Eau et assainissement")
    await say(sandbox, ALICE, "Tout le thème")
    await say(sandbox, ALICE, "➡️ Continuer")
    await say(sandbox, ALICE, "Sénégal, France")
    await say(sandbox, ALICE, "Peu importe")
    refused = await say(
        sandbox, ALICE, "Écrivez à alice.louga@example.org ou au +221 77 123 45 67 pour l'eau."
    )
    assert (
        "Pas d'adresse e-mail, de numéro de téléphone ni d'identifiant Telegram" in refused["text"]
    )
    await say(sandbox, ALICE, "/annuler")
    assert await services.db.fetchall("SELECT * FROM exchange_offers") == []

    number = await accepted_offer(services, sandbox)
    rows = await services.db.fetchall("SELECT description FROM exchange_offers")
    assert all("@" not in r[0] for r in rows)

    # Found by /exchange (Bob, English) and by a free-text question.
    page = await say(sandbox, BOB, "/exchange water")
    assert "1 partnership offer" in page["text"] and "Louga" in page["text"]
    answer = await say(sandbox, COORDINATOR, "qui cherche un partenaire sur l'eau au Sénégal ?")
    assert f"n° {number}" in answer["text"] and "Louga" in answer["text"]
    nothing = await say(sandbox, COORDINATOR, "/bourse culture")
    assert "Aucune offre" in nothing["text"]

    # ✋ Interested: Bob consents, Alice accepts, both get the other's Telegram link.
    mark = sandbox.mark()
    await sandbox.press_button(BOB, page, f"xo:int:{number}")
    consent = await sandbox.wait_for_message(BOB, after=mark)
    assert "No address or number is shared" in consent["text"]
    mark = sandbox.mark()
    await sandbox.press_button(BOB, consent, f"xo:yes:{number}")
    ask = await sandbox.wait_for_message(ALICE, after=mark)
    assert "Bob" in ask["text"] and "Kabadougou" in ask["text"]
    sent = await sandbox.wait_for_message(
        BOB,
        after=mark,
        include_edits=True,
        predicate=lambda m: "was sent to 1 focal point" in m["text"],
    )
    assert sent
    mark = sandbox.mark()
    await sandbox.press_button(ALICE, ask, button_data(ask, "xo:ia:"))
    to_bob = await sandbox.wait_for_message(BOB, after=mark)
    assert "accepts the introduction" in to_bob["text"]
    assert ALICE in mentioned(to_bob)
    to_alice = await sandbox.wait_for_message(
        ALICE, after=mark, predicate=lambda m: "Mise en relation" in m["text"]
    )
    assert BOB in mentioned(to_alice)
    # ✋ pressed again: refused at the consent, nothing relayed twice.
    mark = sandbox.mark()
    await sandbox.press_button(BOB, page, f"xo:int:{number}")
    again = await sandbox.wait_for_message(BOB, after=mark)
    query = await sandbox.press_button(BOB, again, f"xo:yes:{number}")
    assert "already shown interest" in (await sandbox.wait_for_callback_answer(query))["text"]
    await sandbox.expect_no_message(ALICE, after=mark)


async def test_a_refused_offer_is_seen_by_its_author_only(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")  # both parts
    mark = sandbox.mark()
    done = await write_offer(sandbox)
    number = int(re.search(r"n° (\d+)", done["text"])[1])  # type: ignore[index]
    notice = await sandbox.wait_for_message(
        COORDINATOR, after=mark, predicate=lambda m: "à valider" in m["text"]
    )
    mark = sandbox.mark()
    await sandbox.press_button(COORDINATOR, notice, f"xo:ref:{number}")
    asked = await sandbox.wait_for_message(COORDINATOR, after=mark)
    assert "motif du refus" in asked["text"]
    await say(sandbox, COORDINATOR, "Trop vague : précisez les communes concernées.")
    told = await sandbox.wait_for_message(
        ALICE, after=mark, predicate=lambda m: "pas été validée" in m["text"]
    )
    assert "Trop vague" in told["text"]
    hidden = await say(sandbox, BOB, f"/exchange {number}")
    assert f"cannot find offer no. {number}" in hidden["text"]
    mine = await say(sandbox, ALICE, f"/bourse {number}")
    assert "refusée" in mine["text"] and "Trop vague" in mine["text"]
    listing = await say(sandbox, BOB, "/exchange")
    assert "No partnership offers" in listing["text"]


async def test_the_authors_are_reminded_a_week_before_expiry(
    app: CoopApplication, sandbox: Sandbox, services: Services, clock: FrozenClock
) -> None:
    number = await accepted_offer(services, sandbox)
    offer = await services.offers.repo.get(number)
    assert offer is not None and offer.expires_at is not None
    mark = sandbox.mark()
    clock.set(offer.expires_at - timedelta(days=7, minutes=1))
    await sandbox.expect_no_message(ALICE, after=mark)
    clock.advance(timedelta(minutes=2))
    reminder = await sandbox.wait_for_message(ALICE, after=mark)
    assert "expire le" in reminder["text"]
    assert button_data(reminder, "xo:renew:") == f"xo:renew:{number}"
    # Not renewed: at the expiry it is gone from /bourse, and the author is told.
    mark = sandbox.mark()
    clock.set(offer.expires_at + timedelta(minutes=1))
    expired = await sandbox.wait_for_message(ALICE, after=mark)
    assert "a expiré" in expired["text"]
    listing = await say(sandbox, BOB, "/exchange")
    assert "No partnership offers" in listing["text"]
    hidden = await say(sandbox, BOB, f"/exchange {number}")
    assert f"cannot find offer no. {number}" in hidden["text"]
    own = await say(sandbox, ALICE, f"/bourse {number}")
    assert "expirée" in own["text"]
    # Renewed from the button: visible again for six months.
    mark = sandbox.mark()
    await sandbox.press_button(ALICE, expired, f"xo:renew:{number}")
    listing = await say(sandbox, BOB, "/exchange")
    assert "1 partnership offer" in listing["text"]


async def test_a_coordinator_writes_for_an_organisation_and_a_participant_cannot(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    refused = await say(sandbox, BOB, "/offer")
    assert "published by focal points" in refused["text"]
    in_group = await say(sandbox, ALICE, "/aide")
    assert in_group
    asked = await say(sandbox, COORDINATOR, "/offre")
    assert "Pour quelle organisation" in asked["text"]
    again = await say(sandbox, COORDINATOR, "Conseil de nulle part")
    assert "Je ne trouve pas cette organisation" in again["text"]
    theme = await say(sandbox, COORDINATOR, "Conseil départemental de Louga")
    assert "thème" in theme["text"]
    await say(sandbox, COORDINATOR, "Santé et Action sociale")
    await say(sandbox, COORDINATOR, "Accès aux soins")
    await say(sandbox, COORDINATOR, "➡️ Continuer")
    await say(sandbox, COORDINATOR, "Afrique de l'Ouest")  # a world region: its countries
    await say(sandbox, COORDINATOR, "Région")
    await say(
        sandbox, COORDINATOR, "Un centre de santé communautaire cherche une région partenaire."
    )
    done = await say(sandbox, COORDINATOR, "📨 Envoyer", expect="envoyée")
    assert "envoyée" in done["text"]
    (offer,) = await services.offers.pending()
    assert offer.organisation_id == "cd-louga" and offer.countries == ["bj", "ci", "sn"]
    assert offer.authors == [COORDINATOR] and offer.partner_kind == "region"
    assert (
        await services.db.fetchval(
            "SELECT count(*) FROM exchange_offers WHERE created_by = ?", (BOB,)
        )
        == 0
    )


async def test_the_list_is_paged_for_a_phone_and_an_author_withdraws(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    others = [
        (
            NewOffer(
                organisation_id=None,
                organisation_name=f"Commune n° {n}",
                country_id="bj",
                themes=(("economy", ""),),
                countries=("*",),
                partner_kind="any",
                description="Une commune béninoise cherche un partenaire pour son marché.",
                language="fr",
            ),
            "visible",
        )
        for n in range(6)
    ]
    await services.offers.repo.insert_many(others, services.clock.now())
    number = await accepted_offer(services, sandbox)
    page = await say(sandbox, BOB, "/exchange")
    assert "7 partnership offers" in page["text"] and "(page 1/2)" in page["text"]
    assert len(page["reply_markup"]["inline_keyboard"]) == 6  # five ✋ and the pager
    mark = sandbox.mark()
    await sandbox.press_button(BOB, page, "Next ▶")
    second = await sandbox.wait_for_message(BOB, after=mark, include_edits=True)
    assert "(page 2/2)" in second["text"] and second["message_id"] == page["message_id"]
    # Alice withdraws hers from /bourse mes: gone from the list.
    mine = await say(sandbox, ALICE, "/bourse mes")
    assert f"n° {number}" in mine["text"] and "visible" in mine["text"]
    mark = sandbox.mark()
    await sandbox.press_button(ALICE, mine, f"xo:wd:{number}")  # asked first (audit item 15)
    asked = await sandbox.wait_for_message(ALICE, after=mark, include_edits=True)
    assert f"Retirer l'offre n° {number} ?" in asked["text"]
    assert (await services.offers.offer_for(number, ALICE)).status == "visible"
    mark = sandbox.mark()
    await sandbox.press_button(ALICE, asked, f"xo:wdn:{number}")  # "Non, la garder"
    kept = await sandbox.wait_for_message(ALICE, after=mark, include_edits=True)
    assert "Retirer l'offre" not in kept["text"]
    assert (await services.offers.offer_for(number, ALICE)).status == "visible"
    await sandbox.press_button(ALICE, asked, f"xo:wd:{number}")
    asked = await sandbox.wait_for_message(
        ALICE, include_edits=True, predicate=lambda m: "Retirer l'offre" in m.get("text", "")
    )
    query = await sandbox.press_button(ALICE, asked, f"xo:wdy:{number}")
    assert "retirée" in (await sandbox.wait_for_callback_answer(query))["text"]
    page = await say(sandbox, BOB, "/exchange")
    assert "6 partnership offers" in page["text"] and "Louga" not in page["text"]
    # Nobody else can withdraw it (no button for them; the service refuses a forged one).
    first = (await services.offers.browse(OfferFilter())).offers[0]
    with pytest.raises(ExchangeError) as refused:
        await services.offers.withdraw(first.id, BOB)
    assert refused.value.key == "not_yours"


async def test_a_coordinator_reviews_the_waiting_offers_in_private(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    none = await say(sandbox, COORDINATOR, "/bourse attente")
    assert "Aucune offre n'attend" in none["text"]
    mark = sandbox.mark()
    await write_offer(sandbox)
    await sandbox.wait_for_message(  # the notice sent when it was written, through the outbox
        COORDINATOR, after=mark, predicate=lambda m: "à valider" in m["text"]
    )
    mark = sandbox.mark()
    await sandbox.send_text(COORDINATOR, "/bourse attente", chat_id=GROUP)
    in_group = await sandbox.wait_for_message(GROUP, after=mark)
    assert "en privé" in in_group["text"] and not in_group.get("reply_markup")
    mark = sandbox.mark()
    await sandbox.send_text(COORDINATOR, "/bourse attente")
    head = await sandbox.wait_for_message(
        COORDINATOR, after=mark, predicate=lambda m: "attend votre validation" in m["text"]
    )
    notice = await sandbox.wait_for_message(
        COORDINATOR, after=mark, predicate=lambda m: "à valider" in m["text"]
    )
    assert "1 offre attend votre validation" in head["text"]
    assert "xo:acc:" in str(notice["reply_markup"])
    refused = await say(sandbox, BOB, "/exchange pending")
    assert "coordinators" in refused["text"]


async def test_interest_in_ones_own_offer_is_refused_at_once(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    number = await accepted_offer(services, sandbox)
    page = await say(sandbox, ALICE, "/bourse")
    first = page["reply_markup"]["inline_keyboard"][0][0]["callback_data"].rsplit(":", 1)[1]
    assert f"/bourse {first}</code>" in page["text"] or f"/bourse {first}" in page["text"]
    mark = sandbox.mark()
    query = await sandbox.press_button(ALICE, page, f"xo:int:{number}")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "celle de votre organisation" in answer["text"]  # no consent asked first
    await sandbox.expect_no_message(ALICE, after=mark)
