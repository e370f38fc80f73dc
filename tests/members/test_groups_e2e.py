"""Group channels: linking, group admins and anonymous admins, removal, migration to a
supergroup, and who is seen in linked groups."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.outbox import OutboxItem
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP
from tests.members.support import ask, buttons

ADMIN_GROUP = -6001  # Alice is an admin there (not a coordinator)
DAVE = 2004  # in the group, never wrote to the bot


async def test_added_then_linked_by_a_coordinator_with_suggestions(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    sandbox.add_group(ADMIN_GROUP, "COOP'R Bénin", members=[COORDINATOR, ALICE], bot_member=False)
    sandbox.add_bot_to_group(ADMIN_GROUP, COORDINATOR)
    hello = await sandbox.wait_for_message(ADMIN_GROUP)
    assert "/liergroupe" in hello["text"] and f"t.me/{sandbox.bot_username}" in hello["text"]
    group = await services.members.group(ADMIN_GROUP)
    assert group is not None and group.active and group.project_id is None

    await sandbox.send_text(COORDINATOR, "/liergroupe coper", chat_id=ADMIN_GROUP)
    reply = await sandbox.wait_for_message(ADMIN_GROUP)
    assert "coper" in reply["text"] and "COOP'R" in reply["text"]
    await sandbox.send_text(COORDINATOR, "/liergroupe coopr", chat_id=ADMIN_GROUP)
    greeting = await sandbox.wait_for_message(ADMIN_GROUP)
    assert "COOP'R" in greeting["text"] and "start=p-coopr" in greeting["text"]
    assert [g.chat_id for g in await services.members.repo.groups("coopr")] == [ADMIN_GROUP]
    await sandbox.send_text(COORDINATOR, "/linkgroup COOP'R", chat_id=ADMIN_GROUP)
    assert "déjà" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]

    # From now on the group is the project's channel for the other features' messages.
    await services.delivery.enqueue(
        [OutboxItem("test", "hello", ADMIN_GROUP, {"method": "sendMessage", "text": "Rappel"})]
    )
    assert (await sandbox.wait_for_message(ADMIN_GROUP))["text"] == "Rappel"

    # /liergroupe in private explains where to use it.
    assert "groupe" in await ask(sandbox, COORDINATOR, "/liergroupe coopr")


async def test_link_with_buttons_only_for_coordinators(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/linkgroup", chat_id=GROUP)
    choice = await sandbox.wait_for_message(GROUP)
    assert buttons(choice) == ["grp:link:coopr", "grp:link:terress"]
    query = await sandbox.press_button(ALICE, choice, "grp:link:terress")  # not a coordinator
    answer = await sandbox.wait_for_callback_answer(query)
    assert answer["show_alert"] and "coordinateurs" in answer["text"]
    assert await services.members.repo.groups("terress") == []
    await sandbox.press_button(COORDINATOR, choice, "grp:link:terress")
    greeting = await sandbox.wait_for_message(GROUP, predicate=lambda m: "Terr'ESS" in m["text"])
    assert "start=p-terress" in greeting["text"]
    assert [g.chat_id for g in await services.members.repo.groups("terress")] == [GROUP]


async def test_group_admins_set_their_group_but_only_coordinators_link_it(
    app: CoopApplication, sandbox: Sandbox, services: Services, clock: FrozenClock
) -> None:
    sandbox.add_group(ADMIN_GROUP, "Admins", members=[COORDINATOR, BOB], admins=[ALICE])
    # Alice, a group admin but not a coordinator, cannot make it a project's channel.
    await sandbox.send_text(ALICE, "/liergroupe coopr", chat_id=ADMIN_GROUP)
    refusal = await sandbox.wait_for_message(ADMIN_GROUP)
    assert "coordinateurs" in refusal["text"]
    assert await services.members.group(ADMIN_GROUP) is None
    # But she can set her group's language (checked once with getChatMember, then cached).
    await sandbox.send_text(ALICE, "/language en", chat_id=ADMIN_GROUP)
    assert "Group language: English" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    await sandbox.send_text(ALICE, "/timezone Dakar", chat_id=ADMIN_GROUP)
    assert "Africa/Dakar" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    checks = [c for c in sandbox.calls("getChatMember") if c.params.get("user_id") == ALICE]
    assert len(checks) == 1
    clock.advance(timedelta(minutes=11))  # the cache expires
    await sandbox.send_text(ALICE, "/langue fr", chat_id=ADMIN_GROUP)
    await sandbox.wait_for_message(ADMIN_GROUP)
    checks = [c for c in sandbox.calls("getChatMember") if c.params.get("user_id") == ALICE]
    assert len(checks) == 2
    group = await services.members.group(ADMIN_GROUP)
    assert group is not None and (group.language, group.timezone) == ("fr", "Africa/Dakar")
    # Bob, a plain member, can't.
    await sandbox.send_text(BOB, "/language en", chat_id=ADMIN_GROUP)
    assert "admins" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]

    # A coordinator links it; the group's admin may unlink it; a member may not.
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=ADMIN_GROUP)
    greeting = await sandbox.wait_for_message(ADMIN_GROUP)
    assert "canal du projet" in greeting["text"]  # in the group's language
    await sandbox.send_text(BOB, "/unlinkgroup", chat_id=ADMIN_GROUP)
    assert "Only this group's admins" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    assert [g.chat_id for g in await services.members.repo.groups("terress")] == [ADMIN_GROUP]
    await sandbox.send_text(ALICE, "/delier", chat_id=ADMIN_GROUP)
    assert "n'est plus" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    assert await services.members.repo.groups("terress") == []


async def test_anonymous_admins(app: CoopApplication, sandbox: Sandbox, services: Services) -> None:
    sandbox.add_group(ADMIN_GROUP, "Anon", members=[COORDINATOR], admins=[ALICE])
    # An anonymous admin can't be known to be a coordinator: refused, with a hint.
    await sandbox.send_text(
        ALICE, "/liergroupe coopr", chat_id=ADMIN_GROUP, sender_chat_id=ADMIN_GROUP
    )
    refusal = await sandbox.wait_for_message(ADMIN_GROUP)
    assert "coordinateurs" in refusal["text"] and "anonyme" in refusal["text"]
    assert await services.members.group(ADMIN_GROUP) is None
    # But an anonymous admin is an admin of the group: group settings and unlinking.
    await sandbox.send_text(ALICE, "/langue en", chat_id=ADMIN_GROUP, sender_chat_id=ADMIN_GROUP)
    assert "English" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    await sandbox.send_text(COORDINATOR, "/liergroupe coopr", chat_id=ADMIN_GROUP)
    await sandbox.wait_for_message(ADMIN_GROUP)
    await sandbox.send_text(ALICE, "/unlinkgroup", chat_id=ADMIN_GROUP, sender_chat_id=ADMIN_GROUP)
    assert "no longer" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    assert not [c for c in sandbox.calls("getChatMember") if c.params.get("user_id") == 1087968824]


async def test_removal_readding_and_migration_keep_records_right(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/liergroupe coopr", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    sandbox.remove_bot_from_group(GROUP, COORDINATOR)
    await sandbox.wait_until_delivered()
    await sandbox.send_text(COORDINATOR, "/aide")  # updates are handled in order
    await sandbox.wait_for_messages(COORDINATOR, 2)  # /aide: everyone's part, then theirs
    assert await services.members.repo.groups("coopr") == []
    sandbox.add_bot_to_group(GROUP, COORDINATOR)
    back = await sandbox.wait_for_message(GROUP)
    assert "COOP'R" in back["text"]
    assert [g.chat_id for g in await services.members.repo.groups("coopr")] == [GROUP]

    sandbox.add_user(DAVE, "Dave", started=False, language_code="fr")
    sandbox.user_joins(GROUP, DAVE)
    new_id = sandbox.migrate_group(GROUP, by_user_id=COORDINATOR)
    await sandbox.send_text(COORDINATOR, "/noninscrits")
    listing = await sandbox.wait_for_message(COORDINATOR)
    assert "Dave" in listing["text"]
    [group] = await services.members.repo.groups("coopr")
    assert group.chat_id == new_id and group.type == "supergroup"
    old = await services.members.group(GROUP)
    assert old is not None and not old.active
    seen = await services.db.fetchall("SELECT chat_id FROM group_sightings")
    assert [tuple(r) for r in seen] == [(new_id,)]
    # The project's messages now reach the supergroup.
    await services.delivery.enqueue(
        [OutboxItem("test", "after", new_id, {"method": "sendMessage", "text": "Annonce"})]
    )
    assert (await sandbox.wait_for_message(new_id))["text"] == "Annonce"


async def test_unregistered_lists_people_seen_without_a_private_chat(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    sandbox.add_user(DAVE, "Dave", username="dave_d", started=False, language_code="fr")
    await sandbox.send_text(ALICE, "/start")  # Alice has a private chat
    await sandbox.wait_for_message(ALICE)
    assert "Aucun groupe" in await ask(sandbox, COORDINATOR, "/noninscrits")
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await sandbox.send_text(ALICE, "Bonjour à tous", chat_id=GROUP)
    await sandbox.send_text(BOB, "Hello", chat_id=GROUP)  # Bob never wrote to the bot
    sandbox.user_joins(GROUP, DAVE)
    sandbox.user_joins(GROUP, CAROL)
    sandbox.user_leaves(GROUP, CAROL)  # gone: not a hint any more
    await sandbox.send_text(COORDINATOR, "/unregistered")
    listing = await sandbox.wait_for_message(COORDINATOR)
    text = listing["text"]
    assert "Bob Smith (@bob)" in text and "Dave (@dave_d)" in text
    assert "Alice" not in text and "Carol" not in text and "Claire" not in text
    assert "lundi 23 novembre 2026" in text and "start=" in text
    # In the group itself, the same list for that group; a project filter works too.
    await sandbox.send_text(COORDINATOR, "/noninscrits terress", chat_id=GROUP)
    assert "Dave" in (await sandbox.wait_for_message(GROUP))["text"]
    assert "Aucun groupe" in await ask(sandbox, COORDINATOR, "/noninscrits coopr")


async def test_the_agenda_speaks_the_group_language(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    """Issue 16: after /langue en in a group, /agenda there stayed French."""
    sandbox.add_group(ADMIN_GROUP, "Admins", members=[COORDINATOR, BOB], admins=[ALICE])
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=ADMIN_GROUP)
    await sandbox.wait_for_message(ADMIN_GROUP)
    await sandbox.send_text(ALICE, "/langue en", chat_id=ADMIN_GROUP)
    assert "Group language: English" in (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    await sandbox.send_text(ALICE, "/agenda", chat_id=ADMIN_GROUP)
    agenda = (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    assert "Project milestones" in agenda or "No upcoming event" in agenda, agenda
    assert "Jalons" not in agenda and "Aucun" not in agenda
    await sandbox.send_text(ALICE, "/prochain", chat_id=ADMIN_GROUP)
    following = (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    assert "Aucun" not in following and "Prochain" not in following, following
    # The coordinator (French) gets /liergroupe's refusal there in the group's language too.
    await sandbox.send_text(COORDINATOR, "/liergroupe nowhere", chat_id=ADMIN_GROUP)
    refused = (await sandbox.wait_for_message(ADMIN_GROUP))["text"]
    assert "nowhere" in refused and "Aucun" not in refused and "projet" not in refused, refused
    # In her private chat, Alice still reads French.
    assert "Jalons" in await ask(sandbox, ALICE, "/agenda")
