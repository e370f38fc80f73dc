"""After an event's feedback prompt ("💬 a comment?"), the person's next plain message in that
private chat within 30 minutes is the comment: confirmed, with a button to withdraw it (issue 15).
"""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from tests.conftest import ALICE, started
from tests.polls.conftest import EVE, seed_roster, settle
from tests.polls.test_e2e_feedback import end, make_event


async def test_a_plain_message_after_the_prompt_is_the_comment(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    event = await make_event(roster)
    await end(roster, clock, sandbox)
    await settle(roster, sandbox)
    assert [m for m in sandbox.sent_messages(EVE) if "Un commentaire" in m.get("text", "")]
    after = sandbox.mark()
    await sandbox.send_text(EVE, "Bien, mais un peu long")  # not a reply to the prompt
    taken = await sandbox.wait_for_message(EVE, after=after)
    assert "commentaire est enregistré" in taken["text"] and "un peu long" in taken["text"]
    (withdraw,) = [b for row in taken["reply_markup"]["inline_keyboard"] for b in row]
    comments = await roster.polls.repo.comments(event.id)
    assert [(c.user_id, c.text) for c in comments] == [(EVE, "Bien, mais un peu long")]
    # only the next message: the one after is not a comment
    await sandbox.send_text(EVE, "Et quand est le prochain ?")
    await settle(roster, sandbox)
    assert len(await roster.polls.repo.comments(event.id)) == 1
    # withdrawn with its button
    await sandbox.press_button(EVE, taken, withdraw["callback_data"])
    gone = await sandbox.wait_for_message(
        EVE, include_edits=True, after=after, predicate=lambda m: "retiré" in m["text"]
    )
    assert gone["message_id"] == taken["message_id"]
    assert await roster.polls.repo.comments(event.id) == []
    # more than 30 minutes after the prompt, a plain message is a plain message again
    clock.advance(timedelta(minutes=31))
    await sandbox.send_text(ALICE, "Merci pour le webinaire")
    await settle(roster, sandbox)
    assert await roster.polls.repo.comments(event.id) == []


async def test_the_awaited_comment_survives_a_restart(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await seed_roster(services, sandbox)
        event = await make_event(services)
        await end(services, clock, sandbox)
        await settle(services, sandbox)
    async with started(settings, clock) as services:
        after = sandbox.mark()
        await sandbox.send_text(EVE, "Très clair")
        taken = await sandbox.wait_for_message(EVE, after=after)
        assert "commentaire est enregistré" in taken["text"]
        comments = await services.polls.repo.comments(event.id)
        assert [(c.user_id, c.text) for c in comments] == [(EVE, "Très clair")]
