"""A follow-up asked in the same message as its question ("le premier c'est quand et où ? et
le deuxième aussi ?") is answered as a follow-up in the conversation is: the first question
again, of what the second names; a rank ("et le deuxième ?", "and the second one?") replaces
the previous question's rank. The French label of a questionnaire's deadline reads as one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.follow_up import follow_up
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("le 1er regroupement de COOP'R a eu lieu où ?", "et le 2e ?", "le 2e regroupement"),
        (
            "who leads the first item of the Limoges meeting?",
            "and the second one?",
            "the second item",
        ),
    ],
)
def test_a_rank_replaces_the_previous_rank(
    eng: Answerer, previous: str, question: str, expected: str
) -> None:
    written = follow_up(eng, previous, question, None, TODAY)
    assert written is not None and expected in written


def test_a_rank_without_a_rank_before_is_not_a_rank_follow_up(eng: Answerer) -> None:
    written = follow_up(eng, "qui finance COOP'R ?", "et le deuxième ?", None, TODAY)
    assert written is None or not written.startswith("qui finance")


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "les regroupements de Terr'ESS là, le premier c'est quand et où? et le deuxieme aussi?",
            "1er regroupement",
            "2e regroupement",
        ),
        ("Le 1er regroupement de Terr'ESS, c'est où ? Et le 2e ?", "Maroc", "Bordeaux"),
        (
            "Combien de membres au Sénégal dans Terr'ESS ? Et au Bénin ?",
            "au Sénégal",
            "au Bénin",
        ),
    ],
)
def test_both_answered_in_one_message(
    eng: Answerer, question: str, first: str, second: str
) -> None:
    a = eng.answer(question, None, TODAY)
    text = plain_text(a.html)
    assert a.found and first in text and second in text
    assert text.index(first) < text.index(second)


def test_a_questionnaires_deadline_reads_as_a_label(eng: Answerer) -> None:
    text = plain_text(eng.answer("Action 0 de COOP'R ?", None, TODAY).html)
    assert "Date limite du questionnaire (réponses : /autodiagnostic) : 31 janvier 2024" in text
