"""The bot as a real ``coopbot run`` subprocess, for the benchmarks that kill and restart it."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path
from typing import IO

from bot.sandbox import Sandbox


class BotProcess:
    """``coopbot run`` in a subprocess; its output goes to a log file."""

    def __init__(self, env: dict[str, str], workdir: Path, log: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.log = log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, sandbox: Sandbox) -> None:
        before = len(sandbox.calls("getUpdates"))
        out: IO[bytes] = self.log.open("ab")
        try:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=self.workdir,
                env=self.env,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        finally:
            out.close()
        deadline = time.monotonic() + 60
        while len(sandbox.calls("getUpdates")) <= before:  # polling: ready
            if self.proc.returncode is not None:
                raise RuntimeError(f"the bot exited ({self.proc.returncode}): see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not start: see {self.log}")
            await asyncio.sleep(0.05)

    async def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, nothing."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.terminate()
        try:
            await asyncio.wait_for(self.proc.wait(), timeout=20)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
