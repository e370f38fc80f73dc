"""Webhook mode (issue 14): Telegram POSTs each update to ``telegram.webhook_url``.

PTB's own webhook server (tornado, ``Updater.start_webhook``) receives them on
``telegram.listen``; Telegram sends the secret token in the ``X-Telegram-Bot-Api-Secret-Token``
header of every request and PTB refuses (403) a request without it. The secret is always set:
``telegram.webhook_secret``, or one made up at the first start and kept in the database (so a
restart registers the same one). Switching back to long polling deletes the webhook (PTB's
``start_polling`` does), else Telegram would refuse ``getUpdates``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.clock import Clock
from bot.storage.database import Database
from bot.storage.ops import WEBHOOK_SECRET, OpsRepository

if TYPE_CHECKING:
    from bot.context import CoopApplication
    from bot.settings import Settings

# Telegram: 1-256 characters, A-Z a-z 0-9 _ and -.
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The ports Telegram delivers webhooks to.
TELEGRAM_PORTS = (443, 80, 88, 8443)


def check_webhook_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{url!r} is not a URL such as https://bot.example.org/telegram")
    return url.strip()


def check_secret(value: str) -> str:
    if not SECRET_SHAPE.match(value):
        raise ValueError("1 to 256 characters among A-Z, a-z, 0-9, _ and -")
    return value


def url_path(url: str) -> str:
    """The path PTB's server listens on: that of the public URL (a proxy keeps it)."""
    return urlsplit(url).path.strip("/")


async def webhook_secret(db: Database, configured: str | None, clock: Clock) -> str:
    """The configured secret, else the one kept in the database, else a new one, kept."""
    if configured:
        return configured
    repo = OpsRepository(db)
    found = await repo.get(WEBHOOK_SECRET)
    if found is not None and isinstance(found[0], str) and SECRET_SHAPE.match(found[0]):
        return found[0]
    made = secrets.token_urlsafe(48)  # 64 characters of [A-Za-z0-9_-]
    await repo.put(WEBHOOK_SECRET, made, clock.now())
    return made


async def secret_for(settings: Settings, clock: Clock) -> str:
    """The webhook secret of this bot: configured, or kept in (or made for) its database."""
    configured = settings.telegram.webhook_secret
    db = await Database.open(settings.storage.path)
    try:
        return await webhook_secret(
            db, configured.get_secret_value() if configured is not None else None, clock
        )
    finally:
        await db.close()


def webhook_arguments(settings: Settings, secret: str) -> dict[str, Any]:
    """What ``Application.run_webhook`` / ``Updater.start_webhook`` are given."""
    from bot.app import ALLOWED_UPDATES
    from bot.health import parse_listen

    url = settings.telegram.webhook_url
    assert url is not None
    host, port = parse_listen(settings.telegram.listen)
    return {
        "listen": host,
        "port": port,
        "url_path": url_path(url),
        "webhook_url": url,
        "secret_token": secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


@asynccontextmanager
async def running_webhook(application: CoopApplication, secret: str) -> AsyncIterator[None]:
    """Like :func:`bot.app.running`, in webhook mode: the same steps as
    ``Application.run_webhook`` (tests; ``coopbot run --webhook`` uses run_webhook itself)."""
    from bot.app import lifecycle
    from bot.settings import Settings

    services_settings = application.bot_data.ops.settings if application.bot_data.ops else None
    assert isinstance(services_settings, Settings)
    assert application.updater is not None
    updater = application.updater

    async def start_webhook() -> None:
        await updater.start_webhook(**webhook_arguments(services_settings, secret))

    async with lifecycle(application, start_webhook):
        yield
