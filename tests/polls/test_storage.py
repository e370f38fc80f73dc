"""The poll repository and the results, on a real SQLite file: answers in any order, twice,
changed, retracted, late, before their Telegram poll is known; organisation at the time."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.i18n import Catalogue
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.names import Loaded
from bot.reports import PollReports, current_answers
from bot.storage.database import Database
from bot.storage.members import MembersRepository, Person
from bot.storage.polls import NewPoll, PollsRepository, RawAnswer, RawTotals
from bot.timezones import zone

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GROUP_TP, ALICE_TP, BOB_TP = "tp-group", "tp-alice", "tp-bob"
GROUP = -5001
PARIS = zone("Europe/Paris")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "polls.sqlite3")
    yield database
    await database.close()


@pytest.fixture
async def repo(db: Database) -> PollsRepository:
    members = MembersRepository(db)
    for user_id, org, country in (
        (1, "acal", "bj"),
        (2, "acal", "bj"),
        (3, "cr-ouest-cameroun", "cm"),
        (4, None, None),
    ):
        await members.touch(Person(user_id, f"P{user_id}"), NOW, private_chat=True)
        await members.update(user_id, NOW, organisation_id=org, country_id=country)
    return PollsRepository(db)


def answer(update_id: int, tp: str, user_id: int, *options: int, minutes: int = 0) -> RawAnswer:
    return RawAnswer(
        update_id, tp, user_id, f"P{user_id}", options, NOW + timedelta(minutes=minutes)
    )


async def make_poll(repo: PollsRepository, **changes: object) -> int:
    fields: dict[str, object] = {
        "question": "Utile ?",
        "options": ("Oui", "Non", "Sans avis"),
        "project_id": "terress",
        **changes,
    }
    poll_id = await repo.create(NewPoll(**fields), NOW)  # type: ignore[arg-type]
    await repo.record_message(poll_id, GROUP_TP, GROUP, 10, "poll", NOW)
    await repo.record_message(poll_id, ALICE_TP, 1, 11, "poll", NOW)
    return poll_id


async def test_a_poll_round_trips(repo: PollsRepository) -> None:
    poll_id = await make_poll(repo, multiple=True, closes_at=NOW + timedelta(days=1))
    poll = await repo.get(poll_id)
    assert poll is not None
    assert poll.options == ("Oui", "Non", "Sans avis")
    assert poll.multiple and not poll.anonymous and poll.closes_at == NOW + timedelta(days=1)
    assert [p.id for p in await repo.to_close()] == [poll_id]
    assert await repo.mark_closed(poll_id, NOW)
    assert not await repo.mark_closed(poll_id, NOW)  # closing happens once
    assert await repo.to_close() == []
    assert {m.chat_id for m in await repo.unstopped()} == {GROUP, 1}  # closed, not stopped
    await repo.mark_stopped([GROUP_TP, ALICE_TP], NOW)
    assert await repo.unstopped() == []
    assert [m.chat_id for m in await repo.messages(poll_id)] == [GROUP, 1]


async def test_the_same_update_twice_is_stored_once(repo: PollsRepository) -> None:
    poll_id = await make_poll(repo)
    await repo.add_answers([answer(1, GROUP_TP, 1, 0), answer(2, GROUP_TP, 2, 1)])
    await repo.add_answers([answer(1, GROUP_TP, 1, 0)])  # re-delivered
    counts = await repo.answer_counts(poll_id)
    assert counts.rows == 2


async def test_current_answer_follows_telegrams_order_not_arrival(
    repo: PollsRepository, kb: KnowledgeBase
) -> None:
    poll_id = await make_poll(repo)
    # User 1 votes Oui (update 5) then changes to Non (update 7); the change arrives first.
    await repo.add_answers([answer(7, GROUP_TP, 1, 1)])
    await repo.add_answers([answer(5, GROUP_TP, 1, 0)])
    # User 3 votes then retracts.
    await repo.add_answers([answer(6, GROUP_TP, 3, 0), answer(8, GROUP_TP, 3)])
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    results = await reports.results(poll)
    assert results.counts == (0, 1, 0)
    assert results.voters == 1 and results.retracted == 1
    assert results.received == 4


async def test_one_voter_in_two_chats_counts_once(repo: PollsRepository, kb: KnowledgeBase) -> None:
    poll_id = await make_poll(repo)
    await repo.add_answers(
        [answer(1, GROUP_TP, 1, 0), answer(2, ALICE_TP, 1, 2), answer(3, ALICE_TP, 1)]
    )
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    results = await reports.results(poll)
    # Her latest answer (Sans avis, in private) was retracted: her group answer stands.
    assert results.counts == (1, 0, 0)
    assert results.voters == 1


async def test_answers_before_their_telegram_poll_is_known_are_kept(
    repo: PollsRepository,
) -> None:
    poll_id = await make_poll(repo)
    await repo.add_answers([answer(1, BOB_TP, 2, 1)])
    assert (await repo.answer_counts(poll_id)).rows == 0
    assert (await repo.answer_counts(poll_id)).unlinked == 1
    await repo.record_message(poll_id, BOB_TP, 2, 12, "poll", NOW)
    assert (await repo.answer_counts(poll_id)).rows == 1
    assert [a.user_id for a in await repo.latest_answers(poll_id)] == [2]


async def test_answers_after_closing_are_late_and_not_counted(
    repo: PollsRepository, kb: KnowledgeBase
) -> None:
    poll_id = await make_poll(repo)
    await repo.add_answers([answer(1, GROUP_TP, 1, 0, minutes=1)])
    await repo.mark_closed(poll_id, NOW + timedelta(minutes=5))
    await repo.add_answers(
        [answer(2, GROUP_TP, 2, 1, minutes=6), answer(3, GROUP_TP, 1, 1, minutes=7)]
    )
    # An answer received before the closing but written after it is not late.
    await repo.add_answers([answer(4, GROUP_TP, 3, 2, minutes=4)])
    counts = await repo.answer_counts(poll_id)
    assert (counts.rows, counts.late) == (4, 2)
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    results = await reports.results(poll)
    assert results.counts == (1, 0, 1)
    assert results.late == 2
    assert "2 réponses arrivées après la clôture" in reports.text(results, "fr", PARIS)


async def test_organisation_and_country_are_those_at_the_time(
    repo: PollsRepository, db: Database, kb: KnowledgeBase
) -> None:
    poll_id = await make_poll(repo)
    await repo.add_answers([answer(1, GROUP_TP, 1, 0)])
    await MembersRepository(db).update(1, NOW, organisation_id="grand-est", country_id="fr")
    rows = await repo.latest_answers(poll_id)
    assert (rows[0].organisation_id, rows[0].country_id) == ("acal", "bj")


async def test_participation_by_organisation_and_country(
    repo: PollsRepository, kb: KnowledgeBase
) -> None:
    poll_id = await make_poll(repo)
    await repo.add_answers(
        [
            answer(1, GROUP_TP, 1, 0),
            answer(2, GROUP_TP, 2, 0),
            answer(3, GROUP_TP, 3, 1),
            answer(4, GROUP_TP, 4, 2),
        ]
    )
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    results = await reports.results(poll)
    assert {o.id: o.voters for o in results.answered} == {"acal": 2, "cr-ouest-cameroun": 1}
    expected = [o.id for o in kb.members("terress")]
    assert results.expected == len(expected) == 31
    assert "acal" not in results.missing and "gic" in results.missing
    assert len(results.missing) == 29
    assert results.unaffiliated == 1
    benin = next(c for c in results.countries if c.id == "bj")
    assert (benin.organisations, benin.answered, benin.voters) == (2, 1, 2)
    text = reports.text(results, "fr", PARIS)
    assert "Organisations membres : 2 sur 31 ont répondu" in text
    assert "Association des communes de l&#x27;Atlantique et du Littoral (2)" in text
    assert (
        "Bénin : 1/2 organisations, 2 votants\n"
        "    ⏳ pas encore : Groupement intercommunal des Collines\n"
    ) in text
    assert "Cameroun : 1/6 organisations, 1 votant\n    ⏳ pas encore : " in text
    assert "<b>Oui : 2 (50 %)</b>" in text
    english = reports.text(results, "en", PARIS)
    assert "Member organisations: 2 of 31 answered" in english and "Benin: 1/2" in english
    assert len(text) < 4096


async def test_anonymous_polls_have_only_totals(repo: PollsRepository, kb: KnowledgeBase) -> None:
    poll_id = await make_poll(repo, anonymous=True)
    await repo.add_totals(
        [
            RawTotals(5, GROUP_TP, (2, 1, 0), 3, False, NOW),
            RawTotals(3, GROUP_TP, (1, 0, 0), 1, False, NOW),  # older, arrives late: ignored
            RawTotals(4, ALICE_TP, (0, 0, 1), 1, False, NOW),
        ]
    )
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    results = await reports.results(poll)
    assert results.counts == (2, 1, 1) and results.voters == 4
    assert "Sondage anonyme" in reports.text(results, "fr", PARIS)
    rows = list(csv.reader(io.StringIO((await reports.csv(poll)).decode("utf-8-sig"))))
    assert rows[1][3:] == ["Oui", "2"] and rows[-1][3:] == ["total", "4"]


async def test_csv_has_every_answer_with_its_status(
    repo: PollsRepository, kb: KnowledgeBase
) -> None:
    poll_id = await make_poll(repo, question="=cmd|' /C calc'!A0")
    await repo.add_answers(
        [
            answer(1, GROUP_TP, 1, 0),
            answer(2, GROUP_TP, 1, 1),
            answer(3, GROUP_TP, 3, 2),
            answer(4, GROUP_TP, 3),
        ]
    )
    await repo.mark_closed(poll_id, NOW + timedelta(minutes=1))
    await repo.add_answers([answer(5, GROUP_TP, 2, 0, minutes=2)])
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    data = await reports.csv(poll)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read the accents
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["user_id"], r["answer"], r["status"]) for r in rows] == [
        ("1", "Oui", "changed"),
        ("1", "Non", "current"),
        ("3", "Sans avis", "changed"),
        ("3", "", "retracted"),
        ("2", "Oui", "late"),
    ]
    assert rows[0]["organisation"].startswith("Association des communes")
    assert rows[0]["country"] == "Bénin"
    assert rows[0]["question"].startswith("'=")  # never run as a formula


def test_current_answers_of_nobody() -> None:
    assert current_answers([]) == ({}, set())


async def test_chart_is_a_png_made_without_any_warning(
    repo: PollsRepository, kb: KnowledgeBase
) -> None:
    import matplotlib

    poll_id = await make_poll(
        repo,
        question="Le webinaire 🎉 vous a-t-il coûté plus de 5 $ ou 10 $ ?",
        options=("Oui $x^2$", "Non 🦄🏳️‍🌈", "Sans avis " + "très long " * 12),
    )
    await repo.add_answers([answer(1, GROUP_TP, 1, 0), answer(2, GROUP_TP, 2, 2)])
    reports = PollReports(repo, Catalogue.bundled(), Loaded(kb))
    poll = await repo.get(poll_id)
    assert poll is not None
    results = await reports.results(poll)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = await reports.chart(results, "fr")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert matplotlib.get_backend().lower() == "agg"
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    assert width == 1080 and height > width / 2  # phone width, tall enough for 3 bars


async def test_forgetting_a_person_deletes_their_answers(repo: PollsRepository) -> None:
    poll_id = await make_poll(repo, created_by=1)
    await repo.add_answers([answer(1, ALICE_TP, 1, 0), answer(2, GROUP_TP, 2, 0)])
    await repo.add_comment(4, 1, "P1", 1, 99, "Bien", NOW)
    mine = await repo.personal_data(1)
    assert [a["option_ids"] for a in mine["answers"]] == ["0"]
    assert [c["text"] for c in mine["comments"]] == ["Bien"]
    await repo.forget_user(1)
    assert await repo.personal_data(1) == {"answers": [], "comments": []}
    assert [a.user_id for a in await repo.latest_answers(poll_id)] == [2]
    assert [m.chat_id for m in await repo.messages(poll_id)] == [GROUP]  # her private copy
    poll = await repo.get(poll_id)
    assert poll is not None and poll.created_by is None


async def test_buffered_answers_are_written_at_stop(db: Database, repo: PollsRepository) -> None:
    """The service buffers answers (no I/O in the handler) and writes them in batches; what
    is still buffered at shutdown is written by ``stop()``."""
    from telegram import Bot

    from bot.clock import FrozenClock
    from bot.delivery import Delivery
    from bot.members import MembersService
    from bot.polls import PollsService
    from bot.scheduling import Scheduler
    from bot.settings import Settings
    from bot.storage.outbox import OutboxRepository

    poll_id = await make_poll(repo)
    settings = Settings(telegram={"token": "1:x"}, storage={"path": db.path})
    clock = FrozenClock(NOW)
    catalogue = Catalogue.bundled()
    kb = load_knowledge()
    delivery = Delivery(OutboxRepository(db), Bot("1:x"), settings.delivery, clock)
    service = PollsService(
        repo,
        PollReports(repo, catalogue, Loaded(kb)),
        MembersService(MembersRepository(db), settings, clock),
        delivery,
        Scheduler(clock),
        catalogue,
        settings,
        clock,
        Loaded(kb),
        flush_interval=3600,  # the background writer would wait an hour
        batch_size=10_000,
    )
    await service.start()
    for update_id in range(1, 301):
        service.record_answer(update_id, GROUP_TP, update_id % 3 + 1, "P", [update_id % 2])
    service.record_totals(301, GROUP_TP, [2, 1, 0], 3, False)
    assert service.buffered == 300
    assert (await repo.answer_counts(poll_id)).rows == 0
    await service.stop()
    assert service.buffered == 0
    assert (await repo.answer_counts(poll_id)).rows == 300
    assert await repo.totals(poll_id) == ([2, 1, 0], 3)
