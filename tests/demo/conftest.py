"""``coopbot demo`` driven in-process, a line at a time, reading what it prints in between."""

from __future__ import annotations

import asyncio
import io
import queue
import re
from collections.abc import AsyncIterator

import pytest

from bot.demo import run_demo

TIMEOUT = 15.0


class Lines:
    """The demo's standard input: lines the test gives one at a time."""

    def __init__(self) -> None:
        self._lines: queue.Queue[str] = queue.Queue()

    def readline(self) -> str:
        try:  # read in an executor thread: never block it for ever, even if a test fails
            return self._lines.get(timeout=60)
        except queue.Empty:
            return ""

    def put(self, line: str) -> None:
        self._lines.put(line + "\n")

    def close(self) -> None:
        self._lines.put("")


class Demo:
    def __init__(self) -> None:
        self.out = io.StringIO()
        self.lines = Lines()
        self.mark = 0

    @property
    def text(self) -> str:
        return self.out.getvalue()

    def since(self) -> str:
        return self.text[self.mark :]

    def say(self, line: str) -> None:
        """Type a line; what it brings is read with :meth:`expect` from here on."""
        self.mark = len(self.text)
        self.lines.put(line)

    async def expect(self, pattern: str) -> re.Match[str]:
        """The first match of ``pattern`` printed since the last line typed (waits for it)."""
        compiled = re.compile(pattern, re.MULTILINE)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while True:
            found = compiled.search(self.text, self.mark)
            if found:
                return found
            if loop.time() > deadline:
                raise AssertionError(
                    f"{pattern!r} not printed; since the last line:\n{self.since()}"
                )
            await asyncio.sleep(0.05)

    async def said(self, line: str, pattern: str) -> re.Match[str]:
        self.say(line)
        return await self.expect(pattern)

    async def prompt(self) -> None:
        """Wait until the demo has read the last line typed (its prompt is echoed)."""
        await self.expect(r"\] > ")

    def number_of(self, pattern: str, to: str) -> int:
        """The demo number (#N) of the latest bot message to ``to`` (Awa, Claire, group) whose
        text matches ``pattern``."""
        numbers = [
            int(block.group(1))
            for block in re.finditer(
                r"── #(\d+) bot[^\n]* → (\w+)\n((?:(?!── #).*\n?)*)", self.text
            )
            if block.group(2) == to and re.search(pattern, block.group(3))
        ]
        assert numbers, f"no bot message to {to} matching {pattern!r}:\n{self.text}"
        return numbers[-1]


@pytest.fixture
async def demo() -> AsyncIterator[Demo]:
    session = Demo()
    task = asyncio.create_task(
        run_demo(interactive=False, stream=session.out, lines=session.lines, settle=0.3)
    )
    try:
        # Started, and the demo event's announcement (with RSVP buttons) is there.
        await session.expect(r"#\d+ bot → Awa\n📣")
        yield session
    finally:
        session.lines.close()
        assert await asyncio.wait_for(task, 60) == 0
    assert "Traceback" not in session.text
