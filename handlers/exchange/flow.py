"""``/offre`` (``/offer``): a partnership offer written step by step, in private, by a focal
point for their organisation or by a coordinator (who first names the organisation).

Steps: organisation (coordinators only), theme, sub-theme, countries sought, kind of partner
local government, description (≤ 1,000 characters, no e-mail or phone), then send or cancel.
A persistent :class:`~handlers.flows.Flow`: a restart keeps the step and the draft. The offer
then waits for a coordinator's review (accept, or refuse with a reason: the second flow here).
"""

from __future__ import annotations

from typing import Any

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.exchange.offers import (
    ANY_COUNTRY,
    ANY_KIND,
    MAX_DESCRIPTION,
    ExchangeError,
    NewOffer,
    check_description,
)
from bot.i18n import plain_text
from bot.knowledge.textnorm import normalize
from bot.limits import read_id
from handlers.access import coordinator_only, is_coordinator
from handlers.common import Speaker, is_private, reply, speaker, text
from handlers.exchange.common import DRAFT, REFUSING, error_text
from handlers.flows import Flow

# (MORE was added last: the numbers of the steps kept in SQLite do not change.)
ORG, THEME, SUB, COUNTRIES, KIND, DESCRIPTION, CONFIRM, MORE = range(8)
MAX_THEMES = 3
REASON = 0

COMMANDS = ["offre", "offer"]


def _data(context: BotContext) -> dict[Any, Any]:
    data = context.user_data
    assert data is not None
    return data


def _typed(update: Update) -> str:
    message = update.effective_message
    return (message.text or "").strip() if message else ""


def _label(context: BotContext, lang: str, key: str) -> str:
    return context.services.catalogue.raw(lang, f"exchange.flow.{key}")


async def _ask(
    update: Update,
    context: BotContext,
    lang: str,
    key: str,
    choices: list[list[str]] | None = None,
    /,
    **params: object,
) -> None:
    message = update.effective_message
    assert message is not None
    markup: ReplyKeyboardMarkup | ReplyKeyboardRemove = ReplyKeyboardRemove()
    if choices:
        markup = ReplyKeyboardMarkup(
            [[KeyboardButton(c) for c in row] for row in choices],
            one_time_keyboard=True,
            resize_keyboard=True,
        )
    await message.reply_text(
        text(context, lang, f"exchange.flow.{key}", **params), reply_markup=markup
    )


def _rows(labels: list[str], per_row: int = 2) -> list[list[str]]:
    return [labels[i : i + per_row] for i in range(0, len(labels), per_row)]


# -- start ------------------------------------------------------------------------------------


