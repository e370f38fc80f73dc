"""A self-introduction before the question gives context only; yes/no questions said by their
end ("ou pas ?") or by a pronoun taking up their subject get "oui"/"non" first."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.introduction import split_introduction
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.query import _polar
from bot.knowledge.textnorm import tokenize
from tests.knowledge.conftest import member_with_compatriots

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_introduction_split_from_the_question() -> None:
    got = split_introduction("Bonjour, je travaille au conseil X. Que fait le projet ?")
    assert got == ("Bonjour, je travaille au conseil X.", "Que fait le projet ?")
    assert split_introduction("My name is Ana. I am in region Y. What is Z?") == (
        "My name is Ana. I am in region Y.",
        "What is Z?",
    )
    # no introduction, or nothing asked after it
    assert split_introduction("Le conseil X. Que fait le projet ?") is None
    assert split_introduction("Je suis le conseil X. Merci.") is None


def test_the_question_decides_the_intent_not_the_introduction(answerer: Answerer) -> None:
    a = answerer.answer(
        "Bonjour, je suis chargee de mission au Conseil regional du Kabadougou. "
        "Quels sont les objectifs de COOP'R ?",
        None,
        TODAY,
    )
    assert a.intent != "org_card"
    assert "Kabadougou" not in plain_text(a.html)


def test_others_leave_the_askers_organisation_out(answerer: Answerer) -> None:
    a = answerer.answer(
        "Je travaille pour le Conseil departemental Niari. "
        "Quels autres membres congolais sont dans le projet ?",
        None,
        TODAY,
    )
    text = plain_text(a.html)
    assert "Lékoumou" in text and "Sangha" in text
    assert "Niari" not in text


@pytest.mark.parametrize(
    "question",
    [
        "le congo est dans terress ou pas ?",
        "is it in the project or not?",
        "le conseil X il est dans Y ?",
    ],
)
def test_polar_by_end_or_taken_up_subject(question: str) -> None:
    assert _polar(question, [t.casefold() for t in tokenize(question)])


def test_open_question_stays_open() -> None:
    q = "ou se tient la reunion, il y a un lien ?"
    assert not _polar(q, tokenize(q))


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("le conseil regional du Kabadougou il est dans coopr ?", "Oui"),
        ("le conseil departemental Sangha est dans coopr ou non ?", "Non"),
        ("the ACAL is in both projects or not?", "Yes"),
    ],
)
def test_membership_yes_or_no_first(answerer: Answerer, question: str, head: str) -> None:
    a = answerer.answer(question, None, TODAY)
    assert plain_text(a.html).startswith(head), a.html


def test_two_questions_one_after_the_other() -> None:
    from bot.knowledge.query import split_question

    assert split_question("Le conseil X est-il dans Y ? Quels sont les autres ?") == (
        "Le conseil X est-il dans Y ?",
        "Quels sont les autres ?",
    )
    assert split_question("Le conseil X est dans Y ? Merci beaucoup") is None


def test_the_others_after_a_first_question(answerer: Answerer) -> None:
    a = answerer.answer(
        "Le Conseil departemental Niari est-il dans Terr'ESS ? "
        "Quels sont les autres membres congolais ?",
        None,
        TODAY,
    )
    text = plain_text(a.html)
    assert text.startswith("Oui")
    assert "Lékoumou" in text and "Sangha" in text
    assert text.count("Niari") == 1  # named in the yes, not among the others


def test_a_rumour_to_check_is_a_yes_no_question() -> None:
    from bot.knowledge.query import _polar, claimed_number
    from bot.knowledge.textnorm import tokenize

    for question in (
        "On m'a dit que le projet a six membres au Bénin, c'est vrai ?",
        "Confirm that the project has two members in Benin.",
        "the project has two members in Benin, is that right?",
    ):
        assert _polar(question, tokenize(question)), question
    assert claimed_number("On m'a dit que six conseils sont membres, c'est exact ?") == 6
    assert claimed_number("Is action 2 done? I counted 8 countries.") is None
    assert claimed_number("Confirm that 3 councils take part.") == 3


def test_a_number_stated_that_is_not_the_records_is_answered_no() -> None:
    from datetime import date

    from bot.knowledge.answer import Answerer
    from bot.knowledge.loader import default_data_dir, load_knowledge

    engine = Answerer(load_knowledge(default_data_dir()))
    kb = engine.kb
    project, country, n = next(
        (p, c, n)
        for p in kb.projects.values()
        for c in kb.countries.values()
        if (
            n := sum(
                1 for o in kb.organisations.values() if p.id in o.projects and o.country == c.id
            )
        )
        >= 2
    )
    right = f"Confirm that {n} members from {country.name.en} take part in {project.short_name}."
    wrong = (
        f"Confirm that {n + 1} members from {country.name.en} take part in {project.short_name}."
    )
    assert engine.answer(right, "en", date(2026, 1, 15)).html.startswith("Yes")
    assert engine.answer(wrong, "en", date(2026, 1, 15)).html.startswith("No")


def test_the_others_alongside_an_organisation_leave_it_out() -> None:
    from datetime import date

    from bot.i18n import plain_text
    from bot.knowledge.answer import Answerer
    from bot.knowledge.loader import default_data_dir, load_knowledge

    engine = Answerer(load_knowledge(default_data_dir()))
    kb = engine.kb
    project, org = member_with_compatriots(kb, at_least=2)
    country = kb.countries[org.country].name.fr
    ans = engine.answer(
        f"quelles autres collectivités du pays {country} sont avec {org.name} "
        f"dans {project.short_name} ?",
        "fr",
        date(2026, 1, 15),
    )
    text = plain_text(ans.html)
    assert ans.found and org.name not in text and not text.startswith("Oui")


def test_confirming_a_persons_role_from_their_card() -> None:
    from datetime import date

    from bot.knowledge.answer import Answerer
    from bot.knowledge.loader import default_data_dir, load_knowledge

    engine = Answerer(load_knowledge(default_data_dir()))
    asking = {"who", "which", "what", "where", "when", "how", "whose"}
    person = next(
        p
        for p in engine.kb.people.values()
        if len(p.role.en.split()) >= 3 and not asking & set(p.role.en.lower().split())
    )
    right = engine.answer(
        f"Confirm that {person.name} is {person.role.en}.", "en", date(2026, 1, 15)
    )
    assert right.html.startswith("Yes")
    # a role not on the card gets no "yes" (nor a "no" the card cannot prove)
    other = engine.answer(f"Is {person.name} the mayor of Zanzibar?", "en", date(2026, 1, 15))
    assert not other.html.startswith(("Yes", "No"))


def test_a_rate_stated_is_checked_against_the_records() -> None:
    from datetime import date

    from bot.knowledge.answer import Answerer
    from bot.knowledge.loader import default_data_dir, load_knowledge

    engine = Answerer(load_knowledge(default_data_dir()))
    rated = [p for p in engine.kb.projects.values() if p.co_financing_rate is not None]
    p = rated[0]
    rate = p.co_financing_rate
    assert rate is not None
    right = f"On m'a dit que {p.short_name} est cofinancé à {rate:g} %, c'est vrai ?"
    wrong = f"On m'a dit que {p.short_name} est cofinancé à {rate + 10:g} %, c'est vrai ?"
    assert engine.answer(right, "fr", date(2026, 1, 15)).html.startswith("Oui")
    assert engine.answer(wrong, "fr", date(2026, 1, 15)).html.startswith("Non")
    if len(rated) == 2:
        a, b = rated
        same = f"Confirm that {a.short_name} is co-financed at the same rate as {b.short_name}."
        expected = "Yes" if a.co_financing_rate == b.co_financing_rate else "No"
        assert engine.answer(same, "en", date(2026, 1, 15)).html.startswith(expected)


def test_a_step_said_to_be_held_in_another_country_is_answered_no() -> None:
    from datetime import date

    from bot.knowledge.answer import Answerer
    from bot.knowledge.loader import default_data_dir, load_knowledge

    engine = Answerer(load_knowledge(default_data_dir()))
    kb = engine.kb
    action, step = next(
        (a, m)
        for a in kb.actions.values()
        for m in a.milestones
        if m.number == 1 and m.place is not None and m.place.country
    )
    held = step.place.country if step.place is not None else ""
    other = next(c for c in kb.countries.values() if c.id != held)
    project = kb.projects[action.project].short_name
    ans = engine.answer(
        f"On m'a dit que le 1er regroupement de {project} s'est tenu en {other.name.fr}, "
        "c'est vrai ?",
        "fr",
        date(2026, 1, 15),
    )
    assert ans.found and ans.html.startswith("Non")
    assert kb.countries[held].name.fr in ans.html


def test_a_negative_statement_to_check_gets_the_verdict_of_the_statement(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    project = next(p for p in kb.projects.values() if kb.members(p.id))
    country = kb.countries[kb.members(project.id)[0].country]
    name, p = country.name.en, project.short_name
    for question in (
        f"{name} is not part of {p}, is that true?",
        f"Is it true that {name} is not part of {p}?",
        f"Some listeners say {name} is not part of {p} because the page names eight countries."
        " Is that true?",
    ):
        text = plain_text(answerer.answer(question, "en", TODAY).html)
        assert text.startswith("No"), (question, text)
    fr = f"Le pays {country.name.fr} ne fait pas partie de {p}, c'est vrai ?"
    assert plain_text(answerer.answer(fr, "fr", TODAY).html).startswith("Non")
    # the same statement said positively, and a plain yes/no question, keep their yes
    assert (
        plain_text(answerer.answer(f"{name} is part of {p}, right?", "en", TODAY).html)[:3] == "Yes"
    )


def test_est_ce_vrai_que_opens_a_yes_no_question() -> None:
    assert _polar(
        "Est-ce vrai que X s'est tenu au Y ?", tokenize("Est-ce vrai que X s'est tenu au Y ?")
    )
    assert not _polar("Qui dit que X est fini ?", tokenize("Qui dit que X est fini ?"))
