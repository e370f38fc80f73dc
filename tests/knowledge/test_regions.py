"""Parts of the world named instead of countries ("les membres africains", "outside Africa",
"en Afrique de l'Ouest"), from ``data/vocabulary/places.toml``, and claims that nothing else
is ("ne concerne que", "only"). Figures are computed from the records, not written here."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.vocabulary import vocabulary

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def region_codes(name: str) -> frozenset[str]:
    (region,) = [r for r in vocabulary().places.regions if r.name["en"] == name]
    return region.codes


def project_with_members_in_and_out(kb: KnowledgeBase, codes: frozenset[str]) -> str:
    for p in kb.projects.values():
        countries = {o.country for o in kb.organisations.values() if p.id in o.projects}
        if countries & codes and countries - codes:
            return p.id
    raise AssertionError("no project with members in and out of the region")


def countries_of(kb: KnowledgeBase, pid: str) -> set[str]:
    return {o.country for o in kb.organisations.values() if pid in o.projects}


def test_every_region_lists_iso_codes() -> None:
    for region in vocabulary().places.regions:
        assert region.codes, region.name
        assert all(len(c) == 2 and c.isalpha() for c in region.codes), region.name
        assert set(region.name) == set(region.where) == {"fr", "en"}


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quels pays africains dans {p} ?", "fr"),
        ("How many African countries are in {p}?", "en"),
    ],
)
def test_countries_in_a_region(
    answerer: Answerer, kb: KnowledgeBase, question: str, lang: str
) -> None:
    africa = region_codes("Africa")
    pid = project_with_members_in_and_out(kb, africa)
    ans = answerer.answer(question.format(p=kb.projects[pid].short_name), None, TODAY)
    text = plain_text(ans.html)
    assert ans.found and ans.lang == lang
    inside = countries_of(kb, pid) & africa
    for cid in inside:
        assert kb.countries[cid].name.get(lang) in text
    for cid in countries_of(kb, pid) - africa:
        assert kb.countries[cid].name.get(lang) not in text
    assert str(len(inside)) in text and str(len(countries_of(kb, pid))) in text


def test_members_outside_a_region_are_left_out(answerer: Answerer, kb: KnowledgeBase) -> None:
    africa = region_codes("Africa")
    pid = project_with_members_in_and_out(kb, africa)
    ans = answerer.answer(
        f"Which {kb.projects[pid].short_name} members are outside Africa?", None, TODAY
    )
    outside = [
        o for o in kb.organisations.values() if pid in o.projects and o.country not in africa
    ]
    inside = [o for o in kb.organisations.values() if pid in o.projects and o.country in africa]
    assert outside and inside
    assert {o.id for o in outside} <= set(ans.refs), ans.html
    assert not {o.id for o in inside} & set(ans.refs), ans.html


@pytest.mark.parametrize(
    ("question", "no", "in_first_line"),
    [
        ("{p} ne concerne que des collectivités africaines ?", "Non", True),
        ("Is {p} only about Africa?", "No", True),
        ("Seuls des pays africains participent à {p}, c'est ça ?", "Non", False),
        ("Are only African countries in {p}?", "No", False),
    ],
)
def test_only_claim_is_denied_with_those_elsewhere(
    answerer: Answerer, kb: KnowledgeBase, question: str, no: str, in_first_line: bool
) -> None:
    """Members ("ne concerne que des collectivités africaines": those elsewhere said first)
    and countries ("seuls des pays africains"): no, with the countries elsewhere."""
    africa = region_codes("Africa")
    pid = project_with_members_in_and_out(kb, africa)
    ans = answerer.answer(question.format(p=kb.projects[pid].short_name), None, TODAY)
    text = plain_text(ans.html)
    assert text.startswith(no), text
    lang = "fr" if no == "Non" else "en"
    shown = text.splitlines()[0] if in_first_line else text
    for cid in countries_of(kb, pid) - africa:
        assert kb.countries[cid].name.get(lang) in shown, text


def test_a_region_without_members_is_said(answerer: Answerer, kb: KnowledgeBase) -> None:
    asia = region_codes("Asia")
    for p in kb.projects.values():
        if not countries_of(kb, p.id) & asia:
            ans = answerer.answer(f"{p.short_name} a-t-il des membres asiatiques ?", None, TODAY)
            assert plain_text(ans.html).startswith("Non"), plain_text(ans.html)
            assert "Asie" in plain_text(ans.html)
            return
    pytest.skip("every project has a member in Asia")


def test_members_of_a_project_also_in_another(answerer: Answerer, kb: KnowledgeBase) -> None:
    p = next(iter(kb.projects.values()))
    ans = answerer.answer(
        f"Quelles collectivités de {p.short_name} sont aussi membres d'un autre projet ?",
        None,
        TODAY,
    )
    shared = {
        o.id
        for o in kb.organisations.values()
        if p.id in o.projects and len([x for x in o.projects if x in kb.projects]) > 1
    }
    assert shared and shared <= set(ans.refs), plain_text(ans.html)
    alone = {o.id for o in kb.organisations.values() if o.projects == [p.id]}
    assert not alone & set(ans.refs), plain_text(ans.html)


def test_a_third_question_is_answered(answerer: Answerer, kb: KnowledgeBase) -> None:
    first, second = list(kb.projects.values())[:2]
    both = [
        o for o in kb.organisations.values() if first.id in o.projects and second.id in o.projects
    ]
    country = kb.countries[both[0].country]
    ans = answerer.answer(
        f"Quelles collectivités ({country.name.fr}) participent à {first.short_name} et "
        f"lesquelles à {second.short_name} ? Y en a-t-il une dans les deux ?",
        None,
        TODAY,
    )
    # the third question is answered: who is in both (the shared members' line)
    assert "plusieurs projets" in plain_text(ans.html), plain_text(ans.html)


def test_only_the_named_members_of_a_country_claimed(answerer: Answerer, kb: KnowledgeBase) -> None:
    for p in kb.projects.values():
        for c in kb.countries.values():
            there = [
                o for o in kb.organisations.values() if p.id in o.projects and o.country == c.id
            ]
            if len(there) >= 2:
                break
        else:
            continue
        break
    else:
        pytest.skip("no project with two members in one country")
    demonym = c.demonyms.en[0] if c.demonyms.en else c.name.en
    one = there[0].name_en or there[0].name
    ans = answerer.answer(
        f"Kindly confirm that only one {demonym} local government, the {one}, is part of "
        f"{p.short_name}.",
        None,
        TODAY,
    )
    text = plain_text(ans.html)
    assert text.startswith("No"), text
    assert {o.id for o in there} <= set(ans.refs), text


def test_a_creole_only_claim(answerer: Answerer, kb: KnowledgeBase) -> None:
    """ "Eske se vre ke X se sèl collectivité béninoise nan P ?": is it true X is the only one."""
    for p in kb.projects.values():
        for c in kb.countries.values():
            there = [
                o for o in kb.organisations.values() if p.id in o.projects and o.country == c.id
            ]
            if len(there) >= 2 and there[0].acronyms and c.demonyms.fr:
                ans = answerer.answer(
                    f"Eske se vre ke {there[0].acronyms[0]} se sèl collectivité "
                    f"{c.demonyms.fr[0]} nan {p.short_name} ?",
                    None,
                    TODAY,
                )
                assert plain_text(ans.html).startswith("Non"), plain_text(ans.html)
                return
    pytest.skip("no member with an acronym beside another member of its country")
