"""Free-text questions about the partnership exchange and the Atlas.

    await services.exchange_answers.answer("qui cherche un partenaire sur l'eau ?", "fr")

returns the reply (Telegram HTML) when the question is clearly one for the exchange (someone
*looking for* a partner: offers) or for the Atlas (who *already works* with whom: counts and
lists by country, theme, French local government, year, funders' totals), else ``None`` and
the question goes on to the other answerers. The words are data (``questions.toml``,
``themes.toml``, ``data/countries.toml``).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.exchange.atlas import AtlasService
from bot.exchange.offers import OffersService
from bot.exchange.themes import HOME, find_words
from bot.i18n import Catalogue, Safe
from bot.knowledge.lexicon import english_country_class, french_country_class
from bot.knowledge.textnorm import normalize
from bot.storage.atlas import AtlasQuery

YEAR = re.compile(r"\b(19[5-9]\d|20\d\d|2100)\b")
LISTED = 8


@dataclass(frozen=True)
class Cues:
    offers: tuple[str, ...]
    atlas: tuple[str, ...]
    atlas_weak: tuple[str, ...]
    listing: tuple[str, ...]
    count: tuple[str, ...]
    funders: tuple[str, ...]
    by_country: tuple[str, ...]
    by_theme: tuple[str, ...]
    by_year: tuple[str, ...]
    french: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    text = (resources.files("bot.exchange") / "questions.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Cues(**{k: tuple(normalize(w) for w in v) for k, v in data.items()})


def _has(folded: str, words: tuple[str, ...]) -> bool:
    return bool(find_words(folded, words))


def _money(amount: int, lang: str) -> str:
    grouped = f"{amount:,}".replace(",", "\u202f" if lang == "fr" else ",")
    return f"{grouped} €" if lang == "fr" else f"€{grouped}"


class ExchangeAnswers:
    def __init__(self, atlas: AtlasService, offers: OffersService, catalogue: Catalogue) -> None:
        self.atlas = atlas
        self.offers = offers
        self.catalogue = catalogue

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"exchange.answers.{key}", **params)

    async def answer(self, question: str, lang: str) -> str | None:
        """The reply to ``question`` if it is one for the exchange or the Atlas, else None."""
        folded = normalize(question)
        c = cues()
        if _has(folded, c.offers):
            return await self._offers(question, lang)
        strong = _has(folded, c.atlas)
        if strong or _has(folded, c.atlas_weak):
            return await self._atlas(question, folded, lang, strong=strong)
        return None

    async def _offers(self, question: str, lang: str) -> str:
        flt, _ = self.offers.read_filter(question)
        page = await self.offers.browse(flt)
        body, _ = self.offers.texts.page(page, lang)
        command = "/exchange" if lang == "en" else "/bourse"
        words = self.offers.texts.filter_text(flt, lang).replace(" · ", " ")
        return body + "\n" + self.t(lang, "offers_hint", command=f"{command} {words}".strip())

    async def query_of(self, question: str, folded: str) -> AtlasQuery:
        words = self.atlas.words
        themes = words.find_themes(question)
        countries = tuple(c for c in self.atlas.countries.find(question) if c != HOME)
        kinds = words.find_kinds(question, plural=True)
        year = YEAR.search(question)
        theme, sub = themes[0] if themes else ("", "")
        names = await self.atlas.french_names_in(question)
        return AtlasQuery(
            french_name=names[0] if names else "",
            countries=countries,
            theme=theme,
            sub_theme=sub,
            french_kind=kinds[0] if kinds else "",
            year=int(year[1]) if year else None,
        )

    async def _atlas(self, question: str, folded: str, lang: str, *, strong: bool) -> str | None:
        c = cues()
        query = await self.query_of(question, folded)
        wants_funders = _has(folded, c.funders)
        breakdown = (
            "country"
            if _has(folded, c.by_country)
            else "theme"
            if _has(folded, c.by_theme)
            else "year"
            if _has(folded, c.by_year)
            else ""
        )
        asks = wants_funders or bool(breakdown) or _has(folded, c.count)
        asks = asks or _has(folded, c.listing) or bool(query.french_kind)
        if not strong and not asks:
            return None  # "the Atlas, what is it?": the knowledge files
        if not (query.countries or query.theme or query.french_name or query.year):
            return None  # nothing to search by: not confident
        if await self.atlas.is_empty():
            return None  # nothing imported: the other answerers (the hand-encoded record)
        if query.french_name and await self.atlas.names_a_foreign_partner(question):
            return None  # "Dijon - Chefchaouen": one partnership, the knowledge files' record
        atlas = self.atlas
        total = await atlas.count(query)
        scope = Safe(self._scope(query, lang, self.atlas.french_name(query.french_name)))
        if total == 0:
            return self.t(lang, "none", scope=scope)
        if wants_funders:
            year = query.year
            lines = await atlas.funders(dataclasses.replace(query, year=None), year=year)
            listed = "\n".join(
                self.t(lang, "funder_line", funder=name, amount=_money(amount, lang))
                for name, amount in lines[:LISTED]
            )
            return self.t(lang, "funders", count=total, scope=scope, lines=Safe(listed))
        if breakdown == "country":
            pairs = [
                (self.atlas.countries.name(k, lang), n) for k, n in await atlas.by_country(query)
            ]
        elif breakdown == "theme":
            pairs = [
                (self.atlas.words.theme_label(k, "", lang), n)
                for k, n in await atlas.by_theme(query)
            ]
        elif breakdown == "year":
            pairs = [(str(y), n) for y, n in (await atlas.by_year(query))[-LISTED:]]
        else:
            pairs = []
        if breakdown:
            listed = "\n".join(
                self.t(lang, "count_line", name=k, count=n) for k, n in pairs[:LISTED]
            )
            return self.t(lang, "breakdown", count=total, scope=scope, lines=Safe(listed))
        if not query.french_name and (
            query.french_kind or (_has(folded, c.french) and not _has(folded, c.count))
        ):
            governments = await atlas.french_governments(query, limit=LISTED)
            distinct = await atlas.distinct_french(query)
            kind = self.atlas.words.kind(query.french_kind)
            noun = kind.plural(lang) if kind else self.t(lang, "governments")
            listed = "\n".join(
                self.t(lang, "count_line", name=name, count=n) for name, _, n in governments
            )
            more = (
                self.t(lang, "more", count=distinct - len(governments))
                if distinct > len(governments)
                else ""
            )
            return self.t(
                lang,
                "french",
                count=distinct,
                noun=noun,
                scope=scope,
                partnerships=total,
                lines=Safe(listed),
                more=more,
            )
        page = await self.atlas.search(query, size=3)
        listed = "\n".join(
            self.t(
                lang,
                "partnership_line",
                title=line.title,
                french=", ".join(line.french),
                foreign=", ".join(
                    f"{n} ({self.atlas.countries.name(c, lang)})" for n, c in line.foreign
                ),
                years=f"{line.start_year or '?'}–{line.end_year or ''}".rstrip("–"),
            )
            for line in page.lines
        )
        return self.t(lang, "count", count=total, scope=scope, lines=Safe(listed))

    def _with_article(self, name: str, lang: str) -> str:
        """A country's name with its article, from the name (the lexicon's classes): ``le
        Sénégal``, ``la Tunisie``, ``l'Arménie``, ``les Comores``, ``Madagascar``."""
        if lang != "fr":
            return self.t(lang, f"country_article.{english_country_class(name)}", country=name)
        grammar = french_country_class(name)
        if grammar in ("feminine", "masculine") and normalize(name)[:1] in tuple("aeiouy"):
            grammar = "elided"  # l'Arménie, l'Iran
        return self.t(lang, f"country_article.{grammar}", country=name)

    def _scope(self, query: AtlasQuery, lang: str, french: str = "") -> str:
        parts = []
        if french and query.french_name:
            parts.append(self.t(lang, "scope_french", name=french))
        if query.countries:
            names = ", ".join(
                self._with_article(self.atlas.countries.name(c, lang), lang)
                for c in query.countries
            )
            parts.append(self.t(lang, "scope_country", country=Safe(names)))
        if query.theme:
            parts.append(
                self.t(
                    lang,
                    "scope_theme",
                    theme=self.atlas.words.theme_label(query.theme, query.sub_theme, lang),
                )
            )
        if query.year:
            parts.append(self.t(lang, "scope_year", year=query.year))
        return "".join(parts)
