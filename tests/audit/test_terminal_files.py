"""The terminal and its files: an output that cannot be written is one translated line and exit
1 (no traceback), a name whose extension does not match the format is refused (exit 2, nothing
written), a closed pipe (``| head``) stops quietly, an empty question is a usage error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from tests.forms.conftest import terminal_on_a_copy


@pytest.fixture
def terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return terminal_on_a_copy(tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "argv",
    [
        ["forms", "export", "terress", "-o", "{missing}/x.csv"],
        ["members", "export", "{missing}/m.csv"],
        ["atlas", "generate", "{missing}/a.csv"],
    ],
)
def test_an_output_in_a_missing_folder_is_one_translated_line(
    terminal: Path, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    argv = [a.replace("{missing}", str(missing)) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"coopbot : {argv[-1]} : dossier ou fichier introuvable"
    assert "Traceback" not in "".join(err) and not missing.exists()


def test_an_output_that_is_a_folder_names_the_reason(
    terminal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out.csv"
    folder.mkdir()
    assert main(["members", "export", str(folder)]) == 1
    assert capsys.readouterr().err.strip() == f"coopbot : {folder} : c'est un dossier"


@pytest.mark.parametrize(
    "argv",
    [
        ["forms", "export", "terress", "-o", "x.pdf"],
        ["polls", "export", "1", "-o", "x.pdf"],
        ["polls", "results", "1", "--chart", "x.pdf"],
    ],
)
def test_an_extension_that_does_not_match_the_format_is_refused(
    terminal: Path, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coopbot : x.pdf : extension non prise en charge (attendu : .")
    assert not (tmp_path / "x.pdf").exists()


class ClosedPipe(io.StringIO):
    """Standard output once the reader (``head``) has gone."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_stops_quietly(
    terminal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["forms", "progress", "terress-autodiag"]) == 141
    assert capsys.readouterr().err == ""


def test_polls_speak_the_settings_language(
    terminal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["polls", "list"]) == 0
    assert capsys.readouterr().out.strip() == "aucun sondage"
    assert main(["polls", "export", "7"]) == 1
    assert capsys.readouterr().err.strip() == "coopbot : pas de sondage n° 7"


def test_atlas_import_names_the_row_and_the_header_cell_counts(
    terminal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    atlas = tmp_path / "atlas.csv"
    assert main(["atlas", "generate", str(atlas), "--count", "2"]) == 0
    header = atlas.read_text(encoding="utf-8").splitlines()[0].count(",") + 1
    with atlas.open("a", encoding="utf-8") as file:
        file.write("a,b,c\n")
    capsys.readouterr()
    assert main(["atlas", "import", str(atlas)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{atlas} refusé, rien n'a été modifié : ligne 4 : 3 cellules, l'en-tête en a {header}"
    )
    assert main(["atlas", "import", "nope.csv"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Impossible de lire nope.csv : dossier ou fichier introuvable"
    )


def test_pending_migrations_use_the_catalogue_plural(
    terminal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import say

    one = say(None, "ops.pending", count=1, names="0042_x")
    assert "1 migration sera appliquée" in one and "(s)" not in one
    assert "2 migrations seront appliquées" in say(None, "ops.pending", count=2, names="a, b")
