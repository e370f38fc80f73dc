"""The next dated step of a project's plan ("le prochain événement de X", "what's next")."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import plain_text
from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def _steps(kb: KnowledgeBase, project: str) -> list[tuple[date, str]]:
    return sorted(
        (ms.date.first_day(), ms.title.fr)
        for a in kb.project_actions(project)
        for ms in a.milestones
        if ms.date is not None
    )


@pytest.mark.parametrize(
    "question",
    [
        "quel est le prochain événement de {p} ?",
        "c'est quoi la prochaine étape de {p}",
        "whats the next {p} event",
        "what is the next step for {p}?",
    ],
)
def test_the_first_step_after_today(kb: KnowledgeBase, answerer: Answerer, question: str) -> None:
    project = next(p for p in kb.projects.values() if len(_steps(kb, p.id)) >= 2)
    steps = _steps(kb, project.id)
    # asked on the day of the second step: that one is next, whatever the data's years
    after_first = steps[1][0]
    ans = answerer.answer(question.format(p=project.short_name), None, after_first)
    text = plain_text(ans.html)
    assert ans.found and ans.intent == "next_step"
    lang = ans.lang
    upcoming = sorted(
        (ms.date.first_day(), ms.title.get(lang))
        for a in kb.project_actions(project.id)
        for ms in a.milestones
        if ms.date is not None and ms.date.last_day() >= after_first
    )
    assert upcoming[0][1] in text
    assert steps[0][1] not in text or steps[0][1] == upcoming[0][1]


def test_nothing_ahead_is_said(kb: KnowledgeBase, answerer: Answerer) -> None:
    project = next(iter(kb.projects.values()))
    last = max(
        (
            ms.date.last_day()
            for a in kb.project_actions(project.id)
            for ms in a.milestones
            if ms.date
        ),
        default=date(2000, 1, 1),
    )
    later = date(last.year + 2, 1, 1)
    ans = answerer.answer(f"what's next for {project.short_name}?", "en", later)
    assert ans.intent == "next_step" and "No dated step" in plain_text(ans.html)
