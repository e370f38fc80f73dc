"""The words of the exchange: Atlas themes and sub-themes, kinds of local government, and
countries (from the knowledge base), each found in a filter or a question.

Themes and kinds come from ``themes.toml`` beside this module; countries from
``data/countries.toml`` (names, aliases, demonyms): no country is named in code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from bot.knowledge.models import KnowledgeBase
from bot.textfold import normalize

ANY = ""
HOME = "fr"  # the country of the French local governments (an id of data/countries.toml)


@dataclass(frozen=True)
class Named:
    id: str
    fr: str
    en: str
    keywords: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Theme(Named):
    sub_themes: tuple[Named, ...] = ()


@dataclass(frozen=True)
class Kind(Named):
    plural_fr: str = ""
    plural_en: str = ""

    def plural(self, lang: str) -> str:
        return self.plural_en if lang == "en" else self.plural_fr


@dataclass(frozen=True)
class Region(Named):
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    """What was recognised in a text, with the spans it used (to tell what is left)."""

    id: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return normalize(name)


def _keys(*names: str) -> list[str]:
    return [k for k in (_key(n) for n in names) if k]


@dataclass
class Vocabulary:
    themes: list[Theme]
    kinds: list[Kind]
    statuses: list[str]
    forms: list[str]
    regions: list[Region] = field(default_factory=list)
    _theme_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    _kind_keys: dict[str, str] = field(default_factory=dict)
    _theme_exact: dict[str, tuple[str, str]] = field(default_factory=dict)
    _kind_exact: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for theme in self.themes:
            for key in _keys(theme.id, theme.fr, theme.en):
                self._theme_exact.setdefault(key, (theme.id, ANY))
        for theme in self.themes:
            for sub in theme.sub_themes:
                for key in _keys(sub.id, sub.fr, sub.en):
                    self._theme_exact.setdefault(key, (theme.id, sub.id))
        for kind in self.kinds:
            for key in _keys(kind.id, kind.fr, kind.en):
                self._kind_exact.setdefault(key, kind.id)
        for theme in self.themes:  # a word of a sub-theme names it rather than its theme
            for sub in theme.sub_themes:
                for key in _keys(sub.id, sub.fr, sub.en, *sub.keywords):
                    self._theme_keys.setdefault(key, (theme.id, sub.id))
        for theme in self.themes:
            for key in _keys(theme.id, theme.fr, theme.en, *theme.keywords):
                self._theme_keys.setdefault(key, (theme.id, ANY))
        for kind in self.kinds:
            for key in _keys(
                kind.id, kind.fr, kind.en, kind.plural_fr, kind.plural_en, *kind.keywords
            ):
                self._kind_keys.setdefault(key, kind.id)

    # -- lookups by id ---------------------------------------------------------------------

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def sub_theme(self, theme_id: str, sub_id: str) -> Named | None:
        theme = self.theme(theme_id)
        if theme is None:
            return None
        return next((s for s in theme.sub_themes if s.id == sub_id), None)

    def kind(self, kind_id: str) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def theme_label(self, theme_id: str, sub_id: str, lang: str) -> str:
        sub = self.sub_theme(theme_id, sub_id) if sub_id else None
        if sub is not None:
            return sub.name(lang)
        theme = self.theme(theme_id)
        return theme.name(lang) if theme else theme_id

    # -- exact values (CSV cells, buttons) -------------------------------------------------

    def theme_exactly(self, value: str) -> tuple[str, str] | None:
        """``(theme, sub_theme)`` named exactly (id or name) by ``value`` (sub-theme '' if none)."""
        return self._theme_exact.get(_key(value))

    def kind_exactly(self, value: str) -> str | None:
        return self._kind_exact.get(_key(value))

    def status_exactly(self, value: str) -> str | None:
        key = _key(value)
        return next((s for s in self.statuses if _key(s) == key), None)

    def form_exactly(self, value: str) -> str | None:
        key = _key(value)
        return next((f for f in self.forms if _key(f) == key), None)

    # -- words in free text ----------------------------------------------------------------

    def find_themes(self, text: str) -> list[tuple[str, str]]:
        """Themes (and sub-themes) named in ``text``, in order, each once (a theme named
        with one of its sub-themes: the sub-theme)."""
        found: list[tuple[str, str]] = []
        for f in find_words(normalize(text), self._theme_keys):
            theme, sub = self._theme_keys[f.id]
            if (theme, sub) in found or (not sub and any(t == theme for t, _ in found)):
                continue
            if sub and (theme, ANY) in found:
                found[found.index((theme, ANY))] = (theme, sub)
                continue
            found.append((theme, sub))
        return found

    def find_regions(self, text: str) -> list[Region]:
        """World regions named in ``text`` ("Afrique de l'Ouest"), in order."""
        keys = {k: r for r in self.regions for k in _keys(r.fr, r.en, *r.keywords)}
        return [keys[f.id] for f in find_words(normalize(text), keys)]

    def find_kinds(self, text: str, *, plural: bool = False) -> list[str]:
        """Kinds of local government named in ``text``; ``plural``: only by a plural word
        ("quelles régions", not "la Région Sud", which names one)."""
        found = find_words(normalize(text), self._kind_keys)
        return [self._kind_keys[f.id] for f in found if not plural or f.id.endswith(("s", "x"))]


def find_words(folded: str, keys: Iterable[str]) -> list[Found]:
    """Keys found as whole words in ``folded`` (normalised text), longest first, no overlap."""
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    padded = f" {folded} "
    for key in sorted(keys, key=len, reverse=True):
        for match in re.finditer(rf"(?<= ){re.escape(key)}(?= )", padded):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append(Found(key, *span))
    found.sort(key=lambda f: f.start)
    return found


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The bundled vocabulary (``bot/exchange/themes.toml``)."""
    text = (resources.files("bot.exchange") / "themes.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    themes = [
        Theme(
            id=t["id"],
            fr=t["fr"],
            en=t["en"],
            keywords=tuple(t.get("keywords", ())),
            sub_themes=tuple(
                Named(s["id"], s["fr"], s["en"], tuple(s.get("keywords", ())))
                for s in t.get("sub_themes", ())
            ),
        )
        for t in data["theme"]
    ]
    kinds = [
        Kind(
            id=k["id"],
            fr=k["fr"],
            en=k["en"],
            keywords=tuple(k.get("keywords", ())),
            plural_fr=k["plural_fr"],
            plural_en=k["plural_en"],
        )
        for k in data["kind"]
    ]
    regions = [
        Region(
            id=r["id"],
            fr=r["fr"],
            en=r["en"],
            keywords=tuple(r.get("keywords", ())),
            countries=tuple(r["countries"]),
        )
        for r in data.get("region", ())
    ]
    return Vocabulary(themes, kinds, list(data["statuses"]), list(data["forms"]), regions)


