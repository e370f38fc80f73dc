"""Polls: the full Poll object PTB 22.8 requires, votes as updates, stopPoll."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import telegram

from bot.sandbox import Sandbox, SandboxError

from .support import ALICE, BOB, CAROL, GROUP, TOKEN, make_bot


async def test_send_and_stop_a_poll(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE, BOB])
    message = await bot.send_poll(
        GROUP,
        "Date de la réunion ?",
        ["Lundi", "Mardi", "Jeudi"],
        is_anonymous=False,
        allows_multiple_answers=True,
    )
    poll = message.poll
    assert poll is not None
    assert [o.text for o in poll.options] == ["Lundi", "Mardi", "Jeudi"]
    assert len({o.persistent_id for o in poll.options}) == 3
    assert (poll.is_closed, poll.is_anonymous, poll.type, poll.allows_multiple_answers) == (
        False,
        False,
        "regular",
        True,
    )
    assert poll.allows_revoting is True and poll.members_only is False
    stopped = await bot.stop_poll(GROUP, message.message_id)
    assert stopped.is_closed and stopped.id == poll.id
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)poll has already been closed"):
        await bot.stop_poll(GROUP, message.message_id)
    assert sb.sent_messages(GROUP)[0]["poll"]["is_closed"] is True
    with pytest.raises(SandboxError, match="closed"):
        await sb.vote(ALICE, poll.id, [0])


async def test_votes_on_a_public_poll_produce_poll_answers(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE, BOB])
    message = await bot.send_poll(GROUP, "Lieu ?", ["Lille", "Liège"], is_anonymous=False)
    assert message.poll is not None
    poll_id = message.poll.id
    await sb.vote(ALICE, poll_id, [1])
    await sb.vote(BOB, poll_id, [1])
    state = await sb.vote(ALICE, poll_id, [])  # retract
    assert state["total_voter_count"] == 1 and state["options"][1]["voter_count"] == 1
    updates = await bot.get_updates()
    answers = [u.poll_answer for u in updates if u.poll_answer]
    assert [(a.user.id, a.option_ids) for a in answers if a.user] == [
        (ALICE, (1,)),
        (BOB, (1,)),
        (ALICE, ()),
    ]
    assert answers[0].option_persistent_ids == (message.poll.options[1].persistent_id,)
    counts = [u.poll.total_voter_count for u in updates if u.poll]
    assert counts == [1, 2, 1]


async def test_anonymous_poll_only_reports_counts(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE, BOB])
    message = await bot.send_poll(GROUP, "Anonyme ?", ["A", "B"])
    assert message.poll is not None and message.poll.is_anonymous
    await sb.vote(ALICE, message.poll.id, [0])
    (update,) = await bot.get_updates()
    assert update.poll is not None and update.poll_answer is None
    assert [o.voter_count for o in update.poll.options] == [1, 0]
    with pytest.raises(SandboxError, match="only one answer"):
        await sb.vote(BOB, message.poll.id, [0, 1])
    with pytest.raises(SandboxError, match="not a member"):
        await sb.vote(CAROL, message.poll.id, [0])


async def test_quiz_needs_correct_options_and_cannot_be_revoted(
    bot: telegram.Bot, sb: Sandbox
) -> None:
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)wrong correct option ids"):
        await bot.send_poll(ALICE, "Capitale ?", ["Paris", "Lyon"], type="quiz")
    quiz = await bot.send_poll(
        ALICE,
        "Capitale ?",
        ["Paris", "Lyon"],
        type="quiz",
        correct_option_ids=[0],
        explanation="<b>Paris</b>",
        explanation_parse_mode="HTML",
    )
    assert quiz.poll is not None
    assert quiz.poll.correct_option_ids == (0,) and quiz.poll.explanation == "Paris"
    await sb.vote(ALICE, quiz.poll.id, [1])
    with pytest.raises(SandboxError, match="changing a vote"):
        await sb.vote(ALICE, quiz.poll.id, [0])


async def test_poll_validation(bot: telegram.Bot) -> None:
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)more than 12 options"):
        await bot.send_poll(ALICE, "Trop ?", [str(i) for i in range(13)])
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)options length"):
        await bot.send_poll(ALICE, "Long ?", ["x" * 101, "y"])
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)question must be non-empty"):
        await bot.send_poll(ALICE, " ", ["x", "y"])


async def test_polls_close_at_their_close_date() -> None:
    now = [datetime(2026, 5, 4, 10, 0, tzinfo=UTC)]
    async with Sandbox(TOKEN, clock=lambda: now[0]) as sb:
        sb.add_user(ALICE, "Alice")
        async with make_bot(sb) as bot:
            message = await bot.send_poll(ALICE, "Vite ?", ["oui", "non"], open_period=60)
            assert message.poll is not None and message.poll.close_date == now[0] + timedelta(
                seconds=60
            )
            await sb.vote(ALICE, message.poll.id, [0])
            now[0] += timedelta(seconds=61)
            with pytest.raises(SandboxError, match="closed"):
                await sb.vote(ALICE, message.poll.id, [1])
            updates = await bot.get_updates()
            assert [u.poll.is_closed for u in updates if u.poll] == [False, True]
            assert sb.poll(message.poll.id)["is_closed"] is True
