"""A request after a question ("... ? Sinon donnez-moi celles de chaque projet.") is a second
question even without its question mark; technical partners asked in any word order
("partners technical-scientific") are the announced, unnamed ones."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.query import split_question

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_a_request_after_sinon_is_a_second_question() -> None:
    assert split_question("X est-il membre de Y ? Sinon donnez-moi ceux de Y.") == (
        "X est-il membre de Y ?",
        "donnez-moi ceux de Y.",
    )
    # a remark after "sinon", asking nothing, is not
    assert split_question("X est-il membre de Y ? Sinon tant pis.") is None


@pytest.mark.parametrize(
    "template",
    [
        "Which are the partners technical-scientific that accompany {p}?",
        "Quels sont les partenaires techniques-scientifiques de {p} ?",
    ],
)
def test_technical_partners_in_any_word_order(
    answerer: Answerer, kb: KnowledgeBase, template: str
) -> None:
    project = next((p for p in kb.projects.values() if p.technical_partners_count), None)
    if project is None:
        pytest.skip("no project announcing technical partners")
    question = template.format(p=project.short_name)
    assert "project.technical_partners" in answerer.intents_of(question, None, TODAY)
    # announced, not named: never the member list instead
    text = plain_text(answerer.answer(question, None, TODAY).html)
    members = [o.name for o in kb.organisations.values() if project.id in o.projects]
    assert not any(name in text for name in members)
