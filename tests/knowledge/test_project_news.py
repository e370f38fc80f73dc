"""A project's news (``[[project.news]]``, data/README.md) are answered: "quoi de neuf sur X ?",
"any news about X?", "les dernières actualités", latest first, three at most, each with its
date when it has one; a project without news is said to have none; "quoi de neuf ?" alone
covers every project. What comes next points to /prochain (/next). A question that only says
"news" about an action ("which action shares news…") is not asked for news."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load_knowledge
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)

NEWS = """
[[project.news]]
title.fr = "Le premier webinaire a réuni <64> agents"
title.en = "The first webinar brought <64> officers together"
summary.fr = "Une note sur les coopératives & les marchés."
summary.en = "A note on cooperatives & markets."
date = "2025-06-10"
source = ["001_7a5dd49553db473c"]

[[project.news]]
title.fr = "Une plus ancienne"
title.en = "An older one"
summary.fr = "Rien de neuf."
summary.en = "Nothing new."
date = "2025-01"
source = ["001_7a5dd49553db473c"]

[[project.news]]
title.fr = "La plus récente"
title.en = "The latest one"
summary.fr = "Le comité de pilotage a validé le plan."
summary.en = "The steering committee approved the plan."
date = "2025-12-02"
source = ["001_7a5dd49553db473c"]
"""


@pytest.fixture(scope="module")
def repo() -> Answerer:
    return Answerer(load_knowledge(Path(__file__).resolve().parents[2] / "data"))


@pytest.fixture(scope="module")
def more_news(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    import shutil

    from bot.knowledge.loader import default_data_dir

    data = tmp_path_factory.mktemp("news") / "data"
    shutil.copytree(default_data_dir(), data)
    projects = data / "projects.toml"
    # the last project of the file (Terr'ESS) gets three more news, in no order
    projects.write_text(projects.read_text(encoding="utf-8").rstrip() + "\n" + NEWS, "utf-8")
    return Answerer(load_knowledge(data))


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quoi de neuf pour Terr'ESS ?", "fr"),
        ("Quelles sont les dernières actualités du projet Terr'ESS ?", "fr"),
        ("Any news about Terr'ESS?", "en"),
        ("What's new in Terr'ESS?", "en"),
    ],
)
def test_a_projects_news_is_answered(repo: Answerer, question: str, lang: str) -> None:
    a = repo.answer(question, None, TODAY)
    text = plain_text(a.html)
    assert a.intent == "news" and a.found and a.lang == lang
    assert ("Lancement du projet" if lang == "fr" else "Launch of the Terr'ESS") in text
    assert ("/prochain" if lang == "fr" else "/next") in text


def test_a_project_without_news_says_so(repo: Answerer) -> None:
    a = repo.answer("What's the latest on COOP'R?", None, TODAY)
    assert a.intent == "news"
    assert "No news is recorded for COOP'R." in plain_text(a.html)


def test_news_of_every_project_when_none_is_named(repo: Answerer) -> None:
    text = plain_text(repo.answer("quoi de neuf ?", None, TODAY).html)
    # the project with news first, those without in one line after
    assert text.index("Actualités de Terr'ESS") < text.index("Aucune actualité")
    assert "pour COOP'R" in text


def test_latest_first_three_at_most_dated_and_escaped(more_news: Answerer) -> None:
    a = more_news.answer("Quoi de neuf sur Terr'ESS ?", None, TODAY)
    text = plain_text(a.html)
    first, second = text.index("La plus récente (2 décembre 2025)"), text.index("(10 juin 2025)")
    assert first < second < text.index("Une plus ancienne (janvier 2025)")
    # four news: the undated launch comes after the dated ones, so it is left out
    assert "Lancement du projet" not in text
    assert "&lt;64&gt;" in a.html and "&amp; les marchés" in a.html


def test_news_in_an_actions_description_is_not_a_news_question(repo: Answerer) -> None:
    a = repo.answer("Quelle action partage l'actualité des collectivités ?", None, TODAY)
    assert a.intent != "news"
