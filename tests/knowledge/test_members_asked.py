"""A word of membership only mentioned ("chaque collectivité doit conduire ...", "the capacity
of local governments") does not make a question about the members: the topic it asks decides;
membership asked ("quelles collectivités", "the members of", "fait partie") does."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.lexicon import detect_cues
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.textnorm import tokenize

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Quelles collectivités sont dans le projet ?", True),
        ("Which local governments take part?", True),
        ("Les membres du projet", True),
        ("Quelles autres collectivités y sont ?", True),
        ("Sur quoi porte l'autodiagnostic que chaque collectivité doit conduire ?", False),
        ("What capacity of local governments does it strengthen?", False),
        ("What is the self-assessment of each member supposed to examine?", False),
        ("Le groupe WhatsApp, c'est dans quelle action ?", False),
    ],
)
def test_membership_asked_or_only_mentioned(question: str, asked: bool) -> None:
    cues = detect_cues(tokenize(question), "fr", question)
    assert ("members_asked" in cues) is asked


def test_the_topic_asked_wins_over_a_membership_word(answerer: Answerer, kb: KnowledgeBase) -> None:
    project = next(p for p in kb.projects.values() if kb.project_actions(p.id))
    name = project.short_name
    q = f"L'autodiagnostic que chaque collectivité doit conduire dans {name}, il porte sur quoi ?"
    assert answerer.answer(q, "fr", TODAY).intent != "members"
    q = (
        f"What is the main objective of {name}, in particular the capacity of francophone local"
        " governments it strengthens?"
    )
    assert answerer.answer(q, "en", TODAY).intent != "members"
    # membership asked, or only a word of it with nothing else asked: the members
    assert answerer.answer(f"Quelles collectivités sont dans {name} ?", "fr", TODAY).intent in (
        "members",
        "members_count",
    )
    assert answerer.answer(f"{name} collectivites ?", "fr", TODAY).intent == "members"
