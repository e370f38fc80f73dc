"""Offers' rules without Telegram: contact data refused, lengths, six months later, filters
read from words, the vocabulary of themes and kinds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.exchange.offers import MAX_DESCRIPTION, ExchangeError, add_months, check_description
from bot.exchange.themes import Countries, vocabulary
from bot.knowledge.models import KnowledgeBase

OK = "Nous cherchons une commune partenaire pour la gestion des déchets ménagers."


@pytest.mark.parametrize(
    "contact",
    [
        "ecrire a awa.diop@example.sn",
        "awa (at) example.org",
        "tel +221 77 123 45 67",
        "appelez le 06.12.34.56.78",
        "whatsapp 00225 0707070707",
        "au 77 123 45 67",
        "numero 771234567",
        "tel. +33 (0)1 23 45 67 89",
        "sur Telegram : @awa_sn",
    ],
)
def test_contact_data_is_refused_in_a_description(contact: str) -> None:
    with pytest.raises(ExchangeError) as refused:
        check_description(f"{OK} {contact}")
    assert refused.value.key == "description_contact"


@pytest.mark.parametrize(
    "figures",
    ["projet 2020-2026", "budget de 1 500 000 euros", "12 communes, 3 villages", "ODD n° 6"],
)
def test_years_amounts_and_telegram_names_are_not_contact_data(figures: str) -> None:
    assert check_description(f"{OK} {figures}").endswith(figures)


def test_a_description_has_a_length_range_and_keeps_years_and_amounts() -> None:
    assert check_description(f"  {OK} Depuis 2016, budget 25 000 euros, 3 villages.  ") == (
        f"{OK} Depuis 2016, budget 25 000 euros, 3 villages."
    )
    with pytest.raises(ExchangeError) as short:
        check_description("Eau.")
    assert short.value.key == "description_short"
    with pytest.raises(ExchangeError) as long:
        check_description("x" * (MAX_DESCRIPTION + 1))
    assert long.value.key == "description_long" and long.value.params["length"] == 1001
    assert check_description("x" * MAX_DESCRIPTION) == "x" * MAX_DESCRIPTION


def test_six_months_later_stays_in_the_month() -> None:
    assert add_months(datetime(2026, 8, 31, 9, tzinfo=UTC), 6) == datetime(
        2027, 2, 28, 9, tzinfo=UTC
    )
    assert add_months(datetime(2026, 11, 23, 9, tzinfo=UTC), 6) == datetime(
        2027, 5, 23, 9, tzinfo=UTC
    )


def test_themes_kinds_and_countries_are_found_in_words(kb: KnowledgeBase) -> None:
    words = vocabulary()
    assert words.find_themes("qui cherche un partenaire sur l'eau potable ?") == [
        ("water", "drinking-water")
    ]
    assert words.find_themes("jeunesse et sport") == [("education", "youth")]
    assert words.find_kinds("quelles régions françaises") == ["region"]
    assert words.theme_exactly("Gouvernance locale et appui institutionnel") == (
        "governance",
        "local-governance",
    )
    countries = Countries(kb)
    assert countries.find("les collectivités sénégalaises et le Maroc") == ["sn", "ma"]
    assert countries.find("Terr'ESS et l'économie sociale") == []
    assert countries.name("sn", "en") == "Senegal" and countries.name("zz", "fr") == "ZZ"
