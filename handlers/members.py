"""Members: /me, /language, /timezone, the directory (/focalpoints, /whois), and the
coordinators' /missing, /promote, /demote, /unregistered and focal point confirmations;
/mydata and /forget."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.directory import Found, display_name, organisation_name
from bot.i18n import Safe, excerpt, format_date, format_datetime, plain_text, zone_label
from bot.limits import NumberOutOfRange, html_length, read_id
from bot.members import CONFIRM_CLAIM, REMOVE_CLAIM
from bot.render.pager import Listing
from bot.storage.members import Member
from bot.timezones import zone
from bot.zone_search import has_dst
from handlers.access import coordinator_only, group_admin_or_coordinator, is_coordinator
from handlers.common import (
    Speaker,
    command_args,
    did_you_mean,
    is_group,
    is_private,
    reply,
    reply_out_of_range,
    speaker,
    text,
)
from handlers.pager import gone, send_listing, source
from handlers.start import deep_link, send_screen

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
CLAIM_BUTTON = re.compile(r"^fp:(ok|no):(\d+)(:l)?$")


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


def username(member: Member) -> str:
    return f" (@{member.username})" if member.username else ""


def project_list(context: BotContext) -> str:
    return ", ".join(p.short_name for p in context.services.members.kb.projects.values())


async def private_only(update: Update, context: BotContext, who: Speaker) -> None:
    await reply(update, context, who.lang, "members.access.private_only", link=deep_link(context))


# -- /me, /language, /timezone -------------------------------------------------------------------


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
        screen = await services.onboarding.edit(
            who.person.user_id, who.person.language_code, "language"
        )
        await send_screen(update, screen)
        return
    lang = LANGUAGE_WORDS.get(arg)
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
        screen = await services.onboarding.edit(
            who.person.user_id, who.person.language_code, "timezone"
        )
        await send_screen(update, screen)
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
        zone=name,
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


# -- directory ---------------------------------------------------------------------------------


async def focalpoints_command(update: Update, context: BotContext) -> None:
    arg = command_args(context)
    if arg.lower().replace(" ", "_") in PENDING_WORDS:
        await pending_claims(update, context)
        return
    who = await speaker(update, context)
    services = context.services
    directory = services.directory
    project, country = directory.find.project_and_country(arg)
    if arg and project.record is None and country.record is None:
        names = [*project.labelled(who.lang), *country.labelled(who.lang)]
        example = next(iter(services.members.kb.projects.values())).short_name
        await reply(
            update,
            context,
            who.lang,
            "members.directory.unknown",
            value=excerpt(arg),
            suggestions=suggestions(context, who.lang, names),
            example=example,
        )
        return
    result = await directory.directory(
        project.record.id if project.record else None,
        country.record.id if country.record else None,
    )
    lang = who.lang
    kb = services.members.kb
    parts = [display_name(r, lang) for r in (result.project, result.country) if r is not None]
    selection = (
        text(context, lang, "members.directory.selection", what=" · ".join(parts)) if parts else ""
    )
    lines = [text(context, lang, "members.directory.title", selection=Safe(selection))]
    if not result.entries:
        lines.append(text(context, lang, "members.directory.none"))
    for entry in result.entries:
        country_record = kb.countries.get(entry.organisation.country)
        lines.append(
            text(
                context,
                lang,
                "members.directory.organisation",
                organisation=organisation_name(entry.organisation, lang),
                country=country_record.name.get(lang)
                if country_record
                else entry.organisation.country,
            )
        )
        lines.extend(person_line(context, lang, m) for m in entry.focal_points)
    if result.without and result.entries:
        lines.append(text(context, lang, "members.directory.without", count=result.without))
    await reply_long(update, "\n".join(lines))


def person_line(context: BotContext, lang: str, member: Member) -> str:
    flag = ""
    if member.focal_status == "claimed":
        flag = text(context, lang, "members.directory.claimed_flag")
    return text(
        context,
        lang,
        "members.directory.person",
        name=member.display_name,
        username=username(member),
        flag=Safe(flag),
    )


async def whois_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    arg = command_args(context)
    if not arg:
        await reply(update, context, who.lang, "members.whois.usage")
        return
    services = context.services
    found = services.directory.find.organisations.find(arg)
    if found.record is None:
        await reply(
            update,
            context,
            who.lang,
            "members.whois.unknown",
            value=excerpt(arg),
            suggestions=suggestions(context, who.lang, found),
        )
        return
    lang = who.lang
    entry = await services.directory.whois(found.record.id)
    org = entry.organisation
    kb = services.members.kb
    country = kb.countries.get(org.country)
    projects = ", ".join(kb.projects[p].short_name for p in org.projects if p in kb.projects)
    if entry.focal_points:
        people = text(
            context,
            lang,
            "members.whois.people",
            count=len(entry.focal_points),
            people=Safe("\n".join(person_line(context, lang, m) for m in entry.focal_points)),
        )
    else:
        people = text(context, lang, "members.whois.nobody")
    await reply(
        update,
        context,
        lang,
        "members.whois.text",
        organisation=organisation_name(org, lang),
        kind=org.kind_label().get(lang),
        country=country.name.get(lang) if country else org.country,
        projects=projects or "—",
        people=Safe(people),
    )


@coordinator_only
async def missing_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    services = context.services
    kb = services.members.kb
    arg = command_args(context)
    lang = who.lang
    if not arg:
        example = next(iter(kb.projects.values())).short_name
        await reply(update, context, lang, "members.missing.usage", example=example)
        return
    found = services.directory.find.projects.find(arg)
    if found.record is None:
        await reply(
            update,
            context,
            lang,
            "members.missing.unknown",
            value=excerpt(arg),
            suggestions=suggestions(context, lang, found),
            projects=project_list(context),
        )
        return
    project = found.record
    listing = await _missing_listing(context, lang, project.id)
    if listing is None:
        await reply(update, context, lang, "members.missing.none", project=project.short_name)
        return
    await send_listing(update, context, "mq", project.id, listing)


@source("mq")
async def missing_pages(
    update: Update, context: BotContext, who: Speaker, key: str
) -> Listing | str:
    """Another page of /manquants PROJECT (coordinators, as the command)."""
    if not await is_coordinator(update, context):
        return text(context, who.lang, "core.access.coordinators_only")
    return await _missing_listing(context, who.lang, key) or gone(context, who.lang)


async def _missing_listing(context: BotContext, lang: str, project_id: str) -> Listing | None:
    """Who has not registered yet, per country and organisation; None when nobody is missing
    (or the project is gone)."""
    services = context.services
    kb = services.members.kb
    project = kb.projects.get(project_id)
    if project is None:
        return None
    missing = await services.directory.missing(project.id)
    count = sum(len(v) for v in missing.values())
    if not count:
        return None
    title = text(
        context,
        lang,
        "members.missing.title",
        project=project.short_name,
        count=count,
        total=services.directory.project_organisation_count(project.id),
    )
    items: list[str] = []
    for country_id, orgs in missing.items():
        country = kb.countries.get(country_id)
        items.append(
            text(
                context,
                lang,
                "members.missing.country",
                country=country.name.get(lang) if country else country_id,
            )
        )
        for item in orgs:
            name = organisation_name(item.organisation, lang)
            if item.not_started:
                people = ", ".join(m.display_name + username(m) for m in item.not_started)
                items.append(
                    text(
                        context,
                        lang,
                        "members.missing.not_started",
                        organisation=name,
                        people=people,
                    )
                )
            else:
                items.append(text(context, lang, "members.missing.entry", organisation=name))
    return Listing(title, tuple(items))


# -- focal point claims -----------------------------------------------------------------------


@coordinator_only
async def pending_claims(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    body, markup = await render_pending(context, who)
    await reply_long(update, body, markup)


async def render_pending(
    context: BotContext, who: Speaker
) -> tuple[str, InlineKeyboardMarkup | None]:
    services = context.services
    lang = who.lang
    kb = services.members.kb
    claims = await services.members.pending_claims()
    if not claims:
        return text(context, lang, "members.focal.pending_none"), None
    zone = services.members.zone_of(who.member)
    lines = [text(context, lang, "members.focal.pending_title", count=len(claims))]
    rows = []
    for member, when in claims[:40]:
        org = kb.organisations.get(member.organisation_id or "")
        country = kb.countries.get(member.country_id or "")
        lines.append(
            text(
                context,
                lang,
                "members.focal.pending_entry",
                name=member.display_name,
                username=username(member),
                organisation=organisation_name(org, lang) if org else member.organisation_id,
                country=country.name.get(lang) if country else "—",
                when=format_date(when, lang, zone) if when else "—",
            )
        )
        short = member.display_name[:24]
        rows.append(
            [
                InlineKeyboardButton(
                    text(context, lang, "members.focal.confirm_short", name=short),
                    callback_data=CONFIRM_CLAIM.format(user_id=member.user_id) + ":l",
                ),
                InlineKeyboardButton(
                    text(context, lang, "members.focal.remove_short", name=short),
                    callback_data=REMOVE_CLAIM.format(user_id=member.user_id) + ":l",
                ),
            ]
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


@coordinator_only
async def claim_button(update: Update, context: BotContext) -> None:
    """A coordinator confirmed or removed a claim (from the pending list or a notice)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    match = CLAIM_BUTTON.match(query.data)
    if match is None:
        await query.answer()
        return
    user_id = read_id(match[2])
    if user_id is None:  # not a button of ours
        await query.answer()
        return
    who = await speaker(update, context)
    lang = who.lang
    services = context.services
    by = who.person.user_id if who.person else 0
    before = await services.members.get(user_id)
    if match[1] == "ok":
        outcome = await services.members.confirm_claim(user_id, by)
        done_key = "members.focal.confirmed"
    else:
        outcome = await services.members.remove_claim(user_id, by)
        done_key = "members.focal.removed"
    key = {
        "done": done_key,
        "already": "members.focal.already",
        "unknown": "members.focal.unknown",
        "not_focal": "members.focal.not_focal",
    }[outcome.status]
    org = services.members.organisation(before.organisation_id if before else None)
    result = text(
        context,
        lang,
        key,
        name=before.display_name if before else str(user_id),
        organisation=organisation_name(org, lang) if org else "—",
    )
    await query.answer(plain_text(result))
    message = query.message
    if not isinstance(message, Message):
        return
    try:
        if match[3]:  # from the pending list: show it again, up to date
            body, markup = await render_pending(context, who)
            await message.edit_text(split_message(body)[0], reply_markup=markup)
        else:
            await message.edit_text(f"{message.text_html}\n\n{result}", reply_markup=None)
    except BadRequest:
        pass  # unchanged, or too old to edit: the answer above said it all


