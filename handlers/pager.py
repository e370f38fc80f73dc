"""Paging long lists in place: a command sends the first page of a :class:`Listing` with
``◀︎ 1/3 ▶︎`` buttons; a press rebuilds the list from its source (registered here under a short
view name by the feature that owns it) and edits the same message to the page asked for.
``OpenList`` buttons (a "detail" under a summary) send the first page as a new message.

A source receives the press's update and the key carried by the button; it returns the
listing, or a short plain text to answer with instead (the list is gone, or not for this
person: a source checks access itself, as its command does).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.context import BotContext
from bot.i18n import plain_text
from bot.render.buttons import OpenList, Page, decode
from bot.render.pager import Listing, page
from handlers.common import Speaker, edit, is_private, speaker, text

Source = Callable[[Update, BotContext, Speaker, str], Awaitable[Listing | str]]

_SOURCES: dict[str, Source] = {}


def source(view: str) -> Callable[[Source], Source]:
    """Register the function that builds the list ``view`` (a decorator)."""

    def register(function: Source) -> Source:
        if view in _SOURCES and _SOURCES[view] is not function:
            raise ValueError(f"list view {view!r} registered twice")
        _SOURCES[view] = function
        return function

    return register


def pattern(data: object) -> bool:
    """Data of a page or "show the list" button."""
    return isinstance(decode(data), Page | OpenList)


async def send_listing(
    update: Update, context: BotContext, view: str, key: str, listing: Listing
) -> None:
    """Answer a command with the first page of ``listing`` (the whole of it if it fits)."""
    shown = page(listing, 1, view=view, key=key)
    message = update.effective_message
    if message is not None:
        await message.reply_text(
            shown.text, reply_markup=shown.markup, do_quote=not is_private(update)
        )
    elif update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, shown.text, reply_markup=shown.markup
        )


async def on_page(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    pressed = decode(query.data)
    assert isinstance(pressed, Page | OpenList)
    who = await speaker(update, context)
    build = _SOURCES.get(pressed.view)
    listing = await build(update, context, who, pressed.key) if build else gone(context, who.lang)
    if isinstance(listing, str):
        await query.answer(plain_text(listing), show_alert=True)
        return
    await query.answer()
    if isinstance(pressed, OpenList):
        shown = page(listing, 1, view=pressed.view, key=pressed.key)
        chat = update.effective_chat
        if chat is not None:
            await context.bot.send_message(chat.id, shown.text, reply_markup=shown.markup)
        return
    shown = page(listing, pressed.page, view=pressed.view, key=pressed.key)
    await edit(update, shown.text, shown.markup)  # its own number pressed: not modified


def gone(context: BotContext, lang: str) -> str:
    """The answer to a page of a list that no longer exists."""
    return text(context, lang, "buttons.gone")


__all__ = ["Listing", "gone", "on_page", "pattern", "send_listing", "source"]
