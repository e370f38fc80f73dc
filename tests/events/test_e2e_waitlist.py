"""Places and waiting list of an in-person gathering, end to end (issue 15): a "yes" beyond the
capacity puts the person on the waiting list, told their rank; a freed place is offered in
private to the first waiting person, who takes it with "yes" within 24 hours."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, COORDINATOR
from tests.events.test_e2e_events import buttons, create_by_one_line, plain

LINE = "/evenement terress | regroupement | Atelier | 26/11 14h | 2h | Dakar, salle A | 2 places"


async def answer(sandbox: Sandbox, user: int, message: dict, data: str) -> dict:  # type: ignore[type-arg]
    return await sandbox.wait_for_callback_answer(await sandbox.press_button(user, message, data))


async def test_full_then_waiting_list_then_a_freed_place(
    app: CoopApplication, sandbox: Sandbox, roster: Services, clock: FrozenClock
) -> None:
    event_id = await create_by_one_line(sandbox, roster, LINE)
    event = await roster.events.get(event_id)
    assert event is not None and event.capacity == 2 and event.place == "Dakar, salle A"
    card = sandbox.last_message(ALICE)
    assert card is not None and "🎟 2 places" in plain(card)
    await answer(sandbox, ALICE, card, f"rsvp:{event_id}:yes")
    await answer(sandbox, BOB, sandbox.last_message(BOB) or {}, f"rsvp:{event_id}:yes")
    # the third "yes": full, on the waiting list with its rank, no place taken
    full = await answer(
        sandbox, COORDINATOR, sandbox.last_message(COORDINATOR) or {}, f"rsvp:{event_id}:yes"
    )
    assert "complet" in full["text"] and "n°1" in full["text"] and full["show_alert"]
    assert await roster.events.answer_of(event_id, COORDINATOR) is None
    # Alice cannot come: her place is offered to the coordinator, in private
    mark = sandbox.mark()
    await answer(sandbox, ALICE, card, f"rsvp:{event_id}:no")
    await roster.delivery.wait_idle()
    offer = await sandbox.wait_for_message(
        COORDINATOR, after=mark, predicate=lambda m: "place s'est libérée" in m["text"]
    )
    assert f"rsvp:{event_id}:yes" in buttons(offer)
    taken = await answer(sandbox, COORDINATOR, offer, f"rsvp:{event_id}:yes")
    assert "complet" not in taken["text"]
    assert await roster.events.answer_of(event_id, COORDINATOR) == "yes"
    # Alice changes her mind: full again, first on the list; Bob frees his place, the offer
    # to Alice is not confirmed within 24 h and expires (nobody else waits)
    again = await answer(sandbox, ALICE, card, f"rsvp:{event_id}:yes")
    assert "n°1" in again["text"]
    await answer(sandbox, BOB, sandbox.last_message(BOB) or {}, f"rsvp:{event_id}:no")
    await roster.delivery.wait_idle()
    assert await roster.events.waitlist.repo.state(event_id, ALICE) == "offered"
    clock.advance(timedelta(hours=25))
    await roster.events.waitlist.expire()
    assert await roster.events.waitlist.repo.state(event_id, ALICE) == "expired"
