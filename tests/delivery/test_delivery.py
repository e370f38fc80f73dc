"""The outbox delivery engine, through the emulator: sending, pacing, and every failure."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from bot.sandbox import Fault, Sandbox
from bot.storage.outbox import OutboxItem
from tests.delivery.conftest import GROUP, USERS, Engine, scaled, text

# PTB 22.8 warns inside its own RetryAfter constructor (retry_after becoming a timedelta):
# not our code, and silent outside tests (a DeprecationWarning).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Deprecated since version v22.2.*retry_after:telegram.warnings.PTBDeprecationWarning"
)


async def sent_some(engine: Engine, count: int = 5) -> None:
    """Until ``count`` rows are sent (a slow engine: 40 rows take over a second), however
    long a busy machine takes to get there."""
    deadline = asyncio.get_running_loop().time() + 30
    while len(engine.sent) < count:
        assert asyncio.get_running_loop().time() < deadline, engine.sent
        await asyncio.sleep(0.01)


def gaps(calls: list[Any]) -> list[float]:
    starts = [c.started for c in calls]
    return [b - a for a, b in itertools.pairwise(starts)]


# -- sending ------------------------------------------------------------------------------------


async def test_each_row_is_sent_once_and_its_message_recorded(engine: Engine) -> None:
    added = await engine.send([text(u) for u in USERS] + [text(GROUP)])
    assert added == len(USERS) + 1
    rows = await engine.rows()
    for chat in [*USERS, GROUP]:
        messages = engine.sandbox.sent_messages(chat)
        assert [m["text"] for m in messages] == ["Bonjour"]
        assert rows[chat]["state"] == "sent"
        assert rows[chat]["message_id"] == messages[0]["message_id"]
        assert rows[chat]["attempts"] == 1 and rows[chat]["sent_at"]
    # The hook of the kind saw every message.
    assert sorted(row.chat_id for row, _ in engine.sent) == sorted([*USERS, GROUP])
    assert all(message.text == "Bonjour" for _, message in engine.sent)


async def test_enqueueing_again_never_sends_twice(engine: Engine) -> None:
    items = [text(u) for u in USERS[:5]]
    assert await engine.send(items) == 5
    assert await engine.send(items) == 0  # same (kind, ref, chat): ignored
    assert await engine.send([*items, text(USERS[5])]) == 1
    for user in USERS[:6]:
        assert len(engine.sandbox.sent_messages(user)) == 1


async def test_photos_documents_and_keyboards_are_sent_as_given(
    engine: Engine, sandbox: Sandbox
) -> None:
    photo = await sandbox.send_photo(USERS[0], _png())
    document = await sandbox.send_document(USERS[0], "programme.pdf", b"%PDF-1.4 ...")
    keyboard = {"inline_keyboard": [[{"text": "Oui", "callback_data": "rsvp:yes"}]]}
    await engine.send(
        [
            OutboxItem(
                "test",
                "r1",
                USERS[1],
                {
                    "method": "sendPhoto",
                    "photo": photo["photo"][-1]["file_id"],
                    "caption": "<b>Affiche</b>",
                    "parse_mode": "HTML",
                },
            ),
            OutboxItem(
                "test",
                "r1",
                USERS[2],
                {"method": "sendDocument", "document": document["document"]["file_id"]},
            ),
            OutboxItem(
                "test",
                "r1",
                USERS[3],
                {"method": "sendMessage", "text": "Venez-vous ?", "reply_markup": keyboard},
            ),
        ]
    )
    [sent_photo] = sandbox.sent_messages(USERS[1])
    assert sent_photo["caption"] == "Affiche"
    assert sent_photo["caption_entities"][0]["type"] == "bold"
    [sent_document] = sandbox.sent_messages(USERS[2])
    assert sent_document["document"]["file_id"] == document["document"]["file_id"]
    [question] = sandbox.sent_messages(USERS[3])
    assert question["reply_markup"] == keyboard


# -- pacing -------------------------------------------------------------------------------------


async def test_pacing_keeps_every_limit_so_telegram_never_says_429(
    engine: Engine, sandbox: Sandbox
) -> None:
    # Scaled x10: 300 msg/s overall, 10/s per private chat, 200/min per group.
    items = [text(u) for u in USERS]
    items += [text(USERS[0], ref=f"extra{i}") for i in range(4)]
    items += [text(GROUP, ref=f"extra{i}") for i in range(4)]
    await engine.send(items)
    assert sandbox.flood_rejections == 0
    assert len(sandbox.sent_messages(USERS[0])) == 5
    assert len(sandbox.sent_messages(GROUP)) == 4
    # Spacing per chat, as the engine let the sends go (its own decisions, free of the arrival
    # jitter of a busy machine): never less than the interval of the chat.
    for chat, interval in ((USERS[0], 0.1), (GROUP, 0.3)):
        spacing = [b - a for a, b in itertools.pairwise(engine.pacer.times(chat))]
        assert len(spacing) == (4 if chat == USERS[0] else 3)
        assert min(spacing) >= interval - 1e-9
    sends = sorted(at for _, at in engine.pacer.taken)
    # Never more than the overall rate (+2: one interval of catch-up) in any 0.1 s window.
    for i, start in enumerate(sends):
        assert sum(1 for t in sends[i:] if t < start + 0.1) <= 30 + 2


async def test_a_chat_waiting_does_not_hold_the_others(engine: Engine, sandbox: Sandbox) -> None:
    sandbox.inject_fault("sendMessage", Fault.retry_after(1), chat_id=USERS[0])
    await engine.send([text(u) for u in USERS[:10]])
    first, second = engine.calls_to(USERS[0])
    assert second.started - first.started >= 1.0  # waited what Telegram asked
    # The others went out meanwhile (in the order the engine let the sends go).
    order = [chat for chat, _ in engine.pacer.taken]
    retried = len(order) - 1 - order[::-1].index(USERS[0])
    assert all(order.index(u) < retried for u in USERS[1:10])
    rows = await engine.rows()
    assert rows[USERS[0]]["state"] == "sent"
    assert len(sandbox.sent_messages(USERS[0])) == 1


async def test_in_one_batch_the_groups_go_first(engine: Engine, sandbox: Sandbox) -> None:
    # A group takes a message only every 3 s: queued behind private chats of the same batch,
    # its reminders would end seconds late.
    await engine.send([text(u) for u in USERS[:5]] + [text(GROUP)])
    [(first, _), *_] = engine.pacer.taken  # the order in which the engine let them go
    assert first == GROUP


# -- failures -----------------------------------------------------------------------------------


async def test_429_waits_do_not_use_up_the_attempts(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    # (Telegram says whole seconds; a fraction keeps the test short.)
    too_many = Fault.error(429, "Too Many Requests: retry after 1", {"retry_after": 0.05})
    sandbox.inject_fault("sendMessage", too_many, times=6, chat_id=USERS[0])
    sandbox.inject_fault("sendMessage", too_many, times=None, chat_id=USERS[1])
    async with engine_factory(settings=scaled(max_attempts=3), max_retry_after=8) as engine:
        await engine.send([text(USERS[0]), text(USERS[1])])
        rows = await engine.rows()
    assert rows[USERS[0]]["state"] == "sent"  # 6 waits, yet only 3 attempts allowed
    assert len(engine.calls_to(USERS[0])) == 7
    # A chat that answers 429 forever is given up after max_retry_after waits.
    assert rows[USERS[1]]["state"] == "failed" and rows[USERS[1]]["error"] == "retry_after"
    assert len(engine.calls_to(USERS[1])) == 9


async def test_blocked_and_kicked_are_unreachable_and_never_retried(
    engine: Engine, sandbox: Sandbox
) -> None:
    sandbox.world.user(USERS[0]).blocked_bot = True
    sandbox.remove_bot_from_group(GROUP, USERS[0])
    sandbox.add_user(3999, "Never wrote", started=False)
    await engine.send([text(USERS[0]), text(GROUP), text(3999), text(USERS[1])])
    rows = await engine.rows()
    for chat, reason in (
        (USERS[0], "blocked by the user"),
        (GROUP, "kicked"),
        (3999, "initiate conversation"),
    ):
        assert rows[chat]["state"] == "unreachable", chat
        assert reason in rows[chat]["error"]
        assert len(engine.calls_to(chat)) == 1  # never retried
    assert sorted(engine.unreachable) == sorted([USERS[0], GROUP, 3999])
    assert rows[USERS[1]]["state"] == "sent"
    # An injected 403 (the emulator's fault) is handled the same way.
    sandbox.inject_fault("sendMessage", Fault.blocked(), chat_id=USERS[2])
    await engine.send([text(USERS[2], ref="r2")])
    assert (await engine.rows("r2"))[USERS[2]]["state"] == "unreachable"


async def test_a_group_that_became_a_supergroup_is_followed(
    engine: Engine, sandbox: Sandbox
) -> None:
    new_id = sandbox.migrate_group(GROUP)
    await engine.send([text(GROUP, ref=f"m{i}") for i in range(3)])
    assert engine.migrated == [(GROUP, new_id)]
    assert [m["text"] for m in sandbox.sent_messages(new_id)] == ["Bonjour"] * 3
    for i in range(3):
        row = (await engine.rows(f"m{i}"))[GROUP]
        assert row["state"] == "sent" and row["sent_to"] == new_id
    # Only the first send tried the old id: the rest followed directly.
    assert len(engine.calls_to(GROUP)) == 1


async def test_server_errors_are_retried_with_growing_backoff(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.server_error(500), times=2, chat_id=USERS[0])
    sandbox.inject_fault("sendMessage", Fault.bad_gateway(), times=1, chat_id=USERS[0])
    # Backoff 0.025, 0.05, 0.1 s: longer than the per-chat spacing (0.01 s here).
    fast_chat = scaled(per_chat_per_second=100)
    async with engine_factory(settings=fast_chat, retry_base=0.05) as engine:
        await engine.send([text(USERS[0])])
        rows = await engine.rows()
    calls = engine.calls_to(USERS[0])
    assert [c.status for c in calls] == [500, 500, 502, 200]
    # Exponential backoff, as the engine decided it; and the emulator saw each retry come after
    # its wait at the least.
    backoffs = engine.pacer.waits(USERS[0])
    assert backoffs == pytest.approx([0.025, 0.05, 0.1], abs=0.005)
    assert all(seen >= wait - 0.001 for seen, wait in zip(gaps(calls), backoffs, strict=True))
    assert rows[USERS[0]]["state"] == "sent"
    assert len(sandbox.sent_messages(USERS[0])) == 1


async def test_repeated_server_errors_give_up_after_max_attempts(
    engine: Engine, sandbox: Sandbox
) -> None:
    sandbox.inject_fault("sendMessage", Fault.server_error(503), times=None, chat_id=USERS[0])
    await engine.send([text(USERS[0]), text(USERS[1])])
    rows = await engine.rows()
    assert rows[USERS[0]]["state"] == "failed"
    assert rows[USERS[0]]["error"].startswith("network")
    assert len(engine.calls_to(USERS[0])) == 5  # max_attempts
    assert rows[USERS[1]]["state"] == "sent"


async def test_network_errors_are_retried_then_given_up(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    # Nothing listens on the port: every request fails to connect.
    async with engine_factory(base_url="http://127.0.0.1:9/bot") as engine:
        await engine.send([text(USERS[0])])
        row = (await engine.rows())[USERS[0]]
    assert row["state"] == "failed" and row["error"].startswith("network")
    assert row["attempts"] == 5


# Timeouts and lost answers (uncertain deliveries): see test_uncertain.py.


async def test_other_bad_requests_fail_at_once(engine: Engine, sandbox: Sandbox) -> None:
    await engine.send(
        [
            text(9999999),  # no such chat
            OutboxItem(
                "test",
                "r1",
                USERS[0],
                {"method": "sendMessage", "text": "<b>unclosed", "parse_mode": "HTML"},
            ),
            text(USERS[1]),
        ]
    )
    rows = await engine.rows()
    assert rows[9999999]["state"] == "failed"
    assert "chat not found" in rows[9999999]["error"].lower()
    assert rows[USERS[0]]["state"] == "failed"
    assert rows[USERS[0]]["error"].lower().startswith("bad_request: can't parse entities")
    assert len(engine.calls_to(9999999)) == 1 and len(engine.calls_to(USERS[0])) == 1
    assert rows[USERS[1]]["state"] == "sent"


# -- cancel, stop, crash, resume ----------------------------------------------------------------


async def test_cancelled_rows_are_not_sent(engine_factory: Callable[..., Any]) -> None:
    async with engine_factory(start=False) as engine:
        await engine.delivery.enqueue([text(u) for u in USERS[:5]])
        assert await engine.delivery.cancel("test", "r1") == 5
        await engine.delivery.start()
        await engine.delivery.wait_idle()
        rows = await engine.rows()
    assert {r["state"] for r in rows.values()} == {"cancelled"}
    assert engine.calls_to(USERS[0]) == []


async def test_rows_caught_mid_send_by_a_crash_are_never_resent(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    async with engine_factory(start=False) as engine:
        await engine.delivery.enqueue([text(u) for u in USERS[:4]])
        first = min(r["id"] for r in (await engine.rows()).values())
        # The process died right after claiming a row: it may or may not have gone out.
        assert await engine.repo.claim(first, engine.delivery.clock.now())
        await engine.delivery.start()
        await engine.delivery.wait_idle()
        rows = await engine.rows()
    assert rows[USERS[0]]["state"] == "uncertain" and rows[USERS[0]]["error"] == "interrupted"
    assert engine.calls_to(USERS[0]) == []
    assert all(rows[u]["state"] == "sent" for u in USERS[1:4])


async def test_a_stop_mid_way_leaves_nothing_half_done_and_a_restart_finishes(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    slow = scaled(scale=1)  # 30 msg/s: 40 rows take over a second
    async with engine_factory(settings=slow) as engine:
        await engine.delivery.enqueue([text(u) for u in USERS])
        await sent_some(engine)
    async with engine_factory(start=False) as engine:
        rows = await engine.rows()
        states = [r["state"] for r in rows.values()]
        assert "sending" not in states and "uncertain" not in states
        assert 0 < states.count("sent") < len(USERS)
        await engine.delivery.start()
        await engine.delivery.wait_idle()
        rows = await engine.rows()
    assert {r["state"] for r in rows.values()} == {"sent"}
    for user in USERS:
        assert len(sandbox.sent_messages(user)) == 1


async def test_after_a_crash_nobody_gets_it_twice(
    engine_factory: Callable[..., Any], sandbox: Sandbox
) -> None:
    slow = scaled(scale=1)
    async with engine_factory(settings=slow) as engine:
        await engine.delivery.enqueue([text(u) for u in USERS])
        await sent_some(engine)
        # A crash: the engine and its requests vanish without writing anything more.
        task = engine.delivery._task
        assert task is not None
        task.cancel()
        for flying in list(engine.delivery._in_flight):
            flying.cancel()
        engine.delivery._task = None
        engine.delivery._in_flight.clear()
        engine.delivery._outcomes.clear()
        caught = {chat for chat, r in (await engine.rows()).items() if r["state"] == "sending"}
    # Nothing claimed ahead of its send: each row caught was let go by the engine (but one
    # whose claim was being written).
    assert len(caught - {chat for chat, _ in engine.pacer.taken}) <= 1
    async with engine_factory(settings=slow) as engine:
        await engine.delivery.wait_idle()
        rows = await engine.rows()
    counts = {u: len(sandbox.sent_messages(u)) for u in USERS}
    assert max(counts.values()) == 1  # never twice
    for user in USERS:
        if rows[user]["state"] == "sent":
            assert counts[user] == 1
        else:  # caught mid-send: recorded, never resent
            assert rows[user]["state"] == "uncertain"
    # Exactly the rows claimed when it crashed (how many depends on how fast the machine
    # answers, not on the engine)
    assert {chat for chat, r in rows.items() if r["state"] == "uncertain"} == caught


def _png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BAAwAB/wH+"
        "Wc8PAAAAAElFTkSuQmCC"
    )
