"""Mechanisms that let data a coordinator adds be found as the shipped data is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.knowledge.answer import Answerer
from bot.knowledge.documents import stems
from bot.knowledge.loader import load_knowledge
from tests.knowledge.conftest import member_with_compatriots

TERM = """
[[term]]
id = "cotech-test"
term = "Comité technique des régions"
acronym = "COTREG"
aliases = ["Comité technique COOP'R"]
term_type = "body"
definition.fr = "Instance technique du projet COOP'R : un point focal par collectivité."
definition.en = "The technical body of the COOP'R project: one focal point per local government."
source = ["000_a9a577a5cda4560d"]
"""


def test_a_name_with_an_apostrophe_is_also_indexed_joined() -> None:
    forms = stems("Le projet AGRI'COOP démarre avec Ville'Nord.")
    assert "agricoop" in forms and "agri" in forms
    # an elision is no name
    assert "latelier" not in stems("L'atelier s'est tenu à Paris.")


def test_a_full_name_inside_a_core_name_is_kept(data_copy: Path) -> None:
    (data_copy / "extra_terms.toml").write_text(TERM, encoding="utf-8")
    engine = Answerer(load_knowledge(data_copy))
    q = engine._parse("le 1er regroupement technique coopr c'est où", "fr", date(2026, 1, 15))
    kinds = {(m.ref.kind, m.ref.id) for m in q.mentions}
    # "technique coopr" is the core of the committee's alias, but "coopr" is the whole name
    # of the project: the project is what the question names
    assert ("project", "coopr") in kinds and ("term", "cotech-test") not in kinds
    whole = engine._parse("que fait le comité technique COOP'R ?", "fr", date(2026, 1, 15))
    assert ("term", "cotech-test") in {(m.ref.kind, m.ref.id) for m in whole.mentions}


def test_a_term_whose_definition_names_a_project_relates_to_it(data_copy: Path) -> None:
    (data_copy / "extra_terms.toml").write_text(TERM, encoding="utf-8")
    engine = Answerer(load_knowledge(data_copy))
    assert "coopr" in engine._term_projects["cotech-test"]


def test_how_many_of_a_thing_no_record_holds_is_not_answered_with_another_count(
    data_copy: Path,
) -> None:
    engine = Answerer(load_knowledge(data_copy))
    project = next(iter(engine.kb.projects.values())).short_name
    for question in (
        f"combien de girafes compte {project} ?",
        f"how many giraffes does {project} have?",
    ):
        ans = engine.answer(question, None, date(2026, 1, 15))
        assert not ans.found and ans.intent == "gap", question
    # what the records count stays answered
    ans = engine.answer(f"combien de pays compte {project} ?", None, date(2026, 1, 15))
    assert ans.found


FOUNDED_TERMS = """
[[term]]
id = "fonds-a"
term = "Fonds Alizé"
term_type = "instrument"
definition.fr = "Fonds lancé en 2019 par les régions pour les projets d'eau."
definition.en = "A fund the regions launched in 2019 for water projects."
source = ["000_a9a577a5cda4560d"]

[[term]]
id = "fonds-b"
term = "Fonds Boréal"
term_type = "instrument"
definition.fr = "Fonds des régions ; il applique la loi Oudin de 2005 sur l'eau."
definition.en = "A fund of the regions; it applies the 2005 Oudin law on water."
source = ["000_a9a577a5cda4560d"]
"""


def test_a_founding_year_is_one_said_with_a_beginning(data_copy: Path) -> None:
    (data_copy / "extra_terms.toml").write_text(FOUNDED_TERMS, encoding="utf-8")
    engine = Answerer(load_knowledge(data_copy))
    launched = engine.answer("Quand a été lancé le Fonds Alizé ?", "fr", date(2026, 1, 15))
    assert launched.found and "2019" in launched.html
    # a year of something the definition cites is not the fund's
    cited = engine.answer("When was the Fonds Boréal launched?", "en", date(2026, 1, 15))
    assert not cited.found and cited.intent == "gap"


def test_guests_counted_by_one_project_are_not_those_of_another(data_copy: Path) -> None:
    engine = Answerer(load_knowledge(data_copy))
    kb = engine.kb
    counted = next(
        (a, g)
        for a in kb.actions.values()
        for g in [*a.guests, *(g for ms in a.milestones for g in ms.guests)]
    )
    action, guest = counted
    other = next(p for p in kb.projects.values() if p.id != action.project)
    asked_of = kb.projects[action.project].short_name
    who = guest.who.fr
    here = engine.answer(
        f"combien de {who} aux regroupements de {asked_of} ?", "fr", date(2026, 1, 15)
    )
    assert here.found and str(guest.count) in here.html
    there = engine.answer(
        f"combien de {who} aux regroupements de {other.short_name} ?", "fr", date(2026, 1, 15)
    )
    assert not there.found and there.intent == "gap"


def test_the_only_member_of_a_country_asking_for_others_is_named(data_copy: Path) -> None:
    engine = Answerer(load_knowledge(data_copy))
    kb = engine.kb
    alone = member_with_compatriots(kb, how_many=1)
    project, org = alone
    country = kb.countries[org.country].name.en
    ans = engine.answer(
        f"I work for {org.name}. Are there other members in {country} in {project.short_name}?",
        "en",
        date(2026, 1, 15),
    )
    text = ans.html
    # not "no member in <country>": none but the asker's organisation
    assert "no other member" in text and "has no member" not in text
