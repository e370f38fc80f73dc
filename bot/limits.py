"""What Telegram and SQLite accept, checked before anything typed is kept or sent later.

* Text: Telegram measures a message once its entities are parsed (the visible text, HTML tags
  removed and ``&amp;`` decoded, without the leading and trailing blanks it trims), in UTF-16
  code units: an emoji outside the basic plane counts 2. :func:`length` and
  :func:`html_length` count the same way; :func:`check_length` / :func:`check_html_length`
  say what is wrong (:class:`TextProblem`: empty, or longer than the limit, with both numbers).
* Numbers: SQLite stores integers up to 2**63-1, and a larger one makes the driver raise
  ``OverflowError``. :func:`read_number` reads what someone typed (ASCII digits, an optional
  sign) and checks it against a range (:class:`NumberOutOfRange`); :func:`read_id` is the quiet
  form for button data, where anything odd is simply unknown.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

MESSAGE_MAX = 4096  # a text message
CAPTION_MAX = 1024  # the caption of a photo or a document
POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 100
POLL_OPTIONS_MIN, POLL_OPTIONS_MAX = 2, 12

MAX_ID = 2**63 - 1  # the largest integer SQLite can store

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_NUMBER = re.compile(r"[+-]?[0-9]+")


def length(text: str) -> int:
    """``text`` as Telegram counts it: UTF-16 code units, once trimmed."""
    return len(text.strip().encode("utf-16-le")) // 2


def visible(body: str) -> str:
    """The text of Telegram HTML as recipients see it: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", body))


def html_length(body: str) -> int:
    """The length Telegram gives ``body`` sent with ``parse_mode=HTML``."""
    return length(visible(body))


@dataclass(frozen=True)
class TextProblem:
    """Why Telegram would refuse a text: ``empty``, or ``too_long`` (``length`` > ``limit``)."""

    reason: str
    limit: int
    length: int

    @property
    def params(self) -> dict[str, int]:
        """The placeholders of the ``core.input.*`` messages."""
        return {"limit": self.limit, "length": self.length}


def check_length(text: str, limit: int, *, minimum: int = 1) -> TextProblem | None:
    """None if Telegram accepts ``text`` (plain) where ``limit`` applies."""
    size = length(text)
    if size < minimum:
        return TextProblem("empty" if size == 0 else "too_short", limit, size)
    if size > limit:
        return TextProblem("too_long", limit, size)
    return None


def check_html_length(body: str, limit: int, *, allow_empty: bool = False) -> TextProblem | None:
    """:func:`check_length` for Telegram HTML (measured as recipients will see it)."""
    return check_length(visible(body), limit, minimum=0 if allow_empty else 1)


class NumberOutOfRange(ValueError):
    """A number was typed, but not one that can be meant here."""

    def __init__(self, typed: str, minimum: int, maximum: int) -> None:
        super().__init__(f"{typed!r} is not within {minimum}..{maximum}")
        self.typed = typed
        self.minimum = minimum
        self.maximum = maximum


def read_number(raw: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The whole number ``raw`` is (``12``, ``#12``, ``n°12``, ``-3``), or None if it is not
    one; raises :class:`NumberOutOfRange` when it is outside ``minimum..maximum``."""
    typed = raw.strip()
    work = typed.removeprefix("#").removeprefix("n°").removeprefix("N°").strip()
    if not _NUMBER.fullmatch(work):
        return None
    if len(work.lstrip("+-").lstrip("0")) > 30:  # too large: no need to build a huge int
        raise NumberOutOfRange(typed, minimum, maximum)
    value = int(work)
    if not minimum <= value <= maximum:
        raise NumberOutOfRange(typed, minimum, maximum)
    return value


def read_id(raw: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A number from button data: None when it is not one, or out of range."""
    try:
        return read_number(raw, minimum=minimum, maximum=maximum)
    except NumberOutOfRange:
        return None


def number_argument(*, minimum: int = 1, maximum: int = MAX_ID) -> Callable[[str], int]:
    """An ``argparse`` type for the terminal's numbers: a whole number within the range, or a
    usage error that names the range (instead of a traceback from SQLite)."""

    def number(raw: str) -> int:
        try:
            value = read_number(raw, minimum=minimum, maximum=maximum)
        except NumberOutOfRange:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(
                f"{raw[:30]!r} is not a whole number from {minimum} to {maximum}"
            )
        return value

    return number
