from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase

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
