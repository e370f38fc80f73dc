"""``coopbot demo`` removes its temporary folder on every way out: end of input, cancellation
(Ctrl-C cancels the demo's task)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
from pathlib import Path

from bot.demo import run_demo
from tests.demo.conftest import Lines


def folder_of(banner: str) -> Path:
    found = re.search(r"temporary database \(([^)]+)\)", banner)
    assert found, banner
    return Path(found.group(1))


async def test_the_folder_is_removed_at_the_end_of_input() -> None:
    out = io.StringIO()
    assert await run_demo(interactive=False, stream=out, lines=io.StringIO(""), settle=0.05) == 0
    folder = folder_of(out.getvalue())
    assert folder.name.startswith("coopbot-demo-") and not folder.exists()


async def test_the_folder_is_removed_when_the_demo_is_interrupted() -> None:
    out, lines = io.StringIO(), Lines()
    task = asyncio.create_task(run_demo(interactive=False, stream=out, lines=lines, settle=0.05))
    for _ in range(600):  # the banner is printed once the folder exists
        if "temporary database (" in out.getvalue():
            break
        await asyncio.sleep(0.05)
    folder = folder_of(out.getvalue())
    assert folder.exists()
    started = len(out.getvalue())
    lines.put("/aide")  # interrupted once the bot is running (it has answered a message)
    for _ in range(600):
        if len(out.getvalue()) > started + 200:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    task.cancel()
    lines.close()  # the reading thread returns
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert not folder.exists()
