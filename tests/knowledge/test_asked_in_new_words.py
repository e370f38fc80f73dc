"""What a question asks, said in words the engine had not read before: a mobile number by
its local names, a per diem, "any name at all", "when's": each answered with what the
documents do not say, never with a card that looks like an answer."""

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


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("vous savez me donner son numéro de GSM ?", "contact"),
        ("son natel svp", "contact"),
        ("what's her mobile number?", "contact"),
        ("the per diem for the gathering?", "amount"),
        ("travel allowance rates for participants", "amount"),
        ("quelles indemnités pour les participants ?", "amount"),
        ("who will chair it? any name at all?", "names"),
    ],
)
def test_the_attribute_is_read(question: str, attribute: str) -> None:
    assert attribute in asked(question)


@pytest.mark.parametrize(
    ("question", "lang", "said"),
    [
        (
            "Monsieur Khalid Chihani, vous savez me donner son numéro de GSM ?",
            "fr",
            "coordonnées",
        ),
        (
            "Kindly share the per diem rates for participants of the Terr'ESS gathering in "
            "Bordeaux.",
            "en",
            "amount",
        ),
        ("Who'll be chairing the COOP'R closing seminar? Any name at all?", "en", "names"),
        ("when's the next COOP'R webinar?", "en", "dates"),
    ],
)
def test_what_the_documents_do_not_hold_is_said(
    answerer: Answerer, question: str, lang: str, said: str
) -> None:
    answer = answerer.answer(question, None, TODAY)
    text = plain_text(answer.html)
    assert not answer.found and answer.lang == lang
    assert said in text
    assert "@" not in text and "+33" not in text


@pytest.mark.parametrize(
    "question",
    [
        "how many members COOP'R get for Benin, and wetin be their names?",
        "Kindly assist with the members of COOP'R from Benin, how many and what are their names?",
    ],
)
def test_the_names_of_members_are_the_records_list(answerer: Answerer, question: str) -> None:
    assert "names" not in asked(question)
    answer = answerer.answer(question, None, TODAY)
    assert answer.found and "GI-Mono" in plain_text(answer.html)


def test_the_names_of_people_are_still_asked() -> None:
    assert "names" in asked("the volunteers, what are their names?")


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("ano po yung Action 2 ng Terr'ESS? online lang ba? salamat po", "en"),
        ("Jambo, habari. Terr'ESS action 2?", "en"),
        ("bonjou, eske Terr'ESS gen aksyon 2 ?", "fr"),
    ],
)
def test_writers_of_other_languages_are_answered_in_the_one_they_read(
    answerer: Answerer, question: str, lang: str
) -> None:
    assert answerer.answer(question, None, TODAY).lang == lang


@pytest.mark.parametrize(
    "question",
    [
        "cest qui les membres cote divoire dans terr ess jai besoin de la liste pr une reunion "
        "ds 10 min",
        "which members are in Cote d'Ivoire for Terr'ESS? I need it for a meeting this afternoon",
    ],
)
def test_what_the_answer_is_for_is_not_asked(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question, None, TODAY)
    assert answer.found and "Tonkpi" in plain_text(answer.html)


def test_a_meeting_asked_about_stays(answerer: Answerer) -> None:
    itself = answerer.question_itself(
        "Quand a lieu la prochaine réunion pour un appel ?", "fr", TODAY
    )
    assert "appel" in itself


def test_konbyen_is_combien(answerer: Answerer) -> None:
    answer = answerer.answer(
        "konbyen jeunes volontaires ki te patisipe nan echange Dijon-Chefchaouen 2019?", None, TODAY
    )
    assert not answer.found