# -- roles -------------------------------------------------------------------------------------


async def _target(update: Update, context: BotContext) -> tuple[Member | None, str]:
    """Who a /promote or /demote is about: the replied-to person, or @username / id."""
    services = context.services
    message = update.effective_message
    replied = message.reply_to_message if message is not None else None
    if replied is not None and replied.from_user is not None and not replied.from_user.is_bot:
        user = replied.from_user
        return await services.members.get(user.id), user.full_name
    ref = command_args(context).split()[0] if command_args(context) else ""
    if not ref:
        return None, ""
    return await services.members.resolve(ref), ref


@coordinator_only
async def promote_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    try:
        target, ref = await _target(update, context)
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, who.lang, error)
        return
    if not ref:
        await reply(update, context, who.lang, "members.promote.usage")
        return
    if target is None:
        await reply(update, context, who.lang, "members.promote.unknown", who=excerpt(ref))
        return
    outcome = await context.services.members.promote(
        target, who.person.user_id if who.person else 0
    )
    key = {"done": "members.promote.promoted", "already": "members.promote.already"}[outcome.status]
    await reply(update, context, who.lang, key, name=target.display_name + username(target))


@coordinator_only
async def demote_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    try:
        target, ref = await _target(update, context)
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, who.lang, error)
        return
    if not ref:
        await reply(update, context, who.lang, "members.promote.usage_demote")
        return
    if target is None:
        await reply(update, context, who.lang, "members.promote.unknown", who=excerpt(ref))
        return
    outcome = await context.services.members.demote(target, who.person.user_id if who.person else 0)
    key = {
        "done": "members.promote.demoted",
        "already": "members.promote.not_coordinator",
        "settings": "members.promote.settings",
        "self": "members.promote.self",
    }[outcome.status]
    await reply(update, context, who.lang, key, name=target.display_name + username(target))


