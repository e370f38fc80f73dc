"""The configuration as the README describes it: its table of defaults, and invalid values
stopping the program with one line and exit code 2."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def readme_defaults() -> dict[str, str]:
    """``key -> default`` of the README's configuration table."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration")[1]
    rows = re.findall(r"^\| `([a-z_.]+)` \| (.+?) \|", section.split("## Commands")[0], re.M)
    return dict(rows)


def lookup(data: Any, key: str) -> Any:
    for part in key.split("."):
        data = data[part] if isinstance(data, dict) else getattr(data, part)
    return data


def test_the_readme_table_gives_the_real_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    defaults = Settings(telegram={"token": "1:a"})
    example = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    table = readme_defaults()
    assert len(table) == 23
    for key, shown in table.items():
        if shown.startswith("("):  # (required), (none), (the data/ shipped with coopbot)
            continue
        value = lookup(defaults, key)
        if key == "reminders.offsets":  # read as durations; written as in the README
            value = defaults.reminders.keys
        written = shown.strip("`")
        as_toml = (
            written[:1] in "[0123456789" and ":" not in written  # not HOST:PORT
        ) or written in ("true", "false")
        expected = tomllib.loads(f"v = {written}")["v"] if as_toml else written
        if isinstance(value, float):
            value = int(value) if value.is_integer() else value
        assert str(value) == str(expected), key
        assert str(lookup(example, key)) == str(expected), f"config.example.toml: {key}"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"COOPBOT_REMINDERS__OFFSETS": '["7x"]'}, "reminders.offsets"),
        ({"COOPBOT_DEFAULT_TIMEZONE": "Mars/Olympus"}, "default_timezone"),
        ({"COOPBOT_DEFAULT_LANGUAGE": "de"}, "default_language"),
        ({"COOPBOT_STORAGE__COLOUR": "red"}, "storage.colour"),
    ],
)
@pytest.mark.parametrize("token", ["1:a", None])
@pytest.mark.parametrize(
    "command",
    [["events", "list"], ["data", "check"], ["ask", "qui finance coopr ?"], ["polls", "list"]],
)
def test_an_invalid_setting_stops_with_one_line_and_exit_code_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    env: dict[str, str],
    named: str,
    token: str | None,
    command: list[str],
) -> None:
    """With or without a token: a command that needs none still refuses a wrong setting."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.delenv("COOPBOT_TELEGRAM__TOKEN", raising=False)
    if token:
        monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", token)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SystemExit) as stopped:
        main(command)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err
    assert not (tmp_path / "coopbot.sqlite3").exists()


@pytest.mark.parametrize("token", ["", None])
@pytest.mark.parametrize(
    "command",
    [["run"], ["broadcast", "--file", "msg.html", "--audience", "all", "--yes", "--send-now"]],
)
def test_what_talks_to_telegram_needs_the_token(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    token: str | None,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "msg.html").write_text("Bonjour", encoding="utf-8")
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.delenv("COOPBOT_TELEGRAM__TOKEN", raising=False)
    if token is not None:
        monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", token)
    with pytest.raises(SystemExit) as stopped:
        main(command)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    # French, the terminal's language without a configuration (issue 16)
    assert "telegram.token : manquant" in err and "COOPBOT_TELEGRAM__TOKEN" in err
    assert not (tmp_path / "coopbot.sqlite3").exists()
