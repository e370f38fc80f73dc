"""``coopbot events add|list|cancel`` in-process, on a temporary database, the terminal's
clock frozen at the suite's NOW (the dates used are in its future, whatever today is)."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import FrozenClock
from bot.storage.database import Database
from bot.storage.events import Event, EventsRepository
from bot.storage.members import MembersRepository
from tests.conftest import NOW
from tests.events.conftest import standard_roster

LINE = (
    "terress | webinaire | Économie sociale | 2027-03-12 14:00 | 90 | https://visio.example.org/ess"
)


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    for name in ("COOPBOT_CONFIG", "COOPBOT_DATA__PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "4242:TEST-token")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(path))
    monkeypatch.setattr("bot.cli.CLOCK", FrozenClock(NOW))

    async def seed() -> None:
        db = await Database.open(path)
        await standard_roster(MembersRepository(db), NOW)
        await db.close()

    asyncio.run(seed())
    return path


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        db = await Database.open(path)
        try:
            return [tuple(row) for row in await db.fetchall(sql)]
        finally:
            await db.close()

    return asyncio.run(run())


def test_add_list_and_cancel(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "add", LINE, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "vendredi 12 mars 2027 à 14:00 (Paris, UTC+1)" in out and "<b>" not in out
    assert "Événement n°1 enregistré" in out
    # The announcement is queued for the running bot: the group and the invited members.
    chats = {
        row[0] for row in query(db_file, "SELECT chat_id FROM outbox WHERE ref = 'event:1:new'")
    }
    assert chats == {-5001, 1001, 2001, 2002}
    assert main(["events", "list"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("#1\tprévu\t2027-03-12 14:00 Europe/Paris\tTerr'ESS\twebinar")
    assert main(["events", "cancel", "1", "--yes"]) == 0
    assert "Événement n°1 annulé" in capsys.readouterr().out
    # Nobody answered: only the linked group is told.
    told = query(db_file, "SELECT chat_id FROM outbox WHERE ref = 'event:1:cancelled'")
    assert told == [(-5001,)]
    assert main(["events", "list"]) == 0
    assert capsys.readouterr().out == "aucun événement\n"
    assert main(["events", "list", "--all"]) == 0
    assert "#1\tannulé" in capsys.readouterr().out
    assert main(["events", "cancel", "9", "--yes"]) == 1
    assert capsys.readouterr().err.startswith("coopbot : pas d'événement n° 9")


def test_bad_input_in_the_settings_language(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `events add` and `members list`: an unknown project gets a did-you-mean, in French."""
    assert main(["events", "list", "--project", "teress"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coopbot : projet inconnu « teress » (vouliez-vous dire : ")
    assert "terress" in err
    assert main(["events", "add", LINE, "--timezone", "Mars/X", "--yes"]) == 2
    assert capsys.readouterr().err.startswith("coopbot : fuseau horaire inconnu « Mars/X »")
    assert main(["events", "add", "--project", "coopr", "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coopbot : donnez la forme en une ligne, ou --kind, --title")


def test_add_with_options(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "events",
            "add",
            "--project",
            "coopr",
            "--kind",
            "visio",
            "--title",
            "Point mensuel",
            "--when",
            "12/03/2027 9h",
            "--duration",
            "1h",
            "--timezone",
            "Africa/Dakar",
            "--countries",
            "sn,am",
            "--offsets",
            "1d,0m",
            "--remind-all",
            "--place",
            "Dakar",
            "--yes",
        ]
    )
    assert code == 0, capsys.readouterr()

    async def stored() -> Event | None:
        db = await Database.open(db_file)
        try:
            return await EventsRepository(db).get(1)
        finally:
            await db.close()

    event = asyncio.run(stored())
    assert event is not None
    assert event.starts_at == datetime(2027, 3, 12, 9, 0, tzinfo=UTC)
    assert event.countries == ("sn", "am") and event.offsets == ("1d", "0m")
    assert event.remind_all and event.place == "Dakar" and event.timezone == "Africa/Dakar"


def test_declined_or_refused_saves_nothing(
    db_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["events", "add", LINE]) == 1
    assert "Rien n'a été enregistré." in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, no answer: no
    assert main(["events", "add", LINE]) == 1
    assert main(["events", "add", "terress | webinaire | Titre | 1/1/2020 10h | 90", "-y"]) == 1
    assert "déjà passée" in capsys.readouterr().err
    assert main(["events", "add", "terress | apéro | Titre | 12/03/2027 10h | 90", "-y"]) == 1
    assert "Type inconnu" in capsys.readouterr().err
    assert main(["events", "add", LINE, "--countries", "xx", "-y"]) == 1
    assert "Pays inconnu" in capsys.readouterr().err
    assert main(["events", "add", "--project", "terress"]) == 2
    assert main(["events", "add", LINE, "--timezone", "Mars/Olympus"]) == 2
    assert query(db_file, "SELECT COUNT(*) FROM events") == [(0,)]


def test_the_terminal_speaks_one_language(
    db_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: "Vérifiez avant d'enregistrer :" was followed by "Save? [y/N]"."""
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["events", "add", LINE]) == 1
    out = capsys.readouterr().out
    assert "Vérifiez avant d'enregistrer" in out and "Enregistrer ? [o/N]" in out
    assert "Save" not in out and "saved" not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["events", "add", LINE, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Save? [y/N]" in out and "Event #1 saved" in out and "Friday 12th March 2027" in out
    assert "Enregistrer" not in out and "Vérifiez" not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("o\n"))
    assert main(["events", "cancel", "1"]) == 0
    out = capsys.readouterr().out
    assert "Annuler l'événement n°1 ? [o/N]" in out and "Événement n°1 annulé" in out


def test_add_a_series_with_repeat(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["events", "add", "--project", "terress", "--kind", "visio", "--title", "Point"]
    base += ["--duration", "1h", "--timezone", "Europe/Paris", "--yes"]
    assert main([*base, "--repeat", "every 2 weeks on Tuesday 15:00"]) == 0, capsys.readouterr()
    assert "🔁 toutes les 2 semaines, le mardi" in capsys.readouterr().out
    # only the next few occurrences exist, each an event with the series' rule
    rows = query(db_file, "SELECT series_id, starts_at FROM events ORDER BY starts_at")
    assert len(rows) == 3 and {r[0] for r in rows} == {1}
    assert query(db_file, "SELECT rule FROM event_series") == [("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",)]
    # --when and --repeat: the day and the time come from --when; a start that does not fit
    # the rule is refused, and nothing is saved
    assert main([*base, "--when", "jeudi 10h", "--repeat", "chaque mardi"]) == 1
    assert "ne tombe pas" in capsys.readouterr().err
    assert main([*base, "--when", "jeudi 10h", "--repeat", "chaque semaine, 4 fois"]) == 0
    assert query(db_file, "SELECT rule FROM event_series WHERE id = 2") == [
        ("FREQ=WEEKLY;BYDAY=TH;COUNT=4",)
    ]
