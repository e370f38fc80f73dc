"""Reading and checking ``data/forms/*.toml``: one questionnaire per file.

Problems are those of ``coopbot data check``: file, record and field, as for the knowledge
files (:class:`bot.knowledge.loader.Problem`). A question's problem names the questionnaire and
the question (``[coopr-autodiag/budget] max``), not list positions.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.data_problems import translation
from bot.forms.models import Asked, Form, Question, ShowIf, question_problems
from bot.knowledge.loader import Problem, pydantic_problem, toml_problem
from bot.knowledge.models import KnowledgeBase


@dataclass(frozen=True)
class FormFile:
    form: Form
    file: str


def forms_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "forms"


def read_forms(
    path: Path, kb: KnowledgeBase | None = None
) -> tuple[dict[str, FormFile], list[Problem]]:
    """Every valid questionnaire of ``path`` (by id) and the problems of the others.

    A file with any problem gives no questionnaire at all: it changes nothing stored."""
    problems: list[Problem] = []
    found: dict[str, FormFile] = {}
    if not Path(path).is_dir():
        return found, problems
    for file in sorted(Path(path).glob("*.toml")):
        form, file_problems = read_form(file.name, file.read_bytes(), kb)
        if form is not None and form.id in found:
            file_problems.append(
                Problem(
                    file.name,
                    form.id,
                    "id",
                    f"duplicate id (already used in {found[form.id].file})",
                    key="refusals.data.duplicate_form",
                    params=(("file", found[form.id].file),),
                )
            )
        problems.extend(file_problems)
        if form is not None and not file_problems:
            found[form.id] = FormFile(form, file.name)
    return found, problems


def read_form(
    name: str, content: bytes, kb: KnowledgeBase | None = None
) -> tuple[Form | None, list[Problem]]:
    try:
        document = tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        utf8 = "refusals.data.utf8"
        return None, [Problem(name, None, None, f"file is not UTF-8: {exc}", key=utf8)]
    except tomllib.TOMLDecodeError as exc:
        return None, [toml_problem(name, exc)]
    raw_id = document.get("id")
    label = raw_id if isinstance(raw_id, str) else name.removesuffix(".toml")
    try:
        form = Form.model_validate(document)
    except ValidationError as exc:
        refused = [_problem(name, label, document, error) for error in exc.errors()]
        if all(error.get("loc") for error in exc.errors()):  # the questionnaire's own check
            refused += _question_problems(name, label, document)  # did not run: run it here
        return None, refused
    problems: list[Problem] = []
    if kb is not None:
        if form.project not in kb.projects:
            known = ", ".join(sorted(kb.projects))
            problems.append(
                Problem(
                    name,
                    form.id,
                    "project",
                    f"unknown project {form.project!r} ({known})",
                    key="refusals.data.unknown_project",
                    params=(("ref", form.project), ("known", known)),
                )
            )
        action = kb.actions.get(form.action) if form.action is not None else None
        if form.action is not None and action is None:
            problems.append(
                Problem(
                    name,
                    form.id,
                    "action",
                    f"unknown action {form.action!r}",
                    key="refusals.data.unknown_ref",
                    params=(("kind", "[[action]]"), ("ref", form.action)),
                )
            )
        elif action is not None and form.project in kb.projects and action.project != form.project:
            problems.append(  # a known project's questionnaire on another project's action
                Problem(
                    name,
                    form.id,
                    "action",
                    f"action {action.id!r} belongs to project {action.project!r}, "
                    f"not {form.project!r}",
                    key="refusals.data.action_of_project",
                    params=(
                        ("ref", action.id),
                        ("owner", action.project),
                        ("project", form.project),
                    ),
                )
            )
    return form, problems


def _problem(name: str, label: str, document: dict[str, Any], error: Any) -> Problem:
    """A pydantic error located by questionnaire, question and field."""
    loc: Sequence[int | str] = error.get("loc", ())
    record = label
    rest = list(loc)
    if len(rest) >= 2 and rest[0] == "section" and isinstance(rest[1], int):
        sections = document.get("section")
        section = sections[rest[1]] if isinstance(sections, list) else {}
        sid = section.get("id") if isinstance(section, dict) else None
        record = f"{label}/{sid or f'section[{rest[1]}]'}"
        rest = rest[2:]
        if len(rest) >= 2 and rest[0] == "question" and isinstance(rest[1], int):
            questions = section.get("question") if isinstance(section, dict) else None
            question = questions[rest[1]] if isinstance(questions, list) else {}
            qid = question.get("id") if isinstance(question, dict) else None
            record = f"{label}/{qid or f'question[{rest[1]}]'}"
            rest = rest[2:]
    field = ".".join(str(part) for part in rest) or None
    return pydantic_problem(name, record, field, error)


def _question_problems(name: str, label: str, document: dict[str, Any]) -> list[Problem]:
    """The problems between questions (a question id used twice, a ``show_if``) of a
    questionnaire refused for other problems, so that they are reported in the same run: the
    questions are checked one by one, and those refused are left out of it."""
    questions: list[Asked] = []
    sections = document.get("section")
    for section in sections if isinstance(sections, list) else []:
        inner = section.get("question") if isinstance(section, dict) else None
        for raw in inner if isinstance(inner, list) else []:
            try:
                question = Question.model_validate(raw)
                questions.append((question.id, question.show_if, question))
                continue
            except ValidationError:
                pass
            raw = raw if isinstance(raw, dict) else {}
            qid = raw.get("id")
            try:  # a question refused on its own: its show_if is checked all the same
                cond = ShowIf.model_validate(raw["show_if"]) if "show_if" in raw else None
            except ValidationError:
                cond = None
            questions.append((qid if isinstance(qid, str) else "", cond, None))
    problems: list[Problem] = []
    for refusal in question_problems(questions):
        error = {"type": "value_error", "ctx": {"error": refusal}, "msg": str(refusal)}
        key, params = translation(error)
        problems.append(Problem(name, label, None, str(refusal), key=key, params=params))
    return problems
