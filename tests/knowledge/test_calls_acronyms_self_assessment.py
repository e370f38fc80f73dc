"""What the tenth project's coordinator (a new project added by following data/README.md)
found: a "video call" is a meeting, not a call for projects; a funder's English acronym
(an alias in capitals, "WFP" for "PAM") is the one shown in English; "until when can members
answer the self-assessment questionnaire?" is about the self-assessment, not the members."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.lexicon import detect_cues
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.textnorm import tokenize

TODAY = date(2026, 1, 15)

TERM = """
[[term]]
id = "pam"
term = "Programme alimentaire mondial"
term_en = "World Food Programme"
acronym = "PAM"
aliases = ["WFP", "World Food Program"]
term_type = "body"
definition.fr = "Agence des Nations unies chargée de l'aide alimentaire."
definition.en = "The United Nations agency for food assistance."
source = ["001_7a5dd49553db473c"]
"""

FUNDER = """
[[project.funders]]
body = "pam"
mention.fr = "Cofinancé à 10 % par le Programme alimentaire mondial."
mention.en = "10% co-financed by the World Food Programme."
source = ["001_7a5dd49553db473c"]
"""


@pytest.fixture(scope="module")
def repo() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


@pytest.fixture(scope="module")
def with_funder(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    data = tmp_path_factory.mktemp("funder") / "data"
    shutil.copytree(default_data_dir(), data)
    glossary = data / "glossary.toml"
    glossary.write_text(glossary.read_text(encoding="utf-8").rstrip() + "\n" + TERM, "utf-8")
    projects = data / "projects.toml"
    # the last project of the file (Terr'ESS) gets the new funder
    projects.write_text(projects.read_text(encoding="utf-8").rstrip() + "\n" + FUNDER, "utf-8")
    return Answerer(load_knowledge(data))


@pytest.mark.parametrize(
    ("question", "call"),
    [
        ("how many people attended the kick-off video call?", False),
        ("is the Zoom call recorded?", False),
        ("which call for projects funds Terr'ESS?", True),
        ("under which call is COOP'R funded?", True),
    ],
)
def test_a_video_call_is_no_call_for_projects(question: str, call: bool) -> None:
    assert ("call" in detect_cues(tokenize(question), "en", question)) is call


def test_the_english_acronym_of_a_funder(with_funder: Answerer) -> None:
    en = plain_text(with_funder.answer("Who funds Terr'ESS?", None, TODAY).html)
    fr = plain_text(with_funder.answer("Qui finance Terr'ESS ?", None, TODAY).html)
    assert "WFP" in en and "PAM" not in en.replace("(", " ").split()
    assert "PAM" in fr


@pytest.mark.parametrize(
    "question",
    [
        "Until when can members answer the COOP'R self-assessment questionnaire?",
        "when did COOP'R members do their self-assessment?",
        "jusqu'à quand les membres peuvent-ils répondre à l'autodiagnostic de COOP'R ?",
    ],
)
def test_when_of_the_self_assessment(repo: Answerer, question: str) -> None:
    a = repo.answer(question, None, TODAY)
    text = plain_text(a.html)
    assert a.intent == "action_type" and ("31 January 2024" in text or "31 janvier 2024" in text)
