"""Injected faults and flood limits, as PTB sees them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import telegram

from bot.sandbox import ApiError, Fault, FloodLimits, Sandbox, SandboxClient
from bot.sandbox.faults import FaultPlan
from bot.sandbox.flood import FloodControl
from tests.withheld import PATIENCE, PatientRequest

from .support import ALICE, BOB, GROUP, TOKEN, make_bot


async def test_retry_after_for_the_next_call_only(bot: telegram.Bot, sb: Sandbox) -> None:
    handle = sb.inject_fault("sendMessage", Fault.retry_after(7))
    with pytest.raises(telegram.error.RetryAfter) as caught:
        await bot.send_message(ALICE, "1")
    assert caught.value.retry_after == timedelta(seconds=7)
    assert (await bot.send_message(ALICE, "2")).text == "2"
    assert handle.hits == 1
    failed, succeeded = sb.calls("sendMessage")
    assert (failed.status, failed.parameters, failed.fault) == (
        429,
        {"retry_after": 7},
        "429 Too Many Requests: retry after 7",
    )
    assert succeeded.ok
    assert [m["text"] for m in sb.sent_messages(ALICE)] == ["2"]


async def test_faults_can_target_one_chat(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.inject_fault("sendMessage", Fault.blocked(), chat_id=BOB, times=None)
    assert (await bot.send_message(ALICE, "ok")).text == "ok"
    for _ in range(2):
        with pytest.raises(telegram.error.Forbidden, match=r"(?i)blocked by the user"):
            await bot.send_message(BOB, "non")
    sb.clear_faults()
    assert (await bot.send_message(BOB, "enfin")).text == "enfin"


async def test_kicked_migrated_and_server_errors(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE])
    sb.inject_fault("sendMessage", Fault.kicked())
    with pytest.raises(telegram.error.Forbidden, match=r"(?i)kicked from the group chat"):
        await bot.send_message(GROUP, "x")
    sb.inject_fault("sendMessage", Fault.migrated(-1001111111111))
    with pytest.raises(telegram.error.ChatMigrated) as migrated:
        await bot.send_message(GROUP, "x")
    assert migrated.value.new_chat_id == -1001111111111
    sb.inject_fault(None, Fault.server_error(500))
    with pytest.raises(telegram.error.NetworkError, match="Internal Server Error"):
        await bot.get_me()
    sb.inject_fault("sendPoll", Fault.bad_gateway())
    with pytest.raises(telegram.error.NetworkError, match="Bad Gateway"):
        await bot.send_poll(GROUP, "?", ["a", "b"])
    sb.inject_fault("getChat", Fault.error(400, "Bad Request: custom problem"))
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)custom problem"):
        await bot.get_chat(GROUP)
    assert sb.sent_messages(GROUP) == []


async def test_slow_answer(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.inject_fault("sendMessage", Fault.delay(0.3))
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await bot.send_message(ALICE, "lent")).text == "lent"
    assert loop.time() - started >= 0.3


async def test_timeouts(sb: Sandbox) -> None:
    async with make_bot(sb, read_timeout=0.3) as bot:
        sb.inject_fault("sendMessage", Fault.timeout())
        with pytest.raises(telegram.error.TimedOut):
            await bot.send_message(ALICE, "perdu")
        assert sb.sent_messages(ALICE) == []
        sb.inject_fault("sendMessage", Fault.timeout(processed=True))
        with pytest.raises(telegram.error.TimedOut):
            await bot.send_message(ALICE, "envoyé quand même")
        assert [m["text"] for m in sb.sent_messages(ALICE)] == ["envoyé quand même"]
        # (an answer that comes: read however long a busy machine takes)
        assert (await bot.send_message(ALICE, "normal", read_timeout=PATIENCE)).text == "normal"


def test_unknown_method_cannot_be_faulted(sb: Sandbox) -> None:
    with pytest.raises(Exception, match="unknown Bot API method"):
        sb.inject_fault("sendTelepathy", Fault.bad_gateway())


def still(sb: Sandbox) -> None:
    """The emulator's flood windows at one instant: a limit is reached by the count of sends,
    never escaped because a busy machine took a second over them (the windows' sliding is
    tested on a fake clock below)."""
    assert sb.flood is not None
    sb.flood._now = lambda: 1000.0


async def test_per_chat_flood_limit() -> None:
    async with Sandbox(TOKEN, flood_limits=FloodLimits()) as sb:
        still(sb)
        sb.add_user(ALICE, "Alice")
        sb.add_user(BOB, "Bob")
        async with make_bot(sb) as bot:
            for index in range(4):  # 1 per second + a burst of 3
                await bot.send_message(ALICE, f"m{index}")
            with pytest.raises(telegram.error.RetryAfter) as caught:
                await bot.send_message(ALICE, "de trop")
            assert caught.value.retry_after == timedelta(seconds=1)
            assert (await bot.send_message(BOB, "autre chat")).text == "autre chat"
        assert sb.flood_rejections == 1
        assert sb.flood is not None and sb.flood.rejections_by_chat == {ALICE: 1}


async def test_group_and_overall_flood_limits() -> None:
    limits = FloodLimits(
        per_chat_per_second=1000, per_group_per_minute=5, overall_per_second=8, burst=0
    )
    async with Sandbox(TOKEN, flood_limits=limits) as sb:
        still(sb)
        sb.add_group(GROUP, "Coop")
        for user_id in range(1, 5):
            sb.add_user(user_id, f"U{user_id}")
        async with make_bot(sb) as bot:
            for index in range(5):
                await bot.send_message(GROUP, f"g{index}")
            with pytest.raises(telegram.error.RetryAfter) as caught:
                await bot.send_message(GROUP, "de trop")
            assert timedelta(seconds=55) <= caught.value.retry_after <= timedelta(seconds=60)
            for user_id in range(1, 4):
                await bot.send_message(user_id, "privé")
            with pytest.raises(telegram.error.RetryAfter):
                await bot.send_message(4, "trop au total")
        assert sb.flood_rejections == 2


def test_sliding_window_with_a_fake_clock() -> None:
    now = [100.0]
    control = FloodControl(FloodLimits(scale=2.0, burst=1), now=lambda: now[0])
    for _ in range(3):  # 1/s x 2 + 1
        control.check(ALICE, is_group=False)
    with pytest.raises(ApiError) as caught:
        control.check(ALICE, is_group=False)
    assert caught.value.error_code == 429 and caught.value.parameters == {"retry_after": 1}
    now[0] += 0.5
    with pytest.raises(ApiError):
        control.check(ALICE, is_group=False)
    now[0] += 0.51
    control.check(ALICE, is_group=False)
    assert control.rejections == 2


def test_paid_sends_have_the_higher_overall_limit() -> None:
    now = [100.0]
    limits = FloodLimits(
        overall_per_second=3, paid_per_second=10, per_chat_per_second=1000, burst=0
    )
    control = FloodControl(limits, now=lambda: now[0])
    for user_id in range(3):
        control.check(user_id, is_group=False)
    with pytest.raises(ApiError):  # the free 3 per second are used up...
        control.check(3, is_group=False)
    for user_id in range(3, 10):  # ...but paid sends go on, up to 10 per second in all
        control.check(user_id, is_group=False, paid=True)
    with pytest.raises(ApiError) as caught:
        control.check(10, is_group=False, paid=True)
    assert caught.value.parameters == {"retry_after": 1}
    now[0] += 1.01
    control.check(10, is_group=False, paid=True)
    control.check(11, is_group=False)
    assert control.rejections == 2


async def test_allow_paid_broadcast_is_accepted_and_lifts_the_overall_limit() -> None:
    limits = FloodLimits(overall_per_second=2, per_chat_per_second=1000, burst=0)
    async with Sandbox(TOKEN, flood_limits=limits) as sb:
        still(sb)
        for user_id in range(1, 9):
            sb.add_user(user_id, f"U{user_id}")
        async with make_bot(sb) as bot:
            for user_id in (1, 2):
                await bot.send_message(user_id, "gratuit")
            with pytest.raises(telegram.error.RetryAfter):
                await bot.send_message(3, "gratuit de trop")
            for user_id in range(3, 9):
                message = await bot.send_message(user_id, "payant", allow_paid_broadcast=True)
                assert message.text == "payant"
        paid = [c for c in sb.calls("sendMessage") if c.params.get("allow_paid_broadcast")]
        assert len(paid) == 6 and all(c.ok for c in paid)
        assert sb.flood_rejections == 1


# -- lost answers: delivered, but the bot never hears of it -------------------------------------


async def test_a_withheld_answer_times_out_although_the_message_was_delivered(
    sb: Sandbox,
) -> None:
    async with make_bot(sb, read_timeout=0.2) as bot:
        handle = sb.inject_fault("sendMessage", Fault.lost_answer())
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(telegram.error.TimedOut):
            await bot.send_message(ALICE, "arrivé quand même")
        assert loop.time() - started < 60  # the client's read timeout, not the fault's hour
        # Telegram stored it and the recipient sees it...
        (message,) = sb.sent_messages(ALICE)
        assert message["text"] == "arrivé quand même"
        assert (await sb.wait_for_message(ALICE, after=0))["message_id"] == message["message_id"]
        # ...and the call log says so (once the emulator saw the client go): applied, answer
        # lost, with the result the bot missed.
        call = await sb.wait_for_call("sendMessage", timeout=30)
        assert call.applied and call.answer_lost and not call.ok
        assert call.status == 499 and call.fault == "lost answer (withheld 3600s)"
        assert call.result["message_id"] == message["message_id"]
        assert call.to_json()["applied"] is True
        assert handle.hits == 1
        assert (await bot.send_message(ALICE, "suivant", read_timeout=PATIENCE)).text == "suivant"
        assert sb.calls("sendMessage")[-1].applied and not sb.calls("sendMessage")[-1].answer_lost


async def test_a_dropped_connection_after_the_message_was_stored(sb: Sandbox) -> None:
    async with make_bot(sb, read_timeout=120.0) as bot:
        sb.inject_fault("sendMessage", Fault.lost_answer(drop=True))
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(telegram.error.NetworkError) as caught:
            await bot.send_message(ALICE, "coupé")
        assert not isinstance(caught.value, telegram.error.TimedOut)
        assert "RemoteProtocolError" in caught.value.message  # no answer at all
        assert loop.time() - started < 60  # at once, not after the read timeout
        assert [m["text"] for m in sb.sent_messages(ALICE)] == ["coupé"]
        (call,) = sb.calls("sendMessage")
        assert call.answer_lost and call.fault == "lost answer (connection dropped)"
        # The next request opens a new connection and is answered.
        assert (await bot.send_message(ALICE, "rétabli")).text == "rétabli"
        assert not sb.internal_errors


async def test_a_lost_answer_never_hides_an_error_and_waits_for_a_call_that_succeeds(
    bot: telegram.Bot, sb: Sandbox
) -> None:
    sb.block_bot(BOB)
    handle = sb.inject_fault("sendMessage", Fault.lost_answer(drop=True))
    with pytest.raises(telegram.error.Forbidden):
        await bot.send_message(BOB, "bloqué")
    assert handle.hits == 0 and handle.active  # not used up by a call that failed anyway
    failed = sb.calls("sendMessage")[-1]
    assert failed.status == 403 and not failed.applied and failed.fault is None
    with pytest.raises(telegram.error.NetworkError):
        await bot.send_message(ALICE, "perdu de vue")
    assert handle.hits == 1 and not handle.active


async def test_answers_lost_with_a_probability(sb: Sandbox) -> None:
    # A withheld answer times out after 0.1 s; an ordinary one is read however long a busy
    # machine takes (with 160 calls, a plain 0.1 s read timeout would one day hit one of them).
    bot = telegram.Bot(TOKEN, base_url=sb.api_base_url, request=PatientRequest(sb, give_up=0.1))
    async with bot:
        withheld, dropped = sb.lose_answers(0.25, dropped=0.75, seed=3)
        answered = lost = 0
        for index in range(80):
            try:
                await bot.send_message(ALICE, f"m{index}")
                answered += 1
            except telegram.error.NetworkError:  # TimedOut or a dropped connection
                lost += 1
            await bot.send_chat_action(ALICE, "typing")  # other methods are never affected
        for call in sb.calls("sendMessage"):  # the emulator saw every timeout
            await sb.wait_for_call("sendMessage", after_call=call.number - 1, timeout=30)
    assert len(sb.sent_messages(ALICE)) == 80  # every message was delivered
    assert lost == withheld.hits + dropped.hits == sum(c.answer_lost for c in sb.calls())
    assert 8 <= lost <= 35 and 0 < withheld.hits < dropped.hits
    assert answered == 80 - lost
    assert all(c.ok for c in sb.calls("sendChatAction"))


def test_a_seeded_probability_repeats_itself() -> None:
    def pattern(seed: int) -> list[bool]:
        plan = FaultPlan()
        plan.add("sendMessage", Fault.lost_answer(), times=None, probability=0.1, seed=seed)
        return [plan.take("sendMessage", ALICE) is not None for _ in range(500)]

    assert pattern(1) == pattern(1) != pattern(2)
    assert 25 <= sum(pattern(1)) <= 80
    with pytest.raises(ValueError, match="between 0 and 1"):
        FaultPlan().add(None, Fault.bad_gateway(), probability=1.5)


async def test_lost_answers_through_the_http_test_api(sb: Sandbox) -> None:
    async with make_bot(sb, read_timeout=0.2) as bot, SandboxClient(sb.base_url) as client:
        await client.call("inject_fault", method="sendMessage", kind="lost_answer", drop=True)
        with pytest.raises(telegram.error.NetworkError):
            await bot.send_message(ALICE, "un")
        await client.call("lose_answers", probability=1.0, dropped=0.0)
        with pytest.raises(telegram.error.TimedOut):
            await bot.send_message(ALICE, "deux")
        calls = await client.call("calls", method="sendMessage")
        assert [(c["applied"], c["ok"]) for c in calls] == [(True, False), (True, False)]
        await client.call("clear_faults")
        await client.call(
            "inject_fault", method="sendMessage", kind="lost_answer", probability=0.0, times=None
        )
        assert (await bot.send_message(ALICE, "trois", read_timeout=PATIENCE)).text == "trois"
    assert [m["text"] for m in sb.sent_messages(ALICE)] == ["un", "deux", "trois"]
