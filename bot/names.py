"""Names of the knowledge base: the one place where what people type is matched to projects,
organisations and countries, with "did you mean..." suggestions (rapidfuzz) when nothing
matches exactly; and the one interface through which services see the knowledge base.

Every service that takes a name (``/projet coper``, ``/agenda terress``, ``/rapport``, the
terminal's ``--project``, the roster import) asks :func:`names_of` ``(kb)``; the finders of a
knowledge base are built once and rebuilt only when the knowledge is reloaded.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from rapidfuzz import fuzz, process

from bot.knowledge.models import Country, KnowledgeBase, Organisation, Project, Record
from bot.textfold import compact, normalize

R = TypeVar("R", bound=Record)

SCORE_CUTOFF = 72
CLOSE_WORD = 0.75  # how alike a typo and a command or sub-command word must be (difflib ratio)


class Knowledge(Protocol):
    """The knowledge base as services see it (``services.knowledge``, a
    :class:`~bot.questions.KnowledgeService`): ``kb`` is the one loaded now, read at each use
    (a reload replaces it); it raises ``RuntimeError`` while none is loaded."""

    @property
    def kb(self) -> KnowledgeBase: ...


class Loaded:
    """A :class:`Knowledge` over a knowledge base already in hand (tests, benchmarks)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb


@dataclass(frozen=True)
class Found(Generic[R]):
    """A record found from what someone typed, or suggestions (display names)."""

    record: R | None
    candidates: tuple[R, ...] = ()

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(display_name(r) for r in self.candidates)

    def labelled(self, lang: str = "fr", *, with_id: bool = False) -> list[str]:
        """Suggestions as names (``"Name (id)"`` with ``with_id``)."""
        return [
            f"{display_name(r, lang)} ({r.id})" if with_id else display_name(r, lang)
            for r in self.candidates
        ]


def display_name(record: Record, lang: str = "fr") -> str:
    if isinstance(record, Project):
        return record.short_name
    if isinstance(record, Country):
        return record.name.get(lang)
    if isinstance(record, Organisation):
        return organisation_name(record, lang)
    names = record.names()
    return names[0] if names else record.id


def organisation_name(org: Organisation, lang: str) -> str:
    return org.name_en if lang == "en" and org.name_en else org.name


def closest_word(typed: str, words: Iterable[str], cutoff: float = CLOSE_WORD) -> str | None:
    """The word of ``words`` that ``typed`` most likely misspells (``sondge`` -> ``sondage``,
    ``modifer`` -> ``modifier``, ``atente`` -> ``attente``), or None: the one "did you mean"
    of commands and sub-commands (names of the knowledge base have :class:`Finder`). Compared
    folded (case, accents, ``_``)."""
    key = normalize(typed)
    if not key:
        return None
    folded: dict[str, str] = {}
    for word in words:
        folded.setdefault(normalize(word), word)
    folded.pop("", None)
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


class Finder(Generic[R]):
    """Exact (folded) then fuzzy matching of names to records of one kind."""

    def __init__(self, records: Iterable[R], names: Callable[[R], Iterable[str]]) -> None:
        self._records: dict[str, R] = {}
        self._index: dict[str, list[R]] = {}
        for record in records:
            self._records[record.id] = record
            for name in [record.id, *names(record)]:
                for key in {normalize(name), compact(name)}:
                    if key:
                        bucket = self._index.setdefault(key, [])
                        if record not in bucket:
                            bucket.append(record)
        self._choices = sorted(self._index)

    def find(self, text: str) -> Found[R]:
        """The record named (by id, name or alias, folded), else the closest ones."""
        text = text.strip()
        if not text:
            return Found(None)
        if text in self._records:
            return Found(self._records[text])
        for key in (normalize(text), compact(text)):
            hits = self._index.get(key)
            if hits and len(hits) == 1:
                return Found(hits[0])
            if hits:
                return Found(None, tuple(hits[:5]))
        return Found(None, tuple(self.suggest(text)))

    def get(self, text: str) -> R | None:
        """The record named, or None (no guessing)."""
        return self.find(text).record

    def suggest(self, text: str, limit: int = 3) -> list[R]:
        key = normalize(text)
        if not key:
            return []
        found = process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=SCORE_CUTOFF
        )
        records: list[R] = []
        for choice, _, _ in found:
            for record in self._index[choice]:
                if record not in records:
                    records.append(record)
        return records[:limit]


class Names:
    """Finders for projects, organisations and countries of one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.projects: Finder[Project] = Finder(kb.projects.values(), lambda p: p.names())
        self.organisations: Finder[Organisation] = Finder(
            kb.organisations.values(), lambda o: o.names()
        )
        self.countries: Finder[Country] = Finder(kb.countries.values(), lambda c: c.all_names())

    def project_and_country(self, text: str) -> tuple[Found[Project], Found[Country]]:
        """``/focalpoints [project] [country]``: both optional, in either order, names of
        several words allowed ("Terr'ESS Côte d'Ivoire")."""
        words = text.split()
        if not words:
            return Found(None), Found(None)
        whole_project = self.projects.find(text)
        if whole_project.record is not None:
            return whole_project, Found(None)
        whole_country = self.countries.find(text)
        if whole_country.record is not None:
            return Found(None), whole_country
        for cut in range(1, len(words)):
            left, right = " ".join(words[:cut]), " ".join(words[cut:])
            for first, second in ((left, right), (right, left)):
                project = self.projects.find(first)
                country = self.countries.find(second)
                if project.record is not None and country.record is not None:
                    return project, country
        # Nothing fits: report what the first word(s) could have been.
        for cut in range(len(words), 0, -1):
            head = " ".join(words[:cut])
            project = self.projects.find(head)
            if project.record is not None:
                return project, self.countries.find(" ".join(words[cut:]))
        return whole_project, whole_country


_built: list[Names] = []  # the latest knowledge bases' finders (a reload adds one)


def names_of(kb: KnowledgeBase) -> Names:
    """The finders of ``kb``, built on first use."""
    for names in _built:
        if names.kb is kb:
            return names
    names = Names(kb)
    _built.insert(0, names)
    del _built[2:]
    return names
