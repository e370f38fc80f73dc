"""The activity report end to end: a scenario played through the bot (an event with RSVPs and
feedback, a quick poll, an announcement, someone who used /oubli), then /rapport: the XLSX is
opened with openpyxl, the PDF's text read with pypdf, the CSVs parsed, and every figure checked
against what /reponses, /resultats and /annonces show for the same items."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from bot.clock import FrozenClock
from bot.render.report_files import render
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.events import Event, EventFields
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.polls.conftest import (
    DAVID,
    EVE,
    GRACE,
    feedback_polls,
    poll_message,
    polls_in,
    seed_roster,
    send_poll_line,
    settle,
)

JSON = dict[str, Any]


@dataclass
class Played:
    event: Event
    attendance: int
    satisfaction: int
    quick: int
    broadcast: int


async def play(services: Services, sandbox: Sandbox, clock: FrozenClock) -> Played:
    """The scenario, through the bot: see the module's docstring."""
    await seed_roster(services, sandbox)
    repo = services.members.repo
    now = clock.now()
    # Alice: focal point of ACAL, listed in the directory; Eve: focal point, not listed.
    await repo.update(ALICE, now, focal_status="confirmed", directory_consent=True)
    await repo.update(EVE, now, focal_status="confirmed", directory_consent=False)
    event = await services.events.create(
        EventFields(
            project_id="terress",
            kind="webinar",
            title="Webinaire ESS & emploi",
            starts_at=now + timedelta(hours=2),
            ends_at=now + timedelta(hours=3),
            timezone="Europe/Paris",
        ),
        created_by=COORDINATOR,
    )
    assert event is not None
    for user_id, answer in ((ALICE, "yes"), (EVE, "maybe"), (BOB, "no"), (DAVID, "yes")):
        await services.events.rsvp(event.id, Person(user_id, "x"), answer, private_chat=True)
    # A quick poll, by the one-line form.
    await send_poll_line(
        sandbox, "/sondage terress | Le format vous convient-il ? | Oui | Non | Bof"
    )
    quick = await poll_message(sandbox, ALICE, "format")
    await settle(services, sandbox)
    for user_id, option in ((ALICE, 0), (GRACE, 1), (BOB, 0), (DAVID, 2)):
        message = polls_in(sandbox, user_id)[-1]
        await sandbox.vote(user_id, message["poll"]["id"], [option])
    assert quick
    # The event ends: feedback polls and answers, in private and in the group, and a comment.
    await settle(services, sandbox)
    clock.advance(timedelta(hours=3, minutes=5))
    await services.events.dispatch_due(clock.now())
    await settle(services, sandbox)
    attendance, satisfaction = feedback_polls(sandbox, ALICE)
    group_attendance, group_satisfaction = feedback_polls(sandbox, GROUP)
    await sandbox.vote(ALICE, attendance["poll"]["id"], [0])
    await sandbox.vote(ALICE, satisfaction["poll"]["id"], [0])  # 5/5
    await sandbox.vote(DAVID, group_attendance["poll"]["id"], [0])
    await sandbox.vote(DAVID, group_satisfaction["poll"]["id"], [1])  # 4/5
    await sandbox.vote(EVE, feedback_polls(sandbox, EVE)[0]["poll"]["id"], [1])  # did not attend
    prompt = next(m for m in sandbox.sent_messages(ALICE) if "Un commentaire" in m.get("text", ""))
    await sandbox.send_text(ALICE, "Très utile !", reply_to_message_id=prompt["message_id"])
    await settle(services, sandbox)
    # An announcement to the members, sent now.
    await sandbox.send_text(COORDINATOR, "/annonce")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "Le séminaire de clôture approche.")
    menu = await sandbox.wait_for_message(COORDINATOR)
    members = next(b for b in _buttons(menu) if b["text"].startswith("Membres"))
    await sandbox.press_button(COORDINATOR, menu, members["callback_data"])
    _intro, _preview, summary = await sandbox.wait_for_messages(COORDINATOR, 3)
    send = next(b for b in _buttons(summary) if b["text"].startswith("✅"))
    query = await sandbox.press_button(COORDINATOR, summary, send["callback_data"])
    await sandbox.wait_for_callback_answer(query)
    await settle(services, sandbox)
    for _ in range(200):
        (broadcast, _progress), *_ = await services.broadcasts.recent(1)
        if broadcast.state == "done":
            break
        await services.broadcasts.tick()
        await settle(services, sandbox)
    assert broadcast.state == "done"
    # Bob asks to be forgotten: he is counted nowhere afterwards.
    assert await services.privacy.forget(BOB)
    polls = await services.polls.repo.for_event(event.id)
    quick_id = max(p.id for p in await services.polls.repo.recent(10) if p.kind == "quick")
    return Played(event, polls[0].id, polls[1].id, quick_id, broadcast.id)


