"""The members service and repository on a real SQLite file: roles, claims, sightings,
privacy, the onboarding state machine and the directory."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot.onboarding import SKIP
from bot.storage.database import Database
from bot.storage.members import Person, RosterRow
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR
from tests.members.conftest import Roster

GROUP = -5001


async def register(r: Roster, user_id: int, name: str, username: str | None = None) -> None:
    await r.members.seen(Person(user_id, name, None, username, "fr"), private_chat=True)


async def test_touch_writes_only_what_changed(roster: Roster) -> None:
    await register(roster, ALICE, "Alice")
    stamp = await roster.db.fetchval("SELECT updated_at FROM members WHERE user_id = ?", (ALICE,))
    roster.clock.advance(timedelta(hours=1))
    await register(roster, ALICE, "Alice")
    same = await roster.db.fetchval("SELECT updated_at FROM members WHERE user_id = ?", (ALICE,))
    assert same == stamp
    await register(roster, ALICE, "Alice", "alice")
    member = await roster.members.get(ALICE)
    assert member is not None and member.username == "alice"
    # A blocked person who writes again is reachable again.
    await roster.members.mark_unreachable(ALICE)
    await register(roster, ALICE, "Alice", "alice")
    member = await roster.members.get(ALICE)
    assert member is not None and member.reachable


async def test_focal_point_claim_is_announced_to_coordinators_and_confirmed(
    roster: Roster,
) -> None:
    await register(roster, COORDINATOR, "Claire")
    await register(roster, ALICE, "Alice", "alice")
    claimed = await roster.members.claim_focal_point(ALICE, "acal")
    assert (claimed.role, claimed.focal_status, claimed.country_id) == (
        "focal_point",
        "claimed",
        "bj",
    )
    [notice] = roster.sent
    assert notice.chat_id == COORDINATOR and "Alice" in notice.payload["text"]
    data = [
        b["callback_data"] for row in notice.payload["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert data == [f"fp:ok:{ALICE}", f"fp:no:{ALICE}"]
    pending = await roster.members.pending_claims()
    assert [m.user_id for m, _ in pending] == [ALICE]
    assert (await roster.members.confirm_claim(ALICE, COORDINATOR)).status == "done"
    assert (await roster.members.confirm_claim(ALICE, COORDINATOR)).status == "already"
    assert await roster.members.pending_claims() == []
    assert "confirm" in roster.sent[-1].payload["text"]
    # Claiming the same organisation again changes nothing (no downgrade to "claimed").
    again = await roster.members.claim_focal_point(ALICE, "acal")
    assert again.focal_status == "confirmed"
    removed = await roster.members.remove_claim(ALICE, COORDINATOR)
    assert removed.status == "done" and removed.member is not None
    assert (removed.member.role, removed.member.focal_status) == ("participant", None)
    assert (await roster.members.remove_claim(ALICE, COORDINATOR)).status == "not_focal"
    assert (await roster.members.confirm_claim(999, COORDINATOR)).status == "unknown"


async def test_promote_and_demote(roster: Roster) -> None:
    await register(roster, COORDINATOR, "Claire")
    await register(roster, ALICE, "Alice", "alice")
    alice = await roster.members.resolve("@Alice")
    assert alice is not None and alice.user_id == ALICE
    assert await roster.members.resolve(str(ALICE)) == alice
    assert await roster.members.resolve("@nobody") is None
    assert (await roster.members.promote(alice, COORDINATOR)).status == "done"
    assert await roster.members.is_coordinator(ALICE)
    alice = await roster.members.get(ALICE)
    assert alice is not None
    assert (await roster.members.promote(alice, COORDINATOR)).status == "already"
    assert (await roster.members.demote(alice, ALICE)).status == "self"
    claire = await roster.members.get(COORDINATOR)
    assert claire is not None
    assert (await roster.members.demote(claire, ALICE)).status == "settings"
    assert (await roster.members.demote(alice, COORDINATOR)).status == "done"
    assert not await roster.members.is_coordinator(ALICE)
    assert [i.chat_id for i in roster.sent] == [ALICE, ALICE]


async def test_sightings_are_batched_one_write_per_person_and_day(roster: Roster) -> None:
    await roster.members.link_group(GROUP, "G", "group", "coopr", COORDINATOR)
    carol = Person(CAROL, "Carol", None, "carol", "fr")
    await roster.members.saw(GROUP, carol)
    await roster.members.saw(GROUP, carol)
    await roster.members.saw(-999, carol)  # not a linked group: ignored
    assert await roster.db.fetchval("SELECT COUNT(*) FROM group_sightings") == 0  # buffered
    await roster.members.flush_sightings()
    changes = await roster.db.fetchval("SELECT total_changes()")
    await roster.members.saw(GROUP, carol)  # same day: not even buffered
    await roster.members.flush_sightings()
    assert await roster.db.fetchval("SELECT total_changes()") == changes
    roster.clock.advance(timedelta(days=1))
    await roster.members.saw(GROUP, carol)
    [seen] = await roster.members.unregistered([GROUP])
    assert (seen.user_id, seen.first_seen, seen.last_seen) == (CAROL, "2026-11-23", "2026-11-24")
    # Once Carol opens a private chat she is no longer "unregistered".
    await register(roster, CAROL, "Carol")
    assert await roster.members.unregistered([GROUP]) == []


async def test_group_migration_moves_link_and_sightings(roster: Roster) -> None:
    await roster.members.link_group(GROUP, "G", "group", "coopr", COORDINATOR)
    await roster.members.saw(GROUP, Person(CAROL, "Carol"))
    new = -1001234567890
    await roster.members.group_migrated(GROUP, new)
    old_group, new_group = await roster.members.group(GROUP), await roster.members.group(new)
    assert old_group is not None and not old_group.active and old_group.project_id is None
    assert new_group is not None and new_group.project_id == "coopr" and new_group.active
    assert roster.members.is_linked(new) and not roster.members.is_linked(GROUP)
    assert [s.chat_id for s in await roster.members.unregistered([new])] == [new]
    await roster.members.bot_removed(new)
    assert not roster.members.is_linked(new)
    assert [g.chat_id for g in await roster.members.repo.groups()] == []


async def test_forget_deletes_everything_and_keeps_an_anonymous_count(roster: Roster) -> None:
    await register(roster, ALICE, "Alice", "alice")
    await roster.members.set_projects(ALICE, ["coopr", "nonexistent"])
    await roster.members.save_onboarding(ALICE, step="role", mode="flow")
    await roster.members.link_group(GROUP, "G", "group", "coopr", COORDINATOR)
    await roster.members.saw(GROUP, Person(ALICE, "Alice"))
    erased: list[int] = []

    async def erase(user_id: int) -> None:
        erased.append(user_id)

    async def export(user_id: int) -> dict[str, int]:
        return {"votes": 3}

    roster.privacy.register("polls", export=export, erase=erase)
    data = await roster.privacy.export(ALICE)
    members = data["members"]
    assert isinstance(members, dict)
    assert members["projects"] == ["coopr"] and members["profile"]["username"] == "alice"
    assert members["seen_in_groups"][0]["chat_id"] == GROUP
    assert data["polls"] == {"votes": 3}
    assert await roster.privacy.forget(ALICE)
    assert erased == [ALICE]
    for table in ("members", "member_projects", "onboarding", "group_sightings"):
        count = await roster.db.fetchval(
            f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (ALICE,)
        )
        assert count == 0, table
    assert await roster.members.repo.forgotten_counts() == {"2026-11": 1}
    assert not await roster.privacy.forget(ALICE)
    assert await roster.members.repo.forgotten_counts() == {"2026-11": 1}


async def test_every_reference_to_members_says_what_forgetting_does(roster: Roster) -> None:
    """A foreign key to members without ON DELETE would make /forget fail: every feature's
    table must cascade (personal rows) or set null (anonymous counts)."""
    references = await roster.members.repo.references_to_members()
    assert ("member_projects", "user_id", "CASCADE") in references
    assert ("onboarding", "user_id", "CASCADE") in references
    bad = [r for r in references if r[2] not in ("CASCADE", "SET NULL")]
    assert bad == []


async def test_import_is_all_or_nothing(roster: Roster) -> None:
    rows = [
        RosterRow(user_id=7001, first_name="A", projects=("coopr",)),
        RosterRow(user_id=7002, first_name="B", language="de"),  # violates the CHECK
    ]
    with pytest.raises(sqlite3.IntegrityError):
        await roster.members.import_roster(rows)
    assert await roster.db.fetchval("SELECT COUNT(*) FROM members") == 0
    assert await roster.db.fetchval("SELECT COUNT(*) FROM member_projects") == 0
    created, updated = await roster.members.import_roster(rows[:1])
    assert (created, updated) == (1, 0)


async def test_onboarding_skipping_every_step_finishes(roster: Roster) -> None:
    await register(roster, BOB, "Bob")
    screen = await roster.onboarding.start(BOB, "en")
    assert "ob:lang:fr" in [d for row in screen.rows for _, d in row]
    for code in ("lang", "proj", "role", "ctry", "tz", "cons"):
        value = "*done" if code == "proj" else SKIP
        screen = await roster.onboarding.press(BOB, "en", f"ob:{code}:{value}")  # type: ignore[assignment]
        assert screen is not None
    assert "What I know about you" in screen.text
    state = await roster.members.onboarding(BOB)
    assert state is not None and state.completed
    member = await roster.members.get(BOB)
    assert member is not None and member.language is None and member.projects == ()
    # /start again: the profile, not the questions.
    again = await roster.onboarding.start(BOB, "en")
    assert "Welcome back" in again.text


async def test_onboarding_single_step_and_stale_buttons(roster: Roster) -> None:
    await register(roster, BOB, "Bob")
    screen = await roster.onboarding.edit(BOB, "en", "role")
    assert "ob:role:participant" in [d for row in screen.rows for _, d in row]
    screen = await roster.onboarding.press(BOB, "en", "ob:role:participant")  # type: ignore[assignment]
    screen = await roster.onboarding.press(BOB, "en", "ob:ctry:sn")  # type: ignore[assignment]
    data = [d for row in screen.rows for _, d in row]
    assert "ob:org:cd-louga" in data and "ob:org:*none" in data
    screen = await roster.onboarding.press(BOB, "en", "ob:org:cd-louga")  # type: ignore[assignment]
    assert "What I know about you" in screen.text
    member = await roster.members.get(BOB)
    assert member is not None
    assert (member.organisation_id, member.country_id, member.role) == (
        "cd-louga",
        "sn",
        "participant",
    )
    # An old language button pressed later still works and only sets the language.
    assert await roster.onboarding.press(BOB, "en", "ob:lang:fr") is not None
    member = await roster.members.get(BOB)
    assert member is not None and member.language == "fr"
    # Garbage is ignored.
    assert await roster.onboarding.press(BOB, "en", "ob:nope:x") is None
    assert await roster.onboarding.press(BOB, "en", "ob:tz:Mars/Olympus") is not None
    member = await roster.members.get(BOB)
    assert member is not None and member.timezone is None


async def test_directory_lists_consenting_focal_points_and_missing_organisations(
    roster: Roster,
) -> None:
    for uid, name in ((ALICE, "Alice"), (BOB, "Bob")):
        await register(roster, uid, name)
    await roster.members.claim_focal_point(ALICE, "acal")
    await roster.members.claim_focal_point(BOB, "apida")
    await roster.members.set_consent(ALICE, True)  # Bob did not consent
    directory = await roster.directory.directory("coopr")
    assert [
        (e.organisation.id, [m.user_id for m in e.focal_points]) for e in directory.entries
    ] == [("acal", [ALICE])]
    assert directory.without == roster.directory.project_organisation_count("coopr") - 1
    benin = await roster.directory.directory(None, "bj")
    assert [e.organisation.id for e in benin.entries] == ["acal"]
    assert (await roster.directory.directory(None, "sn")).entries == ()
    missing = await roster.directory.missing("coopr")
    ids = [m.organisation.id for orgs in missing.values() for m in orgs]
    assert "acal" not in ids and "apida" not in ids and "gi-mono" in ids
    assert next(iter(missing)) == "bj"  # by country, in the knowledge base's order
    # An imported focal point who never opened a private chat is still "missing".
    await roster.members.import_roster(
        [
            RosterRow(
                user_id=7003,
                first_name="Gi",
                organisation_id="gi-mono",
                country_id="bj",
                role="focal_point",
                focal_status="confirmed",
            )
        ]
    )
    missing = await roster.directory.missing("coopr")
    [gi] = [m for m in missing["bj"] if m.organisation.id == "gi-mono"]
    assert [p.user_id for p in gi.not_started] == [7003]


def test_finders_suggest(roster: Roster) -> None:
    find = roster.directory.find
    assert find.organisations.find("ACAL").record is not None
    assert "COOP'R" in find.projects.find("coper").suggestions
    assert find.organisations.find("Kabadugu").labelled() == ["Conseil régional du Kabadougou"]
    project, country = find.project_and_country("Terr'ESS Côte d'Ivoire")
    assert (project.record and project.record.id, country.record and country.record.id) == (
        "terress",
        "ci",
    )


async def test_database_file_is_reopened_with_its_state(roster: Roster, tmp_path: object) -> None:
    await register(roster, ALICE, "Alice")
    await roster.members.save_onboarding(ALICE, step="timezone", mode="flow", country_id="cm")
    path = roster.db.path
    other = await Database.open(path)
    try:
        row = await other.fetchone(
            "SELECT step, country_id FROM onboarding WHERE user_id = ?", (ALICE,)
        )
        assert row is not None and tuple(row) == ("timezone", "cm")
    finally:
        await other.close()


async def test_a_renamed_group_keeps_its_link(roster: Roster) -> None:
    await roster.members.link_group(GROUP, "Old", "group", "coopr", COORDINATOR)
    await roster.members.group_renamed(GROUP, "New name", "group")
    group = await roster.members.group(GROUP)
    assert group is not None and (group.title, group.project_id, group.active) == (
        "New name",
        "coopr",
        True,
    )
    await roster.members.group_renamed(-42, "Unknown", "group")  # not recorded
    assert await roster.members.group(-42) is None
