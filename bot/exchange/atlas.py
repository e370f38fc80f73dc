"""The Atlas of decentralised cooperation as data: importing it, searching it.

``coopbot atlas import FILE.csv`` and the bot read the same tables (migration 0013). An import
is one transaction: a malformed file (:class:`~bot.exchange.atlas_csv.FileRefused`) changes
nothing; rows with a bad value are reported (line, column, value) and left out; a second
import of the same file changes nothing (rows are compared by the hash of their content).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.exchange.atlas_csv import Problem, parse
from bot.exchange.themes import Countries, Vocabulary, countries_of, vocabulary
from bot.knowledge.textnorm import normalize
from bot.names import Knowledge
from bot.storage.atlas import AtlasQuery, AtlasRepository, ImportCounts, PartnershipLine

PAGE = 5
MAX_NAME_WORDS = 8
# Words before a French local government's own name, dropped to find it by that name alone.
NAME_PREFIXES = (
    "region",
    "departement",
    "departement de",
    "departement du",
    "ville de",
    "commune de",
    "communaute d agglomeration de",
    "communaute de communes de",
    "metropole de",
    "conseil regional",
    "conseil departemental",
)
FOREIGN_PREFIXES = (
    "commune de",
    "commune urbaine de",
    "ville de",
    "region de",
    "conseil regional de",
    "municipalite de",
    "district de",
)


def _short(key: str) -> list[str]:
    """A foreign partner's name without "Commune de", "Région de"..."""
    for prefix in FOREIGN_PREFIXES:
        if key.startswith(prefix + " "):
            return [key[len(prefix) + 1 :]]
    return []


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
        knowledge: Knowledge,
        clock: Clock,
        words: Vocabulary | None = None,
    ) -> None:
        self.repo = repo
        self.knowledge = knowledge
        self.clock = clock
        self.words = words or vocabulary()
        self._names: dict[str, str] | None = None  # folded name (and short form) -> name key
        self._display: dict[str, str] = {}  # name key -> the name as imported
        self._foreign: set[str] | None = None  # folded names of the foreign partners

    @property
    def countries(self) -> Countries:
        return countries_of(self.knowledge.kb)

    async def import_csv(self, data: bytes) -> ImportReport:
        """Import a whole file (raises ``FileRefused`` on a malformed one, nothing written)."""
        parsed = parse(data, self.words, self.countries)
        counts = await self.repo.import_rows(parsed.rows, self.clock.now())
        self._names, self._foreign = None, None
        return ImportReport(counts, parsed.rejected)

    async def search(self, query: AtlasQuery, page: int = 1, *, size: int = PAGE) -> SearchPage:
        total = await self.repo.count(query)
        pages = max(1, -(-total // size))
        page = min(max(1, page), pages)
        lines = await self.repo.page(query, offset=(page - 1) * size, limit=size)
        return SearchPage(query, total, page, pages, lines)

    async def count(self, query: AtlasQuery) -> int:
        return await self.repo.count(query)

    async def french_names_in(self, text: str) -> list[str]:
        """The French local governments of the Atlas named in ``text`` (their folded names),
        by their whole name ("Région Bretagne") or without its kind ("Bretagne")."""
        if self._names is None:
            names: dict[str, str] = {}
            found_names = await self.repo.french_names()
            for key, name in found_names:  # whole names first: "Dijon" is the city's
                names[key] = key
                self._display[key] = name
            for key, _ in found_names:
                for prefix in NAME_PREFIXES:  # "Bretagne", not "Sud" (a word of other names)
                    if key.startswith(prefix + " ") and len(key) >= len(prefix) + 6:
                        names.setdefault(key[len(prefix) + 1 :], key)
            for country in self.countries.kb.countries.values():  # "France" is not a partner
                for name in (country.name.fr, country.name.en, *country.aliases):
                    names.pop(normalize(name), None)
            self._names = names
        tokens = normalize(text).split()
        found: list[str] = []
        start = 0
        while start < len(tokens):
            for size in range(min(MAX_NAME_WORDS, len(tokens) - start), 0, -1):
                hit = self._names.get(" ".join(tokens[start : start + size]))
                if hit is not None:
                    if hit not in found:
                        found.append(hit)
                    start += size
                    break
            else:
                start += 1
        return found

    async def names_a_foreign_partner(self, text: str) -> bool:
        """Whether ``text`` names a foreign partner of the Atlas ("Chefchaouen")."""
        if self._foreign is None:
            self._foreign = {
                key
                for name in await self.repo.foreign_names()
                for key in {normalize(name), *_short(normalize(name))}
                if key and len(key) >= 5
            }
            for country in self.countries.kb.countries.values():
                for name in (country.name.fr, country.name.en, *country.aliases):
                    self._foreign.discard(normalize(name))
        tokens = normalize(text).split()
        return any(
            " ".join(tokens[i : i + n]) in self._foreign
            for n in range(1, MAX_NAME_WORDS + 1)
            for i in range(len(tokens) - n + 1)
        )

    def french_name(self, key: str) -> str:
        """The name as imported of a French local government found by :meth:`french_names_in`."""
        return self._display.get(key, key)

    async def is_empty(self) -> bool:
        return (await self.repo.totals())[0] == 0

    # -- figures over the matches of a query (the free-text answers, bot/exchange/answers.py)

    async def funders(
        self, query: AtlasQuery, *, year: int | None = None, limit: int = 10
    ) -> list[tuple[str, int]]:
        """Funders' totals (euros) over the matches, largest first; ``year``: that year's."""
        return await self.repo.funders(query, year=year, limit=limit)

    async def by_country(self, query: AtlasQuery, *, limit: int = 10) -> list[tuple[str, int]]:
        return await self.repo.by_country(query, limit=limit)

    async def by_theme(self, query: AtlasQuery, *, limit: int = 10) -> list[tuple[str, int]]:
        return await self.repo.by_theme(query, limit=limit)

    async def by_year(self, query: AtlasQuery) -> list[tuple[int, int]]:
        return await self.repo.by_year(query)

    async def french_governments(
        self, query: AtlasQuery, *, limit: int = 10
    ) -> list[tuple[str, str, int]]:
        """(name, kind, partnerships) of the French local governments in the matches."""
        return await self.repo.french_governments(query, limit=limit)

    async def distinct_french(self, query: AtlasQuery) -> int:
        return await self.repo.distinct_french(query)
