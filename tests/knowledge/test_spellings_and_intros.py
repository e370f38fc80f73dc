"""American spellings read as the British and French ones ("decentralized"), a meeting named
by its title without what its brackets add, "hosting" not read as "costing", opinions asked
as "a great success or a waste of money", and a greeting before a self-introduction."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.introduction import split_introduction
from bot.knowledge.models import KnowledgeBase
from bot.textfold import tokens

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_ize_words_are_written_ise() -> None:
    assert tokens("decentralized organizations realizing") == [
        "decentralised",
        "organisations",
        "realising",
    ]
    # short words and words where "iz" is no suffix stay
    assert tokens("size sized prize seize Belize") == ["size", "sized", "prize", "seize", "belize"]


def test_a_meeting_named_by_its_title_without_its_brackets(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    meeting = next((m for m in kb.meetings.values() if re.search(r"\)\s*$", m.title.en)), None)
    if meeting is None:
        pytest.skip("no meeting title ending with brackets")
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", meeting.title.en)
    american = bare.replace("ised", "ized")
    for name in (bare, american):
        a = answerer.answer(f"Where was the {name} held?", "en", TODAY)
        assert meeting.id in a.refs, name


def test_hosting_is_not_read_as_costing(answerer: Answerer, kb: KnowledgeBase) -> None:
    network = next((n for n in kb.networks.values() if n.acronym), None)
    if network is None:
        pytest.skip("no network")
    a = answerer.answer(f"Which body provides {network.name}'s hosting?", "en", TODAY)
    assert a.intent != "unknown"
    assert network.id in a.refs


@pytest.mark.parametrize(
    "template",
    [
        "Between ourselves, would you say {p} was a great success or a waste of money?",
        "{p}, c'était du gaspillage ?",
    ],
)
def test_an_opinion_is_said_not_held(answerer: Answerer, kb: KnowledgeBase, template: str):
    project = sorted(p.short_name for p in kb.projects.values())[0]
    a = answerer.answer(template.format(p=project), None, TODAY)
    assert not a.found


def test_a_factual_question_opened_by_do_you_think_is_answered(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = sorted(p.short_name for p in kb.projects.values())[0]
    assert answerer.answer(f"Pensez-vous que {project} soit terminé ?", "fr", TODAY).found


def test_a_greeting_before_a_self_introduction() -> None:
    raw = (
        "Good day. I am a district planner in Kampala, working on local development. "
        "Kindly tell me what the label guarantees to its laureates."
    )
    split = split_introduction(raw)
    assert split is not None
    intro, question = split
    assert intro.startswith("Good day.") and "Kampala" in intro
    assert question.startswith("Kindly tell me")


def test_a_demonym_naming_whose_body_is_no_place_claimed(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = next((p for p in kb.projects.values() if p.co_financing_rate), None)
    if project is None:
        pytest.skip("no project with a co-financing rate")
    rate = project.co_financing_rate
    claimed = 99 if rate != 99 else 98
    a = answerer.answer(
        f"{project.short_name} est-il cofinancé à {claimed} % par le ministère français ?",
        "fr",
        TODAY,
    )
    assert a.found
    assert a.html.startswith("Non")
