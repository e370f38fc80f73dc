"""Blind round 31 (sealed until scored: 84/100 at 676d761 and at dfcd5a4): a request to send
"ces informations dans les meilleurs délais" closes a letter, it asks nothing; "Respected
Sir" is a salutation, never read as a project's title word ("respectueux"); "Action 2 and
Action 3" names both actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.query import action_numbers
from bot.knowledge.textnorm import tokenize

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


def test_a_closing_request_asks_nothing(eng: Answerer) -> None:
    a = eng.answer(
        "Madame, Monsieur, j'ai l'honneur de solliciter la liste des collectivités malgaches "
        "engagées dans le projet Terr'ESS. Veuillez nous faire parvenir ces informations dans "
        "les meilleurs délais. Veuillez agréer nos salutations distinguées.",
        None,
        TODAY,
    )
    text = plain_text(a.html)
    assert a.found and "Analanjirofo" in text and "Itasy" in text


def test_respected_sir_is_a_salutation(eng: Answerer) -> None:
    a = eng.answer(
        "Respected Sir, kindly inform the date of the Groupe Pays Maroc meeting in Limoges.",
        None,
        TODAY,
    )
    assert a.intent == "meeting" and "4 November 2016" in plain_text(a.html)


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("What is the modality of Action 2 and Action 3 of COOP'R?", [2, 3]),
        ("c'est quoi l'action 2 et l'action 3 de COOP'R", [2, 3]),
        ("les actions 2 et 3 de COOP'R", [2, 3]),
        ("l'action 2 de COOP'R et ses dates", [2]),
    ],
)
def test_several_actions_named(question: str, numbers: list[int]) -> None:
    assert action_numbers(tokenize(question)) == numbers
