"""The one source of "now". Aware datetimes only, in UTC.

Production uses :class:`SystemClock`; tests use :class:`FrozenClock`, which they set and advance.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to. Whoever subscribed (the scheduler) is told each
    time it moves, so that what fell due runs at once."""

    def __init__(self, start: datetime) -> None:
        self._now = ensure_aware(start)
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = ensure_aware(when)
        self._moved()

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        self._moved()
        return self._now

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _moved(self) -> None:
        for listener in list(self._listeners):
            listener()


def ensure_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: coopbot only uses timezone-aware datetimes")
    return value.astimezone(UTC)


def to_iso(value: datetime) -> str:
    """Storage form: UTC ISO-8601 with a Z, sortable as text."""
    return ensure_aware(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
