"""The roster as CSV: parsing with line-numbered problems, and `coopbot members ...`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.models import KnowledgeBase
from bot.roster_csv import COLUMNS, export_roster, parse_roster

HEADER = ",".join(COLUMNS)
GOOD = (
    HEADER
    + """
5001,Awa,Diop,@awa_diop,fr,Africa/Dakar,cd-louga,,focal_point,coopr
5002,Jean,,,en,Europe/Paris,grand-est,fr,participant,coopr;terress
5003,Marc,,,FR,,ACAL,,,Terr'ESS
"""
)

BAD = """user_id,first_name,username,language,timezone,organisation_id,country_id,role,projects
5001,Awa,awa diop,de,Africa/Dakkar,acall,,boss,coper
abc,Jean,,,,,,,
5003,Marc,,,,cr-ouest-cameroun,sn,,
5003,Marc,,,,,,,
5004,Zoé,,,,,,focal_point,
"""


def test_parse_good_rows(kb: KnowledgeBase) -> None:
    rows, problems = parse_roster(GOOD, kb)
    assert problems == []
    awa, jean, marc = rows
    assert (awa.username, awa.country_id, awa.focal_status) == ("awa_diop", "sn", "confirmed")
    assert jean.projects == ("coopr", "terress") and jean.clear_focal
    assert (marc.organisation_id, marc.country_id, marc.language, marc.projects) == (
        "acal",
        "bj",
        "fr",
        ("terress",),
    )
    assert marc.role is None and marc.timezone is None  # empty cells keep what is stored


def test_every_problem_is_reported_with_its_line(kb: KnowledgeBase) -> None:
    _, problems = parse_roster(BAD, kb)
    text = [str(p) for p in problems]
    assert any(t.startswith("line 2: unknown organisation 'acall'") and "acal" in t for t in text)
    assert any(t.startswith("line 2: unknown project 'coper'") and "coopr" in t for t in text)
    assert any(
        t.startswith("line 2: timezone 'Africa/Dakkar'") and "Africa/Dakar" in t for t in text
    )
    assert any(t.startswith("line 2: language 'de'") for t in text)
    assert any(t.startswith("line 2: role 'boss'") for t in text)
    assert any(t.startswith("line 2: username") for t in text)
    assert any(t.startswith("line 3: user_id 'abc'") for t in text)
    assert any(t.startswith("line 4: country 'sn' does not match") for t in text)
    assert "line 5: user_id 5003 is already on line 4" in text
    assert "line 6: a focal_point needs an organisation_id" in text


def test_header_problems(kb: KnowledgeBase) -> None:
    assert [str(p) for p in parse_roster("", kb)[1]] == ["line 1: the file is empty"]
    _, problems = parse_roster("id,name\n1,A\n", kb)
    assert problems[0].line == 1 and "unknown column" in problems[0].message
    # Semicolon-separated files from French spreadsheets are read too.
    rows, problems = parse_roster("user_id;first_name;projects\n42;Ana;coopr\n", kb)
    assert problems == [] and rows[0].projects == ("coopr",)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:x")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(db))
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return db


def test_cli_import_export_list(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")

    assert main(["members", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "ligne 2 : organisation inconnue « acall » (vouliez-vous dire : acal" in err
    assert "line" not in err  # the settings' language throughout
    assert "10 problèmes : rien n'a été importé" in err  # a plural from the catalogue
    with sqlite3.connect(env) as conn:
        assert conn.execute("SELECT COUNT(*) FROM members").fetchone() == (0,)

    assert main(["members", "import", str(good), "--dry-run"]) == 0
    with sqlite3.connect(env) as conn:
        assert conn.execute("SELECT COUNT(*) FROM members").fetchone() == (0,)
    assert main(["members", "import", str(good)]) == 0
    out = capsys.readouterr().out
    assert "3 lignes importées (créations : 3, mises à jour : 0, sans changement : 0)" in out

    assert main(["members", "export"]) == 0
    exported = capsys.readouterr().out
    assert exported.splitlines()[0] == HEADER
    assert "5002,Jean,,,en,Europe/Paris,grand-est,fr,participant,coopr;terress" in exported
    # Re-importing an export changes nothing.
    again = tmp_path / "again.csv"
    assert main(["members", "export", str(again)]) == 0
    assert main(["members", "import", str(again)]) == 0
    assert "(créations : 0, mises à jour : 0, sans changement : 3)" in capsys.readouterr().out
    assert main(["members", "export"]) == 0
    assert capsys.readouterr().out == exported
    # One changed cell: one update, the other rows unchanged.
    text = again.read_text(encoding="utf-8")
    again.write_text(text.replace("5002,Jean,,,en,", "5002,Jean,,,fr,"), encoding="utf-8")
    assert main(["members", "import", str(again)]) == 0
    assert "(créations : 0, mises à jour : 1, sans changement : 2)" in capsys.readouterr().out

    assert main(["members", "list", "--role", "focal_point"]) == 0
    out = capsys.readouterr().out
    assert "Awa Diop" in out and "Jean" not in out and "1 membre\n" in out
    assert out.startswith("id ") and " rôle " in out.splitlines()[0]  # the settings' language
    assert "point focal (confirmé)" in out and "focal_point" not in out
    assert main(["members", "list", "--project", "Terr'ESS"]) == 0
    out = capsys.readouterr().out
    assert "Jean" in out and "Marc" in out and "Awa" not in out
    assert main(["members", "list", "--project", "coper"]) == 1
    assert "coopr" in capsys.readouterr().err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("user_id,first_name\n1,Zoé\n".encode("latin-1"))
    assert main(["members", "import", str(latin)]) == 1
    assert "n'est pas un fichier texte UTF-8" in capsys.readouterr().err
    assert main(["members", "import", str(tmp_path / "none.csv")]) == 1
    assert capsys.readouterr().err.endswith("none.csv : dossier ou fichier introuvable\n")


def test_export_roster_quotes_awkward_names(kb: KnowledgeBase) -> None:
    from bot.storage.members import Member

    member = Member(
        1, 'A, "B"', None, None, None, None, None, None, "participant", None, False, True, True, ()
    )
    text = export_roster([member])
    rows, problems = parse_roster(text, kb)
    assert problems == [] and rows[0].first_name == 'A, "B"'


def test_columns_are_the_documented_ones() -> None:
    assert ",".join(COLUMNS) == (
        "user_id,first_name,last_name,username,language,timezone,organisation_id,"
        "country_id,role,projects"
    )
