"""Mechanisms found by blind round 32 (questions written from the documents alone):

* a claim ending with a tag that holds a question word ("…, correct what?") or a regional tag
  ("aye?", "is that so…", "eh?") is a yes/no question;
* several countries said to be a project's ("the countries are A, B and C, is that right?")
  are checked against its countries;
* "which years does P run?" asks when it takes place, not who runs it;
* a contact person asked by role ("the contact person in X") is the person the documents
  name as such (name and role, never their contact details);
* the names of the people who led an agenda item are shown, so they are not said missing;
* a named person's term of office is never held: said so, with who they are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.query import _polar
from bot.knowledge.textnorm import tokenize

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


def ask(eng: Answerer, q: str) -> tuple[str, bool, str]:
    a = eng.answer(q, None, TODAY)
    return plain_text(a.html), a.found, a.intent


@pytest.mark.parametrize(
    ("question", "polar"),
    [
        ("Terr'ESS is co-financed 75% by the French ministry, correct what?", True),
        ("Terr'ESS is co-financed 75% by the French ministry, aye?", True),
        ("the atlas... you can search it by country... is that so...", True),
        ("Terr'ESS a 31 membres, pas vrai ?", True),
        ("What is Terr'ESS co-financed at?", False),
        ("Which countries take part in COOP'R?", False),
    ],
)
def test_tags_make_a_yes_no_question(question: str, polar: bool) -> None:
    assert _polar(question, tokenize(question)) is polar


def test_a_claim_with_a_question_word_tag_gets_its_verdict(eng: Answerer) -> None:
    text, _, _ = ask(eng, "Terr'ESS is co-financed 75% by the French ministry, correct what?")
    assert text.startswith("No:") and "67.5%" in text


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        (
            "I heard the COOP'R countries were Benin, Cameroon, Ivory Coast, France, Morocco "
            "and Senegal, six in all. Is that right?",
            "Yes:",
        ),
        ("Les pays de Terr'ESS sont le Sénégal, le Maroc et la France, c'est ça ?", "Non :"),
        ("COOP'R countries are Benin and Cameroon, right?", "No:"),
    ],
)
def test_countries_listed_are_checked(eng: Answerer, question: str, verdict: str) -> None:
    text, found, intent = ask(eng, question)
    assert intent == "project_countries" and found
    assert text.startswith(verdict)


@pytest.mark.parametrize(
    "question",
    ["which years does COOP'R run?", "when does COOP'R run?", "what years does Terr'ESS run over?"],
)
def test_run_in_time_asks_the_dates(eng: Answerer, question: str) -> None:
    text, _, intent = ask(eng, question)
    assert intent == "project_dates" and ("2023" in text or "2024" in text)


def test_who_runs_is_still_the_animator(eng: Answerer) -> None:
    assert ask(eng, "who runs COOP'R?")[2] != "project_dates"


@pytest.mark.parametrize(
    "question",
    [
        "who is the contact person in Chefchaouen?",
        "Who is the contact person on the Chefchaouen side and what is his function?",
    ],
)
def test_a_contact_person_asked_by_role(eng: Answerer, question: str) -> None:
    text, found, _ = ask(eng, question)
    assert found and "Abdelali El Bakali" in text and "environment" in text
    assert "@" not in text


@pytest.mark.parametrize(
    ("question", "names"),
    [
        (
            "at that limoges meeting the cooperation with marrakech-safi was presented by two "
            "people, what are their names?",
            "Led by: Sébastien Proeschel and Emmanuelle Pallier",
        ),
        (
            "à la réunion de Limoges, la coopération avec Marrakech-Safi a été présentée par "
            "deux personnes, quels sont leurs noms ?",
            "Animation : Sébastien Proeschel et Emmanuelle Pallier",
        ),
    ],
)
def test_names_of_an_items_leaders_are_not_said_missing(
    eng: Answerer, question: str, names: str
) -> None:
    text, found, intent = ask(eng, question)
    assert found and intent == "agenda_item" and names in text
    assert "do not say" not in text and "ne disent pas" not in text


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("The Chefchaouen president Mohamed Sefiani, his term ends which year?", "term of office"),
        ("Le mandat de Mohamed Sefiani se termine quand ?", "mandat"),
    ],
)
def test_a_persons_term_is_not_held(eng: Answerer, question: str, gap: str) -> None:
    text, found, intent = ask(eng, question)
    assert not found and intent == "gap" and gap in text and "Mohamed Sefiani" in text


def test_a_mandate_named_by_its_years_is_still_answered(eng: Answerer) -> None:
    text, found, _ = ask(eng, "le mandat 2020-2026 a dijon c celui de qui")
    assert found and "François Rebsamen" in text
