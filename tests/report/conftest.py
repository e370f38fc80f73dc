"""Fixtures of the activity report tests."""

from __future__ import annotations

import pytest

from bot.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Pacing lifted: the emulator enforces no flood limit here (as in the polls tests)."""
    return settings.model_copy(
        update={
            "delivery": settings.delivery.model_copy(
                update={
                    "overall_per_second": 1000.0,
                    "per_chat_per_second": 1000.0,
                    "per_group_per_minute": 60000.0,
                }
            )
        }
    )
