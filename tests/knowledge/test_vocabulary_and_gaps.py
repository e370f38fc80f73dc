"""The vocabulary files (data/vocabulary) and the gaps found by evidence."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.knowledge.answer import Answerer
from bot.knowledge.gaps import EVIDENCE, unshown
from bot.knowledge.lexicon import CUES
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.vocabulary import Vocabulary, vocabulary, vocabulary_dir

DAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def eng(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def test_the_vocabulary_files_load_and_feed_the_cue_groups() -> None:
    vocab = vocabulary()
    assert set(vocab.cues) == set(CUES)
    assert "visio" in CUES["remote"].words
    assert vocab.words.numbers["trois"] == 3


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "vocabulary"
    shutil.copytree(vocabulary_dir(), target)
    return target


def _load(folder: Path) -> Vocabulary:
    data = {
        part: tomllib.loads((folder / f"{part}.toml").read_text(encoding="utf-8"))
        for part in ("cues", "live", "attributes", "language", "words", "places", "grammar")
    }
    return Vocabulary.model_validate(data)


def test_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "words.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[colours]\nred = 1\n", "utf-8")
    with pytest.raises(ValidationError, match="colours"):
        _load(folder)


def test_an_unknown_kind_of_organisation_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "words.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("[kind_expand]\n", '[kind_expand]\nspaceport = ["region"]\n')
    path.write_text(text, "utf-8")
    with pytest.raises(ValidationError, match="spaceport"):
        _load(folder)


def test_no_country_or_project_name_in_the_engine_code() -> None:
    code = Path(__file__).resolve().parents[2] / "bot" / "knowledge"
    names = ["Cameroun", "Cameroon", "Sénégal", "Dijon", "COOP'R", "Terr'ESS", "Madagascar"]
    for path in code.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path.name


@pytest.mark.parametrize(
    ("attribute", "shown", "not_shown"),
    [
        ("amount", "8 845 € en 2020", "cofinancé par la DAECT"),
        ("month", "le 4 novembre 2016", "prévu en 2026"),
        ("link", "www.cncd.fr", "un groupe WhatsApp"),
        ("count", "6 webinaires", "des webinaires"),
    ],
)
def test_evidence_of_an_attribute(attribute: str, shown: str, not_shown: str) -> None:
    assert EVIDENCE[attribute](shown)
    assert not EVIDENCE[attribute](not_shown)


def test_attributes_never_shown() -> None:
    assert unshown("quelle est la population de la ville ?", "La ville compte des habitants.")
    assert unshown("son adresse email ?", "x@example.org") == ["contact"]
    assert unshown("qui finance le projet ?", "La DAECT.") == []


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("le 3eme regroupement terress c quel mois exactement", "mois"),
        ("What is the exact venue in Bordeaux for the World Social Economy Forum?", "venue"),
        ("c koi le num de tel de khalid chihani", "e-mail"),
        ("dijon chefchaouen cb de financement prevu en 2022", "euros"),
    ],
)
def test_a_gap_is_said_not_another_answer(eng: Answerer, question: str, said: str) -> None:
    ans = eng.answer(question, None, DAY)
    assert not ans.found
    assert ans.intent == "gap"
    assert said in plain_text(ans.html)


def test_what_is_shown_stays_found(eng: Answerer) -> None:
    ans = eng.answer("Combien de webinaires dans COOP'R ?", None, DAY)
    assert ans.found and "10" in plain_text(ans.html)


@pytest.mark.parametrize(
    "question",
    [
        "le projet terr'eau de l airf il commence qd",
        "Which Senegalese councils are in the AIRF's Terr'Eau project?",
    ],
)
def test_an_unknown_project_name_is_not_answered_with_another_record(
    eng: Answerer, question: str
) -> None:
    ans = eng.answer(question, None, DAY)
    assert not ans.found and ans.intent == "not_found"
    assert eng.intents_of(question, None, DAY) == ("unknown_project",)


@pytest.mark.parametrize(
    "question", ["le projet Terr-ESS", "the Dijon-Chefchaouen project", "projet coopr"]
)
def test_known_names_next_to_project_are_answered(eng: Answerer, question: str) -> None:
    assert eng.answer(question, None, DAY).found


def test_a_person_asked_by_role_in_a_long_polite_question(eng: Answerer) -> None:
    q = (
        "Bonsoir, qui est le conseiller diplomatique cité à propos de l'atelier de juillet "
        "2017 ? Bonne soirée et merci."
    )
    assert "Gauthier" in plain_text(eng.answer(q, None, DAY).html)


def test_demonyms_of_the_data_vote_for_a_language(eng: Answerer) -> None:
    assert eng.answer("membres camerounais", None, DAY).lang == "fr"
    assert eng.answer("cameroonian members", None, DAY).lang == "en"


def test_a_city_of_the_vocabulary_gives_its_country_time(eng: Answerer) -> None:
    ans = eng.answer("décalage horaire Cotonou Paris", None, DAY)
    assert ans.found and "Bénin" in plain_text(ans.html)
    assert eng.intents_of("décalage horaire Cotonou Paris", None, DAY) == ("timezone",)
