"""``coopbot data check`` on a broken copy of the data, as a coordinator would break it: one
precise line per cause (file, record, field), exit code 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.loader import default_data_dir


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("__*"))
    return target


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["data", "check", str(path)])
    return code, capsys.readouterr().err.splitlines()


def replace_once(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_syntax_error_is_the_only_problem_reported(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (copy / "projects.toml").open("a", encoding="utf-8") as file:
        file.write("garbage = = =\n")
    code, lines = check(copy, capsys)
    assert code == 1
    assert len(lines) == 2  # the problem, then the count
    assert lines[0].startswith("projects.toml:") and "erreur de syntaxe TOML" in lines[0]
    assert lines[1] == f"1 problème dans {copy}"  # the settings' language, one problem


def test_a_removed_file_is_one_problem(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (copy / "countries.toml").unlink()
    code, lines = check(copy, capsys)
    assert code == 1
    assert len(lines) == 2 and "aucune fiche [[country]] dans aucun fichier" in lines[0]


def test_a_broken_record_does_not_break_the_records_referring_to_it(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_once(copy / "projects.toml", 'id = "coopr"', 'id = "coopr"\nfunder = "x"')
    code, lines = check(copy, capsys)
    assert code == 1
    # pydantic's wording in the settings' language (French), the location as written
    assert lines == ["projects.toml [coopr] funder : champ inconnu (faute de frappe ?)", lines[1]]


def test_a_wrong_reference_names_file_record_and_field(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_once(copy / "organisations.toml", 'country = "bj"', 'country = "xx"')
    code, lines = check(copy, capsys)
    assert code == 1
    assert lines[0] == (
        "organisations.toml [acal] country : identifiant inconnu « xx »"
        " (attendu : une fiche [[country]])"
    )


def test_a_file_instead_of_a_directory(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(copy / "projects.toml", capsys)
    assert code == 1 and "c'est un fichier, pas un dossier de données" in lines[0]
    code, lines = check(copy / "nowhere", capsys)
    assert code == 1 and "dossier de données introuvable" in lines[0]


def test_the_shipped_data_is_fine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "check"]) == 0
    assert capsys.readouterr().out.startswith("Aucun problème dans ")


def test_ask_reads_the_configured_data_directory(
    copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    replace_once(copy / "projects.toml", "Terr'ESS", "Terr'ESS-Bis")
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:a")
    monkeypatch.setenv("COOPBOT_DATA__PATH", str(copy))
    assert main(["ask", "c'est quoi terress"]) == 0
    assert "Terr'ESS-Bis" in capsys.readouterr().out
    monkeypatch.delenv("COOPBOT_DATA__PATH")
    assert main(["ask", "c'est quoi terress"]) == 0
    assert "Terr'ESS-Bis" not in capsys.readouterr().out


def test_load_refuses_what_check_refuses(
    copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A broken questionnaire: `data load DIR` says the problems and exits 1 as `data check DIR`
    does, and writes nothing."""
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "load.sqlite3"
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(database))
    with (copy / "forms" / "terress-autodiagnostic.toml").open("a", encoding="utf-8") as file:
        file.write("garbage = = =\n")
    code, lines = check(copy, capsys)
    assert code == 1
    assert main(["data", "load", str(copy)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[: len(lines)] == lines and err[-1] == "Rien n'a été changé dans la base."
    assert not database.exists()


def test_an_empty_question_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "ask.sqlite3"))
    assert main(["ask", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("coopbot : posez une question")
    assert main(["ask", " ", " "]) == 2


def test_ask_with_broken_data_says_the_problems_as_data_check_does(
    copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ask --data DIR` on a broken copy: the same lines as `data check DIR` (the terminal's
    language, then the count), no answer, exit 1."""
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.delenv("COOPBOT_DEFAULT_LANGUAGE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "ask.sqlite3"))
    replace_once(copy / "projects.toml", 'id = "coopr"', 'id = "coopr"\nfunder = "x"')
    code, lines = check(copy, capsys)
    assert code == 1 and lines[-1] == f"1 problème dans {copy}"
    assert main(["ask", "--data", str(copy), "qui finance coopr ?"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.splitlines() == lines
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    assert main(["ask", "--data", str(copy), "qui finance coopr ?"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "projects.toml [coopr] funder: unknown field (typo?)",
        f"1 problem in {copy}",
    ]