class Countries:
    """The countries of the knowledge base, found by name, alias or demonym."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._keys: dict[str, str] = {}
        for country in kb.countries.values():
            names = [country.name.fr, country.name.en, *country.aliases]
            names += [*country.demonyms.fr, *country.demonyms.en]
            for key in _keys(*names):
                self._keys.setdefault(key, country.id)

    def name(self, country_id: str, lang: str) -> str:
        country = self.kb.countries.get(country_id)
        if country is None:
            return country_id.upper()
        return country.name.en if lang == "en" else country.name.fr

    def ids(self) -> list[str]:
        return sorted(self.kb.countries)

    def exactly(self, value: str) -> str | None:
        """The country of a cell or a typed name (id, name, alias)."""
        key = _key(value)
        if key in self.kb.countries:
            return key
        return self._keys.get(key)

    def find(self, text: str) -> list[str]:
        """Countries named in ``text``, in order, each once."""
        seen: list[str] = []
        for f in find_words(normalize(text), self._keys):
            country = self._keys[f.id]
            if country not in seen:
                seen.append(country)
        return seen


_COUNTRIES: list[tuple[KnowledgeBase, Countries]] = []  # the last one built


def countries_of(kb: KnowledgeBase) -> Countries:
    """The countries of ``kb``, built once for each knowledge base (reloading makes a new one)."""
    if not _COUNTRIES or _COUNTRIES[0][0] is not kb:
        _COUNTRIES[:] = [(kb, Countries(kb))]
    return _COUNTRIES[0][1]
