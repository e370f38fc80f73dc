"""The health endpoint, the metrics and `coopbot status` (issue 14), end to end."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main
from bot.clock import FrozenClock, to_iso
from bot.sandbox import Fault, Sandbox
from bot.settings import Settings
from tests.conftest import ALICE
from tests.ops.conftest import bot_running, services_of


@pytest.fixture
def health_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"health": settings.health.model_copy(update={"listen": "127.0.0.1:0"})}
    )


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


def metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or (
            line.startswith(name + "{") and line.split(" ")[0] == name
        ):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {name} in\n{text}")


async def test_healthz_and_metrics_while_the_bot_works(
    health_settings: Settings, sandbox: Sandbox, clock: FrozenClock, terminal: Path
) -> None:
    async with bot_running(health_settings, clock) as application:
        ops = application.bot_data.ops
        assert ops is not None and ops.address is not None
        base = f"http://{ops.address[0]}:{ops.address[1]}"
        deadline = asyncio.get_running_loop().time() + 30
        while not (ops.updates_at is not None and services_of(application).scheduler.last_beat):
            # (the first getUpdates answers within the poll timeout; a busy machine may take
            # seconds more)
            assert asyncio.get_running_loop().time() < deadline, "no getUpdates, no beat"
            await asyncio.sleep(0.05)
        status, body = await get(f"{base}/healthz")
        health = json.loads(body)
        assert status == 200, body
        assert health["status"] == "ok" and health["failing"] == []
        assert set(health["checks"]) == {"database", "updates", "scheduler", "outbox"}
        assert health["mode"] == "polling"

        _, before = await get(f"{base}/metrics")
        sandbox.inject_fault("sendMessage", Fault.retry_after(1), times=1)
        await sandbox.send_text(ALICE, "/aide")
        await sandbox.wait_for_message(ALICE, timeout=30)  # (after a 1 s retry_after)
        await sandbox.send_text(ALICE, "/projets")
        await sandbox.wait_for_message(ALICE)
        status, after = await get(f"{base}/metrics")
        assert status == 200
        key = 'coopbot_updates_total{type="message"}'
        assert metric(after, key) - _or_zero(before, key) >= 2
        assert metric(after, "coopbot_answer_seconds_count") >= 2
        assert (
            metric(after, "coopbot_telegram_429_total")
            - _or_zero(before, "coopbot_telegram_429_total")
            >= 1
        )
        for name in (
            "coopbot_outbox_backlog",
            'coopbot_deliveries_total{outcome="sent"}',
            "coopbot_reminders_late_total",
            "coopbot_poll_answers_stored_total",
        ):
            metric(after, name)
        assert "coopbot_errors_total" in after

        # `coopbot status`, from the database alone, agrees.
        assert await asyncio.to_thread(main, ["status"]) == 0

        # The outbox stuck: messages waiting for ten minutes, nothing sent meanwhile.
        services = services_of(application)
        await services.delivery.stop()
        old = to_iso(clock.now() - timedelta(minutes=10))
        await services.db.execute(
            "INSERT INTO outbox (kind, ref, chat_id, payload, created_at, updated_at)"
            " VALUES ('notice', 'stuck', ?, '{}', ?, ?)",
            (ALICE, old, old),
        )
        await services.db.execute("UPDATE outbox SET updated_at = ?", (old,))
        ops.updates_at = time.monotonic() - 3600  # and no getUpdates answered for an hour
        status, body = await get(f"{base}/healthz")
        health = json.loads(body)
        assert status == 503
        assert "outbox" in health["failing"]
        assert "1 waiting, nothing sent for 10 min" in health["checks"]["outbox"]["detail"]
        assert await asyncio.to_thread(main, ["status"]) == 1
        await services.db.execute("DELETE FROM outbox WHERE ref = 'stuck'")


def _or_zero(text: str, name: str) -> float:
    try:
        return metric(text, name)
    except AssertionError:
        return 0.0


async def test_status_in_the_terminal(
    settings: Settings,
    sandbox: Sandbox,
    clock: FrozenClock,
    terminal: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await asyncio.to_thread(main, ["status"]) == 1
    assert "no database at" in capsys.readouterr().out
    async with bot_running(settings, clock):
        deadline = asyncio.get_running_loop().time() + 30
        while await asyncio.to_thread(main, ["status", "--json"]) != 0:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(capsys.readouterr().out)
            await asyncio.sleep(0.05)
        capsys.readouterr()
        assert await asyncio.to_thread(main, ["status"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("coopbot: healthy")
        for part in ("database", "bot", "updates", "scheduler", "outbox"):
            assert f"  {part}" in out
    assert await asyncio.to_thread(main, ["status"]) == 1
    out = capsys.readouterr().out
    assert "UNHEALTHY: bot" in out and "stopped" in out
    # Long after: not seen since.
    clock.set(clock.now() + timedelta(hours=3))
    assert await asyncio.to_thread(main, ["status", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "failing" and report["failing"] == ["bot"]
