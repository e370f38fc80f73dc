"""Reading an answer, typed or from a button, against its question's rule.

An answer outside the choices, the range or the length is refused with the rule
(:class:`AnswerRefused`: a catalogue key of ``forms.toml`` and its parameters)."""

from __future__ import annotations

import re
from typing import Any

from bot.forms.models import SCALE, Question
from bot.textfold import normalize

YES = {"oui", "o", "yes", "y", "vrai", "true", "1"}
NO = {"non", "n", "no", "faux", "false", "0"}
_NUMBER = re.compile(r"^\s*([-+]?\d[\d\s\u202f\u00a0]*(?:[.,]\d+)?)\s*(.*?)\s*$")


class AnswerRefused(Exception):
    """An answer that breaks its question's rule: ``key`` (in ``forms.rule``) says which."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = f"forms.rule.{key}"
        self.params = params


def from_button(question: Question, token: str) -> Any:
    """The value of a button's token: a choice id, ``1``..``5``, ``y``/``n``."""
    if question.type == "single":
        if question.choice(token) is None:
            raise AnswerRefused("choice", count=len(question.choices))
        return token
    if question.type == "scale":
        if not token.isdigit() or int(token) not in SCALE:
            raise AnswerRefused("scale")
        return int(token)
    if question.type == "yes_no":
        if token not in ("y", "n"):
            raise AnswerRefused("yes_no")
        return token == "y"
    raise AnswerRefused("typed")


def from_text(question: Question, raw: str) -> Any:
    """The value of a typed answer, or :class:`AnswerRefused` with the rule."""
    typed = raw.strip()
    kind = question.type
    if kind in ("short_text", "long_text"):
        if not typed:
            raise AnswerRefused("empty")
        limit = question.length_limit()
        if len(typed) > limit:
            raise AnswerRefused("too_long", length=len(typed), maximum=limit)
        return typed
    if kind == "number":
        return _number(question, typed)
    if kind == "scale":
        if typed.isdigit() and int(typed) in SCALE:
            return int(typed)
        raise AnswerRefused("scale")
    if kind == "yes_no":
        word = normalize(typed)
        if word in YES:
            return True
        if word in NO:
            return False
        raise AnswerRefused("yes_no")
    if kind == "single":
        found = _choices(question, [typed])
        if len(found) != 1:
            raise AnswerRefused("choice", count=len(question.choices))
        return found[0]
    parts = [p for p in re.split(r"[,;\n]+", typed) if p.strip()]
    found = _choices(question, parts)
    if not found or len(found) != len(parts):
        raise AnswerRefused("choices", count=len(question.choices))
    return found


def _choices(question: Question, parts: list[str]) -> list[str]:
    """Choice ids for typed parts: a choice's number (1, 2...) or its label in either
    language; unknown parts are left out."""
    found: list[str] = []
    for part in parts:
        word = normalize(part)
        match = None
        if word.isdigit() and 1 <= int(word) <= len(question.choices):
            match = question.choices[int(word) - 1].id
        else:
            for choice in question.choices:
                if word in (normalize(choice.fr), normalize(choice.en), choice.id):
                    match = choice.id
        if match is not None and match not in found:
            found.append(match)
    return found


def _number(question: Question, typed: str) -> int | float:
    match = _NUMBER.match(typed)
    low, high = question.min, question.max
    assert low is not None and high is not None
    bounds = {"minimum": _fmt(low), "maximum": _fmt(high)}
    if match is None or (match.group(2) and not _is_unit(question, match.group(2))):
        raise AnswerRefused("not_number", **bounds)
    digits = re.sub(r"[\s\u202f\u00a0]", "", match.group(1)).replace(",", ".")
    value = float(digits)
    if question.decimals == 0:
        if not value.is_integer():
            raise AnswerRefused("whole", **bounds)
        number: int | float = int(value)
    else:
        number = round(value, question.decimals)
    if not low <= number <= high:
        raise AnswerRefused("range", number=_fmt(number), **bounds)
    return number


def _is_unit(question: Question, rest: str) -> bool:
    """A number may be followed by its unit (``12 hectares``) or a currency sign."""
    word = normalize(rest)
    if not word or rest.strip() in ("€", "$", "%"):
        return True
    unit = question.unit
    return unit is not None and word in (normalize(unit.fr), normalize(unit.en))


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
