"""Reminders, announcements and "after the end" hooks on a real SQLite file, with a frozen
clock: what lands in the outbox (the delivery engine then sends each row once)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.storage.events import Event
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.events.conftest import (
    GROUP_2,
    T0,
    Env,
    add_member,
    link_group,
    make_env,
    standard_roster,
    webinar,
)

DEDE = 2004


async def created(env: Env, start: datetime, **options: object) -> Event:
    await standard_roster(env.members.repo, env.clock.now())
    event = await env.events.create(webinar(start, **options))  # type: ignore[arg-type]
    assert event is not None
    return event


async def answer(env: Env, event: Event, user_id: int, value: str) -> None:
    member = await env.members.get(user_id)
    assert member is not None
    person = Person(user_id, member.first_name)
    result = await env.events.rsvp(event.id, person, value, private_chat=True)
    assert result.status == "ok"


def texts(rows: list[dict[str, object]]) -> dict[int, str]:
    return {int(r["chat_id"]): r["payload"]["text"] for r in rows}  # type: ignore[index,call-overload]


async def test_a_new_event_is_announced_to_groups_and_invited_members(env: Env) -> None:
    start = datetime(2026, 11, 19, 13, 0, tzinfo=UTC)  # Thursday 14:00 Paris
    event = await created(env, start)
    rows = await env.outbox("event", f"event:{event.id}:new")
    # The linked group and Terr'ESS members; not Dédé (COOP'R only).
    assert {r["chat_id"] for r in rows} == {GROUP, COORDINATOR, ALICE, BOB}
    by_chat = texts(rows)
    assert "Nouvel événement" in by_chat[ALICE] and "13:00 (Abidjan)" in by_chat[ALICE]
    assert "New event" in by_chat[BOB] and "17:00 (Yerevan)" in by_chat[BOB]
    assert "jeudi 19 novembre 2026 à 14:00 (Paris)" in by_chat[COORDINATOR]
    assert "14:00 Paris, Brazzaville, Douala, Porto-Novo" in by_chat[GROUP]
    assert "&amp;" in by_chat[GROUP]  # the title's "&" is escaped for Telegram HTML
    keyboard = rows[0]["payload"]["reply_markup"]["inline_keyboard"]  # type: ignore[index]
    assert [b["callback_data"] for b in keyboard[0]] == [
        f"rsvp:{event.id}:yes",
        f"rsvp:{event.id}:maybe",
        f"rsvp:{event.id}:no",
    ]
    assert keyboard[1][0]["url"] == "https://visio.example.org/ess"
    assert all(r["payload"]["parse_mode"] == "HTML" for r in rows)  # type: ignore[index]


async def test_reminders_fall_due_at_each_offset_for_groups_and_yes_or_maybe(env: Env) -> None:
    start = T0 + timedelta(days=10)
    event = await created(env, start)
    await answer(env, event, ALICE, "yes")
    await answer(env, event, BOB, "maybe")
    await answer(env, event, COORDINATOR, "no")

    env.clock.set(start - timedelta(days=7, minutes=1))
    report = await env.events.dispatch_due(env.clock.now())
    assert not report.sent and await env.outbox("reminder") == []

    expected = {"7d": "dans 7 jours", "1d": "dans 1 jour", "1h": "dans 1 h", "0m": "maintenant"}
    for offset, words in expected.items():
        due = start - {"7d": timedelta(days=7), "1d": timedelta(days=1)}.get(
            offset, timedelta(hours=1) if offset == "1h" else timedelta(0)
        )
        env.clock.set(due + timedelta(seconds=5))
        report = await env.events.dispatch_due(env.clock.now())
        ref = f"event:{event.id}:{offset}"
        assert report.sent == [ref]
        rows = await env.outbox("reminder", ref)
        assert {r["chat_id"] for r in rows} == {GROUP, ALICE, BOB}
        assert words in texts(rows)[ALICE]
        assert "https://visio.example.org/ess" in texts(rows)[BOB]
        # Dispatching again at the same instant adds nothing.
        again = await env.events.dispatch_due(env.clock.now())
        assert again.sent == [] and again.enqueued == 0
    assert "Starting now" in texts(await env.outbox("reminder", f"event:{event.id}:0m"))[BOB]


async def test_remind_all_reaches_every_invited_member_except_those_who_said_no(
    env: Env,
) -> None:
    start = T0 + timedelta(days=2)
    event = await created(env, start, offsets=("1h",), remind_all=True)
    await answer(env, event, COORDINATOR, "no")
    env.clock.set(start - timedelta(hours=1))
    await env.events.dispatch_due(env.clock.now())
    assert await env.chats("reminder", f"event:{event.id}:1h") == {GROUP, ALICE, BOB}


async def test_an_audience_of_some_countries(env: Env) -> None:
    start = T0 + timedelta(days=2)
    event = await created(env, start, countries=("am",), remind_all=True, offsets=("1h",))
    assert await env.chats("event", f"event:{event.id}:new") == {GROUP, BOB}
    env.clock.set(start - timedelta(hours=1))
    await env.events.dispatch_due(env.clock.now())
    assert await env.chats("reminder", f"event:{event.id}:1h") == {GROUP, BOB}


async def test_someone_who_answered_yes_outside_the_audience_is_reminded(env: Env) -> None:
    start = T0 + timedelta(days=2)
    event = await created(env, start, offsets=("1h",))
    await answer(env, event, DEDE, "yes")  # a COOP'R member who found the event in a group
    env.clock.set(start - timedelta(hours=1))
    await env.events.dispatch_due(env.clock.now())
    rows = await env.outbox("reminder", f"event:{event.id}:1h")
    assert {r["chat_id"] for r in rows} == {GROUP, DEDE}
    assert "09:00 (Dakar)" in texts(rows)[DEDE]


async def test_reminders_missed_while_down_are_sent_late_or_dropped(env: Env) -> None:
    start = T0 + timedelta(days=10)
    event = await created(env, start, offsets=("7d", "1d", "1h"))
    await answer(env, event, ALICE, "yes")
    # The bot was down from before the 7d reminder until 3 hours after the 1d one: only the
    # latest is sent, marked late, with the real time left.
    env.clock.set(start - timedelta(days=1) + timedelta(hours=3))
    report = await env.events.dispatch_due(env.clock.now())
    assert report.dropped == [f"event:{event.id}:7d"]
    assert report.late == [f"event:{event.id}:1d"] and report.sent == []
    text = texts(await env.outbox("reminder", f"event:{event.id}:1d"))[ALICE]
    assert "en retard" in text and "dans 21 h" in text
    assert await env.outbox("reminder", f"event:{event.id}:7d") == []
    # Down again across the start: the 1h reminder is dropped, nothing is sent.
    env.clock.set(start + timedelta(minutes=10))
    report = await env.events.dispatch_due(env.clock.now())
    assert report.dropped == [f"event:{event.id}:1h"] and not report.sent and not report.late
    assert await env.outbox("reminder", f"event:{event.id}:1h") == []


async def test_a_reminder_a_minute_late_is_on_time(env: Env) -> None:
    start = T0 + timedelta(days=2)
    event = await created(env, start, offsets=("0m",))
    await answer(env, event, ALICE, "yes")
    env.clock.set(start + timedelta(seconds=70))  # the job ran a bit late: still "now"
    report = await env.events.dispatch_due(env.clock.now())
    assert report.sent == [f"event:{event.id}:0m"]
    assert "C'est maintenant" in texts(await env.outbox("reminder", f"event:{event.id}:0m"))[ALICE]


async def test_a_crash_between_queueing_and_marking_sends_nothing_twice(env: Env) -> None:
    start = T0 + timedelta(days=2)
    event = await created(env, start, offsets=("1h",))
    await answer(env, event, ALICE, "yes")
    env.clock.set(start - timedelta(hours=1))
    await env.events.dispatch_due(env.clock.now())
    before = await env.outbox("reminder")
    # As if the process died after the outbox transaction, before the reminder was marked.
    await env.db.execute("UPDATE event_reminders SET state = 'pending', done_at = NULL")
    env.clock.advance(timedelta(seconds=30))
    report = await env.events.dispatch_due(env.clock.now())
    assert report.sent == [f"event:{event.id}:1h"] and report.enqueued == 0
    assert await env.outbox("reminder") == before


async def test_past_offsets_at_creation_are_not_sent(env: Env) -> None:
    start = T0 + timedelta(hours=5)  # created 5 h before: the 7d and 1d reminders are moot
    event = await created(env, start)
    states = {r.offset: r.state for r in await env.events.repo.reminders(event.id)}
    assert states == {"7d": "dropped", "1d": "dropped", "1h": "pending", "0m": "pending"}
    report = await env.events.dispatch_due(env.clock.now())
    assert not report.sent and not report.late


async def test_an_edit_reschedules_and_tells_those_who_answered(env: Env) -> None:
    start = T0 + timedelta(days=10)
    event = await created(env, start, offsets=("7d", "1h"))
    await answer(env, event, ALICE, "yes")
    await answer(env, event, COORDINATOR, "no")
    env.clock.set(start - timedelta(days=7))
    await env.events.dispatch_due(env.clock.now())
    assert await env.chats("reminder", f"event:{event.id}:7d") == {GROUP, ALICE}

    moved = event.fields.with_changes(
        starts_at=start + timedelta(days=7), ends_at=event.ends_at + timedelta(days=7)
    )
    updated = await env.events.update(event.id, moved)
    assert updated is not None and updated.version == 2
    # Those who answered (yes or no) and the groups are told; Bob, who did not, is not.
    notice = await env.outbox("event", f"event:{event.id}:changed:2")
    assert {r["chat_id"] for r in notice} == {GROUP, ALICE, COORDINATOR}
    assert "nouvel horaire" in texts(notice)[ALICE]
    reminders = {r.offset: r for r in await env.events.repo.reminders(event.id)}
    assert reminders["7d"].state == "pending" and reminders["7d"].round == 2
    assert reminders["7d"].ref == f"event:{event.id}:7d:2"
    env.clock.set(start)  # the new 7d reminder is due
    report = await env.events.dispatch_due(env.clock.now())
    assert report.sent == [f"event:{event.id}:7d:2"]
    assert await env.chats("reminder", f"event:{event.id}:7d:2") == {GROUP, ALICE}


async def test_an_edit_of_the_link_keeps_the_reminders_sent(env: Env) -> None:
    start = T0 + timedelta(days=10)
    event = await created(env, start, offsets=("7d", "1h"))
    env.clock.set(start - timedelta(days=7))
    await env.events.dispatch_due(env.clock.now())
    changed = event.fields.with_changes(link="https://visio.example.org/new")
    await env.events.update(event.id, changed)
    reminders = {r.offset: r for r in await env.events.repo.reminders(event.id)}
    assert (reminders["7d"].state, reminders["7d"].round) == ("sent", 1)
    assert (reminders["1h"].state, reminders["1h"].round) == ("pending", 1)
    assert "nouveau lien" in texts(await env.outbox("event", f"event:{event.id}:changed:2"))[GROUP]


async def test_cancelling_tells_those_who_answered_and_stops_the_reminders(env: Env) -> None:
    start = T0 + timedelta(days=10)
    event = await created(env, start, offsets=("7d", "1h"))
    await answer(env, event, BOB, "maybe")
    env.clock.set(start - timedelta(days=7))
    await env.events.dispatch_due(env.clock.now())
    # The 7d rows are still in the outbox (the bot is not sending here): cancelled with it.
    assert await env.events.cancel(event.id) is not None
    assert await env.events.cancel(event.id) is None  # once
    assert {r["state"] for r in await env.outbox("reminder")} == {"cancelled"}
    notice = await env.outbox("event", f"event:{event.id}:cancelled")
    assert {r["chat_id"] for r in notice} == {GROUP, BOB}
    assert "Event cancelled" in texts(notice)[BOB]
    assert "reply_markup" not in notice[0]["payload"]
    env.clock.set(start - timedelta(hours=1))
    report = await env.events.dispatch_due(env.clock.now())
    assert not report.sent and await env.outbox("reminder", f"event:{event.id}:1h") == []


async def test_after_the_end_hooks_run_once_even_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    env = await make_env(path, FrozenClock(T0))
    calls: list[tuple[str, int]] = []

    async def feedback(event: Event) -> None:
        calls.append(("feedback", event.id))

    async def broken(event: Event) -> None:
        calls.append(("broken", event.id))
        raise RuntimeError("boom")

    env.events.on_ended(feedback)
    env.events.on_ended(broken, name="broken")
    start = T0 + timedelta(days=1)
    event = await created(env, start, minutes=60, offsets=())
    other = await env.events.create(webinar(start, minutes=30, title="Annulé"))
    assert other is not None
    await env.events.cancel(other.id)
    env.clock.set(start + timedelta(minutes=59))
    await env.events.dispatch_due(env.clock.now())
    assert calls == []
    env.clock.set(start + timedelta(minutes=61))
    report = await env.events.dispatch_due(env.clock.now())
    assert sorted(calls) == [("broken", event.id), ("feedback", event.id)]
    assert sorted(report.ended) == [
        (event.id, "broken"),
        (event.id, f"{__name__}.{feedback.__qualname__}"),
    ]
    await env.events.dispatch_due(env.clock.now() + timedelta(minutes=5))
    assert len(calls) == 2  # the failed hook is recorded, not retried
    assert await env.events.repo.ending_state(event.id, "broken") == "failed"
    await env.db.close()

    # A restart on the same database: nothing runs again.
    restarted = await make_env(path, FrozenClock(start + timedelta(hours=2)))
    restarted.events.on_ended(feedback)
    await restarted.events.dispatch_due(restarted.clock.now())
    assert len(calls) == 2
    # A hook added long after an event ended is not run for it.
    late_calls: list[int] = []

    async def newcomer(event: Event) -> None:
        late_calls.append(event.id)

    restarted.events.on_ended(newcomer)
    await restarted.events.dispatch_due(start + timedelta(days=5))
    assert late_calls == []
    await restarted.db.close()


async def test_several_linked_groups_each_in_its_language(env: Env) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    await link_group(env.members.repo, env.clock.now(), GROUP_2, "Terr'ESS English")
    await env.db.execute("UPDATE chats SET language = 'en' WHERE chat_id = ?", (GROUP_2,))
    event = await env.events.create(webinar(T0 + timedelta(days=1)))
    assert event is not None
    by_chat = texts(await env.outbox("event", f"event:{event.id}:new"))
    assert "Nouvel événement" in by_chat[GROUP] and "New event" in by_chat[GROUP_2]


async def test_unreachable_members_get_nothing_in_private(env: Env) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    await add_member(env.members.repo, env.clock.now(), 2005, "Eve", private_chat=False)
    await env.members.repo.update(ALICE, env.clock.now(), reachable=0)
    event = await env.events.create(webinar(T0 + timedelta(days=1)))
    assert event is not None
    assert await env.chats("event", f"event:{event.id}:new") == {GROUP, COORDINATOR, BOB}


async def test_a_crash_during_a_hook_never_runs_it_twice(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    env = await make_env(path, FrozenClock(T0))
    calls: list[int] = []

    async def dying(event: Event) -> None:
        calls.append(event.id)
        raise asyncio.CancelledError  # the process goes away in the middle of the call

    env.events.on_ended(dying, name="feedback")
    start = T0 + timedelta(hours=1)
    event = await created(env, start, minutes=30, offsets=())
    with pytest.raises(asyncio.CancelledError):
        await env.events.dispatch_due(start + timedelta(hours=1))
    await env.db.close()
    restarted = await make_env(path, FrozenClock(start + timedelta(hours=2)))
    restarted.events.on_ended(dying, name="feedback")
    await restarted.events.dispatch_due(restarted.clock.now())
    assert calls == [event.id]
    await restarted.db.close()
