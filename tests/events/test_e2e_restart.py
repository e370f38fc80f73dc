"""Restarts: a second Application on the same database file rebuilds the reminders from
SQLite, sends what fell due while it was down (late, and saying so), and never sends twice.
Also the demo's seed."""

from __future__ import annotations

import html
from datetime import timedelta

from bot.clock import FrozenClock
from bot.demo_data import seed_event as seed_demo
from bot.sandbox import Sandbox
from bot.settings import Settings
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, GROUP, started
from tests.events.conftest import standard_roster, webinar


def reminders_in(sandbox: Sandbox, chat_id: int) -> list[str]:
    return [
        html.unescape(m["text"])
        for m in sandbox.sent_messages(chat_id)
        if any(word in m.get("text", "") for word in ("Rappel", "Reminder", "maintenant", "now:"))
    ]


async def test_a_restart_rebuilds_the_reminders_and_sends_nothing_twice(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    start = clock.now() + timedelta(days=2)
    async with started(settings, clock) as services:
        await standard_roster(services.members.repo, clock.now())
        event = await services.events.create(webinar(start, offsets=("1d", "1h")))
        assert event is not None
        await services.events.rsvp(event.id, Person(ALICE, "Alice"), "yes", private_chat=True)
        clock.set(start - timedelta(days=1))
        assert (await services.events.dispatch_due(clock.now())).sent == [f"event:{event.id}:1d"]
        await services.delivery.wait_idle()
        assert len(reminders_in(sandbox, ALICE)) == 1

    clock.advance(timedelta(minutes=1))
    async with started(settings, clock) as services:
        assert services.scheduler.names("events:") == [
            "events:due",
            "events:sync",
            "events:waitlist",
        ]
        report = await services.events.dispatch_due(clock.now())
        assert not report.sent and not report.late and report.enqueued == 0
        await services.delivery.wait_idle()
        assert len(reminders_in(sandbox, ALICE)) == 1
        assert len(reminders_in(sandbox, GROUP)) == 1
        clock.set(start - timedelta(hours=1))
        assert (await services.events.dispatch_due(clock.now())).sent == [f"event:{event.id}:1h"]
        await services.delivery.wait_idle()
        assert len(reminders_in(sandbox, ALICE)) == 2


async def test_a_reminder_due_while_the_bot_was_down_goes_out_late_at_start(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    start = clock.now() + timedelta(hours=3)
    async with started(settings, clock) as services:
        await standard_roster(services.members.repo, clock.now())
        event = await services.events.create(webinar(start, offsets=("1h", "0m")))
        assert event is not None
        await services.events.rsvp(event.id, Person(BOB, "Bob"), "yes", private_chat=True)
        await services.delivery.wait_idle()

    clock.set(start - timedelta(minutes=40))  # the bot was down when the 1h reminder was due
    mark = sandbox.mark()
    async with started(settings, clock):
        # Nothing but the start-up: the scheduler's first dispatch sends it.
        late = await sandbox.wait_for_message(
            BOB, after=mark, predicate=lambda m: "Late" in m["text"]
        )
        assert "starts in 40 min" in late["text"]
        group = await sandbox.wait_for_message(
            GROUP, after=mark, predicate=lambda m: "Rappel" in m["text"]
        )
        assert "en retard" in group["text"]


async def test_the_demo_seed(sandbox: Sandbox, settings: Settings, clock: FrozenClock) -> None:
    async with started(settings, clock) as services:
        await standard_roster(services.members.repo, clock.now())
        await seed_demo(services, clock.now())
        await seed_demo(services, clock.now())  # once
        (event,) = await services.events.upcoming(None)
        assert event.offsets == ("2m", "1m", "0m") and event.remind_all
        assert event.title == "Démo : visioconférence Terr'ESS"  # stored as text, not HTML
        assert timedelta(minutes=5) <= event.starts_at - clock.now() <= timedelta(minutes=7)
        await services.delivery.wait_idle()
        assert "Nouvel événement" in (sandbox.last_message(GROUP) or {})["text"]
        for offset in (timedelta(minutes=2), timedelta(minutes=1), timedelta(0)):
            clock.set(event.starts_at - offset)
            await services.events.dispatch_due(clock.now())
        await services.delivery.wait_idle()
        assert len(reminders_in(sandbox, GROUP)) == 3
        assert len(reminders_in(sandbox, ALICE)) == 3  # everyone: the demo reminds all
