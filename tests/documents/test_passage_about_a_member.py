"""A coordinator's note telling what a member did (a pilot, its figures, its lesson): a
question naming the member and asking what its pilot achieved is answered by the note, after
what the member is, not by its card or its membership alone."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.i18n import plain_text
from bot.knowledge.loader import default_data_dir
from bot.questions import KnowledgeService
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository
from tests.documents.test_passage_values import NOW

NOTE = """# Lettre des membres

## Le pilote de Tivaouane

Avant le projet, le Conseil départemental de Tivaouane a conduit un pilote de compostage
dans quatre marchés : en un an, la part des déchets compostés y est passée de 12 % à 48 %.

## La leçon du pilote

La principale leçon du pilote de Tivaouane est qu'il faut former les commerçants avant
d'acheter le matériel.

## Pourquoi le pilote a été lancé

L'idée du pilote de Tivaouane est née après l'incendie du marché en 2018, quand les tas de
déchets ont bloqué les camions de pompiers.

## Par quoi commencer

Il faut commencer par le marché aux poissons : après deux mois, ses commerçants ont demandé
plus de poubelles.

## Un premier projet

En 2019, Tivaouane a proposé un premier projet de halle couverte pour le marché aux poissons ;
ce premier projet n'a pas été réalisé, faute de terrain.
"""

NOTE_EN = """# Members' letter

## The Tivaouane pilot

Before the project, the Tivaouane Departmental Council ran a composting pilot in four
markets: in one year, the share of composted waste there rose from 12% to 48%.

## The lesson of the pilot

The main lesson of the Tivaouane pilot is that traders should be trained before equipment
is bought.

## What to start with

The Tivaouane pilot should start with the fish market: after two months, its traders asked
for more bins.

## Why the pilot was launched

The idea of the Tivaouane pilot came after the market fire of 2018, when piles of waste
blocked the fire engines.

## A first project

In 2019, Tivaouane proposed a first project of a covered hall for the fish market; this first
project could not go ahead, for lack of land.
"""


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    (data / "documents" / "lettre.md").write_text(NOTE, encoding="utf-8")
    (data / "documents" / "lettre.en.md").write_text(NOTE_EN, encoding="utf-8")
    db = await Database.open(tmp_path / "k.sqlite3")
    service = KnowledgeService(KnowledgeRepository(db), data, FrozenClock(NOW))
    await service.start()
    try:
        yield service
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("What did the Tivaouane pilot achieve for composting?", "en"),
        ("What did the composting pilot of Tivaouane achieve?", "en"),
    ],
)
async def test_what_a_members_pilot_achieved_is_the_note(
    knowledge: KnowledgeService, question: str, lang: str
) -> None:
    answer = await knowledge.reply(question, lang)
    text = plain_text(answer.html)
    assert answer.found, text
    assert "48" in text and "12" in text, text


async def test_a_lesson_asked_after_a_request_is_the_note(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply(
        "Pourriez-vous m'indiquer quelle leçon principale a été tirée du pilote de Tivaouane ?",
        "fr",
    )
    text = plain_text(answer.html)
    assert "former les commerçants" in text, text


async def test_a_statement_checked_is_answered_by_the_note_holding_it(
    knowledge: KnowledgeService,
) -> None:
    """A yes/no question about a statement (with a year the member's record does not hold)
    that a note holds whole: the note, not "the documents do not say for that year"."""
    answer = await knowledge.reply(
        "Wach c'est vrai que le premier projet de 2019 avec Tivaouane sur la halle couverte "
        "a été réalisé ? dis-moi la vérité svp",
        "fr",
    )
    text = plain_text(answer.html)
    assert answer.found and "faute de terrain" in text, text
    assert "année demandée" not in text, text


async def test_why_launched_is_the_paragraph_whose_heading_says_it(
    knowledge: KnowledgeService,
) -> None:
    """Two paragraphs hold every word of "why was the pilot started?" (one says "start" and
    "after"): the one under the heading "Why the pilot was launched" is the answer."""
    answer = await knowledge.reply("Why was the Tivaouane pilot started?", "en")
    text = plain_text(answer.html)
    assert "market fire" in text, text
    assert "fish market" not in text.split("market fire")[0], text  # the reason first
