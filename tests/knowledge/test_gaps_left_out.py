"""What the documents do not say: the city of an event known only by its glossary entry, the
topics and dates of webinars known only by their number, other projects than those named."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    "question",
    [
        "Dans quelle ville aura lieu l'assemblee generale de l'AIRF ?",
        "Les webinaires de COOP'R, quels sujets ?",
        "Which dates for the COOP'R webinars?",
        "Apart from COOP'R and Terr'ESS, what other projects does the AIRF run?",
    ],
)
def test_unheld_part_is_said_not_answered(answerer: Answerer, question: str) -> None:
    a = answerer.answer(question, None, TODAY)
    assert not a.found, plain_text(a.html)
    assert a.intent == "gap"


@pytest.mark.parametrize(
    "question",
    [
        "Dates de debut et de fin des actions de COOP'R ?",
        "Combien de webinaires thematiques pour COOP'R ?",
        "Quels sont les projets de l'AIRF ?",
    ],
)
def test_what_is_held_is_answered(answerer: Answerer, question: str) -> None:
    assert answerer.answer(question, None, TODAY).found


@pytest.mark.parametrize(
    ("question", "difference"),
    [
        ("Which project has the higher co-financing rate, COOP'R or Terr'ESS?", "17.5"),
        ("Ecart entre le taux de cofinancement de Terr'ESS et celui de COOP'R ?", "17,5"),
    ],
)
def test_two_rates_compared(answerer: Answerer, question: str, difference: str) -> None:
    first = plain_text(answerer.answer(question, None, TODAY).html).splitlines()[0]
    assert first.startswith("Terr'ESS") and difference in first, first
