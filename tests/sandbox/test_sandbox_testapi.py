"""The test API itself: waiting, events, encodings, long polling rules, HTTP routes, CLI."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
import telegram

from bot.sandbox import Sandbox, SandboxClient, SandboxError, WaitTimeout
from bot.sandbox.methods import METHODS, BotApi, MethodSpec
from bot.sandbox.params import Params

from .support import ALICE, BOB, GROUP, TOKEN, make_bot

REPO = Path(__file__).resolve().parents[2]


async def test_waits_read_the_chat_in_order(bot: telegram.Bot, sb: Sandbox) -> None:
    await bot.send_message(ALICE, "ancien")  # before any user action: ignored by waits
    await sb.send_text(ALICE, "/start")
    await bot.send_message(ALICE, "r1")
    await bot.send_message(BOB, "ailleurs")
    await bot.send_message(ALICE, "r2")
    assert (await sb.wait_for_message(ALICE))["text"] == "r1"
    assert (await sb.wait_for_message(ALICE))["text"] == "r2"
    await sb.send_text(ALICE, "/help")
    pending = asyncio.create_task(sb.wait_for_messages(ALICE, 2))
    await asyncio.sleep(0.01)
    assert not pending.done()
    await bot.send_message(ALICE, "h1")
    await bot.send_message(ALICE, "h2")
    assert [m["text"] for m in await pending] == ["h1", "h2"]
    mark = sb.mark()
    await bot.send_message(ALICE, "x")
    await bot.send_message(ALICE, "y")
    found = await sb.wait_for_message(ALICE, after=mark, predicate=lambda m: m["text"] == "y")
    assert found["text"] == "y"
    everything = await sb.wait_for_messages(ALICE, 3, after=0, timeout=0.1)
    assert [m["text"] for m in everything] == ["ancien", "r1", "r2"]


async def test_waiting_for_edits(bot: telegram.Bot, sb: Sandbox) -> None:
    sent = await bot.send_message(ALICE, "v1")
    mark = sb.mark()
    await bot.edit_message_text("v2", ALICE, sent.message_id)
    with pytest.raises(WaitTimeout):
        await sb.wait_for_message(ALICE, after=mark, timeout=0.05)
    edited = await sb.wait_for_message(ALICE, after=mark, include_edits=True)
    assert (edited["message_id"], edited["text"]) == (sent.message_id, "v2")


async def test_wait_timeout_explains_what_happened(bot: telegram.Bot, sb: Sandbox) -> None:
    await sb.send_text(ALICE, "/start")
    await bot.send_message(ALICE, "bienvenue")
    with pytest.raises(telegram.error.BadRequest):
        await bot.send_message(ALICE, "<b>oups", parse_mode="HTML")
    await sb.wait_for_message(ALICE)
    with pytest.raises(WaitTimeout) as caught:
        await sb.wait_for_message(ALICE, timeout=0.05)
    text = str(caught.value)
    assert "'bienvenue' (before the wait position)" in text
    assert "sendMessage" in text and "can't parse entities" in text
    await sb.expect_no_message(ALICE, within=0.05)
    await bot.send_message(ALICE, "encore")
    with pytest.raises(AssertionError, match="unexpected bot message"):
        await sb.expect_no_message(ALICE, within=0.05)


async def test_subscribe_streams_bot_events(bot: telegram.Bot, sb: Sandbox) -> None:
    queue = sb.subscribe()
    sent = await bot.send_message(
        ALICE,
        "un",
        reply_markup=telegram.InlineKeyboardMarkup.from_button(
            telegram.InlineKeyboardButton("ok", callback_data="ok")
        ),
    )
    await bot.edit_message_text("deux", ALICE, sent.message_id, reply_markup=sent.reply_markup)
    query_id = await sb.press_button(ALICE, (ALICE, sent.message_id), "ok")
    await bot.answer_callback_query(query_id, "vu")
    await bot.delete_message(ALICE, sent.message_id)
    events = [queue.get_nowait() for _ in range(queue.qsize())]
    assert [(e.kind, e.chat_id) for e in events] == [
        ("message", ALICE),
        ("edited", ALICE),
        ("callback_answer", ALICE),
        ("deleted", ALICE),
    ]
    assert events[1].message is not None and events[1].message["text"] == "deux"
    assert events[2].data is not None and events[2].data["text"] == "vu"
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    sb.unsubscribe(queue)
    await bot.send_message(ALICE, "trois")
    assert queue.empty()


async def test_parameter_encodings(sb: Sandbox) -> None:
    url = f"{sb.api_base_url}{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/sendMessage", json={"chat_id": ALICE, "text": "json", "reply_markup": markup}
        ) as r:
            body = await r.json()
            assert body["ok"] and body["result"]["reply_markup"] == markup
        form = {"chat_id": str(ALICE), "text": "form", "reply_markup": json.dumps(markup)}
        async with session.post(f"{url}/sendmessage", data=form) as r:
            assert (await r.json())["result"]["text"] == "form"
        async with session.get(
            f"{url}/sendMessage", params={"chat_id": ALICE, "text": "query"}
        ) as r:
            assert (await r.json())["result"]["text"] == "query"
        data = aiohttp.FormData()
        data.add_field("chat_id", str(ALICE))
        data.add_field("document", b"%PDF", filename="a.pdf", content_type="application/pdf")
        async with session.post(f"{url}/sendDocument", data=data) as r:
            document = (await r.json())["result"]["document"]
            assert (document["file_name"], document["mime_type"]) == ("a.pdf", "application/pdf")
        async with session.post(f"{url}/sendMessage", data={"chat_id": "abc", "text": "x"}) as r:
            assert (r.status, await r.json()) == (
                400,
                {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
            )
        async with session.post(
            f"{url}/getMe", data="{", headers={"Content-Type": "application/json"}
        ) as r:
            assert r.status == 400
        async with session.get(f"{sb.base_url}/favicon.ico") as r:
            assert (r.status, (await r.json())["description"]) == (404, "Not Found")
        async with session.post(f"{url}/nothing") as r:
            assert (r.status, await r.json()) == (
                404,
                {"ok": False, "error_code": 404, "description": "Not Found"},
            )
    assert [c.params["chat_id"] for c in sb.calls("sendMessage")] == [ALICE, ALICE, ALICE, "abc"]


async def test_get_updates_rules(bot: telegram.Bot, sb: Sandbox) -> None:
    sb.add_group(GROUP, "Coop", members=[ALICE])
    await sb.send_text(ALICE, "a")
    await sb.send_text(ALICE, "b")
    await sb.send_text(ALICE, "c")
    last = await bot.get_updates(offset=-1)
    assert [u.message.text for u in last if u.message] == ["c"]
    assert len(await bot.get_updates(limit=2)) == 2
    # allowed_updates is remembered and filters updates created afterwards
    await bot.get_updates(offset=last[0].update_id + 1, allowed_updates=["callback_query"])
    await sb.send_text(ALICE, "ignoré")
    assert await bot.get_updates() == ()
    await bot.get_updates(allowed_updates=[])  # back to the default set
    await sb.send_text(ALICE, "vu")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["vu"]
    # drop_pending_updates
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert sb.pending_updates() == []
    # a second getUpdates terminates the first one
    calls_so_far = len(sb.calls())
    first = asyncio.create_task(bot.get_updates(timeout=60))  # ended by the second at once
    await sb.wait_for_call("getUpdates", after_call=calls_so_far, finished=False)
    second = asyncio.create_task(bot.get_updates(timeout=0.1))
    with pytest.raises(telegram.error.Conflict, match="terminated by other getUpdates"):
        await first
    assert await second == ()
    # and a webhook forbids getUpdates
    assert await bot.set_webhook("https://coop.example/hook")
    with pytest.raises(telegram.error.Conflict, match="webhook is active"):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "https://coop.example/hook"


async def test_emulator_bugs_are_loud(monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(api: BotApi, params: Params) -> None:
        raise RuntimeError("oops")

    monkeypatch.setitem(METHODS, "sendmessage", MethodSpec("sendMessage", broken))
    with pytest.raises(SandboxError, match="internal error") as caught:
        async with Sandbox(TOKEN) as sb:
            sb.add_user(ALICE, "Alice")
            async with make_bot(sb) as bot:
                with pytest.raises(telegram.error.NetworkError, match="sandbox bug"):
                    await bot.send_message(ALICE, "x")
            assert sb.calls("sendMessage")[0].status == 500
    assert isinstance(caught.value.__cause__, RuntimeError)


async def test_http_test_api(sb: Sandbox) -> None:
    base = f"{sb.base_url}/_sandbox"

    async def act(session: aiohttp.ClientSession, action: str, **body: object) -> object:
        async with session.post(f"{base}/{action}", json=body) as response:
            payload = await response.json()
            assert response.status == 200, payload
            return payload["result"]

    async with aiohttp.ClientSession() as session, make_bot(sb) as bot:
        await act(session, "add_user", user_id=500, first_name="Eve", username="eve")
        await act(session, "send_text", user_id=500, text="/start")
        (update,) = await bot.get_updates()
        assert update.message is not None and update.message.text == "/start"
        keyboard = telegram.InlineKeyboardMarkup.from_button(
            telegram.InlineKeyboardButton("Go", callback_data="go")
        )
        sent = await bot.send_message(500, "Prêt ?", reply_markup=keyboard)
        waited = await act(session, "wait_for_message", chat_id=500, timeout=1)
        assert waited["text"] == "Prêt ?"  # type: ignore[index]
        query_id = await act(
            session,
            "press_button",
            user_id=500,
            chat_id=500,
            message_id=sent.message_id,
            button="go",
        )
        poll = await bot.send_poll(500, "?", ["a", "b"], is_anonymous=False)
        assert poll.poll is not None
        await act(session, "vote", user_id=500, poll_id=poll.poll.id, option_ids=[1])
        updates = await bot.get_updates(offset=update.update_id + 1)
        assert updates[0].callback_query is not None and updates[0].callback_query.id == query_id
        assert updates[1].poll_answer is not None and updates[1].poll_answer.option_ids == (1,)
        messages = await act(session, "sent_messages", chat_id=500)
        assert [m.get("text") for m in messages] == ["Prêt ?", None]  # type: ignore[union-attr]
        await act(session, "inject_fault", method="sendMessage", kind="retry_after", seconds=2)
        with pytest.raises(telegram.error.RetryAfter):
            await bot.send_message(500, "x")
        calls = await act(session, "calls", method="sendMessage")
        assert [c["status"] for c in calls] == [200, 429]  # type: ignore[index]
        document = await act(
            session,
            "send_document",
            user_id=500,
            filename="a.txt",
            data_base64=base64.b64encode(b"abc").decode(),
        )
        file_id = document["document"]["file_id"]  # type: ignore[index]
        async with session.get(f"{base}/files/{file_id}") as response:
            assert await response.read() == b"abc"
        async with session.get(f"{base}/sent_messages", params={"chat_id": "500"}) as response:
            assert len((await response.json())["result"]) == 2
        async with session.post(
            f"{base}/wait_for_message", json={"chat_id": 500, "timeout": 0.05}
        ) as response:
            assert response.status == 408
        async with session.post(
            f"{base}/press_button",
            json={"user_id": 500, "chat_id": 500, "message_id": sent.message_id, "button": "nope"},
        ) as response:
            assert response.status == 400 and "no button" in (await response.json())["error"]
        async with session.get(f"{base}/nope") as response:
            assert response.status == 404 and "send_text" in (await response.json())["actions"]


async def test_standalone_server(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--port",
        "0",
        "--token",
        "42:XYZ",
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        urls: dict[str, str] = {}
        while "test API" not in urls:
            line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode()
            assert line, "the sandbox exited early"
            if line.startswith("  "):
                key, _, value = line.strip().partition(": ")
                urls[key] = value.strip()
        assert urls["api_base_url"].endswith("/bot")
        bot = telegram.Bot(
            "42:XYZ", base_url=urls["api_base_url"], base_file_url=urls["file_base_url"]
        )
        api = urls["test API"].removesuffix("/_sandbox/<action>")
        async with bot, SandboxClient(api) as client:
            assert (await bot.get_me()).id == 42
            await client.add_user(7, "Gaëlle")
            await client.send_document(7, "notes.txt", b"ordre du jour", caption="/ajouter")
            (update,) = await bot.get_updates()
            assert update.message is not None and update.message.caption == "/ajouter"
            assert update.message.document is not None
            file_id = update.message.document.file_id
            assert await client.file_bytes(file_id) == b"ordre du jour"
            button = telegram.InlineKeyboardButton("Annuler", callback_data="cancel")
            await bot.send_message(
                7, "Reçu", reply_markup=telegram.InlineKeyboardMarkup.from_button(button)
            )
            reply = await client.wait_for_message(7, timeout=2)
            assert reply["text"] == "Reçu"
            query_id = await client.press_button(7, reply, "Annuler")
            (press,) = await bot.get_updates(offset=update.update_id + 1)
            assert press.callback_query is not None and press.callback_query.id == query_id
            with pytest.raises(WaitTimeout):
                await client.wait_for_message(7, timeout=0.05)
            with pytest.raises(SandboxError, match="unknown user"):
                await client.send_text(8, "qui ?")
    finally:
        process.terminate()
        await process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                await stream.read()
