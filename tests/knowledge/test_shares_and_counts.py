"""What is left of a co-financing rate, a count of councils that says what else the project
holds, an amount asked in slang ("combien de sous"), a headcount asked in non-native English
("quantity of persons that assisted"), and a country named only in a member's notes."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_the_share_left_is_the_rest_of_the_rate(answerer: Answerer, kb: KnowledgeBase) -> None:
    p = next(p for p in kb.projects.values() if p.co_financing_rate and p.co_financing_rate < 100)
    assert p.co_financing_rate is not None
    ans = answerer.answer(
        f"What share is left for the other funders of {p.short_name}?", None, TODAY
    )
    rest = f"{100 - p.co_financing_rate:g}"
    assert rest in plain_text(ans.html), plain_text(ans.html)


def test_councils_counted_say_the_members_that_are_not(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    for p in kb.projects.values():
        members = [o for o in kb.organisations.values() if p.id in o.projects]
        others = [o for o in members if "council" not in o.org_kind]
        if others and len(others) < len(members):
            break
    else:
        pytest.skip("no project with members that are not councils")
    ans = answerer.answer(f"How many councils in {p.short_name}?", None, TODAY)
    text = plain_text(ans.html)
    assert str(len(members)) in text, text
    for o in others:
        assert (o.name_en or o.name).split(" (")[0] in text, text


@pytest.mark.parametrize(
    "question",
    ["ya combien de sous que X a donner en 2020", "how many euros did X give"],
)
def test_money_counted_is_an_amount(question: str) -> None:
    assert asked(question) == ["amount"]


def test_persons_that_assisted_is_a_headcount() -> None:
    assert "attendance" in asked("Which is the quantity of persons that assisted to the meeting?")


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Limoges meeting: attendee headcount?", "attendance"),
        ("Quelle est la dénomination complète de la CNCD ?", "expansion"),
        ("Nan ki vil li te ye ?", "city"),
    ],
)
def test_more_ways_of_asking(question: str, attribute: str) -> None:
    assert attribute in asked(question)
