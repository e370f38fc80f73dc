"""Webhook delivery, as Telegram does it (for coopbot's webhook mode, issue 14).

After ``setWebhook(url, secret_token, allowed_updates)`` the updates are no longer handed out by
``getUpdates`` (which answers 409) but POSTed, one at a time and in order, to the URL as JSON,
with the ``X-Telegram-Bot-Api-Secret-Token`` header when a secret was set. An update is
forgotten once the bot answers 2xx; any other answer, or no answer (connection refused,
timeout), is retried after a growing delay, and recorded in ``getWebhookInfo``
(``last_error_date``, ``last_error_message``, ``pending_update_count``). ``deleteWebhook`` stops
the deliveries; what is still pending is then for ``getUpdates``.

Telegram only calls HTTPS URLs on ports 443, 80, 88 and 8443; a real bot sits behind a reverse
proxy that terminates TLS. The emulator plays that proxy: :meth:`Sandbox.route_webhook` maps the
public URL prefix the bot registers to the local address the bot listens on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from bot.sandbox.state import World

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class WebhookAttempt:
    """One POST of an update to the bot."""

    update_id: int
    url: str
    status: int | None  # None: no answer (connection refused, timeout)
    error: str | None = None


@dataclass
class WebhookDeliverer:
    world: World
    retry_first: float = 0.05
    retry_max: float = 1.0
    timeout: float = 10.0
    routes: dict[str, str] = field(default_factory=dict)
    attempts: list[WebhookAttempt] = field(default_factory=list)
    last_error: tuple[int, str] | None = None  # (unix time, message) for getWebhookInfo
    _task: asyncio.Task[None] | None = None
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    def route(self, public_prefix: str, local_prefix: str) -> None:
        self.routes[public_prefix.rstrip("/")] = local_prefix.rstrip("/")

    def target(self, url: str) -> str:
        for public, local in sorted(self.routes.items(), key=lambda r: -len(r[0])):
            if url == public or url.startswith(public + "/"):
                return local + url[len(public) :]
        return url

    def changed(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        self.world.listeners.append(self.changed)
        self._task = asyncio.create_task(self._run(), name="sandbox-webhook")

    async def stop(self) -> None:
        if self.changed in self.world.listeners:
            self.world.listeners.remove(self.changed)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        delay = self.retry_first
        async with aiohttp.ClientSession() as session:
            while True:
                self._wake.clear()
                world = self.world
                if not world.webhook_url or not world.updates:
                    await self._wake.wait()
                    continue
                update = world.updates[0]
                if await self._post(session, world.webhook_url, update):
                    delay = self.retry_first
                    world.confirm_updates(int(update["update_id"]) + 1)
                    continue
                with contextlib.suppress(TimeoutError):
                    # A new setWebhook (or deleteWebhook) retries at once.
                    await asyncio.wait_for(self._wake.wait(), timeout=delay)
                delay = min(self.retry_max, delay * 2)

    async def _post(self, session: aiohttp.ClientSession, url: str, update: Any) -> bool:
        headers = {"Content-Type": "application/json"}
        if self.world.webhook_secret:
            headers[SECRET_HEADER] = self.world.webhook_secret
        target = self.target(url)
        update_id = int(update["update_id"])
        try:
            async with session.post(
                target,
                data=json.dumps(update),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            message = f"Connection refused or lost ({type(exc).__name__})"
            self.attempts.append(WebhookAttempt(update_id, target, None, message))
            self._failed(message)
            return False
        self.attempts.append(WebhookAttempt(update_id, target, status))
        if 200 <= status < 300:
            return True
        self._failed(f"Wrong response from the webhook: {status}")
        return False

    def _failed(self, message: str) -> None:
        self.last_error = (self.world.now(), message)
        logger.info("webhook delivery failed: %s", message)
