"""Reading a paged reply (bot/render/pager.py) through the emulator, as a person would: press
▶︎ until the last page, checking each page fits a phone screen."""

from __future__ import annotations

from typing import Any

from bot.sandbox import Sandbox

MAX_LINES = 15
MAX_CHARS = 1000


def nav(message: dict[str, Any]) -> dict[str, str]:
    """The page buttons of a message: label -> callback data."""
    markup = message.get("reply_markup") or {}
    return {
        b["text"]: b.get("callback_data", "")
        for row in markup.get("inline_keyboard", [])
        for b in row
        if b.get("callback_data", "").startswith("pg:")
    }


def fits(message: dict[str, Any]) -> bool:
    text = message["text"]
    return text.count("\n") + 1 <= MAX_LINES and len(text) <= MAX_CHARS


async def all_pages(sandbox: Sandbox, user: int, first: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of a paged message, pressing ▶︎ (the same message is edited each time)."""
    pages = [first]
    message = first
    while "▶︎" in nav(message):
        mark = sandbox.mark()
        query = await sandbox.press_button(user, message, nav(message)["▶︎"])
        await sandbox.wait_for_callback_answer(query)
        message = await sandbox.wait_for_message(
            message["chat"]["id"], after=mark, include_edits=True
        )
        assert message["message_id"] == first["message_id"]  # edited in place
        pages.append(message)
        assert len(pages) < 50
    return pages


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def open_detail(sandbox: Sandbox, user: int, message: dict[str, Any], label: str) -> Any:
    """Press the button ``label`` of ``message``; the detail comes as a new message."""
    (data,) = [
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == label
    ]
    mark = sandbox.mark()
    query = await sandbox.press_button(user, message, data)
    await sandbox.wait_for_callback_answer(query)
    return await sandbox.wait_for_message(
        message["chat"]["id"], after=mark, predicate=lambda m: "text" in m
    )
