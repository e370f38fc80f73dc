"""The rest of an offer's life through the emulator: a saved search announced at most once a
week, /oubli taking the author's name off their offers, and a guided /offre surviving a
restart of the bot."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, started
from tests.exchange.conftest import DESCRIPTION, JSON, say, seed, write_offer

DAVID = 2004  # a second focal point of Alice's organisation


async def forget(sandbox: Sandbox, user: int) -> None:
    """/oubli, confirmed with the button under the bot's question."""
    mark = sandbox.mark()
    await sandbox.send_text(user, "/oubli")
    confirm = await sandbox.wait_for_message(
        user, after=mark, predicate=lambda m: "priv:forget:yes" in str(m.get("reply_markup"))
    )
    mark = sandbox.mark()
    await sandbox.press_button(user, confirm, "priv:forget:yes")
    await sandbox.wait_for_message(user, after=mark, include_edits=True)


async def publish(sandbox: Sandbox, description: str = DESCRIPTION) -> int:
    mark = sandbox.mark()
    done = await write_offer(sandbox, description=description)
    number = int(re.search(r"n° (\d+)", done["text"])[1])  # type: ignore[index]
    notice = await sandbox.wait_for_message(
        COORDINATOR, after=mark, predicate=lambda m: f"n° {number} ·" in m["text"]
    )
    query = await sandbox.press_button(COORDINATOR, notice, f"xo:acc:{number}")
    await sandbox.wait_for_callback_answer(query)
    return number


async def test_a_saved_search_is_announced_once_a_week_at_most(
    app: CoopApplication, sandbox: Sandbox, services: Services, clock: FrozenClock
) -> None:
    await seed(services)
    await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")  # both parts
    followed = await say(sandbox, BOB, "/exchange follow water")
    assert "once a week at most" in followed["text"]
    mark = sandbox.mark()
    first = await publish(sandbox)
    digest = await sandbox.wait_for_message(BOB, after=mark, predicate=lambda m: "🔔" in m["text"])
    assert "1 new offer matches your search (Water and sanitation)" in digest["text"]
    assert f"No. {first} ·" in digest["text"]
    mark = sandbox.mark()
    second = await publish(sandbox, DESCRIPTION.replace("villages", "écoles"))
    await sandbox.expect_no_message(BOB, after=mark)  # announced less than a week ago
    clock.advance(timedelta(days=7))
    later = await sandbox.wait_for_message(BOB, after=mark)
    assert f"No. {second} ·" in later["text"] and f"No. {first} ·" not in later["text"]


async def test_forgetting_the_author_withdraws_an_offer_nobody_else_owns(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")  # both parts
    number = await publish(sandbox)
    await forget(sandbox, ALICE)
    offer = await services.offers.repo.get(number)
    assert offer is not None and offer.status == "withdrawn" and offer.authors == []
    assert offer.created_by is None
    listing = await say(sandbox, BOB, "/exchange")
    assert "No partnership offers" in listing["text"]


async def test_forgetting_the_author_keeps_an_offer_another_focal_point_owns(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    sandbox.add_user(DAVID, "David", language_code="fr")
    repo = services.members.repo
    now = services.clock.now()
    await repo.touch(Person(DAVID, "David"), now, private_chat=True)
    await repo.update(
        DAVID,
        now,
        organisation_id="cd-louga",
        country_id="sn",
        role="focal_point",
        focal_status="confirmed",
    )
    await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")  # both parts
    number = await publish(sandbox)
    await forget(sandbox, ALICE)
    offer = await services.offers.repo.get(number)
    assert offer is not None and offer.status == "visible" and offer.authors == [DAVID]
    mine = await say(sandbox, DAVID, "/bourse mes")
    assert f"n° {number}" in mine["text"]


async def test_a_guided_offer_survives_a_restart(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await seed(services)
        await say(sandbox, ALICE, "/offre")
        await say(sandbox, ALICE, "Eau et assainissement")
        more: JSON = await say(sandbox, ALICE, "Tout le thème")
        assert "Un autre thème" in more["text"]
    async with started(settings, clock) as services:
        await say(sandbox, ALICE, "Culture, Patrimoine et Francophonie")
        more = await say(sandbox, ALICE, "Patrimoine")
        assert "Eau et assainissement, Patrimoine" in more["text"]
        countries = await say(sandbox, ALICE, "➡️ Continuer")
        assert "Avec quels pays" in countries["text"]
        await say(sandbox, ALICE, "Maroc")
        await say(sandbox, ALICE, "Commune")
        await say(sandbox, ALICE, DESCRIPTION)
        done = await say(sandbox, ALICE, "📨 Envoyer")
        assert "envoyée" in done["text"]
        (offer,) = await services.offers.pending()
        assert offer.countries == ["ma"] and offer.partner_kind == "municipality"
        assert offer.themes == [("water", ""), ("culture", "heritage")]


async def test_the_expiry_reminder_is_rebuilt_after_a_restart(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await seed(services)
        await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")  # both parts
        number = await publish(sandbox)
        offer = await services.offers.repo.get(number)
        assert offer is not None and offer.expires_at is not None
    clock.set(offer.expires_at - timedelta(days=6))  # the reminder fell due while stopped
    mark = sandbox.mark()
    async with started(settings, clock):
        reminder = await sandbox.wait_for_message(ALICE, after=mark)
        assert f"offre n° {number}" in reminder["text"] and "expire le" in reminder["text"]
        await sandbox.expect_no_message(ALICE, after=sandbox.mark())  # once


async def test_a_persons_interests_and_saved_searches_are_exported_and_forgotten(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await seed(services)
    await say(sandbox, COORDINATOR, "/aide", expect="Coordinateurs")  # both parts
    number = await publish(sandbox)
    await say(sandbox, BOB, "/exchange follow water")
    page = await say(sandbox, BOB, "/exchange")
    mark = sandbox.mark()
    await sandbox.press_button(BOB, page, f"xo:int:{number}")
    consent = await sandbox.wait_for_message(BOB, after=mark)
    await sandbox.press_button(BOB, consent, f"xo:yes:{number}")
    await sandbox.wait_for_message(ALICE, after=mark, predicate=lambda m: "Bob" in m["text"])
    exported = await services.privacy.export(BOB)
    assert exported["exchange"] == {
        "offers_authored": [],
        "interests": [
            {"offer": number, "status": "asked", "at": exported["exchange"]["interests"][0]["at"]}
        ],  # type: ignore[index]
        "saved_searches": [{"theme": "water", "country": "", "kind": ""}],
    }
    assert await services.privacy.forget(BOB)
    assert await services.db.fetchall("SELECT * FROM exchange_interests") == []
    assert await services.db.fetchall("SELECT * FROM exchange_saved_searches") == []
    assert (await services.offers.repo.get(number)).status == "visible"  # type: ignore[union-attr]
