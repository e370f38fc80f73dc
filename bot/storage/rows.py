"""A stored row as a record: the dataclass whose fields are named as the row's columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from bot.clock import from_iso

T = TypeVar("T")


def record(cls: type[T], row: Any, **convert: Callable[[Any], object]) -> T:
    """A ``cls`` (a dataclass) from ``row`` (read by column name, one column per field), the
    columns named in ``convert`` turned into their field's value by it."""
    values = {}
    for item in fields(cls):  # type: ignore[arg-type]
        value = row[item.name]
        values[item.name] = convert[item.name](value) if item.name in convert else value
    return cls(**values)


def instant_or_none(value: str | None) -> datetime | None:
    """A stored instant that may be missing (NULL or empty)."""
    return from_iso(value) if value else None
