"""Fault injection: make the next calls of a method fail the way Telegram can fail.

A :class:`Fault` says *what* happens (an error answer, a slow answer, no answer at all);
:meth:`FaultPlan.add` says *when*: for the next ``times`` calls of a method (or of any
method), optionally only those aimed at one ``chat_id``. The errors reproduce Telegram's
exact answers: ``429`` with ``parameters.retry_after``, ``403 Forbidden: bot was blocked
by the user`` / ``bot was kicked from the group chat``, ``400`` with
``parameters.migrate_to_chat_id``, ``500``/``502``. A *timeout* holds the request without
answering until the client gives up.

A *lost answer* (:meth:`Fault.lost_answer`, or ``Fault.timeout(processed=True)``) is the
nasty real-world case of an uncertain delivery: the call takes effect (the message is stored
and shown to its recipient) but its answer never reaches the bot, either withheld until the
client gives up (PTB: ``TimedOut``) or cut by closing the connection without an answer (PTB:
``NetworkError``, ``httpx.RemoteProtocolError: Server disconnected without sending a
response``). A call that fails anyway (429, 403...) is answered normally, and the fault is
not used up by it.

``probability`` makes a fault hit each matching call with that probability only (drawn from
its own ``random.Random(seed)``), e.g. 1% of the answers to ``sendMessage`` lost.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, chat_migrated, forbidden, server_error, too_many_requests


@dataclass(frozen=True)
class Fault:
    kind: str  # "error" | "delay" | "timeout"
    api_error: ApiError | None = None
    seconds: float = 0.0
    processed: bool = False  # (timeout) the call takes effect, only its answer is lost
    drop: bool = False  # (timeout, processed) close the connection instead of waiting

    @classmethod
    def error(
        cls, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> Fault:
        return cls("error", ApiError(error_code, description, parameters))

    @classmethod
    def retry_after(cls, seconds: int = 3) -> Fault:
        return cls("error", too_many_requests(seconds))

    @classmethod
    def blocked(cls) -> Fault:
        return cls("error", forbidden("bot was blocked by the user"))

    @classmethod
    def kicked(cls, *, supergroup: bool = False) -> Fault:
        noun = "supergroup chat" if supergroup else "group chat"
        return cls("error", forbidden(f"bot was kicked from the {noun}"))

    @classmethod
    def migrated(cls, migrate_to_chat_id: int) -> Fault:
        return cls("error", chat_migrated(migrate_to_chat_id))

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        return cls("error", server_error(status))

    @classmethod
    def bad_gateway(cls) -> Fault:
        return cls("error", server_error(502))

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Answer normally, but only after ``seconds``."""
        return cls("delay", seconds=seconds)

    @classmethod
    def timeout(cls, *, processed: bool = False, seconds: float = 3600.0) -> Fault:
        """Never answer (for up to ``seconds``); with ``processed`` the call takes effect."""
        return cls("timeout", seconds=seconds, processed=processed)

    @classmethod
    def lost_answer(cls, *, drop: bool = False, seconds: float = 3600.0) -> Fault:
        """The call takes effect (the message is delivered) but the bot never gets the
        answer: withheld until the client times out (up to ``seconds``), or with ``drop``
        the connection is closed without an answer."""
        return cls("timeout", seconds=0.0 if drop else seconds, processed=True, drop=drop)

    @property
    def loses_answer(self) -> bool:
        return self.kind == "timeout" and self.processed

    def describe(self) -> str:
        if self.api_error is not None:
            return f"{self.api_error.error_code} {self.api_error.description}"
        if self.drop:
            return "lost answer (connection dropped)"
        if self.processed:
            return f"lost answer (withheld {self.seconds:g}s)"
        return f"{self.kind} {self.seconds:g}s"


@dataclass
class InjectedFault:
    """A fault waiting for calls; ``hits`` counts the calls it affected."""

    fault: Fault
    method: str | None
    chat_id: int | None
    remaining: int | None  # None: every matching call, until removed
    hits: int = 0
    probability: float = 1.0  # of hitting each matching call
    rng: random.Random = field(default_factory=random.Random, repr=False)

    @property
    def active(self) -> bool:
        return self.remaining is None or self.remaining > 0

    def matches(self, method: str, chat_id: int | None) -> bool:
        if not self.active:
            return False
        if self.method is not None and self.method != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def refund(self) -> None:
        """The hit had no effect (a lost answer on a call that failed anyway): give it back."""
        self.hits -= 1
        if self.remaining is not None:
            self.remaining += 1


class FaultPlan:
    def __init__(self) -> None:
        self.faults: list[InjectedFault] = []

    def add(
        self,
        method: str | None,
        fault: Fault,
        *,
        times: int | None = 1,
        chat_id: int | None = None,
        probability: float = 1.0,
        seed: int | None = None,
    ) -> InjectedFault:
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"a probability is between 0 and 1, not {probability!r}")
        injected = InjectedFault(
            fault,
            method.lower() if method else None,
            chat_id,
            times if times is None else max(0, times),
            probability=probability,
            rng=random.Random(seed),
        )
        self.faults.append(injected)
        return injected

    def take(self, method: str, chat_id: int | None) -> InjectedFault | None:
        """The first fault that hits this call (a fault with a probability may let it pass
        to the next one)."""
        for injected in self.faults:
            if injected.matches(method, chat_id):
                if injected.probability < 1.0 and injected.rng.random() >= injected.probability:
                    continue
                injected.hits += 1
                if injected.remaining is not None:
                    injected.remaining -= 1
                return injected
        return None

    def clear(self) -> None:
        self.faults.clear()
