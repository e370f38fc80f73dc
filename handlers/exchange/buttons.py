"""The exchange's buttons (``xo:``): pages, saved searches, "✋ Intéressé" and its consent,
the offer's focal points' answer, a coordinator's acceptance, renewing and withdrawing."""

from __future__ import annotations

import contextlib
import re

from telegram import Message, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.exchange.offers import ExchangeError
from bot.i18n import plain_text
from bot.limits import read_id
from bot.render.exchange import parse_filter_data
from handlers.access import coordinator_only
from handlers.common import (
    reachable_in_private,
    speaker,
    text,
    unreachable_in_private,
)
from handlers.exchange.common import error_text, markup

BUTTON = re.compile(r"^xo:(p|save|int|yes|no|ia|id|acc|renew|wd|wdy|wdn):(.+)$")


async def _edit(
    update: Update, body: str, buttons: list[list[tuple[str, str]]] | None = None
) -> None:
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    # The same text again ("message is not modified"), or too old to edit: nothing to do.
    with contextlib.suppress(TelegramError):
        await query.message.edit_text(body, reply_markup=markup(buttons or []))


async def _answered(
    update: Update, context: BotContext, lang: str, key: str, **params: object
) -> None:
    """The press acknowledged, and its message replaced by the catalogue's ``key``."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await _edit(update, text(context, lang, key, **params))


async def button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    match = BUTTON.match(query.data)
    if match is None:
        await query.answer()
        return
    action, rest = match[1], match[2]
    if action == "acc":
        await accept_button(update, context)
        return
    who = await speaker(update, context)
    offers = context.services.offers
    user_id = who.person.user_id if who.person else 0
    try:
        if action == "p":
            page_raw, _, data = rest.partition(":")
            flt = parse_filter_data(data)
            page = read_id(page_raw)
            if flt is None or page is None:
                await query.answer()
                return
            body, buttons = offers.texts.page(await offers.browse(flt, page), who.lang)
            await query.answer()
            await _edit(update, body, buttons)
            return
        if action == "save":
            flt = parse_filter_data(rest)
            if flt is None or flt.empty:
                await query.answer()
                return
            if not await reachable_in_private(update, context):
                await query.answer(
                    plain_text(text(context, who.lang, "exchange.offers.follow_private")),
                    show_alert=True,
                )
                return
            created = await offers.save_search(user_id, who.lang, flt)
            key = "exchange.offers.followed" if created else "exchange.offers.already_followed"
            await query.answer(
                plain_text(
                    text(context, who.lang, key, filter=offers.texts.filter_text(flt, who.lang))
                )
            )
            return
        number = read_id(rest)
        if number is None:
            await query.answer()
            return
        if action == "int":
            await _consent(update, context, number)
        elif action == "yes":
            intro = await offers.interest(number, who.member)
            await _answered(
                update,
                context,
                who.lang,
                "exchange.interest.sent",
                id=intro.offer.id,
                count=intro.asked,
            )
        elif action == "no":
            await _answered(update, context, who.lang, "exchange.interest.not_sent", id=number)
        elif action in ("ia", "id"):
            interest = await offers.answer_interest(number, user_id, accept=action == "ia")
            key = (
                "exchange.interest.you_accepted"
                if action == "ia"
                else "exchange.interest.you_declined"
            )
            await _answered(
                update,
                context,
                who.lang,
                key,
                id=interest.offer_id,
                organisation=interest.organisation_name,
            )
        elif action == "renew":
            offer = await offers.renew(number, user_id)
            await query.answer(
                plain_text(text(context, who.lang, "exchange.offers.renewed", id=offer.id))
            )
            await _edit(
                update,
                offers.texts.card(offer, who.lang, owner=True),
                offers.texts.owner_buttons(offer, who.lang),
            )
        elif action == "wd":  # asked first: a withdrawn offer cannot be put back
            offer = await offers.offer_for(number, user_id)
            await query.answer()
            confirm = text(context, who.lang, "exchange.offers.withdraw_confirm", id=offer.id)
            await _edit(
                update,
                offers.texts.card(offer, who.lang, owner=True) + "\n\n" + confirm,
                [
                    [
                        (
                            text(context, who.lang, "exchange.offers.withdraw_yes"),
                            f"xo:wdy:{number}",
                        ),
                        (
                            text(context, who.lang, "exchange.offers.withdraw_no"),
                            f"xo:wdn:{number}",
                        ),
                    ]
                ],
            )
        elif action == "wdn":
            offer = await offers.offer_for(number, user_id)
            await query.answer()
            await _edit(
                update,
                offers.texts.card(offer, who.lang, owner=True),
                offers.texts.owner_buttons(offer, who.lang),
            )
        elif action == "wdy":
            offer = await offers.withdraw(number, user_id)
            await query.answer(
                plain_text(text(context, who.lang, "exchange.offers.withdrawn", id=offer.id))
            )
            await _edit(update, offers.texts.card(offer, who.lang, owner=True), [])
    except ExchangeError as exc:
        await query.answer(plain_text(error_text(context, who.lang, exc)), show_alert=True)


async def _consent(update: Update, context: BotContext, offer_id: int) -> None:
    """Before anything is sent: what will be shared, and with whom; the person confirms."""
    query = update.callback_query
    assert query is not None
    who = await speaker(update, context)
    offers = context.services.offers
    offer = await offers.offer_for(offer_id, who.person.user_id if who.person else None)
    if who.member is None or not who.member.organisation_id:
        raise ExchangeError("no_organisation")
    if who.member.organisation_id == offer.organisation_id or who.member.user_id in offer.authors:
        raise ExchangeError("own_offer", id=offer.id)  # at once, not after the consent
    if not await reachable_in_private(update, context):
        await query.answer(
            plain_text(text(context, who.lang, "exchange.interest.private_first")), show_alert=True
        )
        return
    body = text(
        context,
        who.lang,
        "exchange.interest.consent",
        id=offer.id,
        organisation=offers.texts.organisation(offer, who.lang),
    )
    buttons = [
        [
            (text(context, who.lang, "exchange.interest.yes"), f"xo:yes:{offer.id}"),
            (text(context, who.lang, "exchange.interest.no"), f"xo:no:{offer.id}"),
        ]
    ]
    try:
        await context.bot.send_message(who.member.user_id, body, reply_markup=markup(buttons))
    except TelegramError as exc:
        if await unreachable_in_private(context, who.member.user_id, exc):
            await query.answer(
                plain_text(text(context, who.lang, "exchange.interest.private_first")),
                show_alert=True,
            )
            return
        raise
    await query.answer()


@coordinator_only
async def accept_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    offer_id = read_id(query.data.rsplit(":", 1)[-1])
    if offer_id is None or who.person is None:
        await query.answer()
        return
    offers = context.services.offers
    try:
        offer = await offers.accept(offer_id, who.person.user_id)
    except ExchangeError as exc:
        await query.answer(plain_text(error_text(context, who.lang, exc)), show_alert=True)
        return
    await query.answer()
    await _edit(update, text(context, who.lang, "exchange.review.accepted", id=offer.id))
