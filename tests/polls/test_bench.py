"""The polls benchmark, small: it runs end to end and finds nothing lost nor duplicated (its
timings are only reported, never checked here)."""

from __future__ import annotations

from bench.polls import plan, run


def test_the_plan_changes_and_retracts_only_given_answers() -> None:
    votes = plan(members=50, polls=4, answers=200, seed=1)
    assert len(votes) == 200
    seen: set[tuple[int, int]] = set()
    for member, poll, options in votes:
        if not options or (member, poll) in seen:
            assert (member, poll) in seen  # a change or retraction follows an answer
        seen.add((member, poll))
    assert sum(1 for _, _, options in votes if not options) == 4
    assert {m for m, p, _ in votes if p == 0} == set(range(50))  # poll 0 is the largest


async def test_small_run_loses_and_duplicates_nothing() -> None:
    line = await run(members=60, polls=3, answers=150, groups=2, seed_value=3)
    assert line.startswith("polls: stored 150/150, lost 0, duplicated 0, ")
