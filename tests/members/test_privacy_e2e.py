"""/mydata, /forget, and people who blocked the bot."""

from __future__ import annotations

import json

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.outbox import OutboxItem
from tests.conftest import ALICE, COORDINATOR, GROUP
from tests.members.support import ask, buttons, press


async def test_mydata_sends_everything_stored_as_json(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/fuseau Dakar")
    await sandbox.wait_for_message(ALICE)
    await services.members.set_projects(ALICE, ["coopr"])
    await sandbox.send_text(ALICE, "/mesdonnees")
    sent = await sandbox.wait_for_message(ALICE)
    document = sent["document"]
    assert document["file_name"] == f"coopbot-{ALICE}.json"
    data = json.loads(sandbox.file_bytes(document["file_id"]))
    profile = data["members"]["profile"]
    assert (profile["user_id"], profile["username"], profile["timezone"]) == (
        ALICE,
        "alice",
        "Africa/Dakar",
    )
    assert data["members"]["projects"] == ["coopr"]
    # Never in a group.
    await sandbox.send_text(ALICE, "/mydata", chat_id=GROUP)
    pointer = await sandbox.wait_for_message(GROUP)
    assert "document" not in pointer and "Dakar" not in pointer["text"]


async def test_forget_after_confirmation_leaves_only_a_count(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start")
    msg = await sandbox.wait_for_message(ALICE)
    await press(sandbox, ALICE, msg, "ob:lang:en")
    await sandbox.send_text(COORDINATOR, "/start")  # a coordinator who can be written to
    await sandbox.wait_for_message(COORDINATOR)
    await services.members.claim_focal_point(ALICE, "acal")
    await services.delivery.wait_idle()
    claims = "SELECT COUNT(*) FROM outbox WHERE kind = 'members.notice' AND payload LIKE '%Alice%'"
    assert await services.db.fetchval(claims) >= 1  # the coordinators were told, naming her
    await sandbox.send_text(ALICE, "/forget")
    confirm = await sandbox.wait_for_message(ALICE)
    assert buttons(confirm) == ["priv:forget:yes", "priv:forget:no"]
    done = await press(sandbox, ALICE, confirm, "priv:forget:no")
    assert "nothing was deleted" in done["text"]
    assert await services.members.get(ALICE) is not None
    await services.delivery.enqueue(
        [OutboxItem("notice", "test:1", ALICE, {"method": "sendMessage", "text": "Alice"})]
    )
    await services.delivery.wait_idle()
    await sandbox.send_text(ALICE, "/oubli")
    confirm = await sandbox.wait_for_message(ALICE, predicate=lambda m: "reply_markup" in m)
    done = await press(sandbox, ALICE, confirm, "priv:forget:yes")
    # The messages sent to her (their texts and her id) go too, and so does her claim told to
    # the coordinators (it named her).
    assert (
        await services.db.fetchval("SELECT COUNT(*) FROM outbox WHERE chat_id = ?", (ALICE,)) == 0
    )
    naming = "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%Alice%' OR ref LIKE ?"
    assert await services.db.fetchval(naming, (f"%:{ALICE}:%",)) == 0
    assert "I deleted everything" in done["text"]  # in the language she had chosen
    assert await services.members.get(ALICE) is None
    for table in ("members", "member_projects", "onboarding", "group_sightings"):
        count = await services.db.fetchval(
            f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (ALICE,)
        )
        assert count == 0
    assert await services.members.repo.forgotten_counts() == {"2026-11": 1}
    assert await services.members.pending_claims() == []
    # Writing again starts from scratch.
    assert "Bonjour Alice" in await ask(sandbox, ALICE, "/start")


async def test_someone_who_blocked_the_bot_is_unreachable_and_not_retried(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start")
    await sandbox.wait_for_message(ALICE)
    sandbox.block_bot(ALICE)
    await sandbox.send_text(COORDINATOR, "/aide")  # updates are handled in order
    await sandbox.wait_for_messages(COORDINATOR, 2)  # /aide: everyone's part, then theirs
    member = await services.members.get(ALICE)
    assert member is not None and not member.reachable
    assert ALICE not in [m.user_id for m in await services.members.repo.in_projects()]
    # Something already queued for her is tried once and never again.
    await services.delivery.enqueue(
        [OutboxItem("test", "x", ALICE, {"method": "sendMessage", "text": "Rappel"})]
    )
    await services.delivery.wait_idle()
    [row] = await services.delivery.repo.rows("test", "x")
    assert (row["state"], row["attempts"]) == ("unreachable", 1)
    # Writing to the bot again makes her reachable.
    sandbox.unblock_bot(ALICE)
    await sandbox.send_text(ALICE, "/moi")
    await sandbox.wait_for_message(ALICE)
    member = await services.members.get(ALICE)
    assert member is not None and member.reachable
