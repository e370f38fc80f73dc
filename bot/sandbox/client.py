"""A small async client for the sandbox's HTTP test API (``/_sandbox/<action>``).

For tests that run the bot in another process (``python -m bot ...`` pointed at a
standalone or in-test sandbox): the same actions as the in-process test API, over HTTP.

    async with SandboxClient("http://127.0.0.1:8081") as client:
        await client.send_text(100, "/start")
        reply = await client.wait_for_message(100)
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

import aiohttp

from .errors import SandboxError, WaitTimeout

JSON = dict[str, Any]


class SandboxClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SandboxClient:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(self, action: str, **kwargs: Any) -> Any:
        """Run one test-API action; raise :class:`SandboxError` / :class:`WaitTimeout`."""
        if self._session is None:
            raise RuntimeError("use 'async with SandboxClient(...)'")
        url = f"{self.base_url}/_sandbox/{action}"
        async with self._session.post(url, json=kwargs) as response:
            payload = await response.json()
        if response.status == 408:
            raise WaitTimeout(payload.get("error", "timeout"))
        if not payload.get("ok"):
            raise SandboxError(payload.get("error", f"HTTP {response.status}"))
        return payload["result"]

    # The most used actions, typed; everything else through call().
    async def add_user(self, user_id: int, first_name: str, **kwargs: Any) -> JSON:
        result: JSON = await self.call("add_user", user_id=user_id, first_name=first_name, **kwargs)
        return result

    async def send_text(self, user_id: int, text: str, **kwargs: Any) -> JSON:
        result: JSON = await self.call("send_text", user_id=user_id, text=text, **kwargs)
        return result

    async def send_document(
        self, user_id: int, filename: str, data: bytes, caption: str | None = None, **kwargs: Any
    ) -> JSON:
        result: JSON = await self.call(
            "send_document",
            user_id=user_id,
            filename=filename,
            data_base64=base64.b64encode(data).decode(),
            caption=caption,
            **kwargs,
        )
        return result

    async def press_button(self, user_id: int, message: JSON, button: str) -> str:
        result: str = await self.call(
            "press_button", user_id=user_id, message=message, button=button
        )
        return result

    async def vote(self, user_id: int, poll_id: str, option_ids: Iterable[int]) -> JSON:
        result: JSON = await self.call(
            "vote", user_id=user_id, poll_id=poll_id, option_ids=list(option_ids)
        )
        return result

    async def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        result: list[JSON] = await self.call("sent_messages", chat_id=chat_id)
        return result

    async def mark(self) -> int:
        result: int = await self.call("mark")
        return result

    async def wait_for_message(
        self,
        chat_id: int,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        after: int | None = None,
        include_edits: bool = False,
    ) -> JSON:
        result: JSON = await self.call(
            "wait_for_message",
            chat_id=chat_id,
            timeout=timeout,
            after=after,
            include_edits=include_edits,
        )
        return result

    async def file_bytes(self, file_id: str) -> bytes:
        result: JSON = await self.call("file", file_id=file_id)
        return base64.b64decode(result["data_base64"])
