"""Errors of the Bot API emulator.

:class:`ApiError` is what a Bot API method raises to answer with Telegram's error JSON
(``{"ok": false, "error_code": N, "description": "...", "parameters": {...}}``); the
constructors below produce the exact descriptions Telegram uses for the situations the
emulator reproduces. :class:`SandboxError` is raised by the in-process *test API* when a
test asks for something impossible (unknown user, button absent from a message...), and
:class:`WaitTimeout` when an awaited bot message does not arrive.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer of the Bot API (``ok: false``)."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body

    def __repr__(self) -> str:
        return f"ApiError({self.error_code}, {self.description!r}, {self.parameters!r})"


def bad_request(detail: str) -> ApiError:
    """400 ``Bad Request: <detail>``."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """403 ``Forbidden: <detail>``."""
    return ApiError(403, f"Forbidden: {detail}")


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """What Telegram answers for an unknown method."""
    return ApiError(404, "Not Found")


def conflict(detail: str) -> ApiError:
    return ApiError(409, f"Conflict: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    retry_after = max(1, int(retry_after))
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def chat_migrated(migrate_to_chat_id: int) -> ApiError:
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": migrate_to_chat_id},
    )


def server_error(status: int = 500) -> ApiError:
    descriptions = {
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }
    return ApiError(status, descriptions.get(status, "Internal Server Error"))


class SandboxError(Exception):
    """A test drove the emulator into an impossible situation (a bug in the test)."""


class WaitTimeout(TimeoutError):
    """An awaited bot message (or callback answer) did not come in time."""
