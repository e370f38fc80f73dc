"""The data checker's problems in the reader's language (issue 16): pydantic says what is wrong
with a field in English ("Input should be a valid integer, unable to parse string as an
integer"); its error ``type`` and ``ctx`` become a message of ``refusals.data`` with named
placeholders, and the location (file, line, record, field) is kept as it is.

:func:`translation` is called where the problems are made (``bot/knowledge/loader.py``,
``bot/forms/files.py``); :func:`problem_text` where they are shown (``coopbot data check``,
``coopbot data load``, ``coopbot forms load``, ``/recharger``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.i18n import Catalogue, plain_text
from bot.refusals import Refusal

if TYPE_CHECKING:
    from bot.knowledge.loader import Problem

Params = tuple[tuple[str, str | int], ...]

# pydantic error types -> the message of refusals.data that says it (several share one).
KEYS = {
    "missing": "missing",
    "extra_forbidden": "extra_forbidden",
    "string_type": "string_type",
    "string_unicode": "string_type",
    "int_type": "int_type",
    "int_parsing": "int_type",
    "int_parsing_size": "int_type",
    "int_from_float": "int_from_float",
    "float_type": "float_type",
    "float_parsing": "float_type",
    "bool_type": "bool_type",
    "bool_parsing": "bool_type",
    "list_type": "list_type",
    "tuple_type": "list_type",
    "set_type": "list_type",
    "dict_type": "dict_type",
    "model_type": "dict_type",
    "model_attributes_type": "dict_type",
    "date_type": "date_type",
    "date_parsing": "date_type",
    "date_from_datetime_parsing": "date_type",
    "date_from_datetime_inexact": "date_type",
    "datetime_type": "datetime_type",
    "datetime_parsing": "datetime_type",
    "datetime_from_date_parsing": "datetime_type",
    "url_type": "url",
    "url_parsing": "url",
    "url_scheme": "url",
    "url_syntax_violation": "url",
    "literal_error": "expected",
    "enum": "expected",
    "string_too_short": "string_too_short",
    "string_too_long": "string_too_long",
    "too_short": "too_short",
    "too_long": "too_long",
    "greater_than": "greater_than",
    "greater_than_equal": "greater_than_equal",
    "less_than": "less_than",
    "less_than_equal": "less_than_equal",
    "string_pattern_mismatch": "pattern",
    "value_error": "value_error",
    "assertion_error": "value_error",
}
# ctx entries -> the message's placeholders (a count selects the plural form).
CTX = {
    "expected": "expected",
    "min_length": "count",
    "max_length": "count",
    "gt": "limit",
    "ge": "limit",
    "lt": "limit",
    "le": "limit",
    "pattern": "pattern",
}
QUOTED = re.compile(r"'([^']*)'")


class DataValueError(Refusal, ValueError):
    """What a validator of the data's models refuses (pydantic reports it as a
    ``value_error``): ``refusals.data.value.<key>`` with its parameters, said in the reader's
    language; its text, the English, is pydantic's message."""

    domain = "refusals.data.value."


def translation(error: Any) -> tuple[str | None, Params]:
    """The ``refusals.data`` message and its placeholders saying a pydantic ``error`` (an item
    of ``ValidationError.errors()``); ``(None, ())`` for a type not known here (its own text
    is then shown)."""
    kind = str(error.get("type", ""))
    key = KEYS.get(kind)
    if key is None:
        return None, ()
    ctx = error.get("ctx") or {}
    params: dict[str, str | int] = {}
    for name, placeholder in CTX.items():
        if name in ctx:
            value = ctx[name]
            params[placeholder] = value if isinstance(value, int) else str(value)
    if key == "expected":  # "'single', 'multiple' or 'scale'": the values, joined per language
        values = QUOTED.findall(str(ctx.get("expected", "")))
        params["expected"] = " | ".join(values) if values else str(ctx.get("expected", ""))
    if key == "value_error":
        cause = ctx.get("error")
        if isinstance(cause, Refusal):  # a validator of ours, with its catalogue message
            params = {name: _value(value) for name, value in cause.params.items()}
            return cause.domain + cause.key, tuple(params.items())
        detail = str(error.get("msg", "")).removeprefix("Value error, ")
        params["detail"] = detail.removeprefix("Assertion failed, ")
    return f"refusals.data.{key}", tuple(params.items())


def _value(value: object) -> str | int:
    return value if isinstance(value, int) else str(value)


def problem_text(problem: Problem, lang: str, catalogue: Catalogue | None = None) -> str:
    """One problem line, plain text: where (as written), then what in ``lang``."""
    if problem.key is None:
        return str(problem)
    catalogue = catalogue or Catalogue.bundled()
    what = plain_text(catalogue.t(lang, problem.key, **dict(problem.params)))
    return plain_text(catalogue.t(lang, "refusals.data.line", where=problem.where, what=what))
