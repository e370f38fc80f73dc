"""An amount the records hold is not replaced by a passage that holds the question's words but
no amount ("combien de sous X a donné en <year> pour Y" against a note's "sous-titre"): the
records' figures stay the answer. The partnership, its funder and the year come from the data,
so a coordinator's change keeps the test true."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import plain_text
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.questions import KnowledgeService
from tests.documents.test_passage_values import with_note


def _funded() -> tuple[str, str, int, int]:
    """(funding partner, other partner, year, amount) of a partnership's funding line."""
    kb = load_knowledge(default_data_dir())
    for p in kb.partnerships.values():
        partners = [*p.french_partners, *p.foreign_partners]
        for line in p.funding:
            others = [o for o in partners if o != line.funder_ref and o in kb.organisations]
            if line.year and line.amount_eur and others and line.funder_ref in partners:
                other = kb.organisations[others[0]].name
                return line.funder.get("fr"), other, line.year, line.amount_eur
    pytest.skip("no partnership funded by one of its partners")


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    funder, other, year, _amount = _funded()
    note = (
        f"# Carnet {funder}\n\n## Le sous-titre\n\n"
        f"Le sous-titre du partenariat entre {funder} et {other} a été choisi en {year}, "
        "après un atelier d'écriture : il parle de partage et de confiance.\n"
    )
    async with with_note(tmp_path, "carnet.md", note) as service:
        yield service


async def test_the_records_amount_stays_the_answer(knowledge: KnowledgeService) -> None:
    funder, other, year, amount = _funded()
    answer = await knowledge.reply(f"combien de sous {funder} a donné en {year} pour {other}", "fr")
    text = plain_text(answer.html)
    assert answer.found
    assert f"{amount:,}".replace(",", "\u202f")[-3:] in text
    assert "Carnet" not in text


async def test_the_records_verdict_on_a_claim_stays_the_answer(tmp_path: Path) -> None:
    kb = load_knowledge(default_data_dir())
    project = next((p for p in kb.projects.values() if p.co_financing_rate), None)
    if project is None:
        pytest.skip("no project with a co-financing rate")
    note = (
        f"# Carnet\n\n## Le financement\n\n{project.short_name} est cofinancé par le ministère "
        "français, selon la page du projet, au titre d'un appel à projets.\n"
    )
    claimed = 99 if project.co_financing_rate != 99 else 98
    async with with_note(tmp_path, "carnet.md", note) as service:
        answer = await service.reply(
            f"{project.short_name} est-il cofinancé à {claimed} % par le ministère français ?",
            "fr",
        )
    text = plain_text(answer.html)
    assert text.startswith("Non"), text
    assert "Carnet" not in text
