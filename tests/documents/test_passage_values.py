"""Passages that show the value asked without its word, and a list quoted with its lead."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.i18n import plain_text
from bot.knowledge.loader import default_data_dir
from bot.questions import KnowledgeService
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)

NOTE = """# Lettre de Koudougou

## Le fonds des bornes

Le fonds Wendkouni finance la remise en état des bornes-fontaines de Koudougou : il y verse
18 250 € sur deux ans.

## Les ateliers

L'atelier de Réo a réuni 35 participants autour de l'entretien des forages.

## Les priorités du comité

Après deux années de travail, le comité des usagers de Koudougou a retenu plusieurs priorités
pour les quartiers du nord de la ville, qui manquent encore de points d'eau fiables ; elles
ont été présentées aux élus lors de la session budgétaire, puis discutées avec les associations
de quartier et les représentants des maraîchers, et feront l'objet d'un suivi trimestriel par
le comité lui-même, avec l'appui des services techniques municipaux :

- réparer les pompes à motricité humaine des écoles primaires et des centres de santé ;
- former des fontainiers bénévoles dans chaque secteur de la ville ;
- installer des compteurs sur les bornes-fontaines les plus fréquentées.
"""


@asynccontextmanager
async def with_note(tmp_path: Path, name: str, text: str) -> AsyncIterator[KnowledgeService]:
    """The knowledge service over a copy of the data with one more note in its documents."""
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    (data / "documents" / name).write_text(text, encoding="utf-8")
    db = await Database.open(tmp_path / "k.sqlite3")
    service = KnowledgeService(KnowledgeRepository(db), data, FrozenClock(NOW))
    await service.start()
    try:
        yield service
    finally:
        await db.close()


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    async with with_note(tmp_path, "lettre-koudougou.md", NOTE) as service:
        yield service


async def test_an_amount_answers_quel_montant(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("Quel est le montant versé par le fonds Wendkouni ?", "fr")
    text = plain_text(answer.html)
    assert answer.found and "18 250 €" in text
    assert "ne disent rien" not in text


async def test_a_number_answers_combien_de_participants(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("Combien de participants a réuni l'atelier de Réo ?", "fr")
    text = plain_text(answer.html)
    assert answer.found and "35 participants" in text


async def test_an_amount_not_shown_stays_partial(knowledge: KnowledgeService) -> None:
    # the passage holds the words but no amount: the answer says it is not known
    answer = await knowledge.reply("Quel est le montant versé pour l'atelier de Réo ?", "fr")
    assert not answer.found


async def test_a_list_is_quoted_after_the_sentence_it_continues(
    knowledge: KnowledgeService,
) -> None:
    answer = await knowledge.reply(
        "Quelles priorités le comité des usagers de Koudougou a-t-il retenues ?", "fr"
    )
    text = plain_text(answer.html)
    assert answer.found and "fontainiers" in text


GATHERING_NOTE = """# Lettre des points focaux

## Le premier regroupement de Terr'ESS

Le premier regroupement de Terr'ESS a réuni 41 participants venus de neuf pays.

## The first Terr'ESS gathering

The first Terr'ESS gathering brought together 41 participants from nine countries.
"""


@pytest.fixture
async def gathering_note(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    async with with_note(tmp_path, "lettre-points-focaux.md", GATHERING_NOTE) as service:
        yield service


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How many participants joined the first Terr'ESS gathering?", "en"),
        ("Combien de participants ont assisté au premier regroupement de Terr'ESS ?", "fr"),
    ],
)
async def test_a_headcount_the_records_lack_is_read_from_a_note_that_gives_it(
    gathering_note: KnowledgeService, question: str, lang: str
) -> None:
    """The records say they do not hold the number; a note gives it next to the things
    counted, although it does not use the question's verb ("joined", "assisté")."""
    answer = await gathering_note.reply(question, lang)
    text = plain_text(answer.html)
    assert answer.found and "41" in text, text


async def test_a_number_of_other_things_does_not_answer_a_headcount(
    gathering_note: KnowledgeService,
) -> None:
    answer = await gathering_note.reply(
        "How many elected officials joined the first Terr'ESS gathering?", "en"
    )
    assert not answer.found, plain_text(answer.html)
