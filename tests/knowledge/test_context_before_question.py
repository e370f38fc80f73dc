"""What people write before their question (a preamble, a source) is context, not the question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import plain_text
from bot.knowledge.answer import Answerer
from bot.knowledge.introduction import split_context
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.textnorm import tokenize

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_a_source_named_first_is_set_aside() -> None:
    assert split_context("Selon la fiche de l'Atlas, quel est le thème du partenariat ?") == (
        "la fiche de l'Atlas",
        "quel est le thème du partenariat ?",
    )
    assert split_context("According to the minutes, who opened the meeting?") == (
        "the minutes",
        "who opened the meeting?",
    )


def test_sentences_that_ask_nothing_come_before_the_question() -> None:
    raw = "Je prépare une note pour mon élu. Combien de pays compte le projet ?"
    assert split_context(raw) == (
        "Je prépare une note pour mon élu.",
        "Combien de pays compte le projet ?",
    )
    # a title's abbreviation ends no sentence
    assert split_context("Bonjour, le numéro de M. Dupont svp ?") is None
    # a request that only points back is one question with what comes before it
    assert split_context("Je cherche les membres béninois. Pourriez-vous me les donner ?") is None
    assert split_context("Une seule question ?") is None


def test_the_preamble_does_not_take_over(kb: KnowledgeBase, answerer: Answerer) -> None:
    project = next(iter(kb.projects.values()))
    other = next(p for p in kb.projects.values() if p.id != project.id)
    plain = answerer.answer(f"Qui anime {other.short_name} ?", None, TODAY)
    preamble = answerer.answer(
        f"Je connais bien {project.short_name} et ses membres. Qui anime {other.short_name} ?",
        None,
        TODAY,
    )
    assert plain_text(preamble.html) == plain_text(plain.html)


def test_the_preamble_lends_its_project_to_a_question_naming_none(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    project = next(iter(kb.projects.values()))
    named = answerer.answer(f"Which countries take part in {project.short_name}?", None, TODAY)
    lent = answerer.answer(
        f"We are writing a report and came across {project.short_name}. "
        "Which countries take part in the project?",
        None,
        TODAY,
    )
    assert lent.found and plain_text(lent.html) == plain_text(named.html)


def test_a_name_asked_about_after_the_question_gets_both(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    project = next(iter(kb.projects.values()))
    member = next(o for o in kb.organisations.values() if project.id in o.projects)
    ans = answerer.answer(
        f"Quels pays participent à {project.short_name} ? {member.name} aussi ?", "fr", TODAY
    )
    text = plain_text(ans.html)
    countries = answerer.answer(f"Quels pays participent à {project.short_name} ?", "fr", TODAY)
    # the first question's answer, then the name asked about
    assert text.startswith(plain_text(countries.html))
    assert "Oui" in text and member.name in text


def test_the_question_itself_is_what_the_documents_are_searched_with(
    kb: KnowledgeBase, answerer: Answerer
) -> None:
    project = next(iter(kb.projects.values())).short_name
    ans = answerer.answer(
        f"Je prépare une note pour mon élu. J'ai lu des choses sur {project}. "
        "Combien de pays y participent ?",
        None,
        TODAY,
    )
    assert ans.asked.startswith("Combien de pays y participent") and project in ans.asked


@pytest.mark.parametrize(
    ("keywords", "lang"),
    [("budget total euros", "fr"), ("2020 total budget", "en"), ("rapport annuel", "fr")],
)
def test_keywords_take_the_language_of_their_word_order(
    answerer: Answerer, keywords: str, lang: str
) -> None:
    assert answerer.answer(keywords, None, TODAY).lang == lang


def test_closing_formulas_after_the_question_are_dropped() -> None:
    from bot.knowledge.introduction import drop_closing

    assert drop_closing("Qui anime X ? Veuillez agréer, Monsieur, mes salutations.") == (
        "Qui anime X ?"
    )
    assert drop_closing("Who runs X? Thanks in advance. Best regards") == "Who runs X?"
    # a sentence after the question that says something is kept
    kept = "Qui anime X ? Je pense au projet Y."
    assert drop_closing(kept) == kept


def test_a_wish_to_know_is_the_question_and_what_precedes_it_context() -> None:
    from bot.knowledge.introduction import split_wish

    assert split_wish(
        "Nos élus, soucieux de bien faire, souhaiteraient connaître les membres."
    ) == (
        "Nos élus, soucieux de bien faire",
        "souhaiteraient connaître les membres.",
    )
    assert split_wish("Our mayor would like to know who runs it") == (
        "Our mayor",
        "would like to know who runs it",
    )
    assert split_wish("Je voudrais savoir qui anime le projet") is None  # the wish first
    assert split_wish("Qui anime X ? J'aimerais savoir aussi où") is None  # asked before


def test_a_formal_letter_gets_the_answer_to_its_request(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = next(p for p in kb.projects.values() if kb.members(p.id))
    by_country = kb.members_by_country(project.id)
    country = kb.countries[min(by_country, key=lambda c: len(by_country[c]))]
    members = by_country[country.id]
    letter = (
        "Monsieur, J'ai l'honneur de vous écrire en ma qualité de secrétaire général de la "
        "mairie. Nos élus, soucieux de s'inscrire dans la coopération décentralisée, "
        f"souhaiteraient connaître les collectivités du pays {country.name.fr} engagées dans "
        f"le projet {project.short_name}. Je vous prie d'agréer, Monsieur, l'expression de ma "
        "haute considération."
    )
    a = answerer.answer(letter, "fr", TODAY)
    text = plain_text(a.html)
    assert a.found, text
    assert all(o.name in text for o in members), text


def test_this_action_stands_for_the_numbered_action_named_before(answerer: Answerer) -> None:
    from bot.knowledge.introduction import referent

    assert referent("À quelle occasion cette action se tient-elle ?", "l'action 5 du projet") == (
        "action 5"
    )
    assert referent("Quand se tient-elle ?", "l'action 5 du projet") is None


def test_who_a_statement_comes_from_is_dropped() -> None:
    from bot.knowledge.introduction import drop_hearsay

    assert drop_hearsay("Un auditeur nous dit que le projet X est fini. C'est vrai ?") == (
        "le projet X est fini. C'est vrai ?"
    )
    assert drop_hearsay("Some listeners say Y is not part of X. Is that true?") == (
        "Y is not part of X. Is that true?"
    )
    # a question about who says it, or "ça veut dire", is kept whole
    for kept in ("Qui dit que le projet est fini ?", "ça veut dire quoi MDH ?"):
        assert drop_hearsay(kept) == kept


def test_whom_the_asker_writes_for_is_dropped() -> None:
    from bot.knowledge.introduction import drop_audience

    assert drop_audience("Dites à nos auditeurs comment ils travaillent.") == (
        "Dites comment ils travaillent."
    )
    assert drop_audience("For our Facebook post, when does X start?") == "when does X start?"
    assert drop_audience("Pour mon mémoire : que fait X ?") == "que fait X ?"
    kept = "Quels sont nos membres ?"
    assert drop_audience(kept) == kept


def test_a_source_in_brackets_is_dropped() -> None:
    from bot.knowledge.introduction import drop_bracket_sources

    assert drop_bracket_sources("Que signifie le sigle X (page du projet Y) ?") == (
        "Que signifie le sigle X ?"
    )
    kept = "Sur quoi porte l'autodiagnostic (action 0) de Y ?"
    assert drop_bracket_sources(kept) == kept


def test_two_acronyms_each_with_its_source_get_both_expansions(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    terms = [t for t in kb.terms.values() if t.acronym and t.term][:2]
    project = next(iter(kb.projects.values())).short_name
    a = answerer.answer(
        f"Bonjour, pour mon glossaire : que signifient les sigles {terms[0].acronym} "
        f"(page {project}) et {terms[1].acronym} (document de synthèse) ?",
        "fr",
        TODAY,
    )
    text = plain_text(a.html)
    assert a.found and all(t.term in text for t in terms), text


def test_he_stands_for_the_person_named_before(answerer: Answerer, kb: KnowledgeBase) -> None:
    person = next(p for p in kb.people.values() if p.facts)
    a = answerer.answer(
        f"J'ai lu la fiche. Il y est fait mention de M. {person.name}. Pourriez-vous "
        "m'indiquer quelle fonction il occupe ? Avec mes remerciements anticipés.",
        "fr",
        TODAY,
    )
    text = plain_text(a.html)
    assert a.found and text.startswith(person.name) and person.role.fr in text, text


def test_a_self_introduction_after_the_question_is_read_as_one(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = next(p for p in kb.projects.values() if kb.members(p.id))
    by_country = kb.members_by_country(project.id)
    country = next(c for c, orgs in by_country.items() if len(orgs) >= 2)
    me, *others = by_country[country]
    a = answerer.answer(
        f"Which members from {kb.countries[country].name.en} are in {project.short_name}? "
        f"I am from {me.name} and I want to know the others",
        "en",
        TODAY,
    )
    text = plain_text(a.html)
    assert all((o.name_en or o.name) in text for o in others), text
    assert (me.name_en or me.name) not in text, text


def test_ique_written_ik_in_a_text_message_is_read(answerer: Answerer, kb: KnowledgeBase) -> None:
    project = next(iter(kb.projects.values())).short_name
    typed = answerer.intents_of(f"{project} les partenaires technik c ki", "fr", TODAY)
    written = answerer.intents_of(f"{project} les partenaires techniques c ki", "fr", TODAY)
    assert typed == written


def test_a_source_at_the_end_of_a_sentence_is_dropped() -> None:
    from bot.knowledge.introduction import drop_trailing_sources

    assert drop_trailing_sources("X existe depuis 1990, selon le programme de Y. Qui ?") == (
        "X existe depuis 1990. Qui ?"
    )


def test_would_i_be_right_in_thinking_asks_yes_or_no() -> None:
    from bot.knowledge.query import _polar

    q = "Would I be right in thinking they began on the same day?"
    assert _polar(q, tokenize(q))


def test_a_first_part_known_only_with_the_rest_is_answered_with_the_second(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = next(p for p in kb.projects.values() if kb.members(p.id))
    a = answerer.answer(
        f"I gather {project.short_name} brings together local governments from a handful of "
        "countries. Would I be right in thinking the UK isn't among them? Which countries are "
        "they, then?",
        "en",
        TODAY,
    )
    text = plain_text(a.html)
    assert "United Kingdom" in text
    assert all(c.name.en in text for c in kb.member_countries(project.id)), text


def test_it_stands_for_the_action_the_sentence_before_describes(answerer: Answerer) -> None:
    a = answerer.answer(
        "I gather COOP'R plans a political and technical gathering in France. What themes is"
        " it meant to cover?",
        "en",
        TODAY,
    )
    text = plain_text(a.html)
    assert "tourism" in text and "reciprocity" in text, text
