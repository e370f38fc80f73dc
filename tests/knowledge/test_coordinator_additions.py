"""What a coordinator adds to the records is answered from them: another funder's share in its
mention, a budget in a project's notes, dated webinars ("next webinar?"), a meeting's
headcount written with another word than the question's ("how many people" against "27
participants"), a building asked where the records give only the city. Each case edits a copy
of ``data/`` as data/README.md says."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)

FUNDER = """
[[project.funders]]
body = "afd"
mention.fr = "Cofinancé à 12 % (36 000 €) par l'AFD."
mention.en = "12% co-financed (€36,000) by AFD."
source = ["001_7a5dd49553db473c"]
"""

WEBINARS = """
[[action.milestones]]
number = 1
title = { fr = "1er webinaire : les coopératives", en = "1st webinar: cooperatives" }
date = "2025-06-10"
place.description = { fr = "en ligne", en = "online" }
guests = [
  { count = 64, who = { fr = "agents et élus connectés", en = "staff and officials connected" } },
]

[[action.milestones]]
number = 2
title = { fr = "2e webinaire : les monnaies locales", en = "2nd webinar: local currencies" }
date = "2026-03-17"
place.description = { fr = "en ligne", en = "online" }

[[action.milestones]]
number = 3
title = { fr = "3e webinaire : les marchés", en = "3rd webinar: markets" }
date = "2025-09-10"
place.description = { fr = "en ligne", en = "online" }
participants = { fr = "87 participants", en = "87 participants" }
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    data = tmp_path_factory.mktemp("coordinator") / "data"
    shutil.copytree(default_data_dir(), data)
    projects = (data / "projects.toml").read_text(encoding="utf-8")
    # the last project (Terr'ESS) gets another funder with its share, and a budget in its notes
    projects = projects.rstrip() + "\n" + FUNDER
    projects = projects.replace(
        'notes.fr = "La page annonce 8 pays',
        'notes.fr = "Budget total de 300 000 €. La page annonce 8 pays',
    ).replace(
        'notes.en = "The page announces 8 countries',
        'notes.en = "Total budget of €300,000. The page announces 8 countries',
    )
    (data / "projects.toml").write_text(projects, encoding="utf-8")
    actions = (data / "actions.toml").read_text(encoding="utf-8")
    # the dated webinars after the last line of Terr'ESS's webinars action (its source)
    start = actions.index('id = "terress-3"')
    end = actions.index("\nsource = ", start)
    end = actions.index("\n", end + 1) + 1
    actions = actions[:end] + "\n" + WEBINARS.lstrip("\n") + actions[end:]
    (data / "actions.toml").write_text(actions, encoding="utf-8")
    meetings = (data / "meetings.toml").read_text(encoding="utf-8")
    meetings = meetings.replace(
        'organisers = ["cap-cooperation", "gpmar"]',
        'organisers = ["cap-cooperation", "gpmar"]\n'
        'participants = { fr = "42 participants venus de toute la région.", '
        'en = "42 participants from all over the region." }',
        1,
    )
    (data / "meetings.toml").write_text(meetings, encoding="utf-8")
    return Answerer(load_knowledge(data))


def reply(answerer: Answerer, question: str) -> tuple[bool, str]:
    ans = answerer.answer(question, None, TODAY)
    return ans.found, plain_text(ans.html)


def test_another_funders_share(answerer: Answerer) -> None:
    found, text = reply(answerer, "What is the share of AFD in the Terr'ESS funding?")
    assert found and "12%" in text, text


def test_a_budget_in_the_notes(answerer: Answerer) -> None:
    found, text = reply(answerer, "Quel est le budget de Terr'ESS ?")
    assert found and "300 000 €" in text, text


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("next Terr'ESS webinar?", "17 March 2026"),
        ("c quand le prochain webinaire de Terr'ESS ?", "17 mars 2026"),
    ],
)
def test_the_next_dated_webinar(answerer: Answerer, question: str, want: str) -> None:
    found, text = reply(answerer, question)
    assert found and want in text, text


@pytest.mark.parametrize(
    "question",
    [
        "hi, how many people connected to the 1st webinar of Terr'ESS?",
        "combien de personnes au 1er webinaire de Terr'ESS ?",
    ],
)
def test_a_webinar_by_its_rank_with_its_headcount(answerer: Answerer, question: str) -> None:
    found, text = reply(answerer, question)
    assert found and "64" in text, text


def test_a_headcount_written_in_a_steps_participants(answerer: Answerer) -> None:
    found, text = reply(answerer, "How many people attended the 3rd webinar of Terr'ESS?")
    assert found and "87" in text, text


def test_a_webinar_by_its_rank_without_a_headcount(answerer: Answerer) -> None:
    found, text = reply(answerer, "How many people attended the 2nd webinar of Terr'ESS?")
    assert not found and "17" in text, text  # its date, and no number of people


def test_people_counted_as_participants(answerer: Answerer) -> None:
    found, text = reply(answerer, "How many people attended the Limoges meeting?")
    assert found and "42" in text, text


def test_a_building_not_held(answerer: Answerer) -> None:
    found, text = reply(answerer, "In which building was the 2nd Terr'ESS gathering held?")
    assert not found and "Bordeaux" in text, text


def test_a_self_assessments_deadline_is_its_questionnaires(tmp_path: Path) -> None:
    from bot.forms.files import forms_dir, read_forms

    forms, _ = read_forms(forms_dir(default_data_dir()), load_knowledge(default_data_dir()))
    form = next(f.form for f in forms.values() if f.form.action is not None)
    kb = load_knowledge(default_data_dir())
    assert kb.deadlines[form.action or ""] == form.deadline
    project = kb.projects[form.project].short_name
    ans = Answerer(kb).answer(f"Deadline for the {project} self-assessment?", None, TODAY)
    text = plain_text(ans.html)
    assert ans.found and str(form.deadline.year) in text and "/selfassessment" in text, text
    # a changed deadline in the file is the one said
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    path = next(p for p in (data / "forms").glob("*.toml") if f'id = "{form.id}"' in p.read_text())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"deadline = {form.deadline}", "deadline = 2031-05-17"), "utf-8")
    kb2 = load_knowledge(data)
    ans2 = Answerer(kb2).answer(f"Deadline for the {project} self-assessment?", None, TODAY)
    assert "17 May 2031" in plain_text(ans2.html), plain_text(ans2.html)
