"""The engine's vocabulary, read once from ``data/vocabulary/*.toml`` and validated.

* ``cues.toml``: the cue groups (words and phrases saying what a question asks);
* ``live.toml``: the words of questions about the live data (events, polls, RSVPs);
* ``attributes.toml``: the attributes a question asks for (a city, an amount, a link...);
* ``words.toml``: named word lists, kinds of organisation, number words, ordinals, elisions;
* ``places.toml``: short forms of countries the data and the CLDR do not list;
* ``grammar.toml``: the exceptions of French prepositions and articles before names;
* ``language.toml``: the words whose vote tells French from English.

A coordinator extends these files; the engine reads them at start. Names of projects,
organisations and countries come from the records themselves (``data/*.toml``), never from
here or from the code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Vocabulary", "vocabulary", "vocabulary_dir"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CueGroup(_Strict):
    words: str = ""
    phrases: tuple[str, ...] = ()
    # the group is also triggered by a word of the group named by ``of`` right after one of
    # these words ("quelles collectivités": [members] asked by "quelles")
    asked_by: str = ""
    of: str = ""


class ShortForm(_Strict):
    means: str
    before: tuple[str, ...] = Field(min_length=1)


class OrgNames(_Strict):
    heads: tuple[str, ...]
    tails: tuple[str, ...]


class Elision(_Strict):
    articles: tuple[str, ...]
    short_words: tuple[str, ...]


class Words(_Strict):
    lists: dict[str, str]
    synonyms: dict[str, str] = Field(default_factory=dict)
    kinds: dict[str, str]
    kind_expand: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    kind_phrases: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    org_names: OrgNames
    elision: Elision
    short_forms: dict[str, ShortForm] = Field(default_factory=dict)
    numbers: dict[str, int]
    ordinals: dict[str, int]

    @field_validator("kind_expand", "kind_phrases")
    @classmethod
    def _known_kinds(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        from bot.knowledge.models import ORG_KIND_LABELS

        for kind in value:
            if kind not in ORG_KIND_LABELS:
                raise ValueError(f"unknown kind of organisation: {kind!r}")
        return value


class Region(_Strict):
    """A part of the world named instead of its countries ("Afrique de l'Ouest")."""

    name: dict[str, str]  # how an answer names it, by language
    where: dict[str, str]  # "en Afrique", "in Africa"
    spellings: tuple[str, ...] = Field(min_length=1)
    demonyms: tuple[str, ...] = ()
    countries: str  # ISO codes, separated by spaces

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.countries.lower().split())


class Places(_Strict):
    country_aliases: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    cities: dict[str, str] = Field(default_factory=dict)  # city -> ISO country code
    regions: tuple[Region, ...] = ()


class FrenchCountries(_Strict):
    bare: str
    masculine_e: str
    plural: str


class EnglishCountries(_Strict):
    the: str


class FrenchHeads(_Strict):
    feminine: str
    masculine: str
    plural: str


class Grammar(_Strict):
    french_countries: FrenchCountries
    english_countries: EnglishCountries
    french_heads: FrenchHeads


class LanguageWords(_Strict):
    words: str
    weights: dict[str, float] = Field(default_factory=dict)


class Neutral(_Strict):
    words: str


class Language(_Strict):
    french: LanguageWords
    english: LanguageWords
    neutral: Neutral


class AttributeSpec(_Strict):
    fr: str = ""
    en: str = ""
    phrases: tuple[str, ...] = ()
    needs: str = ""
    unless: str = ""  # words that say the row asks for something else
    raw: str = ""
    reports: str = ""  # the attribute this row asks for, when not its own name


class Live(_Strict):
    cues: dict[str, tuple[str, ...]]
    kinds: dict[str, tuple[str, ...]]


class Vocabulary(_Strict):
    cues: dict[str, CueGroup]
    live: Live
    attributes: dict[str, AttributeSpec]
    language: Language
    words: Words
    places: Places
    grammar: Grammar

    def word_list(self, name: str) -> str:
        """A named list of ``words.toml`` (``KeyError`` names the missing list)."""
        try:
            return self.words.lists[name]
        except KeyError:
            raise KeyError(f"data/vocabulary/words.toml: no list {name!r}") from None


def vocabulary_dir() -> Path:
    """``data/vocabulary`` when running from source, else the package data's copy."""
    source = Path(__file__).resolve().parents[2] / "data" / "vocabulary"
    if source.is_dir():
        return source
    return Path(str(resources.files("bot.data").joinpath("vocabulary")))


@cache
def vocabulary(folder: Path | None = None) -> Vocabulary:
    """The vocabulary of ``folder`` (``data/vocabulary`` by default), read once."""
    folder = folder or vocabulary_dir()
    data = {
        part: tomllib.loads((folder / f"{part}.toml").read_text(encoding="utf-8"))
        for part in ("cues", "live", "attributes", "language", "words", "places", "grammar")
    }
    return Vocabulary.model_validate(data)
