"""Webhook mode (issue 14), end to end: the emulator POSTs updates to PTB's webhook server with
the secret header, as Telegram does behind the administrator's reverse proxy; a restart keeps
the secret and gets what was sent meanwhile; going back to long polling deletes the webhook."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
import pytest

from bot.app import ALLOWED_UPDATES, build_application, running
from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.sandbox.webhook import SECRET_HEADER
from bot.settings import Settings
from bot.webhook import running_webhook, secret_for
from tests.conftest import ALICE, BOB

PUBLIC = "https://bot.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def webhook_settings(settings: Settings, sandbox: Sandbox) -> Settings:
    port = free_port()
    sandbox.route_webhook(PUBLIC, f"http://127.0.0.1:{port}")
    return settings.model_copy(
        update={
            "telegram": settings.telegram.model_copy(
                update={"webhook_url": f"{PUBLIC}/telegram/hook", "listen": f"127.0.0.1:{port}"}
            )
        }
    )


async def test_updates_arrive_by_webhook_with_the_secret_and_survive_a_restart(
    webhook_settings: Settings, sandbox: Sandbox, clock: FrozenClock
) -> None:
    secret = await secret_for(webhook_settings, clock)
    assert len(secret) >= 32
    assert await secret_for(webhook_settings, clock) == secret  # kept in the database
    local = f"http://{webhook_settings.telegram.listen}/telegram/hook"

    application = build_application(webhook_settings, clock=clock)
    async with running_webhook(application, secret):
        registered = sandbox.calls("setWebhook")[-1]
        assert registered.params["url"] == f"{PUBLIC}/telegram/hook"
        assert registered.params["secret_token"] == secret
        assert registered.params["allowed_updates"] == ALLOWED_UPDATES
        assert not sandbox.calls("getUpdates")
        await sandbox.send_text(ALICE, "/aide")
        assert "/projets" in (await sandbox.wait_for_message(ALICE))["text"]
        posted = sandbox.webhook.attempts[-1]
        assert posted.url == local and posted.status == 200

        # Without the secret (or with a wrong one), PTB's server refuses the request.
        update = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 0,
                "text": "x",
                "chat": {"id": BOB, "type": "private"},
            },
        }
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "wrong"}):
                async with http.post(local, json=update, headers=headers) as response:
                    assert response.status == 403
        await sandbox.expect_no_message(BOB)

    # Stopped: Telegram keeps the update and retries until the bot answers 2xx.
    after = sandbox.mark()
    await sandbox.send_text(ALICE, "/projets")
    deadline = asyncio.get_running_loop().time() + 30
    while not any(a.status is None for a in sandbox.webhook.attempts):
        assert asyncio.get_running_loop().time() < deadline, sandbox.webhook.attempts
        await asyncio.sleep(0.02)
    info = await sandbox_call(sandbox, "getWebhookInfo")
    assert info["pending_update_count"] == 1 and "last_error_message" in info

    application = build_application(webhook_settings, clock=clock)
    again = await secret_for(webhook_settings, clock)
    assert again == secret  # the same secret after a restart
    async with running_webhook(application, again):
        reply = await sandbox.wait_for_message(ALICE, after=after, timeout=10)
        assert "Terr" in reply["text"]  # /projets answered once the bot was back
        await sandbox.wait_until_delivered()

    # Back to long polling: the webhook is deleted, updates are fetched again.
    application = build_application(
        webhook_settings.model_copy(
            update={"telegram": webhook_settings.telegram.model_copy(update={"webhook_url": None})}
        ),
        clock=clock,
    )
    async with running(application, poll_timeout=1):
        assert sandbox.calls("deleteWebhook")
        assert sandbox.world.webhook_url == ""
        await sandbox.send_text(BOB, "/help")
        assert "/projects" in (await sandbox.wait_for_message(BOB))["text"]


async def sandbox_call(sandbox: Sandbox, method: str) -> dict[str, object]:
    url = f"{sandbox.api_base_url}{sandbox.token}/{method}"
    async with aiohttp.ClientSession() as http, http.post(url) as response:
        body = await response.json()
    result = body["result"]
    assert isinstance(result, dict)
    return result


async def test_the_webhook_options_of_coopbot_run_are_checked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.cli import main

    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "4242:TEST-token")
    for argv in (
        ["run", "--webhook", "bot.example.org/hook"],
        ["run", "--webhook", f"{PUBLIC}/hook", "--listen", "8443"],
        ["run", "--health", "localhost"],
    ):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
        err = capsys.readouterr().err  # one line, in the terminal's language (French here)
        assert err.startswith(f"coopbot: option {argv[-2]} non valide") and err.count("\n") == 1
    monkeypatch.setenv("COOPBOT_TELEGRAM__WEBHOOK_SECRET", "not secret!")
    with pytest.raises(SystemExit) as stopped:
        main(["run"])
    assert stopped.value.code == 2
    assert "telegram.webhook_secret" in capsys.readouterr().err
