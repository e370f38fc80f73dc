"""A demonym the records' answer holds as its country ("Togolese" answered "in Togo") is read
by that answer: a passage that happens to hold the demonym ("the canteens of the Togolese
members") does not replace the members listed by the records (the tenth project's
coordinator: "Which Togolese local governments are members of X?" got a funding sentence)."""

from __future__ import annotations

import pytest

from bot.knowledge.documents import Passage
from bot.knowledge.markup import Answer
from bot.knowledge.qa_eval import plain_text
from bot.passage_answers import compose
from bot.storage.passages import Hit


def _hit(text: str) -> Hit:
    passage = Passage("note.md", "A note", "", text, 0)
    return Hit(passage, 1.0, (), (), -1.0)


MEMBERS = Answer(
    "Cant'Éco — 2 members in Togo:\n• Kpalimé Municipality\n• Plateaux Regional Council",
    True,
    "en",
    "members",
)


@pytest.mark.parametrize(
    "question",
    [
        "Which Togolese local governments are members of Cant'Eco?",
        "Which Togolese members does Cant'Eco have?",
    ],
)
def test_the_records_members_stand(question: str) -> None:
    text = (
        "The World Food Programme provides 15%, earmarked for the canteens of the Nigerien "
        "and Togolese members. The member local governments contribute 25%."
    )
    assert compose(question, MEMBERS, [_hit(text)]) is None


def test_a_word_the_reply_does_not_start_still_calls_for_the_passage() -> None:
    static = Answer("Cant'Éco — 2 members in Togo.", True, "en", "members")
    question = "Which Togolese members run pilot canteens in Cant'Eco?"
    text = "The Togolese members run pilot canteens in Cant'Eco: Kpalimé and Plateaux."
    ans = compose(question, static, [_hit(text)])
    assert ans is not None and "pilot canteens" in plain_text(ans.html)
