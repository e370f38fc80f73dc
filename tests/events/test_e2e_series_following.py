"""End to end: "this one and all the following" of a series, through the emulator.

Cancelling them sends ONE notice per chat, naming the series and the date it is cancelled
from, to everyone who answered one of those dates (not one per date already made); editing
them announces the later dates already made as changed too, again once per chat.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.events import Event
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.events.test_e2e_events import buttons, plain
from tests.events.test_e2e_series import LINE

PARIS = ZoneInfo("Europe/Paris")


async def monthly_series(sandbox: Sandbox, services: Services) -> list[Event]:
    """The one-line monthly series, saved: its three dates made ahead."""
    await sandbox.send_text(COORDINATOR, LINE)
    draft = await sandbox.wait_for_message(COORDINATOR)
    save = next(b for b in buttons(draft) if b.startswith("ev:save:"))
    await sandbox.press_button(COORDINATOR, draft, save)
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "enregistré" in m["text"]
    )
    await services.delivery.wait_idle()
    first = (await services.events.upcoming(None))[0]
    assert first.series_id is not None
    made = await services.events.series.repo.occurrences(first.series_id)
    assert len(made) == 3
    return made


async def answer(services: Services, event: Event, user: int, name: str, what: str) -> None:
    result = await services.events.rsvp(event.id, Person(user, name), what, private_chat=True)
    assert result.status == "ok"


def received(sandbox: Sandbox, chat: int, *needles: str) -> list[str]:
    return [plain(m) for m in sandbox.sent_messages(chat) if any(n in plain(m) for n in needles)]


async def test_cancelling_the_following_dates_tells_each_chat_once(
    app: CoopApplication, sandbox: Sandbox, roster: Services, clock: FrozenClock
) -> None:
    one, two, three = await monthly_series(sandbox, roster)
    await answer(roster, one, ALICE, "Alice", "yes")
    await answer(roster, two, BOB, "Bob", "yes")
    await answer(roster, three, BOB, "Bob", "maybe")
    await answer(roster, three, ALICE, "Alice", "no")

    await sandbox.send_text(COORDINATOR, f"/evenement annuler {two.id}")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, confirm, f"ev:cancelnext:{two.id}")
    done = await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "annulée" in m["text"]
    )
    assert "2 dates annulées" in plain(done)
    await roster.delivery.wait_idle()

    cancelled = ("annulé", "cancelled")
    # the group: one notice, naming the series and the date it stops from
    (group,) = received(sandbox, GROUP, *cancelled)
    day = two.starts_at.astimezone(PARIS)
    assert "Série annulée à partir du" in group and "Point mensuel" in group
    assert str(day.day) in group.split("Série annulée à partir du", 1)[1].split(":")[0]
    # Bob answered both cancelled dates, Alice the last one: one notice each
    (bob,) = received(sandbox, BOB, *cancelled)
    assert bob.startswith("❌ Series cancelled from") and "Point mensuel" in bob
    (alice,) = received(sandbox, ALICE, *cancelled)
    assert alice.startswith("❌ Série annulée à partir du")
    assert not [t for t in received(sandbox, GROUP, "Événement annulé")]
    # the first date stays; the two others are cancelled, their reminders with them
    assert not (await roster.events.get(one.id)).cancelled  # type: ignore[union-attr]
    for event in (two, three):
        assert (await roster.events.get(event.id)).cancelled  # type: ignore[union-attr]
    clock.set(three.starts_at - timedelta(days=7))
    await roster.events.dispatch_due(clock.now())
    await roster.delivery.wait_idle()
    assert not [m for m in sandbox.sent_messages(GROUP) if "Rappel" in plain(m)]


async def test_editing_the_following_dates_announces_them_once_per_chat(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    one, two, three = await monthly_series(sandbox, roster)
    await answer(roster, two, BOB, "Bob", "yes")
    await answer(roster, three, BOB, "Bob", "yes")
    await answer(roster, three, ALICE, "Alice", "maybe")  # the later date only

    await sandbox.send_text(COORDINATOR, f"/evenement modifier {two.id}")
    menu = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, menu, "evc:field:when")
    await sandbox.wait_for_message(COORDINATOR)
    local = two.starts_at.astimezone(PARIS)
    await sandbox.send_text(COORDINATOR, f"{local:%d/%m/%Y} 11h")
    menu = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, menu, "evc:editsave")
    summary = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(
        COORDINATOR, summary, next(b for b in buttons(summary) if b.startswith("ev:savenext:"))
    )
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "modifié" in m["text"]
    )
    await roster.delivery.wait_idle()

    moved = await roster.events.get(three.id)
    assert moved is not None and moved.starts_at.astimezone(PARIS).hour == 11
    changed = ("modifié", "changed")
    # one message per chat, the later date named in it
    (group,) = received(sandbox, GROUP, *changed)
    assert "Série modifiée à partir du" in group and "nouvel horaire" in group
    later = moved.starts_at.astimezone(PARIS)
    dates = group.rsplit("📅", 1)[1]
    assert "déjà prévue" in dates and f"{later.day}" in dates and "11:00" in dates
    (bob,) = received(sandbox, BOB, *changed)
    assert bob.startswith("✏️ Series changed from") and "already planned, changed too" in bob
    # Alice answered the later date only: she is told that it changed too
    (alice,) = received(sandbox, ALICE, *changed)
    assert alice.startswith("✏️ Série modifiée à partir du")
    assert not received(sandbox, GROUP, "Événement modifié")
    assert (await roster.events.get(one.id)).starts_at == one.starts_at  # type: ignore[union-attr]
