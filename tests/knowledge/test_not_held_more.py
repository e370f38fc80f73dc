"""More of what the records do not hold: what was decided at an occasion named by a city, how
many of a thing a glossary term names; and "c'est ou ?" asking where."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.lexicon import detect_cues
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.textnorm import tokenize

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    "question", ["le 1er regroupement c ou ?", "c'est ou le seminaire", "regroupement ou"]
)
def test_ou_typed_without_its_accent_asks_where(question: str) -> None:
    assert "where" in detect_cues(tokenize(question), "fr", question)


def test_ou_between_two_choices_does_not_ask_where() -> None:
    question = "visio ou webinaire demain ?"
    assert "where" not in detect_cues(tokenize(question), "fr", question)


def test_what_was_decided_is_not_an_organisation_s(answerer: Answerer, kb: KnowledgeBase) -> None:
    org = next(o for o in kb.organisations.values() if o.projects)
    a = answerer.answer(f"qu'est-ce qui a été décidé à la réunion de {org.name} ?", "fr", TODAY)
    text = plain_text(a.html)
    assert not a.found and "décidé" in text.splitlines()[0], text


def test_how_many_of_a_term_is_a_count_the_records_do_not_give(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = next(iter(kb.projects.values())).short_name
    term = next(t for t in kb.terms.values() if t.acronym and len(t.acronym) >= 4)
    a = answerer.answer(f"combien de {term.acronym} ont deja ete adoptes ds {project}", "fr", TODAY)
    assert not a.found, plain_text(a.html)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Qui animait la plupart des points de la rencontre de Limoges ?", "fr"),
        ("Who facilitates most of the items at Cap Coopération's meeting in Limoges?", "en"),
    ],
)
def test_who_leads_most_items_of_a_meeting_is_counted(
    answerer: Answerer, kb: KnowledgeBase, question: str, lang: str
) -> None:
    meeting = next(m for m in kb.meetings.values() if m.agenda and "limoges" in m.id)
    counts = {
        p.name: sum(1 for lead in p.leads if lead.meeting == meeting.id) for p in kb.people.values()
    }
    top = max(counts, key=lambda n: counts[n])
    text = plain_text(answerer.answer(question, lang, TODAY).html)
    assert top in text and str(counts[top]) in text, text


def test_two_funders_set_side_by_side_are_both_given(answerer: Answerer, kb: KnowledgeBase) -> None:
    s = next(p for p in kb.partnerships.values() if p.funding)
    year = max(s.years())
    lines = [f for f in s.funding if f.year == year and f.funder_ref]
    assert len(lines) >= 2
    partner = kb.organisations[s.french_partners[0]]
    text = plain_text(
        answerer.answer(
            f"How much of its own money did {partner.name} put in compared with the French "
            f"foreign ministry in {year}? Give both amounts.",
            "en",
            TODAY,
        ).html
    )
    for f in lines:
        if f.funder_ref in (partner.id, "meae"):
            assert f"{f.amount_eur:,}" in text, text


def test_a_word_said_not_to_be_needed_is_not_asked() -> None:
    from bot.knowledge.attributes import asked

    assert "contact" not in asked("Qui est le contact et quel est son rôle ? (pas besoin du mail)")
    assert "contact" in asked("Quel est son mail ?")


def test_an_indirect_yes_no_question_is_one() -> None:
    from bot.knowledge.query import _polar

    for q in ("Je voudrais savoir si X participe au projet", "Could you tell me whether X is in Y"):
        assert _polar(q, tokenize(q)), q


def test_when_an_agreement_was_signed_is_not_an_organisation_s(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    org = next(o for o in kb.organisations.values() if o.cooperation_partners)
    partner = kb.organisations[org.cooperation_partners[0]]
    a = answerer.answer(
        f"c'était quand la signature de la convention entre {org.name} et {partner.name} ?",
        "fr",
        TODAY,
    )
    text = plain_text(a.html)
    assert not a.found and "signature" in text.splitlines()[0], text
    s = next(p for p in kb.partnerships.values() if p.first_agreement_year)
    french = kb.organisations[s.french_partners[0]].name
    a = answerer.answer(f"la première convention de {french} a été signée quand ?", "fr", TODAY)
    assert a.found and str(s.first_agreement_year) in plain_text(a.html), plain_text(a.html)


def test_what_actually_took_place_is_not_in_a_plan(answerer: Answerer, kb: KnowledgeBase) -> None:
    action = next(a for a in kb.actions.values() if a.count and a.count > 1 and not a.milestones)
    project = kb.projects[action.project].short_name
    a = answerer.answer(
        f"How many of the {action.count} planned {project} webinars were actually held?",
        "en",
        TODAY,
    )
    text = plain_text(a.html)
    assert not a.found and "actually took place" in text.splitlines()[0], text
