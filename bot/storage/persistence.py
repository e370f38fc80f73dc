"""Guided flows kept in SQLite: PTB's persistence over the bot's own database.

A person halfway through ``/evenement``, ``/sondage`` or ``/annonce`` when the bot stops (SIGTERM
or SIGKILL) continues where they were after the restart: the step of each conversation (PTB's
``ConversationHandler``, made persistent) and what it collected so far (``context.user_data``)
live in the tables ``conversations`` and ``user_data`` (migration 0008).

PTB hands its persistence what changed on a timer; the bot asks for it after every update
instead (:class:`PersistingUpdates` in ``bot/app.py``), and :meth:`SqlitePersistence.flush`
writes it in one transaction: only what changed, a step re-entered or a draft modified.
Values are JSON, datetimes tagged as ``{"$dt": ISO}``. Each conversation row carries
``updated_at`` by the project's clock, from which a draft left untouched expires
(``handlers/flows.py``).

Chat data, bot data and callback data are not kept: the bot does not use them.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from bot.clock import Clock, from_iso, to_iso
from bot.storage.database import Database

log = logging.getLogger(__name__)

# A guided flow (and the draft it collected) left untouched this long expires.
FLOW_TTL = timedelta(hours=48)

CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


def _encode(value: object) -> Any:
    if isinstance(value, datetime):
        return {"$dt": to_iso(value)}
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not storable in a conversation: {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if set(obj) == {"$dt"}:
        return from_iso(obj["$dt"])
    return obj


def dumps(value: object) -> str:
    return json.dumps(value, default=_encode, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text, object_hook=_decode)


class ConversationsRepository:
    """The SQL of the tables ``conversations`` and ``user_data``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def all_states(self) -> list[tuple[str, tuple[int, ...], Any, datetime]]:
        rows = await self.db.fetchall("SELECT name, key, state, updated_at FROM conversations")
        return [
            (r["name"], tuple(json.loads(r["key"])), loads(r["state"]), from_iso(r["updated_at"]))
            for r in rows
        ]

    async def all_user_data(self) -> dict[int, dict[Any, Any]]:
        rows = await self.db.fetchall("SELECT user_id, data FROM user_data")
        return {int(r["user_id"]): loads(r["data"]) for r in rows}

    async def write(
        self,
        states: dict[tuple[str, tuple[int, ...]], object | None],
        users: dict[int, dict[Any, Any]],
        now: datetime,
    ) -> None:
        """Steps (None: the conversation ended) and drafts (empty: none), in one transaction."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            for (name, key), state in states.items():
                if state is None:
                    await conn.execute(
                        "DELETE FROM conversations WHERE name = ? AND key = ?",
                        (name, json.dumps(key)),
                    )
                else:
                    await conn.execute(
                        "INSERT INTO conversations (name, key, state, updated_at)"
                        " VALUES (?, ?, ?, ?) ON CONFLICT (name, key) DO UPDATE SET"
                        " state = excluded.state, updated_at = excluded.updated_at",
                        (name, json.dumps(key), dumps(state), stamp),
                    )
            for user_id, data in users.items():
                if not data:
                    await conn.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))
                else:
                    await conn.execute(
                        "INSERT INTO user_data (user_id, data, updated_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (user_id) DO UPDATE SET data = excluded.data,"
                        " updated_at = excluded.updated_at",
                        (user_id, dumps(data), stamp),
                    )

    async def forget_user(self, user_id: int) -> None:
        """Everything a person's flows hold (their right to be forgotten)."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))
            await conn.execute(
                "DELETE FROM conversations WHERE json_extract(key, '$[#-1]') = ?", (user_id,)
            )


class SqlitePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], Any]):
    """PTB persistence writing conversations and user data to the bot's SQLite database.

    The database is opened (and migrated) at the first read, which PTB does in
    ``Application.initialize``, before ``post_init``; the services then share it
    (:meth:`database`). Writes are skipped when nothing changed since the last one.
    """

    def __init__(self, path: str | Path, clock: Clock) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
            update_interval=60,
        )
        self.path = path
        self.clock = clock
        self._db: Database | None = None
        self.repo: ConversationsRepository | None = None
        self._conversations: dict[str, dict[tuple[int, ...], Any]] | None = None
        self._touched: dict[tuple[str, tuple[int, ...]], datetime] = {}
        self._user_json: dict[int, str] = {}
        # Changes not yet written: flushed together, in one transaction, by :meth:`flush`.
        self._states: dict[tuple[str, tuple[int, ...]], object | None] = {}
        self._users: dict[int, dict[Any, Any]] = {}

    async def database(self) -> Database:
        if self._db is None:
            self._db = await Database.open(self.path)
            self.repo = ConversationsRepository(self._db)
        return self._db

    async def _repo(self) -> ConversationsRepository:
        await self.database()
        assert self.repo is not None
        return self.repo

    def touched_at(self, name: str, key: tuple[int, ...]) -> datetime | None:
        """When the conversation ``name`` of ``key`` last changed step (the project's clock)."""
        return self._touched.get((name, key))

    # -- conversations -----------------------------------------------------------------------

    async def _load_conversations(self) -> dict[str, dict[tuple[int, ...], Any]]:
        if self._conversations is None:
            found: dict[str, dict[tuple[int, ...], Any]] = defaultdict(dict)
            for name, key, state, updated_at in await (await self._repo()).all_states():
                found[name][key] = state
                self._touched[(name, key)] = updated_at
            self._conversations = found
        return self._conversations

    async def get_conversations(self, name: str) -> ConversationDict:
        found = (await self._load_conversations()).get(name, {})
        return cast("ConversationDict", dict(found))

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        conversations = await self._load_conversations()
        the_key = tuple(int(k) for k in key)
        now = self.clock.now()
        if new_state is None:
            conversations.get(name, {}).pop(the_key, None)
            self._touched.pop((name, the_key), None)
        else:
            conversations.setdefault(name, {})[the_key] = new_state
            self._touched[(name, the_key)] = now
        self._states[(name, the_key)] = new_state

    # -- user data ---------------------------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        data = await (await self._repo()).all_user_data()
        self._user_json = {user_id: dumps(value) for user_id, value in data.items()}
        return defaultdict(dict, data)

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        text = dumps(data) if data else ""
        if self._user_json.get(user_id, "") == text:
            return  # nothing changed: the hot paths (poll answers...) cost no write
        self._user_json[user_id] = text
        self._users[user_id] = data

    async def drop_user_data(self, user_id: int) -> None:
        self._user_json.pop(user_id, None)
        self._users[user_id] = {}

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Nothing to refresh: this process is the only writer of its flows."""

    # -- what the bot does not keep ----------------------------------------------------------

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return defaultdict(dict)

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Not kept."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not kept."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Not kept."""

    async def get_bot_data(self) -> Any:
        return None

    async def update_bot_data(self, data: Any) -> None:
        """Not kept."""

    async def refresh_bot_data(self, bot_data: Any) -> None:
        """Not kept."""

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Not kept."""

    async def close(self) -> None:
        """Close the connection (already closed by the services when they took it: no-op)."""
        if self._db is not None:
            await self._db.close()

    async def flush(self) -> None:
        """Write what changed since the last flush, in one transaction: a step and its draft
        are never stored one without the other. Called after every update (``bot/app.py``)
        and when the bot stops."""
        if not self._states and not self._users:
            return
        states, users = self._states, self._users
        self._states, self._users = {}, {}
        await (await self._repo()).write(states, users, self.clock.now())
