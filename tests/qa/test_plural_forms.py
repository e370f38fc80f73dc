"""Counts in report, broadcast, polls and exchange messages agree with their noun through the
catalogue's CLDR forms (audit item 8): "1 réponse", "0 échec", never "1 réponses"; and no
"(e)" / "(s)" forms in those catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import Catalogue

LOCALES = Path(__file__).resolve().parents[2] / "bot" / "i18n" / "locales"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.bundled()


@pytest.mark.parametrize(
    ("key", "count", "expected"),
    [
        ("report.headline.rsvps", 1, "1 réponse aux invitations"),
        ("report.headline.rsvps", 3, "3 réponses aux invitations"),
        ("report.headline.delivered", 0, "0 reçue"),
        ("report.headline.delivered", 2, "2 reçues"),
        ("report.headline.answers", 1, "1 votant"),
    ],
)
def test_report_headline_counts(catalogue: Catalogue, key: str, count: int, expected: str) -> None:
    assert catalogue.raw("fr", key, count).format(count=count) == expected


def test_broadcast_counts_agree(catalogue: Catalogue) -> None:
    assert catalogue.t("fr", "broadcast.counts.unreachable", count=0) == "0 injoignable"
    assert catalogue.t("fr", "broadcast.counts.failed", count=2) == "2 échecs"
    assert catalogue.t("fr", "broadcast.counts.received", count=1, total=4) == "1/4 reçue"
    assert catalogue.t("fr", "broadcast.counts.sent", count=3, total=4) == "3/4 envoyés"


def test_poll_organisations_and_atlas_import(catalogue: Catalogue) -> None:
    one = catalogue.t("fr", "polls.results.organisations", count=1, total=31)
    assert "1 sur 31 a répondu" in one
    assert "2 sur 31 ont répondu" in catalogue.t(
        "fr", "polls.results.organisations", count=2, total=31
    )
    line = catalogue.t(
        "fr", "exchange.atlas.imported", file="a.csv", count=1, added=0, updated=0, unchanged=1
    )
    assert line == "a.csv : 1 partenariat lu (ajouts : 0, mises à jour : 0, sans changement : 1)."


@pytest.mark.parametrize("domain", ["report", "broadcast", "polls", "exchange"])
def test_no_parenthesised_agreement(domain: str) -> None:
    for lang in ("fr", "en"):
        text = (LOCALES / lang / f"{domain}.toml").read_text(encoding="utf-8")
        assert "(e)" not in text and "(s)" not in text, (lang, domain)
