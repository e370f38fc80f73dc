"""``coopbot data check`` as a coordinator following data/README.md meets it: a copy of the
shipped data, broken as a coordinator would break it, checked from the terminal in French and
in English. Every problem line has the shape ``FILE [RECORD] FIELD : message`` (French) or
``FILE [RECORD] FIELD: message`` (English), its message from the catalogues."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.loader import default_data_dir
from bot.knowledge.models import KINDS

README = (default_data_dir() / "README.md").read_text(encoding="utf-8")
MEETING = "gpmar-limoges-2016"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped data; a French terminal with no configuration file."""
    for name in ("COOPBOT_DEFAULT_LANGUAGE", "COOPBOT_CONFIG", "COOPBOT_DATA__PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:a")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "coopbot.sqlite3"))
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("__*"))
    return target


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, (file.name, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def lines(
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str = "fr",
) -> list[str]:
    """The problem lines of ``data check`` in ``lang`` (the count line left out)."""
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", lang)
    assert main(["data", "check", str(data)]) == 1
    said = capsys.readouterr().err.splitlines()
    assert said[-1].endswith(str(data)), said
    return said[:-1]


def test_an_unknown_id_of_any_record_names_what_is_expected(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(data / "meetings.toml", '["cap-cooperation", "gpmar"]', '["cd-gers", "gpmar"]')
    edit(
        data / "people.toml",
        f'{{ meeting = "{MEETING}", start = 14:30:00 }}',
        '{ meeting = "gpmar-2017", start = 14:30:00 }',
    )
    fr = lines(data, capsys, monkeypatch)
    assert fr == [
        f"meetings.toml [{MEETING}] organisers.0 : identifiant inconnu « cd-gers » (attendu :"
        " une fiche de n'importe quel type, [[organisation]], [[term]]…)",
        "people.toml [guillaume-bertrand] leads.0.meeting : identifiant inconnu « gpmar-2017 »"
        " (attendu : une fiche [[meeting]])",
    ]
    assert f"`{fr[0].split(' : ', 1)[1]}`" in " ".join(README.split())  # as the README says
    en = lines(data, capsys, monkeypatch, "en")
    assert en == [
        f"meetings.toml [{MEETING}] organisers.0: unknown id “cd-gers” (expected: a record of"
        " any kind, [[organisation]], [[term]]…)",
        "people.toml [guillaume-bertrand] leads.0.meeting: unknown id “gpmar-2017” (expected:"
        " a [[meeting]] record)",
    ]
    assert "[[...]]" not in " ".join(fr + en)


def test_a_lead_at_no_agenda_items_time_is_said_in_the_terminals_language(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        data / "people.toml",
        f'{{ meeting = "{MEETING}", start = 14:30:00 }}',
        f'{{ meeting = "{MEETING}", start = 10:50:00 }}',
    )
    assert lines(data, capsys, monkeypatch) == [
        "people.toml [guillaume-bertrand] leads.0.start : aucun point de l'ordre du jour de"
        f" « {MEETING} » ne commence à 10:50"
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        f"people.toml [guillaume-bertrand] leads.0.start: no agenda item of “{MEETING}” starts"
        " at 10:50"
    ]


def test_agenda_items_out_of_order_are_said_with_their_field_and_hide_no_other_problem(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order is reported on ``agenda``; the meeting is not set aside for it, so its other
    references and the leads pointing to it are checked in the same run."""
    meetings = data / "meetings.toml"
    edit(meetings, "start = 14:30:00", "start = 13:30:00")  # the 4th item, after 14:20
    edit(meetings, '"ex-limousin", "marrakech-safi"', '"ex-limousinx", "marrakech-safi"')
    edit(meetings, 'facilitator_ref = "cap-cooperation"', 'facilitator_ref = "cap-coop"')
    fr = lines(data, capsys, monkeypatch)
    assert fr[0] == (
        f"meetings.toml [{MEETING}] agenda : les points de l'ordre du jour doivent suivre"
        " l'ordre chronologique : agenda.3 commence à 13:30, avant le point précédent (14:20)"
    )
    assert fr[1:] == [
        f"meetings.toml [{MEETING}] related.0 : identifiant inconnu « ex-limousinx » (attendu :"
        " une fiche de n'importe quel type, [[organisation]], [[term]]…)",
        f"meetings.toml [{MEETING}] agenda.0.facilitator_ref : identifiant inconnu « cap-coop »"
        " (attendu : une fiche de n'importe quel type, [[organisation]], [[term]]…)",
        # Guillaume Bertrand led the 14:30 item, now at 13:30
        "people.toml [guillaume-bertrand] leads.0.start : aucun point de l'ordre du jour de"
        f" « {MEETING} » ne commence à 14:30",
    ]
    en = lines(data, capsys, monkeypatch, "en")
    assert en[0] == (
        f"meetings.toml [{MEETING}] agenda: agenda items must be in chronological order:"
        " agenda.3 starts at 13:30, before the item above it (14:20)"
    )
    assert len(en) == 4


def test_two_milestones_of_an_action_with_the_same_number_are_a_problem(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        data / "actions.toml",
        'number = 2\ntitle = { fr = "2e regroupement"',
        'number = 1\ntitle = { fr = "2e regroupement"',
    )
    assert lines(data, capsys, monkeypatch) == [
        "actions.toml [terress-4] milestones.1.number : le numéro 1 est déjà pris par une autre"
        " étape de l'action (milestones.0)"
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        "actions.toml [terress-4] milestones.1.number: number 1 is already used by another"
        " milestone of this action (milestones.0)"
    ]
    assert "two milestones of an action cannot share one" in " ".join(README.split())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_the_checker_accepts_is_named_in_its_kinds_section(kind: str) -> None:
    """A field accepted by the check (and used in the shipped files) is in data/README.md's
    section of its kind: in backquotes, as a table (``[[action.milestones]]``) or a line of
    the example (``notes = ...``)."""
    title = f"### `[[{kind}]]`" + (" (glossary)" if kind == "term" else "")
    text = README[README.index(f"{title}\n") + len(title) + 1 :]
    text = re.split(r"^#{2,3} ", text, maxsplit=1, flags=re.M)[0]
    missing = [
        name
        for name in KINDS[kind].model_fields
        if not re.search(rf"[`.]{name}[`.\]= ]|^{name} = ", text, re.M)
    ]
    assert not missing, (kind, missing)


def test_a_persons_notes_hold_no_contact_details_either(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notes are shown at the end of the person's card: the check scans them too, and
    names the field the number is in."""
    edit(
        data / "people.toml",
        "Le programme ne dit pas à quelle structure il appartient.",
        "Joignable au 05 55 12 34 56.",
    )
    assert lines(data, capsys, monkeypatch) == [
        "people.toml [guillaume-bertrand] notes.fr : un numéro de téléphone (05 …) dans ce"
        " champ : supprimez-le, le bot ne donne jamais de coordonnées"
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        "people.toml [guillaume-bertrand] notes.fr: a phone number (05 …) in this field: remove"
        " it, the bot never gives contact details"
    ]


def test_contact_details_in_any_record_are_a_problem_on_their_field(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every text of every record is scanned as the notes are (an organisation's name, a
    project's notes...), the record being checked for its other problems all the same."""
    edit(data / "organisations.toml", 'name = "', 'name = "jean.dupont@example.org ')
    edit(data / "organisations.toml", "org_kind = ", "org_knid = ")
    fr = lines(data, capsys, monkeypatch)
    assert fr == [
        "organisations.toml [acal] org_kind : champ obligatoire manquant",
        "organisations.toml [acal] org_knid : champ inconnu (faute de frappe ?)",
        "organisations.toml [acal] name : une adresse e-mail (jea…) dans ce champ :"
        " supprimez-la, le bot ne donne jamais de coordonnées",
    ]
    edit(data / "organisations.toml", "org_knid = ", "org_kind = ")
    edit(
        data / "projects.toml", 'notes.fr = "La page', 'notes.fr = "Tél. +33 5 55 12 34 56. La page'
    )
    assert lines(data, capsys, monkeypatch, "en")[1:] == [
        "projects.toml [coopr] notes.fr: a phone number (+33…) in this field: remove it, the"
        " bot never gives contact details"
    ]
    said = " ".join(README.split())
    assert "in any text of any record" in said


def test_local_phone_numbers_are_caught_in_a_record_and_in_a_note(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Local numbers as members in Mali, Senegal or Haiti write them (no country code, no 0),
    and any number after a phone word; one in brackets is shown with one bracket."""
    edit(
        data / "people.toml",
        'role = { fr = "animateur de la rencontre,',
        'role = { fr = "animateur (76 12 34 56), portable 77 123 45 67, de la rencontre,',
    )
    edit(
        data / "documents" / "coopr-le-projet.md",
        "rédigée pour le bot.",
        "rédigée pour le bot. Bureau : 3712-3456, tél. 20 21 22 23, secrétariat (05 55 12 34 56).",
    )
    assert lines(data, capsys, monkeypatch) == [
        "people.toml [khalid-chihani] role.fr : un numéro de téléphone (76 …) dans ce champ :"
        " supprimez-le, le bot ne donne jamais de coordonnées",
        "people.toml [khalid-chihani] role.fr : un numéro de téléphone (77 …) dans ce champ :"
        " supprimez-le, le bot ne donne jamais de coordonnées",
        "documents/coopr-le-projet.md:3 : un numéro de téléphone (371…) : supprimez-le, le bot"
        " ne donne jamais de coordonnées",
        "documents/coopr-le-projet.md:3 : un numéro de téléphone (20 …) : supprimez-le, le bot"
        " ne donne jamais de coordonnées",
        "documents/coopr-le-projet.md:3 : un numéro de téléphone (05 …) : supprimez-le, le bot"
        " ne donne jamais de coordonnées",
    ]


def test_amounts_years_and_times_in_a_record_are_no_phone_numbers(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        data / "projects.toml",
        'notes.fr = "La page',
        'notes.fr = "Budget : 172 343 € (2016-2018, 2020/2026), 1 200 ménages, 445 428 habitants,'
        " 87 participants de 14h00–14h15 le 04/11/2016, 67,5 %, #JDR2017, tél. 2016-2018. La page",
    )
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "fr")
    assert main(["data", "check", str(data)]) == 0
    assert capsys.readouterr().out.startswith("Aucun problème")


def test_a_numbered_transversal_action_names_the_field_and_the_fix(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(data / "actions.toml", "\ntransversal = true\n", "\ntransversal = true\nnumber = 6\n")
    assert lines(data, capsys, monkeypatch) == [
        "actions.toml [coopr-communication] number : une action transversale n'a pas de numéro :"
        " supprimez number, ou supprimez transversal = true si l'action est une action"
        " numérotée"
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        "actions.toml [coopr-communication] number: a transversal action has no number: remove"
        " number, or remove transversal = true if the action is a numbered one"
    ]


RULE_FR = (
    "(un intertitre est une ligne qui commence par un à six # suivis d'un espace, sous le titre)"
)
RULE_EN = "(a heading is a line starting with one to six # and a space, below the title)"


def test_a_notes_english_version_without_one_of_its_headings_is_a_problem(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problem is at the line of the version with fewer headings after which the two
    part, and names the other's first heading without counterpart, at its line."""
    english = data / "documents" / "coopr-le-projet.en.md"
    text = english.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(text) if i > 0 and line.startswith("#"))
    english.write_text("\n".join(text[:heading] + text[heading + 1 :]), encoding="utf-8")
    assert lines(data, capsys, monkeypatch) == [
        f"documents/coopr-le-projet.en.md:1 : 4 intertitres alors que coopr-le-projet.md en a 5"
        f" {RULE_FR} ; les intertitres divergent après cette ligne : « Objet du projet » (ligne 5"
        " de coopr-le-projet.md) n'a pas d'équivalent ici. Donnez aux deux versions les mêmes"
        " intertitres, dans le même ordre"
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        f"documents/coopr-le-projet.en.md:1: 4 headings where coopr-le-projet.md has 5 {RULE_EN};"
        " the headings part after this line: “Objet du projet” (line 5 of coopr-le-projet.md)"
        " has no counterpart here. Give both versions the same headings, in the same order"
    ]
    said = " ".join(README.split())
    assert "the check counts the sub-headings of both versions" in said
    assert "below the title line, which is not counted" in said
    # the title line is not counted: a title written differently is no problem, and the
    # words and levels of the sub-headings are not compared
    english.write_text(
        "# Another title\n" + "\n".join(text[1:]).replace("\n## ", "\n### "), encoding="utf-8"
    )
    assert main(["data", "check", str(data)]) == 0
    capsys.readouterr()


def test_a_heading_missing_in_the_middle_is_found_by_what_follows_it(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headings of one level are told apart by the text below them (its numbers and words in
    capitals, its size): a heading line removed, its paragraphs left under the heading above,
    is the one named; the French version with fewer headings is the one reported."""
    english = data / "documents" / "coopr-le-projet.en.md"
    text = english.read_text(encoding="utf-8").split("\n")
    members = text.index("## Member local governments, by country")
    english.write_text("\n".join(text[:members] + text[members + 1 :]), encoding="utf-8")
    (problem,) = lines(data, capsys, monkeypatch, "en")
    stakes = text.index("## Stakes and expected results") + 1
    assert problem.startswith(f"documents/coopr-le-projet.en.md:{stakes}: 4 headings where")
    assert "“Collectivités membres, par pays” (line 17 of coopr-le-projet.md)" in problem
    english.write_text("\n".join(text), encoding="utf-8")
    french = data / "documents" / "coopr-le-projet.md"
    edit(french, "## Financement\n", "")
    (problem,) = lines(data, capsys, monkeypatch)
    assert problem.startswith("documents/coopr-le-projet.md:28 : 4 intertitres alors que")
    assert "« Funding » (ligne 46 de coopr-le-projet.en.md)" in problem


def test_a_listed_as_outside_the_projects_and_a_shared_action_number_are_translated(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(data / "actions.toml", 'project = "coopr"\nnumber = 2', 'project = "coopr"\nnumber = 1')
    edit(data / "organisations.toml", "listed_as = { coopr = ", "listed_as = { coopx = ")
    assert lines(data, capsys, monkeypatch) == [
        "organisations.toml [acal] listed_as.coopx : « coopx » n'est pas dans les projets"
        " (projects) de cette organisation",
        "actions.toml [coopr-2] number : l'action 1 du projet « coopr » est déjà définie par"
        " « coopr-1 »",
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        "organisations.toml [acal] listed_as.coopx: “coopx” is not among this organisation's"
        " projects (projects)",
        "actions.toml [coopr-2] number: action 1 of project “coopr” is already defined by"
        " “coopr-1”",
    ]


def test_an_impossible_toml_date_is_said_as_a_date_not_as_quotes_and_brackets(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``date = 2026-02-30`` is not a TOML date (tomllib: "Invalid date or datetime"): the
    problem says so, at its line and column, in the shape of every problem."""
    meetings = data / "meetings.toml"
    line = meetings.read_text(encoding="utf-8").split("\n").index("date = 2016-11-04") + 1
    edit(meetings, "date = 2016-11-04", "date = 2026-02-30")
    assert lines(data, capsys, monkeypatch) == [
        f"meetings.toml:{line} : date impossible à la colonne 8 : ce jour n'existe pas dans ce"
        " mois (AAAA-MM-JJ)"
    ]
    assert lines(data, capsys, monkeypatch, "en") == [
        f"meetings.toml:{line}: impossible date at column 8: that day does not exist in that"
        " month (YYYY-MM-DD)"
    ]
    said = " ".join(README.split())
    assert "`FILE:LINE : date impossible à la colonne 8 : ce jour n'existe pas dans ce mois" in said
    # the same day as a string is refused on its field
    edit(meetings, "date = 2026-02-30", 'date = "2026-02-30"')
    (problem,) = lines(data, capsys, monkeypatch)
    assert problem.endswith(" date : date impossible : 2026-02-30")
    assert "as a string, `date impossible : 2026-02-30` on the field" in said


def test_a_questionnaires_show_if_is_reported_with_its_other_problems_as_the_readme_says(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``show_if`` value a question cannot take comes in the same run as the questionnaire's
    other problems, in the shape data/README.md gives (the question in the message)."""
    form = data / "forms" / "terress-autodiagnostic.toml"
    edit(form, "max = 500", "max = -3")
    edit(form, 'equals = "service-dedie"', 'equals = "oui"')
    fr = lines(data, capsys, monkeypatch)
    assert fr == [
        "terress-autodiagnostic.toml [terress-autodiag/agents-ess] : min (0) doit être inférieur"
        " à max (-3)",
        "terress-autodiagnostic.toml [terress-autodiag] : question agents-ess : la valeur « oui »"
        " de show_if n'est pas une réponse possible de service-ess (single)",
    ]
    said = " ".join(README.split())
    for line in fr:
        assert f"`{line}`" in said, line
    assert lines(data, capsys, monkeypatch, "en")[1] == (
        "terress-autodiagnostic.toml [terress-autodiag]: question agents-ess: show_if value “oui”"
        " is not a possible answer of service-ess (single)"
    )
