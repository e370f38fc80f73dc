"""The real programs as subprocesses: `coopbot run` configured by environment variables only,
and `coopbot demo` scripted through standard input."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.sandbox import Sandbox
from tests.demo.test_demo_process import run_demo_process

TOKEN = "5151:subprocess-token-abcdefghijklmnop"
USER = 3001


async def test_coopbot_run_with_environment_only(tmp_path: Path) -> None:
    async with Sandbox(TOKEN) as sandbox:
        sandbox.add_user(USER, "Fatou", language_code="fr")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "COOPBOT_TELEGRAM__TOKEN": TOKEN,
            "COOPBOT_TELEGRAM__API_BASE_URL": sandbox.api_base_url,
            "COOPBOT_TELEGRAM__FILE_BASE_URL": sandbox.file_base_url,
            "COOPBOT_STORAGE__PATH": str(tmp_path / "bot.sqlite3"),
            "COOPBOT_COORDINATORS": "[3002]",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            # Ready (commands set, then polling) once started: a busy machine may take many
            # seconds to start Python and import everything. A long-polling getUpdates only
            # finishes when an update comes, so wait for the menu instead.
            try:
                await sandbox.wait_for_call("setMyCommands", timeout=60)
            except TimeoutError:
                process.kill()
                output, _ = await process.communicate()
                raise AssertionError(output.decode()) from None
            await sandbox.send_text(USER, "/start")
            assert await sandbox.wait_for_message(USER, timeout=30)
            await sandbox.send_text(USER, "/help")
            reply = await sandbox.wait_for_message(USER, timeout=30)
            assert "/projets" in reply["text"]
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            output, _ = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, output.decode()
        assert TOKEN not in output.decode()
        assert TOKEN.split(":")[1] not in output.decode()


async def test_scripted_demo_answers_each_line_and_exits(tmp_path: Path) -> None:
    script = "/help\nqui finance terress ?\n:coord\n/aide\n"
    code, text, err = await run_demo_process(
        tmp_path,
        script,
        # An administrator's real settings in the environment never reach the demo.
        env={
            "COOPBOT_STORAGE__PATH": str(tmp_path / "real.sqlite3"),
            "COOPBOT_TELEGRAM__TOKEN": "1:real-token-of-the-association",
            "COOPBOT_TELEGRAM__API_BASE_URL": "http://127.0.0.1:9/bot",
        },
    )
    assert code == 0, err
    assert "/projects" in text or "/projets" in text
    assert "67,5" in text
    assert "/annonce" in text  # the coordinator's help
    assert not (tmp_path / "real.sqlite3").exists()
