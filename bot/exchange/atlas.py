"""The Atlas of decentralised cooperation as data: importing it, searching it.

``coopbot atlas import FILE.csv`` and the bot read the same tables (migration 0013). An import
is one transaction: a malformed file (:class:`~bot.exchange.atlas_csv.FileRefused`) changes
nothing; rows with a bad value are reported (line, column, value) and left out; a second
import of the same file changes nothing (rows are compared by the hash of their content).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.exchange.atlas_csv import Problem, parse
from bot.exchange.themes import Countries, Vocabulary, vocabulary
from bot.knowledge.models import KnowledgeBase
from bot.storage.atlas import AtlasQuery, AtlasRepository, ImportCounts, PartnershipLine

PAGE = 5


@dataclass(frozen=True)
class ImportReport:
    counts: ImportCounts
    rejected: list[Problem] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.counts.added + self.counts.updated + self.counts.unchanged


@dataclass(frozen=True)
class SearchPage:
    query: AtlasQuery
    total: int
    page: int
    pages: int
    lines: list[PartnershipLine]


class AtlasService:
    def __init__(
        self,
        repo: AtlasRepository,
        kb: Callable[[], KnowledgeBase],
        clock: Clock,
        words: Vocabulary | None = None,
    ) -> None:
        self.repo = repo
        self._kb = kb
        self.clock = clock
        self.words = words or vocabulary()
        self._countries: tuple[int, Countries] | None = None

    @property
    def countries(self) -> Countries:
        kb = self._kb()
        if self._countries is None or self._countries[0] != id(kb):
            self._countries = (id(kb), Countries(kb))
        return self._countries[1]

    async def import_csv(self, data: bytes) -> ImportReport:
        """Import a whole file (raises ``FileRefused`` on a malformed one, nothing written)."""
        parsed = parse(data, self.words, self.countries)
        counts = await self.repo.import_rows(parsed.rows, self.clock.now())
        return ImportReport(counts, parsed.rejected)

    async def search(self, query: AtlasQuery, page: int = 1, *, size: int = PAGE) -> SearchPage:
        total = await self.repo.count(query)
        pages = max(1, -(-total // size))
        page = min(max(1, page), pages)
        lines = await self.repo.page(query, offset=(page - 1) * size, limit=size)
        return SearchPage(query, total, page, pages, lines)

    async def count(self, query: AtlasQuery) -> int:
        return await self.repo.count(query)

    async def is_empty(self) -> bool:
        return (await self.repo.totals())[0] == 0
