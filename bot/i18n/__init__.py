"""User-facing text: French and English catalogues keyed by message id, with named placeholders.

Catalogues are TOML files, ``locales/<lang>/<domain>.toml``; nested tables flatten into dotted
ids (``[start] welcome = "..."`` in ``core.toml`` is ``core.start.welcome``). French is the
reference and the default. Messages are Telegram HTML: placeholder values are HTML-escaped unless
they are :class:`Safe` (already rendered markup), so dynamic text is always escaped.
"""

from __future__ import annotations

import html
import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


class Safe(str):
    """Text that is already valid Telegram HTML; inserted without escaping."""

    __slots__ = ()


def escape(value: object) -> str:
    """Escape any value for Telegram HTML (``<``, ``>``, ``&`` and quotes)."""
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=True)


TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def plain_text(body: str) -> str:
    """A catalogue message (Telegram HTML) as plain text, for the places Telegram shows
    without parsing it: callback query answers (toasts and alerts), the terminal."""
    return html.unescape(TAG.sub("", body))


INPUT_EXCERPT = 80  # characters of someone's input quoted back in a reply


def excerpt(value: str, limit: int = INPUT_EXCERPT) -> str:
    """What someone typed, to quote back in a reply: on one line and at most ``limit``
    characters (a 4,000-character argument must not make the reply too long for Telegram)."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def normalise_language(code: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """``"en-GB"`` -> ``"en"``; anything we do not speak -> ``default``."""
    if code:
        short = code.split("-")[0].split("_")[0].lower()
        if short in LANGUAGES:
            return short
    return default


PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
PLURAL_PARAMETER = "count"


def plural_category(lang: str, count: object) -> str:
    """The CLDR plural category of ``count`` in ``lang`` (``"one"``, ``"other"``...), through
    Babel: French says ``0 membre``, ``1 membre``; English ``0 members``, ``1 member``."""
    try:
        number = float(str(count).replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        return "other"
    value: int | float = int(number) if number.is_integer() else number
    return str(Locale.parse(lang).plural_form(value))


def ordinal_day(day: int, lang: str) -> str:
    """A day of the month as CLDR ordinal rules write it: ``1er`` but ``2`` in French, ``1st``,
    ``2nd``, ``3rd``, ``4th`` in English."""
    form = Locale.parse(lang).ordinal_form(day)
    if lang == "fr":
        return f"{day}er" if form == "one" else str(day)
    suffix = {"one": "st", "two": "nd", "few": "rd"}.get(str(form), "th")
    return f"{day}{suffix}"


Message = str | Mapping[str, str]


class Catalogue:
    """All messages of all languages, loaded once.

    A message is a string, or a table of CLDR plural forms (``{ one = "{count} membre", other =
    "{count} membres" }``) chosen by the ``count`` parameter."""

    def __init__(self, messages: Mapping[str, Mapping[str, Message]]) -> None:
        self._messages = {lang: dict(table) for lang, table in messages.items()}

    @classmethod
    def bundled(cls) -> Catalogue:
        return _bundled()

    def languages(self) -> tuple[str, ...]:
        return tuple(self._messages)

    def ids(self, lang: str = DEFAULT_LANGUAGE) -> set[str]:
        return set(self._messages.get(lang, {}))

    def message(self, lang: str, key: str) -> Message:
        """The message as written: a string, or its table of plural forms."""
        table = self._messages.get(lang) or self._messages[DEFAULT_LANGUAGE]
        if key in table:
            return table[key]
        if key in self._messages[DEFAULT_LANGUAGE]:
            return self._messages[DEFAULT_LANGUAGE][key]
        raise KeyError(f"no message {key!r}")

    def raw(self, lang: str, key: str, count: object = None) -> str:
        """The template of ``key``; for a plural message, the form for ``count`` (``other``
        when no count is given)."""
        message = self.message(lang, key)
        if isinstance(message, str):
            return message
        category = "other" if count is None else plural_category(lang, count)
        return message.get(category) or message["other"]

    def t(self, lang: str, key: str, /, **params: object) -> str:
        """The message ``key`` in ``lang`` with its placeholders filled (and escaped); a plural
        message takes the form of its ``count`` parameter."""
        template = self.raw(lang, key, params.get(PLURAL_PARAMETER))
        return template.format_map({name: escape(value) for name, value in params.items()})

    def count(self, lang: str, noun: str, count: int) -> Safe:
        """``count`` and the noun ``core.counts.<noun>`` agreeing with it: ``1 groupe``,
        ``2 groupes``; for messages that hold several counts."""
        return Safe(self.t(lang, f"core.counts.{noun}", count=count))

    def forms(self, lang: str, key: str) -> dict[str, str]:
        """Every template of ``key``: ``{"": text}`` or its plural forms by category."""
        message = self.message(lang, key)
        return {"": message} if isinstance(message, str) else dict(message)

    def placeholders(self, lang: str, key: str) -> set[str]:
        return {
            name
            for template in self.forms(lang, key).values()
            for _, name, _, _ in string.Formatter().parse(template)
            if name is not None
        }


@lru_cache(maxsize=1)
def _bundled() -> Catalogue:
    root = resources.files("bot.i18n") / "locales"
    messages: dict[str, dict[str, Message]] = {}
    for lang in LANGUAGES:
        table: dict[str, Message] = {}
        folder = root / lang
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                domain = entry.name.removesuffix(".toml")
                data = tomllib.loads(entry.read_text(encoding="utf-8"))
                table.update(_flatten(domain, data))
        messages[lang] = table
    return Catalogue(messages)


def _flatten(prefix: str, data: Mapping[str, Any]) -> Iterable[tuple[str, Message]]:
    for key, value in data.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping) and "other" in value and set(value) <= PLURAL_CATEGORIES:
            yield name, {category: str(text) for category, text in value.items()}
        elif isinstance(value, Mapping):
            yield from _flatten(name, value)
        else:
            yield name, str(value)


# -- dates and times, per locale and zone ----------------------------------------------------


def format_datetime(value: datetime, lang: str, tz: ZoneInfo, *, with_zone: bool = True) -> str:
    """``jeudi 12 mars 2026 à 14:00 (Paris)`` / ``Thursday 12 March 2026 at 14:00 (Paris)``."""
    local = value.astimezone(tz)
    day = ordinal_day(local.day, lang)
    pattern = (
        f"EEEE '{day}' MMMM y 'à' HH:mm" if lang == "fr" else f"EEEE '{day}' MMMM y 'at' HH:mm"
    )
    text = babel_dates.format_datetime(local, pattern, tzinfo=tz, locale=lang)
    return f"{text} ({zone_label(tz)})" if with_zone else text


def format_date(value: date | datetime, lang: str, tz: ZoneInfo | None = None) -> str:
    if isinstance(value, datetime) and tz is not None:
        value = value.astimezone(tz)
    return babel_dates.format_date(
        value, day_pattern(value.day, lang, "EEEE d MMMM y"), locale=lang
    )


def day_pattern(day: int, lang: str, pattern: str) -> str:
    """A Babel date pattern with its day number ``d`` written as an ordinal where the language
    does (``1er décembre``, ``1st December``)."""
    return re.sub(r"(?<![A-Za-z'])d(?![A-Za-z])", f"'{ordinal_day(day, lang)}'", pattern, count=1)


def zone_label(tz: ZoneInfo) -> str:
    """A short city name for a zone: ``Africa/Porto-Novo`` -> ``Porto-Novo``; a fixed offset
    as people write it: ``Etc/GMT-2`` (POSIX inverts the sign) -> ``UTC+2``."""
    key = tz.key or "UTC"
    offset = re.fullmatch(r"Etc/GMT([+-])(\d+)", key)
    if offset:
        return f"UTC{'-' if offset[1] == '+' else '+'}{offset[2]}"
    if key in ("Etc/UTC", "Etc/GMT", "Etc/GMT0", "Etc/Zulu", "Etc/Universal"):
        return "UTC"
    return key.rsplit("/", 1)[-1].replace("_", " ")
