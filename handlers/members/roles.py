"""Coordinators: focal point claims to confirm (the list and its buttons), /promote
(/promouvoir) and /demote (/retrograder)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.directory import organisation_name
from bot.i18n import excerpt, plain_text
from bot.limits import NumberOutOfRange, read_id
from bot.render.buttons import FocalClaim
from bot.storage.members import Member
from handlers import menus
from handlers.access import coordinator_only
from handlers.common import (
    Speaker,
    command_args,
    reply,
    reply_out_of_range,
    speaker,
    text,
)
from handlers.members.helpers import (
    reply_long,
    split_message,
    username,
)

# -- focal point claims -----------------------------------------------------------------------


@coordinator_only
async def pending_claims(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    body, markup = await render_pending(context, who)
    await reply_long(update, body, markup)


async def render_pending(
    context: BotContext, who: Speaker
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The pending claims as the members' renderer (bot/render/members.py) writes them."""
    members = context.services.members
    claims = await members.pending_claims()
    return members.render.pending_claims(who.lang, claims, members.kb, members.zone_of(who.member))


@coordinator_only
async def claim_button(update: Update, context: BotContext) -> None:
    """A coordinator confirmed or removed a claim (from the pending list or a notice)."""
    query = update.callback_query
    assert query is not None
    pressed = FocalClaim.decode(query.data)
    user_id = read_id(str(pressed.user)) if pressed is not None else None
    if pressed is None or user_id is None:  # not a button of ours
        await query.answer()
        return
    who = await speaker(update, context)
    lang = who.lang
    services = context.services
    by = who.person.user_id if who.person else 0
    before = await services.members.get(user_id)
    if pressed.verdict == "ok":
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
        if pressed.place == "l":  # from the pending list: show it again, up to date
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


async def _change_role(
    update: Update, context: BotContext, usage: str, outcomes: dict[str, str], *, promote: bool
) -> None:
    """/promote and /demote: find the person, change the role, say what happened."""
    who = await speaker(update, context)
    try:
        target, ref = await _target(update, context)
    except NumberOutOfRange as error:
        await reply_out_of_range(update, context, who.lang, error)
        return
    if not ref:
        await reply(update, context, who.lang, usage)
        return
    if target is None:
        await reply(update, context, who.lang, "members.promote.unknown", who=excerpt(ref))
        return
    members = context.services.members
    by = who.person.user_id if who.person else 0
    outcome = await (members.promote(target, by) if promote else members.demote(target, by))
    if outcome.status == "done":  # their menu follows at once (handlers/menus.py)
        await menus.sync(context.bot, context.services, context.bot_data.menus, target.user_id)
    key = outcomes[outcome.status]
    await reply(update, context, who.lang, key, name=target.display_name + username(target))


@coordinator_only
async def promote_command(update: Update, context: BotContext) -> None:
    outcomes = {"done": "members.promote.promoted", "already": "members.promote.already"}
    await _change_role(update, context, "members.promote.usage", outcomes, promote=True)


@coordinator_only
async def demote_command(update: Update, context: BotContext) -> None:
    outcomes = {
        "done": "members.promote.demoted",
        "already": "members.promote.not_coordinator",
        "settings": "members.promote.settings",
        "self": "members.promote.self",
    }
    await _change_role(update, context, "members.promote.usage_demote", outcomes, promote=False)
