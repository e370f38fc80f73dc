"""A project's full name ("What does X stand for?", "le nom complet de X"), with its title in
the other language; a language named as one ("in French", "the original French wording") is
no country, and the title of what the reply is about is given in it."""

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
    ("question", "lang"),
    [
        ("What does {p} stand for?", "en"),
        ("Quel est le nom complet de {p} ?", "fr"),
        ("What is the full name of the project in French? ({p})", "en"),
    ],
)
def test_a_projects_full_name_in_both_languages(
    answerer: Answerer, kb: KnowledgeBase, question: str, lang: str
) -> None:
    for p in kb.projects.values():
        ans = answerer.answer(question.format(p=p.short_name), None, TODAY)
        text = plain_text(ans.html)
        assert ans.found and ans.intent == "project_title", text
        assert p.title.fr in text and p.title.en in text, text


def test_an_organisations_acronym_is_not_the_projects_title(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    o = next(o for o in kb.organisations.values() if o.acronyms and o.projects)
    project = kb.projects[o.projects[0]].short_name
    ans = answerer.answer(f"Dans {project}, que veut dire {o.acronyms[0]} ?", None, TODAY)
    assert ans.intent != "project_title", plain_text(ans.html)


def test_in_french_is_a_language_not_france(answerer: Answerer, kb: KnowledgeBase) -> None:
    s = next(iter(kb.partnerships.values()))
    partners = s.title.en
    ans = answerer.answer(
        f"What is the title of the partnership '{partners}'? I'd like the original French wording.",
        None,
        TODAY,
    )
    assert s.title.fr in plain_text(ans.html), plain_text(ans.html)


@pytest.mark.parametrize("question", ["{p} funders?", "{p}: expansion?"])
def test_terse_english_is_english(answerer: Answerer, kb: KnowledgeBase, question: str) -> None:
    p = next(iter(kb.projects.values()))
    assert answerer.answer(question.format(p=p.short_name), None, TODAY).lang == "en"
