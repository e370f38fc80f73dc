"""``python -m bench report``: the activity report at the scale of a large project.

A project of 5,000 members in 1,500 organisations (synthetic ones added to the knowledge base,
in the project's countries), 200 events held with RSVPs, attendance and satisfaction polls and
comments, 100 quick polls with 50,000 answers, 20 announcements. The data is written through
the repositories (polls: as the bot stores Telegram's answers), then the report is built and
its three formats written to a temporary folder, as ``coopbot report`` does.

Measured: the time from the first read to the last file written (figures, XLSX, PDF with its
two charts, CSV files), and the process's peak resident memory.

Last line: ``report: N organisations, E events, P polls, A answers, xlsx+pdf+csv in X s,
RSS Y MB``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FrozenClock, to_iso
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.render.report_files import render
from bot.sender import lazy_sender
from bot.services import Services
from bot.settings import Settings
from bot.storage.broadcasts import Figures
from bot.storage.events import EventFields
from bot.storage.members import RosterRow
from bot.storage.polls import NewPoll, RawAnswer

PROJECT = "terress"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FIRST_MEMBER = 100_000
GROUP = -9_000
PAGE = re.compile(rb"/Type\s*/Page[^s]")


def knowledge(organisations: int) -> KnowledgeBase:
    """The shipped knowledge base, with synthetic member organisations up to ``organisations``."""
    kb = load_knowledge(default_data_dir())
    members = [o for o in kb.members(PROJECT) if o.merged_into is None]
    countries = sorted({o.country for o in members})
    template = members[0]
    for index in range(organisations - len(members)):
        org = template.model_copy(
            update={
                "id": f"bench-org-{index:04d}",
                "name": f"Commune de Banc-{index:04d}",
                "name_en": None,
                "acronyms": [],
                "aliases": [],
                "listed_as": {},
                "country": countries[index % len(countries)],
                "projects": [PROJECT],
            }
        )
        kb.organisations[org.id] = org
    return kb


async def seed(
    services: Services, kb: KnowledgeBase, args: argparse.Namespace, rng: random.Random
) -> int:
    """Write the project's history; returns the number of poll answers written. (Bulk
    fixtures: written through each service's own repository, as the bot stores them.)"""
    db = services.db
    organisations = [o for o in kb.members(PROJECT) if o.merged_into is None]
    members = services.members.repo
    rows = []
    for index in range(args.members):
        org = organisations[index % len(organisations)]
        rows.append(
            RosterRow(
                user_id=FIRST_MEMBER + index,
                first_name=f"Membre {index}",
                language="fr",
                organisation_id=org.id,
                country_id=org.country,
                role="focal_point" if index < len(organisations) else "participant",
                projects=(PROJECT,),
            )
        )
    await members.import_rows(rows, NOW - timedelta(days=700))
    await db.execute("UPDATE members SET private_chat = 1, directory_consent = user_id % 2")
    people = [FIRST_MEMBER + i for i in range(args.members)]

    events = services.events.repo
    polls = services.polls.repo
    update_id = 0
    answers = 0

    async def answer(poll_id: int, options: int, voters: list[int], at: datetime) -> None:
        nonlocal update_id, answers
        telegram_id = f"tp{poll_id}"
        await polls.record_message(poll_id, telegram_id, GROUP, poll_id, "poll", at)
        batch = []
        for user_id in voters:
            update_id += 1
            batch.append(
                RawAnswer(
                    update_id,
                    telegram_id,
                    user_id,
                    f"Membre {user_id}",
                    (rng.randrange(options),),
                    at + timedelta(minutes=rng.randrange(600)),
                )
            )
        await polls.add_answers(batch)
        answers += len(batch)

    start = NOW - timedelta(days=690)
    step = (NOW - timedelta(days=30) - start) / args.events
    for index in range(args.events):
        begins = start + step * index
        fields = EventFields(
            project_id=PROJECT,
            kind=rng.choice(["webinar", "visioconference"]),
            title=f"Webinaire n°{index + 1}",
            starts_at=begins,
            ends_at=begins + timedelta(minutes=90),
            timezone="Europe/Paris",
        )
        event_id = await events.insert(fields, [], created_by=None, now=begins - timedelta(days=7))
        invited = rng.sample(people, args.rsvps)
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO event_rsvps (event_id, user_id, answer, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [
                    (event_id, u, rng.choice(("yes", "yes", "maybe", "no")), to_iso(begins))
                    for u in invited
                ],
            )
        came = invited[: args.rsvps // 2]
        for kind, options in (("attendance", ("Oui", "Non")), ("satisfaction", tuple("54321"))):
            poll_id = await polls.create(
                NewPoll(
                    question=fields.title,
                    options=options,
                    project_id=PROJECT,
                    kind=kind,
                    event_id=event_id,
                    closes_at=fields.ends_at + timedelta(days=7),
                ),
                fields.ends_at,
            )
            await answer(poll_id, len(options), came, fields.ends_at)
        for user_id in came[:5]:
            await polls.add_comment(event_id, user_id, "x", GROUP, 1, "Très bien", fields.ends_at)
    per_poll = args.answers // args.polls
    for index in range(args.polls):
        created = start + (NOW - timedelta(days=10) - start) * index / args.polls
        poll_id = await polls.create(
            NewPoll(
                question=f"Question n°{index + 1} ?",
                options=("Oui", "Non", "Peut-être"),
                project_id=PROJECT,
            ),
            created,
        )
        await answer(poll_id, 3, rng.sample(people, per_poll), created)
    broadcasts = services.broadcasts.repo
    for index in range(args.announcements):
        when = start + timedelta(days=30 * index)
        broadcast_id = await broadcasts.create(
            author_id=None,
            content_type="text",
            body=f"Annonce n°{index + 1}",
            file_id=None,
            language="fr",
            timezone="Europe/Paris",
            now=when,
            source="cli",
            audience={"type": "project", "values": [PROJECT]},
            state="scheduled",
            scheduled_at=when,
        )
        await broadcasts.start(broadcast_id, when)
        await broadcasts.finish(
            broadcast_id, Figures(delivered=args.members - 40, unreachable=30, failed=10), when
        )
    return answers


async def run(args: argparse.Namespace) -> str:
    rng = random.Random(args.seed)
    kb = knowledge(args.organisations)
    with tempfile.TemporaryDirectory(prefix="coopbot-bench-report-") as tmp:
        settings = Settings(
            telegram={"token": "1:x"},
            storage={"path": Path(tmp) / "report.sqlite3"},
            default_timezone="Europe/Paris",
        )
        clock = FrozenClock(NOW)
        async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
            services.knowledge._use(kb)  # the shipped knowledge plus synthetic organisations
            answers = await seed(services, kb, args, rng)
            print(f"seeded: {answers} poll answers", file=sys.stderr)
            catalogue = services.catalogue
            service = services.activity
            began = time.perf_counter()
            project, period = service.parse_request(PROJECT)
            report = await service.build(project, period, "fr")
            built = time.perf_counter()
            files = render(report, catalogue)
            written = files.write(Path(tmp) / "out")
            elapsed = time.perf_counter() - began
            print(
                f"figures {built - began:.2f} s, files {elapsed - (built - began):.2f} s:"
                f" xlsx {len(files.xlsx) // 1024} KB, pdf {len(files.pdf) // 1024} KB"
                f" ({len(PAGE.findall(files.pdf))} pages),"
                f" {len(written) - 2} CSV",
                file=sys.stderr,
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"report: {len(report.organisations)} organisations, {len(report.events)} events,"
        f" {len(report.polls)} polls, {answers} answers, xlsx+pdf+csv in {elapsed:.1f} s,"
        f" RSS {rss:.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench report", description=__doc__)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--organisations", type=int, default=1_500)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rsvps", type=int, default=120, help="RSVPs per event")
    parser.add_argument("--polls", type=int, default=100)
    parser.add_argument("--answers", type=int, default=50_000, help="answers to quick polls")
    parser.add_argument("--announcements", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    print(asyncio.run(run(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
