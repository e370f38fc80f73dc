"""End to end: a long /agenda is paged with the shared pager (at most 15 lines a page,
◀︎ 1/N ▶︎ buttons editing the same message), not cut at Telegram's 4,096 characters; every
event appears on exactly one page and the .ics buttons stay under every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from tests.broadcast.conftest import buttons
from tests.conftest import ALICE, GROUP
from tests.events.conftest import webinar
from tests.events.test_e2e_events import plain

TITLES = [f"Atelier numéro {n:02d}" for n in range(1, 13)]


def edited_from(message_id: int, before: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m["message_id"] == message_id and plain(m) != before


def own_files_match(message: dict[str, Any]) -> None:
    """The page's 📅 buttons are the .ics of the events it shows, and only those."""
    shown = {title for title in TITLES if title in plain(message)}
    files = {label.removeprefix("📅 ") for label in buttons(message) if label in ICS_LABELS}
    assert files == shown


ICS_LABELS = {f"📅 {title}" for title in TITLES}


async def read_all_pages(sandbox: Sandbox, chat: int, first: dict[str, Any]) -> list[str]:
    """Press ▶︎ until the last page: the text of every page, in order."""
    pages = [plain(first)]
    message = first
    own_files_match(message)
    while "▶︎" in buttons(message):
        assert "📅 Tout l'agenda (.ics)" in buttons(message)
        assert len(plain(message).splitlines()) <= 15
        await sandbox.press_button(ALICE, message, buttons(message)["▶︎"])
        message = await sandbox.wait_for_message(
            chat, include_edits=True, predicate=edited_from(first["message_id"], plain(message))
        )
        pages.append(plain(message))
        own_files_match(message)
    assert "📅 Tout l'agenda (.ics)" in buttons(message) and "◀︎" in buttons(message)
    return pages


async def test_a_long_agenda_is_paged_not_cut(
    sandbox: Sandbox, roster: Services, clock: FrozenClock
) -> None:
    for day, title in enumerate(TITLES, start=1):
        await roster.events.create(webinar(clock.now() + timedelta(days=day), title=title))
    await roster.delivery.wait_idle()
    for chat in (ALICE, GROUP):
        await sandbox.send_text(ALICE, "/agenda", chat_id=chat if chat != ALICE else None)
        first = await sandbox.wait_for_message(
            chat, predicate=lambda m: "Agenda" in (m.get("text") or "")
        )
        pages = await read_all_pages(sandbox, chat, first)
        assert len(pages) > 2 and f"1/{len(pages)}" in buttons(first)
        for title in TITLES:  # each event once, on one page, in order of dates
            assert sum(p.count(title) for p in pages) == 1, title
        order = [next(i for i, p in enumerate(pages) if t in p) for t in TITLES]
        assert order == sorted(order)
        assert all(p.startswith("📅 Agenda") for p in pages)  # the title on every page
        assert sum(1 for p in pages if any(t in p for t in TITLES)) > 1  # files on several
        assert "autres" not in "".join(pages)  # nothing left out
