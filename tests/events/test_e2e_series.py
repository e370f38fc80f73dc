"""End to end: a monthly series through the emulator, across the March and October DST changes.

The coordinator writes ``chaque mois le 1er jeudi 10h`` in the one-line form; the occurrences
stay at 10:00 in Paris (09:00 UTC in winter, 08:00 UTC in summer) and so move by an hour in
Dakar and Yerevan, which have no summer time; each occurrence keeps its own answers; one is
cancelled alone, one moved alone; the .ics file carries the series as an RRULE with an EXDATE
and an override, and a recurrence expander reads it back as the bot's occurrences.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.recurrence import parse_repeat
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.events import Event
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP, started
from tests.events.conftest import standard_roster, webinar
from tests.events.test_e2e_events import buttons, guided_up_to_when, plain

PARIS = ZoneInfo("Europe/Paris")
DAKAR = ZoneInfo("Africa/Dakar")
YEREVAN = ZoneInfo("Asia/Yerevan")
LINE = (
    "/evenement terress | visio | Point mensuel | chaque mois le 1er jeudi 10h | 60"
    " | https://visio.example.org/mensuel"
)


async def test_a_monthly_series_across_dst_with_one_cancelled_and_one_moved(
    app: CoopApplication, sandbox: Sandbox, roster: Services, clock: FrozenClock
) -> None:
    events = roster.events
    await sandbox.send_text(COORDINATOR, LINE)
    draft = await sandbox.wait_for_message(COORDINATOR)
    assert "🔁 chaque mois, le 1er jeudi" in plain(draft)
    save = next(b for b in buttons(draft) if b.startswith("ev:save:"))
    await sandbox.press_button(COORDINATOR, draft, save)
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "enregistré" in m["text"]
    )
    await roster.delivery.wait_idle()
    first = (await events.upcoming(None))[0]
    assert first.series_id is not None
    # Only the next few occurrences exist; the series was announced once, in the group too.
    made = await events.series.repo.occurrences(first.series_id)
    assert len(made) == 3
    announced = [m for m in sandbox.sent_messages(GROUP) if "Nouvel événement" in m["text"]]
    assert len(announced) == 1 and "🔁 chaque mois, le 1er jeudi" in plain(announced[0])
    for event in made:
        local = event.starts_at.astimezone(PARIS)
        assert (local.weekday(), local.hour, local.minute, local.day <= 7) == (3, 10, 0, True)
    one, two, three = made

    # Alice says yes to the first date only, from her invitation.
    invitation = sandbox.last_message(ALICE)
    assert invitation is not None and f"rsvp:{one.id}:yes" in buttons(invitation)
    await sandbox.wait_for_callback_answer(
        await sandbox.press_button(ALICE, invitation, f"rsvp:{one.id}:yes")
    )
    # A week before the second date, its reminder in the group: Bob answers maybe there.
    reminder = await remind(roster, sandbox, clock, two)
    await sandbox.wait_for_callback_answer(
        await sandbox.press_button(BOB, reminder, f"rsvp:{two.id}:maybe")
    )
    assert await events.answer_of(one.id, ALICE) == "yes"
    assert await events.answer_of(two.id, ALICE) is None
    assert await events.answer_of(two.id, BOB) == "maybe"

    # The second date is moved alone (this date only), its answers kept.
    await sandbox.send_text(COORDINATOR, f"/evenement modifier {two.id}")
    menu = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, menu, "evc:field:when")
    await sandbox.wait_for_message(COORDINATOR)
    moved_local = two.starts_at.astimezone(PARIS) + timedelta(days=1, hours=1)
    await sandbox.send_text(COORDINATOR, f"{moved_local:%d/%m/%Y} 11h")
    menu = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, menu, "evc:editsave")
    summary = await sandbox.wait_for_message(COORDINATOR)
    assert any(b.startswith("ev:savenext:") for b in buttons(summary))
    await sandbox.press_button(
        COORDINATOR, summary, next(b for b in buttons(summary) if b.startswith("ev:save:"))
    )
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "modifié" in m["text"]
    )
    await roster.delivery.wait_idle()
    moved = await events.get(two.id)
    assert moved is not None and moved.starts_at == moved_local.astimezone(moved.starts_at.tzinfo)
    assert moved.occurrence == two.starts_at  # its place in the series is kept
    assert await events.answer_of(two.id, BOB) == "maybe"
    told = [m for m in sandbox.sent_messages(BOB) if "Event changed" in plain(m)]
    assert told and "11:00" not in plain(told[-1])  # in Bob's zone: 14:00 in Yerevan
    assert "14:00 (Yerevan)" in plain(told[-1])

    # A week before the third date, Bob says yes to it; then it is cancelled alone: its
    # answerers and the groups are told, the series goes on.
    reminder = await remind(roster, sandbox, clock, three)
    await sandbox.wait_for_callback_answer(
        await sandbox.press_button(BOB, reminder, f"rsvp:{three.id}:yes")
    )
    await sandbox.send_text(COORDINATOR, f"/evenement annuler {three.id}")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    assert {f"ev:cancelok:{three.id}", f"ev:cancelnext:{three.id}"} <= set(buttons(confirm))
    await sandbox.press_button(COORDINATOR, confirm, f"ev:cancelok:{three.id}")
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "annulé" in m["text"]
    )
    await roster.delivery.wait_idle()
    assert [m for m in sandbox.sent_messages(GROUP) if "Événement annulé" in plain(m)]
    assert not [m for m in sandbox.sent_messages(ALICE) if "Événement annulé" in plain(m)]
    assert [m for m in sandbox.sent_messages(BOB) if "Event cancelled" in plain(m)]
    assert (await events.get(three.id)).cancelled  # type: ignore[union-attr]
    assert (await events.get(one.id)).starts_at == one.starts_at  # type: ignore[union-attr]

    # A year goes by: the next dates are made as the earlier ones end, never all at once.
    for _ in range(12):
        clock.advance(timedelta(days=30))
        await events.dispatch_due(clock.now())
        ahead = await events.series.repo.ahead(first.series_id, clock.now())
        assert 1 <= len(ahead) <= 3 + 1
    made = await events.series.repo.occurrences(first.series_id)
    by_month = {(e.occurrence or e.starts_at).astimezone(PARIS).strftime("%Y-%m"): e for e in made}
    year = one.starts_at.astimezone(PARIS).year + 1
    for month in range(1, 13):
        event = by_month.get(f"{year}-{month:02d}")
        assert event is not None, f"{year}-{month:02d} missing"
        if event.id == two.id:
            continue
        paris = event.starts_at.astimezone(PARIS)
        summer = 4 <= month <= 10  # after the last Sunday of March, before that of October
        assert (paris.hour, paris.minute) == (10, 0)
        assert event.starts_at.astimezone(DAKAR).hour == (8 if summer else 9)
        assert event.starts_at.astimezone(YEREVAN).hour == (12 if summer else 13)
    # Each occurrence its own answers: Alice's "yes" was for the first date only.
    others = [await events.answer_of(e.id, ALICE) for e in made if e.id != one.id]
    assert others == [None] * (len(made) - 1)

    # The .ics of the series: one RRULE entry, the cancelled date as EXDATE, the moved one
    # as an override; expanded by a calendar library, it gives the bot's dates.
    data = await events.calendar_for([one], "fr", "Point mensuel", [])
    calendar = Calendar.from_ical(data)
    masters = [v for v in calendar.walk("VEVENT") if "RRULE" in v]
    assert len(masters) == 1
    assert masters[0]["RRULE"]["FREQ"] == ["MONTHLY"] and masters[0]["RRULE"]["BYDAY"] == ["1TH"]
    assert str(masters[0]["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert "EXDATE" in masters[0]
    start, end = one.starts_at - timedelta(days=1), max(e.ends_at for e in made)
    expanded = recurring_ical_events.of(calendar).between(start, end)
    expected = sorted(e.starts_at for e in made if not e.cancelled)
    got = sorted(v["DTSTART"].dt for v in expanded)
    assert got == expected
    assert three.starts_at not in got
    assert moved.starts_at in got and two.starts_at not in got


async def remind(
    services: Services, sandbox: Sandbox, clock: FrozenClock, event: Event
) -> dict[str, Any]:
    """A week before ``event``: its reminder, with the answer buttons, in the group."""
    clock.set(event.starts_at - timedelta(days=7))
    await services.events.dispatch_due(clock.now())
    await services.delivery.wait_idle()
    return await sandbox.wait_for_message(
        GROUP,
        predicate=lambda m: "Rappel" in m["text"] and f"rsvp:{event.id}:yes" in buttons(m),
    )


async def test_the_guided_conversation_takes_a_repeat_phrase(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await guided_up_to_when(sandbox, "visioconference", "Point d'équipe")
    await sandbox.send_text(COORDINATOR, "toutes les 2 semaines le mardi 15h, 6 fois")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    assert "🔁 toutes les 2 semaines, le mardi, 6 fois" in plain(confirm)
    assert "mardi" in plain(confirm) and "15:00" in plain(confirm)
    await sandbox.press_button(COORDINATOR, confirm, "evc:when:yes")
    durations = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    await sandbox.press_button(COORDINATOR, durations, "evc:duration:60")
    await sandbox.wait_for_message(COORDINATOR)  # the link?
    await sandbox.send_text(COORDINATOR, "meet.example.org/equipe")
    audience = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, audience, "evc:aud:all")
    summary = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "Vérifiez" in m["text"]
    )
    assert "🔁 toutes les 2 semaines, le mardi, 6 fois" in plain(summary)
    await sandbox.press_button(
        COORDINATOR, summary, next(b for b in buttons(summary) if b.startswith("ev:save:"))
    )
    await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "enregistré" in m["text"]
    )
    events = await roster.events.upcoming(None)
    assert len(events) == 3 and {e.repeat for e in events} == {
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6"
    }
    gaps = {(b.starts_at - a.starts_at).days for a, b in pairwise(events)}
    assert gaps == {14}


async def test_after_a_restart_the_next_dates_are_made_from_the_database(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await standard_roster(services.members.repo, clock.now())
        parsed = parse_repeat("chaque lundi 9h, 8 fois", clock.now(), PARIS)
        first = await services.events.create(
            webinar(parsed.first).with_changes(repeat=parsed.rule.to_rrule())
        )
        assert first is not None and first.series_id is not None
        made = await services.events.series.repo.occurrences(first.series_id)
        assert len(made) == 3
    clock.set(made[1].ends_at + timedelta(minutes=1))  # two dates went by, the bot was down
    async with started(settings, clock) as services:
        made = await services.events.series.repo.occurrences(first.series_id)
        ahead = await services.events.series.repo.ahead(first.series_id, clock.now())
        assert len(made) == 5 and len(ahead) == 3
        assert all(e.starts_at.astimezone(PARIS).hour == 9 for e in made)
