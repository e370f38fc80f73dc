"""Questions the records cannot answer: the documents' passages, or what they do not say."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.i18n import plain_text
from bot.knowledge.loader import default_data_dir
from bot.questions import KnowledgeService
from bot.sandbox import Sandbox
from bot.settings import DataSettings, Settings
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository
from tests.conftest import ALICE, BOB, COORDINATOR

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    db = await Database.open(tmp_path / "k.sqlite3")
    service = KnowledgeService(KnowledgeRepository(db), default_data_dir(), FrozenClock(NOW))
    await service.start()
    yield service
    await db.close()


async def test_prose_of_the_documents_answers(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply(
        "Qui est le correspondant coopération décentralisée à Rabat ?", None
    )
    text = plain_text(answer.html)
    # the records name him now (data/people.toml); the documents did before
    assert answer.found and answer.intent in ("person", "document")
    assert "Frédérick Bouin" in text and "@" not in text and "[at]" not in text
    assert len(text) <= 700


async def test_an_english_reader_is_quoted_the_english_note(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("Where will the COOP'R closing seminar be held?", "en")
    text = plain_text(answer.html)
    # the place is not given: what the records do not hold first, then the passage quoted,
    # and not a confident answer (issue 11, item 3); the note has an English version
    # (data/documents/coopr-le-projet.en.md), quoted to an English reader
    assert not answer.found and "do not say where" in text.split("\n")[0]
    # "According to …", or after what the records do not hold "The closest they say,
    # according to …"
    assert "ccording to « COOP'R: the project »:" in text
    assert "closing seminar" in text and "place" in text
    assert "séminaire" not in text
    assert "Action 4" not in text  # only the sentences about the seminar
    french = plain_text(
        (await knowledge.reply("Où aura lieu le séminaire de clôture de COOP'R ?", "fr")).html
    )
    assert "'après « COOP'R : le projet »" in french and "séminaire de clôture" in french


async def test_a_question_the_data_cannot_answer_gets_no_confident_unrelated_answer(
    knowledge: KnowledgeService,
) -> None:
    for question in ("Quand a été fondée Cap Coopération ?", "When was Cap Coopération founded?"):
        answer = await knowledge.reply(question, None)
        text = plain_text(answer.html)
        # not the programme item "Présentation de Cap Coopération" at 14h20
        assert "14h20" not in text and "14:20" not in text, text
        assert answer.intent.startswith("document")
        assert "ne dit pas" in text or "ne donnent pas" in text or "do not" in text


async def test_what_is_known_and_what_the_documents_do_not_say(
    knowledge: KnowledgeService,
) -> None:
    answer = await knowledge.reply("Combien d'habitants compte la ville de Chefchaouen ?", None)
    text = plain_text(answer.html)
    assert not answer.found
    if answer.intent == "document_partial":
        assert text.startswith("Les documents ne")
        assert "D'après" not in text  # never the confident framing
    # a question about nothing the data holds: the usual "not found"
    answer = await knowledge.reply("quelle est la couleur du cheval blanc d'Henri IV", None)
    assert answer.intent == "not_found" and "/aide" in answer.html


async def test_the_records_still_answer_first(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("qui finance Terr'ESS ?", None)
    assert answer.intent == "project_funding"
    answer = await knowledge.reply(
        "Pourquoi le premier projet Dijon Chefchaouen n'a pas abouti ?", None
    )
    assert "compétences municipales" in plain_text(answer.html)


async def test_passage_text_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    (data / "documents" / "balises.md").write_text(
        "# Notes <techniques>\n\nLe protocole <b>Zorglub</b> & co sert aux échanges.\n",
        encoding="utf-8",
    )
    db = await Database.open(tmp_path / "k.sqlite3")
    try:
        service = KnowledgeService(KnowledgeRepository(db), data, FrozenClock(NOW))
        await service.start()
        answer = await service.reply("à quoi sert le protocole Zorglub ?", None)
    finally:
        await db.close()
    assert "&lt;b&gt;Zorglub&lt;/b&gt; &amp; co" in answer.html
    assert "« <i>Notes &lt;techniques&gt;</i> »" in answer.html


async def test_a_coordinator_drops_a_note_and_reloads(
    sandbox: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    configured = settings.model_copy(update={"data": DataSettings(path=data)})
    application = build_application(configured, clock=FrozenClock(NOW))
    async with running(application):
        (data / "documents" / "lettre-mars.md").write_text(
            "# Lettre d'information de mars\n\n## Atelier de Bobo-Dioulasso\n\n"
            "L'atelier sur la gestion des déchets ménagers s'est tenu à Bobo-Dioulasso. "
            "Il a réuni douze collectivités autour du compostage.\n",
            encoding="utf-8",
        )
        await sandbox.send_text(COORDINATOR, "/recharger")
        assert "mises à jour" in (await sandbox.wait_for_message(COORDINATOR))["text"]
        await sandbox.send_text(ALICE, "et le compostage des déchets ménagers ?")
        reply = (await sandbox.wait_for_message(ALICE))["text"]
        assert "Lettre d'information de mars" in reply
        assert "Bobo-Dioulasso" in reply
        await sandbox.send_text(BOB, "what happened in Bobo-Dioulasso?")
        reply = (await sandbox.wait_for_message(BOB))["text"]
        assert reply.startswith("According to « Lettre d'information de mars »")
        # a note with an e-mail address is refused, and nothing changes
        (data / "documents" / "contacts.md").write_text(
            "# Contacts\n\nÉcrire à claire@example.org.\n", encoding="utf-8"
        )
        await sandbox.send_text(COORDINATOR, "/recharger")
        failed = (await sandbox.wait_for_message(COORDINATOR))["text"]
        assert "contacts.md" in failed and "claire@example.org" not in failed
        await sandbox.send_text(ALICE, "et le compostage des déchets ménagers ?")
        assert "Bobo-Dioulasso" in (await sandbox.wait_for_message(ALICE))["text"]
