"""Helpers of the members tests: asking, driving buttons, and dumping the database."""

from __future__ import annotations

from typing import Any

from bot.sandbox import Sandbox
from bot.services import Services


def buttons(message: dict[str, Any]) -> list[str]:
    """The callback data of a message's inline buttons, in order."""
    markup = message.get("reply_markup") or {}
    return [b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row]


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def ask(sb: Sandbox, user_id: int, text: str) -> str:
    """``user_id`` writes ``text`` in private: the text of the bot's reply."""
    await sb.send_text(user_id, text)
    return str((await sb.wait_for_message(user_id))["text"])


async def press(sb: Sandbox, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
    """Press a button and return the message as it is after the bot's answer (edited in place,
    or a new one)."""
    mark = sb.mark()
    query = await sb.press_button(user_id, message, data)
    await sb.wait_for_callback_answer(query)
    chat_id = message["chat"]["id"]
    return await sb.wait_for_message(chat_id, after=mark, include_edits=True)


# Written on a timer by the running bot, whatever the updates: not state an update can change.
HEARTBEATS = {"broadcast_sender"}


async def dump(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the database (heartbeats aside), rows sorted: compare two dumps to
    prove that nothing changed. Buffered writes are flushed first, and every message queued
    so far has its outcome written (a notice still "sending" would differ from itself "sent")."""
    await services.members.flush_sightings()
    await services.delivery.wait_idle()
    tables = await services.db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    )
    out: dict[str, list[tuple[Any, ...]]] = {}
    for (name,) in tables:
        if name in HEARTBEATS:
            continue
        rows = await services.db.fetchall(f'SELECT * FROM "{name}"')
        out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out
