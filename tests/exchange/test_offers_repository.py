"""The offers' SQL: only visible offers are listed, whatever the filter."""

from __future__ import annotations

from bot.storage.database import Database
from bot.storage.exchange import ExchangeRepository, NewOffer, OfferFilter
from tests.conftest import NOW


def offer(name: str, country: str, sought: str, theme: str, kind: str) -> NewOffer:
    return NewOffer(
        organisation_id=None,
        organisation_name=name,
        country_id=country,
        themes=((theme, ""),),
        countries=(sought,),
        partner_kind=kind,
        description="Une collectivité cherche un partenaire pour un projet commun.",
        language="fr",
    )


async def test_only_visible_offers_match_a_filter(db: Database) -> None:
    repo = ExchangeRepository(db)
    await repo.insert_many(
        [
            (offer("visible-sn", "sn", "fr", "water", "region"), "visible"),
            (offer("seeks-sn", "fr", "sn", "water", "any"), "visible"),
            (offer("any-country", "bj", "*", "economy", "municipality"), "visible"),
            (offer("pending-sn", "sn", "fr", "water", "region"), "pending"),
            (offer("refused-sn", "sn", "sn", "water", "region"), "refused"),
            (offer("expired-sn", "sn", "*", "water", "any"), "expired"),
        ],
        NOW,
    )

    async def names(flt: OfferFilter) -> list[str]:
        return sorted(o.organisation_name for o in await repo.visible(flt, limit=50))

    assert await names(OfferFilter(country="sn")) == ["any-country", "seeks-sn", "visible-sn"]
    assert await names(OfferFilter(country="sn", theme="water")) == ["seeks-sn", "visible-sn"]
    assert await names(OfferFilter(country="sn", kind="region")) == ["seeks-sn", "visible-sn"]
    assert await names(OfferFilter(kind="municipality")) == ["any-country", "seeks-sn"]
    assert await repo.count_visible(OfferFilter()) == 3
