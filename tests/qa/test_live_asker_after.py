"""The asker named only in a sentence after the one that asks who ("... who has confirmed for
tomorrow's webinar. I need the names for the report.") says why they ask: the question is who
answered the event, not what the asker answered."""

from __future__ import annotations

import pytest

from bot.knowledge.live import recognise


@pytest.mark.parametrize(
    "question",
    [
        "Kindly advise who has confirmed attendance for tomorrow evening's webinar. "
        "I need the names for the funder's report.",
        "Qui a confirmé pour la visio de demain ? J'ai besoin des noms pour mon rapport.",
    ],
)
def test_who_answered_with_a_reason_after(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "attendance", found


@pytest.mark.parametrize(
    "question",
    ["Did I confirm for tomorrow's webinar?", "Ai-je confirmé pour la visio de demain ?"],
)
def test_my_own_answer_is_still_mine(question: str) -> None:
    found = recognise(question)
    assert found is not None and found.intent == "rsvp", found
