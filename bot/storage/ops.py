"""``ops_state``: the running bot's heartbeat and the values it keeps for itself (issue 14)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.clock import from_iso, to_iso
from bot.storage.database import Database

HEARTBEAT = "heartbeat"
WEBHOOK_SECRET = "webhook_secret"


class OpsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(self, key: str, value: Any, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO ops_state (key, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            (key, json.dumps(value), to_iso(now)),
        )

    async def get(self, key: str) -> tuple[Any, datetime] | None:
        row = await self.db.fetchone(
            "SELECT value, updated_at FROM ops_state WHERE key = ?", (key,)
        )
        return None if row is None else (json.loads(row[0]), from_iso(row[1]))
