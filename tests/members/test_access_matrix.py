"""The authorisation matrix: every coordinator-only command (and button), tried by a
participant, a focal point, a stranger and an anonymous group admin, in private and in a
linked group, is refused with a clear message and changes nothing in the database."""

from __future__ import annotations

import pytest

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.members.support import buttons, dump

DAVE = 2004  # a stranger: never registered anywhere

COMMANDS = [
    "/promote @bob",
    f"/promouvoir {BOB}",
    "/demote @claire_coord",
    "/retrograder @alice",
    "/linkgroup terress",
    "/liergroupe coopr",
    "/missing coopr",
    "/manquants terress",
    "/unregistered",
    "/noninscrits coopr",
    "/focalpoints pending",
    "/pointsfocaux en_attente",
]

ACTORS = {  # who -> (user id, sends as the anonymous admin of the group, their test group)
    "participant": (BOB, False, -7001),
    "focal point": (ALICE, False, -7002),
    "stranger": (DAVE, False, -7003),
    "anonymous admin": (ALICE, True, -7004),
}
# One linked group per actor: PTB's rate limiter allows 20 messages a minute per group.

REFUSAL = ("réservée aux coordinateurs", "for the project's coordinators only")


@pytest.fixture
async def world(app: CoopApplication, sandbox: Sandbox, services: Services) -> dict[str, object]:
    """Claire (coordinator), Bob (participant), Alice (focal point, group admin), Dave
    (stranger, seen in the groups); each test group is COOP'R's channel; a pending list and a
    link keyboard posted in GROUP by Claire."""
    sandbox.add_user(DAVE, "Dave", username="dave_d", started=False, language_code="fr")
    for user in (COORDINATOR, ALICE, BOB):
        await sandbox.send_text(user, "/start")
        await sandbox.wait_for_message(user)
    await services.members.claim_focal_point(ALICE, "acal")
    for _, _, group in ACTORS.values():
        sandbox.add_group(group, f"G{group}", members=[COORDINATOR, BOB, DAVE], admins=[ALICE])
        await sandbox.send_text(COORDINATOR, "/liergroupe coopr", chat_id=group)
        await sandbox.wait_for_message(group)
        await sandbox.send_text(DAVE, "bonjour", chat_id=group)  # seen before the test
    await sandbox.send_text(COORDINATOR, "/pointsfocaux en_attente", chat_id=GROUP)
    pending = await sandbox.wait_for_message(GROUP)
    await sandbox.send_text(COORDINATOR, "/linkgroup", chat_id=GROUP)
    link = await sandbox.wait_for_message(GROUP)
    assert buttons(pending)[0] == f"fp:ok:{ALICE}:l" and buttons(link)[0] == "grp:link:coopr"
    sandbox.user_joins(GROUP, DAVE)
    return {"pending": pending, "link": link}


async def test_coordinator_only_commands_refused_and_nothing_changes(
    world: dict[str, object], sandbox: Sandbox, services: Services
) -> None:
    before = await dump(services)
    tried = 0
    for where in ("private", "group"):
        for actor, (user_id, anonymous, group) in ACTORS.items():
            if anonymous and where == "private":
                continue  # anonymous admins only exist in groups
            chat_id = group if where == "group" else user_id
            for command in COMMANDS:
                mark = sandbox.mark()
                await sandbox.send_text(
                    user_id,
                    command,
                    chat_id=group if where == "group" else None,
                    sender_chat_id=group if anonymous else None,
                )
                reply = await sandbox.wait_for_message(chat_id, after=mark)
                assert any(r in reply["text"] for r in REFUSAL), (actor, where, command, reply)
                assert not buttons(reply), (actor, where, command)
                if anonymous:
                    assert "anonyme" in reply["text"]
                tried += 1
    assert tried == len(COMMANDS) * 7
    assert await dump(services) == before


async def test_coordinator_only_buttons_refused_and_nothing_changes(
    world: dict[str, object], sandbox: Sandbox, services: Services
) -> None:
    before = await dump(services)
    pending, link = world["pending"], world["link"]
    assert isinstance(pending, dict) and isinstance(link, dict)
    for user_id in (BOB, ALICE, DAVE):
        for message, data in (
            (pending, f"fp:ok:{ALICE}:l"),
            (pending, f"fp:no:{ALICE}:l"),
            (link, "grp:link:terress"),
        ):
            query = await sandbox.press_button(user_id, message, data)
            answer = await sandbox.wait_for_callback_answer(query)
            assert answer["show_alert"] and any(r in answer["text"] for r in REFUSAL)
    await sandbox.expect_no_message(GROUP)
    assert await dump(services) == before


async def test_the_same_commands_do_change_things_for_a_coordinator(
    world: dict[str, object], sandbox: Sandbox, services: Services
) -> None:
    """The matrix could not pass by accident: a coordinator's command is not refused."""
    before = await dump(services)
    await sandbox.send_text(COORDINATOR, "/promote @bob")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert not any(r in reply["text"] for r in REFUSAL)
    assert await dump(services) != before


async def test_a_participant_can_not_touch_someone_else(
    world: dict[str, object], sandbox: Sandbox, services: Services
) -> None:
    """Everything a participant may type or press acts on themselves only."""
    before = await services.members.get(ALICE)
    for command in (
        f"/language en {ALICE}",
        "/timezone Dakar @alice",
        "/start p-terress",
        f"/forget {ALICE}",
        "/me @alice",
    ):
        await sandbox.send_text(BOB, command)
        await sandbox.wait_for_message(BOB)
    assert await services.members.get(ALICE) == before
