"""Fixtures of the activity report tests."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.roster import unpaced


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Pacing lifted: the emulator enforces no flood limit here (as in the polls tests)."""
    return unpaced(settings)
