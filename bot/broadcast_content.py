"""What an announcement sends (the Bot API call, the same for the preview and for everyone:
sent by :func:`bot.delivery.send_payload`), and why a recipient did not get it (a stable
reason key for each outbox row's final error)."""

from __future__ import annotations

from typing import Any

# -- content ----------------------------------------------------------------------------------


def payload_of(content_type: str, body: str, file_id: str | None) -> dict[str, Any]:
    """The Bot API call that sends the announcement: the same for the preview and everyone.

    Parse mode and link previews are explicit: the outbox's bot has no ``Defaults``.
    """
    if content_type == "text":
        return {
            "method": "sendMessage",
            "text": body,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
    if content_type not in ("photo", "document") or not file_id:
        raise ValueError(f"cannot send a {content_type!r} announcement without a file")
    payload: dict[str, Any] = {"method": "sendPhoto" if content_type == "photo" else "sendDocument"}
    payload[content_type] = file_id
    if body:
        payload["caption"] = body
        payload["parse_mode"] = "HTML"
    return payload


# -- failure reasons --------------------------------------------------------------------------

REASONS = (
    "blocked",
    "kicked",
    "deactivated",
    "not_started",
    "forbidden",
    "chat_not_found",
    "bad_request",
    "gave_up",
    "timeout",
    "interrupted",
    "error",
    "cancelled",
)


def reason_of(state: str, error: str | None) -> str:
    """A stable reason key (``broadcast.reasons.<key>``) for an outbox row's final error."""
    text = (error or "").lower()
    if state == "cancelled":
        return "cancelled"
    if state == "unreachable":
        if "blocked" in text:
            return "blocked"
        if "kicked" in text or "not a member" in text or "removed" in text:
            return "kicked"
        if "deactivated" in text:
            return "deactivated"
        if "initiate" in text:
            return "not_started"
        return "forbidden"
    if state == "uncertain":
        return "interrupted" if "interrupted" in text else "timeout"
    if "chat not found" in text:
        return "chat_not_found"
    if text.startswith("bad_request"):
        return "bad_request"
    if text.startswith(("network", "retry_after", "timeout", "migrated")):
        return "gave_up"
    return "error"
