"""Settings: TOML file, environment overrides, one-line errors with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    settings = load_settings(ROOT / "config.example.toml")
    assert settings.default_language == "fr"
    assert settings.default_timezone == "Europe/Paris"
    day, hour = timedelta(days=1), timedelta(hours=1)
    assert settings.reminders.offsets == (7 * day, day, hour, timedelta(0))
    assert settings.reminders.keys == ["7d", "1d", "1h", "0m"]


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        'coordinators = [1]\n[telegram]\ntoken = "1:file"\n[storage]\npath = "a.db"\n'
    )
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:env")
    monkeypatch.setenv("COOPBOT_COORDINATORS", "[111, 222]")
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    settings = load_settings(config)
    assert settings.telegram.token.get_secret_value() == "1:env"
    assert settings.coordinators == [111, 222]
    assert settings.storage.path == Path("a.db")
    assert settings.default_language == "en"
    assert "1:env" not in repr(settings)


def test_config_env_var_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[telegram]\ntoken = "1:abc"\n')
    monkeypatch.setenv("COOPBOT_CONFIG", str(config))
    assert load_settings().telegram.token.get_secret_value() == "1:abc"


@pytest.mark.parametrize(
    ("content", "env", "expected"),
    [
        ("[telegram]\npoll_timeout = 99\n", {}, "telegram.poll_timeout"),
        ("", {"COOPBOT_REMINDERS__OFFSETS": '["7x"]'}, "reminders.offsets"),
        (
            '[telegram]\ntoken = "1:x"\n',
            {"COOPBOT_DEFAULT_TIMEZONE": "Mars/Olympus"},
            "default_timezone",
        ),
        ('[telegram]\ntoken = "1:x"\n', {"COOPBOT_DEFAULT_LANGUAGE": "de"}, "default_language"),
        ('[telegram]\ntoken = "1:x"\ncolour = 3\n', {}, "telegram.colour"),
        ("[telegram\n", {}, "c.toml"),
    ],
)
def test_bad_settings_name_the_setting(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    env: dict[str, str],
    expected: str,
) -> None:
    for key in ("COOPBOT_TELEGRAM__TOKEN", "COOPBOT_CONFIG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    config = tmp_path / "c.toml"
    config.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("content", ["", "[telegram]\n", '[telegram]\ntoken = " "\n'])
def test_the_token_is_needed_only_to_talk_to_telegram(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    for key in ("COOPBOT_TELEGRAM__TOKEN", "COOPBOT_CONFIG"):
        monkeypatch.delenv(key, raising=False)
    config = tmp_path / "c.toml"
    config.write_text(content + '[storage]\npath = "x.db"\n')
    settings = load_settings(config)
    assert settings.telegram.token is None and settings.telegram.secrets == []
    assert settings.storage.path == Path("x.db")
    with pytest.raises(ConfigError) as caught:
        settings.telegram.require_token()
    assert "telegram.token: missing" in str(caught.value)
    assert "COOPBOT_TELEGRAM__TOKEN" in str(caught.value)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:env")
    assert load_settings(config).telegram.require_token() == "1:env"


def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "telegram.token" in result.stderr
    assert "Traceback" not in result.stderr
