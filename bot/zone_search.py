"""Finding an IANA time zone from what a person types: a city, a country, an organisation,
an IANA name or a UTC offset ("Dakar", "Cameroun", "Madagascar", "UTC+3", "+1", "Europe/Paris").

Telegram never tells a bot anyone's time zone, so people tell it, in their own words:

* an IANA name, any case (``europe/paris``);
* a city: the last part of every IANA zone (``Dakar``, ``Porto-Novo``), babel's localised
  exemplar cities (``Londres``, ``Erevan``) and the main cities of the project countries that
  are not zone names (``Cotonou``, ``Yaoundé``, ``Rabat``...);
* a country, in French or English (the knowledge base's names, aliases and demonyms, then
  babel's territory names): its zone, or the first of its zones;
* an organisation of the knowledge base (``Kabadougou``): the zone of its country;
* an offset (``UTC+3``, ``GMT-5``, ``+1``, ``+05:30``, ``UTC``): the most likely zone having that
  offset now, in this order: the person's own country, the project countries without daylight
  saving time, those with it, then ``Etc/GMT-3`` style zones (note POSIX's inverted sign).

Anything else gets "did you mean" suggestions (rapidfuzz) or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources

from babel.core import Locale, get_global
from rapidfuzz import fuzz, process

from bot.knowledge.models import KnowledgeBase
from bot.textfold import compact, normalize
from bot.timezones import is_valid, zone

# Main cities of the project countries whose zone is named after another city.
PROJECT_CITIES: dict[str, str] = {
    "Cotonou": "Africa/Porto-Novo",
    "Parakou": "Africa/Porto-Novo",
    "Abomey": "Africa/Porto-Novo",
    "Bohicon": "Africa/Porto-Novo",
    "Lokossa": "Africa/Porto-Novo",
    "Kandi": "Africa/Porto-Novo",
    "Yaoundé": "Africa/Douala",
    "Bafoussam": "Africa/Douala",
    "Garoua": "Africa/Douala",
    "Maroua": "Africa/Douala",
    "Ebolowa": "Africa/Douala",
    "Yamoussoukro": "Africa/Abidjan",
    "Bouaké": "Africa/Abidjan",
    "Odienné": "Africa/Abidjan",
    "Korhogo": "Africa/Abidjan",
    "Aboisso": "Africa/Abidjan",
    "Man": "Africa/Abidjan",
    "Agboville": "Africa/Abidjan",
    "Bondoukou": "Africa/Abidjan",
    "Dimbokro": "Africa/Abidjan",
    "Rabat": "Africa/Casablanca",
    "Fès": "Africa/Casablanca",
    "Meknès": "Africa/Casablanca",
    "Marrakech": "Africa/Casablanca",
    "Oujda": "Africa/Casablanca",
    "Agadir": "Africa/Casablanca",
    "Tanger": "Africa/Casablanca",
    "Tétouan": "Africa/Casablanca",
    "Béni Mellal": "Africa/Casablanca",
    "Kénitra": "Africa/Casablanca",
    "Chefchaouen": "Africa/Casablanca",
    "Thiès": "Africa/Dakar",
    "Louga": "Africa/Dakar",
    "Pikine": "Africa/Dakar",
    "Touba": "Africa/Dakar",
    "Saint-Louis": "Africa/Dakar",
    "Ziguinchor": "Africa/Dakar",
    "Vanadzor": "Asia/Yerevan",
    "Toamasina": "Indian/Antananarivo",
    "Tamatave": "Indian/Antananarivo",
    "Fénérive-Est": "Indian/Antananarivo",
    "Miarinarivo": "Indian/Antananarivo",
    "Pointe-Noire": "Africa/Brazzaville",
    "Dolisie": "Africa/Brazzaville",
    "Ouesso": "Africa/Brazzaville",
    "Sibiti": "Africa/Brazzaville",
    "Lyon": "Europe/Paris",
    "Marseille": "Europe/Paris",
    "Bordeaux": "Europe/Paris",
    "Strasbourg": "Europe/Paris",
    "Dijon": "Europe/Paris",
    "Limoges": "Europe/Paris",
    "Grenoble": "Europe/Paris",
    "Chambéry": "Europe/Paris",
    "Metz": "Europe/Paris",
    "Nice": "Europe/Paris",
    "Toulouse": "Europe/Paris",
    "Lille": "Europe/Paris",
    "Nantes": "Europe/Paris",
}

OFFSET = re.compile(
    r"^(?:utc|gmt|tu|z)?\s*(?:(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})"
    r"(?:\s*(?:[:h.]\s*)?(?P<minutes>\d{2}))?\s*h?)?$",
    re.IGNORECASE,
)

EXAMPLES = ("Dakar", "Cameroun", "Madagascar", "UTC+3", "+1", "Europe/Paris")


@dataclass(frozen=True)
class ZoneMatch:
    """What :meth:`ZoneFinder.find` understood: a zone, or suggestions (place names)."""

    zone: str | None
    how: str = ""  # iana, city, country, organisation, offset
    country_id: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    choices: tuple[str, ...] = field(default_factory=tuple)  # zones of a multi-zone country


@lru_cache(maxsize=1)
def all_zone_names() -> tuple[str, ...]:
    """Every zone the packaged tzdata knows (including backward-compatible links)."""
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return tuple(sorted(line.strip() for line in text.splitlines() if line.strip()))


@lru_cache(maxsize=1)
def _aliases() -> Mapping[str, str]:
    aliases: Mapping[str, str] = get_global("zone_aliases")
    return aliases


def canonical(name: str) -> str:
    """The current name of a zone (``Asia/Calcutta`` -> ``Asia/Kolkata``)."""
    target = _aliases().get(name)
    return target if target and is_valid(target) else name


def has_dst(name: str, year: int) -> bool:
    tz = zone(name)
    january = datetime(year, 1, 1, 12, tzinfo=UTC).astimezone(tz).utcoffset()
    july = datetime(year, 7, 1, 12, tzinfo=UTC).astimezone(tz).utcoffset()
    return january != july


def offset_of(name: str, when: datetime) -> timedelta:
    return when.astimezone(zone(name)).utcoffset() or timedelta(0)


def etc_zone(offset: timedelta) -> str | None:
    """``+3h`` -> ``Etc/GMT-3`` (POSIX signs are inverted); None for non-whole hours."""
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60:
        return None
    hours = minutes // 60
    if hours == 0:
        return "Etc/UTC"
    name = f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return name if is_valid(name) else None


def format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


class ZoneFinder:
    """Built once per knowledge base; :meth:`find` is cheap."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # normalised name -> (zone, how, country id, display name)
        self._names: dict[str, tuple[str, str, str | None, str]] = {}
        self._country_choices: dict[str, tuple[str, ...]] = {}
        self._display: dict[str, str] = {}
        self._project_zones: list[str] = []
        zone_territory: Mapping[str, str] = get_global("zone_territories")
        territory_zones: Mapping[str, list[str]] = get_global("territory_zones")
        # Lowest priority first: later additions win.
        for name in all_zone_names():
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
                city = name.rsplit("/", 1)[-1].replace("_", " ")
                country = zone_territory.get(name, "").lower() or None
                self._add(city, name, "city", country)
        for lang in ("en", "fr"):
            locale = Locale.parse(lang)
            for key, info in locale.time_zones.items():
                label_city: object = info.get("city") if hasattr(info, "get") else None
                if label_city and is_valid(key):
                    country = zone_territory.get(key, "").lower() or None
                    self._add(str(label_city), key, "city", country)
            for code, label in locale.territories.items():
                zones = _unique(canonical(z) for z in territory_zones.get(code, []) if is_valid(z))
                if len(code) == 2 and code.isalpha() and zones:
                    self._add(str(label), zones[0], "country", code.lower())
                    if len(zones) > 1:
                        self._country_choices[code.lower()] = tuple(zones)
        for city, name in PROJECT_CITIES.items():
            country = zone_territory.get(name, "").lower() or None
            self._add(city, name, "city", country)
        for org in kb.organisations.values():
            country_record = kb.countries.get(org.country)
            if country_record is None:
                continue
            for alias in org.names():
                self._add(alias, country_record.timezones[0], "organisation", org.country)
        for country_record in kb.countries.values():
            for alias in country_record.all_names():
                self._add(alias, country_record.timezones[0], "country", country_record.id)
            for name in country_record.timezones:
                if name not in self._project_zones:
                    self._project_zones.append(name)
        for name in all_zone_names():
            self._add(name, name, "iana", zone_territory.get(name, "").lower() or None)
        self._choices = sorted(self._display)

    def _add(self, label: str, name: str, how: str, country: str | None) -> None:
        name = canonical(name)
        for key in {normalize(label), compact(label)}:
            if key:
                self._names[key] = (name, how, country, label)
                self._display.setdefault(key, label)

    @property
    def project_zones(self) -> list[str]:
        return list(self._project_zones)

    def country_zones(self, country_id: str | None) -> list[str]:
        record = self.kb.countries.get(country_id or "")
        if record is not None:
            return [z for z in record.timezones if is_valid(z)]
        zones = get_global("territory_zones").get((country_id or "").upper(), [])
        return [z for z in zones if is_valid(z)]

    def find(self, text: str, now: datetime, *, prefer: Sequence[str] = ()) -> ZoneMatch:
        query = " ".join(text.split())
        if not query:
            return ZoneMatch(None)
        # An IANA name as typed (case-insensitively).
        lowered = query.replace(" ", "_").lower()
        for name in all_zone_names():
            if name.lower() == lowered:
                return ZoneMatch(canonical(name), "iana", None)
        offset = parse_offset(query)
        if offset is not None:
            return self.by_offset(offset, now, prefer=prefer)
        for key in (normalize(query), compact(query)):
            found = self._names.get(key)
            if found is not None:
                name, how, country, _ = found
                if how == "country" and country in self._country_choices:
                    zones = self._country_choices[country]
                    if country in self.kb.countries:
                        zones = tuple(self.country_zones(country)) or zones
                    if len(zones) > 1:
                        return ZoneMatch(None, how, country, choices=zones)
                return ZoneMatch(name, how, country)
        return ZoneMatch(None, suggestions=tuple(self.suggest(query)))

    def by_offset(
        self, offset: timedelta, now: datetime, *, prefer: Sequence[str] = ()
    ) -> ZoneMatch:
        if abs(offset) > timedelta(hours=14):
            return ZoneMatch(None)
        year = now.year
        stable = [z for z in self._project_zones if not has_dst(z, year)]
        seasonal = [z for z in self._project_zones if has_dst(z, year)]
        for candidate in _unique(prefer):
            if is_valid(candidate) and offset_of(candidate, now) == offset:
                return ZoneMatch(candidate, "offset", None)
        hits = [
            z for z in _unique([*stable, *seasonal]) if is_valid(z) and offset_of(z, now) == offset
        ]
        with_summer = [z for z in hits if z in seasonal]
        if with_summer and len(hits) > len(with_summer):
            # "+1" is Porto-Novo all year but Paris only in winter: ask which place, by name
            return ZoneMatch(None, "offset", None, choices=tuple(hits))
        for candidate in hits:
            return ZoneMatch(candidate, "offset", None)
        fixed = etc_zone(offset)
        if fixed is not None:
            return ZoneMatch(fixed, "offset", None)
        for candidate in all_zone_names():
            if "/" in candidate and offset_of(candidate, now) == offset:
                return ZoneMatch(canonical(candidate), "offset", None)
        return ZoneMatch(None)

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        key = normalize(query)
        if not key:
            return []
        found = process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=80
        )
        labels: list[str] = []
        for choice, _, _ in found:
            label = self._display[choice]
            if label not in labels:
                labels.append(label)
        return labels[:limit]


def parse_offset(text: str) -> timedelta | None:
    match = OFFSET.match(text.strip())
    if match is None:
        return None
    if match["sign"] is None:
        # Bare "UTC" / "GMT" / "Z"; a lone digit string is not an offset.
        return timedelta(0) if text.strip() else None
    hours = int(match["hours"])
    minutes = int(match["minutes"] or 0)
    if hours > 14 or minutes >= 60:
        return None
    sign = -1 if match["sign"] in "-−" else 1
    return sign * timedelta(hours=hours, minutes=minutes)


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out
