"""Markup and reply helpers shared by the resolvers: HTML escaping, catalogue words,
the reply being built and its fitting to one Telegram message."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time

from babel.numbers import format_decimal

from bot.i18n import Catalogue, Safe
from bot.knowledge.lexicon import (
    english_country_class,
    french_article_class,
    french_country_class,
)
from bot.knowledge.models import (
    Country,
    PartialDate,
    Text,
)

# Telegram refuses messages over 4096 characters; stay well below to leave room for the
# handlers' own header or keyboard hint.
MAX_HTML_CHARS = 3800

_MAX_QUESTION_CHARS = 600


@dataclass(frozen=True, slots=True)
class Answer:
    """One reply: Telegram HTML, whether the data answered it, its language and intent."""

    html: str
    found: bool
    lang: str
    intent: str
    refs: tuple[str, ...] = ()  # ids of the records the answer is about
    asked: str = ""  # the question itself (a greeting, an introduction, a preamble left out)


# --------------------------------------------------------------------------- markup
# User-facing words live in the catalogues (bot/i18n/locales/*/answers.toml, ids
# ``answers.*``). Markup built here is passed to the catalogue as ``Safe``; data values are
# passed as they are and escaped by ``Catalogue.t``.


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def b(value: object) -> Safe:
    """Bold plain text (escaped)."""
    return Safe(f"<b>{esc(value)}</b>")


def i(value: object) -> Safe:
    """Italic plain text (escaped)."""
    return Safe(f"<i>{esc(value)}</i>")


def _bold(markup: str) -> Safe:
    """Bold text that is already HTML (a catalogue message)."""
    return Safe(f"<b>{markup}</b>")


def _lang(lang: str | None) -> str:
    return "en" if (lang or "").lower().startswith("en") else "fr"


def _locale(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def _day(d: date, lang: str) -> str:
    return PartialDate(year=d.year, month=d.month, day=d.day).format(lang)


def _capitalise(markup: str) -> Safe:
    """First letter in capitals (the article before a body), markup kept."""
    return Safe(markup[:1].upper() + markup[1:])


_ENGLISH_THE_TYPES = frozenset({"body", "ministry", "role", "network", "database", "event"})


class _Words:
    """The ``answers.*`` messages of one catalogue, and the layout that depends on language."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def t(self, key: str, lang: str, /, **params: object) -> str:
        """A message as HTML: plain values are escaped, ``Safe`` ones inserted as they are."""
        return self.catalogue.t(lang, f"answers.{key}", **params)

    def s(self, key: str, lang: str, /, **params: object) -> Safe:
        """:meth:`t` marked safe, to be nested in another message."""
        return Safe(self.t(key, lang, **params))

    def field(self, lang: str, label: str, value: object) -> str:
        """ "Label : value" (French) / "Label: value"; ``label`` is a message key."""
        return self.t("fmt.field", lang, label=self.s(label, lang), value=value)

    def bullet(self, lang: str, label: str, value: object) -> str:
        """A bullet line "• Label : value"."""
        return "• " + self.field(lang, label, value)

    def heading(self, lang: str, label: str) -> str:
        return self.t("fmt.heading", lang, label=self.s(label, lang))

    def semi(self, lang: str) -> str:
        return self.catalogue.raw(lang, "answers.fmt.list_sep")

    def texts(self, items: Iterable[Text], lang: str) -> str:
        """Plain texts joined by "; " (plain text: escape it when putting it in HTML)."""
        return self.semi(lang).join(t.get(lang) for t in items)

    def join(self, items: Sequence[str], lang: str) -> str:
        """ "a, b et c" / "a, b and c" (items are HTML or plain, the result is the same)."""
        items = list(items)
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        last = self.catalogue.raw(lang, "answers.fmt.and")
        return ", ".join(items[:-1]) + last + items[-1]

    def pct(self, rate: float, lang: str) -> str:
        num = format_decimal(rate, locale=_locale(lang), format="#,##0.##")
        return self.t("fmt.percent", lang, num=num)

    def num(self, value: float, lang: str) -> str:
        return str(format_decimal(value, locale=_locale(lang), format="#,##0.##"))

    def eur(self, amount: int, lang: str) -> str:
        return self.t("fmt.euro", lang, num=format_decimal(amount, locale=_locale(lang)))

    def hm(self, t: time, lang: str) -> str:
        return self.t("fmt.time", lang, hour=t.hour, minute=f"{t.minute:02d}")

    def quoted(self, text: object, lang: str) -> Safe:
        return self.s("fmt.quoted", lang, text=text)

    def status(self, status: str, lang: str) -> str:
        return self.t(f"status.{status}", lang)

    def in_country(self, country: Country | None, fallback: str, lang: str) -> Safe:
        """The country with its preposition (au, en, aux, à / in, in the)."""
        if country is None:
            return self.s("in_country.bare", lang, country=fallback)
        name = country.name.get(lang)
        grammar = french_country_class(name) if lang == "fr" else english_country_class(name)
        return self.s(f"in_country.{grammar}", lang, country=name)

    def with_article(
        self,
        display: str,
        head_noun: str,
        lang: str,
        *,
        english: bool,
        markup: Safe | None = None,
    ) -> Safe:
        """The name with its article (le, la, l', les / the); ``english`` says whether English
        uses "the" before this name; ``markup`` renders ``display`` (bold...)."""
        if lang == "fr":
            grammar = french_article_class(display, head_noun)
        else:
            grammar = "masculine" if english else "bare"
        return self.s(f"article.{grammar}", lang, name=display if markup is None else markup)


# --------------------------------------------------------------------------- layout


@dataclass
class _Reply:
    lines: list[str]
    intent: str
    found: bool = True
    refs: list[str] = field(default_factory=list)
    # the answer to a yes/no question, when the resolver can tell it, and the line it is about
    verdict: bool | None = None
    verdict_line: int = 0


def _fit(
    lines: list[str],
    lang: str,
    limit: int = MAX_HTML_CHARS,
    catalogue: Catalogue | None = None,
) -> str:
    """Join lines; when too long, cut at a line boundary (tags never straddle lines)."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    tail = (catalogue or Catalogue.bundled()).t(lang, "answers.truncated")
    kept: list[str] = []
    size = len(tail) + 1
    for line in lines:
        if len(line) > limit - size - 1:
            # a single huge line: keep its plain text, cut cleanly
            plain = re.sub(r"<[^>]+>", "", line)
            room = max(0, limit - size - 2)
            line = esc(html.unescape(plain)[: max(0, room // 2)]) + "…"
        if size + len(line) + 1 > limit:
            break
        kept.append(line)
        size += len(line) + 1
    kept.append(tail)
    return "\n".join(kept)


def iter_refs(answers: Iterable[Answer]) -> list[str]:
    """All record ids of several answers (for logs)."""
    out: list[str] = []
    for a in answers:
        out.extend(a.refs)
    return out
