"""The terminal examples of the README, run as written (in-process, on a fresh database)."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import FrozenClock
from tests.conftest import NOW

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def examples(group: str) -> list[list[str]]:
    """The ``coopbot GROUP ...`` lines of the README's bash blocks, as argument lists."""
    lines = [
        line
        for block in re.findall(r"```bash\n(.*?)```", README, re.S)
        for line in block.splitlines()
        if line.startswith(f"coopbot {group} ")
    ]
    return [shlex.split(line)[1:] for line in lines]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("COOPBOT_CONFIG", "COOPBOT_DATA__PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    # Dated examples (--at "2027-12-01 09:00") are to come at the tests' "now", whatever today is.
    monkeypatch.setattr("bot.cli.CLOCK", FrozenClock(NOW))
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "4242:TEST-token")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "readme.sqlite3"))
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n" * 10))  # answers "Enregistrer ? [o/N]"
    monkeypatch.setattr("bot.cli.CLOCK", FrozenClock(NOW))  # the README's dates are to come
    return tmp_path


def test_the_events_examples_work_in_order(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commands = examples("events")
    assert [c[1] for c in commands] == ["add", "add", "list", "cancel"]
    for command in commands:
        assert main(command) == 0, command
    out = capsys.readouterr().out
    assert "Événement n°1 enregistré" in out and "Événement n°2 enregistré" in out
    assert "Événement n°2 annulé" in out


def test_the_broadcast_examples_are_accepted(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / "appel.html").write_text("<b>Appel</b> à projets &amp; infos\n", encoding="utf-8")
    commands = examples("broadcast")
    assert len(commands) == 2
    for command in commands:
        # A fresh roster: nobody to send to yet (exit 1), but the command itself is valid.
        assert main(command) == 1, command
    assert capsys.readouterr().out.count("Personne ne correspond à ce public") == 2
