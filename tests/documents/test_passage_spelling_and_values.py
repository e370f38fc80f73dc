"""Passages found through a typo of the asker, amounts written with "€", the sentence that
shows the value asked quoted first, and words that ask rather than name ("so far",
"should")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import plain_text
from bot.knowledge.documents import excerpt, query_concepts, stem, stems
from bot.questions import KnowledgeService
from tests.documents.test_passage_values import with_note

NOTE = """# Koudougou water board: minutes of the spring session

## Progress

The board heard the progress report. Boreholes: 14 of the 20 planned boreholes have been
drilled; the 6 others are due by the end of the rainy season.

## Money

Drilling cost less than planned, thanks to a joint tender: €9,300 of the drilling line is
unspent. The board reallocated it as follows: €6,000 to training pump caretakers, €3,300 to
spare parts.

## Grants to neighbourhood committees

Each neighbourhood committee may ask for a small grant. Committees of the old town meet every
month in the market hall. The grant ranges from €500 to €2,200 per committee: €2,200 is the
ceiling. The committees thank the water board.

## Feedback

The satisfaction questionnaire of the spring session was returned by 40 people: 88% were
satisfied or very satisfied.

## Jury

A jury chooses the apprentices of the next year; it meets in early March. The Réo vocational
school hosts the "Young Plumbers Award" on Monday.

## Apprentices

