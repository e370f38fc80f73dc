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


class Catalogue:
    """All messages of all languages, loaded once."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        self._messages = {lang: dict(table) for lang, table in messages.items()}

    @classmethod
    def bundled(cls) -> Catalogue:
        return _bundled()

    def languages(self) -> tuple[str, ...]:
        return tuple(self._messages)

    def ids(self, lang: str = DEFAULT_LANGUAGE) -> set[str]:
        return set(self._messages.get(lang, {}))

    def raw(self, lang: str, key: str) -> str:
        table = self._messages.get(lang) or self._messages[DEFAULT_LANGUAGE]
        if key in table:
            return table[key]
        if key in self._messages[DEFAULT_LANGUAGE]:
            return self._messages[DEFAULT_LANGUAGE][key]
        raise KeyError(f"no message {key!r}")

    def t(self, lang: str, key: str, /, **params: object) -> str:
        """The message ``key`` in ``lang`` with its placeholders filled (and escaped)."""
        template = self.raw(lang, key)
        return template.format_map({name: escape(value) for name, value in params.items()})

    def placeholders(self, lang: str, key: str) -> set[str]:
        return {
            name
            for _, name, _, _ in string.Formatter().parse(self.raw(lang, key))
            if name is not None
        }


@lru_cache(maxsize=1)
def _bundled() -> Catalogue:
    root = resources.files("bot.i18n") / "locales"
    messages: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        table: dict[str, str] = {}
        folder = root / lang
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                domain = entry.name.removesuffix(".toml")
                data = tomllib.loads(entry.read_text(encoding="utf-8"))
                table.update(_flatten(domain, data))
        messages[lang] = table
    return Catalogue(messages)


def _flatten(prefix: str, data: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for key, value in data.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            yield from _flatten(name, value)
        else:
            yield name, str(value)


# -- dates and times, per locale and zone ----------------------------------------------------


def format_datetime(value: datetime, lang: str, tz: ZoneInfo, *, with_zone: bool = True) -> str:
    """``jeudi 12 mars 2026 à 14:00 (Paris)`` / ``Thursday 12 March 2026 at 14:00 (Paris)``."""
    local = value.astimezone(tz)
    pattern = "EEEE d MMMM y 'à' HH:mm" if lang == "fr" else "EEEE d MMMM y 'at' HH:mm"
    text = babel_dates.format_datetime(local, pattern, tzinfo=tz, locale=lang)
    return f"{text} ({zone_label(tz)})" if with_zone else text


def format_date(value: date | datetime, lang: str, tz: ZoneInfo | None = None) -> str:
    if isinstance(value, datetime) and tz is not None:
        value = value.astimezone(tz)
    return babel_dates.format_date(value, "EEEE d MMMM y", locale=lang)


def format_time(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%H:%M")


def zone_label(tz: ZoneInfo) -> str:
    """A short city name for a zone: ``Africa/Porto-Novo`` -> ``Porto-Novo``."""
    key = tz.key or "UTC"
    return key.rsplit("/", 1)[-1].replace("_", " ")
