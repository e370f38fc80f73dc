"""/me (/moi), /language (/langue), /timezone (/fuseau): a person's own profile in private,
or (group admins and coordinators) a group's language and time zone."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from bot.context import BotContext
from bot.i18n import excerpt, format_datetime, zone_label
from bot.timezones import shown, zone
from bot.zone_search import has_dst
from handlers.access import is_coordinator, is_group_admin, refuse
from handlers.common import (
    Speaker,
    command_args,
    is_group,
    is_private,
    reply,
    speaker,
    text,
)
from handlers.members.helpers import (
    LANGUAGE_WORDS,
    private_only,
    suggestions,
)
from handlers.start import send_screen
from handlers.subcommands import suggest_subcommand

# -- /me, /language, /timezone -------------------------------------------------------------------


async def _change_screen(update: Update, context: BotContext, who: Speaker, step: str) -> None:
    """The /moi screen that changes ``step`` (language, timezone), for a bare command."""
    assert who.person is not None
    person = who.person
    screen = await context.services.onboarding.edit(person.user_id, person.language_code, step)
    await send_screen(update, screen)


async def me_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    if not is_private(update) or who.person is None:
        await private_only(update, context, who)
        return
    screen = await context.services.onboarding.profile(who.person.user_id, who.person.language_code)
    await send_screen(update, screen)


async def language_command(update: Update, context: BotContext) -> None:
    if is_group(update.effective_chat):
        await group_language(update, context)
        return
    who = await speaker(update, context)
    if not is_private(update) or who.person is None:
        return
    arg = command_args(context).lower()
    services = context.services
    if not arg:
        await _change_screen(update, context, who, "language")
        return
    lang = LANGUAGE_WORDS.get(arg)
    if lang is None and await suggest_subcommand(  # "/langue englsh": did you mean "english"?
        update,
        context,
        who.lang,
        [arg],
        0,
        LANGUAGE_WORDS,
        text(context, who.lang, "refusals.usage.language"),
    ):
        return
    if lang is None:
        await reply(update, context, who.lang, "members.language.unknown", value=excerpt(arg))
        return
    await services.members.set_language(who.person.user_id, lang)
    await reply(update, context, lang, "members.language.set")


def parse_language(arg: str) -> str | None:
    return LANGUAGE_WORDS.get(arg.strip().lower())


async def timezone_command(update: Update, context: BotContext) -> None:
    if is_group(update.effective_chat):
        await group_timezone(update, context)
        return
    who = await speaker(update, context)
    if not is_private(update) or who.person is None:
        return
    arg = command_args(context)
    services = context.services
    if not arg:
        await _change_screen(update, context, who, "timezone")
        return
    match = services.members.find_zone(arg, who.member)
    if match.zone is None:
        await reply_zone_problem(update, context, who.lang, arg, match.choices, match.suggestions)
        return
    name = await services.members.set_timezone(who.person.user_id, match.zone)
    member = await services.members.get(who.person.user_id)
    await reply(
        update,
        context,
        who.lang,
        "members.timezone.set",
        zone=shown(name),
        time=services.members.local_time(member, who.lang),
    )


async def reply_zone_problem(
    update: Update,
    context: BotContext,
    lang: str,
    value: str,
    choices: Sequence[str],
    found: Sequence[str],
) -> None:
    value = excerpt(value)
    year = context.services.clock.now().year
    seasonal = [c for c in choices if has_dst(c, year)]
    if seasonal and len(seasonal) < len(choices):  # "+1": with or without summer time?
        stable = [c for c in choices if c not in seasonal]
        await reply(
            update,
            context,
            lang,
            "members.timezone.offset_several",
            value=value,
            stable=", ".join(zone_label(zone(c)) for c in stable[:4]),
            seasonal=", ".join(zone_label(zone(c)) for c in seasonal[:4]),
            example=zone_label(zone(seasonal[0])),
        )
        return
    if choices:
        examples = ", ".join(c.rsplit("/", 1)[-1].replace("_", " ") for c in choices[:4])
        await reply(
            update, context, lang, "members.timezone.several", value=value, examples=examples
        )
        return
    await reply(
        update,
        context,
        lang,
        "members.timezone.not_found",
        value=value,
        suggestions=suggestions(context, lang, list(found)),
    )


# -- a group's own language and time zone (/language, /timezone in a group) ---------------------


async def _may_change_group(update: Update, context: BotContext, action: str) -> bool:
    """Changing a group's setting is for its admins and coordinators (showing it is not)."""
    if await is_coordinator(update, context) or await is_group_admin(update, context):
        return True
    await refuse(update, context, "members.access.group_admins_only", action)
    return False


async def group_language(update: Update, context: BotContext) -> None:
    arg = command_args(context)
    if arg and not await _may_change_group(update, context, "group_language"):
        return
    who = await speaker(update, context)
    chat = update.effective_chat
    assert chat is not None
    if not arg:
        members = context.services.members
        current = members.group_language(await members.group(chat.id))
        language = text(context, who.lang, f"members.languages.{current}")
        await reply(update, context, who.lang, "members.language.group_usage", language=language)
        return
    lang = parse_language(arg)
    if lang is None:
        await reply(update, context, who.lang, "members.language.unknown", value=excerpt(arg))
        return
    await context.services.members.set_group_language(chat.id, chat.title or "", chat.type, lang)
    await reply(update, context, lang, "members.language.group_set")


async def group_timezone(update: Update, context: BotContext) -> None:
    arg = command_args(context)
    if arg and not await _may_change_group(update, context, "group_timezone"):
        return
    who = await speaker(update, context)
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    if not arg:
        here = services.members.group_zone(await services.members.group(chat.id))
        await reply(
            update,
            context,
            who.lang,
            "members.timezone.group_usage",
            zone=shown(here.key),
            time=format_datetime(services.clock.now(), who.lang, here),
        )
        return
    match = services.members.find_zone(arg, None)
    if match.zone is None:
        await reply_zone_problem(update, context, who.lang, arg, match.choices, match.suggestions)
        return
    name = await services.members.set_group_timezone(
        chat.id, chat.title or "", chat.type, match.zone
    )
    lang = services.members.group_language(await services.members.group(chat.id))
    await reply(
        update,
        context,
        lang,
        "members.timezone.group_set",
        zone=shown(name),
        time=format_datetime(services.clock.now(), lang, zone(name)),
    )
