"""A number of countries claimed ("ne réunit que des collectivités de huit pays ?") is checked
against the project's countries; who said it (", comme cela nous a été rapporté") is set
aside; a request naming nothing takes the organisations the sentence before names together;
an expansion asked of an acronym the documents never expand is said not held."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.introduction import drop_trailing_sources
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def countries_of(kb: KnowledgeBase, pid: str) -> int:
    return len({o.country for o in kb.organisations.values() if pid in o.projects})


@pytest.mark.parametrize(
    ("question", "yes", "no"),
    [
        ("Est-il exact que {p} ne réunit que des collectivités de {n} pays ?", "Oui", "Non"),
        ("Is it true that {p} spans {n} countries?", "Yes", "No"),
    ],
)
def test_a_number_of_countries_claimed(
    answerer: Answerer, kb: KnowledgeBase, question: str, yes: str, no: str
) -> None:
    p = next(iter(kb.projects.values()))
    n = countries_of(kb, p.id)
    right = answerer.answer(question.format(p=p.short_name, n=n), None, TODAY)
    wrong = answerer.answer(question.format(p=p.short_name, n=n + 1), None, TODAY)
    assert plain_text(right.html).startswith(yes), plain_text(right.html)
    assert plain_text(wrong.html).startswith(no), plain_text(wrong.html)


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        (
            "X ne réunit que huit pays, comme cela nous a été rapporté ?",
            "X ne réunit que huit pays?",
        ),
        ("Is it 8 countries, as I was told?", "Is it 8 countries?"),
        ("Comme prévu, quand a lieu la visio ?", "Comme prévu, quand a lieu la visio ?"),
    ],
)
def test_who_said_it_is_set_aside(said: str, kept: str) -> None:
    assert drop_trailing_sources(said) == kept


def test_a_request_takes_the_partners_named_before(answerer: Answerer, kb: KnowledgeBase) -> None:
    s = next(s for s in kb.partnerships.values() if s.funding)
    french = kb.organisations[s.french_partners[0]].name
    foreign = kb.organisations[s.foreign_partners[0]].name
    ans = answerer.answer(
        f"Il semble que {french} ait augmenté sa contribution au partenariat avec {foreign} ; "
        "pourriez-vous me confirmer les montants ?",
        None,
        TODAY,
    )
    assert ans.intent == "partnership" and s.id in ans.refs, plain_text(ans.html)


def test_an_acronym_never_expanded_is_said_not_held(answerer: Answerer, kb: KnowledgeBase) -> None:
    for n in kb.networks.values():
        if n.acronym and n.acronym == n.name:
            ans = answerer.answer(f"What signifies {n.acronym}?", None, TODAY)
            assert not ans.found, plain_text(ans.html)
            return
    pytest.skip("every network's acronym is expanded")


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("how many countries in it really? website say 8", "how many countries in it really?"),
        ("Combien de pays ? Le site dit 8.", "Combien de pays ?"),
        ("Combien de pays ? en pourcentage", "Combien de pays ? en pourcentage"),
        ("C'est où ?? quelle ville", "C'est où ?? quelle ville"),
        ("c'était dans quelle ville ? rabat ou bien", "c'était dans quelle ville ?"),
        ("Which city was it? Rabat maybe", "Which city was it?"),
        ("Nan ki vil li te ye ? Rabat oswa Casablanca ?", "Nan ki vil li te ye ?"),
        ("C'est où ? Et c'est quand ?", "C'est où ? Et c'est quand ?"),
    ],
)
def test_a_remark_saying_where_a_figure_was_read_is_set_aside(said: str, kept: str) -> None:
    from bot.knowledge.introduction import drop_told_remark

    assert drop_told_remark(said) == kept


def test_which_one_in_another_project_repeats_the_question(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    first, second = list(kb.projects.values())[:2]
    country = next(
        c
        for c in kb.countries.values()
        if any(first.id in o.projects and o.country == c.id for o in kb.organisations.values())
        and any(second.id in o.projects and o.country == c.id for o in kb.organisations.values())
    )
    ans = answerer.answer(
        f"Which {country.name.en} members are in {first.short_name} and which one in "
        f"{second.short_name}? is it the same or not?",
        None,
        TODAY,
    )
    in_second = [
        o for o in kb.organisations.values() if second.id in o.projects and o.country == country.id
    ]
    assert {o.id for o in in_second} <= set(ans.refs), plain_text(ans.html)


def test_a_claim_before_a_question_that_asks_to_confirm_it(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    p = next(p for p in kb.projects.values() if p.co_financing_rate)
    assert p.co_financing_rate is not None
    wrong = p.co_financing_rate + 7.5
    ans = answerer.answer(
        f"On entend dire que le ministère finance {p.short_name} à {wrong:g} %. "
        "Confirmez-vous ce chiffre ?",
        None,
        TODAY,
    )
    assert plain_text(ans.html).startswith("Non"), plain_text(ans.html)


def test_whom_the_audience_is_is_set_aside() -> None:
    from bot.knowledge.introduction import drop_audience

    said = "Pour nos auditeurs qui ne connaissent pas le sujet : X, c'est un projet sur quoi ?"
    assert drop_audience(said) == "X, c'est un projet sur quoi ?"


def test_frankly_asks_nothing_about_money(answerer: Answerer, kb: KnowledgeBase) -> None:
    p = next(iter(kb.projects.values()))
    ans = answerer.answer(f"Franchement, à quoi sert le projet {p.short_name} ?", None, TODAY)
    assert ans.intent != "project_funding", plain_text(ans.html)


def test_a_membership_names_the_acronym_asked(answerer: Answerer, kb: KnowledgeBase) -> None:
    o = next(o for o in kb.organisations.values() if o.acronyms and o.projects)
    project = kb.projects[o.projects[0]].short_name
    ans = answerer.answer(f"l'{o.acronyms[0]} est dans {project} ?", None, TODAY)
    assert o.acronyms[0] in plain_text(ans.html), plain_text(ans.html)


def test_a_question_without_topic_takes_the_sentence_before(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    first, second = [p for p in kb.projects.values() if p.co_financing_rate][:2]
    ans = answerer.answer(
        f"Je veux demander la différence entre le taux de cofinancement de {first.short_name} "
        f"et celui de {second.short_name}. Lequel est le plus élevé ?",
        None,
        TODAY,
    )
    text = plain_text(ans.html)
    assert first.co_financing_rate is not None and second.co_financing_rate is not None
    points = abs(first.co_financing_rate - second.co_financing_rate)
    assert f"{points:g}".replace(".", ",") in text, text
