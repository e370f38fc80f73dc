"""A mistyped sub-command (``/evenement modifer 1``, ``/bourse atente``): one message saying
which command was probably meant, corrected, with the command's usage inside it. The typo is
found by :func:`bot.names.closest_word`, the same "did you mean" as unknown commands."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import Update

from bot.context import BotContext
from bot.i18n import Safe, excerpt
from bot.names import closest_word
from handlers.common import reply


def typed_command(update: Update) -> str:
    """The command as it was typed (``/evenement``, ``/event``), without ``@bot``."""
    message = update.effective_message
    words = (message.text or "").split() if message is not None else []
    return words[0].partition("@")[0] if words else ""


async def suggest_subcommand(
    update: Update,
    context: BotContext,
    lang: str,
    words: Sequence[str],
    index: int,
    choices: Iterable[str],
    usage: str,
) -> bool:
    """If ``words[index]`` (the arguments' word where a sub-command goes) misspells one of
    ``choices``: say so with the whole command corrected and ``usage`` (catalogue HTML), in one
    message, and return True; else say nothing and return False."""
    if not 0 <= index < len(words):
        return False
    close = closest_word(words[index], choices)
    if close is None:
        return False
    fixed = [typed_command(update), *words[:index], close, *words[index + 1 :]]
    await reply(
        update,
        context,
        lang,
        "refusals.subcommand.close",
        typed=excerpt(words[index], 30),
        suggestion=excerpt(" ".join(fixed)),
        usage=Safe(usage),
    )
    return True
