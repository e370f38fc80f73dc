"""A co-financing share claimed as a fraction ("la moitié", "two thirds", "les trois
quarts", "a quarter") is checked against the records' rate, roughly (a fraction is said
roughly: 67.5 % is two thirds, not three quarters)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Is COOP'R half funded by the DAECT?", "Yes:"),
        ("La DAECT finance-t-elle la moitié de COOP'R ?", "Oui :"),
        ("Terr'ESS is two thirds funded by the DAECT, right?", "Yes:"),
        ("La DAECT finance les trois quarts de Terr'ESS, vrai ?", "Non :"),
        ("Does the DAECT fund a quarter of COOP'R?", "No:"),
    ],
)
def test_a_fraction_claimed_is_checked(eng: Answerer, question: str, verdict: str) -> None:
    a = eng.answer(question, None, TODAY)
    assert a.intent == "project_funding"
    assert plain_text(a.html).startswith(verdict)


def test_a_percentage_is_read_before_a_fraction(eng: Answerer) -> None:
    question = "La DAECT finance la moitié de COOP'R, soit 25 %, c'est ça ?"
    assert plain_text(eng.answer(question, None, TODAY).html).startswith("Non :")
