"""Long lists cut into pages that fit a phone screen (at most 15 lines and about 1,000
characters), with ``◀︎ 1/3 ▶︎`` buttons; the page to show travels in the button data
(:class:`bot.render.buttons.Page`), so any page can be rebuilt at any time, even after a restart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.limits import html_length
from bot.render.buttons import Page, inline

PAGE_LINES = 15
PAGE_CHARS = 1000


@dataclass(frozen=True)
class Listing:
    """A long list: ``title`` (Telegram HTML) heads every page; ``items`` (each one or more
    lines of HTML) are never cut across two pages."""

    title: str
    items: tuple[str, ...]
    # buttons under every page, below the page buttons (e.g. the agenda's .ics of all events)
    extra: tuple[tuple[InlineKeyboardButton, ...], ...] = ()
    # a row of buttons per item (same order as ``items``, may be shorter), shown with the page
    # that holds the item (e.g. each event's own .ics)
    item_rows: tuple[tuple[InlineKeyboardButton, ...], ...] = ()


@dataclass(frozen=True)
class Shown:
    text: str
    markup: InlineKeyboardMarkup | None
    page: int
    pages: int


def _lines(text: str) -> int:
    return text.count("\n") + 1


def pages_of(
    listing: Listing, *, lines: int = PAGE_LINES, chars: int = PAGE_CHARS
) -> list[list[str]]:
    """The items grouped into pages: title and items within ``lines`` lines and ``chars``
    characters (as Telegram counts them), at least one item per page."""
    room_lines = max(1, lines - _lines(listing.title))
    room_chars = max(1, chars - html_length(listing.title))
    pages: list[list[str]] = []
    current: list[str] = []
    used_lines = used_chars = 0
    for item in listing.items:
        size_lines, size_chars = _lines(item), html_length(item) + 1
        if current and (
            used_lines + size_lines > room_lines or used_chars + size_chars > room_chars
        ):
            pages.append(current)
            current, used_lines, used_chars = [], 0, 0
        current.append(item)
        used_lines += size_lines
        used_chars += size_chars
    if current or not pages:
        pages.append(current)
    return pages


def page(
    listing: Listing,
    number: int,
    *,
    view: str,
    key: str = "",
    extra: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> Shown:
    """Page ``number`` (from 1; out of range: the nearest) with its navigation buttons."""
    pages = pages_of(listing)
    number = min(max(number, 1), len(pages))
    body = "\n".join([listing.title, *pages[number - 1]]) if pages[number - 1] else listing.title
    rows: list[list[InlineKeyboardButton]] = []
    if len(pages) > 1:
        nav = []
        if number > 1:
            nav.append(inline("◀︎", Page(view, number - 1, key)))
        nav.append(inline(f"{number}/{len(pages)}", Page(view, number, key)))
        if number < len(pages):
            nav.append(inline("▶︎", Page(view, number + 1, key)))
        rows.append(nav)
    first = sum(len(shown) for shown in pages[: number - 1])
    own = listing.item_rows[first : first + len(pages[number - 1])]
    rows += [list(row) for row in (*own, *listing.extra, *extra) if row]
    return Shown(body, InlineKeyboardMarkup(rows) if rows else None, number, len(pages))