async def offer_command(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    if not is_private(update):
        await reply(update, context, who.lang, "exchange.flow.private_only")
        return ConversationHandler.END
    offers = context.services.offers
    coordinator = await is_coordinator(update, context)
    if not coordinator and not offers.is_focal_point(who.member):
        await reply(update, context, who.lang, "exchange.flow.focal_only")
        return ConversationHandler.END
    draft: dict[str, Any] = {}
    _data(context)[DRAFT] = draft
    if offers.is_focal_point(who.member):
        assert who.member is not None
        draft["organisation"] = who.member.organisation_id
        return await _ask_theme(update, context, who.lang)
    await _ask(update, context, who.lang, "organisation")
    return ORG


async def guide_org(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    typed = normalize(_typed(update))
    kb = context.services.knowledge.kb
    for org in kb.organisations.values():
        names = [org.id, org.name, org.name_en or "", *org.acronyms, *org.aliases]
        if typed and typed in {normalize(n) for n in names if n}:
            _data(context).setdefault(DRAFT, {})["organisation"] = org.id
            return await _ask_theme(update, context, who.lang)
    await _ask(update, context, who.lang, "organisation_again")
    return ORG


async def _ask_theme(update: Update, context: BotContext, lang: str) -> int:
    words = context.services.offers.words
    await _ask(update, context, lang, "theme", _rows([t.name(lang) for t in words.themes], 1))
    return THEME


def _themes(draft: dict[str, Any]) -> list[list[str]]:
    """The themes chosen so far, ``[theme, sub_theme]`` each."""
    themes: list[list[str]] = draft.setdefault("themes", [])
    return themes


async def _ask_sub(update: Update, context: BotContext, lang: str, theme_id: str) -> int:
    theme = context.services.offers.words.theme(theme_id)
    if theme is None:
        return await _ask_theme(update, context, lang)
    labels = [s.name(lang) for s in theme.sub_themes] + [_label(context, lang, "whole_theme")]
    await _ask(update, context, lang, "sub_theme", _rows(labels, 1), theme=theme.name(lang))
    return SUB


async def _chosen(update: Update, context: BotContext, lang: str, found: tuple[str, str]) -> int:
    """A theme (with or without its sub-theme) was chosen: its sub-theme, or the next one."""
    draft = _data(context).setdefault(DRAFT, {})
    if not found[1]:
        draft["theme"] = found[0]
        return await _ask_sub(update, context, lang, found[0])
    themes = _themes(draft)
    if list(found) not in themes:
        themes.append(list(found))
    return await _ask_more(update, context, lang)


async def guide_theme(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    words = context.services.offers.words
    typed = _typed(update)
    found = words.theme_exactly(typed) or next(iter(words.find_themes(typed)), None)
    if found is None:
        return await _ask_theme(update, context, who.lang)
    return await _chosen(update, context, who.lang, found)


async def guide_sub(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    draft = _data(context).setdefault(DRAFT, {})
    theme_id = str(draft.get("theme", ""))
    typed = _typed(update)
    if typed == _label(context, who.lang, "whole_theme"):
        themes = _themes(draft)
        if [theme_id, ""] not in themes:
            themes.append([theme_id, ""])
        return await _ask_more(update, context, who.lang)
    found = context.services.offers.words.theme_exactly(typed)
    if found is None or found[0] != theme_id or not found[1]:
        return await _ask_sub(update, context, who.lang, theme_id)
    return await _chosen(update, context, who.lang, found)


async def _ask_more(update: Update, context: BotContext, lang: str) -> int:
    """Another theme (up to :data:`MAX_THEMES`), or on to the countries."""
    themes = _themes(_data(context).setdefault(DRAFT, {}))
    if len(themes) >= MAX_THEMES:
        return await _ask_countries(update, context, lang)
    words = context.services.offers.words
    taken = {t for t, _ in themes}
    labels = [t.name(lang) for t in words.themes if t.id not in taken]
    choices = [[_label(context, lang, "no_more")], *_rows(labels, 1)]
    texts = context.services.offers.texts
    chosen = texts.themes([(t, s) for t, s in themes], lang)
    await _ask(update, context, lang, "more", choices, themes=chosen)
    return MORE


async def guide_more(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    typed = _typed(update)
    if typed == _label(context, who.lang, "no_more"):
        return await _ask_countries(update, context, who.lang)
    words = context.services.offers.words
    found = words.theme_exactly(typed) or next(iter(words.find_themes(typed)), None)
    if found is None:
        return await _ask_more(update, context, who.lang)
    return await _chosen(update, context, who.lang, found)


async def _ask_countries(update: Update, context: BotContext, lang: str) -> int:
    offers = context.services.offers
    names = [offers.countries.name(c, lang) for c in offers.countries.ids()]
    regions = [r.name(lang) for r in offers.words.regions]
    choices = [*_rows(names, 3), *_rows(regions, 2), [_label(context, lang, "any_country")]]
    await _ask(update, context, lang, "countries", choices)
    return COUNTRIES


async def guide_countries(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    draft = _data(context).setdefault(DRAFT, {})
    typed = _typed(update)
    if typed == _label(context, who.lang, "any_country"):
        draft["countries"] = [ANY_COUNTRY]
    else:
        offers = context.services.offers
        known = set(offers.countries.ids())
        found = offers.countries.find(typed)
        for region in offers.words.find_regions(typed):  # a region: its countries
            found += [c for c in region.countries if c in known and c not in found]
        if not found:
            await reply(update, context, who.lang, "exchange.flow.countries_unknown")
            return await _ask_countries(update, context, who.lang)
        draft["countries"] = found
    return await _ask_kind(update, context, who.lang)


def _kinds(context: BotContext, lang: str) -> dict[str, str]:
    words = context.services.offers.words
    found = {k.name(lang): k.id for k in words.kinds}
    found[_label(context, lang, "any_kind")] = ANY_KIND
    return found


async def _ask_kind(update: Update, context: BotContext, lang: str) -> int:
    await _ask(update, context, lang, "kind", _rows(list(_kinds(context, lang)), 2))
    return KIND


async def guide_kind(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    kind = _kinds(context, who.lang).get(_typed(update))
    if kind is None:
        return await _ask_kind(update, context, who.lang)
    _data(context).setdefault(DRAFT, {})["kind"] = kind
    await _ask(update, context, who.lang, "description", maximum=MAX_DESCRIPTION)
    return DESCRIPTION


async def guide_description(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    try:
        description = check_description(_typed(update))
    except ExchangeError as exc:
        message = update.effective_message
        assert message is not None
        await message.reply_text(error_text(context, who.lang, exc))
        return DESCRIPTION
    _data(context).setdefault(DRAFT, {})["description"] = description
    return await _ask_confirm(update, context, who)


def _new_offer(context: BotContext, who: Speaker, draft: dict[str, Any]) -> NewOffer:
    offers = context.services.offers
    org_id = draft["organisation"]
    org = context.services.knowledge.kb.organisations.get(org_id)
    return NewOffer(
        organisation_id=org_id,
        organisation_name=offers.organisation_name(org_id, "fr") or org_id,
        country_id=org.country if org else None,
        themes=tuple((t, s) for t, s in _themes(draft)),
        countries=tuple(draft["countries"]),
        partner_kind=draft["kind"],
        description=draft["description"],
        language=who.lang,
    )


async def _ask_confirm(update: Update, context: BotContext, who: Speaker) -> int:
    draft = _data(context).setdefault(DRAFT, {})
    texts = context.services.offers.texts
    offer = _new_offer(context, who, draft)
    lang = who.lang
    await _ask(
        update,
        context,
        lang,
        "summary",
        [[_label(context, lang, "send")], [_label(context, lang, "cancel")]],
        organisation=offer.organisation_name,
        themes=texts.themes(offer.themes, lang),
        countries=texts.countries(offer.countries, lang),
        kind=texts.kind(offer.partner_kind, lang),
        description=offer.description,
    )
    return CONFIRM


async def guide_confirm(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    typed = _typed(update)
    if typed == _label(context, who.lang, "cancel"):
        return await guide_cancel(update, context)
    if typed != _label(context, who.lang, "send"):
        return await _ask_confirm(update, context, who)
    draft = _data(context).pop(DRAFT, {})
    assert who.person is not None
    message = update.effective_message
    assert message is not None
    try:
        offer = await context.services.offers.submit(
            _new_offer(context, who, draft), who.person.user_id
        )
    except ExchangeError as exc:
        await message.reply_text(
            error_text(context, who.lang, exc), reply_markup=ReplyKeyboardRemove()
        )
        return ConversationHandler.END
    await message.reply_text(
        text(context, who.lang, "exchange.flow.submitted", id=offer.id),
        reply_markup=ReplyKeyboardRemove(),
    )
    return ConversationHandler.END


async def guide_cancel(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    _data(context).pop(DRAFT, None)
    _data(context).pop(REFUSING, None)
    message = update.effective_message
    if message is not None:
        await message.reply_text(
            text(context, who.lang, "exchange.flow.cancelled"), reply_markup=ReplyKeyboardRemove()
        )
    return ConversationHandler.END


async def _discard(update: Update, context: BotContext) -> None:
    _data(context).pop(DRAFT, None)
    _data(context).pop(REFUSING, None)


def conversation() -> Flow:
    """The guided /offre, per (chat, user), kept in SQLite (handlers/flows.py)."""
    answer = filters.TEXT & ~filters.COMMAND
    return Flow(
        name="exchange_offer",
        restart={"fr": "offre", "en": "offer"},
        discard=_discard,
        entry_points=[CommandHandler(COMMANDS, offer_command)],
        states={
            ORG: [MessageHandler(answer, guide_org)],
            THEME: [MessageHandler(answer, guide_theme)],
            SUB: [MessageHandler(answer, guide_sub)],
            MORE: [MessageHandler(answer, guide_more)],
            COUNTRIES: [MessageHandler(answer, guide_countries)],
            KIND: [MessageHandler(answer, guide_kind)],
            DESCRIPTION: [MessageHandler(answer, guide_description)],
            CONFIRM: [MessageHandler(answer, guide_confirm)],
        },
        fallbacks=[CommandHandler(["cancel", "annuler"], guide_cancel)],
    )


# -- a coordinator refuses an offer: the reason is the next message ------------------------------


@coordinator_only
async def refuse_button(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    who = await speaker(update, context)
    offer_id = read_id(query.data.rsplit(":", 1)[-1])
    offer = None
    if offer_id is not None and who.person is not None:
        try:
            offer = await context.services.offers.offer_for(offer_id, who.person.user_id)
        except ExchangeError:
            offer = None
    if offer is None or offer.status != "pending":
        status = offer.status if offer else ""
        exc = ExchangeError("already_reviewed", id=offer_id or 0, status=status)
        await query.answer(plain_text(error_text(context, who.lang, exc)), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    _data(context)[REFUSING] = offer.id
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(
        chat.id, text(context, who.lang, "exchange.review.reason", id=offer.id)
    )
    return REASON


async def refuse_reason(update: Update, context: BotContext) -> int:
    who = await speaker(update, context)
    offer_id = _data(context).pop(REFUSING, None)
    if offer_id is None or who.person is None:
        return ConversationHandler.END
    message = update.effective_message
    assert message is not None
    try:
        offer = await context.services.offers.refuse(
            int(offer_id), who.person.user_id, _typed(update)
        )
    except ExchangeError as exc:
        await message.reply_text(error_text(context, who.lang, exc))
        if exc.key == "reason_missing":
            _data(context)[REFUSING] = offer_id
            return REASON
        return ConversationHandler.END
    await message.reply_text(text(context, who.lang, "exchange.review.refused", id=offer.id))
    return ConversationHandler.END


def refusal() -> Flow:
    """The reason of a refusal, asked after "❌ Refuser" on a review notice."""
    return Flow(
        name="exchange_refuse",
        restart={"fr": "bourse attente", "en": "exchange pending"},
        discard=_discard,
        entry_points=[CallbackQueryHandler(refuse_button, pattern=r"^xo:ref:\d+$")],
        states={REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, refuse_reason)]},
        fallbacks=[CommandHandler(["cancel", "annuler"], guide_cancel)],
    )
