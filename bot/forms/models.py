"""Questionnaires as data: the pydantic models of a ``data/forms/*.toml`` file.

A file is one questionnaire (self-assessment): its id, project, bilingual title and introduction,
deadline (a date: answers are accepted until the end of that day in the bot's time zone) and
sections of questions. See the README ("Self-assessments") for a complete example.

Question types: ``single`` and ``multiple`` (``choices``), ``scale`` (1 to 5, ``low`` and
``high`` labels), ``number`` (``min``, ``max``, ``unit``, ``decimals``), ``yes_no``,
``short_text`` (at most 200 characters) and ``long_text`` (at most 2,000). Any question may be
``optional``, and shown only if an earlier answer has a given value (``show_if``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from bot.data_problems import DataValueError
from bot.knowledge.models import Text, _Model

QuestionType = Literal["single", "multiple", "scale", "number", "yes_no", "short_text", "long_text"]
CHOICE_TYPES = ("single", "multiple")
TEXT_TYPES = ("short_text", "long_text")
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
SCALE = (1, 2, 3, 4, 5)

# Ids travel in Telegram's callback data (64 bytes): "fm:a:FORM:QUESTION:CHOICE".
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FormId = Annotated[str, StringConstraints(pattern=_SLUG, max_length=20)]
QuestionId = Annotated[str, StringConstraints(pattern=_SLUG, max_length=20)]
ChoiceId = Annotated[str, StringConstraints(pattern=_SLUG, max_length=16)]
ProjectId = Annotated[str, StringConstraints(pattern=_SLUG)]

Value = str | int | float | bool | list[str]


class Choice(_Model):
    id: ChoiceId
    fr: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class ShowIf(_Model):
    """Show the question only if the earlier question ``question`` was answered ``equals``
    (a choice id, ``true``/``false`` for yes/no, a number for a scale or a number; for a
    multiple choice: the choice is among those ticked)."""

    question: QuestionId
    equals: bool | int | float | str


class Question(_Model):
    id: QuestionId
    type: QuestionType
    text: Text
    help: Text | None = None
    optional: bool = False
    choices: list[Choice] = Field(default_factory=list)
    low: Text | None = None  # scale: what 1 means
    high: Text | None = None  # scale: what 5 means
    min: float | None = None  # number
    max: float | None = None
    unit: Text | None = None
    decimals: int = Field(default=0, ge=0, le=4)
    max_length: int | None = Field(default=None, ge=1)  # texts: lower than the type's maximum
    show_if: ShowIf | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Question:
        kind = self.type
        if kind in CHOICE_TYPES:
            if len(self.choices) < 2:
                raise DataValueError("few_choices", kind=kind, count=2)
            if len(self.choices) > 12:
                raise DataValueError("many_choices", count=12)
            ids = [c.id for c in self.choices]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise DataValueError("duplicate_choice", ids=", ".join(dup), count=len(dup))
        elif self.choices:
            raise DataValueError("choices_not_here", kind=kind)
        if kind == "scale" and (self.low is None or self.high is None):
            raise DataValueError("scale_labels")
        if kind != "scale" and (self.low is not None or self.high is not None):
            raise DataValueError("labels_not_here")
        if kind == "number":
            if self.min is None or self.max is None:
                raise DataValueError("number_bounds")
            if self.min >= self.max:
                raise DataValueError("min_max", min=f"{self.min:g}", max=f"{self.max:g}")
        elif self.min is not None or self.max is not None or self.unit is not None:
            raise DataValueError("bounds_not_here")
        if self.max_length is not None:
            if kind not in TEXT_TYPES:
                raise DataValueError("max_length_not_here")
            if self.max_length > self.length_limit(default=True):
                raise DataValueError(
                    "max_length_limit", limit=self.length_limit(default=True), kind=kind
                )
        return self

    def length_limit(self, *, default: bool = False) -> int:
        top = SHORT_TEXT_MAX if self.type == "short_text" else LONG_TEXT_MAX
        return top if default or self.max_length is None else self.max_length

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def accepts(self, value: Any) -> bool:
        """Whether a stored ``value`` is a valid answer to this question as it is now."""
        kind = self.type
        if kind == "single":
            return isinstance(value, str) and self.choice(value) is not None
        if kind == "multiple":
            return (
                isinstance(value, list)
                and bool(value)
                and all(isinstance(v, str) and self.choice(v) for v in value)
            )
        if kind == "scale":
            return isinstance(value, int) and not isinstance(value, bool) and value in SCALE
        if kind == "number":
            return (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and self.min is not None
                and self.max is not None
                and self.min <= value <= self.max
            )
        if kind == "yes_no":
            return isinstance(value, bool)
        return isinstance(value, str) and 0 < len(value) <= self.length_limit()


class Section(_Model):
    id: QuestionId
    title: Text
    question: list[Question] = Field(min_length=1)


class Form(_Model):
    id: FormId
    project: ProjectId
    action: ProjectId | None = None  # the project's action this self-assessment is
    title: Text
    intro: Text
    deadline: dt.date
    section: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _questions(self) -> Form:
        sections = [s.id for s in self.section]
        dup = sorted({s for s in sections if sections.count(s) > 1})
        if dup:
            raise DataValueError("duplicate_section", ids=", ".join(dup), count=len(dup))
        for refusal in question_problems((q.id, q.show_if, q) for q in self.questions()):
            raise refusal
        return self

    def questions(self) -> Iterator[Question]:
        for section in self.section:
            yield from section.question

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions() if q.id == question_id), None)

    def section_of(self, question_id: str) -> Section | None:
        return next((s for s in self.section if any(q.id == question_id for q in s.question)), None)

    def visible(self, answers: dict[str, Any]) -> list[Question]:
        """The questions to ask given the answers so far (``show_if`` applied, in order)."""
        shown: list[Question] = []
        shown_ids: set[str] = set()
        for question in self.questions():
            cond = question.show_if
            if cond is not None and not (
                cond.question in shown_ids and matches(answers.get(cond.question), cond.equals)
            ):
                continue
            shown.append(question)
            shown_ids.add(question.id)
        return shown


# A question as the check between questions sees it: its id, its show_if, and the question
# itself (None: refused on its own, so nothing refers to it is checked against it).
Asked = tuple[str, "ShowIf | None", "Question | None"]


def question_problems(questions: Iterable[Asked]) -> Iterator[DataValueError]:
    """What is wrong between the questions of a questionnaire, in order: a question id used
    twice, a ``show_if`` naming no earlier question or a value that question cannot take
    (not checked against a question refused on its own)."""
    seen: dict[str, Question | None] = {}
    for qid, cond, question in questions:
        if not qid:  # a question without an id: its own problem says so
            continue
        if qid in seen:
            yield DataValueError("duplicate_question", id=qid)
            continue
        if cond is not None:
            if cond.question not in seen:
                yield DataValueError("show_if_question", id=qid, question=cond.question)
            else:
                earlier = seen[cond.question]
                if earlier is not None and not _condition_fits(earlier, cond.equals):
                    yield DataValueError(
                        "show_if_value",
                        id=qid,
                        value=cond.equals,
                        question=earlier.id,
                        kind=earlier.type,
                    )
        seen[qid] = question


def _condition_fits(question: Question, value: object) -> bool:
    if question.type in CHOICE_TYPES:
        return isinstance(value, str) and question.choice(value) is not None
    if question.type == "yes_no":
        return isinstance(value, bool)
    if question.type in ("scale", "number"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)


def matches(answer: object, expected: object) -> bool:
    """Whether ``answer`` satisfies a ``show_if`` value."""
    if answer is None:
        return False
    if isinstance(answer, list):
        return expected in answer
    if isinstance(answer, bool) or isinstance(expected, bool):
        return answer is expected
    return bool(answer == expected)
