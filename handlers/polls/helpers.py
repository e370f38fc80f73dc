"""What the parts of the polls package share: errors, example dates, the "sent" message, the
poll number typed, the zone of a chat."""

from __future__ import annotations

import contextlib
from zoneinfo import ZoneInfo

from telegram import (
    Update,
)

from bot.context import BotContext
from bot.dates import date_examples
from bot.i18n import Safe, format_datetime
from bot.limits import read_number
from bot.poll_input import PollError
from bot.polls import Sent
from bot.timezones import zone
from handlers.common import (
    Speaker,
    reply,
    text,
)

DRAFT = "poll_draft"

# -- helpers ------------------------------------------------------------------------------------


async def _error(update: Update, context: BotContext, who: Speaker, exc: PollError) -> None:
    await reply(update, context, who.lang, exc.key, **_examples(context, who), **exc.params)


def _examples(context: BotContext, who: Speaker) -> dict[str, str]:
    """Example dates to come, in the creator's zone (where closing times are read)."""
    services = context.services
    return date_examples(services.clock.now(), services.members.zone_of(who.member), who.lang)


def _sent_text(context: BotContext, lang: str, who: Speaker, sent: Sent) -> str:
    polls = context.services.polls
    closes = ""
    if sent.poll.closes_at is not None:
        zone = context.services.members.zone_of(who.member)
        closes = text(
            context,
            lang,
            "polls.cmd.closes",
            when=format_datetime(sent.poll.closes_at, lang, zone),
        )
    return text(
        context,
        lang,
        "polls.cmd.sent",
        id=sent.poll.id,
        project=polls.project_name(sent.poll.project_id),
        groups=context.services.catalogue.count(lang, "group", sent.groups),
        members=context.services.catalogue.count(lang, "member", sent.members),
        closes=Safe(closes),
    )


def _poll_number(raw: str) -> int | None:
    """The number typed (None if it is not one); raises :class:`NumberOutOfRange`."""
    return read_number(raw)


async def _chat_zone(update: Update, context: BotContext, who: Speaker) -> ZoneInfo:
    """The zone dates are shown in: the group's, else the person's."""
    chat = update.effective_chat
    services = context.services
    if chat is not None and chat.id < 0:
        group = await services.members.group(chat.id)
        if group is not None and group.timezone:
            with contextlib.suppress(ValueError):
                return zone(group.timezone)
        return services.settings.zone
    return services.members.zone_of(who.member)


def _command_rest(update: Update) -> str:
    """What follows the command, as typed (keeps line breaks and several spaces)."""
    message = update.effective_message
    if message is None or not message.text:
        return ""
    parts = message.text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
