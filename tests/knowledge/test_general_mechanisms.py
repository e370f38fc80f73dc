"""General mechanisms: constraints a question puts on whom or what it asks for."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.documents import Passage
from bot.knowledge.lexicon import detect_cues
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.textnorm import tokenize
from bot.passage_answers import compose, withholds
from bot.storage.passages import Hit

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


# ------------------------------------------------------------------ people and countries


def test_person_countries_come_from_their_ties(answerer: Answerer, kb: KnowledgeBase) -> None:
    people = answerer._people
    assert {"ma"} <= {c.casefold() for c in people.countries(kb.people["bertand-commelin"])}


@pytest.mark.parametrize(
    "question",
    [
        "Qui est le conseiller de coopération de l'ambassade de France au Cameroun ?",
        "le COCAC de l'ambassade de France au Sénégal, c'est qui ?",
    ],
)
def test_a_role_in_a_country_nobody_is_tied_to_is_not_someone_else(
    answerer: Answerer, question: str
) -> None:
    ans = answerer.answer(question, None, TODAY)
    assert not ans.found
    assert ans.intent == "gap"


def test_a_role_in_the_country_the_person_is_tied_to_names_them(answerer: Answerer) -> None:
    ans = answerer.answer("le COCAC de l'ambassade de France au Maroc, c'est qui ?", None, TODAY)
    assert ans.found and "Commelin" in plain_text(ans.html)


def test_a_role_held_elsewhere_says_who_is_known_without_answering(answerer: Answerer) -> None:
    ans = answerer.answer("Who is the COCAC at the French embassy in Cameroon?", "en", TODAY)
    text = plain_text(ans.html)
    assert not ans.found and ans.intent == "gap"
    assert "the names of the people" in text and "Rabat" in text


# ------------------------------------------------------------------ attributes never held


@pytest.mark.parametrize(
    "question",
    [
        "comment s'appelle le salarié de Cités Unies France qui coordonne COOP'R ?",
        "What is the name of the coordinator at the AIRF for the Terr'ESS project?",
    ],
)
def test_the_name_of_a_staff_member_is_not_an_organisation(
    answerer: Answerer, question: str
) -> None:
    assert "names" in asked(question)
    ans = answerer.answer(question, None, TODAY)
    assert not ans.found and ans.intent in ("gap", "unknown")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("ou dormir pour le 2e regroupement terress a bordeaux", "où manger ou dormir"),
        ("Any hotel you would suggest close to the Limoges meeting?", "where to eat or stay"),
    ],
)
def test_the_surroundings_of_a_place_are_not_in_the_documents(
    answerer: Answerer, question: str, said: str
) -> None:
    assert "nearby" in asked(question)
    ans = answerer.answer(question, None, TODAY)
    assert not ans.found and said in plain_text(ans.html)


def test_hosting_an_organisation_is_not_lodging() -> None:
    assert "nearby" not in asked("quelle structure assure l'hébergement du Groupe Pays Maroc ?")


# ------------------------------------------------------------------ passages that withhold


def _hit(text: str) -> Hit:
    passage = Passage("note.md", "Une note", "", text, 0)
    return Hit(passage, 1.0, (), (), -1.0)


def test_a_passage_that_withholds_what_it_mentions_is_partial() -> None:
    static = Answer("Je n'ai pas cette information.", False, "fr", "unknown")
    question = "Quels sont les deux financeurs privés du séminaire ?"
    text = "Le séminaire compte deux financeurs privés, sans les citer dans la note."
    ans = compose(question, static, [_hit(text)])
    assert ans is not None and not ans.found and "sans les citer" in plain_text(ans.html)


def test_a_passage_that_gives_what_it_mentions_stays_confident() -> None:
    static = Answer("Je n'ai pas cette information.", False, "fr", "unknown")
    question = "Quels sont les deux financeurs privés du séminaire ?"
    text = "Le séminaire compte deux financeurs privés : la Fondation A et la Fondation B."
    ans = compose(question, static, [_hit(text)])
    assert ans is not None and ans.found


@pytest.mark.parametrize(
    ("text", "withheld"),
    [
        ("The venue is not specified by the call.", True),
        ("Le lieu n'est pas précisé.", True),
        ("Les lauréats ont été nommés en mai.", False),
    ],
)
def test_withheld_phrases(text: str, withheld: bool) -> None:
    assert withholds(text) is withheld


# ------------------------------------------------------------------ gatherings in a country


@pytest.mark.parametrize(
    "question",
    ["Terr'ESS gathering in Senegal: on which date?", "le regroupement terress au benin c quand"],
)
def test_a_gathering_asked_in_a_country_where_none_was_held_is_partial(
    answerer: Answerer, question: str
) -> None:
    ans = answerer.answer(question, None, TODAY)
    assert not ans.found and ans.intent == "gap"
    assert "country asked" in plain_text(ans.html) or "pays demandé" in plain_text(ans.html)


def test_a_gathering_asked_in_the_country_it_was_held_in_answers(answerer: Answerer) -> None:
    ans = answerer.answer("Terr'ESS gathering in Morocco: on which date?", None, TODAY)
    assert ans.found and "2025" in plain_text(ans.html)


# ------------------------------------------------------------------ "which <records> of <country>"


def test_an_english_reply_naming_the_organisation_by_its_english_name_is_an_answer(
    answerer: Answerer,
) -> None:
    """The reply names the French partner by its English name: it answers "which"."""
    ans = answerer.answer(
        "The cooperation of Marrakech Safi: which French ex-region is it with?", "en", TODAY
    )
    assert ans.found and "Limousin" in plain_text(ans.html)


# ------------------------------------------------------------------ word senses: hosting, lodging


def test_taking_charge_of_hosting_a_structure_is_who_runs_it() -> None:
    cues = detect_cues(tokenize("qui assure donc l'hébergement du réseau ?"), "fr", "")
    assert "animator" in cues and "unknown_attr" not in cues


def test_lodging_alone_stays_a_fact_the_documents_do_not_hold() -> None:
    assert "unknown_attr" in detect_cues(tokenize("et l'hébergement ?"), "fr", "")


def test_the_structure_hosting_a_network_is_answered(answerer: Answerer) -> None:
    ans = answerer.answer("Le GPMar : quelle structure en assume l'hébergement ?", None, TODAY)
    assert ans.found and "Cap Coop" in plain_text(ans.html)


def test_lodging_for_a_meeting_is_not_in_the_documents(answerer: Answerer) -> None:
    ans = answerer.answer("un hébergement sur place pour la rencontre de Limoges ?", None, TODAY)
    assert not ans.found


# ------------------------------------------------------------------ a meeting's prose


def test_a_meeting_answers_from_the_sentence_holding_the_questions_words(
    answerer: Answerer,
) -> None:
    ans = answerer.answer(
        "On which social network were the 2017 workshop talks relayed?", "en", TODAY
    )
    text = plain_text(ans.html)
    assert ans.found and ans.intent in ("meeting", "social")  # social: where it is followed
    assert "@CNCD_FR" in text and "Organised by" not in text


def test_a_meeting_question_with_no_word_of_its_prose_gets_the_card(answerer: Answerer) -> None:
    ans = answerer.answer("Tell me about the 2017 workshop", "en", TODAY)
    assert ans.found and "Organised by" in plain_text(ans.html)


# ------------------------------------------------------------------ word senses: a link


def test_a_link_in_a_why_question_is_a_relation_not_a_url() -> None:
    cues = detect_cues(tokenize("why does Terr'ESS talk about youth, what is the link?"), "en", "")
    assert "unknown_attr" not in cues


def test_a_link_alone_is_a_url_the_documents_do_not_give() -> None:
    assert "unknown_attr" in detect_cues(tokenize("le lien svp"), "fr", "")


# ------------------------------------------------------------------ a history step and its sequel


def test_a_history_step_brings_the_step_that_goes_on_with_it(answerer: Answerer) -> None:
    question = (
        "Dijon and Chefchaouen answered the Franco-Moroccan call for projects together: "
        "what became of that proposal?"
    )
    text = plain_text(answerer.answer(question, "en", TODAY).html)
    assert "Franco-Moroccan call" in text and "municipal remit" in text
    assert "Autumn 2019" not in text  # a step that does not go on with it stays out


# ------------------------------------------------------------------ a meeting as the occasion


def test_a_meeting_named_as_the_occasion_leaves_the_question_to_the_other_record(
    answerer: Answerer,
) -> None:
    question = (
        "Ahead of the Limoges meeting, what were the priority areas of the former "
        "Limousin Region's decentralised cooperation?"
    )
    text = plain_text(answerer.answer(question, "en", TODAY).html)
    assert "Training" in text or "training" in text
    assert "vocational" in text


def test_a_meeting_named_without_an_occasion_phrase_stays_the_subject(answerer: Answerer) -> None:
    ans = answerer.answer("Who organised the Limoges meeting?", "en", TODAY)
    assert ans.intent == "meeting"


# ------------------------------------------------------------------ "which person"


def test_which_person_asks_for_someone_by_their_role(answerer: Answerer) -> None:
    ans = answerer.answer(
        "Le projet de mandat 2020/2026 de la ville de Dijon, c'est celui de quelle personne ?",
        "fr",
        TODAY,
    )
    assert ans.found and "Rebsamen" in plain_text(ans.html)


# ------------------------------------------------------------------ meetings on a day


def test_the_meetings_spanning_a_day_given_in_full(answerer: Answerer) -> None:
    ans = answerer.answer("What happened on November 5, 2016?", "en", TODAY)
    text = plain_text(ans.html)
    assert ans.found and ans.intent == "meeting" and "Cotonou" in text
    assert "Limoges" not in text  # held on the 4th only


def test_a_day_without_a_year_is_not_a_day_given_in_full(answerer: Answerer) -> None:
    assert "meetings_on_day" not in answerer.intents_of("quoi le 17 juillet ?", None, TODAY)
