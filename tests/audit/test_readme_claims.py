"""Claims of the README checked as a reader would check them (the audit of
/work/audit/readme_audit.md): every setting in the configuration table and in
``config.example.toml``, the demo's examples, the terminal's printed lines."""

from __future__ import annotations

import argparse
import csv
import io
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.cli import main
from bot.clock import FrozenClock
from bot.demo import run_demo
from bot.settings import Settings
from tests.conftest import NOW
from tests.demo.conftest import Demo
from tests.demo.conftest import demo as demo  # the demo session fixture, shared

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


# -- configuration ---------------------------------------------------------------------------


def setting_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every key ``Settings`` reads, dotted as in TOML (``telegram.token``)."""
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            keys |= setting_keys(kind, f"{prefix}{name}.")
        else:
            keys.add(prefix + name)
    return keys


def readme_table_keys() -> list[str]:
    section = README.split("## Configuration")[1].split("## Commands")[0]
    return re.findall(r"^\| `([a-z_.]+)` \|", section, re.M)


def example_keys() -> set[str]:
    """The keys of ``config.example.toml``, those written commented out (``# path = ...``,
    settings without a default) included."""
    keys: set[str] = set()
    section = ""
    for line in (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines():
        if header := re.match(r"^\[([a-z_]+)\]$", line):
            section = header[1] + "."
        elif key := re.match(r"^#? ?([a-z_]+) = ", line):
            keys.add(section + key[1])
    return keys


def test_every_setting_is_in_the_readme_table_once() -> None:
    table = readme_table_keys()
    assert sorted(table) == sorted(set(table)), "a key listed twice"
    assert set(table) == setting_keys(Settings)


def test_every_setting_is_in_config_example_toml() -> None:
    assert example_keys() == setting_keys(Settings)
    # What is not commented out is read as it is written.
    written = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    Settings.model_validate(written)


def test_the_setting_walk_sees_nested_and_top_level_keys() -> None:
    keys = setting_keys(Settings)
    assert {"telegram.token", "delivery.paid_per_second", "coordinators", "logging.level"} <= keys
    assert "telegram" not in keys


# -- terminal --------------------------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("COOPBOT_CONFIG", "COOPBOT_DATA__PATH", "COOPBOT_DEFAULT_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("bot.cli.CLOCK", FrozenClock(NOW))
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "claims.sqlite3"))
    return tmp_path


def console(command: str) -> list[tuple[list[str], list[str]]]:
    """The README's ``console`` examples starting ``$ coopbot COMMAND``: (arguments, lines
    printed), in order."""
    found: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for example in re.split(r"^\$ ", block, flags=re.M)[1:]:
            typed, *printed = example.rstrip("\n").split("\n")
            if typed.startswith(f"coopbot {command} "):
                found.append((shlex.split(typed)[1:], printed))
    return found


def test_the_atlas_console_examples_print_what_the_readme_shows(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = console("atlas")
    assert len(examples) == 2
    # The file of the bash block before it: coopbot atlas generate atlas.csv --count 500.
    assert main(["atlas", "generate", "atlas.csv", "--count", "500"]) == 0
    with (fresh / "atlas.csv").open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    rows[3].append("12")  # line 4: one cell more than the header's 11
    with (fresh / "bad.csv").open("w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(rows[:6])
    capsys.readouterr()
    for (arguments, printed), code in zip(examples, [0, 1], strict=True):
        assert main(arguments) == code, arguments
        captured = capsys.readouterr()
        assert (captured.out + captured.err).strip().splitlines() == printed, arguments


def test_coopbot_ask_answers_in_the_questions_language_lang_deciding_when_unclear(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "`--lang` being the asker's" in README
    assert main(["ask", "qui finance Terr'ESS ?", "--lang", "en"]) == 0
    assert "cofinancé" in capsys.readouterr().out
    assert main(["ask", "FICOL", "--lang", "en"]) == 0
    assert "Financing facility" in capsys.readouterr().out
    assert main(["ask", "FICOL", "--lang", "fr"]) == 0
    assert "Facilité de financement" in capsys.readouterr().out


# -- the demo --------------------------------------------------------------------------------


def readme_demo_line(needle: str) -> tuple[list[str], str]:
    """The lines typed by the README's ``printf '...' | coopbot demo`` example containing
    ``needle``, and its comment."""
    section = README.split("<!-- section:demo -->")[1].split("<!-- /section:demo -->")[0]
    for line in section.splitlines():
        if line.startswith("printf '") and needle in line:
            typed = line.split("'")[1].encode().decode("unicode_escape")
            return typed.splitlines(), line.partition("#")[2].strip()
    raise AssertionError(needle)


async def test_the_demo_results_example_presses_the_export_csv_button(demo: Demo) -> None:
    typed, comment = readme_demo_line("/resultats")
    number = typed[-1]
    assert comment.startswith(f"{number}: ") and comment.endswith("⬇️ Export CSV")
    for line in typed[:-1]:
        demo.say(line)
        await demo.prompt()
    await demo.expect(r"Export CSV")  # the results of /resultats, with their buttons
    pressed = await demo.said(number, r"\(#\d+: « (.+?) »\)")
    assert pressed.group(1) == "⬇️ Export CSV"
    await demo.expect(r"poll-1\.csv saved to ")


async def test_the_demo_wait_drops_the_reminders_of_an_event_already_over(demo: Demo) -> None:
    # The README: what fell due comes at once; a reminder of an event already started is
    # dropped, as after a restart. The demo event starts about six minutes after launch.
    assert "a reminder of an event already started is" in README
    await demo.said("1", r"Noté")  # Awa answers yes: she gets the reminders and the feedback
    await demo.said(":wait 30", r"poll: Avez-vous participé")
    assert "Rappel" not in demo.since() and "C'est maintenant" not in demo.since()


async def test_the_demo_first_example_gets_help_an_answer_and_the_announcement_flow(
    demo: Demo,
) -> None:
    typed, _ = readme_demo_line("/aide")
    # :coord prints nothing of its own: the next prompt shows Claire.
    expected = [
        r"/projets",
        r"DAECT",
        r"",
        r"^\[Claire \(coordinator\) · private\] > /annonce\n(?:.*\n)*📣 Nouvelle annonce",
    ]
    assert len(typed) == len(expected)
    for line, pattern in zip(typed, expected, strict=True):
        await demo.said(line, pattern)


# -- the terminal's commands and options -----------------------------------------------------


def leaf_commands() -> dict[str, list[list[str]]]:
    """``"events add" -> [option strings of each option]`` for every terminal command."""
    from bot.cli import build_parser

    found: dict[str, list[list[str]]] = {}

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[path] = [
                list(a.option_strings)
                for a in parser._actions
                if a.option_strings and "--help" not in a.option_strings
            ]
        for action in subs:
            for name, child in action.choices.items():
                walk(child, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


def test_every_terminal_command_and_option_is_in_the_readme() -> None:
    terminal = README.split("<!-- section:cli -->")[1].split("<!-- /section:cli -->")[0]
    commands = leaf_commands()
    assert {"run", "demo", "events add", "atlas generate", "forms deadline"} <= set(commands)
    for path, options in commands.items():
        assert f"`coopbot {path}" in terminal, path
        for spellings in options:
            assert any(
                re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", terminal)
                for option in spellings
            ), f"coopbot {path} {spellings}"


def test_the_terminal_writes_in_default_language(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = "terress | webinaire | Économie sociale | vendredi 14h | 90"
    assert main(["events", "add", line, "--yes"]) == 0
    capsys.readouterr()
    assert main(["events", "list"]) == 0
    assert "\tprévu\t" in capsys.readouterr().out
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    assert main(["events", "list"]) == 0
    listed = capsys.readouterr().out
    assert "\tscheduled\t" in listed and "\twebinar\t" in listed and "yes 0 maybe 0 no 0" in listed


def test_the_benchmarks_of_the_readme_are_those_of_python_m_bench() -> None:
    from bench.__main__ import available

    development = README.split("<!-- section:development -->")[1]
    table = re.findall(r"^\| `([a-z]+)` \| ", development.split("**Layout.**")[0], re.M)
    assert sorted(table) == sorted(available())
    listed = re.search(r"python -m bench qa +# a benchmark: (.+)", README)
    assert listed is not None and sorted(listed[1].split(", ")) == sorted(available())


def test_the_readme_questionnaire_example_is_valid_and_its_error_line_is_printed(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    example = re.search(r"A complete example:\n\n```toml\n(.*?)```", README, re.S)
    assert example is not None
    data = fresh / "data"
    shutil.copytree(ROOT / "data", data)
    form = data / "forms" / "terress-autodiagnostic.toml"
    form.write_text(example[1], encoding="utf-8")
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    assert main(["data", "check", str(data)]) == 0
    form.write_text(example[1].replace("\nmax = 500\n", "\nmax = -3\n"), encoding="utf-8")
    capsys.readouterr()
    assert main(["data", "check", str(data)]) == 1
    shown = re.search(r"`(terress-autodiagnostic\.toml \[[^`]+)`", README)
    assert shown is not None and " ".join(shown[1].split()) in capsys.readouterr().err


async def test_the_piped_demo_prints_what_was_still_to_send_at_the_end_of_input() -> None:
    # The README: the demo exits at the end of input once what the bot still had to send has
    # come. The last line brings the feedback polls, paced (1 a second to Awa, 20 a minute to
    # the group): they are printed before it exits.
    assert "once what the bot still had to send has come" in README
    out = io.StringIO()
    lines = io.StringIO("1\n:wait 30\n")
    assert await run_demo(interactive=False, stream=out, lines=lines, settle=0.3) == 0
    printed = out.getvalue()
    blocks = re.findall(r"── #\d+ bot[^\n]* → (\w+)\n📊 poll: Êtes-vous satisfait", printed)
    assert sorted(blocks) == ["Awa", "group"], printed[-2000:]
