"""A year named as a guess after "depuis quelle année" is not the time asked; a yes/no
question about a statement a note holds whole is answered by the note; an open question whose
topic is in a name ("the self-assessment each X member carries out") is not a membership
check; an opinion asked ("à votre avis", "was it a success?") is not held."""

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
        "Depuis quelle année l'ex-Région Limousin fait-elle de la coopération décentralisée ? "
        "Je crois que c'était en 1985 ?",
        "Since what year has the former Limousin region done decentralised cooperation, 1995?",
    ],
)
def test_a_guessed_year_is_not_the_year_asked(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question, None, TODAY)
    assert answer.found, plain_text(answer.html)
    assert "1991" in plain_text(answer.html)


def test_an_open_question_on_a_topic_is_not_a_membership_check(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    p = next(
        p
        for p in kb.projects.values()
        if any(a.action_type == "self_assessment" for a in kb.project_actions(p.id))
    )
    member = next(o for o in kb.organisations.values() if p.id in o.projects)
    short = member.name.split()[-1]
    question = (
        f"What is the self-assessment that each {p.short_name} member, {short} included, "
        "has to carry out about?"
    )
    answer = answerer.answer(question, "en", TODAY)
    assert answer.intent != "org_membership", plain_text(answer.html)
    assert "self-assessment" in plain_text(answer.html).lower()


@pytest.mark.parametrize(
    "question",
    [
        "In your opinion {p} was a success? It reached its objectives at the end?",
        "À votre avis, {p} est-il une réussite ?",
    ],
)
def test_an_opinion_is_not_held(answerer: Answerer, kb: KnowledgeBase, question: str) -> None:
    p = next(iter(kb.projects.values()))
    answer = answerer.answer(question.format(p=p.short_name), None, TODAY)
    assert not answer.found and answer.intent == "unknown", plain_text(answer.html)


def test_the_key_to_success_a_record_gives_is_not_an_opinion(answerer: Answerer) -> None:
    answer = answerer.answer(
        "dans le projet dijon chefchaouen cest quoi la cle de la reussite selon la fiche",
        "fr",
        TODAY,
    )
    assert answer.intent != "unknown", plain_text(answer.html)


def test_which_project_is_better_is_an_opinion(answerer: Answerer, kb: KnowledgeBase) -> None:
    a, b = list(kb.projects.values())[:2]
    answer = answerer.answer(
        f"Ki pi bon projet pou yon kominote tankou pa m nan, {a.short_name} ou {b.short_name} ? "
        "Ban m opinion ou franchement.",
        None,
        TODAY,
    )
    assert not answer.found and answer.intent == "unknown", plain_text(answer.html)


@pytest.mark.parametrize(
    "question",
    ["Sum MEAE 2020+2021, Dijon–Chefchaouen?", "Dijon own contribution 2021 vs 2020: delta?"],
)
def test_terse_figures_questions_are_english(answerer: Answerer, question: str) -> None:
    assert answerer.answer(question, None, TODAY).lang == "en"


def test_a_delta_between_years_is_computed(answerer: Answerer) -> None:
    text = plain_text(
        answerer.answer("Dijon own contribution 2021 vs 2020: delta in EUR?", None, TODAY).html
    )
    assert "3,102" in text, text


def test_what_a_funder_put_in_asks_the_funding(answerer: Answerer) -> None:
    text = (
        plain_text(
            answerer.answer(
                "Sur ce partenariat Dijon–Chefchaouen, en 2020, est-ce que l'État a mis plus que "
                "la ville de Dijon ? Franchement, j'en doute.",
                None,
                TODAY,
            ).html
        )
        .replace("\u202f", " ")
        .replace("\xa0", " ")
    )
    assert "8 845" in text and "11 241" in text, text


def test_confirm_or_deny_is_a_claim_to_check(answerer: Answerer, kb: KnowledgeBase) -> None:
    from bot.knowledge.query import _polar
    from bot.knowledge.textnorm import tokenize

    question = "Rumour: X spans 8 countries. Confirm or deny."
    assert _polar(question, tokenize(question))
