"""Issue 16: a reply fits a phone screen. Long lists come a page at a time (◀︎ n/N ▶︎, the same
message edited), summaries come with a button for the detail, and a misspelt project gets
"did you mean"."""

from __future__ import annotations

from typing import Any

import pytest

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.members import Person
from tests.audit.test_bad_input import coordinator_ready, forge_press
from tests.audit.test_readme_commands import readme_commands
from tests.conftest import ALICE, COORDINATOR
from tests.paging import all_pages, fits, labels, nav


async def press_edit(sandbox: Sandbox, user: int, message: dict[str, Any], data: str) -> Any:
    mark = sandbox.mark()
    query = await sandbox.press_button(user, message, data)
    await sandbox.wait_for_callback_answer(query)
    return await sandbox.wait_for_message(message["chat"]["id"], after=mark, include_edits=True)


async def test_members_without_a_project_asks_which_one(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(ALICE, "/membres")
    question = await sandbox.wait_for_message(ALICE)
    assert fits(question) and "quel projet" in question["text"]
    assert "Sénégal" not in question["text"]  # not both full lists
    assert labels(question) == ["COOP'R", "Terr'ESS"]
    (data,) = [
        b["callback_data"]
        for row in question["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "Terr'ESS"
    ]
    first = await press_edit(sandbox, ALICE, question, data)
    assert first["message_id"] == question["message_id"]  # the question becomes the list
    pages = await all_pages(sandbox, ALICE, first)
    assert len(pages) >= 2 and all(fits(page) for page in pages)
    listed = "\n".join(page["text"] for page in pages)
    for country in ("Bénin", "Cameroun", "Madagascar", "Sénégal", "Arménie"):
        assert country in listed
    assert all(page["text"].startswith("Terr'ESS — 31 membres") for page in pages)
    # Back to the first page.
    back = await press_edit(sandbox, ALICE, pages[-1], nav(pages[-1])["◀︎"])
    assert back["message_id"] == first["message_id"] and "1/" not in back["text"]


async def test_members_of_a_project_are_paged(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, "/membres terress")
    first = await sandbox.wait_for_message(ALICE)
    assert "▶︎" in nav(first)
    pages = await all_pages(sandbox, ALICE, first)
    assert all(fits(page) for page in pages)
    assert "Conseil municipal Pikine" in "\n".join(page["text"] for page in pages)
    await sandbox.send_text(ALICE, "/membres coopr Côte d'Ivoire")  # one page: no buttons
    short = await sandbox.wait_for_message(ALICE)
    assert "Kabadougou" in short["text"] and not nav(short)


async def test_a_misspelt_project_gets_did_you_mean(app: CoopApplication, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, "/membres coper")
    answer = (await sandbox.wait_for_message(ALICE))["text"]
    assert "« coper »" in answer and "Vouliez-vous dire : « COOP'R » ?" in answer
    await sandbox.send_text(ALICE, "/membres coper Sénégal")
    assert "« COOP'R »" in (await sandbox.wait_for_message(ALICE))["text"]
    await sandbox.send_text(ALICE, "/membres Sénégal")  # a country alone: its members
    assert "Vouliez-vous dire" not in (await sandbox.wait_for_message(ALICE))["text"]
    await sandbox.send_text(ALICE, "/actions coper")
    assert "« COOP'R »" in (await sandbox.wait_for_message(ALICE))["text"]
    await sandbox.send_text(ALICE, "/actions coopr")  # the right name: its actions
    assert "Vouliez-vous dire" not in (await sandbox.wait_for_message(ALICE))["text"]


async def test_missing_focal_points_are_paged(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await coordinator_ready(sandbox)
    await sandbox.send_text(COORDINATOR, "/manquants terress")
    first = await sandbox.wait_for_message(COORDINATOR)
    pages = await all_pages(sandbox, COORDINATOR, first)
    assert len(pages) >= 3 and all(fits(page) for page in pages)
    listed = "\n".join(page["text"] for page in pages)
    assert listed.count("• ") == 31  # every member organisation, once
    # Someone who is not a coordinator pressing a page: refused, nothing shown.
    query = await forge_press(sandbox, ALICE, first, nav(first)["▶︎"])
    answer = await sandbox.wait_for_callback_answer(query)
    assert "coordinateurs" in answer["text"]
    await sandbox.send_text(COORDINATOR, "/manquants teres")
    assert "Terr'ESS" in (await sandbox.wait_for_message(COORDINATOR))["text"]


async def test_old_or_forged_pages_are_answered(app: CoopApplication, sandbox: Sandbox) -> None:
    message = await coordinator_ready(sandbox)
    query = await forge_press(sandbox, COORDINATOR, message, "pg:zz:2:x")  # no such list
    assert "n'existe plus" in (await sandbox.wait_for_callback_answer(query))["text"]
    mark = sandbox.mark()
    query = await forge_press(sandbox, COORDINATOR, message, "pg:mq:99:terress")  # past the end
    await sandbox.wait_for_callback_answer(query)
    last = await sandbox.wait_for_message(COORDINATOR, after=mark, include_edits=True)
    assert fits(last) and "▶︎" not in nav(last) and "◀︎" in nav(last)


async def test_a_long_directory_is_paged_an_organisation_never_cut(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    organisations = [o.id for o in services.knowledge.kb.members("terress")][:20]
    for number, organisation in enumerate(organisations):
        user = 7_000_000 + number
        await services.members.seen(
            Person(user, f"Point{number}", None, f"point{number}", "fr"), private_chat=True
        )
        await services.members.claim_focal_point(user, organisation)
        await services.members.set_consent(user, True)
    await sandbox.send_text(ALICE, "/pointsfocaux terress")
    first = await sandbox.wait_for_message(ALICE)
    pages = await all_pages(sandbox, ALICE, first)
    assert len(pages) >= 2 and all(fits(page) for page in pages)
    listed = "\n".join(page["text"] for page in pages)
    assert all(f"(@point{number})" in listed for number in range(20))
    for page in pages:  # a page never starts with people whose organisation is on another
        body = [line for line in page["text"].split("\n")[1:] if line.strip()]
        assert not body[0].startswith("•"), page["text"]


@pytest.mark.parametrize("who", [COORDINATOR, ALICE], ids=["coordinator", "participant"])
async def test_every_readme_command_answers_within_a_phone_screen(
    app: CoopApplication, sandbox: Sandbox, who: int
) -> None:
    """Each message that a command of the README brings, typed without its arguments, fits a
    phone screen: about 15 lines (16 for the two projects' actions, each project's list whole)
    and 1,000 characters. Longer content is paged or summarised behind a button."""
    for command in readme_commands():
        before = len(sandbox.sent_messages(who))
        await sandbox.send_text(who, command)
        await sandbox.send_text(who, "/annuler")  # leave any guided flow it started
        await sandbox.send_text(who, "/moi")  # updates are handled in order: a sentinel
        await sandbox.wait_for_message(
            who, predicate=lambda m: "Ce que je sais de vous" in (m.get("text") or ""), timeout=10
        )
        for message in sandbox.sent_messages(who)[before:]:
            shown = message.get("text") or message.get("caption") or ""
            lines = shown.count("\n") + 1
            assert lines <= 16 and len(shown) <= 1000, (command, lines, len(shown), shown[:200])
