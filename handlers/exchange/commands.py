"""``/bourse`` (``/exchange``): the partnership exchange on a phone.

* ``/bourse`` — the visible offers, five a page, each with "✋ Intéressé";
* ``/bourse eau sénégal commune`` — filtered by theme, country, kind of partner (any order);
* ``/bourse 12`` — offer n° 12 in full;
* ``/bourse suivre eau sénégal`` (``follow``) — new matching offers announced weekly at most;
* ``/bourse mes`` (``mine``) — the offers of one's organisation, to renew or withdraw;
* ``/bourse attente`` (``pending``) — coordinators: the offers waiting for review.

``/offre`` (``/offer``) writes one (handlers/exchange/flow.py).
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.exchange.offers import ExchangeError
from bot.limits import read_id
from handlers.access import is_coordinator, refuse
from handlers.common import Speaker, command_args, is_private, reply, speaker, text
from handlers.exchange.common import markup, reply_error
from handlers.subcommands import suggest_subcommand

MINE = {"mes", "mine", "miennes", "moi"}
PENDING = {"attente", "pending", "review", "moderation"}
FOLLOW = {"suivre", "follow", "alerte", "alert"}


async def _send(update: Update, body: str, buttons: list[list[tuple[str, str]]]) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_text(
            body, reply_markup=markup(buttons), do_quote=not is_private(update)
        )


async def exchange_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    args = command_args(context)
    first, _, rest = args.partition(" ")
    word = first.casefold()
    if word in MINE:
        await _mine(update, context, who)
    elif word in PENDING:
        await _pending(update, context, who)
    elif word in FOLLOW:
        await _follow(update, context, who, rest)
    elif args and args.lstrip("#").isdigit():
        await _one(update, context, who, args.lstrip("#"))
    else:
        await _browse(update, context, who, args)


SUBCOMMANDS = (*sorted(MINE), *sorted(PENDING), *sorted(FOLLOW))


async def _browse(update: Update, context: BotContext, who: Speaker, args: str) -> None:
    offers = context.services.offers
    flt, unknown = offers.read_filter(args)
    words = args.split()
    # "/bourse atente", "/bourse suivr eau": the first word is no filter but a sub-command's typo
    if (
        words
        and offers.read_filter(words[0])[1]
        and await suggest_subcommand(
            update,
            context,
            who.lang,
            words,
            0,
            SUBCOMMANDS,
            text(context, who.lang, "refusals.usage.exchange"),
        )
    ):
        return
    if unknown:
        themes = ", ".join(t.name(who.lang) for t in offers.words.themes)
        await reply(
            update,
            context,
            who.lang,
            "exchange.offers.filter_unknown",
            typed=unknown,
            themes=themes,
        )
        return
    page = await offers.browse(flt)
    body, buttons = offers.texts.page(page, who.lang)
    await _send(update, body, buttons)


async def _one(update: Update, context: BotContext, who: Speaker, raw: str) -> None:
    offers = context.services.offers
    offer_id = read_id(raw)
    try:
        if offer_id is None:
            raise ExchangeError("no_offer", id=raw[:12])
        offer = await offers.offer_for(offer_id, who.person.user_id if who.person else None)
    except ExchangeError as exc:
        await reply_error(update, context, who.lang, exc)
        return
    manages = who.person is not None and await offers.may_manage(offer, who.person.user_id)
    body = offers.texts.card(offer, who.lang, full=True, owner=manages)
    if manages:
        buttons = offers.texts.owner_buttons(offer, who.lang)
    elif offer.status == "visible":
        buttons = [
            [
                (
                    text(context, who.lang, "exchange.offers.interested", id=offer.id),
                    f"xo:int:{offer.id}",
                )
            ]
        ]
    else:
        buttons = []
    await _send(update, body, buttons)


async def _mine(update: Update, context: BotContext, who: Speaker) -> None:
    if who.member is None:
        await reply(update, context, who.lang, "exchange.offers.mine_none")
        return
    offers = context.services.offers
    body, buttons = offers.texts.mine(await offers.mine(who.member), who.lang)
    await _send(update, body, buttons)


async def _pending(update: Update, context: BotContext, who: Speaker) -> None:
    if not await is_coordinator(update, context):
        await refuse(update, context, "core.access.coordinators_only", "exchange_pending")
        return
    if not is_private(update):  # the refusal's reason is asked next: in private
        await reply(update, context, who.lang, "exchange.review.private_only")
        return
    offers = context.services.offers
    waiting = await offers.pending()
    if not waiting:
        await reply(update, context, who.lang, "exchange.review.none")
        return
    await reply(update, context, who.lang, "exchange.review.head", count=len(waiting))
    for offer in waiting[:5]:
        body, buttons = offers.texts.review_notice(offer, who.lang)
        await _send(update, body, buttons)


async def _follow(update: Update, context: BotContext, who: Speaker, rest: str) -> None:
    offers = context.services.offers
    flt, unknown = offers.read_filter(rest)
    if who.person is None or flt.empty or unknown:
        await reply(update, context, who.lang, "exchange.offers.follow_usage")
        return
    if not is_private(update) and not (who.member and who.member.private_chat):
        await reply(update, context, who.lang, "exchange.offers.follow_private")
        return
    created = await offers.save_search(who.person.user_id, who.lang, flt)
    key = "exchange.offers.followed" if created else "exchange.offers.already_followed"
    await reply(update, context, who.lang, key, filter=offers.texts.filter_text(flt, who.lang))
