"""Members: the hot paths of the roster, on a real SQLite file.

* group messages in linked groups going through the sightings bookkeeping (batched: at most
  one write per person, group and day);
* importing a 5,000-row roster CSV (checked, then one transaction);
* the focal points directory and /missing over that roster.

Last line: group messages handled per second by the bookkeeping.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FrozenClock
from bot.knowledge.models import KnowledgeBase
from bot.roster_csv import COLUMNS, parse_roster
from bot.sender import lazy_sender
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person

GROUPS = 20
PEOPLE = 400
MESSAGES = 200_000
ROSTER = 5_000


def roster_csv(kb: KnowledgeBase) -> str:
    orgs = [o for o in kb.organisations.values() if o.projects]
    lines = [",".join(COLUMNS)]
    for i in range(ROSTER):
        org = orgs[i % len(orgs)]
        role = "focal_point" if i % 7 == 0 else "participant"
        lines.append(
            f"{10_000 + i},Person{i},,user_{i:05d},{'fr' if i % 3 else 'en'},"
            f"{kb.countries[org.country].timezones[0]},{org.id},,{role},{';'.join(org.projects)}"
        )
    return "\n".join(lines) + "\n"


async def run(folder: Path) -> float:
    clock = FrozenClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    settings = Settings(telegram={"token": "1:x"}, storage={"path": folder / "bench.sqlite3"})
    async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
        await services.knowledge.start()
        kb = services.knowledge.kb
        members = services.members
        directory = services.directory
        for g in range(GROUPS):
            await members.link_group(-7000 - g, f"G{g}", "group", "coopr", 1)
        people = [Person(100_000 + i, f"P{i}", None, f"p{i}") for i in range(PEOPLE)]
        start = time.perf_counter()
        for n in range(MESSAGES):
            await members.saw(-7000 - n % GROUPS, people[(n * 7) % PEOPLE])
        await members.flush_sightings()
        sightings_s = time.perf_counter() - start
        rows = await services.db.fetchval("SELECT COUNT(*) FROM group_sightings")
        print(f"sightings: {MESSAGES} group messages, {rows} rows written, {sightings_s:.2f} s")

        text = roster_csv(kb)
        start = time.perf_counter()
        parsed, problems = parse_roster(text, kb)
        assert not problems, problems[:3]
        created, _ = await members.import_roster(parsed)
        import_s = time.perf_counter() - start
        print(f"import: {created} rows checked and written in {import_s:.2f} s")
        await members.set_consent(10_000, True)

        start = time.perf_counter()
        listing = await directory.directory("coopr")
        missing = await directory.missing("terress")
        directory_ms = (time.perf_counter() - start) * 1000
        print(
            f"directory + missing over {ROSTER} members: {directory_ms:.1f} ms "
            f"({len(listing.entries)} listed, {sum(len(v) for v in missing.values())} missing)"
        )
        return MESSAGES / sightings_s


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rate = asyncio.run(run(Path(folder)))
    print(f"{rate:,.0f} group messages/s through the sightings bookkeeping")
