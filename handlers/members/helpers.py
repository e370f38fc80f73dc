"""What the parts of the members package share: long replies, "did you mean", names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.directory import Found
from bot.i18n import Safe, excerpt
from bot.knowledge.models import KnowledgeBase, Project
from bot.limits import html_length
from bot.names import names_of
from bot.storage.members import Member
from handlers.common import (
    Speaker,
    did_you_mean,
    is_private,
    reply,
)
from handlers.start import deep_link

MESSAGE_LIMIT = 3800  # under Telegram's 4096, with room for entities
LANGUAGE_WORDS = {
    "fr": "fr",
    "francais": "fr",
    "français": "fr",
    "french": "fr",
    "en": "en",
    "english": "en",
    "anglais": "en",
}
PENDING_WORDS = {"pending", "attente", "en_attente", "demandes", "claims"}


# -- helpers -----------------------------------------------------------------------------------


async def reply_long(update: Update, body: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer with ``body`` split at line ends into messages Telegram accepts."""
    message = update.effective_message
    if message is None:
        return
    chunks = split_message(body)
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        await message.reply_text(
            chunk, reply_markup=markup if last else None, do_quote=not is_private(update)
        )


def split_message(body: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in body.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if html_length(candidate) > limit and current:  # as Telegram counts
            chunks.append(current)
            current = line[:limit]
        else:
            current = candidate[:limit] if not current else candidate
    if current.strip():
        chunks.append(current)
    return chunks or [body[:limit]]


def suggestions(context: BotContext, lang: str, found: Found[Any] | Sequence[str]) -> Safe:
    return did_you_mean(
        context, lang, found if isinstance(found, Sequence) else found.labelled(lang)
    )


def unknown_country(kb: KnowledgeBase, words: Sequence[str]) -> tuple[str, Found[Any]] | None:
    """``terress atlantide`` (a project, then words naming no country, in either order): the
    words typed for the country and what they look like; ``None`` when every word is used."""
    names = names_of(kb)
    whole = " ".join(words)
    if names.projects.find(whole).record is not None or names.countries.find(whole).record:
        return None
    for cut in range(len(words) - 1, 0, -1):
        head, rest = " ".join(words[:cut]), " ".join(words[cut:])
        for project, country in ((head, rest), (rest, head)):
            if names.projects.find(project).record is None:
                continue
            found = names.countries.find(country)
            return None if found.record is not None else (country, found)
    return None


async def reply_unknown_country(
    update: Update, context: BotContext, lang: str, kb: KnowledgeBase, words: Sequence[str]
) -> bool:
    """Say that the country typed after a project is unknown (True if said)."""
    unknown = unknown_country(kb, words)
    if unknown is None:
        return False
    typed, found = unknown
    await reply(
        update,
        context,
        lang,
        "members.common.unknown_country",
        value=excerpt(typed),
        suggestions=suggestions(context, lang, found),
    )
    return True


def username(member: Member) -> str:
    return f" (@{member.username})" if member.username else ""


def project_list(context: BotContext) -> str:
    return ", ".join(p.short_name for p in context.services.members.kb.projects.values())


async def project_named(
    update: Update, context: BotContext, lang: str, words: str, unknown: str
) -> Project | None:
    """The project ``words`` name; else None, and the speaker is told with the message
    ``unknown`` (the words, what they look like, the projects)."""
    found = context.services.directory.find.projects.find(words)
    if found.record is None:
        await reply(
            update,
            context,
            lang,
            unknown,
            value=excerpt(words),
            suggestions=suggestions(context, lang, found),
            projects=project_list(context),
        )
    return found.record


async def private_only(update: Update, context: BotContext, who: Speaker) -> None:
    await reply(update, context, who.lang, "members.access.private_only", link=deep_link(context))
