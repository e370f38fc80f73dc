"""Telegram HTML as Telegram reads it: why it would refuse a text (an unsupported or unclosed
tag, a bare ``&`` or ``<``, too long), and a plain excerpt of it. Used for announcements, which
coordinators write in HTML (the chat's formatting, or a file in the terminal)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from bot.limits import MESSAGE_MAX, check_length
from bot.refusals import Refusal

MAX_TEXT = MESSAGE_MAX

ALLOWED_TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "tg-emoji": {"emoji-id"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
}


# Telegram knows only these named entities, and numeric ones; every other "&" and every "<"
# that does not open a tag must be escaped (Telegram answers "can't parse entities" otherwise).
ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
TAG_START = re.compile(r"</?[a-zA-Z][^<>]*>")


ALLOWED_HINT = "b, i, u, s, a, code, pre, blockquote, tg-spoiler"


class HtmlProblem(Refusal):
    """Why Telegram would refuse an HTML text: ``refusals.html.<key>``, with the line and
    column where it is (1-based), in the reader's language."""

    domain = "refusals.html."


def _at(body: str, index: int) -> dict[str, int]:
    line = body.count("\n", 0, index) + 1
    column = index - (body.rfind("\n", 0, index) + 1) + 1
    return {"line": line, "column": column}


def _bare_character(body: str) -> HtmlProblem | None:
    """Where a ``&`` or ``<`` stands for itself: Telegram wants ``&amp;`` / ``&lt;``."""
    for index, char in enumerate(body):
        if char == "&" and not ENTITY.match(body, index):
            return HtmlProblem("bare_amp", char="&", fix="&amp;", **_at(body, index))
        if char == "<" and not TAG_START.match(body, index):
            return HtmlProblem("bare_lt", char="<", fix="&lt;", **_at(body, index))
    return None


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.opened: list[tuple[int, int]] = []  # where each tag of the stack was opened
        self.text: list[str] = []
        self.problem: HtmlProblem | None = None

    def _fail(self, key: str, **params: object) -> None:
        if self.problem is None:
            line, column = self.getpos()
            self.problem = HtmlProblem(key, line=line, column=column + 1, **params)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ALLOWED_TAGS.get(tag)
        if allowed is None:
            self._fail("unsupported_tag", tag=f"<{tag}>", allowed=ALLOWED_HINT)
            return
        for name, _ in attrs:
            if name not in allowed:
                self._fail("unsupported_attribute", attribute=name, tag=f"<{tag}>")
        if tag == "a" and not dict(attrs).get("href"):
            self._fail("href_missing", tag="<a>")
        self.stack.append(tag)
        self.opened.append(self.getpos())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail("self_closing", tag=f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail("stray_close", tag=f"</{tag}>")
            return
        if self.stack[-1] != tag:
            self._fail("wrong_close", tag=f"</{tag}>", expected=f"</{self.stack[-1]}>")
            return
        self.stack.pop()
        self.opened.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_problem(body: str, *, limit: int = MAX_TEXT) -> HtmlProblem | None:
    """Why Telegram would refuse this HTML (unsupported tag, unclosed tag, too long), or None."""
    bare = _bare_character(body)
    if bare:
        return bare
    parser = _TelegramHtml()
    parser.feed(body)
    parser.close()
    if parser.problem:
        return parser.problem
    if parser.stack:
        line, column = parser.opened[-1]
        return HtmlProblem(
            "never_closed", line=line, column=column + 1, tag=f"<{parser.stack[-1]}>"
        )
    too = check_length("".join(parser.text), limit)
    if too is not None and too.reason == "too_long":
        return HtmlProblem("too_long", count=too.length, limit=limit)
    if too is not None:
        return HtmlProblem("empty")
    return None


def check_html(body: str, *, limit: int = MAX_TEXT, lang: str = "en") -> str | None:
    """:func:`html_problem` said in ``lang`` (plain text), or None."""
    problem = html_problem(body, limit=limit)
    return problem.text(lang) if problem is not None else None


TAG = re.compile(r"<[^>]+>")


def plain_excerpt(body: str, limit: int = 60) -> str:
    """The first words of an HTML body, as plain text (escape it before display)."""
    text = " ".join(html.unescape(TAG.sub(" ", body)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
