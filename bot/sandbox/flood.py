"""Telegram's flood limits for bots, enforced with sliding windows.

Telegram documents (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this)
roughly 30 messages per second overall, about 1 message per second in a given chat and at
most 20 messages per minute in a group, and answers excess sends with ``429 Too Many
Requests: retry after N`` (``parameters.retry_after``). In practice short bursts above these
rates are tolerated. The emulator models that with, for each limit, a *sliding window*
(1 s overall, 1 s per chat, 60 s per group) whose capacity is the nominal rate times the
window plus ``burst`` extra messages (default 3). With the defaults a single chat accepts
4 messages within any second, a group 23 within any minute, and all chats together 33
within any second. ``scale`` multiplies every rate (``scale=10`` allows 10x more), which
keeps tests fast while exercising the same logic.

A rejected send is not counted in the windows; ``retry_after`` is the number of whole
seconds (at least 1) until the oldest message of the full window leaves it.

**Paid broadcasts.** A send with ``allow_paid_broadcast`` is held to ``paid_per_second``
(1,000) overall instead of the free 30: it is counted in a window of every send (free and
paid, capacity ``paid_per_second`` x ``scale`` + ``burst``) and not in the free window, so the
bot's ordinary messages keep their 30 per second during a paid broadcast (the model's choice:
Telegram documents the two rates, not how they share). Per-chat and per-group limits are the
same for paid sends.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from .errors import too_many_requests


@dataclass(frozen=True)
class FloodLimits:
    overall_per_second: float = 30
    per_chat_per_second: float = 1
    per_group_per_minute: float = 20
    scale: float = 1.0
    burst: int = 3
    """Messages tolerated above the nominal rate within one window."""
    paid_per_second: float = 1000
    """Overall limit of sends made with ``allow_paid_broadcast`` (paid broadcasts)."""

    def capacity(self, rate: float, window: float) -> int:
        return max(1, math.floor(rate * window * self.scale)) + self.burst


class FloodControl:
    """Counts sends and rejects those that exceed :class:`FloodLimits`."""

    def __init__(self, limits: FloodLimits, now: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._now = now
        self._windows: dict[tuple[str, int], deque[float]] = {}
        self.rejections = 0
        self.rejections_by_chat: Counter[int] = Counter()

    def _rules(
        self, chat_id: int, is_group: bool, paid: bool
    ) -> list[tuple[tuple[str, int], float, int]]:
        limits = self.limits
        rules = [
            (("paid", 0), 1.0, limits.capacity(limits.paid_per_second, 1.0)),
            (("chat", chat_id), 1.0, limits.capacity(limits.per_chat_per_second, 1.0)),
        ]
        if not paid:
            rules.append((("overall", 0), 1.0, limits.capacity(limits.overall_per_second, 1.0)))
        if is_group:
            rules.append(
                (("group", chat_id), 60.0, limits.capacity(limits.per_group_per_minute / 60, 60.0))
            )
        return rules

    def check(self, chat_id: int, *, is_group: bool, paid: bool = False) -> None:
        """Record a send to ``chat_id`` or raise the 429 ``ApiError``; ``paid``: sent with
        ``allow_paid_broadcast``."""
        now = self._now()
        rules = self._rules(chat_id, is_group, paid)
        wait = 0.0
        for key, window, capacity in rules:
            events = self._windows.setdefault(key, deque())
            while events and events[0] <= now - window:
                events.popleft()
            if len(events) >= capacity:
                wait = max(wait, events[len(events) - capacity] + window - now)
        if wait > 0:
            self.rejections += 1
            self.rejections_by_chat[chat_id] += 1
            raise too_many_requests(math.ceil(wait))
        for key, _window, _capacity in rules:
            self._windows[key].append(now)
