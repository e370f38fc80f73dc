"""The Atlas and the partnership exchange on a real SQLite file.

* importing 12,000 synthetic partnerships (about 30,000 funding lines; the real Dijon –
  Chefchaouen row first) from CSV: parsing, checking and writing, in one transaction;
* filtered Atlas searches as a question gets them (country, theme or sub-theme, kind of French
  local government, year: the count, the first page, the French local governments and the
  funders' totals over the matches);
* 2,000 visible offers listed and filtered (theme, country, kind) a page at a time.

Last line: ``atlas: imported N partnerships in X s, search p95 Y ms, offers p95 Z ms``.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FrozenClock
from bot.exchange.synthetic import synthetic_csv
from bot.exchange.themes import vocabulary
from bot.sender import lazy_sender
from bot.services import Services
from bot.settings import Settings
from bot.storage.atlas import AtlasQuery
from bot.storage.exchange import ANY_COUNTRY, ANY_KIND, NewOffer, OfferFilter

PARTNERSHIPS = 12_000
OFFERS = 2_000
SEARCHES = 300


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


async def run(folder: Path) -> str:
    clock = FrozenClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    settings = Settings(telegram={"token": "1:x"}, storage={"path": folder / "bench.sqlite3"})
    rng = random.Random(18)
    words = vocabulary()
    async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
        await services.knowledge.start()
        kb = services.knowledge.kb
        atlas = services.atlas
        data = synthetic_csv(PARTNERSHIPS, kb)
        start = time.perf_counter()
        report = await atlas.import_csv(data)
        import_s = time.perf_counter() - start
        partnerships, funding = await atlas.repo.totals()
        print(
            f"import: {partnerships} partnerships, {funding} funding lines,"
            f" {len(report.rejected)} rejected, {import_s:.2f} s"
        )
        start = time.perf_counter()
        again = await atlas.import_csv(data)
        print(
            f"second import: {again.counts.unchanged} unchanged, {again.counts.added} added,"
            f" {time.perf_counter() - start:.2f} s"
        )

        countries = sorted(c for c in kb.countries if c != "fr")
        samples: list[float] = []
        for _ in range(SEARCHES):
            theme = rng.choice(words.themes)
            sub = rng.choice(theme.sub_themes).id if rng.random() < 0.4 else ""
            query = AtlasQuery(
                countries=(rng.choice(countries),),
                theme=theme.id,
                sub_theme=sub,
                french_kind=rng.choice(["", "", "region", "department", "municipality"]),
                year=rng.choice([None, None, rng.randint(2000, 2025)]),
            )
            atlas.repo.forget_searches()  # every question searches afresh
            start = time.perf_counter()
            await atlas.search(query)
            await atlas.french_governments(query)
            await atlas.funders(query)
            samples.append((time.perf_counter() - start) * 1000)
        search_p95 = p95(samples)
        print(
            f"atlas search (count + page + French governments + funders): p95 {search_p95:.1f} ms"
        )

        offers_service = services.offers
        now = clock.now()
        kinds = [k.id for k in words.kinds] + [ANY_KIND]
        offers = []
        for n in range(OFFERS):
            theme = rng.choice(words.themes)
            offers.append(
                (
                    NewOffer(
                        organisation_id=None,
                        organisation_name=f"Collectivité {n}",
                        country_id=rng.choice(countries),
                        themes=((theme.id, rng.choice(theme.sub_themes).id),),
                        countries=(rng.choice([*countries, ANY_COUNTRY]),),
                        partner_kind=rng.choice(kinds),
                        description="Recherche d'un partenaire " * 8,
                        language="fr",
                    ),
                    "visible" if n % 10 else "pending",
                )
            )
        await offers_service.repo.insert_many(offers, now)
        samples = []
        for _ in range(SEARCHES):
            flt = OfferFilter(
                theme=rng.choice(["", rng.choice(words.themes).id]),
                country=rng.choice(["", rng.choice(countries)]),
                kind=rng.choice(["", rng.choice(kinds[:-1])]),
            )
            start = time.perf_counter()
            await offers_service.browse(flt, rng.randint(1, 3))
            samples.append((time.perf_counter() - start) * 1000)
        offers_p95 = p95(samples)
        print(f"offers listed and filtered over {OFFERS}: p95 {offers_p95:.1f} ms")
    return (
        f"atlas: imported {partnerships} partnerships in {import_s:.2f} s,"
        f" search p95 {search_p95:.1f} ms, offers p95 {offers_p95:.1f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        line = asyncio.run(run(Path(folder)))
    print(line)
