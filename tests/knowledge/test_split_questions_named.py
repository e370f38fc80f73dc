"""Two questions in one whose first part names nothing itself ("... who runs most of the items
on it and which organisation he is with", the meeting named in the sentence before): the first
part is about what the whole names; "une autre collectivité ... avec eux" leaves out whom
"eux" stands for."""

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


def test_the_first_part_takes_what_the_whole_names(answerer: Answerer, kb: KnowledgeBase) -> None:
    m = next(m for m in kb.meetings.values() if m.agenda and m.aliases)
    leaders = [p for p in kb.people.values() if any(lead.meeting == m.id for lead in p.leads)]
    if not leaders:
        pytest.skip("nobody leads an item of the meeting")
    top = max(leaders, key=lambda p: sum(1 for lead in p.leads if lead.meeting == m.id))
    ans = answerer.answer(
        f"I was reading the programme of the {m.aliases[-1]} and I would like to know who runs "
        "most of the items on it and which organisation he is with",
        None,
        TODAY,
    )
    assert top.name in plain_text(ans.html), plain_text(ans.html)


def test_others_with_them_leave_them_out(answerer: Answerer, kb: KnowledgeBase) -> None:
    for o in kb.organisations.values():
        pid = next((p for p in o.projects if p in kb.projects), None)
        if pid is None:
            continue
        mates = [
            x
            for x in kb.organisations.values()
            if pid in x.projects and x.country == o.country and x.id != o.id
        ]
        if mates:
            break
    else:
        pytest.skip("no organisation with a fellow member of its country")
    country = kb.countries[o.country].name.fr
    ans = answerer.answer(
        f"Nos amis sont au {o.name}. Y a-t-il une autre collectivité ({country}) avec eux "
        f"dans {kb.projects[pid].short_name} ?",
        None,
        TODAY,
    )
    text = plain_text(ans.html)
    assert all(x.name in text for x in mates), text


def test_a_second_part_said_by_the_first_is_not_repeated(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    s = next(
        (s for s in kb.partnerships.values() if any("volunteer" in h.en for h in s.history)), None
    )
    if s is None:
        pytest.skip("no volunteer exchange in a partnership's history")
    a = kb.organisations[s.french_partners[0]].name
    b = kb.organisations[s.foreign_partners[0]].name
    ans = answerer.answer(
        f"Please when did the {a} and {b} youth volunteer exchange take place, and under which "
        "scheme?",
        None,
        TODAY,
    )
    lines = [line for line in plain_text(ans.html).splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), plain_text(ans.html)


def test_numbered_questions_are_each_answered(answerer: Answerer, kb: KnowledgeBase) -> None:
    a = next(a for a in kb.actions.values() if a.number and a.occasion)
    project = kb.projects[a.project].short_name
    ans = answerer.answer(
        f"Objet : Action {a.number} du projet {project}. 1) En quoi consiste-t-elle ? "
        "2) À quelle occasion se tiendra-t-elle ?",
        None,
        TODAY,
    )
    text = plain_text(ans.html)
    assert ans.found and a.id in ans.refs, text
    assert a.title.fr in text and "Objet" not in text, text


def test_who_facilitated_a_meeting_is_who_leads_most_items(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    m = next(m for m in kb.meetings.values() if m.agenda and m.aliases)
    leaders = [p for p in kb.people.values() if any(lead.meeting == m.id for lead in p.leads)]
    if not leaders:
        pytest.skip("nobody leads an item of the meeting")
    top = max(leaders, key=lambda p: sum(1 for lead in p.leads if lead.meeting == m.id))
    ans = answerer.answer(f"Qui animait la {m.aliases[0]} ?", None, TODAY)
    assert top.name in plain_text(ans.html), plain_text(ans.html)
