"""A member matched by its name, asked what the records do not show: its role in a project
("quel est le rôle de X dans P ?", answered by the records with its membership alone) or a
value of its pilot ("the X pilot, how much did it cost for each young person?", answered by
its card without an amount): a coordinator's note telling it is quoted after the records.
The member and its project come from the data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import plain_text
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.questions import KnowledgeService
from tests.documents.test_passage_values import with_note


def _member() -> tuple[str, str]:
    """(organisation name, project short name) of a member."""
    kb = load_knowledge(default_data_dir())
    for o in sorted(kb.organisations.values(), key=lambda o: o.id):
        if o.projects:
            return o.name, kb.projects[o.projects[0]].short_name
    pytest.skip("no member")


def _note(org: str, project: str) -> str:
    return (
        f"# Lettre de {project}\n\n"
        f"## Le rôle de {org}\n\n"
        f"Dans {project}, {org} met à disposition deux formateurs de son réseau pour chaque "
        "regroupement technique et relit les plans locaux des autres membres.\n\n"
        f"## Le pilote de {org}\n\n"
        f"Le pilote de {org} a coûté 138 000 €, soit 1 150 € par jeune formé.\n"
    )


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    org, project = _member()
    async with with_note(tmp_path, "lettre.md", _note(org, project)) as service:
        yield service


async def test_a_members_role_in_a_project_is_told_by_the_note(
    knowledge: KnowledgeService,
) -> None:
    org, project = _member()
    answer = await knowledge.reply(f"Quel est le rôle de {org} dans {project} ?", "fr")
    text = plain_text(answer.html)
    assert answer.found
    assert "formateurs" in text


async def test_a_yes_no_membership_question_stays_the_records_answer(
    knowledge: KnowledgeService,
) -> None:
    org, project = _member()
    answer = await knowledge.reply(f"{org} est-il membre de {project} ?", "fr")
    assert "formateurs" not in plain_text(answer.html)


async def test_a_value_of_a_members_pilot_is_told_by_the_note(
    knowledge: KnowledgeService,
) -> None:
    org, _project = _member()
    answer = await knowledge.reply(
        f"Le pilote de {org}, combien a-t-il coûté pour chaque jeune formé ?", "fr"
    )
    text = plain_text(answer.html)
    assert answer.found
    assert "1 150" in text.replace("\u202f", " ").replace("\xa0", " ")
