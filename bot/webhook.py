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
from urllib.parse import urlsplit

from bot.clock import Clock
from bot.storage.database import Database
from bot.storage.ops import WEBHOOK_SECRET, OpsRepository

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
