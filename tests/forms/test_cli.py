"""``coopbot forms list|progress|export|load`` on a database where one organisation sent its
self-assessment and another started it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from bot.cli import main
from bot.settings import Settings
from tests.conftest import ALICE, NOW
from tests.forms.conftest import ORG, TERRESS, terminal_on_a_copy
from tests.forms.test_service import complete


@pytest.fixture
def terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return terminal_on_a_copy(tmp_path, monkeypatch)


async def seed(tmp_path: Path) -> None:
    from bot.cli import services

    settings = Settings(
        storage={"path": tmp_path / "cli.sqlite3"}, data={"path": tmp_path / "data"}
    )
    async with services(settings) as built:
        await built.forms.load()
        form = built.forms.form(TERRESS)
        await built.forms.answer_many(TERRESS, [(ORG, complete(form))], ALICE, submit=True)
        await built.forms.answer_many(TERRESS, [("cd-bambey", {"maturite": 5})], None)


def run(argv: list[str]) -> int:
    return main(argv)


def test_list_progress_export_and_load(
    terminal: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    import asyncio

    asyncio.run(seed(tmp_path))
    assert run(["forms", "list"]) == 0
    out = capsys.readouterr().out
    assert "terress-autodiag\tterress\t" in out and "envoyé : 1 sur 31" in out
    assert run(["forms", "progress", "Terr'ESS", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "sent: 1 · in progress: 1 · not started: 29" in out
    assert "✅ Association of the Municipalities of Atlantique and Littoral" in out
    assert run(["forms", "export", "terress"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 31
    assert {r["organisation_id"]: r["Statut"] for r in rows}["cd-bambey"] == "en cours"
    assert run(["forms", "export", "terress", "-o", str(tmp_path / "out.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert sheet.max_row == 32 and sheet["A1"].value == "organisation_id"
    assert run(["forms", "progress", "nothing"]) == 1
    assert "Je ne connais pas ce questionnaire" in capsys.readouterr().err
    # An edit that removes a question: said, with how many organisations lose an answer.
    file = terminal / "forms" / "terress-autodiagnostic.toml"
    text = file.read_text(encoding="utf-8")
    start = text.index('[[section.question]]\nid = "maturite"')
    end = text.index('[[section]]\nid = "ecosysteme"')
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    assert run(["forms", "load"]) == 0
    out = capsys.readouterr().out
    assert "terress-autodiag : nouvelle version enregistrée" in out
    assert "réponses à maturite abandonnées (question retirée du fichier, 2 organisations)" in out
    file.write_text(text.replace('type = "scale"', 'type = "stars"', 1), encoding="utf-8")
    assert run(["forms", "load"]) == 1
    err = capsys.readouterr().err
    assert "terress-autodiagnostic.toml [terress-autodiag/maturite] type : valeur non" in err
    assert err.count("[terress-autodiag/maturite] type :") == 1 and "not loaded" not in err
    # ...and no English log line repeats it on the terminal.
    assert not [r for r in caplog.records if "not loaded" in r.getMessage()]
    # coopbot data check sees the same problem, with the other files' problems (none here).
    assert run(["data", "check", str(terminal)]) == 1
    err = capsys.readouterr().err
    assert "terress-autodiagnostic.toml [terress-autodiag/maturite] type : valeur non" in err
    assert "Input should be" not in err and "1 problème" in err


def test_deadline_sets_a_new_deadline_kept_until_the_file_changes_it(
    terminal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    day = (NOW + timedelta(days=90)).date()
    assert run(["forms", "deadline", "terress", day.isoformat()]) == 0
    assert "terress-autodiag : nouvelle date limite" in capsys.readouterr().out
    assert run(["forms", "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(TERRESS))
    assert day.isoformat() in line
    past = (NOW - timedelta(days=3)).date().isoformat()
    assert run(["forms", "deadline", "terress", past]) == 1
    assert "déjà passée" in capsys.readouterr().err
    # The file gets a deadline of its own: the file wins.
    file = terminal / "forms" / "terress-autodiagnostic.toml"
    own = (NOW + timedelta(days=5)).date()
    text = file.read_text(encoding="utf-8")
    file.write_text(
        "\n".join(
            f"deadline = {own.isoformat()}" if x.startswith("deadline = ") else x
            for x in text.splitlines()
        ),
        encoding="utf-8",
    )
    assert run(["forms", "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(TERRESS))
    assert own.isoformat() in line and day.isoformat() not in line
