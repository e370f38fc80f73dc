"""Issue 16's last English refusals, from the terminal (``bot.cli.main``, as the other CLI
tests): backups and restores, an announcement's audience and HTML, and the data checker's
problem lines (pydantic's wording) are said in the settings' language, French or English,
with nothing of the other language; where a problem is (file, line, record, field) is kept."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.backup import BackupError, describe
from bot.broadcast_audience import Audience, AudienceError
from bot.cli import main
from bot.data_problems import problem_text
from bot.knowledge.loader import check, default_data_dir
from bot.render.telegram_html import check_html, html_problem

# What pydantic, SQLite or the old refusals said in English.
ENGLISH = re.compile(
    r"Input should|Field required|Extra inputs|integrity check failed|no such file|"
    r"not a coopbot|unknown audience|is not supported|write & as|never closed|"
    r"unknown field|required field|TOML syntax|duplicate id|unknown country"
)
FRENCH = re.compile(r"champ|fichier|ligne|colonne|destinataires|inconnu|introuvable|écrivez")


@pytest.fixture
def terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The terminal in a fresh folder, no configuration file, a database there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.delenv("COOPBOT_DEFAULT_LANGUAGE", raising=False)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:a")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "coopbot.sqlite3"))
    return tmp_path


def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")


def refused(args: list[str], capsys: pytest.CaptureFixture[str], code: int = 1) -> str:
    assert main(args) == code
    return capsys.readouterr().err


# -- backups -----------------------------------------------------------------------------------


def test_backup_and_restore_refusals_in_french_then_english(
    terminal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = terminal / "junk.sqlite3"
    junk.write_bytes(b"not a database at all " * 200)
    other = terminal / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    said = [
        refused(["backup", "b"], capsys),
        refused(["restore", "missing.sqlite3"], capsys),
        refused(["restore", str(junk)], capsys),
        refused(["restore", str(other)], capsys),
    ]
    assert "pas de base de données à" in said[0]
    assert "missing.sqlite3 : fichier introuvable" in said[1]
    assert "junk.sqlite3 : ce n'est pas une base SQLite lisible" in said[2]
    assert "other.sqlite3 : ce n'est pas une base coopbot" in said[3]
    assert not [line for line in said if ENGLISH.search(line)], said
    english(monkeypatch)
    said = [
        refused(["backup", "b"], capsys),
        refused(["restore", "missing.sqlite3"], capsys),
        refused(["restore", str(junk)], capsys),
    ]
    assert "no database at" in said[0] and "missing.sqlite3: no such file" in said[1]
    assert "junk.sqlite3: not a readable SQLite database" in said[2]
    assert not [line for line in said if FRENCH.search(line)], said


def test_a_backup_refusal_carries_its_key_and_parameters(tmp_path: Path) -> None:
    with pytest.raises(BackupError) as raised:
        from bot.backup import check_file

        check_file(tmp_path / "nowhere.sqlite3")
    assert raised.value.key == "no_such_file"
    assert raised.value.params == {"path": tmp_path / "nowhere.sqlite3"}
    assert str(raised.value).endswith("nowhere.sqlite3: no such file")  # logs: English
    assert raised.value.text("fr").endswith("nowhere.sqlite3 : fichier introuvable")
    from bot.backup import Check

    newer = describe(Check(["ok"], applied=[1, 9998, 9999], unknown=[9998, 9999]), "file", tmp_path)
    assert newer is not None and newer.params["count"] == 2
    assert "migrations inconnues 9998, 9999" in newer.text("fr")
    assert "unknown migrations 9998, 9999" in newer.text("en")
    assert describe(Check(["ok"], applied=[1]), "file", tmp_path) is None


# -- an announcement's audience and HTML ---------------------------------------------------------


def test_broadcast_audience_and_html_refusals_in_the_settings_language(
    terminal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = terminal / "appel.html"
    good.write_text("<b>Appel</b> à projets\n", encoding="utf-8")
    bad = terminal / "bad.html"
    bad.write_text("<b>Appel</b>\n<p>R&D</p>", encoding="utf-8")
    audience = refused(["broadcast", "--file", str(good), "--audience", "tous"], capsys, 2)
    assert "destinataires inconnus « tous »" in audience and "focal:ORGANISATION" in audience
    html = refused(["broadcast", "--file", str(bad), "--audience", "all"], capsys, 2)
    assert "ligne 2, colonne 5 : écrivez & sous la forme &amp;" in html
    assert not ENGLISH.search(audience + html), audience + html
    english(monkeypatch)
    audience = refused(["broadcast", "--file", str(good), "--audience", "tous"], capsys, 2)
    assert "unknown audience “tous”: write one of all, members, groups" in audience
    html = refused(["broadcast", "--file", str(bad), "--audience", "all"], capsys, 2)
    assert "line 2, column 5: write & as &amp;" in html
    assert not FRENCH.search(audience + html), audience + html


@pytest.mark.parametrize(
    ("body", "key", "french"),
    [
        ("<p>x</p>", "unsupported_tag", "Telegram ne prend pas en charge <p>"),
        ("<b>x", "never_closed", "<b> n'est jamais fermée"),
        ("<b><i>x</b></i>", "wrong_close", "</b> trouvée là où </i> était attendue"),
        ("x</b>", "stray_close", "</b> ne ferme aucune balise ouverte"),
        ('<b style="x">x</b>', "unsupported_attribute", "l'attribut « style » de <b>"),
        ("<a>lien</a>", "href_missing", "<a> demande un attribut href"),
        ("<br/>", "self_closing", "Telegram ne prend pas en charge <br/>"),
        ("a < b", "bare_lt", "écrivez < sous la forme &lt;"),
        ("  ", "empty", "le message est vide"),
        ("x" * 4097, "too_long", "4097 caractères ; Telegram en accepte au plus 4096"),
    ],
)
def test_every_html_refusal_has_its_key_and_both_languages(
    body: str, key: str, french: str
) -> None:
    problem = html_problem(body)
    assert problem is not None and problem.key == key
    said = check_html(body, lang="fr")
    assert said is not None and french in said, said
    assert not ENGLISH.search(said), said
    assert check_html(body) == problem.text("en") == str(problem)


def test_audience_refusals_carry_their_key() -> None:
    with pytest.raises(AudienceError) as raised:
        Audience("countries")
    assert raised.value.key == "needs_value" and raised.value.params == {"type": "countries"}
    assert "« countries » demandent au moins une valeur" in raised.value.text("fr")
    with pytest.raises(AudienceError) as raised:
        Audience("everyone")
    assert raised.value.key == "unknown_type"


# -- the data checker ------------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("__*"))
    return target


def replace_once(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [  # (file, what is there, what a coordinator typed instead, French, English)
    (
        "projects.toml",
        'id = "coopr"',
        'id = "coopr"\nfundr = "x"',
        "champ inconnu",
        "unknown field",
    ),
    ("countries.toml", 'id = "bj"', "id = 12", "un texte est attendu", "a text is expected"),
]


def test_data_check_says_pydantic_problems_in_french_and_english(
    terminal: Path,
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for file, old, new, _, _ in BROKEN:
        replace_once(data / file, old, new)
    lines = refused(["data", "check", str(data)], capsys).splitlines()
    assert "projects.toml [coopr] fundr : champ inconnu (faute de frappe ?)" in lines
    assert any(
        line.startswith("countries.toml [country[") and " id : un texte est attendu" in line
        for line in lines
    ), lines
    assert not [line for line in lines if ENGLISH.search(line)], lines
    english(monkeypatch)
    lines = refused(["data", "check", str(data)], capsys).splitlines()
    assert "projects.toml [coopr] fundr: unknown field (typo?)" in lines
    assert not [line for line in lines if FRENCH.search(line)], lines


@pytest.mark.parametrize(
    ("old", "new", "french"),
    [
        ('short_name = "COOP\'R"', "short_name = 3", "un texte est attendu"),
        ("period_start_year = 2023", "period_start_year = 'deux'", "un nombre entier est attendu"),
        ("co_financing_rate = 50.0", "co_financing_rate = 150.0", "doit valoir au plus 100"),
        ("period_start_year = 2023", "period_start_year = [2023]", "un nombre entier est attendu"),
        ('id = "coopr"', 'id = "coopr"\nnews = "x"', "une liste est attendue"),
        ("whatsapp_group = true", 'whatsapp_group = "bof"', "true ou false est attendu"),
    ],
)
def test_each_common_pydantic_type_is_translated(
    data: Path, old: str, new: str, french: str
) -> None:
    replace_once(data / "projects.toml", old, new)
    found = [problem_text(p, "fr") for p in check(data)]
    assert any(french in line for line in found), found
    assert not [line for line in found if ENGLISH.search(line)], found


def test_a_missing_field_and_a_syntax_error(data: Path) -> None:
    replace_once(data / "countries.toml", 'id = "bj"', 'iid = "bj"')
    found = [problem_text(p, "fr") for p in check(data)]
    assert any("id : champ obligatoire manquant" in line for line in found), found
    with (data / "projects.toml").open("a", encoding="utf-8") as file:
        file.write("garbage = = =\n")
    (problem,) = [p for p in check(data) if p.file == "projects.toml"]
    assert problem.line is not None
    fr, en = problem_text(problem, "fr"), problem_text(problem, "en")
    assert fr.startswith(f"projects.toml:{problem.line} : erreur de syntaxe TOML à la colonne")
    assert en.startswith(f"projects.toml:{problem.line}: TOML syntax error at column")


def test_our_validators_refusals_are_translated_too(data: Path) -> None:
    """pydantic reports a validator's refusal as a ``value_error`` with its text: ours carry
    a catalogue key, so the French line is French throughout."""
    replace_once(data / "projects.toml", 'actions_end = "2025-07"', 'actions_end = "2022-07"')
    form = next((data / "forms").glob("*.toml"))
    text = form.read_text(encoding="utf-8")
    low = text.index("low = ")
    form.write_text(text[:low] + text[text.index("\n", low) + 1 :], encoding="utf-8")
    problems = check(data)
    fr = [problem_text(p, "fr") for p in problems]
    en = [problem_text(p, "en") for p in problems]
    assert "projects.toml [coopr] : actions_end est avant actions_start" in fr, fr
    assert "projects.toml [coopr]: actions_end is before actions_start" in en, en
    assert any("demande ses libellés low et high" in line for line in fr), fr
    assert not [line for line in fr if re.search(r"Value error|is before|needs its", line)], fr


def test_every_refusal_key_raised_in_the_code_is_in_both_catalogues() -> None:
    """A refusal whose key is missing would fall back to its key: every key given to these
    refusals in the code, and every pydantic type translated, has its message."""
    from bot.data_problems import KEYS
    from bot.i18n import Catalogue

    catalogue = Catalogue.bundled()
    root = Path(__file__).resolve().parents[2]
    sources = {
        "refusals.backup.": ["bot/backup.py"],
        "refusals.audience.": ["bot/broadcast_audience.py"],
        "refusals.html.": ["bot/render/telegram_html.py"],
        "refusals.data.value.": ["bot/knowledge/records.py", "bot/forms/models.py"],
    }
    call = re.compile(
        r"(?:BackupError|AudienceError|HtmlProblem|DataValueError|_fail)\(\s*\"([a-z_]+)\""
    )
    wanted = {f"refusals.data.{key}" for key in KEYS.values()}
    for domain, files in sources.items():
        found = {domain + key for f in files for key in call.findall((root / f).read_text())}
        assert found, domain
        wanted |= found
    wanted |= {
        f"refusals.backup.{w}.{k}"
        for w in ("file", "copy")
        for k in ("unreadable", "not_coopbot", "integrity", "newer")
    }
    for lang in ("fr", "en"):
        missing = sorted(wanted - catalogue.ids(lang))
        assert not missing, (lang, missing)


def test_a_notes_problems_are_said_in_french_and_english(
    terminal: Path,
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every problem a note of documents/ can have comes with its catalogue message: French
    throughout in a French terminal, English in an English one; the line is kept."""
    docs = data / "documents"
    (docs / "sans-titre.md").write_text("Pas de titre ici.\n\nDu texte.\n", encoding="utf-8")
    (docs / "vide.txt").write_text("  \n", encoding="utf-8")
    (docs / "latin1.txt").write_bytes("Compte rendu\n\nRéunion".encode("latin-1"))
    (docs / "titre.md").write_text("# Titre seul\n", encoding="utf-8")
    (docs / "long.md").write_text("# " + "x" * 250 + "\n\nTexte.\n", encoding="utf-8")
    (docs / "contacts.md").write_text(
        "# Contacts\n\nÉcrire à claire@example.org ou appeler le 05 55 12 34 56.\n",
        encoding="utf-8",
    )
    notes = [p for p in check(data) if p.file.startswith("documents/")]
    assert len(notes) == 7 and all(p.key for p in notes), notes
    lines = refused(["data", "check", str(data)], capsys).splitlines()
    assert lines[-1] == f"7 problèmes dans {data}"
    assert lines[:-1] == [
        "documents/contacts.md:3 : une adresse e-mail (cla…) : supprimez-la, le bot ne donne"
        " jamais de coordonnées",
        "documents/contacts.md:3 : un numéro de téléphone (05 …) : supprimez-le, le bot ne"
        " donne jamais de coordonnées",
        "documents/latin1.txt : le fichier n'est pas en UTF-8 (enregistrez-le en UTF-8)",
        "documents/long.md:1 : le titre (première ligne) fait 250 caractères : commencez par"
        " une courte ligne de titre (au plus 200)",
        "documents/sans-titre.md:1 : pas de titre : la première ligne doit être « # Titre »",
        "documents/titre.md : le document a un titre mais pas de texte",
        "documents/vide.txt : le document est vide",
    ]
    english(monkeypatch)
    lines = refused(["data", "check", str(data)], capsys).splitlines()
    assert lines[-1] == f"7 problems in {data}"
    assert "documents/titre.md: the document has a title but no text" in lines
    assert "documents/latin1.txt: the file is not UTF-8 (save it as UTF-8)" in lines
    assert not [line for line in lines if FRENCH.search(line)], lines
