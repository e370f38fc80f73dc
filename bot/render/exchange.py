"""The partnership exchange and the Atlas as Telegram HTML: offer cards, pages of offers for a
phone, review and interest notices, Atlas answers. Buttons are ``(label, callback_data)``
rows, turned into Telegram markup by the handlers or into outbox payloads by the service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.exchange.themes import Countries, Vocabulary
from bot.i18n import Catalogue, Safe, escape, excerpt
from bot.storage.exchange import ANY_COUNTRY, ANY_KIND, Offer, OfferFilter

Buttons = list[list[tuple[str, str]]]

CARD_EXCERPT = 160  # characters of the description in a list


@dataclass(frozen=True)
class OffersPage:
    filter: OfferFilter
    total: int
    page: int
    pages: int
    offers: list[Offer]


def filter_data(flt: OfferFilter) -> str:
    return f"{flt.theme}:{flt.country}:{flt.kind}"


def parse_filter_data(raw: str) -> OfferFilter | None:
    parts = raw.split(":")
    if len(parts) != 3:
        return None
    return OfferFilter(*parts)


class ExchangeTexts:
    def __init__(
        self, catalogue: Catalogue, words: Vocabulary, countries: Callable[[], Countries]
    ) -> None:
        self.catalogue = catalogue
        self.words = words
        self._countries = countries

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"exchange.{key}", **params)

    # -- pieces --------------------------------------------------------------------------------

    def themes(self, themes: Sequence[tuple[str, str]], lang: str) -> str:
        return ", ".join(self.words.theme_label(t, s, lang) for t, s in themes)

    def countries(self, countries: Sequence[str], lang: str) -> str:
        if not countries or ANY_COUNTRY in countries:
            return self.catalogue.raw(lang, "exchange.offers.any_country")
        names = self._countries()
        return ", ".join(names.name(c, lang) for c in countries)

    def kind(self, kind: str, lang: str) -> str:
        found = self.words.kind(kind) if kind != ANY_KIND else None
        if found is None:
            return self.catalogue.raw(lang, "exchange.offers.any_kind")
        return found.name(lang)

    def status(self, status: str, lang: str) -> str:
        return self.catalogue.raw(lang, f"exchange.status.{status}")

    def organisation(self, offer: Offer, lang: str) -> str:
        if offer.country_id:
            return f"{offer.organisation_name} ({self._countries().name(offer.country_id, lang)})"
        return offer.organisation_name

    def filter_text(self, flt: OfferFilter, lang: str) -> str:
        parts = []
        if flt.theme:
            parts.append(self.words.theme_label(flt.theme, "", lang))
        if flt.country:
            parts.append(self._countries().name(flt.country, lang))
        if flt.kind:
            parts.append(self.kind(flt.kind, lang))
        return " · ".join(parts)

    # -- an offer ------------------------------------------------------------------------------

    def card(self, offer: Offer, lang: str, *, full: bool = False, owner: bool = False) -> str:
        description = offer.description if full else excerpt(offer.description, CARD_EXCERPT)
        body = self.t(
            lang,
            "offers.card",
            id=offer.id,
            organisation=self.organisation(offer, lang),
            themes=self.themes(offer.themes, lang),
            countries=self.countries(offer.countries, lang),
            kind=self.kind(offer.partner_kind, lang),
            description=description,
        )
        if owner or offer.status != "visible":
            body += "\n" + self.t(
                lang, "offers.card_status", status=self.status(offer.status, lang)
            )
            if offer.status == "refused" and offer.refusal_reason:
                body += "\n" + self.t(lang, "offers.card_reason", reason=offer.refusal_reason)
        return body

    def page(self, page: OffersPage, lang: str) -> tuple[str, Buttons]:
        flt = page.filter
        label = self.filter_text(flt, lang)
        if page.total == 0:
            key = "offers.none_filtered" if label else "offers.none"
            return self.t(lang, key, filter=label), []
        head = self.t(
            lang,
            "offers.page_head",
            count=page.total,
            filter=Safe(self.t(lang, "offers.filter", filter=label)) if label else "",
            page=page.page,
            pages=page.pages,
        )
        cards = [self.card(o, lang) for o in page.offers]
        buttons: Buttons = [
            [(self.t(lang, "offers.interested", id=o.id), f"xo:int:{o.id}")] for o in page.offers
        ]
        nav: list[tuple[str, str]] = []
        data = filter_data(flt)
        if page.page > 1:
            nav.append((self.t(lang, "offers.previous"), f"xo:p:{page.page - 1}:{data}"))
        if page.page < page.pages:
            nav.append((self.t(lang, "offers.next"), f"xo:p:{page.page + 1}:{data}"))
        if nav:
            buttons.append(nav)
        if not flt.empty:
            buttons.append([(self.t(lang, "offers.follow"), f"xo:save:{data}")])
        footer = self.t(
            lang, "offers.page_foot", example=page.offers[0].id if page.offers else 1
        )  # a real number
        return "\n\n".join([head, *cards, footer]), buttons

    def review_notice(self, offer: Offer, lang: str) -> tuple[str, Buttons]:
        text = self.t(lang, "review.notice", card=Safe(self.card(offer, lang, full=True)))
        buttons = [
            [
                (self.t(lang, "review.accept"), f"xo:acc:{offer.id}"),
                (self.t(lang, "review.refuse"), f"xo:ref:{offer.id}"),
            ]
        ]
        return text, buttons

    def owner_buttons(self, offer: Offer, lang: str) -> Buttons:
        row: list[tuple[str, str]] = []
        if offer.status in ("visible", "expired"):
            row.append((self.t(lang, "offers.renew"), f"xo:renew:{offer.id}"))
        if offer.status in ("pending", "visible"):
            row.append((self.t(lang, "offers.withdraw"), f"xo:wd:{offer.id}"))
        return [row] if row else []

    def mine(self, offers: Sequence[Offer], lang: str) -> tuple[str, Buttons]:
        if not offers:
            return self.t(lang, "offers.mine_none"), []
        shown = offers[:5]
        cards = [self.card(o, lang, owner=True) for o in shown]
        buttons: Buttons = []
        for offer in shown:
            buttons += self.owner_buttons(offer, lang)
        return "\n\n".join([self.t(lang, "offers.mine_head", count=len(offers)), *cards]), buttons

    def digest(self, offers: Sequence[Offer], flt: OfferFilter, lang: str) -> tuple[str, Buttons]:
        shown = offers[:5]
        head = self.t(lang, "offers.digest", count=len(offers), filter=self.filter_text(flt, lang))
        buttons: Buttons = [
            [(self.t(lang, "offers.interested", id=o.id), f"xo:int:{o.id}")] for o in shown
        ]
        return "\n\n".join([head, *(self.card(o, lang) for o in shown)]), buttons


def html_link(user_id: int, name: str) -> Safe:
    """A link to a person's Telegram profile (the contact route: no e-mail, no phone)."""
    return Safe(f'<a href="tg://user?id={int(user_id)}">{escape(name)}</a>')
