"""Guided flows survive restarts and expire when left (handlers/flows.py,
bot/storage/persistence.py).

* The real program, killed with SIGKILL after every step of each guided flow (``/evenement``,
  ``/sondage``, ``/annonce``) and started again: the person finishes the flow with the inputs
  they would have typed anyway, and nothing they type is taken for a question.
* In process, on a frozen clock: a flow left 48 hours expires, the person is told once, and
  their answer to the gone step is not read as a question.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.process import BotProcess
from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.settings import Settings
from bot.storage.members import Person
from tests.conftest import ALICE, COORDINATOR, GROUP, started

TOKEN = "6161:flows-token-abcdefghijklmnopqrstu"
COORD = 3101
NOT_FOUND = ("Je n'ai pas trouvé", "pas trouvé la réponse")


@dataclass(frozen=True)
class Step:
    """What the person does (``text`` typed, or ``press`` a button by its callback data, or
    the first callback data starting with it), and a piece of the bot's answer. ``kept``:
    the step changes what the flow keeps (a last button outside the flow does not)."""

    expect: str
    text: str | None = None
    press: str | None = None
    kept: bool = True


def plain(message: dict[str, Any]) -> str:
    return html.unescape(message.get("text") or message.get("caption") or "")


def callback_data(message: dict[str, Any]) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def with_button(sandbox: Sandbox, chat_id: int, prefix: str) -> tuple[dict[str, Any], str]:
    """The newest message (as edited) of the chat with a button whose data starts so."""
    for sent in reversed(sandbox.sent_messages(chat_id)):
        message = sandbox.message(chat_id, sent["message_id"]) or sent
        for data in callback_data(message):
            if data.startswith(prefix):
                return message, data
    raise AssertionError(f"no button {prefix!r} in chat {chat_id}")


def snapshot(db: Path) -> tuple[object, ...]:
    """What the bot keeps of the flows: read from the file, as a restart would."""
    with sqlite3.connect(db) as conn:
        states = conn.execute(
            "SELECT name, key, state, updated_at FROM conversations ORDER BY name, key"
        ).fetchall()
        drafts = conn.execute("SELECT user_id, data FROM user_data ORDER BY user_id").fetchall()
    return tuple(states), tuple(drafts)


async def stored(db: Path, before: tuple[object, ...]) -> None:
    """Wait until the step is written (the bot writes after answering; a person reading the
    answer takes longer than that)."""
    deadline = time.monotonic() + 10
    while snapshot(db) == before:
        if time.monotonic() > deadline:
            raise AssertionError("the step was never written to SQLite")
        await asyncio.sleep(0.02)


async def play(sandbox: Sandbox, bot: BotProcess, db: Path, steps: list[Step]) -> None:
    """Each step, then SIGKILL and a new start, until the flow is done."""
    for number, step in enumerate(steps):
        before = snapshot(db)
        after = sandbox.mark()
        if step.press is not None:
            message, data = with_button(sandbox, COORD, step.press)
            await sandbox.press_button(COORD, message, data)
        else:
            assert step.text is not None
            await sandbox.send_text(COORD, step.text)
        reply = await sandbox.wait_for_message(
            COORD,
            after=after,
            include_edits=True,
            timeout=15,
            predicate=lambda m, s=step: s.expect in plain(m),
        )
        assert not any(words in plain(reply) for words in NOT_FOUND), (number, plain(reply))
        if step.kept:
            await stored(db, before)
        if number < len(steps) - 1:
            await bot.kill()
            await bot.start(sandbox)


@asynccontextmanager
async def bot_process(tmp_path: Path) -> AsyncIterator[tuple[Sandbox, BotProcess, Path]]:
    db = tmp_path / "flows.sqlite3"
    async with Sandbox(TOKEN) as sandbox:
        sandbox.add_user(COORD, "Claire", language_code="fr")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "PTB_TIMEDELTA": "1",
            "COOPBOT_TELEGRAM__TOKEN": TOKEN,
            "COOPBOT_TELEGRAM__API_BASE_URL": sandbox.api_base_url,
            "COOPBOT_TELEGRAM__FILE_BASE_URL": sandbox.file_base_url,
            "COOPBOT_TELEGRAM__POLL_TIMEOUT": "1",
            "COOPBOT_STORAGE__PATH": str(db),
            "COOPBOT_COORDINATORS": f"[{COORD}]",
        }
        bot = BotProcess(env, tmp_path, tmp_path / "bot.log")
        await bot.start(sandbox)
        try:
            yield sandbox, bot, db
        finally:
            await bot.stop()


FLOW_GROUP = -5101


async def link_group(sandbox: Sandbox, project: str) -> None:
    """The coordinator links a group to ``project`` as a person would: /liergroupe in it."""
    sandbox.add_group(FLOW_GROUP, "Terr'ESS – points focaux", members=[COORD])
    after = sandbox.mark()
    await sandbox.send_text(COORD, f"/liergroupe {project}", chat_id=FLOW_GROUP)
    linked = await sandbox.wait_for_message(FLOW_GROUP, after=after, timeout=15)
    assert "maintenant le canal du projet" in plain(linked), plain(linked)


EVENT = [
    Step("Pour quel projet", text="/evenement"),
    Step("Quel type", press="evc:project:terress"),
    Step("titre", press="evc:kind:visioconference"),
    Step("Quand", text="Point mensuel des points focaux"),
    Step("C'est bien", text="demain 14h"),
    Step("Durée", press="evc:when:yes"),
    Step("Lien", press="evc:duration:60"),
    Step("Pour qui", text="https://meet.example.org/mensuel"),
    Step("Vérifiez", press="evc:aud:all"),
    Step("enregistré", press="ev:save:", kept=False),  # the draft event, saved from SQLite
]

POLL = [
    Step("Pour quel projet", text="/sondage"),
    Step("Quelle est la question", text="Terr'ESS"),
    Step("une par message", text="Quel format préférez-vous ?"),
    Step("Réponse 1 ajoutée", text="Atelier"),
    Step("Réponse 2 ajoutée", text="Webinaire"),
    Step("Une seule réponse par personne", text="✅ Terminé"),
    Step("Vote nominatif", text="Une seule réponse"),
    Step("Où l'envoyer", text="Nominatif"),
    Step("Quand le clore", text="Groupes liés et en privé"),
    Step("On l'envoie", text="Dans 7 jours"),
    Step("envoyé", text="✅ Envoyer"),
]


@pytest.mark.parametrize(
    ("name", "steps"), [("events", EVENT), ("poll_guide", POLL)], ids=["evenement", "sondage"]
)
async def test_killed_after_every_step_the_flow_goes_on(
    tmp_path: Path, name: str, steps: list[Step]
) -> None:
    async with bot_process(tmp_path) as (sandbox, bot, db):
        if name == "poll_guide":  # a poll to nobody is refused: a group follows Terr'ESS
            await link_group(sandbox, "terress")
        await play(sandbox, bot, db, steps)
        states, _ = snapshot(db)
        left = [s for s in states if s[0] == name]
        assert not left, [plain(m) for m in sandbox.sent_messages(COORD)[-3:]]  # flow over
    log = (tmp_path / "bot.log").read_text()
    assert "Traceback" not in log, log


async def test_a_killed_announcement_draft_goes_on(tmp_path: Path) -> None:
    async with bot_process(tmp_path) as (sandbox, bot, db):
        before = snapshot(db)
        await sandbox.send_text(COORD, "/annonce")
        await sandbox.wait_for_message(COORD, timeout=15)
        await stored(db, before)
        await bot.kill()
        await bot.start(sandbox)
        before = snapshot(db)
        after = sandbox.mark()
        await sandbox.send_text(COORD, "Rappel : fiches d'auto-évaluation attendues vendredi")
        menu = await sandbox.wait_for_message(COORD, after=after, timeout=15)
        assert not any(words in plain(menu) for words in NOT_FOUND), plain(menu)
        await stored(db, before)
        await bot.kill()
        await bot.start(sandbox)
        # The draft's buttons still work after the restart ("abandoned", not "no longer open").
        cancel = next(d for d in callback_data(menu) if d.endswith(":x"))
        after = sandbox.mark()
        await sandbox.press_button(COORD, menu, cancel)
        done = await sandbox.wait_for_message(COORD, after=after, include_edits=True, timeout=15)
        assert "Annonce abandonnée" in plain(done), plain(done)
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM broadcasts").fetchone() == (0,)


# -- in process, on a frozen clock ---------------------------------------------------------------


async def test_a_flow_left_48_hours_expires_and_the_person_is_told_once(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock):
        await sandbox.send_text(COORDINATOR, "/sondage")
        assert "Pour quel projet" in plain(await sandbox.wait_for_message(COORDINATOR))
        clock.advance(timedelta(hours=47))
        await sandbox.send_text(COORDINATOR, "Terr'ESS")  # still open after 47 hours
        assert "Quelle est la question" in plain(await sandbox.wait_for_message(COORDINATOR))
    # Stopped, then started again two days later: the draft is still there, but expired.
    clock.advance(timedelta(hours=48, minutes=1))
    async with started(settings, clock):
        after = sandbox.mark()
        await sandbox.send_text(COORDINATOR, "Quel format préférez-vous ?")
        notice = await sandbox.wait_for_message(COORDINATOR, after=after)
        assert "expiré" in plain(notice) and "/sondage" in plain(notice)
        quiet = sandbox.mark()
        await sandbox.expect_no_message(COORDINATOR, after=quiet)
        # Told once: the next message is an ordinary question again.
        after = sandbox.mark()
        await sandbox.send_text(COORDINATOR, "Qui finance Terr'ESS ?")
        answer = await sandbox.wait_for_message(COORDINATOR, after=after)
        assert "expiré" not in plain(answer) and "Quelle est la question" not in plain(answer)


async def test_a_flow_is_kept_across_a_restart_and_cancelled_at_any_step(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock):
        await sandbox.send_text(COORDINATOR, "/evenement")
        ask = await sandbox.wait_for_message(COORDINATOR)
        await sandbox.press_button(COORDINATOR, ask, "evc:project:terress")
        kinds = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
        await sandbox.press_button(COORDINATOR, kinds, "evc:kind:webinar")
        await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    with sqlite3.connect(settings.storage.path) as conn:
        (data,) = conn.execute("SELECT data FROM user_data").fetchone()
    assert json.loads(data)[f"events:{COORDINATOR}"]["kind"] == "webinar"
    async with started(settings, clock):
        await sandbox.send_text(COORDINATOR, "Économie sociale")
        assert "Quand" in plain(await sandbox.wait_for_message(COORDINATOR))
        await sandbox.send_text(COORDINATOR, "/annuler")
        assert "rien n'a été enregistré" in plain(await sandbox.wait_for_message(COORDINATOR))
    with sqlite3.connect(settings.storage.path) as conn:
        assert conn.execute("SELECT count(*) FROM conversations").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM user_data").fetchone() == (0,)
    assert not [m for m in sandbox.sent_messages(GROUP) if "Économie sociale" in plain(m)]


async def test_an_announcement_draft_left_48_hours_is_dropped_at_start(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        for user_id in (COORDINATOR, ALICE):
            await services.members.seen(Person(user_id, "X"), private_chat=True)
        draft = await services.broadcasts.new_draft(
            COORDINATOR, "text", "Brouillon oublié", None, language="fr", timezone=None
        )
        kept = await services.broadcasts.new_draft(
            ALICE, "text", "Brouillon récent", None, language="fr", timezone=None
        )
    clock.advance(timedelta(hours=47))
    async with started(settings, clock) as services:
        await services.broadcasts.repo.set_audience(kept.id, {"type": "all"}, clock.now())
    clock.advance(timedelta(hours=2))
    async with started(settings, clock) as services:
        assert await services.broadcasts.get(draft.id) is None
        assert await services.broadcasts.get(kept.id) is not None
