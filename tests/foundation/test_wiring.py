"""Wired in one place: ``Services.open`` builds the whole application over one connection and
closes it; terminal commands get the same services without any Telegram ``Bot`` unless
something is sent (``bot/sender.py``); the services read the knowledge through one interface."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import Bot

from bot.clock import FrozenClock
from bot.names import Loaded, names_of
from bot.sandbox import Sandbox
from bot.sender import LazySender, lazy_sender, outbox_bot
from bot.services import Services
from bot.settings import Settings
from bot.storage.outbox import OutboxItem
from tests.conftest import ALICE


async def test_open_builds_everything_on_one_connection_and_closes_it(
    settings: Settings, clock: FrozenClock
) -> None:
    async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
        db = services.db
        assert await db.fetchval("SELECT COUNT(*) FROM members") == 0  # migrated
        # Every service reads and writes through that one connection.
        assert services.members.repo.db is db
        assert services.events.repo.db is db
        assert services.polls.repo.db is db
        assert services.broadcasts.repo.db is db
        assert services.delivery.repo.db is db
        # One clock, one knowledge, one scheduler for all.
        assert services.events.clock is clock and services.polls.clock is clock
        assert services.events.knowledge is services.knowledge
        assert services.polls.knowledge is services.knowledge
        assert services.broadcasts.members is services.members
        assert services.activity.members is services.members
    with pytest.raises((ValueError, sqlite3.ProgrammingError, AttributeError)):
        await db.fetchval("SELECT 1")  # closed on leaving the block


async def test_a_terminal_command_makes_no_bot_until_something_is_sent(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    made: list[Bot] = []

    def make() -> Bot:
        made.append(outbox_bot(settings))
        return made[-1]

    sender = LazySender(make)
    async with Services.open(settings, clock=clock, sender=sender) as services:
        await services.knowledge.start()
        assert await services.members.all() == []
        await services.delivery.enqueue(
            [OutboxItem("test", "t:1", ALICE, {"method": "sendMessage", "text": "hello"})]
        )
        assert made == [] and not sender.made  # queued, nothing sent: no Bot
        assert sandbox.calls() == []
        await services.delivery.start()
        await services.delivery.wait_idle()
        assert len(made) == 1 and sender.made  # the first send made it
        await services.delivery.stop()
    assert [m["text"] for m in sandbox.sent_messages(ALICE)] == ["hello"]
    assert not sender.made  # shut down with the services


def test_a_lazy_sender_needs_no_token_until_it_sends(tmp_path: Path) -> None:
    settings = Settings(storage={"path": tmp_path / "x.sqlite3"})
    sender = lazy_sender(settings)  # no token configured: still fine
    assert isinstance(sender, LazySender)
    with pytest.raises(AttributeError):
        sender._private  # noqa: B018 - only Bot API methods are forwarded


def test_reminder_offsets_are_read_once_as_durations(tmp_path: Path) -> None:
    settings = Settings(reminders={"offsets": ["1h", "2d", "30m", "1h", "0m"]})
    assert settings.reminders.offsets == (
        timedelta(days=2),
        timedelta(hours=1),
        timedelta(minutes=30),
        timedelta(0),
    )
    assert settings.reminders.keys == ["2d", "1h", "30m", "0m"]
    with pytest.raises(ValueError, match='invalid offset "7x"'):
        Settings(reminders={"offsets": ["7x"]})


def test_one_name_finder_with_its_did_you_mean() -> None:
    from bot.knowledge.loader import load_knowledge

    kb = load_knowledge()
    names = names_of(Loaded(kb).kb)
    assert names is names_of(kb)  # built once per knowledge base
    assert names.projects.get("Terr'ESS") is kb.projects["terress"]
    assert names.projects.get("TERRESS") is kb.projects["terress"]
    assert names.projects.get("coper") is None
    assert "COOP'R" in names.projects.find("coper").suggestions  # did you mean COOP'R?
