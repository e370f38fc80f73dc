"""Shared fixtures of the question-answering tests: one Answerer over the real data/."""

from __future__ import annotations

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.loader import default_data_dir, load_knowledge


@pytest.fixture(scope="session")
def answerer() -> Answerer:
    return Answerer(load_knowledge(default_data_dir()))
