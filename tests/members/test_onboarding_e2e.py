"""Onboarding end to end: /start in private, buttons only, through the emulator."""

from __future__ import annotations

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import RosterRow
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.members.support import buttons, labels, press


async def test_full_onboarding_as_focal_point_confirmed_by_a_coordinator(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/start")  # the coordinator has a private chat
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(ALICE, "/start")
    msg = await sandbox.wait_for_message(ALICE)
    assert "Bonjour Alice" in msg["text"]
    assert buttons(msg) == ["ob:lang:fr", "ob:lang:en", "ob:lang:*skip"]
    msg = await press(sandbox, ALICE, msg, "ob:lang:en")
    assert "Which project" in msg["text"]  # from now on in English
    msg = await press(sandbox, ALICE, msg, "ob:proj:terress")
    assert "✅ Terr'ESS" in labels(msg)
    msg = await press(sandbox, ALICE, msg, "ob:proj:*done")
    msg = await press(sandbox, ALICE, msg, "ob:role:focal_point")
    assert "ob:ctry:cm" in buttons(msg) and "ob:ctry:ma" in buttons(msg)
    msg = await press(sandbox, ALICE, msg, "ob:ctry:cm")
    assert "ob:org:cr-ouest-cameroun" in buttons(msg)
    assert "ob:org:*none" not in buttons(msg)  # a focal point claim needs an organisation
    msg = await press(sandbox, ALICE, msg, "ob:org:cr-ouest-cameroun")
    assert buttons(msg)[0] == "ob:tz:Africa/Douala"  # proposed from the country
    msg = await press(sandbox, ALICE, msg, "ob:tz:Africa/Douala")
    msg = await press(sandbox, ALICE, msg, "ob:cons:yes")
    assert "All set" in msg["text"] and "to be confirmed" in msg["text"]
    assert "10:00 (Douala)" in msg["text"]  # the local time, in the person's zone
    member = await services.members.get(ALICE)
    assert member is not None
    assert member.language == "en" and member.projects == ("terress",)
    assert member.organisation_id == "cr-ouest-cameroun" and member.focal_status == "claimed"
    assert member.timezone == "Africa/Douala" and member.directory_consent

    # The coordinator is told, with buttons; confirming tells Alice, in English.
    notice = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "Alice" in m["text"], timeout=10
    )
    assert buttons(notice) == [f"fp:ok:{ALICE}", f"fp:no:{ALICE}"]
    after = await press(sandbox, COORDINATOR, notice, f"fp:ok:{ALICE}")
    assert "Confirmé" in after["text"] and buttons(after) == []
    told = await sandbox.wait_for_message(
        ALICE, predicate=lambda m: "confirmed" in m["text"], timeout=10
    )
    assert "West Regional Council" in told["text"]
    member = await services.members.get(ALICE)
    assert member is not None and member.focal_status == "confirmed"


