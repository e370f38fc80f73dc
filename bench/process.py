"""The bot as a real ``coopbot run`` subprocess, for the benchmarks that kill and restart it
or measure its CPU time."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Any

from bot.sandbox import Sandbox


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from ``/proc/PID/stat``: unlike
    wall time, it does not grow when the machine is busy with something else."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": field 3 is fields[0]
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15, in clock ticks
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


class BotProcess:
    """``coopbot run`` (or ``command``: python's arguments) in a subprocess; its output goes
    to a log file."""

    def __init__(
        self, env: dict[str, str], workdir: Path, log: Path, command: list[str] | None = None
    ) -> None:
        self.env = env
        self.workdir = workdir
        self.log = log
        self.command = command or ["-m", "bot", "run"]
        self.proc: asyncio.subprocess.Process | None = None

    def cpu(self) -> float:
        """CPU seconds the running bot process has used."""
        assert self.proc is not None
        return cpu_seconds(self.proc.pid)

    async def start(self, sandbox: Sandbox) -> None:
        before = len(sandbox.calls("getUpdates"))
        out: IO[bytes] = self.log.open("ab")
        try:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                *self.command,
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


def bot_environment(
    sandbox: Sandbox, token: str, db_path: Path, scale: float, **more: str
) -> dict[str, str]:
    """The bot's settings, by environment only: this process's environment without its
    ``COOPBOT_`` variables, the emulator's URLs, the database, Telegram's flood limits times
    ``scale``, and ``more`` (``COOPBOT_...`` names)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPBOT_")}
    env.update(
        COOPBOT_TELEGRAM__TOKEN=token,
        COOPBOT_TELEGRAM__API_BASE_URL=sandbox.api_base_url,
        COOPBOT_TELEGRAM__FILE_BASE_URL=sandbox.file_base_url,
        COOPBOT_TELEGRAM__POLL_TIMEOUT="2",
        COOPBOT_STORAGE__PATH=str(db_path),
        COOPBOT_DELIVERY__OVERALL_PER_SECOND=str(30 * scale),
        COOPBOT_DELIVERY__PER_CHAT_PER_SECOND=str(1 * scale),
        COOPBOT_DELIVERY__PER_GROUP_PER_MINUTE=str(20 * scale),
        **more,
    )
    return env


def run_in_workdir(bench: Callable[[Any, Path], Awaitable[None]], args: Any) -> None:
    """Run ``bench(args, workdir)``: in ``args.keep`` (kept for reading the logs) or in a
    temporary folder removed afterwards."""
    if args.keep:
        workdir = Path(args.keep)
        workdir.mkdir(parents=True, exist_ok=True)
        asyncio.run(bench(args, workdir))
        return
    with tempfile.TemporaryDirectory(prefix="coopbot-bench-") as tmp:
        asyncio.run(bench(args, Path(tmp)))
