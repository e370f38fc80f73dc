"""The terminal needs a token only to talk to Telegram: the commands that read or write the
database or the knowledge files run without one, with every other setting applied."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.loader import default_data_dir
from bot.storage.database import Database
from bot.storage.members import MembersRepository


@pytest.fixture
def no_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without config.toml, and no COOPBOT_* variable at all."""
    for name in list(os.environ):
        if name.startswith("COOPBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def own_data(tmp_path: Path) -> Path:
    """A coordinator's copy of the data where COOP'R is also called HYDR'EAU, funded at 42 %."""
    target = tmp_path / "mydata"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("__*"))
    projects = target / "projects.toml"
    text = projects.read_text(encoding="utf-8")
    assert 'aliases = ["COOPR", ' in text and "co_financing_rate = 50.0" in text
    text = text.replace('aliases = ["COOPR", ', 'aliases = ["HYDR\'EAU", "COOPR", ', 1)
    text = text.replace("co_financing_rate = 50.0", "co_financing_rate = 42.0", 1)
    projects.write_text(text, encoding="utf-8")
    return target


def test_ask_answers_from_data_path_without_a_token(
    no_token: Path, own_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(no_token), "COOPBOT_DATA__PATH": str(own_data)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "Qui finance HYDR'EAU ?"],
        cwd=no_token,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "COOP'R est cofinancé à 42\u00a0% par la DAECT" in result.stdout
    assert "Terr'ESS" not in result.stdout


def test_ask_and_data_check_honour_the_config_file(
    no_token: Path, own_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = no_token / "config.toml"
    config.write_text(f'[data]\npath = "{own_data}"\n', encoding="utf-8")
    assert main(["ask", "qui finance HYDR'EAU ?"]) == 0
    assert "42\u00a0%" in capsys.readouterr().out
    assert main(["data", "check"]) == 0
    assert capsys.readouterr().out == f"Aucun problème dans {own_data}\n"


def test_a_data_path_that_does_not_exist_is_not_replaced_by_the_bundled_data(
    no_token: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COOPBOT_DATA__PATH", "/x")
    assert main(["data", "check"]) == 1
    assert "/x : dossier de données introuvable" in capsys.readouterr().err
    assert main(["ask", "qui finance COOP'R ?"]) == 1
    captured = capsys.readouterr()
    assert "/x" in captured.err and captured.out == ""


def test_data_load_writes_to_storage_path_without_a_token(
    no_token: Path,
    own_data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = no_token / "elsewhere.sqlite3"
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(database))
    assert main(["data", "load", str(own_data)]) == 0
    out = capsys.readouterr().out
    assert f"({database})" in out
    # One language, counts agreeing: "1 projet", "2 pays", never "1 project" or "(s)".
    assert out.startswith("Données chargées : ") and "(s)" not in out, out
    assert " country" not in out and " project," not in out
    assert database.exists() and not (no_token / "coopbot.sqlite3").exists()


def test_events_members_polls_broadcast_run_without_a_token(
    no_token: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = no_token / "prod.toml"
    config.write_text('[storage]\npath = "prod.sqlite3"\n', encoding="utf-8")
    monkeypatch.setenv("COOPBOT_CONFIG", str(config))
    monkeypatch.setenv("COOPBOT_DEFAULT_TIMEZONE", "Africa/Dakar")
    assert main(["events", "list"]) == 0
    assert capsys.readouterr().out == "aucun événement\n"
    line = "terress | webinaire | Économie sociale | demain 14h | 90"
    assert main(["events", "add", line, "--yes"]) == 0
    assert "Événement n°1 enregistré" in capsys.readouterr().out
    assert main(["events", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("#1\tprévu\t") and " 14:00 Africa/Dakar\t" in listed
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["events", "cancel", "1"]) == 0
    assert "Événement n°1 annulé" in capsys.readouterr().out
    assert main(["members", "list"]) == 0
    assert "0 membre\n" in capsys.readouterr().out
    assert main(["polls", "list"]) == 0
    assert capsys.readouterr().out == "aucun sondage\n"
    # An announcement queued for the running bot: nothing is sent from here.
    asyncio.run(link_a_group(no_token / "prod.sqlite3"))
    (no_token / "msg.html").write_text("<b>Bonjour</b>", encoding="utf-8")
    assert main(["broadcast", "--file", "msg.html", "--audience", "groups", "--yes"]) == 0
    assert "Annonce n° 1 mise en file d'attente." in capsys.readouterr().out
    assert main(["broadcast", "--list"]) == 0
    assert "   1  prévue" in capsys.readouterr().out
    assert main(["broadcast", "--report", "1"]) == 0
    assert capsys.readouterr().out == "Annonce n° 1 : prévue\n"
    assert main(["broadcast", "--cancel", "1"]) == 0
    assert "Annonce n° 1 annulée" in capsys.readouterr().out
    assert not (no_token / "coopbot.sqlite3").exists()


async def link_a_group(path: Path) -> None:
    db = await Database.open(path)
    try:
        repo = MembersRepository(db)
        now = datetime.now(UTC)
        await repo.upsert_group(-5001, "Terr'ESS", "group", now)
        await repo.link_group(-5001, "terress", 1, now)
    finally:
        await db.close()
