"""Quick polls end to end: the real Application, over HTTP, through the emulator."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP
from tests.paging import all_pages, fits, labels, open_detail
from tests.polls.conftest import DAVID, EVE, GRACE, poll_message, polls_in, settle


async def create(sandbox: Sandbox, line: str, *, chat_id: int | None = None) -> int:
    """The coordinator sends a one-line poll; returns its number from the confirmation."""
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, line, chat_id=chat_id)
    # previewed first, with its recipients' count; sent when "Envoyer" is pressed
    preview = await sandbox.wait_for_message(
        chat_id or COORDINATOR, after=after, predicate=lambda m: "à envoyer" in m.get("text", "")
    )
    send = next(
        b["callback_data"]
        for row in preview["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("polls:line:send:")
    )
    await sandbox.press_button(COORDINATOR, preview, send)
    reply = await sandbox.wait_for_message(
        chat_id or COORDINATOR,
        after=after,
        include_edits=True,
        predicate=lambda m: "Sondage n°" in m.get("text", ""),
    )
    return int(reply["text"].split("n° ")[1].split()[0])


def confirmation_of(sandbox: Sandbox) -> str:
    """The coordinator's latest poll confirmation (not merely the latest message: the poll,
    sent to the coordinator too, may come before or after it)."""
    return [
        m["text"] for m in sandbox.sent_messages(COORDINATOR) if "Sondage n°" in m.get("text", "")
    ][-1]


async def test_a_one_line_poll_reaches_the_group_and_members_in_private(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage terress | Le webinaire était-il utile ? | Oui | Non")
    confirmation = confirmation_of(sandbox)
    assert "envoyé à 1 groupe et" in confirmation
    group_poll = await poll_message(sandbox, GROUP)
    assert group_poll["poll"]["question"] == "Le webinaire était-il utile ?"
    assert [o["text"] for o in group_poll["poll"]["options"]] == ["Oui", "Non"]
    # Named by default, and the poll says so (in the reader's language).
    assert group_poll["poll"]["is_anonymous"] is False
    assert "Vote nominatif" in group_poll["poll"]["description"]
    english = await poll_message(sandbox, BOB)
    assert "Named vote" in english["poll"]["description"]
    await settle(roster, sandbox)
    for member in (ALICE, DAVID, EVE, GRACE):
        assert polls_in(sandbox, member), member
    assert not polls_in(sandbox, CAROL)  # no private chat: reached in groups only
    messages = await roster.polls.repo.messages(number)
    assert {m.chat_id for m in messages} == {GROUP, COORDINATOR, ALICE, BOB, DAVID, EVE, GRACE}


async def test_votes_are_stored_and_results_read_at_a_glance(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage terress | Utile ? | Oui | Non | Sans avis")
    group_poll = (await poll_message(sandbox, GROUP))["poll"]["id"]
    alice_poll = (await poll_message(sandbox, ALICE))["poll"]["id"]
    await sandbox.vote(ALICE, group_poll, [0])
    await sandbox.vote(DAVID, group_poll, [1])
    await sandbox.vote(DAVID, group_poll, [0])  # changed
    await sandbox.vote(EVE, group_poll, [2])
    await sandbox.vote(EVE, group_poll, [])  # retracted
    await sandbox.vote(ALICE, alice_poll, [0])  # Alice again, in private: counted once
    after = sandbox.mark()
    await sandbox.send_text(ALICE, f"/resultats {number}")
    text, chart = await sandbox.wait_for_messages(ALICE, 2, after=after)
    body = text["text"]
    assert f"Sondage n° {number}" in body
    assert "Oui : 2 (100 %)" in body and "Non : 0 (0 %)" in body
    assert "2 votants" in body and "1 vote retiré" in body
    assert "Organisations membres : 1 sur 31 a répondu" in body
    assert "Association des communes de l'Atlantique et du Littoral (2)" in body
    # For a phone: who has not answered is a count and a button, not 30 names.
    assert "pas encore" not in body and body.count("\n") < 15
    assert "30 organisations sans réponse" in body
    assert labels(text) == ["⏳ Qui n'a pas répondu (30)"]  # the CSV button is for coordinators
    photo = chart["photo"][-1]
    assert sandbox.file_bytes(photo["file_id"]).startswith(b"\x89PNG")
    detail = await open_detail(sandbox, ALICE, text, "⏳ Qui n'a pas répondu (30)")
    pages = await all_pages(sandbox, ALICE, detail)
    assert all(fits(page) for page in pages)
    listed = "\n".join(page["text"] for page in pages)
    assert "30 organisations n'ont pas encore répondu" in listed
    assert "Bénin : 1/2 organisations, 2 votants\n    ⏳ pas encore : Groupement" in listed
    assert "⏳ pas encore : Conseil régional de l'Ouest, Conseil régional Centre" in listed
    await settle(roster, sandbox)
    counts = await roster.polls.repo.answer_counts(number)
    assert counts.rows == 6 and counts.late == 0


async def test_results_in_english_and_for_the_groups_latest_poll(
    roster: Services, sandbox: Sandbox
) -> None:
    await create(sandbox, "/poll terress | Useful? | Yes | No")
    group_poll = (await poll_message(sandbox, GROUP))["poll"]["id"]
    await sandbox.vote(GRACE, group_poll, [1])
    after = sandbox.mark()
    await sandbox.send_text(BOB, "/results", chat_id=GROUP)
    text = await sandbox.wait_for_message(
        GROUP, after=after, predicate=lambda m: "Poll #" in m.get("text", "")
    )
    assert "No: 1 (100%)" in text["text"] and "Grand Est Regional Council (1)" in text["text"]


async def test_coordinators_get_every_answer_as_csv_in_private(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage terress | Utile ? | Oui | Non")
    group_poll = (await poll_message(sandbox, GROUP))["poll"]["id"]
    await sandbox.vote(ALICE, group_poll, [0])
    await sandbox.vote(ALICE, group_poll, [1])
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, f"/resultats {number}", chat_id=GROUP)
    results = await sandbox.wait_for_message(
        GROUP, after=after, predicate=lambda m: "reply_markup" in m
    )
    # Someone else presses the button: refused, nothing sent.
    refused = await sandbox.press_button(ALICE, results, f"polls:csv:{number}")
    assert (await sandbox.wait_for_callback_answer(refused))["show_alert"] is True
    query = await sandbox.press_button(COORDINATOR, results, f"polls:csv:{number}")
    document = await sandbox.wait_for_message(
        COORDINATOR, after=after, predicate=lambda m: "document" in m
    )
    assert (await sandbox.wait_for_callback_answer(query))["text"]
    assert document["document"]["file_name"] == f"poll-{number}.csv"
    rows = list(
        csv.DictReader(
            io.StringIO(sandbox.file_bytes(document["document"]["file_id"]).decode("utf-8-sig"))
        )
    )
    assert [(r["name"], r["answer"], r["status"]) for r in rows] == [
        ("Alice Kouassi", "Oui", "changed"),
        ("Alice Kouassi", "Non", "current"),
    ]
    assert not [m for m in sandbox.sent_messages(ALICE) if "document" in m]


async def test_closing_on_demand_stops_every_poll_and_posts_final_results(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage terress | Utile ? | Oui | Non")
    group_poll = await poll_message(sandbox, GROUP)
    await sandbox.vote(ALICE, group_poll["poll"]["id"], [0])
    await settle(roster, sandbox)
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, f"/fermersondage {number}")
    reply = await sandbox.wait_for_message(
        COORDINATOR, after=after, predicate=lambda m: "clos" in m.get("text", "")
    )
    assert f"Sondage n° {number} clos (1 votant)" in reply["text"]
    final = await sandbox.wait_for_message(GROUP, after=after, predicate=lambda m: "photo" in m)
    assert "Résultats finaux" in final["caption"] and "Oui : 1 (100 %)" in final["caption"]
    english = await sandbox.wait_for_message(BOB, after=after, predicate=lambda m: "photo" in m)
    assert "Final results" in english["caption"]
    await settle(roster, sandbox)
    stopped = {call.params["chat_id"] for call in sandbox.calls("stopPoll")}
    assert stopped == {GROUP, COORDINATOR, ALICE, BOB, DAVID, EVE, GRACE}
    assert sandbox.poll(group_poll["poll"]["id"])["is_closed"] is True
    # Closing twice: a clear answer, nothing else.
    await sandbox.send_text(COORDINATOR, f"/fermersondage {number}")
    again = await sandbox.wait_for_message(COORDINATOR)
    assert "déjà clos" in again["text"]


async def test_an_answer_in_flight_at_closing_is_kept_as_late(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage terress | Utile ? | Oui | Non")
    group_poll = (await poll_message(sandbox, GROUP))["poll"]["id"]
    await settle(roster, sandbox)
    # The poll closes in the bot while Telegram still accepts a vote (not stopped yet).
    await roster.polls.repo.mark_closed(number, roster.clock.now())
    await sandbox.vote(EVE, group_poll, [1])
    await settle(roster, sandbox)
    counts = await roster.polls.repo.answer_counts(number)
    assert (counts.rows, counts.late) == (1, 1)
    results = await roster.polls.results(number)
    assert results.voters == 0 and results.late == 1


async def test_closing_time_is_scheduled_and_rebuilt_from_sqlite(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    number = await create(sandbox, "/sondage terress close=2026-11-24 18:00 | Utile ? | Oui | Non")
    confirmation = confirmation_of(sandbox)
    assert "Clôture automatique : mardi 24 novembre 2026 à 18:00 (Paris)" in confirmation
    poll = await roster.polls.get(number)
    assert poll.closes_at is not None
    assert poll.closes_at.isoformat() == "2026-11-24T17:00:00+00:00"
    assert roster.scheduler.names("poll-close:") == [f"poll-close:{number}"]
    group_poll = await poll_message(sandbox, GROUP)
    assert "Clôture : mardi 24 novembre 2026 à 18:00" in group_poll["poll"]["description"]
    # A restart rebuilds the job from SQLite.
    roster.scheduler.cancel(f"poll-close:{number}")
    await roster.polls.start()
    assert roster.scheduler.names("poll-close:") == [f"poll-close:{number}"]
    # When the clock reaches the closing time, the poll closes and its results are posted.
    after = sandbox.mark()
    clock.set(poll.closes_at)
    await sandbox.wait_for_message(GROUP, after=after, predicate=lambda m: "photo" in m)
    assert (await roster.polls.get(number)).is_closed


async def test_nudges_remind_members_whose_organisation_has_not_answered_once(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage terress groupes | Utile ? | Oui | Non")
    group_poll = (await poll_message(sandbox, GROUP))["poll"]["id"]
    assert not polls_in(sandbox, ALICE)  # groups only
    await sandbox.vote(ALICE, group_poll, [0])  # ACAL has answered (David need not)
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, f"/relancer {number}")
    reply = await sandbox.wait_for_message(COORDINATOR, after=after)
    # Bob (Bambey), Eve (Ouest Cameroun), Grace (Grand Est): 3 members of 3 organisations.
    assert "envoyée en privé à 3 membres de 3 organisations" in reply["text"]
    reminded = await poll_message(sandbox, EVE)
    assert (
        "Rappel : votre organisation (Conseil régional de l'Ouest)"
        in (reminded["poll"]["description"])
    )
    english = await poll_message(sandbox, GRACE)
    assert "Reminder: your organisation (Grand Est" in english["poll"]["description"]
    assert not polls_in(sandbox, ALICE) and not polls_in(sandbox, DAVID)
    assert not polls_in(sandbox, COORDINATOR)  # no organisation
    # Eve answers in private: it counts for the same poll.
    await sandbox.vote(EVE, reminded["poll"]["id"], [1])
    # Once per poll.
    await sandbox.send_text(COORDINATOR, f"/relancer {number}")
    again = await sandbox.wait_for_message(COORDINATOR)
    assert "déjà été relancés" in again["text"]
    await settle(roster, sandbox)
    assert len(polls_in(sandbox, GRACE)) == 1
    results = await roster.polls.results(number)
    assert results.counts == (1, 1)


async def test_anonymous_polls_keep_only_totals(roster: Services, sandbox: Sandbox) -> None:
    number = await create(sandbox, "/sondage terress anonyme | Utile ? | Oui | Non")
    group_poll = await poll_message(sandbox, GROUP)
    assert group_poll["poll"]["is_anonymous"] is True
    assert "Vote anonyme" in group_poll["poll"]["description"]
    await sandbox.vote(ALICE, group_poll["poll"]["id"], [0])
    await sandbox.vote(EVE, group_poll["poll"]["id"], [0])
    await settle(roster, sandbox)
    assert (await roster.polls.repo.answer_counts(number)).rows == 0  # no poll_answer
    results = await roster.polls.results(number)
    assert results.counts == (2, 0) and results.voters == 2
    await sandbox.send_text(COORDINATOR, f"/relancer {number}")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "anonyme" in reply["text"]


async def test_bad_input_gets_a_clear_answer(roster: Services, sandbox: Sandbox) -> None:
    # One message per error: what is wrong, then how to write it.
    await sandbox.send_text(COORDINATOR, "/sondage Utile ? | Oui")
    error = (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert "au moins 2 réponses" in error and "/sondage [options] [projet]" in error
    await sandbox.send_text(COORDINATOR, "/sondage inconnu | Utile ? | Oui | Non")
    error = (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert "Je ne comprends pas « inconnu » avant la question" in error
    assert "Vouliez-vous dire" not in error  # nothing near it
    await sandbox.send_text(COORDINATOR, "/sondage Utile ? | Oui | Non")
    error = (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert "Pour quel projet ?" in error  # Claire coordinates two projects
    # A misspelt project: did you mean...
    await sandbox.send_text(COORDINATOR, "/sondage coper multi | Utile ? | Oui | Non")
    error = (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert "« coper multi »" in error and "Vouliez-vous dire : « COOP'R » ?" in error
    await sandbox.send_text(COORDINATOR, "/poll cooper | Useful? | Yes | No")
    assert "« COOP'R »" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.expect_no_message(COORDINATOR, within=0.3)  # one message each
    await sandbox.send_text(COORDINATOR, "/resultats abc")
    assert "/resultats [numéro" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(COORDINATOR, "/resultats 999")
    assert "pas de sondage n° 999" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(ALICE, "/sondage terress | Utile ? | Oui | Non")
    refused = await sandbox.wait_for_message(ALICE)
    assert "réservée aux coordinateurs" in refused["text"]
    await settle(roster, sandbox)
    assert await roster.polls.recent() == []


async def test_guided_conversation(roster: Services, sandbox: Sandbox) -> None:
    steps = [
        ("/sondage", "Pour quel projet"),
        ("Terr'ESS", "Quelle est la question"),
        ("Quel format préférez-vous ?", "une par message"),
        ("Atelier", "Réponse 1 ajoutée"),
        ("Webinaire", "Réponse 2 ajoutée"),
        ("✅ Terminé", "Une seule réponse par personne"),
        ("Plusieurs réponses", "Vote nominatif"),
        ("Nominatif", "Où l'envoyer"),
        ("Groupes liés seulement", "Quand le clore"),
        ("Dans 7 jours", "On l'envoie"),
    ]
    for typed, expected in steps:
        after = sandbox.mark()
        await sandbox.send_text(COORDINATOR, typed)
        reply = await sandbox.wait_for_message(COORDINATOR, after=after)
        assert expected in reply["text"], (typed, reply["text"])
    assert "Quel format préférez-vous ?" in reply["text"] and "• Webinaire" in reply["text"]
    keyboard = [b["text"] for row in reply["reply_markup"]["keyboard"] for b in row]
    assert keyboard == ["✅ Envoyer", "❌ Annuler"]
    await sandbox.send_text(COORDINATOR, "✅ Envoyer")
    done = await sandbox.wait_for_message(COORDINATOR)
    assert "envoyé à 1 groupe et à 0 membre" in done["text"]
    group_poll = await poll_message(sandbox, GROUP)
    assert group_poll["poll"]["allows_multiple_answers"] is True
    (poll,) = await roster.polls.recent()
    assert poll.closes_at == roster.clock.now() + timedelta(days=7)
    # The conversation is over: free text is no longer an answer.
    await sandbox.send_text(COORDINATOR, "/sondage")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "/annuler")
    assert "annulé" in (await sandbox.wait_for_message(COORDINATOR))["text"]


async def test_in_a_linked_group_the_project_is_the_groups(
    roster: Services, sandbox: Sandbox
) -> None:
    number = await create(sandbox, "/sondage Utile ? | Oui | Non", chat_id=GROUP)
    poll = await roster.polls.get(number)
    assert poll.project_id == "terress"
    await sandbox.send_text(COORDINATOR, "/sondage", chat_id=GROUP)
    hint = await sandbox.wait_for_message(
        GROUP, predicate=lambda m: "en privé" in m.get("text", "")
    )
    assert "/sondage Question ? | Réponse 1 | Réponse 2" in hint["text"]
