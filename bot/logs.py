"""Logging set-up. The bot token (and the webhook secret) never reach a log line.

httpx logs every request URL, and Bot API URLs contain the token: a filter on the root handler
replaces the token, the secrets given (and anything shaped like a token) with ``<token>``; httpx
is also kept at WARNING.

Two formats (``logging.format``): ``text``, one readable line per event, and ``json``, one JSON
object per line (``time``, ``level``, ``logger``, ``message``, and ``exception`` when there is
one) for journald, Docker or a log collector. At INFO and above, coopbot logs no personal
message text (what people write is only logged at DEBUG).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime

TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        # Case-insensitive: error messages may come back with their case changed.
        self.secrets = [re.compile(re.escape(s), re.IGNORECASE) for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = secret.sub("<token>", text)
        return TOKEN_SHAPE.sub("<token>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, redacted, so the handler does not print the raw one.
            formatter = logging.Formatter()
            clean += "\n" + self.redact(formatter.formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line; a traceback (already redacted) stays inside its line."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        # The redacting filter appended the traceback to the message; keep it apart.
        if "\nTraceback (most recent call last):" in message:
            message, _, trace = message.partition("\n")
            entry["exception"] = trace
        elif record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        entry["message"] = message
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(
    token: str, level: str = "INFO", *, secrets: Iterable[str] = (), fmt: str = "text"
) -> logging.Handler:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonLinesFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter([token, *secrets]))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Tornado (the webhook server) logs each request at INFO, with its path: WARNING and up.
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    return handler
