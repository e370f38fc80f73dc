"""``coopbot report`` in-process, on the database of a scenario played through the bot, with no
Telegram token and the terminal's clock frozen at the scenario's time."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from bot.cli import main
from bot.clock import FrozenClock
from bot.render.report_tables import headline_lines
from bot.sandbox import Sandbox
from bot.services import Services
from tests.report.test_e2e_report import play


@pytest.fixture
def terminal(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("COOPBOT_CONFIG", "COOPBOT_DATA__PATH", "COOPBOT_TELEGRAM__TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no config.toml here: no token anywhere
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(db_path))
    return tmp_path / "out"


@pytest.fixture
async def played(
    app: Any,
    services: Services,
    sandbox: Sandbox,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> Services:
    """The scenario played through the bot, the terminal's clock frozen at its end."""
    await play(services, sandbox, clock)
    monkeypatch.setattr("bot.cli.CLOCK", FrozenClock(clock.now()))
    return services


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


async def run(args: list[str]) -> int:
    return await asyncio.to_thread(main, args)


async def test_cli_writes_every_file_and_prints_the_headline(
    played: Services, terminal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = played
    assert (
        await run(["report", "--project", "Terr'ESS", "--lang", "en", "--out", str(terminal)]) == 0
    )
    out = capsys.readouterr().out
    project, period = services.activity.parse_request("terress")
    report = await services.activity.build(project, period, "en")
    for label, value in headline_lines(report, services.catalogue):
        assert f"{label}: {value}" in out
    assert "Organisations active at least once: 3 / " in out
    names = listing(terminal)
    assert {"report.xlsx", "report.pdf", "events.csv", "organisations.csv", "silent.csv"} <= names
    assert {"countries.csv", "polls.csv", "poll_countries.csv", "announcements.csv"} <= names
    book = openpyxl.load_workbook(io.BytesIO((terminal / "report.xlsx").read_bytes()))
    assert book.sheetnames[:3] == ["Summary", "Events", "Organisations"]
    text = PdfReader(io.BytesIO((terminal / "report.pdf").read_bytes())).pages[0].extract_text()
    assert "Activity report — Terr'ESS" in text
    assert (terminal / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfNo.,Date,Type")


async def test_cli_refusals(
    played: Services, terminal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(terminal)
    assert await run(["report", "--project", "teress", "--out", out]) == 1
    assert "Vouliez-vous dire Terr'ESS" in capsys.readouterr().err
    args = ["report", "--project", "terress", "--out", out]
    assert await run([*args, "--from", "2026-06-01", "--to", "2026-01-01"]) == 1
    assert "à l'envers" in capsys.readouterr().err
    assert await run([*args, "--from", "2019-01-01", "--to", "2019-12-31"]) == 1
    assert "en dehors de Terr'ESS" in capsys.readouterr().err
    assert await run([*args, "--period", "T1 2025"]) == 1
    assert "Rien à rapporter" in capsys.readouterr().err
    assert await run([*args, "--from", "2026-13-01"]) == 1
    assert "AAAA-MM-JJ" in capsys.readouterr().err
    assert not listing(terminal)  # nothing written
    assert await run([*args, "--from", "2026-11-01"]) == 0
    assert "report.pdf" in capsys.readouterr().err
