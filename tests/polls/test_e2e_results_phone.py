"""Issue 16: /resultats of a closed poll fits a phone screen — counts first, the organisations
that have not answered behind a button, page by page."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.render import poll_results
from bot.reports import OrganisationCount
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.paging import all_pages, fits, labels, open_detail
from tests.polls.conftest import poll_message, settle
from tests.polls.test_e2e_polls import create


async def answered_by_alice(roster: Services, sandbox: Sandbox) -> int:
    """A poll to Terr'ESS ("Utile ? | Oui | Non") that Alice answered "Oui" in the group; its
    number."""
    number = await create(sandbox, "/sondage terress | Utile ? | Oui | Non")
    group_poll = await poll_message(sandbox, GROUP)
    await sandbox.vote(ALICE, group_poll["poll"]["id"], [0])
    await settle(roster, sandbox)
    return number


async def test_results_of_a_closed_poll_fit_a_phone(roster: Services, sandbox: Sandbox) -> None:
    number = await answered_by_alice(roster, sandbox)
    await sandbox.send_text(COORDINATOR, f"/fermersondage {number}")
    await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "clos" in m.get("text", ""))
    await settle(roster, sandbox)

    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, f"/resultats {number}")
    results = await sandbox.wait_for_message(
        COORDINATOR, after=after, predicate=lambda m: "Sondage n°" in m.get("text", "")
    )
    assert fits(results), results["text"]
    assert "clos le" in results["text"] and "pas encore" not in results["text"]
    assert "⏳ 30 organisations sans réponse" in results["text"]
    assert labels(results)[0] == "⏳ Qui n'a pas répondu (30)"  # then the coordinator's CSV
    detail = await open_detail(sandbox, COORDINATOR, results, "⏳ Qui n'a pas répondu (30)")
    pages = await all_pages(sandbox, COORDINATOR, detail)
    assert all(fits(page) for page in pages)
    listed = "\n".join(page["text"] for page in pages)
    for country in ("Cameroun", "Madagascar", "Sénégal", "Arménie"):
        assert country in listed
    assert "Association des communes de l'Atlantique" not in listed  # it answered

    # In English, in the group, for a member (no CSV button).
    after = sandbox.mark()
    await sandbox.send_text(BOB, f"/results {number}", chat_id=GROUP)
    english = await sandbox.wait_for_message(
        GROUP, after=after, predicate=lambda m: "Poll #" in m.get("text", "")
    )
    assert fits(english) and "not yet" not in english["text"]
    assert labels(english) == ["⏳ Who has not answered (30)"]


async def test_many_organisations_that_answered_are_counted_not_named(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await answered_by_alice(roster, sandbox)
    results = await roster.polls.results(number)
    members = [o.id for o in roster.knowledge.kb.members("terress")]
    many = replace(  # as if 28 organisations had answered: their names would not fit
        results,
        answered=tuple(OrganisationCount(o, 1) for o in members[:28]),
        missing=tuple(members[28:]),
    )
    reports = roster.polls.reports
    text = poll_results.summary(reports, many, "fr", ZoneInfo("Europe/Paris"))
    assert text.count("\n") < 15 and len(text) <= 1000, text
    assert "28 sur 31 ont répondu" in text and "✅" not in text  # counted, not named
    few = poll_results.summary(reports, results, "fr", ZoneInfo("Europe/Paris"))
    assert "✅ Association des communes de l" in few  # one organisation answered: named
