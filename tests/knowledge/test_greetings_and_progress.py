"""A greeting asked as a question before the real one ("Nanga def ? Je suis ...", "How far?
When ...") is set aside; a member's progress or findings in a self-assessment ("a-t-il fini son
autodiagnostic, et qu'a-t-il trouvé ?", "Has X completed its self-assessment?") are not in the
records: said so, with what is known, never a confident "yes, it is a member"."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.introduction import drop_greeting_question
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    "greeting", ["Nanga def ?", "How far?", "Ça va ?", "Bonjour, comment allez-vous ?"]
)
def test_a_greeting_question_is_set_aside(greeting: str) -> None:
    assert drop_greeting_question(f"{greeting} Quand a lieu le regroupement ?") == (
        "Quand a lieu le regroupement ?"
    )


def test_a_real_first_question_is_kept() -> None:
    text = "Qui anime le projet ? Et quand finit-il ?"
    assert drop_greeting_question(text) == text


def member_of_project(kb: KnowledgeBase) -> tuple[str, str]:
    for o in kb.organisations.values():
        for pid in o.projects:
            if pid in kb.projects:
                return o.name, kb.projects[pid].short_name
    raise AssertionError("no member")


@pytest.mark.parametrize(
    "question",
    [
        "Le {org} a-t-il fini son autodiagnostic {project}, et qu'a-t-il trouvé ?",
        "Has the {org} completed its self-assessment?",
    ],
)
def test_a_members_progress_is_not_held(
    answerer: Answerer, kb: KnowledgeBase, question: str
) -> None:
    org, project = member_of_project(kb)
    ans = answerer.answer(question.format(org=org, project=project), None, TODAY)
    text = plain_text(ans.html)
    assert not ans.found, text
    assert not text.startswith(("Oui", "Yes")), text


@pytest.mark.parametrize(
    "question",
    [
        "What were the principal findings of the self-assessments carried out by the {project} "
        "member local governments?",
        "J'aimerais citer les résultats de l'autodiagnostic {project}. Quels en sont les "
        "principaux résultats chiffrés et dans quel rapport ont-ils été publiés ?",
    ],
)
def test_the_findings_of_a_self_assessment_are_not_held(
    answerer: Answerer, kb: KnowledgeBase, question: str
) -> None:
    project = next(iter(kb.projects.values())).short_name
    ans = answerer.answer(question.format(project=project), None, TODAY)
    text = plain_text(ans.html)
    assert not ans.found and project in text, text


def test_what_a_project_concluded_is_not_held(answerer: Answerer, kb: KnowledgeBase) -> None:
    p = next(iter(kb.projects.values()))
    ans = answerer.answer(f"Qu'est-ce qu'on a conclu de {p.short_name} ?", None, TODAY)
    assert not ans.found, plain_text(ans.html)