The board trains apprentice plumbers from the vocational school of Réo every year. The board
confirms each apprentice, within ten working days.
"""


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    async with with_note(tmp_path, "koudougou-water-board.md", NOTE) as service:
        yield service


def test_an_amount_written_with_the_euro_sign_is_indexed_as_euros() -> None:
    assert "euro" in stems("€9,300 of the drilling line")
    assert "euro" not in stems("9,300 of the drilling line")


def test_the_sentence_showing_the_value_asked_is_quoted_first() -> None:
    text = (
        "Committees of the old town meet every month in the market hall. The grant ranges "
        "from €500 to €2,200 per committee. The neighbourhood committees of the old town thank "
        "the board."
    )
    concepts = query_concepts("neighbourhood committees old town")
    assert excerpt(text, concepts, 60).startswith("The neighbourhood committees")
    amount = excerpt(text, concepts, 60, shows=lambda s: "€" in s)
    assert amount.startswith("The grant ranges")


async def test_a_typo_of_a_word_of_the_documents_still_finds_its_passage(
    knowledge: KnowledgeService,
) -> None:
    hits = await knowledge.search_passages("how many apprentice plumbres does the board train?")
    assert hits and "apprentice plumbers" in hits[0].passage.text
    assert hits[0].coverage > 0.99 and not hits[0].unseen


async def test_another_ending_is_not_read_as_a_typo(knowledge: KnowledgeService) -> None:
    # "caretakera" is "caretaker" with an ending (as "présentait" is "présent"): not a typo
    hits = await knowledge.search_passages("caretakera")
    assert not hits or "caretakera" in [c.word for c in hits[0].unseen]
    hits = await knowledge.search_passages("caretakrs")  # a typo: found
    assert hits and "caretakers" in hits[0].passage.text and not hits[0].unseen


async def test_a_short_unknown_word_is_never_corrected(knowledge: KnowledgeService) -> None:
    # "boarb" is one letter from "board" (in the index), but five letters: too short to be
    # read as a typo of it (a longer word one letter away is: "caretakrs" above)
    hits = await knowledge.search_passages("boarb board")
    assert hits and "boarb" in [c.word for c in hits[0].unseen]


async def test_money_reallocated_is_answered_from_the_minutes(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply(
        "How was the 9,300 euros of unspent drilling money reallocated by the board?", "en"
    )
    text = plain_text(answer.html)
    assert answer.found and "€6,000" in text and "caretakers" in text


async def test_the_ceiling_asked_is_quoted_from_its_sentence(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply(
        "What is the maximum amount a neighbourhood committee can get?", "en"
    )
    text = plain_text(answer.html)
    assert answer.found and "2,200" in text


async def test_so_far_asks_nothing(knowledge: KnowledgeService) -> None:
    assert "far" not in [c.word for c in query_concepts("How many boreholes so far?")]
    assert "should" not in [c.word for c in query_concepts("How many boreholes should exist?")]
    answer = await knowledge.reply("How many boreholes have been drilled so far?", "en")
    assert answer.found and "14" in plain_text(answer.html)


async def test_a_rate_is_answered_by_the_percentage_of_a_passage(
    knowledge: KnowledgeService,
) -> None:
    answer = await knowledge.reply("What was the satisfaction rate of the spring session?", "en")
    text = plain_text(answer.html)
    assert answer.found and "88%" in text


async def test_a_rate_is_not_answered_by_any_number(knowledge: KnowledgeService) -> None:
    # the apprentices' passage holds no percentage: "rate" is not held by a number
    question = "what is the apprentice plumbers rate?"
    hits = await knowledge.search_passages(question)
    assert hits and "rate" in [c.word for c in hits[0].missing]
    answer = await knowledge.reply(question, "en")
    assert answer.intent != "document" and "apprentice" not in plain_text(answer.html)


@pytest.mark.parametrize(
    "question",
    [
        "How long does it usually take the board to confirm an apprentice?",
        "how soon does the board confirm an apprentice? i am interested",
        "who do i talk to about apprentice plumbers?",
    ],
)
async def test_words_of_conversation_do_not_count_against_a_passage(
    knowledge: KnowledgeService, question: str
) -> None:
    hits = await knowledge.search_passages(question)
    assert hits and "apprentice plumbers" in hits[0].passage.text
    assert not hits[0].unseen and hits[0].coverage > 0.99


def test_a_verb_s_y_is_the_i_of_its_other_tenses() -> None:
    assert len({stem(w) for w in ("envoyer", "envoie", "envoi", "envoyez")}) == 1
    assert stem("employer") == stem("emploi")


def test_jusqu_a_quand_asks_rather_than_names() -> None:
    words = [c.word for c in query_concepts("Jusqu'à quand peut-on envoyer nos exemples ?")]
    assert "jusqu" not in words and "envoyer" in words


async def test_who_is_not_answered_by_a_passage_naming_nobody(
    knowledge: KnowledgeService,
) -> None:
    # the passage about the jury holds every word, and names no one (a title, a day, Réo: named
    # by the question)
    answer = await knowledge.reply("Who sits on the jury of the Réo apprentices?", "en")
    text = plain_text(answer.html)
    assert not answer.found and "do not say the names" in text and "early March" in text


def test_a_name_is_a_capitalised_word_inside_a_sentence_outside_quotes() -> None:
    from bot.passage_answers import _names_someone

    assert _names_someone("Who chairs?", "The meeting was chaired by Khalid Chihani.")
    assert _names_someone("Qui coordonne ?", "Le guide est coordonné par la Région Bretagne.")
    assert not _names_someone("Who?", 'The call "Young Plumbers Award" opens in December.')
    assert not _names_someone("Who meets in Réo?", "The jury meets in Réo on Monday.")


def test_a_feminine_past_participle_has_the_verb_s_form() -> None:
    assert stem("coordonnee") == stem("coordonne") == stem("coordonnees")
    assert stem("committee") == stem("committees")


async def test_a_typo_read_is_forgotten_when_the_documents_change(
    knowledge: KnowledgeService,
) -> None:
    from bot.knowledge.documents import Document

    hits = await knowledge.search_passages("caretakrs")
    assert hits and "caretakers" in hits[0].passage.text
    await knowledge.index_documents(
        [Document("other.md", "Other", "The caretaking team of Réo meets weekly.")]
    )
    # read again in the new index ("caretaking"), not as the word of the old one
    hits = await knowledge.search_passages("caretakrs")
    assert hits and hits[0].passage.document == "other.md" and not hits[0].unseen
