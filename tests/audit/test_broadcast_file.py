"""``coopbot broadcast --file``: what Telegram would refuse is refused before anything is
queued, with its line and column (README, "Announcements" in the terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.broadcast import check_html
from bot.cli import main


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("Réunion R&D demain", "line 1, column 10: write & as &amp;"),
        ("Budget &copy; 2026", "line 1, column 8: write & as &amp;"),
        ("Titre\nsi a < b alors", "line 2, column 6: write < as &lt;"),
        ("x<y", "line 1, column 2: write < as &lt;"),
        ("Bonjour\n\n<b>à tous", "line 3, column 1: <b> is never closed"),
    ],
)
def test_what_telegram_would_refuse_is_found(body: str, problem: str) -> None:
    found = check_html(body)
    assert found is not None and found.startswith(problem)


def test_what_telegram_accepts_passes() -> None:
    assert check_html("a &gt; b &amp; c &lt; d &quot;e&quot; &#233; &#xE9; x > y") is None
    assert check_html('<a href="https://x.org/?a=1&amp;b=2">lien</a>\n<b>gras</b>') is None


def test_the_cli_refuses_the_file_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:a")
    (tmp_path / "appel.html").write_text("<b>Appel</b> R&D\n", encoding="utf-8")
    code = main(["broadcast", "--file", "appel.html", "--audience", "all", "--yes"])
    assert code == 2
    err = capsys.readouterr().err
    assert "appel.html: ligne 1, colonne 15 : écrivez & sous la forme &amp;" in err
