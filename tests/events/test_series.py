"""Series in the events service (no Telegram): only the next occurrences made, "this one and
all following" (edit and cancel), and the .ics of a split series."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from bot.recurrence import parse_repeat
from bot.storage.members import Person
from tests.conftest import ALICE
from tests.events.conftest import Env, standard_roster, webinar

PARIS = ZoneInfo("Europe/Paris")


async def make_series(env: Env, phrase: str = "chaque mardi 15h, 10 fois") -> list[int]:
    await standard_roster(env.members.repo, env.clock.now())
    parsed = parse_repeat(phrase, env.clock.now(), PARIS)
    event = await env.events.create(
        webinar(parsed.first).with_changes(repeat=parsed.rule.to_rrule())
    )
    assert event is not None and event.series_id is not None
    return [e.id for e in await env.events.series.repo.occurrences(event.series_id)]


async def test_a_long_series_costs_a_few_rows(env: Env) -> None:
    ids = await make_series(
        env, "chaque lundi 9h jusqu'au " + f"{env.clock.now() + timedelta(days=700):%d/%m/%Y}"
    )
    assert len(ids) == 3  # two years of Mondays, three rows
    announced = {r["ref"] for r in await env.outbox("event")}
    assert announced == {f"event:{ids[0]}:new"}  # the series is announced once


async def test_this_one_and_all_following(env: Env) -> None:
    one, two, three = await make_series(env)
    await env.events.rsvp(three, Person(ALICE, "Alice"), "yes", private_chat=True)
    old = await env.events.get(two)
    assert old is not None
    later = old.starts_at + timedelta(hours=2)  # 17:00 from the second date on
    moved = await env.events.update_following(
        two, old.fields.with_changes(starts_at=later, ends_at=later + old.duration)
    )
    assert moved is not None and moved.series_id != old.series_id
    first, third = await env.events.get(one), await env.events.get(three)
    assert first is not None and third is not None
    assert first.starts_at.astimezone(PARIS).hour == 15
    assert third.starts_at.astimezone(PARIS).hour == 17 and third.series_id == moved.series_id
    assert await env.events.answer_of(three, ALICE) == "yes"  # answers kept
    # the old series ends before the second date, the new one has the rest of the count
    old_series = await env.events.series.repo.get(first.series_id or 0)
    new_series = await env.events.series.repo.get(moved.series_id or 0)
    assert old_series is not None and new_series is not None
    assert old_series.status == "ended" and "COUNT=1" in old_series.rule
    assert "COUNT=9" in new_series.rule
    # both in one .ics: 10 dates in all, 1 at 15:00 and 9 at 17:00
    data = await env.events.calendar_for([first, third], "fr", "A", [])
    dates = recurring_ical_events.of(Calendar.from_ical(data)).between(
        first.starts_at - timedelta(days=1), first.starts_at + timedelta(days=80)
    )
    hours = sorted(v["DTSTART"].dt.astimezone(PARIS).hour for v in dates)
    assert hours == [15] + [17] * 9
    # cancelling the third and all following: the series stops there
    cancelled = await env.events.cancel_following(three)
    assert {e.id for e in cancelled} >= {three}
    ahead = await env.events.series.repo.ahead(moved.series_id or 0, env.clock.now())
    assert [e.id for e in ahead if not e.cancelled] == [two]
    ended = await env.events.series.repo.get(moved.series_id or 0)
    assert ended is not None and ended.next_at is None
