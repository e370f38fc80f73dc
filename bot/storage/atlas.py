"""The SQL of the Atlas tables (migration 0013): importing partnerships, searching them.

A search is a set of partnership ids: one ``SELECT partnership_id`` per filter, intersected
(``INTERSECT``), each served by its own index; counts and lists are then read over that set.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.clock import to_iso
from bot.storage.database import Database
from bot.textfold import normalize


@dataclass(frozen=True)
class AtlasRow:
    line: int
    atlas_id: str
    title: str
    french: tuple[tuple[str, str], ...]  # (name, kind)
    foreign: tuple[tuple[str, str], ...]  # (name, country)
    themes: tuple[tuple[str, str], ...]  # (theme, sub_theme), by priority
    first_signature_year: int | None
    start_year: int | None
    end_year: int | None
    status: str
    kind: str
    funding: tuple[tuple[str, int, int], ...]  # (funder, year, amount)
    row_hash: str = ""


HITS_TTL = 60.0  # seconds a search's ids are reused
HITS_KEPT = 64  # searches kept


def fold_name(name: str) -> str:
    """The searched form of a local government's or a funder's name."""
    return normalize(name)


@dataclass(frozen=True)
class AtlasQuery:
    """Filters of a search ('' or None: any). ``countries``: any of them."""

    countries: tuple[str, ...] = ()
    theme: str = ""
    sub_theme: str = ""
    french_kind: str = ""
    french_name: str = ""  # folded (fold_name)
    year: int | None = None  # active that year (start <= year <= end)

    @property
    def empty(self) -> bool:
        return not (
            self.countries
            or self.theme
            or self.sub_theme
            or self.french_kind
            or self.french_name
            or self.year
        )


@dataclass(frozen=True)
class PartnershipLine:
    id: int
    atlas_id: str
    title: str
    start_year: int | None
    end_year: int | None
    status: str
    french: list[str] = field(default_factory=list)
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (name, country)


@dataclass(frozen=True)
class ImportCounts:
    added: int
    updated: int
    unchanged: int


def _ids_sql(query: AtlasQuery) -> tuple[str, list[Any]]:
    """One SELECT of the matching partnership ids: the selective filters (countries, theme,
    a French local government's name) intersected, each by its index; then the broad ones (a
    year, a kind of local government) checked on those few rows only."""
    parts: list[str] = []
    params: list[Any] = []
    if query.countries:
        marks = ",".join("?" * len(query.countries))
        parts.append(
            f"SELECT partnership_id FROM atlas_foreign_partners WHERE country IN ({marks})"
        )
        params += query.countries
    if query.sub_theme:
        parts.append("SELECT partnership_id FROM atlas_themes WHERE sub_theme = ?")
        params.append(query.sub_theme)
    elif query.theme:
        parts.append("SELECT partnership_id FROM atlas_themes WHERE theme = ?")
        params.append(query.theme)
    if query.french_name:
        parts.append("SELECT partnership_id FROM atlas_french_partners WHERE name_key = ?")
        params.append(query.french_name)
    checks: list[str] = []
    if query.year is not None:
        checks.append("p.start_year <= ? AND (p.end_year IS NULL OR p.end_year >= ?)")
        params += [query.year, query.year]
    if query.french_kind:
        checks.append(
            "EXISTS (SELECT 1 FROM atlas_french_partners k"
            " WHERE k.kind = ? AND k.partnership_id = p.id)"
        )
        params.append(query.french_kind)
    if parts:
        checks.insert(0, f"p.id IN ({' INTERSECT '.join(parts)})")
    where = f" WHERE {' AND '.join(checks)}" if checks else ""
    return f"SELECT p.id FROM atlas_partnerships p{where}", params


def _partnership_values(r: AtlasRow) -> tuple[object, ...]:
    """A partnership's columns from ``title`` to ``row_hash``, as inserted and updated."""
    return (r.title, r.first_signature_year, r.start_year, r.end_year, r.status, r.kind, r.row_hash)


class AtlasRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._hits: dict[AtlasQuery, tuple[float, list[int]]] = {}

    # -- import ------------------------------------------------------------------------------

    async def import_rows(self, rows: Sequence[AtlasRow], now: datetime) -> ImportCounts:
        """Insert new partnerships, replace changed ones, skip identical ones: one transaction."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT atlas_id, id, row_hash FROM atlas_partnerships") as cur:
                known = {r[0]: (r[1], r[2]) for r in await cur.fetchall()}
            async with conn.execute("SELECT coalesce(max(id), 0) FROM atlas_partnerships") as cur:
                found = await cur.fetchone()
                next_id = int(found[0]) + 1 if found else 1
            new: list[tuple[int, AtlasRow]] = []
            changed: list[tuple[int, AtlasRow]] = []
            unchanged = 0
            for row in rows:
                existing = known.get(row.atlas_id)
                if existing is None:
                    new.append((next_id, row))
                    known[row.atlas_id] = (next_id, row.row_hash)
                    next_id += 1
                elif existing[1] != row.row_hash:
                    changed.append((existing[0], row))
                else:
                    unchanged += 1
            if changed:
                ids = [(pid,) for pid, _ in changed]
                for table in (
                    "atlas_french_partners",
                    "atlas_foreign_partners",
                    "atlas_themes",
                    "atlas_funding",
                ):
                    await conn.executemany(f"DELETE FROM {table} WHERE partnership_id = ?", ids)
                await conn.executemany(
                    "UPDATE atlas_partnerships SET title = ?, first_signature_year = ?,"
                    " start_year = ?, end_year = ?, status = ?, kind = ?, row_hash = ?,"
                    " imported_at = ? WHERE id = ?",
                    [(*_partnership_values(r), stamp, pid) for pid, r in changed],
                )
            await conn.executemany(
                "INSERT INTO atlas_partnerships (id, atlas_id, title, first_signature_year,"
                " start_year, end_year, status, kind, row_hash, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(pid, r.atlas_id, *_partnership_values(r), stamp) for pid, r in new],
            )
            written = new + changed
            await conn.executemany(
                "INSERT INTO atlas_french_partners (partnership_id, name, name_key, kind)"
                " VALUES (?, ?, ?, ?)",
                [(pid, n, fold_name(n), k) for pid, r in written for n, k in r.french],
            )
            await conn.executemany(
                "INSERT INTO atlas_foreign_partners (partnership_id, name, country)"
                " VALUES (?, ?, ?)",
                [(pid, n, c) for pid, r in written for n, c in r.foreign],
            )
            await conn.executemany(
                "INSERT INTO atlas_themes (partnership_id, theme, sub_theme, priority)"
                " VALUES (?, ?, ?, ?)",
                [(pid, t, s, i) for pid, r in written for i, (t, s) in enumerate(r.themes)],
            )
            await conn.executemany(
                "INSERT INTO atlas_funding (partnership_id, funder, funder_key, year, amount_eur)"
                " VALUES (?, ?, ?, ?, ?)",
                [(pid, f, fold_name(f), y, a) for pid, r in written for f, y, a in r.funding],
            )
        self.forget_searches()
        if new or changed:
            await self.db.execute("PRAGMA optimize")  # fresh statistics for the searches
        return ImportCounts(len(new), len(changed), unchanged)

    # -- reading -----------------------------------------------------------------------------

    async def _matches(self, query: AtlasQuery) -> list[int]:
        """The ids matching ``query``: one SQL search, kept a little while, so that a count,
        a page and the aggregates of one question search once (an import clears them; one by
        another process is seen within :data:`HITS_TTL` seconds)."""
        now = time.monotonic()
        found = self._hits.get(query)
        if found is not None and now - found[0] < HITS_TTL:
            return found[1]
        sql, params = _ids_sql(query)
        ids = [int(r[0]) for r in await self.db.fetchall(sql, params)]
        if len(self._hits) >= HITS_KEPT:
            self._hits.pop(next(iter(self._hits)))
        self._hits[query] = (now, ids)
        return ids

    async def _in(self, query: AtlasQuery) -> tuple[str, list[Any]]:
        """``(subquery, params)`` listing the matching ids."""
        return "SELECT value FROM json_each(?)", [json.dumps(await self._matches(query))]

    def forget_searches(self) -> None:
        """Drop the ids kept (benchmarks: each question searches afresh)."""
        self._hits.clear()

    async def count(self, query: AtlasQuery) -> int:
        return len(await self._matches(query))

    async def page(
        self, query: AtlasQuery, *, offset: int = 0, limit: int = 5
    ) -> list[PartnershipLine]:
        sql, params = await self._in(query)
        rows = await self.db.fetchall(
            "SELECT id, atlas_id, title, start_year, end_year, status FROM atlas_partnerships"
            f" WHERE id IN ({sql}) ORDER BY start_year DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        if not rows:
            return []
        ids = [int(r["id"]) for r in rows]
        marks = ",".join("?" * len(ids))
        french: dict[int, list[str]] = {i: [] for i in ids}
        for r in await self.db.fetchall(
            "SELECT partnership_id, name FROM atlas_french_partners"
            f" WHERE partnership_id IN ({marks})",
            ids,
        ):
            french[int(r[0])].append(str(r[1]))
        foreign: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
        for r in await self.db.fetchall(
            "SELECT partnership_id, name, country FROM atlas_foreign_partners"
            f" WHERE partnership_id IN ({marks})",
            ids,
        ):
            foreign[int(r[0])].append((str(r[1]), str(r[2])))
        return [
            PartnershipLine(
                id=int(r["id"]),
                atlas_id=str(r["atlas_id"]),
                title=str(r["title"]),
                start_year=r["start_year"],
                end_year=r["end_year"],
                status=str(r["status"]),
                french=french[int(r["id"])],
                foreign=foreign[int(r["id"])],
            )
            for r in rows
        ]

    async def french_governments(
        self, query: AtlasQuery, *, limit: int = 10
    ) -> list[tuple[str, str, int]]:
        """(name, kind, partnerships) of the French local governments in the matches."""
        sql, params = await self._in(query)
        kind_filter = " AND kind = ?" if query.french_kind else ""
        extra = [query.french_kind] if query.french_kind else []
        rows = await self.db.fetchall(
            "SELECT min(name), min(kind), count(DISTINCT partnership_id) AS n"
            f" FROM atlas_french_partners WHERE partnership_id IN ({sql}){kind_filter}"
            " GROUP BY name_key ORDER BY n DESC, min(name) LIMIT ?",
            [*params, *extra, limit],
        )
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def distinct_french(self, query: AtlasQuery) -> int:
        sql, params = await self._in(query)
        kind_filter = " AND kind = ?" if query.french_kind else ""
        extra = [query.french_kind] if query.french_kind else []
        return int(
            await self.db.fetchval(
                "SELECT count(DISTINCT name_key) FROM atlas_french_partners"
                f" WHERE partnership_id IN ({sql}){kind_filter}",
                [*params, *extra],
            )
            or 0
        )

    async def by_country(self, query: AtlasQuery, *, limit: int = 10) -> list[tuple[str, int]]:
        sql, params = await self._in(query)
        rows = await self.db.fetchall(
            "SELECT country, count(DISTINCT partnership_id) AS n FROM atlas_foreign_partners"
            f" WHERE partnership_id IN ({sql}) GROUP BY country ORDER BY n DESC, country LIMIT ?",
            [*params, limit],
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    async def by_theme(self, query: AtlasQuery, *, limit: int = 10) -> list[tuple[str, int]]:
        sql, params = await self._in(query)
        rows = await self.db.fetchall(
            "SELECT theme, count(DISTINCT partnership_id) AS n FROM atlas_themes"
            f" WHERE partnership_id IN ({sql}) GROUP BY theme ORDER BY n DESC, theme LIMIT ?",
            [*params, limit],
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    async def by_year(self, query: AtlasQuery) -> list[tuple[int, int]]:
        sql, params = await self._in(query)
        rows = await self.db.fetchall(
            "SELECT start_year, count(*) FROM atlas_partnerships"
            f" WHERE id IN ({sql}) AND start_year IS NOT NULL GROUP BY start_year"
            " ORDER BY start_year",
            params,
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def funders(
        self, query: AtlasQuery, *, year: int | None = None, limit: int = 10
    ) -> list[tuple[str, int]]:
        """Funders' totals (euros) over the matches, largest first; ``year``: that year's lines."""
        sql, params = await self._in(query)
        year_filter = " AND year = ?" if year is not None else ""
        extra = [year] if year is not None else []
        rows = await self.db.fetchall(
            "SELECT min(funder), sum(amount_eur) AS total FROM atlas_funding"
            f" WHERE partnership_id IN ({sql}){year_filter}"
            " GROUP BY funder_key ORDER BY total DESC, min(funder) LIMIT ?",
            [*params, *extra, limit],
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    async def totals(self) -> tuple[int, int]:
        """(partnerships, funding lines) stored."""
        row = await self.db.fetchone(
            "SELECT (SELECT count(*) FROM atlas_partnerships), (SELECT count(*) FROM atlas_funding)"
        )
        assert row is not None
        return int(row[0]), int(row[1])

    async def french_names(self) -> list[tuple[str, str]]:
        """(folded name, name) of every French local government of the Atlas."""
        rows = await self.db.fetchall(
            "SELECT name_key, min(name) FROM atlas_french_partners GROUP BY name_key"
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    async def foreign_names(self) -> list[str]:
        rows = await self.db.fetchall("SELECT DISTINCT name FROM atlas_foreign_partners")
        return [str(r[0]) for r in rows]

    async def snapshot(self) -> list[tuple[str, str]]:
        """(atlas_id, row_hash) of every partnership: what an import may change."""
        rows = await self.db.fetchall(
            "SELECT atlas_id, row_hash FROM atlas_partnerships ORDER BY atlas_id"
        )
        return [(str(r[0]), str(r[1])) for r in rows]
