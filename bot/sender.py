"""The Telegram side of the outbox: the ``Bot`` that :class:`~bot.delivery.Delivery` sends
through, handed to :meth:`bot.services.Services.open` as ``sender``.

The running bot gives :func:`outbox_bot` (its own ``Bot``: no PTB rate limiter in its way,
since the delivery engine paces and retries itself, see ``bot/delivery.py``). A terminal
command gives :func:`lazy_sender`: no ``Bot`` is made (and no token needed) unless something
is actually sent, which only ``coopbot broadcast send`` does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias, cast

from telegram import Bot

from bot.metrics import ObservedRequest
from bot.settings import Settings

# What the outbox sends through (a PTB Bot, or a stand-in with its methods).
Sender: TypeAlias = Bot


def outbox_bot(settings: Settings) -> Bot:
    """The outbox's own Bot (initialised by ``Services.open``, shut down at its close)."""
    return Bot(
        settings.telegram.require_token(),
        base_url=settings.telegram.api_base_url,
        base_file_url=settings.telegram.file_base_url,
        # (ObservedRequest: PTB's HTTPXRequest counting Telegram's 429s for /metrics.)
        request=ObservedRequest(connection_pool_size=64, read_timeout=15, write_timeout=15),
    )


class LazySender:
    """A Bot made, and initialised, on the first call of one of its methods."""

    def __init__(self, make: Callable[[], Bot]) -> None:
        self._make = make
        self._bot: Bot | None = None
        self._lock = asyncio.Lock()

    @property
    def made(self) -> bool:
        return self._bot is not None

    async def _get(self) -> Bot:
        async with self._lock:
            if self._bot is None:
                bot = self._make()
                await bot.initialize()
                self._bot = bot
        return self._bot

    async def initialize(self) -> None:
        """Nothing to do yet: the Bot is made when first needed."""

    async def shutdown(self) -> None:
        if self._bot is not None:
            await self._bot.shutdown()
            self._bot = None

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        if name.startswith("_"):
            raise AttributeError(name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            method = getattr(await self._get(), name)
            return await method(*args, **kwargs)

        return call


def lazy_sender(settings: Settings) -> Sender:
    """For terminal commands: a Bot only if something is sent (then the token is needed)."""
    return cast(Bot, LazySender(lambda: outbox_bot(settings)))
