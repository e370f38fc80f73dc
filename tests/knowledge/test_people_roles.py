"""A person asked for by a role word that is also a person cue ("le maire de X"), in a message
with filler ("jcrois ya un nom ds le truc", "mentionné dans la fiche"): the person the
documents give that role, by their role's words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase, Organisation
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    "question",
    [
        "Qui est le maire de {org} ?",
        "c qui le maire de {org} jcrois ya un nom ds le truc",
        "Quel maire de {org} est mentionné dans la fiche du partenariat ?",
    ],
)
def test_a_mayor_asked_by_role(answerer: Answerer, kb: KnowledgeBase, question: str) -> None:
    mayors = [
        p
        for p in kb.people.values()
        if "maire" in p.role.fr.split() and isinstance(kb.get(p.organisation or ""), Organisation)
    ]
    if not mayors:
        pytest.skip("no mayor in the documents")
    p = mayors[0]
    org = kb.get(p.organisation or "")
    assert isinstance(org, Organisation)
    place = org.name.split()[-1]
    ans = answerer.answer(question.format(org=place), None, TODAY)
    assert ans.found and p.name in plain_text(ans.html), plain_text(ans.html)


def test_the_exact_post_of_someone_named_for_a_talk_is_not_held(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    speaker = next((p for p in kb.people.values() if not (p.role_ref or p.organisation)), None)
    holder = next((p for p in kb.people.values() if p.role_ref is not None), None)
    if speaker is None or holder is None:
        pytest.skip("no speaker without a post, or no post holder")
    ans = answerer.answer(f"Quel est le poste exact de {speaker.name} ?", None, TODAY)
    assert not ans.found and speaker.name in plain_text(ans.html), plain_text(ans.html)
    ans = answerer.answer(f"Who is {holder.name}? What is his exact job?", None, TODAY)
    assert ans.found and holder.name in plain_text(ans.html), plain_text(ans.html)


def test_a_partner_named_by_what_they_did_in_the_other_city(kb: KnowledgeBase) -> None:
    """A person named in a partnership, asked by role and by what they did in the partner
    city ("the president of the commune who came to <partner city> in <month year>"), is
    found; asked only by a role of that city ("président de <city> Métropole"), is not."""
    answerer = Answerer(kb)
    found = answerer.answer(
        "Le président de la commune qui est venu à Dijon en décembre 2019, c'était qui déjà ?",
        "fr",
        date(2026, 1, 15),
    )
    assert found.found and "Sefiani" in plain_text(found.html), plain_text(found.html)
    other = answerer.answer("Qui est le président de Dijon Métropole ?", "fr", date(2026, 1, 15))
    assert "Sefiani" not in plain_text(other.html), plain_text(other.html)
