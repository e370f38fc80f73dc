"""Blind round 33 (written from the documents alone; 67/80 at 676d761): an opinion asked
after the question ("… ? ton avis perso") is an opinion, not a remark; TikTok or Instagram
accounts are social accounts the documents do not give; "jusqu'à combien maximum", "ticket
size" ask a ceiling; a country a project does not have is followed by those it has."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


def test_an_opinion_after_the_question_is_asked(eng: Answerer) -> None:
    a = eng.answer("frr sans mentir terress c mieux que coopr ? ton avis perso", None, TODAY)
    assert not a.found and a.intent == "unknown"


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("c quoi le compte tiktok ou insta de coopr", "social"),
        ("Le FICOL, ça finance jusqu'à combien maximum par projet ?", "ceiling"),
        ("What's the FICOL ticket size?", "ceiling"),
    ],
)
def test_attributes_never_held(eng: Answerer, question: str, attribute: str) -> None:
    assert attribute in asked(question)
    assert not eng.answer(question, None, TODAY).found


def test_a_country_not_held_then_those_held(eng: Answerer) -> None:
    a = eng.answer("COOP'R = 6 countries, Burkina Faso is one of them right?", None, TODAY)
    text = plain_text(a.html)
    assert "no member in Burkina Faso" in text
    assert "Benin, Cameroon, Côte d'Ivoire, France, Morocco and Senegal" in text
