"""Blind round 33 and a coordinator's documents:

* punctuation said aloud ("… point d'interrogation", "comma") is written, and an acronym
  spelt letter by letter ("D C T C I V") is read as one;
* "name only, no email" does not ask for contact details;
* contact details asked of someone by their role ("the email of the COCAC in Rabat") say who
  that is, never the details;
* a coordinator's document may give what the records never hold (a ceiling, a deadline, a
  satisfaction rate, a place): a passage showing it answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.documents import Passage
from bot.knowledge.gaps import PASSAGE_EVIDENCE, unshown
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.words import written_out
from bot.passage_answers import compose
from bot.storage.passages import Hit

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("que signifie le sigle D C T C I V point d'interrogation", "le sigle DCTCIV?"),
        ("bonjour virgule qui anime COOP'R point d’interrogation", "bonjour, qui anime COOP'R?"),
        ("who runs Terr'ESS question mark", "who runs Terr'ESS?"),
        ("A B testing", "A B testing"),  # two letters are not an acronym spelt out
    ],
)
def test_dictation_is_written(said: str, written: str) -> None:
    assert written in written_out(said)


def test_an_acronym_spelt_out_is_expanded(eng: Answerer) -> None:
    text = plain_text(
        eng.answer("que signifie le sigle D C T C I V point d'interrogation", None, TODAY).html
    )
    assert "Délégation pour les collectivités territoriales et la société civile" in text


@pytest.mark.parametrize(
    "question",
    [
        "who is the COCAC in Rabat? name only pls, no email",
        "le COCAC de Rabat, son nom, pas de mail svp",
    ],
)
def test_contact_details_waived_are_not_asked(eng: Answerer, question: str) -> None:
    assert "contact" not in asked(question)
    a = eng.answer(question, None, TODAY)
    assert a.found and "Commelin" in plain_text(a.html)


def test_contact_details_of_someone_asked_by_role(eng: Answerer) -> None:
    a = eng.answer("what is the email of the COCAC in Rabat?", None, TODAY)
    text = plain_text(a.html)
    assert not a.found and "never gives them" in text and "Bertand Commelin" in text


def _hit(text: str) -> Hit:
    return Hit(Passage("appel.md", "Appel jeunes", "", text, 0), 1.0, (), (), -1.0)


@pytest.mark.parametrize(
    ("attribute", "text", "shown"),
    [
        ("ceiling", "La subvention va de 1 250 € à 4 750 € : 4 750 € est le plafond.", True),
        ("ceiling", "La subvention est plafonnée.", False),
        ("deadline", "Les dossiers sont attendus avant le 15 février 2026.", True),
        ("metrics", "91 % des répondants se disent satisfaits.", True),
        ("place", "Le séminaire s'est tenu à Lans-en-Vercors.", True),
        ("place", "Le lieu n'est pas encore choisi.", False),
    ],
)
def test_what_a_passage_may_show(attribute: str, text: str, shown: bool) -> None:
    assert PASSAGE_EVIDENCE[attribute](text) is shown


def test_a_passage_showing_a_ceiling_answers() -> None:
    static = Answer("Les documents ne disent pas de plafond.", False, "fr", "gap")
    question = "Quel est le plafond de la subvention de l'appel jeunes ?"
    text = "L'appel jeunes : la subvention va de 1 250 € à 4 750 € ; 4 750 € est le plafond."
    assert not unshown(question, text, passage=True)
    ans = compose(question, static, [_hit(text)])
    assert ans is not None and ans.found and "4 750" in plain_text(ans.html)
