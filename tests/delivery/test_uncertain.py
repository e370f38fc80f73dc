"""Uncertain deliveries: Telegram delivered the message but the bot never got the answer.

The emulator really stores and shows the message, then withholds its answer until the client's
read timeout (kept short here) or drops the connection. What the engine does next is the
delivery policy of the message's kind (``NO_ANSWER_POLICY``): send once more and risk a
duplicate, or record the row ``uncertain`` and risk a miss.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import NetworkError, TimedOut

from bot.delivery import (
    DEFAULT_NO_ANSWER,
    NO_ANSWER_POLICY,
    NoAnswer,
    SentMessage,
    no_answer_policy,
    retry_kinds,
    unanswered,
)
from bot.sandbox import Fault, Sandbox
from bot.storage.outbox import OutboxRow, Outcome
from tests.delivery.conftest import GROUP, USERS, Engine, text

REPO = Path(__file__).resolve().parents[2]
READ_TIMEOUT = 0.2  # a withheld answer costs this much


def reminder(chat_id: int, ref: str = "event:1:1h") -> Any:
    return text(chat_id, ref=ref, body="Rappel : réunion dans 1 h", kind="reminder")


def announcement(chat_id: int, ref: str = "broadcast:1") -> Any:
    return text(chat_id, ref=ref, body="Appel à contributions", kind="broadcast")


def texts(sandbox: Sandbox, chat_id: int) -> list[str]:
    return [m["text"] for m in sandbox.sent_messages(chat_id)]


def hooked(engine: Engine, kind: str) -> list[tuple[OutboxRow, SentMessage]]:
    seen: list[tuple[OutboxRow, SentMessage]] = []

    async def sent(row: OutboxRow, message: SentMessage) -> None:
        seen.append((row, message))

    engine.delivery.on_sent(kind, sent)
    return seen


# -- the policy table ---------------------------------------------------------------------------


def test_the_policy_per_kind() -> None:
    assert no_answer_policy("broadcast") is NoAnswer.RECORD_UNCERTAIN
    assert no_answer_policy("poll_results") is NoAnswer.RECORD_UNCERTAIN
    assert no_answer_policy("forms.reminder") is NoAnswer.RECORD_UNCERTAIN
    retried = {"reminder", "event", "poll", "nudge", "feedback", "members.notice", "exchange"}
    for kind in retried:
        assert no_answer_policy(kind) is NoAnswer.RETRY_ONCE, kind
    assert no_answer_policy("something new") is DEFAULT_NO_ANSWER is NoAnswer.RECORD_UNCERTAIN
    assert retry_kinds() == retried


def test_every_kind_the_bot_enqueues_has_an_explicit_policy() -> None:
    """A new kind of outbox message must choose between a duplicate and a miss."""
    literal = re.compile(
        r"""(?:OutboxItem|self\._items)\(\s*["']([\w.]+)["']"""  # OutboxItem("poll", ...)
        r"""|^KIND = ["']([\w.]+)["']""",  # KIND = "broadcast"
        re.MULTILINE,
    )
    found: set[str] = set()
    for path in [*(REPO / "bot").rglob("*.py"), *(REPO / "handlers").rglob("*.py")]:
        if "sandbox" not in path.parts:
            for call, constant in literal.findall(path.read_text(encoding="utf-8")):
                found.add(call or constant)
    assert {"broadcast", "reminder", "event", "poll", "nudge", "feedback"} <= found
    assert found <= set(NO_ANSWER_POLICY), found - set(NO_ANSWER_POLICY)


def _raised(exc: NetworkError, cause: BaseException | None) -> NetworkError:
    try:
        raise exc from cause
    except NetworkError as caught:
        return caught


def test_which_errors_mean_no_answer() -> None:
    request = httpx.Request("POST", "http://telegram.invalid/botX/sendMessage")
    read = httpx.ReadTimeout("read", request=request)
    assert unanswered(_raised(TimedOut(), read)) == "timeout"
    assert unanswered(_raised(TimedOut(), None)) == "timeout"
    dropped = httpx.RemoteProtocolError("Server disconnected", request=request)
    assert unanswered(_raised(NetworkError("x"), dropped)) == "connection lost: RemoteProtocolError"
    reset = httpx.ReadError("reset", request=request)
    assert unanswered(_raised(NetworkError("x"), reset)) == "connection lost: ReadError"
    # The request never reached Telegram: certainly not delivered, retried like any error.
    for never_sent in (
        httpx.ConnectError("refused", request=request),
        httpx.ConnectTimeout("connect", request=request),
        httpx.PoolTimeout("pool", request=request),
        httpx.WriteError("pipe", request=request),
    ):
        exc = TimedOut() if isinstance(never_sent, httpx.TimeoutException) else NetworkError("x")
        assert unanswered(_raised(exc, never_sent)) is None, never_sent
    # Telegram answered (500, 502): it did not send it.
    assert unanswered(_raised(NetworkError("Bad Gateway"), None)) is None


# -- through the emulator -----------------------------------------------------------------------


@pytest.mark.parametrize("drop", [False, True], ids=["withheld", "dropped"])
async def test_an_announcement_without_answer_is_recorded_uncertain_and_never_resent(
    engine_factory: Callable[..., Any], sandbox: Sandbox, drop: bool
) -> None:
    lost = sandbox.inject_fault("sendMessage", Fault.lost_answer(drop=drop), chat_id=USERS[0])
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        sent = hooked(engine, "broadcast")
        await engine.send([announcement(u) for u in USERS[:3]])
        rows = await engine.rows("broadcast:1", "broadcast")
    assert lost.hits == 1
    # Telegram delivered it: the recipient has it, once.
    assert texts(sandbox, USERS[0]) == ["Appel à contributions"]
    row = rows[USERS[0]]
    assert row["state"] == "uncertain" and row["unanswered"] == 1
    assert row["error"] == ("connection lost: RemoteProtocolError" if drop else "timeout")
    assert row["message_id"] is None  # the bot never learnt it
    assert len(engine.calls_to(USERS[0])) == 1  # never resent
    assert all(rows[u]["state"] == "sent" and rows[u]["unanswered"] == 0 for u in USERS[1:3])
    assert sorted(r.chat_id for r, _ in sent) == USERS[1:3]


async def test_an_announcement_timing_out_before_telegram_sent_it_is_a_miss(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.timeout(), chat_id=USERS[0])
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        await engine.send([announcement(USERS[0])])
        row = (await engine.rows("broadcast:1", "broadcast"))[USERS[0]]
    assert row["state"] == "uncertain" and row["error"] == "timeout"
    assert texts(sandbox, USERS[0]) == []  # the price of never sending twice


@pytest.mark.parametrize("drop", [False, True], ids=["withheld", "dropped"])
async def test_a_reminder_without_answer_is_sent_once_more_a_duplicate(
    engine_factory: Callable[..., Any], sandbox: Sandbox, drop: bool
) -> None:
    sandbox.inject_fault("sendMessage", Fault.lost_answer(drop=drop), chat_id=USERS[0])
    sandbox.inject_fault("sendMessage", Fault.lost_answer(drop=drop), chat_id=GROUP)
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        sent = hooked(engine, "reminder")
        await engine.send([reminder(USERS[0]), reminder(GROUP), reminder(USERS[1])])
        rows = await engine.rows("event:1:1h", "reminder")
    for chat in (USERS[0], GROUP):
        copies = sandbox.sent_messages(chat)
        assert [m["text"] for m in copies] == ["Rappel : réunion dans 1 h"] * 2  # the duplicate
        row = rows[chat]
        assert row["state"] == "sent" and row["unanswered"] == 1 and row["attempts"] == 2
        assert row["message_id"] == copies[1]["message_id"]  # the copy the bot knows
        assert row["error"]  # the trace of the lost answer
    assert texts(sandbox, USERS[1]) == ["Rappel : réunion dans 1 h"]
    assert sorted(r.chat_id for r, _ in sent) == sorted([USERS[0], USERS[1], GROUP])


async def test_a_reminder_timing_out_before_telegram_sent_it_still_arrives_once(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.timeout(), chat_id=USERS[0])
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        await engine.send([reminder(USERS[0])])
        row = (await engine.rows("event:1:1h", "reminder"))[USERS[0]]
    assert texts(sandbox, USERS[0]) == ["Rappel : réunion dans 1 h"]
    assert row["state"] == "sent" and row["unanswered"] == 1 and row["error"] == "timeout"


async def test_a_reminder_is_retried_once_only(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.lost_answer(), times=None, chat_id=USERS[0])
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        await engine.send([reminder(USERS[0])])
        row = (await engine.rows("event:1:1h", "reminder"))[USERS[0]]
    assert row["state"] == "uncertain" and row["unanswered"] == 2
    assert len(engine.calls_to(USERS[0])) == 2
    assert len(sandbox.sent_messages(USERS[0])) == 2  # at most one duplicate, never more


async def test_lost_answers_among_many_sends(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    """The benchmarks' fault at a higher rate: the counts add up, kind by kind."""
    withheld, dropped = sandbox.lose_answers(0.2, dropped=0.75, seed=11)
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        await engine.send([announcement(u) for u in USERS] + [reminder(u) for u in USERS])
        announced = await engine.rows("broadcast:1", "broadcast")
        reminded = await engine.rows("event:1:1h", "reminder")
    lost = withheld.hits + dropped.hits
    assert lost >= 5 and withheld.hits and dropped.hits
    received = {u: sandbox.sent_messages(u) for u in USERS}
    for user in USERS:
        copies = [m["text"] for m in received[user]]
        assert copies.count("Appel à contributions") == 1  # never twice, never missed here
        assert 1 <= copies.count("Rappel : réunion dans 1 h") <= 2
        assert announced[user]["state"] in ("sent", "uncertain")
        assert reminded[user]["state"] in ("sent", "uncertain")
    uncertain = sum(r["state"] == "uncertain" for r in announced.values())
    duplicates = sum(
        [m["text"] for m in received[u]].count("Rappel : réunion dans 1 h") - 1 for u in USERS
    )
    retried = sum(r["unanswered"] for r in reminded.values())
    resent = sum(r["unanswered"] >= 1 for r in reminded.values())
    assert uncertain + retried == lost  # every lost answer is accounted for
    assert duplicates == resent  # each reminder sent once more after a lost answer


# -- across a restart ---------------------------------------------------------------------------


async def test_a_reminder_waiting_for_its_retry_survives_a_restart_and_is_retried_once(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.lost_answer(drop=True), chat_id=USERS[0])
    # A long retry delay: the engine stops while the retry waits.
    async with engine_factory(read_timeout=READ_TIMEOUT, retry_base=60.0) as engine:
        await engine.delivery.enqueue([reminder(USERS[0])])
        await sandbox.wait_for_call("sendMessage", predicate=lambda c: c.answer_lost)
    async with engine_factory(start=False) as engine:
        row = (await engine.rows("event:1:1h", "reminder"))[USERS[0]]
        assert row["state"] == "pending" and row["unanswered"] == 1  # not lost, remembered
        # The retry's answer is lost too: a restart does not grant a second retry.
        sandbox.inject_fault("sendMessage", Fault.lost_answer(drop=True), chat_id=USERS[0])
        await engine.delivery.start()
        await engine.delivery.wait_idle()
        row = (await engine.rows("event:1:1h", "reminder"))[USERS[0]]
    assert row["state"] == "uncertain" and row["unanswered"] == 2
    assert len(sandbox.sent_messages(USERS[0])) == 2
    assert len(engine.calls_to(USERS[0])) == 2


async def test_after_a_restart_uncertain_announcements_stay_unsent_and_the_rest_goes(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.lost_answer(drop=True), chat_id=USERS[0])
    async with engine_factory(read_timeout=READ_TIMEOUT) as engine:
        await engine.send([announcement(USERS[0])])
    async with engine_factory(start=False) as engine:
        # The rest of the announcement, queued while the bot was stopped.
        await engine.repo.enqueue(
            [announcement(u) for u in USERS[1:4]], engine.delivery.clock.now()
        )
        await engine.delivery.start()
        await engine.delivery.wait_idle()
        rows = await engine.rows("broadcast:1", "broadcast")
    assert rows[USERS[0]]["state"] == "uncertain"
    assert len(engine.calls_to(USERS[0])) == 1
    for user in USERS[:4]:
        assert texts(sandbox, user) == ["Appel à contributions"]
    assert all(rows[u]["state"] == "sent" for u in USERS[1:4])


@pytest.mark.parametrize(
    ("kind", "resent"), [("reminder", True), ("broadcast", False)], ids=["reminder", "broadcast"]
)
async def test_a_crash_between_claim_and_answer_follows_the_policy(
    engine_factory: Callable[..., Any], sandbox: Sandbox, kind: str, resent: bool
) -> None:
    make = reminder if kind == "reminder" else announcement
    ref = "event:1:1h" if kind == "reminder" else "broadcast:1"
    async with engine_factory(start=False) as engine:
        await engine.delivery.enqueue([make(USERS[0]), make(USERS[1])])
        rows = await engine.rows(ref, kind)
        # The process died after claiming both rows: did they go out? Nobody knows. The second
        # had already gone unanswered once before.
        now = engine.delivery.clock.now()
        await engine.repo.record(
            [Outcome(rows[USERS[1]]["id"], "pending", now, error="timeout", unanswered=1)]
        )
        for user in USERS[:2]:
            assert await engine.repo.claim(rows[user]["id"], now)
        await engine.delivery.start()
        await engine.delivery.wait_idle()
        rows = await engine.rows(ref, kind)
    assert rows[USERS[0]]["state"] == ("sent" if resent else "uncertain")
    assert rows[USERS[0]]["error"] == "interrupted" and rows[USERS[0]]["unanswered"] == 1
    assert len(engine.calls_to(USERS[0])) == (1 if resent else 0)
    assert rows[USERS[1]]["state"] == "uncertain" and rows[USERS[1]]["unanswered"] == 2
    assert engine.calls_to(USERS[1]) == []
