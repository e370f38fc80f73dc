"""The SQL of the partnership exchange (migration 0013): offers, their authors, themes and
countries sought, interests, saved searches and what was announced for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.clock import from_iso, to_iso
from bot.storage.database import Database
from bot.storage.rows import instant_or_none

ANY_COUNTRY = "*"
ANY_KIND = "any"
STATUSES = ("pending", "visible", "refused", "withdrawn", "expired")


@dataclass(frozen=True)
class NewOffer:
    organisation_id: str | None
    organisation_name: str
    country_id: str | None
    themes: tuple[tuple[str, str], ...]  # (theme, sub_theme or '')
    countries: tuple[str, ...]  # ('*',) for any
    partner_kind: str  # a kind id, or 'any'
    description: str
    language: str


@dataclass(frozen=True)
class Offer:
    id: int
    organisation_id: str | None
    organisation_name: str
    country_id: str | None
    partner_kind: str
    description: str
    language: str
    status: str
    refusal_reason: str | None
    created_by: int | None
    created_at: datetime
    reviewed_at: datetime | None
    expires_at: datetime | None
    reminded_at: datetime | None
    themes: list[tuple[str, str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    authors: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class OfferFilter:
    """'' = any. A country matches offers seeking it or any country; a kind, offers seeking
    that kind or any kind."""

    theme: str = ""
    country: str = ""
    kind: str = ""

    @property
    def empty(self) -> bool:
        return not (self.theme or self.country or self.kind)


@dataclass(frozen=True)
class Interest:
    id: int
    offer_id: int
    user_id: int
    organisation_name: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class SavedSearch:
    id: int
    user_id: int
    language: str
    filter: OfferFilter
    last_announced_at: datetime | None


def _ids_sql(flt: OfferFilter, status: str = "visible") -> tuple[str, list[Any]]:
    """One SELECT of the ids of the offers in ``status`` matching ``flt``."""
    checks = ["o.status = ?"]
    params: list[Any] = [status]
    if flt.theme:
        checks.append("o.id IN (SELECT offer_id FROM exchange_offer_themes WHERE theme = ?)")
        params.append(flt.theme)
    if flt.country:  # offers from that country, and offers seeking it (or any country)
        checks.append(
            "(o.country_id = ? OR o.id IN"
            " (SELECT offer_id FROM exchange_offer_countries WHERE country IN (?, ?)))"
        )
        params += [flt.country, flt.country, ANY_COUNTRY]
    if flt.kind:
        checks.append("o.partner_kind IN (?, ?)")
        params += [flt.kind, ANY_KIND]
    return f"SELECT o.id FROM exchange_offers o WHERE {' AND '.join(checks)}", params


OFFER_COLUMNS = (
    "id, organisation_id, organisation_name, country_id, partner_kind, description, language,"
    " status, refusal_reason, created_by, created_at, reviewed_at, expires_at, reminded_at"
)


class ExchangeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One write statement; the number of rows it changed."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return int(cursor.rowcount)

    # -- offers ------------------------------------------------------------------------------

    async def create(
        self, offer: NewOffer, authors: Sequence[int], by: int | None, now: datetime
    ) -> int:
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO exchange_offers (organisation_id, organisation_name, country_id,"
                " partner_kind, description, language, status, created_by, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                (
                    offer.organisation_id,
                    offer.organisation_name,
                    offer.country_id,
                    offer.partner_kind,
                    offer.description,
                    offer.language,
                    by,
                    stamp,
                    stamp,
                ),
            )
            offer_id = int(cursor.lastrowid or 0)
            await conn.executemany(
                "INSERT INTO exchange_offer_themes (offer_id, theme, sub_theme) VALUES (?, ?, ?)",
                [(offer_id, t, s) for t, s in offer.themes],
            )
            await conn.executemany(
                "INSERT INTO exchange_offer_countries (offer_id, country) VALUES (?, ?)",
                [(offer_id, c) for c in offer.countries],
            )
            await conn.executemany(
                "INSERT OR IGNORE INTO exchange_offer_authors (offer_id, user_id) VALUES (?, ?)",
                [(offer_id, a) for a in authors],
            )
        return offer_id

    async def insert_many(self, offers: Sequence[tuple[NewOffer, str]], now: datetime) -> None:
        """Offers in a given status at once (benchmarks, tests)."""
        for offer, status in offers:
            offer_id = await self.create(offer, [], None, now)
            await self.set_status(offer_id, status, now)

    async def _details(self, rows: Sequence[Any]) -> list[Offer]:
        if not rows:
            return []
        ids = [int(r["id"]) for r in rows]
        marks = ",".join("?" * len(ids))
        themes: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
        countries: dict[int, list[str]] = {i: [] for i in ids}
        authors: dict[int, list[int]] = {i: [] for i in ids}
        for r in await self.db.fetchall(
            f"SELECT offer_id, theme, sub_theme FROM exchange_offer_themes"
            f" WHERE offer_id IN ({marks}) ORDER BY rowid",
            ids,
        ):
            themes[int(r[0])].append((str(r[1]), str(r[2])))
        for r in await self.db.fetchall(
            f"SELECT offer_id, country FROM exchange_offer_countries WHERE offer_id IN ({marks})"
            " ORDER BY rowid",
            ids,
        ):
            countries[int(r[0])].append(str(r[1]))
        for r in await self.db.fetchall(
            f"SELECT offer_id, user_id FROM exchange_offer_authors WHERE offer_id IN ({marks})"
            " ORDER BY user_id",
            ids,
        ):
            authors[int(r[0])].append(int(r[1]))
        return [
            Offer(
                id=int(r["id"]),
                organisation_id=r["organisation_id"],
                organisation_name=str(r["organisation_name"]),
                country_id=r["country_id"],
                partner_kind=str(r["partner_kind"]),
                description=str(r["description"]),
                language=str(r["language"]),
                status=str(r["status"]),
                refusal_reason=r["refusal_reason"],
                created_by=r["created_by"],
                created_at=from_iso(str(r["created_at"])),
                reviewed_at=instant_or_none(r["reviewed_at"]),
                expires_at=instant_or_none(r["expires_at"]),
                reminded_at=instant_or_none(r["reminded_at"]),
                themes=themes[int(r["id"])],
                countries=countries[int(r["id"])],
                authors=authors[int(r["id"])],
            )
            for r in rows
        ]

    async def get(self, offer_id: int) -> Offer | None:
        rows = await self.db.fetchall(
            f"SELECT {OFFER_COLUMNS} FROM exchange_offers WHERE id = ?", (offer_id,)
        )
        found = await self._details(rows)
        return found[0] if found else None

    async def with_status(self, status: str) -> list[Offer]:
        rows = await self.db.fetchall(
            f"SELECT {OFFER_COLUMNS} FROM exchange_offers WHERE status = ? ORDER BY id", (status,)
        )
        return await self._details(rows)

    async def of_author(self, user_id: int, organisation_id: str | None) -> list[Offer]:
        """The offers a person wrote, and their organisation's (``organisation_id``)."""
        rows = await self.db.fetchall(
            f"SELECT {OFFER_COLUMNS} FROM exchange_offers WHERE id IN"
            " (SELECT offer_id FROM exchange_offer_authors WHERE user_id = ?)"
            " OR organisation_id = ? ORDER BY id DESC",
            (user_id, organisation_id),
        )
        return await self._details(rows)

    async def count_visible(self, flt: OfferFilter) -> int:
        sql, params = _ids_sql(flt)
        return int(await self.db.fetchval(f"SELECT count(*) FROM ({sql})", params) or 0)

    async def visible(self, flt: OfferFilter, *, offset: int = 0, limit: int = 5) -> list[Offer]:
        sql, params = _ids_sql(flt)
        rows = await self.db.fetchall(
            f"SELECT {OFFER_COLUMNS} FROM exchange_offers WHERE id IN ({sql})"
            " ORDER BY reviewed_at DESC, id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return await self._details(rows)

    async def set_status(
        self,
        offer_id: int,
        status: str,
        now: datetime,
        *,
        by: int | None = None,
        reason: str | None = None,
        expires_at: datetime | None = None,
        only_from: Sequence[str] = STATUSES,
    ) -> bool:
        """Move an offer to ``status`` if it is in one of ``only_from``; True if it moved."""
        marks = ",".join("?" * len(only_from))
        review = status in ("visible", "refused") and by is not None
        count = await self._count(
            "UPDATE exchange_offers SET status = ?, updated_at = ?,"
            " refusal_reason = coalesce(?, refusal_reason),"
            " expires_at = coalesce(?, expires_at),"
            " reminded_at = CASE WHEN ? IS NOT NULL THEN NULL ELSE reminded_at END,"
            " reviewed_by = CASE WHEN ? THEN ? ELSE reviewed_by END,"
            " reviewed_at = CASE WHEN ? THEN ? ELSE reviewed_at END"
            f" WHERE id = ? AND status IN ({marks})",
            (
                status,
                to_iso(now),
                reason,
                to_iso(expires_at) if expires_at else None,
                to_iso(expires_at) if expires_at else None,
                review,
                by,
                review,
                to_iso(now),
                offer_id,
                *only_from,
            ),
        )
        return count > 0

    async def mark_reminded(self, offer_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE exchange_offers SET reminded_at = ? WHERE id = ?", (to_iso(now), offer_id)
        )

    async def add_author(self, offer_id: int, user_id: int) -> None:
        await self.db.execute(
            "INSERT OR IGNORE INTO exchange_offer_authors (offer_id, user_id) VALUES (?, ?)",
            (offer_id, user_id),
        )

    async def authored(self, user_id: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT offer_id FROM exchange_offer_authors WHERE user_id = ? ORDER BY offer_id",
            (user_id,),
        )
        return [int(r[0]) for r in rows]

    async def remove_author(self, user_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM exchange_offer_authors WHERE user_id = ?", (user_id,))
            await conn.execute(
                "UPDATE exchange_offers SET created_by = NULL WHERE created_by = ?", (user_id,)
            )
            await conn.execute(
                "UPDATE exchange_offers SET reviewed_by = NULL WHERE reviewed_by = ?", (user_id,)
            )

    # -- interests ---------------------------------------------------------------------------

    async def add_interest(
        self, offer_id: int, user_id: int, organisation_name: str, now: datetime
    ) -> int | None:
        """A new interest (None if this person already showed interest in this offer)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO exchange_interests (offer_id, user_id, organisation_name,"
                " status, created_at) VALUES (?, ?, ?, 'asked', ?)",
                (offer_id, user_id, organisation_name, to_iso(now)),
            )
            return int(cursor.lastrowid or 0) if cursor.rowcount else None

    async def interest(self, interest_id: int) -> Interest | None:
        row = await self.db.fetchone(
            "SELECT id, offer_id, user_id, organisation_name, status, created_at"
            " FROM exchange_interests WHERE id = ?",
            (interest_id,),
        )
        if row is None:
            return None
        return Interest(
            int(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]), from_iso(str(row[5]))
        )

    async def answer_interest(self, interest_id: int, status: str, by: int, now: datetime) -> bool:
        count = await self._count(
            "UPDATE exchange_interests SET status = ?, answered_by = ?, answered_at = ?"
            " WHERE id = ? AND status = 'asked'",
            (status, by, to_iso(now), interest_id),
        )
        return count > 0

    # -- saved searches ----------------------------------------------------------------------

    async def save_search(
        self, user_id: int, language: str, flt: OfferFilter, now: datetime
    ) -> tuple[int, bool]:
        """(id, True if new). Offers visible now are not announced later: marked announced."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO exchange_saved_searches (user_id, language, theme,"
                " country, partner_kind, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, language, flt.theme, flt.country, flt.kind, to_iso(now)),
            )
            created = bool(cursor.rowcount)
            async with conn.execute(
                "SELECT id FROM exchange_saved_searches WHERE user_id = ? AND theme = ?"
                " AND country = ? AND partner_kind = ?",
                (user_id, flt.theme, flt.country, flt.kind),
            ) as cur:
                row = await cur.fetchone()
            assert row is not None
            search_id = int(row[0])
            if created:
                sql, params = _ids_sql(flt)
                await conn.execute(
                    "INSERT OR IGNORE INTO exchange_announced (search_id, offer_id)"
                    f" SELECT ?, id FROM ({sql})",
                    [search_id, *params],
                )
        return search_id, created

    async def delete_searches(self, user_id: int) -> int:
        return await self._count(
            "DELETE FROM exchange_saved_searches WHERE user_id = ?", (user_id,)
        )

    async def searches(self, user_id: int | None = None) -> list[SavedSearch]:
        sql = (
            "SELECT id, user_id, language, theme, country, partner_kind, last_announced_at"
            " FROM exchange_saved_searches"
        )
        params: tuple[Any, ...] = ()
        if user_id is not None:
            sql += " WHERE user_id = ?"
            params = (user_id,)
        rows = await self.db.fetchall(sql + " ORDER BY id", params)
        return [
            SavedSearch(
                int(r[0]),
                int(r[1]),
                str(r[2]),
                OfferFilter(str(r[3]), str(r[4]), str(r[5])),
                instant_or_none(r[6]),
            )
            for r in rows
        ]

    async def unannounced(self, search: SavedSearch) -> list[Offer]:
        sql, params = _ids_sql(search.filter)
        rows = await self.db.fetchall(
            f"SELECT {OFFER_COLUMNS} FROM exchange_offers WHERE id IN ({sql})"
            " AND id NOT IN (SELECT offer_id FROM exchange_announced WHERE search_id = ?)"
            " ORDER BY id",
            [*params, search.id],
        )
        return await self._details(rows)

    async def mark_announced(self, search_id: int, offer_ids: Sequence[int], now: datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO exchange_announced (search_id, offer_id) VALUES (?, ?)",
                [(search_id, o) for o in offer_ids],
            )
            await conn.execute(
                "UPDATE exchange_saved_searches SET last_announced_at = ? WHERE id = ?",
                (to_iso(now), search_id),
            )

    # -- personal data -----------------------------------------------------------------------

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        authored = await self.authored(user_id)
        interests = await self.db.fetchall(
            "SELECT offer_id, status, created_at FROM exchange_interests WHERE user_id = ?",
            (user_id,),
        )
        searches = await self.searches(user_id)
        if not (authored or interests or searches):
            return None
        return {
            "offers_authored": authored,
            "interests": [
                {"offer": int(r[0]), "status": str(r[1]), "at": str(r[2])} for r in interests
            ],
            "saved_searches": [
                {"theme": s.filter.theme, "country": s.filter.country, "kind": s.filter.kind}
                for s in searches
            ],
        }

    async def forget_interests(self, user_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM exchange_interests WHERE user_id = ?", (user_id,))
            await conn.execute(
                "UPDATE exchange_interests SET answered_by = NULL WHERE answered_by = ?",
                (user_id,),
            )
            await conn.execute("DELETE FROM exchange_saved_searches WHERE user_id = ?", (user_id,))