# -- who has not started a private chat ---------------------------------------------------------


@coordinator_only
async def unregistered_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    services = context.services
    lang = who.lang
    kb = services.members.kb
    chat = update.effective_chat
    arg = command_args(context)
    linked = await services.members.groups()
    if is_group(chat) and chat is not None:
        linked = [g for g in linked if g.chat_id == chat.id]
    if arg:
        found = services.directory.find.projects.find(arg)
        if found.record is None:
            await reply(
                update,
                context,
                lang,
                "members.missing.unknown",
                value=excerpt(arg),
                suggestions=suggestions(context, lang, found),
                projects=project_list(context),
            )
            return
        linked = [g for g in linked if g.project_id == found.record.id]
    if not linked:
        await reply(update, context, lang, "members.unregistered.no_groups")
        return
    people = await services.members.unregistered(g.chat_id for g in linked)
    if not people:
        await reply(update, context, lang, "members.unregistered.none")
        return
    zone = services.members.zone_of(who.member)
    lines = [text(context, lang, "members.unregistered.title", count=len(people))]
    by_chat = {g.chat_id: g for g in linked}
    current = None
    for seen in people:
        if seen.chat_id != current:
            current = seen.chat_id
            group = by_chat[seen.chat_id]
            project = kb.projects.get(group.project_id or "")
            lines.append(
                text(
                    context,
                    lang,
                    "members.unregistered.group",
                    group=group.title,
                    project=project.short_name if project else group.project_id,
                )
            )
        lines.append(
            text(
                context,
                lang,
                "members.unregistered.entry",
                name=seen.display_name,
                username=f" (@{seen.username})" if seen.username else "",
                date=format_date(date.fromisoformat(seen.last_seen), lang, zone),
            )
        )
    lines.append(text(context, lang, "members.unregistered.hint", link=deep_link(context)))
    await reply_long(update, "\n".join(lines))


