"""``coopbot demo`` as a subprocess fed through standard input: empty input still shows the
banner and the demo commands; 1,000 random lines never end it with a traceback."""

from __future__ import annotations

import asyncio
import os
import random
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


async def run_demo_process(
    tmp_path: Path, script: str, *extra: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """``coopbot demo`` run in ``tmp_path`` (its home), ``script`` on its standard input, with
    ``env`` added to the environment: its exit code, output and errors."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        *extra,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path), "PTB_TIMEDELTA": "1", **(env or {})},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(script.encode()), 180)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_empty_input_still_shows_the_banner_and_the_demo_commands(tmp_path: Path) -> None:
    code, out, err = await run_demo_process(tmp_path, "")
    assert code == 0, err
    assert out.startswith("coopbot demo: a local Telegram emulator")
    assert "Demo commands" in out and ":reply M text" in out
    assert "Traceback" not in out + err


def readme_commands() -> list[str]:
    """Every bot command the README shows in backquotes (with its example arguments)."""
    text = README.read_text(encoding="utf-8")
    found = {m.replace("\\|", "|") for m in re.findall(r"`(/[a-z][^`\n]*)`", text)}
    return sorted(found)


def random_script(seed: int, count: int) -> list[str]:
    chance = random.Random(seed)
    commands = readme_commands()
    texts = [
        "qui finance terress ?",
        "bonjour",
        "@coopbot_demo_bot quand est la prochaine réunion ?",
        "Café",
        "✅ Terminé",
        "demain 14h",
        "",
        "oui",
        "🤔",
        "x" * 300,
    ]

    def one() -> str:
        roll = chance.random()
        if roll < 0.15:  # mostly in private: in a group the bot answers 20 messages a minute
            return chance.choice([":me", ":coord", ":me", ":coord", ":private", ":group"])
        if roll < 0.35:
            return str(chance.randint(1, 9))
        if roll < 0.47:
            return f"#{chance.randint(0, 80)} {chance.randint(0, 7)}"
        if roll < 0.72:
            return chance.choice(commands)
        if roll < 0.85:
            return chance.choice(texts)
        if roll < 0.92:
            return f":reply {chance.randint(1, 80)} {chance.choice(texts) or 'merci'}"
        return chance.choice(
            [":show 3", ":help", "\\3", ":nope", "#", ":wait 1", ":wait 4", ":reply", "/annuler"]
        )

    return [one() for _ in range(count)]


async def test_a_thousand_random_lines_never_break_the_demo(tmp_path: Path) -> None:
    lines = random_script(seed=16, count=1000)
    assert any(line.startswith("/") for line in lines) and ":coord" in lines
    code, out, err = await run_demo_process(tmp_path, "\n".join(lines) + "\n", "--settle", "0.03")
    assert code == 0, err[-3000:]
    assert "Traceback" not in out + err, (out + err)[-3000:]
    assert out.count("] > ") >= 950  # each line echoed (empty ones are not)
