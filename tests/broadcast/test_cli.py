"""``coopbot broadcast`` as people run it: a subprocess configured by environment variables,
against the emulator and the test's database."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.members import MembersRepository
from tests.broadcast.conftest import GROUP_COOPR
from tests.conftest import GROUP, TOKEN


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPBOT_")}
    env.update(
        COOPBOT_TELEGRAM__TOKEN=TOKEN,
        COOPBOT_TELEGRAM__API_BASE_URL=settings.telegram.api_base_url,
        COOPBOT_TELEGRAM__FILE_BASE_URL=settings.telegram.file_base_url,
        COOPBOT_STORAGE__PATH=str(settings.storage.path),
    )
    return env


async def coopbot(
    settings: Settings, cwd: Path, *args: str, stdin: str = ""
) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "broadcast",
        *args,
        cwd=cwd,
        env=environment(settings),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.fixture
def message(tmp_path: Path) -> Path:
    path = tmp_path / "msg.html"
    path.write_text(
        "<b>Appel à contributions</b>\nDate limite : <i>1er décembre</i>.\n", encoding="utf-8"
    )
    return path


async def linked_groups(settings: Settings, sandbox: Sandbox) -> None:
    """A roster for a bot that is not running: two groups linked to projects."""
    sandbox.add_group(GROUP_COOPR, "COOP'R")
    db = await Database.open(settings.storage.path)
    try:
        repo = MembersRepository(db)
        now = datetime.now(UTC)
        for chat_id, project in ((GROUP, "terress"), (GROUP_COOPR, "coopr")):
            await repo.upsert_group(chat_id, f"Groupe {chat_id}", "group", now)
            await repo.link_group(chat_id, project, 1, now)
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--audience", "everyone"], "destinataires inconnus « everyone »"),
        (["--audience", "all", "--at", "2020-01-01 09:00"], "est déjà passé"),
        (["--audience", "all", "--at", "demain"], "attendu"),
        (["--audience", "all", "--at", "2030-01-01 09:00", "--send-now"], "retirez --at"),
        ([], "--audience est obligatoire"),
        (["--audience", "all", "--csv", "x.csv"], "--csv va avec --report"),
    ],
)
def test_bad_input_is_refused_with_one_clear_line(
    tmp_path: Path,
    message: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    # Refused before the database is even opened: run in this process.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", TOKEN)
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "db.sqlite3"))
    assert cli_main(["broadcast", "--file", str(message), *args]) == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / "db.sqlite3").exists()


def test_html_telegram_would_refuse_is_caught_before_anything_is_queued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COOPBOT_CONFIG", raising=False)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", TOKEN)
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "db.sqlite3"))
    bad = tmp_path / "bad.html"
    bad.write_text("<b>Bonjour</b>\n<p>Bonjour</p>", encoding="utf-8")
    assert cli_main(["broadcast", "--file", str(bad), "--audience", "all"]) == 2
    said = capsys.readouterr().err  # in the settings' language
    assert "ligne 2, colonne 1 : Telegram ne prend pas en charge <p>" in said
    assert cli_main(["broadcast", "--file", "missing.html", "--audience", "all"]) == 2
    assert "dossier ou fichier introuvable" in capsys.readouterr().err


async def test_an_unknown_project_is_refused_with_the_known_ones(
    settings: Settings, tmp_path: Path, message: Path
) -> None:
    code, _, err = await coopbot(
        settings, tmp_path, "--file", str(message), "--audience", "project:teress"
    )
    assert code == 2 and "projet inconnu teress (connus : coopr, terress)" in err


async def test_declining_or_nobody_sends_nothing(
    settings: Settings, tmp_path: Path, message: Path, sandbox: Sandbox
) -> None:
    code, out, _ = await coopbot(settings, tmp_path, "--file", str(message), "--audience", "all")
    assert code == 1 and "Personne ne correspond à ce public" in out
    await linked_groups(settings, sandbox)
    code, out, _ = await coopbot(
        settings, tmp_path, "--file", str(message), "--audience", "groups", stdin="n\n"
    )
    assert (
        code == 1 and "L'envoyer à 2 destinataires ? [o/N]" in out and "Rien n'a été envoyé." in out
    )
    code, out, _ = await coopbot(settings, tmp_path, "--list")
    assert code == 0 and "Aucune annonce pour l'instant." in out


async def test_send_now_sends_from_the_terminal_and_prints_the_report(
    settings: Settings, tmp_path: Path, message: Path, sandbox: Sandbox
) -> None:
    await linked_groups(settings, sandbox)
    code, out, err = await coopbot(
        settings, tmp_path, "--file", str(message), "--audience", "groups", "--yes", "--send-now"
    )
    assert code == 0, err
    assert "Destinataires : 2 (0 en privé, 2 groupes)" in out
    assert "Reçue : 2 / 2" in out
    for group in (GROUP, GROUP_COOPR):
        [sent] = sandbox.sent_messages(group)
        assert sent["text"] == "Appel à contributions\nDate limite : 1er décembre."
        assert [e["type"] for e in sent["entities"]] == ["bold", "italic"]
    code, out, _ = await coopbot(settings, tmp_path, "--list")
    assert code == 0 and "envoyée" in out and "reçues 2/2" in out
    code, out, _ = await coopbot(settings, tmp_path, "--report", "1")
    assert code == 0 and "Reçue : 2 / 2" in out


async def test_queued_from_the_terminal_the_running_bot_sends_it(
    roster: Services,
    settings: Settings,
    tmp_path: Path,
    message: Path,
    sandbox: Sandbox,
    clock: FrozenClock,
) -> None:
    clock.set(datetime.now(UTC))  # the terminal uses the real clock
    await roster.broadcasts.tick()  # the running bot says it is there
    code, out, err = await coopbot(
        settings, tmp_path, "--file", str(message), "--audience", "project:terress", "--yes"
    )
    assert code == 0, err
    assert "Annonce n° 1 mise en file d'attente." in out and "Le bot en marche (pid" in out
    # --send-now is refused while a bot sends: two senders would add up their rates.
    code, _, err = await coopbot(
        settings, tmp_path, "--file", str(message), "--audience", "groups", "--yes", "--send-now"
    )
    assert code == 2 and "un bot en marche" in err
    clock.set(datetime.now(UTC))
    await roster.broadcasts.tick()  # due: started
    await roster.delivery.wait_idle()
    await roster.broadcasts.tick()
    [sent] = sandbox.sent_messages(GROUP)
    assert sent["text"].startswith("Appel à contributions")
    done = await roster.broadcasts.get(1)
    assert done is not None and done.state == "done" and done.source == "cli"
    assert done.delivered == 5  # Terr'ESS: Claire, Alice, Bob, David and its group (not Carol)
    code, out, _ = await coopbot(settings, tmp_path, "--report", "1", "--csv", "f.csv")
    assert code == 0 and "Reçue : 5 / 5" in out
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").startswith("chat_id,type,name")


async def test_a_scheduled_one_can_be_cancelled_from_the_terminal(
    settings: Settings, tmp_path: Path, message: Path, sandbox: Sandbox
) -> None:
    await linked_groups(settings, sandbox)
    code, out, err = await coopbot(
        settings,
        tmp_path,
        "--file",
        str(message),
        "--audience",
        "groups",
        "--at",
        "2030-12-01 09:00",
        "--yes",
    )
    assert code == 0, err
    assert "Quand :         2030-12-01 09:00 (Europe/Paris)" in out
    assert "Aucun bot en marche vu récemment" in out
    code, out, _ = await coopbot(settings, tmp_path, "--list")
    assert "prévue" in out and "groups" in out
    code, out, _ = await coopbot(settings, tmp_path, "--cancel", "1")
    assert code == 0 and "annulée" in out
    code, _, err = await coopbot(settings, tmp_path, "--cancel", "1")
    assert code == 1 and "ne peut plus être annulée" in err
