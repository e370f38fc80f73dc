"""Figures no document holds (an indicator, a satisfaction score, a return on investment, a
number of followers, a distance) are said not held, never answered with what is nearby; and
"X ? Et Y ?" asks the first question again of Y. Expectations come from the data."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.query import split_question

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def _project(kb: KnowledgeBase) -> str:
    return sorted(p.short_name for p in kb.projects.values())[0]


@pytest.mark.parametrize(
    ("template", "attribute"),
    [
        ("Which key performance indicators were set to measure {p}'s results?", "metrics"),
        ("Quel est le taux de satisfaction des participants de {p} ?", "metrics"),
        ("What's the expected return on investment for a company partnering with {p}?", "metrics"),
        ("How many followers does {p} have on Twitter?", "metrics"),
    ],
)
def test_a_measured_figure_is_said_not_held(
    answerer: Answerer, kb: KnowledgeBase, template: str, attribute: str
) -> None:
    question = template.format(p=_project(kb))
    assert attribute in asked(question)
    a = answerer.answer(question, None, TODAY)
    assert not a.found


def test_a_distance_is_said_not_held(answerer: Answerer, kb: KnowledgeBase) -> None:
    p = next(
        (p for p in kb.partnerships.values() if p.french_partners and p.foreign_partners), None
    )
    if p is None:
        pytest.skip("no partnership")
    one = kb.organisations[p.french_partners[0]].name
    other = kb.organisations[p.foreign_partners[0]].name
    for q in (
        f"quelle est la distance entre {one} et {other} ?",
        f"how far is {one} from {other}?",
    ):
        assert "distance" in asked(q)
        assert not answerer.answer(q, None, TODAY).found


def test_et_with_another_thing_asks_the_same_question_again() -> None:
    assert split_question("Action 0 de X ? Et l'action 3 ?") == ("Action 0 de X ?", "l'action 3 ?")
    assert split_question("What is action 1 of X? And action 2?") == (
        "What is action 1 of X?",
        "action 2?",
    )
    # a remark after "et" that is no question stays one question
    assert split_question("Action 0 de X et l'action 3") is None


def test_two_numbered_actions_asked_one_after_the_other(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    for p in sorted(kb.projects.values(), key=lambda p: p.id):
        numbers = sorted(
            a.number for a in kb.actions.values() if a.project == p.id and a.number is not None
        )
        if len(numbers) >= 2:
            break
    else:
        pytest.skip("no project with two numbered actions")
    first, last = numbers[0], numbers[-1]
    both = plain_text(
        answerer.answer(
            f"Action {first} de {p.short_name} ? Et l'action {last} ?", "fr", TODAY
        ).html
    )
    alone = plain_text(answerer.answer(f"Action {last} de {p.short_name} ?", "fr", TODAY).html)
    assert alone.splitlines()[0] in both


def test_and_in_another_country_does_not_repeat_the_first(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    for p in sorted(kb.projects.values(), key=lambda p: p.id):
        countries = sorted({o.country for o in kb.organisations.values() if p.id in o.projects})
        if len(countries) >= 2:
            break
    else:
        pytest.skip("no project with two countries")
    one, two = (kb.countries[c].name.get("fr") for c in countries[:2])
    text = plain_text(
        answerer.answer(
            f"Combien de membres en {one} dans {p.short_name} ? Et en {two} ?", "fr", TODAY
        ).html
    )
    heads = [line for line in text.splitlines() if line.startswith(p.short_name)]
    assert len(heads) == len(set(heads)) == 2


def test_a_year_claimed_for_since_when_is_checked(answerer: Answerer, kb: KnowledgeBase) -> None:
    import re

    for org in sorted(kb.organisations.values(), key=lambda o: o.id):
        card = plain_text(
            answerer.answer(f"Depuis quand {org.name} fait de la coopération ?", "fr", TODAY).html
        )
        m = re.search(r"depuis ((?:19|20)\d\d)", card)
        if m:
            break
    else:
        pytest.skip("no organisation engaged since a year")
    held = int(m.group(1))
    wrong = plain_text(
        answerer.answer(
            f"{org.name} fait de la coopération décentralisée depuis {held - 6}, c'est exact ?",
            "fr",
            TODAY,
        ).html
    )
    assert wrong.startswith("Non") and str(held) in wrong.splitlines()[0]
    right = answerer.answer(
        f"{org.name} fait de la coopération décentralisée depuis {held} ?", "fr", TODAY
    )
    assert right.found and not plain_text(right.html).startswith("Non")


def test_members_of_one_country_compared_across_two_projects(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    projects = sorted(kb.projects.values(), key=lambda p: p.id)
    for one in projects:
        for two in projects:
            if one.id >= two.id:
                continue
            counts = {
                p.id: {
                    c: sum(
                        1
                        for o in kb.organisations.values()
                        if p.id in o.projects and o.country == c
                    )
                    for c in kb.countries
                }
                for p in (one, two)
            }
            shared = [
                c
                for c in kb.countries
                if counts[one.id][c]
                and counts[two.id][c]
                and counts[one.id][c] != counts[two.id][c]
            ]
            if shared:
                break
        else:
            continue
        break
    else:
        pytest.skip("no country with different counts in two projects")
    c = shared[0]
    a, b = counts[one.id][c], counts[two.id][c]
    name = kb.countries[c].name.get("fr")
    text = plain_text(
        answerer.answer(
            f"Combien de membres de plus en {name} dans {one.short_name} "
            f"que dans {two.short_name} ?",
            "fr",
            TODAY,
        ).html
    )
    assert f"{abs(a - b)} membre" in text.splitlines()[0]
    assert f"{max(a, b)} contre {min(a, b)}" in text.splitlines()[0]


def test_a_country_claimed_wrongly_gets_the_countries_the_project_has(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    for p in sorted(kb.projects.values(), key=lambda p: p.id):
        theirs = {o.country for o in kb.organisations.values() if p.id in o.projects}
        other = next((c for c in sorted(kb.countries) if c not in theirs), None)
        if other is not None and theirs:
            break
    else:
        pytest.skip("every project has members in every country")
    name = kb.countries[other].name.get("en")
    text = plain_text(
        answerer.answer(
            f"Claim: {p.short_name} involves local governments from {name}. True or false?",
            "en",
            TODAY,
        ).html
    )
    assert text.startswith("No")
    for c in theirs:
        assert kb.countries[c].name.get("en") in text


def test_how_far_as_a_greeting_asks_no_distance() -> None:
    # Nigerian English: "How far!" greets
    assert "distance" not in asked("How far! Abeg, wetin be the main focus of the project?")
    assert "distance" in asked("How far is Dakar from Paris?")
