"""Figures computed from the records: a project's members in two countries counted together
or compared ("how many more in X than in Y", "plus de membres au Sénégal ou en Côte
d'Ivoire ?"), and which project started first or last. Expectations are computed from the
data, so a coordinator's change keeps them true."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase, Project
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def _counts(kb: KnowledgeBase, p: Project) -> dict[str, int]:
    counts: dict[str, int] = {}
    for o in kb.organisations.values():
        if p.id in o.projects:
            counts[o.country] = counts.get(o.country, 0) + 1
    return counts


def _two_countries(kb: KnowledgeBase, unequal: bool) -> tuple[Project, str, str, dict[str, int]]:
    for p in kb.projects.values():
        counts = _counts(kb, p)
        for a, c in combinations(sorted(counts), 2):
            if (counts[a] != counts[c]) == unequal:
                return p, a, c, counts
    pytest.skip("no project with two such countries")


def _name(kb: KnowledgeBase, cid: str, lang: str) -> str:
    return kb.countries[cid].name.get(lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_members_in_two_countries_are_added(
    answerer: Answerer, kb: KnowledgeBase, lang: str
) -> None:
    p, a, c, counts = _two_countries(kb, unequal=True)
    x, y = _name(kb, a, lang), _name(kb, c, lang)
    question = {
        "fr": f"Combien de membres {p.short_name} a-t-il en tout dans ces pays : {x} et {y} ?",
        "en": f"What is the total number of members in {x} and {y} in {p.short_name}?",
    }[lang]
    text = plain_text(answerer.answer(question, lang, TODAY).html)
    first = text.splitlines()[0]
    assert str(counts[a] + counts[c]) in first, text
    assert ("au total" if lang == "fr" else "together") in first, text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_two_countries_compared_give_the_difference(
    answerer: Answerer, kb: KnowledgeBase, lang: str
) -> None:
    p, a, c, counts = _two_countries(kb, unequal=True)
    big, small = (a, c) if counts[a] > counts[c] else (c, a)
    x, y = _name(kb, big, lang), _name(kb, small, lang)
    question = {
        "fr": f"{p.short_name} a plus de membres en {y} ou en {x} ?",
        "en": f"How many more members does {p.short_name} have in {x} than in {y}?",
    }[lang]
    first = plain_text(answerer.answer(question, lang, TODAY).html).splitlines()[0]
    assert str(counts[big] - counts[small]) in first, first
    assert x in first.split(y)[0], first  # the larger named first
    assert ("de plus" if lang == "fr" else "more") in first, first


def test_two_countries_with_as_many_members_are_said_equal(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    p, a, c, counts = _two_countries(kb, unequal=False)
    x, y = _name(kb, a, "en"), _name(kb, c, "en")
    question = f"Does {p.short_name} have more members in {x} or in {y}?"
    first = plain_text(answerer.answer(question, "en", TODAY).html).splitlines()[0]
    assert "as many" in first and f"{counts[a]} each" in first, first


def _by_start(kb: KnowledgeBase) -> list[Project]:
    projects = sorted(kb.projects.values(), key=lambda p: p.start())
    if len(projects) < 2 or projects[0].start() == projects[1].start():
        pytest.skip("no project starts before the others")
    return projects


@pytest.mark.parametrize(
    "question",
    [
        "Which project started first, {a} or {b}?",
        "Lequel est le plus ancien, {a} ou {b} ?",
        "Lequel a démarré en premier, {b} ou {a} ?",
        "Which began earlier: {b} or {a}?",
    ],
)
def test_which_project_started_first(answerer: Answerer, kb: KnowledgeBase, question: str) -> None:
    first, second = _by_start(kb)[:2]
    text = plain_text(
        answerer.answer(question.format(a=first.short_name, b=second.short_name), None, TODAY).html
    )
    head = text.splitlines()[0]
    assert head.startswith(first.short_name), text
    assert "first" in head or "premier" in head, text


@pytest.mark.parametrize(
    "question", ["Which is the most recent project?", "Quel est le projet le plus récent ?"]
)
def test_the_most_recent_project_started_last(
    answerer: Answerer, kb: KnowledgeBase, question: str
) -> None:
    projects = sorted(kb.projects.values(), key=lambda p: p.start())
    if len(projects) < 2 or projects[-1].start() == projects[-2].start():
        pytest.skip("no project starts after the others")
    head = plain_text(answerer.answer(question, None, TODAY).html).splitlines()[0]
    assert head.startswith(projects[-1].short_name), head


def _named_are_those_of(
    answerer: Answerer, kb: KnowledgeBase, question: str, counts: dict[str, int], n: int
) -> None:
    """The first line of the answer names exactly the countries with ``n`` members."""
    text = plain_text(answerer.answer(question, None, TODAY).html)
    head = text.splitlines()[0]
    for cid, size in counts.items():
        shown = any(kb.countries[cid].name.get(lang) in head for lang in ("fr", "en"))
        assert shown == (size == n), (cid, text)


@pytest.mark.parametrize(
    ("question", "pick"),
    [
        ("Which country has the most members in {p}?", max),
        ("Quel pays compte le plus de membres dans {p} ?", max),
        ("Which country has the fewest members in {p}?", min),
        ("Dans quel pays {p} a-t-il le moins de membres ?", min),
    ],
)
def test_the_country_with_the_most_or_fewest_members(
    answerer: Answerer, kb: KnowledgeBase, question: str, pick: object
) -> None:
    for p in kb.projects.values():
        counts = _counts(kb, p)
        if len(set(counts.values())) > 1:
            break
    else:
        pytest.skip("no project with unequal countries")
    n = pick(counts.values())  # type: ignore[operator]
    _named_are_those_of(answerer, kb, question.format(p=p.short_name), counts, n)


@pytest.mark.parametrize(
    "question",
    [
        "Which {p} country has only a single member?",
        "Dans quel pays {p} n'a-t-il qu'un seul membre ?",
        "In which countries does {p} have {n} members?",
    ],
)
def test_the_countries_with_a_number_of_members(
    answerer: Answerer, kb: KnowledgeBase, question: str
) -> None:
    for p in kb.projects.values():
        counts = _counts(kb, p)
        if 1 in counts.values() and 3 in counts.values():
            break
    else:
        pytest.skip("no project with a country of one member and one of three")
    n = 3 if "{n}" in question else 1
    _named_are_those_of(answerer, kb, question.format(p=p.short_name, n="three"), counts, n)


@pytest.mark.parametrize(
    "question",
    [
        "Does {a} have more countries than {b}?",
        "Combien de pays de plus dans {a} que dans {b} ?",
        "{b} c combien de pays ? plus ou moins que {a} ?",
    ],
)
def test_two_projects_countries_compared(
    answerer: Answerer, kb: KnowledgeBase, question: str
) -> None:
    def countries(p: Project) -> int:
        return len(_counts(kb, p))

    projects = sorted(kb.projects.values(), key=countries, reverse=True)
    if len(projects) < 2 or countries(projects[0]) == countries(projects[1]):
        pytest.skip("no two projects with different numbers of countries")
    a, b = projects[0], projects[1]
    text = plain_text(
        answerer.answer(question.format(a=a.short_name, b=b.short_name), None, TODAY).html
    )
    head = text.splitlines()[0]
    assert head.startswith(a.short_name), text
    assert str(countries(a) - countries(b)) in head, text


def test_plus_ou_moins_is_not_a_second_question() -> None:
    from bot.knowledge.query import split_question

    assert split_question("X c combien de pays ? plus ou moins que Y ?") is None


def test_thematic_webinars_counted_are_not_a_question_on_their_topics(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    counts = [
        a.count
        for p in kb.projects.values()
        for a in kb.project_actions(p.id)
        if a.action_type == "webinars" and a.count
    ]
    if len(counts) < 2:
        pytest.skip("fewer than two projects count their webinars")
    names = " and ".join(p.short_name for p in kb.projects.values())
    answer = answerer.answer(
        f"How many thematic webinars are planned in total across {names}?", "en", TODAY
    )
    assert answer.found and str(sum(counts)) in plain_text(answer.html), plain_text(answer.html)


@pytest.mark.parametrize(
    "question",
    [
        "How many years between the start of {a} and the start of {b}?",
        "Combien d'années entre le lancement de {a} et celui de {b} ?",
    ],
)
def test_years_between_two_projects_starts(
    answerer: Answerer, kb: KnowledgeBase, question: str
) -> None:
    a, b = sorted(kb.projects.values(), key=lambda p: p.start())[:2]
    text = plain_text(
        answerer.answer(question.format(a=a.short_name, b=b.short_name), None, TODAY).html
    )
    years = b.start().year - a.start().year
    head = text.splitlines()[0]
    assert str(a.start().year) in head and str(b.start().year) in head, text
    assert f": {years} " in head or f" : {years} " in head, text


def test_years_between_a_year_named_and_a_meeting(answerer: Answerer, kb: KnowledgeBase) -> None:
    m = next(iter(kb.meetings.values()))
    city = m.place.city if m.place and m.place.city else m.title.get("en")
    question = f"How many years between 2000 and the {city} meeting?"
    head = plain_text(answerer.answer(question, "en", TODAY).html).splitlines()[0]
    assert f"{m.date.first_day().year - 2000} years" in head, head


def test_how_long_without_between_is_not_a_span() -> None:
    from bot.knowledge.spans import years_between

    assert years_between("How long did the meeting last?") is None
    assert years_between("How many years between X and Y?") == ("X", "Y")
