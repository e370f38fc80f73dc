"""Questions end to end: commands, free text in private, groups only when addressed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.knowledge.loader import default_data_dir
from bot.knowledge.textnorm import detect_language
from bot.sandbox import Sandbox
from bot.settings import DataSettings, Settings
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP


@pytest.mark.parametrize(
    ("user", "question", "present", "absent"),
    [
        pytest.param(
            ALICE,
            "quels sont les membres camerounais de terress ?",
            ("Centre", "Extrême Nord", "Littoral", "Nord", "Ouest", "Sud"),
            (),
            id="free text in private is a question",
        ),
        pytest.param(
            BOB,
            "who funds COOP'R and at what rate?",
            ("50", "DAECT"),
            (),
            id="an English question gets an English answer",
        ),
        pytest.param(
            ALICE,
            "/membres coopr Côte d'Ivoire",
            ("Kabadougou", "Sud-Comoé", "Tchologo"),
            ("Tonkpi",),  # a Terr'ESS member only
            id="/membres with a project and a country",
        ),
        pytest.param(
            ALICE,
            "quel temps fera-t-il demain à Lyon ?",
            ("/aide",),
            ("Kabadougou",),
            id="an unknown question gets a plain answer and a pointer",
        ),
    ],
)
async def test_a_question_in_private_gets_its_answer(
    app: CoopApplication,
    sandbox: Sandbox,
    user: int,
    question: str,
    present: tuple[str, ...],
    absent: tuple[str, ...],
) -> None:
    await sandbox.send_text(user, question)
    reply = await sandbox.wait_for_message(user)
    for words in present:
        assert words in reply["text"]
    for words in absent:
        assert words not in reply["text"]


async def test_project_commands(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, "/projets")
    listing = await sandbox.wait_for_message(ALICE)
    assert "COOP'R" in listing["text"] and "Terr'ESS" in listing["text"]
    await sandbox.send_text(ALICE, "/projet terres")
    card = await sandbox.wait_for_message(ALICE)
    assert "2024" in card["text"] and "67,5" in card["text"]
    await sandbox.send_text(ALICE, "/projet")
    usage = await sandbox.wait_for_message(ALICE)
    assert "/projet" in usage["text"]


async def test_group_is_silent_unless_addressed(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, "qui finance terress ?", chat_id=GROUP)
    await sandbox.expect_no_message(GROUP, within=0.5)
    await sandbox.send_text(ALICE, f"@{sandbox.bot_username} qui finance terress ?", chat_id=GROUP)
    answer = await sandbox.wait_for_message(GROUP)
    assert "67,5" in answer["text"]
    await sandbox.send_text(
        ALICE, "et COOP'R ?", chat_id=GROUP, reply_to_message_id=answer["message_id"]
    )
    follow_up = await sandbox.wait_for_message(GROUP)
    assert "COOP" in follow_up["text"]
    await sandbox.send_text(ALICE, "/question c'est quoi la FICOL ?", chat_id=GROUP)
    glossary = await sandbox.wait_for_message(GROUP)
    assert "AFD" in glossary["text"]


async def test_html_in_questions_is_never_echoed_raw(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(ALICE, "<b>Kabadougou</b> & <script>")
    reply = await sandbox.wait_for_message(ALICE)
    assert "Kabadougou" in reply["text"]
    assert not [c for c in sandbox.calls("sendMessage") if not c.ok]


async def test_coordinators_reload_the_data_and_broken_files_change_nothing(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    configured = settings.model_copy(update={"data": DataSettings(path=data)})
    application = build_application(configured, clock=clock)
    async with running(application):
        await sandbox.send_text(ALICE, "/recharger")
        refused = await sandbox.wait_for_message(ALICE)
        assert "coordinateurs" in refused["text"]
        projects = data / "projects.toml"
        projects.write_text(projects.read_text().replace("67.5", "70.5"))
        await sandbox.send_text(COORDINATOR, "/recharger")
        reloaded = (await sandbox.wait_for_message(COORDINATOR))["text"]
        # Issue 16: "10 country, 2 project, 48 organisation" in a French reply.
        assert "mises à jour" in reloaded and "2 projets" in reloaded and "pays" in reloaded
        assert "organisations" in reloaded
        assert not re.search(r"\b(country|project|person|organisation)\b", reloaded)
        await sandbox.send_text(ALICE, "taux de cofinancement de terress")
        assert "70,5" in (await sandbox.wait_for_message(ALICE))["text"]
        (data / "countries.toml").write_text("[[country]]\nid = 12\n")
        await sandbox.send_text(COORDINATOR, "/recharger")
        failed = await sandbox.wait_for_message(COORDINATOR)
        assert "countries.toml" in failed["text"]
        await sandbox.send_text(ALICE, "taux de cofinancement de terress")
        assert "70,5" in (await sandbox.wait_for_message(ALICE))["text"]


async def test_a_french_reader_without_accents_gets_french(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    """Issue 16: "meteo a dakar demain" from a French user was answered in English ("a" is
    an English word, and "à" without its accent)."""
    await sandbox.send_text(ALICE, "meteo a dakar demain")
    reply = (await sandbox.wait_for_message(ALICE))["text"]
    assert detect_language(reply, names=frozenset({"dakar"})) == "fr", reply
    await sandbox.send_text(ALICE, "weather in dakar tomorrow")
    reply = (await sandbox.wait_for_message(ALICE))["text"]
    assert detect_language(reply, names=frozenset({"dakar"})) == "en", reply


async def test_every_project_argument_suggests_the_closest_name(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    """Issue 16: "/projet coper" got "not found" while "/liergroupe coper" suggested COOP'R."""
    await sandbox.send_text(ALICE, "/projet coper")
    reply = (await sandbox.wait_for_message(ALICE))["text"]
    assert "Vouliez-vous dire : COOP'R ?" in reply, reply
    await sandbox.send_text(ALICE, "/agenda coper")
    reply = (await sandbox.wait_for_message(ALICE))["text"]
    assert "Vouliez-vous dire : COOP'R ?" in reply, reply
    await sandbox.send_text(BOB, "/project coper")
    reply = (await sandbox.wait_for_message(BOB))["text"]
    assert "Did you mean: COOP'R?" in reply, reply
    await sandbox.send_text(ALICE, "/projet coopr")  # a name it knows: the project's card
    assert "Vouliez-vous dire" not in (await sandbox.wait_for_message(ALICE))["text"]


async def test_a_project_with_milestones_to_come_is_not_finished(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    """Issue 16: /projets said Terr'ESS was "terminé" while /agenda listed its gathering to
    come: one status everywhere."""
    await sandbox.send_text(ALICE, "/agenda terress")
    agenda = (await sandbox.wait_for_message(ALICE))["text"]
    assert "Jalons du projet" in agenda
    await sandbox.send_text(ALICE, "/projets")
    listing = (await sandbox.wait_for_message(ALICE))["text"]
    line = next(row for row in listing.splitlines() if "Terr'ESS" in row)
    assert "terminé" not in line, listing