def _buttons(message: JSON) -> list[JSON]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def command(
    services: Services, sandbox: Sandbox, user: int, text: str, count: int = 1
) -> list[JSON]:
    await settle(services, sandbox)  # what earlier commands sent is not waited for again
    after = sandbox.mark()
    await sandbox.send_text(user, text)
    return await sandbox.wait_for_messages(user, count, after=after)


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    sheet = book[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


async def test_report_reconciles_with_the_commands(
    app: Any, services: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    played = await play(services, sandbox, clock)
    # What the commands show for the same items.
    (rsvp,) = await command(services, sandbox, COORDINATOR, f"/reponses {played.event.id}")
    assert "✅ 2 · 🤔 1 · ❌ 0" in rsvp["text"]  # Bob's "no" went with him
    (sat_text, *_rest) = await command(
        services, sandbox, COORDINATOR, f"/resultats {played.satisfaction}"
    )
    assert "Satisfaction moyenne : 4,5 / 5" in sat_text["text"]
    quick = await services.polls.results(played.quick)
    assert (quick.voters, quick.answered_members) == (3, 2)  # acal, grand-est; Bob forgotten
    attendance = await services.polls.results(played.attendance)
    (broadcast, _), *_ = await services.broadcasts.recent(1)

    # /rapport in private: a summary, the PDF and the XLSX.
    summary, pdf_message, xlsx_message = await command(
        services, sandbox, COORDINATOR, "/rapport terress", 3
    )
    assert "text" in summary, summary
    assert "Rapport d'activité Terr'ESS" in summary["text"]
    assert "Organisations actives au moins une fois : <b>" not in summary["text"]  # rendered
    caption = pdf_message["caption"]  # one pair of parentheses at most (audit item 15)
    assert caption.startswith("Rapport d'activité Terr'ESS : ") and "))" not in caption, caption
    pdf_name = pdf_message["document"]["file_name"]
    assert pdf_name == "terress-report.pdf" and xlsx_message["document"]["file_name"].endswith(
        ".xlsx"
    )
    pdf = sandbox.file_bytes(pdf_message["document"]["file_id"])
    xlsx = sandbox.file_bytes(xlsx_message["document"]["file_id"])

    members = [o for o in services.knowledge.kb.members("terress") if o.merged_into is None]
    active = {"acal", "cr-ouest-cameroun", "grand-est"}

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames[0] == "Synthèse"
    events = sheet_rows(book, "Événements")
    (event_row,) = events
    assert isinstance(event_row["Date"], datetime)
    assert (event_row["Oui"], event_row["Peut-être"], event_row["Non"]) == (2, 1, 0)
    assert event_row["Présents (déclarés)"] == attendance.counts[0] == 2
    assert event_row["Absents (déclarés)"] == attendance.counts[1] == 1
    assert event_row["Satisfaction (/5)"] == 4.5 and event_row["Avis"] == 2
    assert event_row["Commentaires"] == 1
    # Invited: the project's roster (Bob forgotten), answered or not.
    assert event_row["Invités"] == 6 and event_row["Sans réponse"] == 3
    polls = sheet_rows(book, "Sondages")
    (poll_row,) = polls
    assert poll_row["N°"] == played.quick and poll_row["Votants"] == quick.voters
    assert poll_row["Organisations ayant répondu"] == quick.answered_members
    assert poll_row["Organisations membres"] == quick.expected == len(members)
    rate_cell = book["Sondages"].cell(row=2, column=9)
    assert rate_cell.number_format == "0.0%"
    assert rate_cell.value == pytest.approx(quick.answered_members / quick.expected)
    by_country = {(r["Sondage"], r["Pays"]): r for r in sheet_rows(book, "Sondages par pays")}
    for country in quick.countries:
        if country.organisations:
            name = services.polls.reports.country_name(country.id, "fr")
            row = by_country[(played.quick, name)]
            assert (row["Organisations ayant répondu"], row["Votants"]) == (
                country.answered,
                country.voters,
            )
    orgs = {r["Identifiant"]: r for r in sheet_rows(book, "Organisations")}
    assert set(orgs) == {o.id for o in members}
    assert {k for k, r in orgs.items() if r["Active"] == "oui"} == active
    assert orgs["acal"]["Événements suivis"] == 1 and orgs["acal"]["Sondages répondus"] == 1
    assert orgs["acal"]["Points focaux (annuaire)"] == "Alice Kouassi"
    assert orgs["cr-ouest-cameroun"]["Points focaux"] == 1
    assert orgs["cr-ouest-cameroun"]["Points focaux (annuaire)"] is None  # not listed
    assert orgs["cd-bambey"]["Active"] == "non"  # Bob was its only voice, and is forgotten
    silent = sheet_rows(book, "Organisations silencieuses")
    assert len(silent) == len(members) - len(active)
    announcements = sheet_rows(book, "Annonces")
    (announcement,) = announcements
    assert announcement["N°"] == broadcast.id == played.broadcast
    assert (announcement["Reçue"], announcement["Destinataires (nombre)"]) == (
        broadcast.delivered,
        broadcast.recipients,
    )
    sheet = book["Organisations"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref is not None
    # Nobody but the listed focal point is named anywhere.
    cells = " ".join(
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    )
    for name in ("Bob", "David", "Eve", "Grace", "Claire"):
        assert name not in cells

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    assert "Rapport d'activité — Terr'ESS" in text
    assert f"{len(active)} / {len(members)}" in text
    assert "4,5 / 5 (2 avis)" in text
    assert "Organisations silencieuses" in text
    assert "Bob" not in text and "Eve" not in text

    # The CSV files hold the same figures.
    files = render(
        await services.activity.build(
            *services.activity.parse_request("terress", default_projects=()), "fr"
        ),
        services.catalogue,
    )
    assert files.xlsx[:2] == b"PK"
    (csv_event,) = csv_rows(files.csv["events.csv"])
    assert (csv_event["Oui"], csv_event["Satisfaction (/5)"]) == ("2", "4.5")
    csv_orgs = {r["Identifiant"]: r for r in csv_rows(files.csv["organisations.csv"])}
    assert csv_orgs["acal"]["Taux de réponse"] == "100.0"
    assert set(files.csv) >= {"summary.csv", "countries.csv", "months.csv", "silent.csv"}


async def test_report_is_for_coordinators_in_private(
    app: Any, services: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    played = await play(services, sandbox, clock)
    assert played.quick
    # Not a coordinator: refused, nothing sent.
    (refusal,) = await command(services, sandbox, ALICE, "/rapport terress")
    assert "réservée aux coordinateurs" in refusal["text"]
    assert not [m for m in sandbox.sent_messages(ALICE) if "document" in m]
    # Asked in a group: sent in private, the group is only told so.
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, "/rapport", chat_id=GROUP)
    told = await sandbox.wait_for_message(GROUP, after=after)
    assert "en privé" in told["text"]
    assert not [m for m in sandbox.sent_messages(GROUP) if "document" in m]
    assert len([m for m in sandbox.sent_messages(COORDINATOR) if "document" in m]) == 2
    # Bad requests get a clear answer.
    (unknown,) = await command(services, sandbox, COORDINATOR, "/rapport teress")
    assert "Vouliez-vous dire Terr'ESS" in unknown["text"]
    (inverted,) = await command(
        services, sandbox, COORDINATOR, "/rapport terress 2026-06-01 2026-01-01"
    )
    assert "à l'envers" in inverted["text"]
    (outside,) = await command(services, sandbox, COORDINATOR, "/rapport terress 2020")
    assert "en dehors de Terr'ESS" in outside["text"]
    (empty,) = await command(services, sandbox, COORDINATOR, "/rapport terress T1 2025")
    assert "Rien à rapporter" in empty["text"]
    (english,) = await command(services, sandbox, COORDINATOR, "/report coopr Q3 2026")
    assert re.search(r"Rien à rapporter|outside|en dehors", english["text"])
