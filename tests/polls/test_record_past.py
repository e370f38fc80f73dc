"""A poll asked and closed before the bot knew of it (the demo's fixture), recorded through
``PollsService.record_past``: the demo seeds no table but through a service's method."""

from __future__ import annotations

from datetime import timedelta

from bot.demo_data import DEMO_OPTIONS, DEMO_QUESTION, seed_poll
from bot.services import Services
from bot.storage.polls import NewPoll
from tests.polls.conftest import GROUP


async def test_a_past_poll_is_closed_with_its_votes(roster: Services) -> None:
    polls = roster.polls
    now = roster.clock.now()
    asked = now - timedelta(days=3)
    votes = [(2001, "A", 0, asked), (2002, "B", 1, asked), (2003, "C", 1, asked)]
    poll_id = await polls.record_past(
        NewPoll(question="Utile ?", options=("Oui", "Non"), project_id="terress"),
        GROUP,
        votes,
        asked,
        asked + timedelta(days=1),
    )
    poll = await polls.get(poll_id)
    assert poll.is_closed and poll.closed_at == asked + timedelta(days=1)
    results = await polls.results(poll_id)
    assert (results.counts, results.voters) == ((1, 2), 3)


async def test_the_demo_seeds_its_poll_once(roster: Services) -> None:
    now = roster.clock.now()
    await seed_poll(roster, now)
    await seed_poll(roster, now)  # there are polls: nothing more
    [poll] = await roster.polls.recent(5)
    assert poll.question == DEMO_QUESTION and poll.options == DEMO_OPTIONS and poll.is_closed
    results = await roster.polls.results(poll.id)
    people = await roster.members.in_projects([poll.project_id or ""], reachable_only=False)
    assert results.voters == sum(1 for m in people if m.role != "coordinator") > 0
