"""Questionnaire files: the shipped ones are valid, and each kind of mistake is reported with
its file, questionnaire/question and field (as ``coopbot data check`` prints it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.forms.answers import AnswerRefused, from_button, from_text
from bot.forms.files import read_form, read_forms
from bot.forms.models import Form
from bot.knowledge.loader import check, default_data_dir, load_knowledge

KB = load_knowledge()

GOOD = """
id = "test-form"
project = "terress"
deadline = 2030-01-31
title = { fr = "Test", en = "Test" }
intro = { fr = "Intro", en = "Intro" }

[[section]]
id = "one"
title = { fr = "Un", en = "One" }

[[section.question]]
id = "kind"
type = "single"
text = { fr = "Quel type ?", en = "Which kind?" }
choices = [
  { id = "a", fr = "Alpha", en = "Alpha" },
  { id = "b", fr = "Bêta", en = "Beta" },
]

[[section.question]]
id = "count"
type = "number"
text = { fr = "Combien ?", en = "How many?" }
min = 0
max = 50
unit = { fr = "agents", en = "staff" }
show_if = { question = "kind", equals = "a" }

[[section.question]]
id = "name"
type = "short_text"
text = { fr = "Nom ?", en = "Name?" }
optional = true

[[section.question]]
id = "score"
type = "scale"
text = { fr = "Note ?", en = "Score?" }
low = { fr = "Bas", en = "Low" }
high = { fr = "Haut", en = "High" }
"""


def form(text: str = GOOD) -> Form:
    found, problems = read_form("test.toml", text.encode(), KB)
    assert not problems, problems
    assert found is not None
    return found


def problems(text: str) -> list[str]:
    _, found = read_form("test.toml", text.encode(), KB)
    return [str(p) for p in found]


def test_the_shipped_questionnaires_are_valid_and_cover_their_action() -> None:
    forms, found = read_forms(default_data_dir() / "forms", KB)
    assert not found
    assert {f.form.project for f in forms.values()} == {"coopr", "terress"}
    coopr = forms["coopr-autodiag"].form
    assert coopr.action == "coopr-0" and len(list(coopr.questions())) >= 15
    assert {q.type for q in coopr.questions()} >= {
        "single",
        "multiple",
        "scale",
        "number",
        "yes_no",
        "short_text",
        "long_text",
    }
    assert forms["terress-autodiag"].form.action == "terress-1"
    assert not [p for p in check() if "forms" in p.file or p.file.endswith("autodiagnostic.toml")]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('id = "b", fr = "Bêta"', 'id = "a", fr = "Bêta"'),
            "[test-form/kind]: duplicate choice id a",
        ),
        (("max = 50", "max = -1"), "[test-form/count]: min (0) must be below max (-1)"),
        (('type = "scale"', 'type = "stars"'), "[test-form/score] type: Input should be"),
        (('equals = "a"', 'equals = "z"'), "show_if value “z” is not a possible answer of kind"),
        (('question = "kind"', 'question = "name"'), "“name”, which is not an earlier question"),
        (('project = "terress"', 'project = "nope"'), "[test-form] project: unknown project"),
        (('low = { fr = "Bas", en = "Low" }\n', ""), "scale question needs its low and high"),
        (("deadline = 2030-01-31", 'deadline = "bientôt"'), "[test-form] deadline: "),
        (('id = "name"', 'id = "kind"'), "duplicate question id kind"),
        (('type = "short_text"', 'type = "short_text"\nmax_length = 500'), "at most 200"),
        (("optional = true", "optinal = true"), "[test-form/name] optinal: unknown field"),
    ],
)
def test_each_mistake_is_located(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(p.startswith("test.toml [") and expected in p for p in found), found


def test_a_show_if_problem_is_reported_with_the_questionnaires_other_problems() -> None:
    """The questions' order is checked in the same run as their fields: a scale's labels
    missing (a problem of that question) does not hide a ``show_if`` value that cannot be, nor
    a question id used twice; what refers to a question refused on its own is not checked."""
    text = GOOD.replace('low = { fr = "Bas", en = "Low" }\n', "", 1)
    text = text.replace('equals = "a"', 'equals = "z"', 1)
    text = text.replace('id = "name"', 'id = "kind"', 1)
    assert problems(text) == [
        "test.toml [test-form/score]: a scale question needs its low and high labels (what 1"
        " and 5 mean)",
        "test.toml [test-form]: question count: show_if value “z” is not a possible answer of"
        " kind (single)",
        "test.toml [test-form]: duplicate question id kind",
    ]
    # a question refused on its own has its show_if checked all the same...
    refused = GOOD.replace("max = 50", "max = -1", 1).replace('equals = "a"', 'equals = "z"', 1)
    assert problems(refused) == [
        "test.toml [test-form/count]: min (0) must be below max (-1)",
        "test.toml [test-form]: question count: show_if value “z” is not a possible answer of"
        " kind (single)",
    ]
    # ...but what refers to it is not checked against it (its type or choices may be wrong)
    refused = GOOD.replace('{ id = "b", fr = "Bêta"', '{ id = "a", fr = "Bêta"', 1)
    refused = refused.replace('equals = "a"', 'equals = "z"', 1)
    assert problems(refused) == ["test.toml [test-form/kind]: duplicate choice id a"]


def test_a_toml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(GOOD.replace('id = "one"', 'id = "one'))
    (tmp_path / "fine.toml").write_text(GOOD.replace('"test-form"', '"fine-form"'))
    forms, found = read_forms(tmp_path, KB)
    assert list(forms) == ["fine-form"]  # the broken file gives nothing, the other loads
    (problem,) = found
    assert problem.file == "broken.toml" and problem.line is not None


def test_show_if_hides_a_question_until_its_condition_holds() -> None:
    questionnaire = form()
    assert [q.id for q in questionnaire.visible({})] == ["kind", "name", "score"]
    assert [q.id for q in questionnaire.visible({"kind": "b"})] == ["kind", "name", "score"]
    assert [q.id for q in questionnaire.visible({"kind": "a"})] == [
        "kind",
        "count",
        "name",
        "score",
    ]


def test_answers_outside_the_rule_are_refused_with_the_rule() -> None:
    questionnaire = form()
    kind, count, name, score = (
        questionnaire.question(i) for i in ("kind", "count", "name", "score")
    )
    assert kind and count and name and score
    with pytest.raises(AnswerRefused) as refused:
        from_button(kind, "zzz")  # a choice that is not one
    assert refused.value.key == "forms.rule.choice" and refused.value.params == {"count": 2}
    with pytest.raises(AnswerRefused) as refused:
        from_text(kind, "Gamma")
    assert refused.value.key == "forms.rule.choice"
    assert from_text(kind, "2") == "b" and from_text(kind, "beta") == "b"
    with pytest.raises(AnswerRefused) as refused:
        from_text(count, "51")
    assert refused.value.key == "forms.rule.range"
    assert refused.value.params == {"number": "51", "minimum": "0", "maximum": "50"}
    with pytest.raises(AnswerRefused) as refused:
        from_text(count, "2.5")
    assert refused.value.key == "forms.rule.whole"
    assert from_text(count, "12 agents") == 12 and from_text(count, " 7 ") == 7
    with pytest.raises(AnswerRefused) as refused:
        from_text(count, "douze")
    assert refused.value.key == "forms.rule.not_number"
    with pytest.raises(AnswerRefused) as refused:
        from_text(name, "x" * 201)
    assert refused.value.key == "forms.rule.too_long"
    assert refused.value.params == {"length": 201, "maximum": 200}
    assert from_text(name, "x" * 200) == "x" * 200
    with pytest.raises(AnswerRefused):
        from_text(score, "6")
    with pytest.raises(AnswerRefused):
        from_button(score, "0")
    assert from_button(score, "5") == 5


def test_an_action_of_another_project_is_a_problem(tmp_path: Path) -> None:
    """`action` must be one of the questionnaire's `project`: a Terr'ESS questionnaire on a
    COOP'R action is refused by `coopbot data check`, in French and in English."""
    import shutil

    from bot.data_problems import problem_text

    assert KB.actions["terress-1"].project == "terress"
    assert KB.actions["coopr-0"].project == "coopr"
    own = GOOD.replace('project = "terress"', 'project = "terress"\naction = "terress-1"', 1)
    assert form(own).action == "terress-1"
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data, ignore=shutil.ignore_patterns("__*"))
    terress = data / "forms" / "terress-autodiagnostic.toml"
    text = terress.read_text(encoding="utf-8")
    assert 'action = "terress-1"' in text
    terress.write_text(text.replace('action = "terress-1"', 'action = "coopr-0"', 1), "utf-8")
    (problem,) = check(data)
    assert problem_text(problem, "fr") == (
        "terress-autodiagnostic.toml [terress-autodiag] action : l'action « coopr-0 »"
        " appartient au projet coopr, pas à terress"
    )
    assert problem_text(problem, "en") == (
        "terress-autodiagnostic.toml [terress-autodiag] action: the action “coopr-0”"
        " belongs to project coopr, not to terress"
    )
    forms, _ = read_forms(data / "forms", load_knowledge(data))
    assert "terress-autodiag" not in forms  # a file with a problem gives no questionnaire
