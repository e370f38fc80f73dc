"""``data/README.md`` checked as a coordinator follows it: its new-project example is valid, the
``coopbot data check`` lines it quotes are printed as quoted, its lists of allowed values and
required fields are the models', every vocabulary file is listed."""

from __future__ import annotations

import html
import re
import shutil
import tomllib
import typing
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.forms.models import Form
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KINDS, ActionType, OrgKind, TermType

README = (default_data_dir() / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of the README's section headed ``title`` (up to the next heading of any level)."""
    start = README.index(f"{title}\n")
    rest = README[start + len(title) + 1 :]
    found = re.search(r"^#{2,3} ", rest, re.M)
    return rest[: found.start()] if found else rest


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def project_example() -> str:
    return blocks(section("## Adding a project (example)"), "toml")[0]


def quoted_outputs() -> list[str]:
    """The ``text`` blocks of the check's section: the format line, then the real outputs."""
    return blocks(section("### 1. Check: `coopbot data check [path]`"), "text")


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped data with the README's new project, French terminal."""
    for name in ("COOPBOT_DEFAULT_LANGUAGE", "COOPBOT_CONFIG", "COOPBOT_DATA__PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no ./config.toml
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("__*"))
    (target / "civnum.toml").write_text(project_example(), encoding="utf-8")
    return target


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["data", "check", str(path)])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, (file.name, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_new_project_example_is_valid_and_members_follow_the_files_order(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(copy / "organisations.toml", 'projects = ["coopr"]', 'projects = ["coopr", "civnum"]')
    code, errors, out = check(copy, capsys)
    assert (code, errors) == (0, [])
    assert out.strip() == f"Aucun problème dans {copy}"
    # "Order of lists": civnum.toml is read before organisations.toml, whose first COOP'R-only
    # member (APIDA) joined CivNum.
    kb = load_knowledge(copy)
    assert [o.id for o in kb.members("civnum")] == ["ville-exemple", "apida"]
    assert "• France (1) : Ville d'Exemple\n• Bénin (1) : Association pour la Promotion" in README


def test_the_quoted_problems_are_printed_as_quoted(
    copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    civnum = copy / "civnum.toml"
    own = 'source = ["900_c0ffee0000000001"]'
    edit(
        civnum,
        f'actions_end = "2027-06"\n{own}',
        'actions_end = "2027-06"\nsource = ["civnum-note"]',
    )
    edit(civnum, f'by the DAECT." }}\n{own}', 'by the DAECT." }\nsource = ["900_c0ffee"]')
    edit(civnum, 'action_type = "webinars"', 'action_type = "workshop"')
    edit(civnum, 'date = "2026-03"\n', 'date = "2026-03-10"\nend_date = "2026-03-11"\n')
    edit(copy / "organisations.toml", "org_kind = ", "org_knid = ")
    (copy / "broken.toml").write_text('[[term]]\nid = "x"\nterm = "X\n', encoding="utf-8")
    _format, french, english, _references = quoted_outputs()
    code, errors, _ = check(copy, capsys)
    assert code == 1
    assert errors == french.replace("/tmp/data", str(copy)).splitlines()
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    code, errors, _ = check(copy, capsys)
    assert code == 1 and set(english.splitlines()) <= set(errors)
    # "data check has no --lang option (it is refused)"
    with pytest.raises(SystemExit) as refused:
        main(["data", "check", "--lang", "en", str(copy)])
    assert refused.value.code == 2


def test_the_quoted_reference_problems_come_once_the_records_are_valid(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(copy / "civnum.toml", 'body = "daect"', 'body = "dcect"')
    online = 'place = { venue = { fr = "en ligne", en = "online" } }\n\n[[meeting]]'
    edit(copy / "civnum.toml", online, 'place = { country = "fra", city = "Lyon" }\n\n[[meeting]]')
    edit(copy / "organisations.toml", 'projects = ["coopr"]', 'projects = ["coopr", "civnun"]')
    references = quoted_outputs()[3]
    code, errors, _ = check(copy, capsys)
    assert code == 1
    assert errors == references.replace("/tmp/data", str(copy)).splitlines()


def test_the_questionnaire_example_and_its_quoted_problems(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = section("## Self-assessments (`forms/`)")
    example = blocks(forms, "toml")[0]
    Form.model_validate(tomllib.loads(example))
    (copy / "forms" / "civnum-autodiagnostic.toml").write_text(example, encoding="utf-8")
    assert check(copy, capsys)[:2] == (0, [])
    flat = " ".join(forms.split())
    terress = copy / "forms" / "terress-autodiagnostic.toml"
    for old, new in (
        ("\nmax = 500\n", "\nmax = -3\n"),
        ('project = "terress"', 'project = "terres"'),
    ):
        original = terress.read_text(encoding="utf-8")
        edit(terress, old, new)
        code, errors, _ = check(copy, capsys)
        assert code == 1 and f"`{errors[0]}`" in flat, errors
        terress.write_text(original, encoding="utf-8")


def test_a_note_problem_is_printed_in_the_terminals_language_with_its_line(
    copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    note = copy / "documents" / "note.md"
    note.write_text("# Note\n\nContact: jean.dupont@example.org\n", encoding="utf-8")
    flat = " ".join(section("## Documents (`documents/`)").split())
    code, errors, _ = check(copy, capsys)
    assert code == 1 and f"`{errors[0]}`" in flat
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    code, errors, _ = check(copy, capsys)
    assert code == 1 and f"`{errors[0]}`" in flat


def answer(copy: Path, question: str, lang: str) -> str:
    from bot.knowledge.answer import Answerer

    return Answerer(load_knowledge(copy)).answer(question, lang, date(2026, 1, 15)).html


def test_another_funders_share_goes_in_its_mention_and_is_quoted(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = " ".join(section("### `[[project]]`").split())
    mention = re.search(r"`(mention = \{ fr = [^`]*%[^`]*\})`", project)
    assert mention and 'with `body = "afd"`' in project
    block = f'[[project.funders]]\nbody = "afd"\n{mention[1]}\n'
    edit(copy / "civnum.toml", "\n[[action]]", f"\n{block}\n[[action]]")
    assert check(copy, capsys)[:2] == (0, [])
    fr, en = tomllib.loads(mention[1])["mention"].values()
    assert f"• {html.escape(fr, quote=False)}" in answer(copy, "qui finance CivNum ?", "fr")
    assert f"• {html.escape(en, quote=False)}" in answer(copy, "Who funds CivNum?", "en")
    # "share = 20 is refused"
    edit(copy / "civnum.toml", 'body = "afd"\n', 'body = "afd"\nshare = 20\n')
    code, errors, _ = check(copy, capsys)
    assert code == 1 and "funders.1.share : champ inconnu (faute de frappe ?)" in errors[0]
    assert "`share = 20` is refused: `champ inconnu`" in project


def test_a_budget_in_the_projects_notes_is_quoted_when_the_budget_is_asked(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = " ".join(section("### `[[project]]`").split())
    notes = re.search(r"`(notes = \{ fr = \"Budget[^`]*\})`", project)
    assert notes
    edit(copy / "civnum.toml", "\n\n[[project.funders]]", f"\n{notes[1]}\n\n[[project.funders]]")
    assert check(copy, capsys)[:2] == (0, [])
    fr, en = tomllib.loads(notes[1])["notes"].values()
    assert f"• {html.escape(fr, quote=False)}" in answer(
        copy, "quel est le budget de CivNum ?", "fr"
    )
    assert f"• {html.escape(en, quote=False)}" in answer(copy, "What is CivNum's budget?", "en")


@pytest.mark.parametrize(
    ("title", "field", "values"),
    [
        ("### `[[action]]`", "`action_type` is one of exactly:", ActionType),
        ("### `[[organisation]]`", "`org_kind`:", OrgKind),
        ("### `[[term]]` (glossary)", "`term_type` (", TermType),
    ],
)
def test_allowed_values_are_listed_exactly(title: str, field: str, values: object) -> None:
    listed = re.split(r"\)|\.\n", section(title).split(field, 1)[1])[0]
    assert re.findall(r"`([a-z_]+)`", listed) == list(typing.get_args(values))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_required_fields_are_the_models(kind: str) -> None:
    title = f"### `[[{kind}]]`" + (" (glossary)" if kind == "term" else "")
    sentence = section(title).split("Required:", 1)[1].split(" and either")[0]
    sentence = re.split(r"`source`", sentence, maxsplit=1)[0] + "`source`"
    listed = set(re.findall(r"`([a-z_]+)(?: [^`]*)?`", sentence))
    required = {name for name, f in KINDS[kind].model_fields.items() if f.is_required()}
    assert listed == required


def test_every_vocabulary_file_is_listed() -> None:
    listed = set(
        re.findall(
            r"^\* `([a-z]+\.toml)` — ", section("## The bot's vocabulary (`vocabulary/`)"), re.M
        )
    )
    shipped = {p.name for p in (default_data_dir() / "vocabulary").glob("*.toml")}
    assert listed == shipped


def test_news_dates_appears_in_a_project_and_an_animator_not_among_the_networks_projects(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the README says: a news item's ``date`` is a date of the common rules, a person's
    ``appears_in`` may name a project, and a project's ``animator`` need not be among the
    network's ``projects`` (AIRF's are ``["terress"]``)."""
    news = (
        '[[project.news]]\ntitle = { fr = "Lancement", en = "Launch" }\n'
        'summary = { fr = "Le projet démarre.", en = "The project starts." }\ndate = "2026-01"\n'
    )
    edit(copy / "civnum.toml", "\n[[action]]", f"\n{news}\n[[action]]")
    edit(
        copy / "civnum.toml",
        'actions_end = "2027-06"\n',
        'actions_end = "2027-06"\nanimator = "airf"\n',
    )
    edit(copy / "people.toml", "appears_in = [", 'appears_in = ["civnum", ')
    assert check(copy, capsys)[:2] == (0, [])
    assert load_knowledge(copy).networks["airf"].projects == ["terress"]
    said = " ".join(README.split())
    assert "`appears_in` may name records of any kind, a project" in said
    assert "it is not compared with the projects' `animator`" in said
    edit(copy / "civnum.toml", 'date = "2026-01"', 'date = "janvier 2026"')
    code, errors, _ = check(copy, capsys)
    assert code == 1 and "[civnum] news.0.date : " in errors[0]
