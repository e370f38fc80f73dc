"""People named in a public role (data/people.toml) and saying what the data does not hold."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import ATTRIBUTES, asked
from bot.knowledge.gaps import Ask, holds
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


# ------------------------------------------------------------------ the attribute table


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("En quelle année Cap Coopération a-t-il été fondé ?", "founded"),
        ("when was it founded", "founded"),
        ("quand a été créée l'AIRF", "founded"),
        ("MDH ça veut dire quoi", "expansion"),
        ("what does AFD stand for", "expansion"),
        ("quel est le site web de l'Atlas", "website"),
        ("montant en euros de la subvention", "amount"),
        ("how much money", "amount"),
        ("ça coûte 100 €", "amount"),
        ("combien de personnes étaient présentes", "attendance"),
        ("how many participants came", "attendance"),
        ("la prochaine réunion du GPMar", "next_date"),
        ("dans quelle ville", "city"),
        ("where is it", "place"),
        ("c'est où", "place"),
    ],
)
def test_attribute_asked(question: str, attribute: str) -> None:
    assert attribute in asked(question)


@pytest.mark.parametrize(
    "question",
    [
        "combien la DAECT finance-t-elle COOP'R",
        "how much does the DAECT finance",
        "quand a lieu le 3e regroupement",
        "créer un espace d'échanges",
    ],
)
def test_no_attribute_asked(question: str) -> None:
    assert asked(question) == []


def test_a_budget_is_an_amount_and_a_project_says_its_total_is_not_given() -> None:
    from datetime import date

    from bot.i18n import plain_text
    from bot.knowledge.answer import Answerer
    from bot.knowledge.loader import default_data_dir, load_knowledge

    assert asked("What is the annual budget of the fund?") == ["amount"]
    engine = Answerer(load_knowledge(default_data_dir()))
    project = next(iter(engine.kb.projects.values())).short_name
    ans = engine.answer(f"quel est le budget de {project}", "fr", date(2026, 1, 15))
    # the rate the documents give, and that the total is not given: not a confident answer
    assert not ans.found and "%" in plain_text(ans.html)


def test_table_names_are_unique() -> None:
    names = [cue.name for cue in ATTRIBUTES]
    assert len(names) == len(set(names))


def test_holds(kb: KnowledgeBase) -> None:
    assert holds(kb.networks["cap-cooperation"], "founded") is False
    assert holds(kb.projects["coopr"], "founded") is True
    assert holds(kb.projects["coopr"], "city") is None  # does not apply
    assert holds(kb.terms["atlas"], "website") is True
    assert holds(kb.terms["mdh"], "expansion") is False
    assert holds(kb.terms["daect"], "expansion") is True
    gatherings = kb.actions["terress-4"]
    assert holds(gatherings, "city", Ask(ordinal=2)) is True  # Bordeaux
    assert holds(gatherings, "city", Ask(ordinal=1)) is False  # Morocco only
    dc = kb.partnerships["dijon-chefchaouen"]
    assert holds(dc, "amount", Ask(years=(2021,))) is True
    assert holds(dc, "amount", Ask(years=(2022,))) is False


# ------------------------------------------------------------------ answers


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("En quelle année Cap Coopération a-t-il été fondé ?", "date de création"),
        ("MDH ça veut dire quoi ?", "sigle"),
        ("Dans quelle ville a eu lieu le 1er regroupement Terr'ESS ?", "ville"),
        ("Combien d'euros peut donner la FICOL ?", "montant en euros"),
    ],
)
def test_gap_says_what_is_not_known(answerer: Answerer, question: str, expect: str) -> None:
    ans = answerer.answer(question, None, TODAY)
    text = plain_text(ans.html)
    assert not ans.found and ans.intent == "gap", text
    assert "les documents ne disent pas" in text and expect in text
    assert "Ce qu'on sait" in text


def test_held_attribute_is_still_answered(answerer: Answerer) -> None:
    ans = answerer.answer("Combien la DAECT finance-t-elle COOP'R ?", None, TODAY)
    assert ans.found and "50" in plain_text(ans.html)
    ans = answerer.answer(
        "Dans quelle ville aura lieu le 2e regroupement de Terr'ESS ?", None, TODAY
    )
    assert ans.found and "Bordeaux" in plain_text(ans.html)


def test_website_is_answered_from_the_record(answerer: Answerer) -> None:
    ans = answerer.answer("The Atlas of decentralised cooperation, which website?", None, TODAY)
    assert ans.found and "cncd.fr" in plain_text(ans.html)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("qui est François Gauthier ?", ["François Gauthier", "conseiller diplomatique"]),
        ("c qui francois gauthier", ["François Gauthier"]),
        ("Qui est le COCAC de l'ambassade à Rabat ?", ["Bertand Commelin"]),
        ("who is the contact at the Chefchaouen municipality?", ["El Bakali", "head of"]),
        ("qui présente la MDH à Limoges ?", ["Guillaume Bertrand"]),
        ("à 15h, à Limoges, qui présente ?", ["Proeschel", "Pallier"]),
        ("qui est le président de la commune de Chefchaouen ?", ["Mohamed Sefiani"]),
    ],
)
def test_people_answers(answerer: Answerer, question: str, names: list[str]) -> None:
    ans = answerer.answer(question, None, TODAY)
    text = plain_text(ans.html)
    assert ans.found, text
    for name in names:
        assert name in text, text
    assert "@" not in text and "[at]" not in text


@pytest.mark.parametrize(
    "question",
    [
        "Qui est le président du Conseil régional Grand Est ?",
        "who is the French ambassador in Rabat",
    ],
)
def test_no_person_for_another_role(answerer: Answerer, question: str) -> None:
    ans = answerer.answer(question, None, TODAY)
    assert ans.intent != "person", plain_text(ans.html)


def test_a_role_asked_by_its_acronym_is_not_someone_else_of_the_same_event() -> None:
    from bot.knowledge.loader import default_data_dir, load_knowledge
    from bot.knowledge.people import People

    kb = load_knowledge(default_data_dir())
    people = People(kb)
    role = next(t for t in kb.terms.values() if t.term_type == "role" and t.acronym)
    holders = {p.id for p in kb.people.values() if p.role_ref == role.id}
    for p in kb.people.values():
        if p.id in holders:
            continue
        # the person's own words, with the role's acronym they do not hold
        words = [w for w in p.role.en.lower().replace(",", " ").split() if len(w) > 3][:3]
        toks = ["who", "is", "the", role.acronym.lower(), *words]
        found = people.match(toks, toks)
        assert found is None or p not in found.people, (p.name, role.acronym)
