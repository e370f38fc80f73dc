"""The directory: /focalpoints (/pointsfocaux), /whois (/quiest), and for coordinators
/missing (/manquants, paged) and /unregistered (/noninscrits)."""

from __future__ import annotations

from datetime import date

from telegram import Update

from bot.context import BotContext
from bot.directory import display_name, organisation_name
from bot.i18n import Safe, excerpt, format_date
from bot.render.pager import Listing
from bot.storage.members import Member
from handlers.access import coordinator_only, is_coordinator
from handlers.common import (
    Speaker,
    command_args,
    is_group,
    reply,
    speaker,
    text,
)
from handlers.members.helpers import (
    PENDING_WORDS,
    project_named,
    reply_unknown_country,
    suggestions,
    username,
)
from handlers.members.roles import pending_claims
from handlers.pager import gone, send_listing, source
from handlers.start import deep_link
from handlers.subcommands import suggest_subcommand

# -- directory ---------------------------------------------------------------------------------


async def focalpoints_command(update: Update, context: BotContext) -> None:
    arg = command_args(context)
    if arg.lower().replace(" ", "_") in PENDING_WORDS:
        await pending_claims(update, context)
        return
    who = await speaker(update, context)
    services = context.services
    directory = services.directory
    wanted = arg.lower().replace(" ", "_")
    found = directory.find.project_and_country(arg) if arg else None
    if (  # "/pointsfocaux en_atente": did you mean "en_attente"?
        found is not None
        and found[0].record is None
        and found[1].record is None
        and await suggest_subcommand(
            update,
            context,
            who.lang,
            [wanted],
            0,
            sorted(PENDING_WORDS),
            text(context, who.lang, "refusals.usage.focalpoints"),
        )
    ):
        return
    if arg and await reply_unknown_country(
        update, context, who.lang, services.members.kb, arg.split()
    ):
        return  # "/pointsfocaux terress atlantide": not every focal point of Terr'ESS
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
    project_id = project.record.id if project.record else ""
    country_id = country.record.id if country.record else ""
    listing = await _directory_listing(context, who.lang, project_id, country_id)
    await send_listing(update, context, "dir", f"{project_id}:{country_id}", listing)


@source("dir")
async def directory_pages(
    update: Update, context: BotContext, who: Speaker, key: str
) -> Listing | str:
    """Another page of /pointsfocaux [PROJET] [PAYS] (``key``: ``project:country`` ids)."""
    project_id, _, country_id = key.partition(":")
    return await _directory_listing(context, who.lang, project_id, country_id)


async def _directory_listing(
    context: BotContext, lang: str, project_id: str, country_id: str
) -> Listing:
    """The focal points by organisation (an organisation and its people stay on one page)."""
    services = context.services
    result = await services.directory.directory(project_id or None, country_id or None)
    kb = services.members.kb
    parts = [display_name(r, lang) for r in (result.project, result.country) if r is not None]
    selection = (
        text(context, lang, "members.directory.selection", what=" · ".join(parts)) if parts else ""
    )
    title = text(context, lang, "members.directory.title", selection=Safe(selection))
    items: list[str] = []
    if not result.entries:
        items.append(text(context, lang, "members.directory.none"))
    for entry in result.entries:
        country_record = kb.countries.get(entry.organisation.country)
        head = text(
            context,
            lang,
            "members.directory.organisation",
            organisation=organisation_name(entry.organisation, lang),
            country=country_record.name.get(lang) if country_record else entry.organisation.country,
        )
        items.append(
            "\n".join([head, *(person_line(context, lang, m) for m in entry.focal_points)])
        )
    if result.without and result.entries:
        items.append(text(context, lang, "members.directory.without", count=result.without))
    return Listing(title, tuple(items))


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
    project = await project_named(update, context, lang, arg, "members.missing.unknown")
    if project is None:
        return
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


# -- who has not started a private chat ---------------------------------------------------------


@coordinator_only
async def unregistered_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    lang = who.lang
    arg = command_args(context)
    project_id = ""
    if arg:
        project = await project_named(update, context, lang, arg, "members.missing.unknown")
        if project is None:
            return
        project_id = project.id
    listing = await _unregistered_listing(update, context, who, project_id)
    if isinstance(listing, str):
        await reply(update, context, lang, listing)
        return
    await send_listing(update, context, "ur", project_id, listing)


@source("ur")
async def unregistered_pages(
    update: Update, context: BotContext, who: Speaker, key: str
) -> Listing | str:
    """Another page of /noninscrits [PROJET] (coordinators, as the command)."""
    if not await is_coordinator(update, context):
        return text(context, who.lang, "core.access.coordinators_only")
    listing = await _unregistered_listing(update, context, who, key)
    return gone(context, who.lang) if isinstance(listing, str) else listing


async def _unregistered_listing(
    update: Update, context: BotContext, who: Speaker, project_id: str
) -> Listing | str:
    """Who speaks in the linked groups (of ``project_id``; in a group, that group) but never
    opened a private chat, by group; or the catalogue key that says why there is nobody."""
    services = context.services
    lang = who.lang
    kb = services.members.kb
    chat = update.effective_chat
    linked = await services.members.groups()
    if is_group(chat) and chat is not None:
        linked = [g for g in linked if g.chat_id == chat.id]
    if project_id:
        linked = [g for g in linked if g.project_id == project_id]
    if not linked:
        return "members.unregistered.no_groups"
    people = await services.members.unregistered(g.chat_id for g in linked)
    if not people:
        return "members.unregistered.none"
    zone = services.members.zone_of(who.member)
    title = text(context, lang, "members.unregistered.title", count=len(people))
    items: list[str] = []
    by_chat = {g.chat_id: g for g in linked}
    current = None
    for seen in people:
        if seen.chat_id != current:
            current = seen.chat_id
            group = by_chat[seen.chat_id]
            project = kb.projects.get(group.project_id or "")
            items.append(
                text(
                    context,
                    lang,
                    "members.unregistered.group",
                    group=group.title,
                    project=project.short_name if project else group.project_id,
                )
            )
        items.append(
            text(
                context,
                lang,
                "members.unregistered.entry",
                name=seen.display_name,
                username=f" (@{seen.username})" if seen.username else "",
                date=format_date(date.fromisoformat(seen.last_seen), lang, zone),
            )
        )
    items.append(text(context, lang, "members.unregistered.hint", link=deep_link(context)))
    return Listing(title, tuple(items))
