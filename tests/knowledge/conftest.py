from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase, Organisation, Project

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(REPO_DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the data directory."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def member_with_compatriots(
    kb: KnowledgeBase, how_many: int | None = None, at_least: int = 1
) -> tuple[Project, Organisation]:
    """A (project, member) whose project counts ``how_many`` members (or at least
    ``at_least``) in that member's country."""
    for p in kb.projects.values():
        for o in kb.organisations.values():
            if p.id not in o.projects:
                continue
            n = sum(
                1
                for x in kb.organisations.values()
                if p.id in x.projects and x.country == o.country
            )
            if (how_many is None and n >= at_least) or n == how_many:
                return p, o
    raise LookupError("no such member in the data")