# -- personal data -----------------------------------------------------------------------------


async def mydata_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    message = update.effective_message
    if not is_private(update) or who.person is None or message is None:
        await private_only(update, context, who)
        return
    data = await context.services.privacy.export_json(who.person.user_id)
    await message.reply_document(
        document=data,
        filename=f"coopbot-{who.person.user_id}.json",
        caption=text(context, who.lang, "members.privacy.mydata_caption"),
        do_quote=False,
    )


async def forget_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    message = update.effective_message
    if not is_private(update) or who.person is None or message is None:
        await private_only(update, context, who)
        return
    lang = who.lang
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(context, lang, "members.buttons.forget_yes"),
                    callback_data="priv:forget:yes",
                ),
                InlineKeyboardButton(
                    text(context, lang, "members.buttons.forget_no"), callback_data="priv:forget:no"
                ),
            ]
        ]
    )
    await message.reply_text(
        text(context, lang, "members.privacy.forget_confirm"), reply_markup=buttons, do_quote=False
    )


async def forget_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    user = query.from_user
    if not is_private(update) or user is None:
        await query.answer()
        return
    services = context.services
    # Read only: the language is taken before the record disappears.
    member = await services.members.get(user.id)
    lang = services.members.language_of(member, user.language_code)
    if query.data == "priv:forget:yes":
        forgotten = await services.privacy.forget(user.id)
        key = "members.privacy.forgotten" if forgotten else "members.privacy.nothing"
    else:
        key = "members.privacy.cancelled"
    await query.answer()
    message = query.message
    body = text(context, lang, key)
    if isinstance(message, Message):
        try:
            await message.edit_text(body, reply_markup=None)
            return
        except BadRequest:
            pass
    await context.bot.send_message(user.id, body)


# -- a group's own language and time zone (/language, /timezone in a group) ---------------------


@group_admin_or_coordinator
async def group_language(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    chat = update.effective_chat
    assert chat is not None
    arg = command_args(context)
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


@group_admin_or_coordinator
async def group_timezone(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    arg = command_args(context)
    if not arg:
        here = services.members.group_zone(await services.members.group(chat.id))
        await reply(
            update,
            context,
            who.lang,
            "members.timezone.group_usage",
            zone=here.key,
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
        zone=name,
        time=format_datetime(services.clock.now(), lang, zone(name)),
    )