async def test_free_text_during_onboarding_is_answered_and_the_flow_goes_on(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(BOB, "/start")
    msg = await sandbox.wait_for_message(BOB)
    msg = await press(sandbox, BOB, msg, "ob:lang:*skip")
    # Bob asks a question instead of pressing a button: it is answered as a question.
    await sandbox.send_text(BOB, "Who funds Terr'ESS?")
    answer = await sandbox.wait_for_message(BOB)
    assert not buttons(answer) or not buttons(answer)[0].startswith("ob:")
    # The buttons of the onboarding still work afterwards.
    msg = await press(sandbox, BOB, msg, "ob:proj:coopr")
    msg = await press(sandbox, BOB, msg, "ob:proj:*done")
    msg = await press(sandbox, BOB, msg, "ob:role:participant")
    msg = await press(sandbox, BOB, msg, "ob:ctry:*skip")  # no country: straight to the zone
    assert buttons(msg)[0] == "ob:tz:Europe/Paris"  # the default zone is proposed
    msg = await press(sandbox, BOB, msg, "ob:tz:*skip")
    msg = await press(sandbox, BOB, msg, "ob:cons:no")
    assert "All set" in msg["text"]
    member = await services.members.get(BOB)
    assert member is not None
    assert (member.language, member.projects, member.role) == (None, ("coopr",), "participant")
    assert member.timezone is None and not member.directory_consent


async def test_deep_link_ticks_the_project_and_start_in_a_group_points_to_it(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start", chat_id=GROUP)
    greeting = await sandbox.wait_for_message(GROUP)
    assert f"https://t.me/{sandbox.bot_username}?start=" in greeting["text"]
    await sandbox.send_text(ALICE, "/start p-terress")
    msg = await sandbox.wait_for_message(ALICE)
    msg = await press(sandbox, ALICE, msg, "ob:lang:fr")
    assert "✅ Terr'ESS" in labels(msg)
    await sandbox.send_text(ALICE, "/start p-nope")  # an unknown project is ignored
    await sandbox.wait_for_message(ALICE)
    member = await services.members.get(ALICE)
    assert member is not None and member.projects == ("terress",)


async def test_me_shows_the_profile_and_each_button_redoes_one_step(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/moi")
    profile = await sandbox.wait_for_message(ALICE)
    assert "Ce que je sais de vous" in profile["text"] and "Alice Kouassi" in profile["text"]
    assert "ob:go:timezone" in buttons(profile)
    msg = await press(sandbox, ALICE, profile, "ob:go:timezone")
    msg = await press(sandbox, ALICE, msg, "ob:tz:Europe/Paris")
    assert "Ce que je sais de vous" in msg["text"] and "Europe/Paris" in msg["text"]
    msg = await press(sandbox, ALICE, msg, "ob:go:role")
    msg = await press(sandbox, ALICE, msg, "ob:role:participant")
    msg = await press(sandbox, ALICE, msg, "ob:ctry:sn")
    msg = await press(sandbox, ALICE, msg, "ob:org:cd-louga")
    assert "Conseil départemental de Louga" in msg["text"]
    member = await services.members.get(ALICE)
    assert member is not None and (member.organisation_id, member.country_id) == ("cd-louga", "sn")
    # /me in a group shows nothing personal.
    await sandbox.send_text(ALICE, "/me", chat_id=GROUP)
    pointer = await sandbox.wait_for_message(GROUP)
    assert "Louga" not in pointer["text"] and "t.me/" in pointer["text"]


async def test_onboarding_survives_a_restart(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    first = build_application(settings, clock=clock)
    async with running(first, poll_timeout=settings.telegram.poll_timeout):
        await sandbox.send_text(ALICE, "/start")
        msg = await sandbox.wait_for_message(ALICE)
        msg = await press(sandbox, ALICE, msg, "ob:lang:en")
        msg = await press(sandbox, ALICE, msg, "ob:proj:*done")
        await sandbox.wait_until_delivered()
    second = build_application(settings, clock=clock)
    async with running(second, poll_timeout=settings.telegram.poll_timeout):
        # A button of the old message still works, and /start resumes where Alice was.
        msg = await press(sandbox, ALICE, msg, "ob:role:participant")
        assert "Which country" in msg["text"]
        await sandbox.send_text(ALICE, "/start")
        resumed = await sandbox.wait_for_message(ALICE)
        assert "ob:ctry:cm" in buttons(resumed)
        await sandbox.wait_until_delivered()


async def test_a_profile_imported_by_a_coordinator_asks_only_for_consent(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    # Everything but the consent came from the coordinator's roster import (language, zone,
    # project, organisation): the first /start asks the one thing only she can answer.
    row = RosterRow(
        ALICE,
        language="fr",
        timezone="Africa/Dakar",
        organisation_id="cd-louga",
        country_id="sn",
        projects=("coopr",),
    )
    await services.members.import_roster([row])
    await sandbox.send_text(ALICE, "/start")
    first = await sandbox.wait_for_message(ALICE)
    assert "Bonjour Alice" in first["text"] and "annuaire" in first["text"]
    assert buttons(first)[:2] == ["ob:cons:yes", "ob:cons:no"]
    done = await press(sandbox, ALICE, first, "ob:cons:yes")
    assert "Conseil départemental de Louga" in done["text"]
    member = await services.members.get(ALICE)
    assert member is not None and member.directory_consent and member.timezone == "Africa/Dakar"
    await sandbox.send_text(ALICE, "/start")  # then, as anyone who finished: the profile
    assert "Re-bonjour" in (await sandbox.wait_for_message(ALICE))["text"]
