"""A coordinator's note that tells what the records' fields do not: a question about a record
read from its fields ("What did <partner> do for <project>?", "who designed the <term>
module") gets the passage holding every word of it, those the fields' answer leaves
unexplained included; a claim of a number is answered by the passage giving the real one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.i18n import plain_text
from bot.questions import KnowledgeService
from tests.documents.test_passage_values import with_note

NOTE = """# Terr'ESS letter

## The Souss-Massa visit

During the Terr'ESS visit, the Ouarzazate Water Board (OWB) lent three engineers to the
members and opened its pumping station, so that they could see how cooperatives share the
water of the oasis.

## Origins

The Souss-Massa cooperatives network was born in 2019. After two dry years, the oasis
communes asked the region to share the water of the wells more fairly, and the network grew
from their meetings.

## Training

Between March and June, 57 cooperative facilitators were trained by the members; the
Agadir Institute of Cooperation (AIC) designed the training module.
"""


@pytest.fixture
async def knowledge(tmp_path) -> AsyncIterator[KnowledgeService]:  # type: ignore[no-untyped-def]
    async with with_note(tmp_path, "terress-letter.md", NOTE) as service:
        yield service


async def test_what_a_partner_did_is_the_passage(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("What did the OWB do for Terr'ESS?", "en")
    text = plain_text(answer.html)
    assert answer.found and answer.intent == "document", text
    assert "three engineers" in text


async def test_who_designed_a_module_is_the_passage(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("Who designed the Terr'ESS training module?", "en")
    text = plain_text(answer.html)
    assert answer.found and "Agadir Institute of Cooperation" in text, text


async def test_a_claimed_number_gets_the_real_one_and_no(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply(
        "I heard 200 cooperative facilitators were trained in Terr'ESS, correct?", "en"
    )
    text = plain_text(answer.html)
    assert text.startswith("No"), text
    assert "57 cooperative facilitators" in text


async def test_the_same_number_is_not_denied(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply(
        "I heard 57 cooperative facilitators were trained in Terr'ESS, correct?", "en"
    )
    text = plain_text(answer.html)
    assert not text.startswith("No"), text
    assert "57 cooperative facilitators" in text


async def test_why_a_network_was_launched_is_the_narrative(knowledge: KnowledgeService) -> None:
    answer = await knowledge.reply("Why was the Souss-Massa cooperatives network launched?", "en")
    text = plain_text(answer.html)
    assert answer.found and "dry years" in text, text
