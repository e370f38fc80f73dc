"""``python -m bench polls``: 2,000 members answer 20 polls through the emulator.

The real Application long-polls the local emulator over HTTP (``getUpdates`` in a loop,
``poll_interval`` 0, at most 100 updates per call, as PTB does). 2,000 members in 10 linked
groups answer 20 polls sent to those groups: 10,000 answers, of which some are changed or
retracted. The emulator's test API ``vote()`` produces, for each answer, a ``poll_answer``
update and a ``poll`` update (new counts), as Telegram does for a bot's own polls; the votes
are produced as fast as the emulator takes them.

Measured: answers stored / sent, lost, duplicated (comparing, per Telegram poll and voter,
the sequence of answers stored with the one sent), answers per second end to end (from the
first vote to the last answer written in SQLite), and the time to produce the results of the
largest poll (flush, figures, text and bar chart). The final counts of every poll are also
checked against the emulator's own counts.

Last line: ``polls: stored S/T, lost L, duplicated D, R answers/s, results X ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from pydantic import SecretStr

from bot.app import build_application, running
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import DeliverySettings, Settings, StorageSettings, TelegramSettings
from bot.storage.members import Person
from bot.storage.polls import NewPoll

TOKEN = "4343:BENCH-token-abcdefghijklmnopqrstuvwxyz"
COORDINATOR = 100
FIRST_MEMBER = 10_000
GROUP_BASE = -7_000


def plan(members: int, polls: int, answers: int, seed: int) -> list[tuple[int, int, list[int]]]:
    """(member index, poll index, option ids) in sending order; ``[]`` retracts.

    Every member answers poll 0 (the largest); the other first answers are spread over the
    other polls; about 8 % of the answers are changes and 2 % retractions."""
    rng = random.Random(seed)
    changes = answers * 8 // 100
    retractions = answers * 2 // 100
    firsts = answers - changes - retractions
    pairs: list[tuple[int, int]] = [(m, 0) for m in range(members)]
    taken = set(pairs)
    while len(pairs) < firsts:
        pair = (rng.randrange(members), rng.randrange(1, polls))
        if pair not in taken:
            taken.add(pair)
            pairs.append(pair)
    rng.shuffle(pairs)
    votes: list[tuple[int, int, list[int]]] = [(m, p, [rng.randrange(3)]) for m, p in pairs]
    current = {(m, p): options for m, p, options in votes}
    # Changes and retractions come after the first answers they change.
    later: list[tuple[int, int, list[int]]] = []
    voted = list(current)
    rng.shuffle(voted)
    for m, p in voted[:changes]:
        previous = current[(m, p)][0]
        later.append((m, p, [(previous + 1 + rng.randrange(2)) % 3]))
    for m, p in voted[changes : changes + retractions]:
        later.append((m, p, []))
    return votes + later


async def seed(services: Services, sandbox: Sandbox, members: int, groups: int) -> list[int]:
    """Members (with organisations and countries) and linked groups; returns the groups."""
    kb = services.knowledge.kb
    organisations = [o for o in kb.members("terress") if o.merged_into is None]
    repo = services.members.repo
    now = services.clock.now()
    sandbox.add_user(COORDINATOR, "Claire", language_code="fr")
    chat_ids = [GROUP_BASE - g for g in range(groups)]
    group_members: dict[int, list[int]] = defaultdict(list)
    for index in range(members):
        user_id = FIRST_MEMBER + index
        sandbox.add_user(user_id, f"Membre{index}", language_code="fr" if index % 4 else "en")
        group_members[chat_ids[index % groups]].append(user_id)
    for number, chat_id in enumerate(chat_ids):
        sandbox.add_group(chat_id, f"Terr'ESS {number}", members=group_members[chat_id])
        await repo.upsert_group(chat_id, f"Terr'ESS {number}", "group", now)
        await repo.link_group(chat_id, "terress", COORDINATOR, now)
    for index in range(members):
        user_id = FIRST_MEMBER + index
        organisation = organisations[index % len(organisations)]
        await repo.touch(Person(user_id, f"Membre{index}"), now, private_chat=False)
        await repo.update(
            user_id, now, organisation_id=organisation.id, country_id=organisation.country
        )
    return chat_ids


async def run(members: int, polls: int, answers: int, groups: int, seed_value: int) -> str:
    with tempfile.TemporaryDirectory(prefix="coopbot-bench-") as tmp:
        return await _run(Path(tmp), members, polls, answers, groups, seed_value)


async def _run(
    folder: Path, members: int, polls: int, answers: int, groups: int, seed_value: int
) -> str:
    async with Sandbox(TOKEN) as sandbox:
        settings = Settings(
            telegram=TelegramSettings(
                token=SecretStr(TOKEN),
                api_base_url=sandbox.api_base_url,
                file_base_url=sandbox.file_base_url,
                poll_timeout=10,
            ),
            storage=StorageSettings(path=folder / "bench.sqlite3"),
            coordinators=[COORDINATOR],
            delivery=DeliverySettings(
                overall_per_second=10_000,
                per_chat_per_second=10_000,
                per_group_per_minute=600_000,
            ),
        )
        application = build_application(settings)
        async with running(application, poll_timeout=10):
            services = application.bot_data.services
            assert services is not None
            chat_ids = await seed(services, sandbox, members, groups)
            made = []
            for number in range(polls):
                sent = await services.polls.create(
                    NewPoll(
                        question=f"Question {number + 1} : ce webinaire vous a-t-il été utile ?",
                        options=("Oui", "Plutôt oui", "Non"),
                        project_id="terress",
                        to_private=False,
                        created_by=COORDINATOR,
                    )
                )
                made.append(sent.poll.id)
            await services.delivery.wait_idle()
            # Telegram poll id of each (our poll, group).
            telegram: dict[tuple[int, int], str] = {}
            for index, poll_id in enumerate(made):
                for message in await services.polls.repo.messages(poll_id):
                    telegram[(index, message.chat_id)] = message.telegram_poll_id
            assert len(telegram) == polls * groups, "every group got every poll"
            votes = plan(members, polls, answers, seed_value)
            sent_sequences: dict[tuple[str, int], list[tuple[int, ...]]] = defaultdict(list)
            calls_before = len(sandbox.calls("getUpdates"))
            started = time.perf_counter()
            for count, (member, poll_index, options) in enumerate(votes):
                user_id = FIRST_MEMBER + member
                telegram_poll_id = telegram[(poll_index, chat_ids[member % groups])]
                await sandbox.vote(user_id, telegram_poll_id, options)
                sent_sequences[(telegram_poll_id, user_id)].append(tuple(options))
                if count % 200 == 199:
                    await asyncio.sleep(0)  # the emulator hands them out meanwhile
            produced = time.perf_counter() - started
            total = len(votes)
            db = services.db
            deadline = time.perf_counter() + 120
            stored = 0
            while time.perf_counter() < deadline:
                stored = int(await db.fetchval("SELECT COUNT(*) FROM poll_answers") or 0)
                if (
                    stored >= total
                    and not sandbox.pending_updates()
                    and not services.polls.buffered
                ):
                    break
                await asyncio.sleep(0.01)
            elapsed = time.perf_counter() - started
            await asyncio.sleep(0.2)
            await services.polls.flush()
            rows = await db.fetchall(
                "SELECT telegram_poll_id, user_id, option_ids FROM poll_answers ORDER BY update_id"
            )
            stored_sequences: dict[tuple[str, int], list[tuple[int, ...]]] = defaultdict(list)
            for row in rows:
                chosen = tuple(int(i) for i in row[2].split(",")) if row[2] else ()
                stored_sequences[(row[0], row[1])].append(chosen)
            lost = duplicated = 0
            for key in set(sent_sequences) | set(stored_sequences):
                want, got = sent_sequences.get(key, []), stored_sequences.get(key, [])
                lost += max(0, len(want) - len(got))
                duplicated += max(0, len(got) - len(want))
                if len(want) == len(got) and want != got:
                    lost += sum(1 for a, b in zip(want, got, strict=True) if a != b)
            matched = len(rows) - duplicated
            update_calls = sandbox.calls("getUpdates")[calls_before:]
            calls = len(update_calls)
            in_emulator = sum(c.duration or 0.0 for c in update_calls if c.params.get("offset"))
            # The final counts of each poll equal the emulator's.
            mismatched = 0
            for index, poll_id in enumerate(made):
                expected = [0, 0, 0]
                for chat_id in chat_ids:
                    state = sandbox.poll(telegram[(index, chat_id)])
                    for option, data in enumerate(state["options"]):
                        expected[option] += data["voter_count"]
                results = await services.polls.results(poll_id)
                mismatched += list(results.counts) != expected
            # Results of the largest poll, as /results makes them: figures, text and chart.
            largest = made[0]
            began = time.perf_counter()
            results = await services.polls.results(largest)
            text = services.polls.reports.text(results, "fr", settings.zone)
            png = await services.polls.reports.chart(results, "fr")
            results_ms = (time.perf_counter() - began) * 1000
            began = time.perf_counter()
            results = await services.polls.results(largest)
            services.polls.reports.text(results, "fr", settings.zone)
            await services.polls.reports.chart(results, "fr")
            warm_ms = (time.perf_counter() - began) * 1000
        rate = total / elapsed if elapsed else 0.0
        print(f"members {members}, groups {groups}, polls {polls}, answers sent {total}")
        print(
            f"votes produced in {produced:.2f} s; last answer written after {elapsed:.2f} s;"
            f" {calls} getUpdates calls for {2 * total} updates"
            f" ({2 * total / max(calls, 1):.0f} per call, limit 100, poll_interval 0);"
            f" {in_emulator:.2f} s of them inside the emulator's getUpdates"
        )
        print(
            f"largest poll #{largest}: {results.voters} voters, {len(text)} characters of"
            f" text, chart {len(png) // 1024} KiB; results {results_ms:.0f} ms cold,"
            f" {warm_ms:.0f} ms warm; final counts differing from Telegram's:"
            f" {mismatched}/{polls} polls"
        )
        return (
            f"polls: stored {matched}/{total}, lost {lost}, duplicated {duplicated},"
            f" {rate:.0f} answers/s, results {results_ms:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench polls", description=__doc__)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--polls", type=int, default=20)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # busy loop: skipped ticks
    line = asyncio.run(run(args.members, args.polls, args.answers, args.groups, args.seed))
    print(line)


if __name__ == "__main__":
    main()
