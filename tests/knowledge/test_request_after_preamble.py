"""A formal request after a preamble in one sentence ("Dans le cadre de ..., je me permets de
vous demander si ...", "..., pourriez-vous m'indiquer ...", "je vous prie de bien vouloir
m'indiquer ..."): the question is what the request asks, the preamble is context; a request
whose possessive points back ("pourriez-vous me communiquer son nom ?") keeps the words
before it."""

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
    "preamble",
    [
        "Conformément aux instructions de Monsieur le Maire, et dans le souci d'informer au "
        "mieux les conseillers municipaux, pourriez-vous m'indiquer",
        "Madame, Monsieur, à la suite de notre conversation et afin de compléter le dossier "
        "remis aux élus, je vous prie de bien vouloir m'indiquer",
    ],
)
def test_the_request_after_a_preamble_is_the_question(
    answerer: Answerer, kb: KnowledgeBase, preamble: str
) -> None:
    project = next(iter(kb.projects.values()))
    plain = answerer.answer(
        f"Quelles sont les actions du projet {project.short_name} ?", None, TODAY
    )
    ans = answerer.answer(
        f"{preamble} quelles sont les actions du projet {project.short_name} ?", None, TODAY
    )
    assert ans.found and ans.intent == plain.intent, plain_text(ans.html)
    assert plain_text(ans.html) == plain_text(plain.html)


def test_a_request_pointing_back_keeps_the_words_before(answerer: Answerer) -> None:
    question = (
        "Monsieur le Maire souhaiterait écrire au comptable du projet : pourriez-vous me "
        "communiquer son nom ?"
    )
    assert "comptable" in answerer.question_itself(question, "fr", TODAY)


def test_what_the_asker_does_after_the_question_is_context(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    from bot.knowledge.introduction import introduction_last

    said = "Bonjour. Quelles collectivités ? Je fais une comparaison avec l'Asie pour mon mémoire."
    assert introduction_last(said).startswith("Je fais une comparaison")
