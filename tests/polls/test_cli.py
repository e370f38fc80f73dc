"""``coopbot polls list|results|export`` on a database made by the repository."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.database import Database
from bot.storage.members import MembersRepository, Person
from bot.storage.polls import NewPoll, PollsRepository, RawAnswer

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _seed(path: Path) -> None:
    db = await Database.open(path)
    try:
        members = MembersRepository(db)
        await members.touch(Person(7, "Awa", "Diop"), NOW, private_chat=True)
        await members.update(7, NOW, organisation_id="cd-bambey", country_id="sn")
        repo = PollsRepository(db)
        poll_id = await repo.create(
            NewPoll(question="Utile ?", options=("Oui", "Non"), project_id="terress"), NOW
        )
        await repo.record_message(poll_id, "tp", -5001, 3, "poll", NOW)
        await repo.add_answers([RawAnswer(1, "tp", 7, "Awa Diop", (0,), NOW)])
    finally:
        await db.close()


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "coopbot.sqlite3"
    asyncio.run(_seed(path))
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:x")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_list_results_and_export(configured: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["polls", "list"]) == 0
    assert "#1\touvert\tTerr'ESS\tquick\tUtile ?" in capsys.readouterr().out
    assert main(["polls", "results", "1", "--chart", "chart.png"]) == 0
    out = capsys.readouterr().out
    assert "Oui : 1 (100 %)" in out and "Conseil départemental Bambey (1)" in out
    assert "<b>" not in out
    assert (configured / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert main(["polls", "export", "1"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["name"], r["organisation_id"], r["answer"], r["status"]) for r in rows] == [
        ("Awa Diop", "cd-bambey", "Oui", "current")
    ]
    assert main(["polls", "export", "1", "-o", "out.csv"]) == 0
    assert (configured / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfpoll_id,")


def test_unknown_poll(configured: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["polls", "export", "9"]) == 1
    assert "pas de sondage n° 9" in capsys.readouterr().err
