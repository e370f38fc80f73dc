"""Telegram HTML as Telegram reads it: why it would refuse a text (an unsupported or unclosed
tag, a bare ``&`` or ``<``, too long), and a plain excerpt of it. Used for announcements, which
coordinators write in HTML (the chat's formatting, or a file in the terminal)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from bot.limits import MESSAGE_MAX, check_length

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


def _position(body: str, index: int) -> str:
    line = body.count("\n", 0, index) + 1
    column = index - (body.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _bare_character(body: str) -> str | None:
    """Where a ``&`` or ``<`` stands for itself: Telegram wants ``&amp;`` / ``&lt;``."""
    for index, char in enumerate(body):
        if char == "&" and not ENTITY.match(body, index):
            return f"{_position(body, index)}: write & as &amp;"
        if char == "<" and not TAG_START.match(body, index):
            return f"{_position(body, index)}: write < as &lt; (it does not start a tag)"
    return None


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.opened: list[tuple[int, int]] = []  # where each tag of the stack was opened
        self.text: list[str] = []
        self.problem: str | None = None

    def _fail(self, message: str) -> None:
        if self.problem is None:
            line, column = self.getpos()
            self.problem = f"line {line}, column {column + 1}: {message}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ALLOWED_TAGS.get(tag)
        if allowed is None:
            self._fail(
                f"<{tag}> is not supported by Telegram (use b, i, u, s, a, code, pre,"
                " blockquote, tg-spoiler; write line breaks as real new lines)"
            )
            return
        for name, _ in attrs:
            if name not in allowed:
                self._fail(f'attribute "{name}" of <{tag}> is not supported by Telegram')
        if tag == "a" and not dict(attrs).get("href"):
            self._fail("<a> needs an href")
        self.stack.append(tag)
        self.opened.append(self.getpos())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f"<{tag}/> is not supported by Telegram")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            expected = f"</{self.stack[-1]}>" if self.stack else "no closing tag"
            self._fail(f"</{tag}> found where {expected} was expected")
            return
        self.stack.pop()
        self.opened.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(body: str, *, limit: int = MAX_TEXT) -> str | None:
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
        return f"line {line}, column {column + 1}: <{parser.stack[-1]}> is never closed"
    too = check_length("".join(parser.text), limit)
    if too is not None and too.reason == "too_long":
        return f"the text is {too.length} characters long; Telegram accepts at most {limit}"
    if too is not None:
        return "the message is empty"
    return None


TAG = re.compile(r"<[^>]+>")


def plain_excerpt(body: str, limit: int = 60) -> str:
    """The first words of an HTML body, as plain text (escape it before display)."""
    text = " ".join(html.unescape(TAG.sub(" ", body)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
