"""IANA time zones, always from the ``tzdata`` package.

``zoneinfo`` looks at the system's zone files first, and servers often carry old ones (Debian 12
ships 2025b, which still puts Morocco at UTC+1, although Morocco moved to permanent UTC+0 on
2026-09-20). Reading the packaged ``tzdata`` makes the bot use current rules wherever it runs.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The zone ``name`` read from the ``tzdata`` package; ``ValueError`` if unknown."""
    if not name or ".." in name or name.startswith("/"):
        raise ValueError(f"unknown time zone: {name!r}")
    parts = name.split("/")
    package = ".".join(["tzdata", "zoneinfo", *parts[:-1]])
    try:
        with resources.files(package).joinpath(parts[-1]).open("rb") as handle:
            return ZoneInfo.from_file(handle, key=name)
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, ValueError):
        raise ValueError(f"unknown time zone: {name!r}") from None
    except ZoneInfoNotFoundError:  # pragma: no cover - defensive
        raise ValueError(f"unknown time zone: {name!r}") from None


def shown(name: str) -> str:
    """A stored zone name as people read it: ``Etc/GMT-2`` -> ``UTC+2`` (POSIX inverts the
    sign), any other name as it is (``Africa/Dakar``)."""
    from bot.i18n import zone_label

    return zone_label(zone(name)) if name.startswith("Etc/") else name


def is_valid(name: str) -> bool:
    try:
        zone(name)
    except ValueError:
        return False
    return True


def tzdata_version() -> str:
    import tzdata

    return str(tzdata.IANA_VERSION)
