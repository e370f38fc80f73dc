"""Partial answers: what is known, that the documents do not say the rest, and found=False.

The convention of issue 11 (item 3): a question asking for something the data does not hold
(a total budget when only a co-financing rate is given, the names of partners announced but
not named, a headcount given as "a large number", the place of a gathering not specified) is
never answered confidently.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.gaps import _headcount
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

DAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_a_total_budget_is_partial_but_the_funding_is_confident(eng: Answerer) -> None:
    ans = eng.answer("budget total de COOP'R en euros ?", "fr", DAY)
    text = plain_text(ans.html)
    assert not ans.found and "50" in text and "pas indiqué" in text
    ans = eng.answer("Qui finance COOP'R ?", "fr", DAY)
    assert ans.found and "pas indiqué" not in plain_text(ans.html)


def test_partners_announced_but_not_named(eng: Answerer) -> None:
    who = eng.answer("c'est qui les partenaires techniques de COOP'R", "fr", DAY)
    assert not who.found and "nomme pas" in plain_text(who.html)
    topic = eng.answer("technical partners coopr", "en", DAY)
    assert topic.found and "Three" in plain_text(topic.html)


def test_a_gathering_whose_place_is_not_given(eng: Answerer) -> None:
    ans = eng.answer("Le 3e regroupement de Terr'ESS aura lieu dans quel pays ?", "fr", DAY)
    text = plain_text(ans.html)
    assert not ans.found and "ne disent pas le lieu" in text and "2026" in text
    known = eng.answer("Le 2e regroupement de Terr'ESS c'est où ?", "fr", DAY)
    assert known.found and "Bordeaux" in plain_text(known.html)


def test_a_year_or_a_hashtag_is_not_a_headcount() -> None:
    assert not _headcount("Un grand nombre de participants (#JDR2017), en 2017.")
    assert _headcount("Environ 120 participants.")


def test_what_is_called_asks_for_names_only_next_to_people() -> None:
    assert "names" not in asked("Comment s'appelle le séminaire qui clôture COOP'R ?")
    assert "names" in asked("Comment s'appellent les jeunes volontaires de 2019 ?")
    assert "founded" in asked("Quand a été créé le réseau ?")


def test_a_year_the_reply_does_not_reach_is_not_answered_confidently(eng: Answerer) -> None:
    ans = eng.answer("Quelles collectivités ont reçu le label PACT3 en 2017 ?", "fr", DAY)
    assert not ans.found and "année demandée" in plain_text(ans.html)
    # a year inside the span the reply gives is answered
    assert eng.answer("Quand a commencé Terr'ESS en 2024 ?", "fr", DAY).found


def test_what_follows_a_project_or_a_call_is_not_held(eng: Answerer) -> None:
    ans = eng.answer("When does the follow-up project to COOP'R start?", "en", DAY)
    assert not ans.found and "follow-up project" in plain_text(ans.html)
    ans = eng.answer("quand sera le prochain appel Clés en main ?", "fr", DAY)
    text = plain_text(ans.html)
    assert not ans.found and "prochain appel" in text and "Clés en main" in text


def test_which_region_of_a_country_without_members(eng: Answerer) -> None:
    which = eng.answer("quelle région de Tunisie participe à Terr'ESS", "fr", DAY)
    assert not which.found and "Tunisie" in plain_text(which.html)


def test_how_many_a_source_lists_is_not_how_many_are_held(eng: Answerer) -> None:
    ans = eng.answer("How many partnerships are listed in the Atlas?", "en", DAY)
    text = plain_text(ans.html)
    assert not ans.found and "do not say any number" in text and "Chefchaouen" in text


def test_which_organisations_of_a_country_the_documents_do_not_name(eng: Answerer) -> None:
    ans = eng.answer("Quelles régions djiboutiennes coopèrent avec la Région Sud ?", "fr", DAY)
    assert not ans.found and "djiboutiennes" in plain_text(ans.html)
    # named in the reply with its country: answered
    named = eng.answer("quelle région marocaine coopère avec la Région Sud", "fr", DAY)
    assert named.found and "Tanger" in plain_text(named.html)


def test_what_a_meeting_says_of_a_record_the_question_names(eng: Answerer) -> None:
    ans = eng.answer("qu'a présenté France Volontaires à l'atelier de 2017 ?", "fr", DAY)
    text = plain_text(ans.html)
    assert ans.found and "mobilité internationale des jeunes" in text
    assert "FICOL" not in text  # what the AFD said is another record's


def test_whom_a_project_is_meant_to_benefit(eng: Answerer) -> None:
    assert eng.intents_of("Who are COOP'R's beneficiaries?", "en", DAY)[-1] == (
        "project.beneficiaries"
    )
    text = plain_text(eng.answer("Who are COOP'R's beneficiaries?", "en", DAY).html)
    assert "women" in text


def test_a_partnership_answers_from_the_sentence_of_its_prose_asked_about(eng: Answerer) -> None:
    q = "Which sectors will the staff of Dijon and Chefchaouen work on?"
    text = plain_text(eng.answer(q, "en", DAY).html)
    assert "waste" in text and "energy" in text
    # a year is not a word of the prose: the funding of that year still answers
    text = plain_text(eng.answer("Dijon Chefchaouen 2020", "fr", DAY).html)
    assert "22" in text and "775" in text


def test_topics_left_to_be_decided_do_not_answer_which(eng: Answerer) -> None:
    ans = eng.answer("Quels thèmes pour les webinaires de Terr'ESS ?", "fr", DAY)
    text = plain_text(ans.html)
    assert not ans.found and "ne disent pas les thèmes retenus" in text and "6" in text
    # how many: answered
    assert eng.answer("Combien de webinaires pour Terr'ESS ?", "fr", DAY).found
