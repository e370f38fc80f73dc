"""The typed ``CallbackContext``: handlers get the services through ``context.services``.

Following PTB's ``contexttypesbot`` example, ``bot_data`` is an object (not a dict of string
keys) holding the :class:`~bot.services.Services` built in ``post_init``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.health import Operations
    from bot.services import Services


class BotData:
    """Application-wide state: the services, set once at start, and the health monitor."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.ops: Operations | None = None  # health, heartbeat, metrics (bot/health.py)
        # user id -> language of the coordinators' menu set in their chat (handlers/menus.py)
        self.menus: dict[int, str] = {}


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:  # pragma: no cover - only before post_init
            raise RuntimeError("services are not ready: post_init has not run")
        return services


CoopApplication = Application[ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
