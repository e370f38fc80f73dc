"""What people write before their question (a preamble, a source) is context, not the question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import plain_text
from bot.knowledge.answer import Answerer
from bot.knowledge.introduction import split_context
from bot.knowledge.models import KnowledgeBase

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_a_source_named_first_is_set_aside() -> None:
    assert split_context("Selon la fiche de l'Atlas, quel est le thème du partenariat ?") == (
        "la fiche de l'Atlas",
        "quel est le thème du partenariat ?",
    )
    assert split_context("According to the minutes, who opened the meeting?") == (
        "the minutes",
        "who opened the meeting?",
    )


def test_sentences_that_ask_nothing_come_before_the_question() -> None:
    raw = "Je prépare une note pour mon élu. Combien de pays compte le projet ?"
    assert split_context(raw) == (
        "Je prépare une note pour mon élu.",
        "Combien de pays compte le projet ?",
    )
    # a title's abbreviation ends no sentence
    assert split_context("Bonjour, le numéro de M. Dupont svp ?") is None
    # a request that only points back is one question with what comes before it
    assert split_context("Je cherche les membres béninois. Pourriez-vous me les donner ?") is None
    assert split_context("Une seule question ?") is None


def test_the_preamble_does_not_take_over(kb: KnowledgeBase, answerer: Answerer) -> None:
    project = next(iter(kb.projects.values()))
    other = next(p for p in kb.projects.values() if p.id != project.id)
    plain = answerer.answer(f"Qui anime {other.short_name} ?", None, TODAY)
    preamble = answerer.answer(
        f"Je connais bien {project.short_name} et ses membres. Qui anime {other.short_name} ?",
        None,
        TODAY,
    )
    assert plain_text(preamble.html) == plain_text(plain.html)


def test_the_preamble_lends_its_project_to_a_question_naming_none(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    project = next(iter(kb.projects.values()))
    named = answerer.answer(f"Which countries take part in {project.short_name}?", None, TODAY)
    lent = answerer.answer(
        f"We are writing a report and came across {project.short_name}. "
        "Which countries take part in the project?",
        None,
        TODAY,
    )
    assert lent.found and plain_text(lent.html) == plain_text(named.html)


def test_a_name_asked_about_after_the_question_gets_both(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    project = next(iter(kb.projects.values()))
    member = next(o for o in kb.organisations.values() if project.id in o.projects)
    ans = answerer.answer(
        f"Quels pays participent à {project.short_name} ? {member.name} aussi ?", "fr", TODAY
    )
    text = plain_text(ans.html)
    countries = answerer.answer(f"Quels pays participent à {project.short_name} ?", "fr", TODAY)
    # the first question's answer, then the name asked about
    assert text.startswith(plain_text(countries.html))
    assert "Oui" in text and member.name in text


def test_the_question_itself_is_what_the_documents_are_searched_with(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    project = next(iter(kb.projects.values())).short_name
    ans = answerer.answer(
        f"Je prépare une note pour mon élu. J'ai lu des choses sur {project}. "
        "Combien de pays y participent ?",
        None,
        TODAY,
    )
    assert ans.asked.startswith("Combien de pays y participent") and project in ans.asked


@pytest.mark.parametrize(
    ("keywords", "lang"),
    [("budget total euros", "fr"), ("2020 total budget", "en"), ("rapport annuel", "fr")],
)
def test_keywords_take_the_language_of_their_word_order(
    answerer: Answerer, keywords: str, lang: str
) -> None:
    assert answerer.answer(keywords, None, TODAY).lang == lang
