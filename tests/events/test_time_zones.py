"""Time zones: a DST week in Paris, Morocco's 2026 rule change, the grouped zone line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FrozenClock
from bot.dates import parse_when
from bot.render.events import Where
from bot.timezones import zone
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.events.conftest import Env, add_member, make_env, standard_roster, webinar

CASABLANCA = 2006
DAKAR = 2004


async def roster_with_morocco(env: Env) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    await add_member(
        env.members.repo,
        env.clock.now(),
        CASABLANCA,
        "Youssef",
        timezone="Africa/Casablanca",
        country="ma",
        organisation="oriental",
    )


async def test_morocco_is_utc0_after_its_2026_change_whatever_the_system_says(
    tmp_path: Path,
) -> None:
    # Monday 2 November 2026: after Paris's switch to winter time (25 October) and Morocco's
    # move to permanent UTC+0 (20 September 2026).
    env = await make_env(tmp_path / "e.sqlite3", FrozenClock(datetime(2026, 11, 2, 9, tzinfo=UTC)))
    await roster_with_morocco(env)
    when = parse_when("05/11 14h", env.clock.now(), zone("Europe/Paris"))
    assert when.utc == datetime(2026, 11, 5, 13, 0, tzinfo=UTC)  # Paris UTC+1
    event = await env.events.create(webinar(when.utc))
    assert event is not None
    by_chat = {
        row["chat_id"]: row["payload"]["text"]
        for row in await env.outbox("event", f"event:{event.id}:new")
    }
    assert "13:00 (Casablanca)" in by_chat[CASABLANCA]
    assert (
        "14:00 Paris, Brazzaville, Douala, Porto-Novo · 13:00 Abidjan, Casablanca, Dakar"
        " · 16:00 Antananarivo · 17:00 Yerevan"
    ) in by_chat[GROUP]
    # The system's zone files (Debian 12: 2025b) may still say UTC+1: the bot reads tzdata's.
    packaged = datetime(2026, 11, 5, 13, 0, tzinfo=UTC).astimezone(zone("Africa/Casablanca"))
    assert packaged.hour == 13
    await env.db.close()


async def test_a_dst_week_in_paris_spring(tmp_path: Path) -> None:
    # Monday 23 March 2026; the event is on Sunday 29 March, the night clocks go forward.
    env = await make_env(tmp_path / "e.sqlite3", FrozenClock(datetime(2026, 3, 23, 9, tzinfo=UTC)))
    await standard_roster(env.members.repo, env.clock.now())
    await add_member(
        env.members.repo,
        env.clock.now(),
        DAKAR,
        "Dédé",
        timezone="Africa/Dakar",
        country="sn",
        organisation="cm-pikine",
    )
    when = parse_when("dimanche 10h", env.clock.now(), zone("Europe/Paris"))
    assert when.local.isoformat() == "2026-03-29T10:00:00+02:00"
    event = await env.events.create(webinar(when.utc, offsets=("7d", "1d", "1h", "0m")))
    assert event is not None
    due = {r.offset: (r.due_at, r.state) for r in await env.events.repo.reminders(event.id)}
    # Offsets are lengths of time: 1d is 24 hours before the start, across the switch.
    assert due == {
        "7d": (datetime(2026, 3, 22, 8, 0, tzinfo=UTC), "dropped"),
        "1d": (datetime(2026, 3, 28, 8, 0, tzinfo=UTC), "pending"),
        "1h": (datetime(2026, 3, 29, 7, 0, tzinfo=UTC), "pending"),
        "0m": (datetime(2026, 3, 29, 8, 0, tzinfo=UTC), "pending"),
    }
    rsvp = env.events.rsvp
    from bot.storage.members import Person

    for user in (ALICE, BOB, COORDINATOR):
        await rsvp(event.id, Person(user, "x"), "yes", private_chat=True)
    # Walk the week minute by minute around each due time: each reminder goes out once.
    sent: list[str] = []
    env.clock.set(datetime(2026, 3, 28, 7, 58, tzinfo=UTC))
    while env.clock.now() < datetime(2026, 3, 29, 8, 3, tzinfo=UTC):
        report = await env.events.dispatch_due(env.clock.now())
        sent.extend(report.sent + report.late)
        env.clock.advance(
            timedelta(minutes=1) if env.clock.now().minute < 5 else timedelta(minutes=55)
        )
    assert sent == [f"event:{event.id}:1d", f"event:{event.id}:1h", f"event:{event.id}:0m"]
    rows = {
        r["chat_id"]: r["payload"]["text"]
        for r in await env.outbox("reminder", f"event:{event.id}:1h")
    }
    assert "dimanche 29 mars 2026 à 10:00 (Paris)" in rows[COORDINATOR]
    assert "Sunday 29th March 2026 at 12:00 (Yerevan)" in rows[BOB]
    assert "08:00 (Abidjan)" in rows[ALICE]
    # In summer time Paris is an hour ahead of Central Africa: its own group.
    assert (
        "10:00 Paris · 08:00 Abidjan, Dakar · 09:00 Brazzaville, Casablanca, Douala, Porto-Novo"
        " · 11:00 Antananarivo · 12:00 Yerevan"
    ) in rows[GROUP]
    await env.db.close()


async def test_a_dst_week_in_paris_autumn(tmp_path: Path) -> None:
    # Monday 19 October 2026; the event is on Sunday 25 October at 10:00, after the switch.
    env = await make_env(tmp_path / "e.sqlite3", FrozenClock(datetime(2026, 10, 19, 8, tzinfo=UTC)))
    await standard_roster(env.members.repo, env.clock.now())
    when = parse_when("25 octobre 10h", env.clock.now(), zone("Europe/Paris"))
    assert when.utc == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # UTC+1 again
    event = await env.events.create(webinar(when.utc, offsets=("1d",)))
    assert event is not None
    (reminder,) = await env.events.repo.reminders(event.id)
    # 24 hours before: Saturday 09:00 UTC = 11:00 in Paris, still summer time that day.
    assert reminder.due_at == datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
    env.clock.set(reminder.due_at)
    await env.events.dispatch_due(env.clock.now())
    rows = {r["chat_id"]: r["payload"]["text"] for r in await env.outbox("reminder")}
    assert "dimanche 25 octobre 2026" in rows[GROUP]
    assert "10:00 Paris" in rows[GROUP] and "13:00 Yerevan" in rows[GROUP]
    await env.db.close()


def test_zone_line_marks_a_day_shift(env: Env) -> None:
    render = env.events.render
    late = datetime(2026, 11, 5, 22, 30, tzinfo=UTC)  # 23:30 Paris
    line = render.zone_times("fr", late, ("Europe/Paris", "Africa/Dakar", "Asia/Yerevan"))
    assert line == "23:30 Paris · 22:30 Dakar · 02:30 (+1 j) Yerevan"
    assert render.zone_times("en", late, ("Asia/Yerevan", "Europe/Paris")) == (
        "02:30 Yerevan · 23:30 (−1 d) Paris"
    )


def test_the_confirmation_is_unambiguous(env: Env) -> None:
    render = env.events.render
    start = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 the first time (summer)
    paris = zone("Europe/Paris")
    assert render.when_exact("fr", start, paris) == (
        "dimanche 25 octobre 2026 à 02:30 (Paris, UTC+2)"
    )
    assert render.when_exact("en", start + timedelta(hours=1), paris) == (
        "Sunday 25th October 2026 at 02:30 (Paris, UTC+1)"
    )
    card = render.card("en", webinar(start), Where(tz=zone("Asia/Kolkata")))
    assert "at 06:00 (Kolkata)" in card
