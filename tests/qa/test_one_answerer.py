"""One answerer: the bot (free text in Telegram) and the terminal (``coopbot ask``) go through
the same entry point, :meth:`bot.live_answers.LiveAnswers.reply` (the exchange and the Atlas,
live data, the records, the documents), so they give the same answer."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.exchange.synthetic import synthetic_csv
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"</?[a-z][^>]*>", "", text)).strip()


async def _bot(sandbox: Sandbox, question: str) -> str:
    mark = sandbox.mark()
    await sandbox.send_text(ALICE, question)
    message = await sandbox.wait_for_message(ALICE, after=mark)
    return _plain(message.get("text") or "")


async def _terminal(question: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    # the terminal command runs its own event loop: in a thread, beside the running bot
    code = await asyncio.to_thread(main, ["ask", "--lang", "fr", question])
    assert code == 0
    return _plain(capsys.readouterr().out)


async def test_the_terminal_and_the_bot_give_the_same_answer(
    app: CoopApplication,
    sandbox: Sandbox,
    services: Services,
    db_path: Path,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `coopbot ask` on the bot's database, at the bot's clock, no token
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.delenv("COOPBOT_TELEGRAM__TOKEN", raising=False)
    monkeypatch.delenv("COOPBOT_DATA__PATH", raising=False)
    monkeypatch.chdir(db_path.parent)
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(db_path))
    monkeypatch.setattr("bot.cli.CLOCK", clock)
    await services.atlas.import_csv(synthetic_csv(400, services.knowledge.kb))

    # a question for the Atlas (answered by the exchange's resolver, from the database)
    atlas = "Combien de partenariats avec le Maroc en 2020 ?"
    by_bot = await _bot(sandbox, atlas)
    assert "partenariats" in by_bot and "Maroc" in by_bot and "2020" in by_bot
    assert await _terminal(atlas, capsys) == by_bot

    # a question for the records of data/*.toml
    records = "qui finance Terr'ESS ?"
    by_bot = await _bot(sandbox, records)
    assert "DAECT" in by_bot and "Atlas" not in by_bot
    assert await _terminal(records, capsys) == by_bot
