"""Logs (issue 14): text or JSON lines, the token and the webhook secret always redacted, and
no personal message text at INFO, with the real bot answering through the emulator."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.clock import FrozenClock
from bot.logs import setup_logging
from bot.sandbox import Sandbox
from bot.settings import Settings
from tests.conftest import ALICE, TOKEN
from tests.ops.conftest import bot_running

SECRET = "webhook-secret_0123456789abcdefABCDEF"
PERSONAL = "Mon numéro perso est le 06 12 34 56 78, rappelez-moi"


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


async def test_json_lines_redacted_and_without_personal_text(
    root_logging: None,
    settings: Settings,
    sandbox: Sandbox,
    clock: FrozenClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    setup_logging(TOKEN, "INFO", secrets=[SECRET], fmt="json")
    log = logging.getLogger("coopbot.test")
    log.info("calling %s/bot%s/getMe with secret %s", "https://api.telegram.org", TOKEN, SECRET)
    try:
        raise RuntimeError(f"failed with {TOKEN} and {SECRET.upper()}")
    except RuntimeError:
        log.exception("something failed")
    async with bot_running(settings, clock):
        await sandbox.send_text(ALICE, PERSONAL)
        await sandbox.wait_for_message(ALICE)
        await sandbox.send_text(ALICE, "/aide")
        await sandbox.wait_for_message(ALICE)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert len(lines) >= 3
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    assert lines[0]["message"] == (
        "calling https://api.telegram.org/bot<token>/getMe with secret <token>"
    )
    failed = next(line for line in lines if line["message"] == "something failed")
    assert failed["level"] == "ERROR" and "RuntimeError: failed with <token>" in failed["exception"]
    assert any("coopbot is ready" in line["message"] for line in lines)
    assert TOKEN not in err and TOKEN.split(":")[1] not in err
    assert SECRET not in err and SECRET.upper() not in err
    assert "06 12 34 56 78" not in err and "numéro perso" not in err


def test_text_format_is_one_line_per_event(
    root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(TOKEN, "INFO", secrets=[SECRET])
    logging.getLogger("coopbot.test").warning("token %s secret %s", TOKEN, SECRET)
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "WARNING coopbot.test: token <token> secret <token>" in err


def test_the_log_format_is_a_setting() -> None:
    from pydantic import ValidationError

    assert Settings(logging={"format": "json"}).logging.format == "json"
    with pytest.raises(ValidationError):
        Settings(logging={"format": "xml"})
