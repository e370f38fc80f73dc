"""/annonce through the emulator: targeting, media, refusals, scheduling, progress, resume,
the report's CSV and /annonces."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
from datetime import timedelta

import pytest

from bot.app import build_application, running
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Fault, Sandbox
from bot.services import Services
from bot.settings import DeliverySettings, Settings
from tests.broadcast.conftest import (
    DAVID,
    EVE,
    FRANK,
    GROUP_COOPR,
    GROUP_LOOSE,
    JSON,
    button,
    buttons,
    choose,
    compose,
    confirm,
    edited,
    seed_roster,
)
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP

pytestmark = pytest.mark.filterwarnings(
    "ignore:Deprecated since version v22.2.*retry_after:telegram.warnings.PTBDeprecationWarning"
)

EVERYONE = [COORDINATOR, ALICE, BOB, DAVID, EVE, FRANK, GROUP, GROUP_COOPR]


def got(sandbox: Sandbox, text: str) -> dict[int, int]:
    """Chat -> copies of ``text`` (the author's preview included)."""
    chats = [COORDINATOR, ALICE, BOB, CAROL, DAVID, EVE, FRANK, GROUP, GROUP_COOPR, GROUP_LOOSE]
    counts = {}
    for chat in chats:
        n = sum(
            1 for m in sandbox.sent_messages(chat) if (m.get("text") or m.get("caption")) == text
        )
        if n:
            counts[chat] = n
    return counts


async def edit_of(sandbox: Sandbox, message: JSON) -> JSON:
    """``message`` as the bot next edits it (after the last button pressed in its chat)."""
    return await sandbox.wait_for_message(
        message["chat"]["id"],
        include_edits=True,
        predicate=lambda m: m["message_id"] == message["message_id"],
        timeout=30,
    )


async def finish(services: Services) -> None:
    await services.delivery.wait_idle()
    await services.broadcasts.tick()


async def sent(services: Services, sandbox: Sandbox, body: str, audience: str) -> JSON:
    """An announcement written, sent at once to ``audience`` (its button's label) and
    delivered: the summary message that became its report."""
    menu = await compose(sandbox, body)
    summary = await choose(sandbox, menu, audience)
    await confirm(sandbox, summary)
    await finish(services)
    return summary


# -- targeting ----------------------------------------------------------------------------------


async def test_a_project_reaches_its_members_and_its_groups(
    roster: Services, sandbox: Sandbox
) -> None:
    menu = await compose(sandbox, "Réunion COOP'R jeudi")
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Un projet"))
    projects = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "Quel projet" in projects["text"]
    assert "COOP'R (4)" in buttons(projects)  # names from the knowledge base
    summary = await choose(sandbox, projects, "COOP'R")
    assert "Projet COOP'R" in summary["text"]
    assert "Destinataires : 4 (en privé : 3 · groupes : 1)" in summary["text"]
    await confirm(sandbox, summary)
    await finish(roster)
    # Claire and Eve are in COOP'R, Frank too (blocked: unreachable), and its group.
    assert got(sandbox, "Réunion COOP'R jeudi") == {COORDINATOR: 2, EVE: 1, GROUP_COOPR: 1}


async def relabelled(sandbox: Sandbox, message: JSON, label: str) -> JSON:
    """The message once the bot has edited it to show the button ``label`` (a press is handled
    asynchronously: reading the message at once may see it as it was)."""
    return await sandbox.wait_for_message(
        COORDINATOR,
        include_edits=True,
        predicate=lambda m: m["message_id"] == message["message_id"] and label in buttons(m),
    )


async def test_countries_are_ticked_then_confirmed(roster: Services, sandbox: Sandbox) -> None:
    menu = await compose(sandbox, "Aux pays du golfe")
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Des pays"))
    picker = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "Valider (0)" in buttons(picker)
    await sandbox.press_button(COORDINATOR, picker, button(picker, "Côte d'Ivoire"))
    picker = await relabelled(sandbox, picker, "✅ Côte d'Ivoire (1)")
    await sandbox.press_button(COORDINATOR, picker, button(picker, "Cameroun"))
    picker = await relabelled(sandbox, picker, "✅ Cameroun (1)")
    await sandbox.press_button(COORDINATOR, picker, button(picker, "Sénégal"))
    picker = await relabelled(sandbox, picker, "✅ Sénégal (1)")
    await sandbox.press_button(COORDINATOR, picker, button(picker, "✅ Sénégal"))  # untick
    picker = await relabelled(sandbox, picker, "Valider (2)")
    summary = await choose(sandbox, picker, "Valider")
    assert "Membres de : Côte d'Ivoire, Cameroun" in summary["text"]
    await confirm(sandbox, summary)
    await finish(roster)
    assert got(sandbox, "Aux pays du golfe") == {COORDINATOR: 1, ALICE: 1, EVE: 1}


async def test_focal_points_of_organisations(roster: Services, sandbox: Sandbox) -> None:
    menu = await compose(sandbox, "Points focaux ACAL")
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Points focaux"))
    picker = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    # Organisations with a focal point: ACAL (David), APIDA (Frank). Alice is not one.
    assert {b.split(" (")[0] for b in buttons(picker)} >= {"ACAL", "APIDA"}
    await sandbox.press_button(COORDINATOR, picker, button(picker, "ACAL"))
    picker = await edit_of(sandbox, picker)  # ACAL ticked
    summary = await choose(sandbox, picker, "Valider")
    await confirm(sandbox, summary)
    await finish(roster)
    assert got(sandbox, "Points focaux ACAL") == {COORDINATOR: 1, DAVID: 1}


@pytest.mark.parametrize(
    ("label", "reached"),
    [
        ("Groupes liés", {GROUP: 1, GROUP_COOPR: 1}),
        ("Membres seulement", {COORDINATOR: 2, ALICE: 1, BOB: 1, DAVID: 1, EVE: 1}),
    ],
)
async def test_groups_only_and_members_only(
    roster: Services, sandbox: Sandbox, label: str, reached: dict[int, int]
) -> None:
    await sent(roster, sandbox, "Une annonce ciblée", label)
    expected = dict(reached)
    expected.setdefault(COORDINATOR, 1)  # the preview
    assert got(sandbox, "Une annonce ciblée") == expected


async def test_nobody_matching_is_said_and_nothing_is_sent(
    services: Services, sandbox: Sandbox
) -> None:
    menu = await compose(sandbox, "Personne ?")
    query = await sandbox.press_button(COORDINATOR, menu, button(menu, "Groupes liés"))
    answer = await sandbox.wait_for_callback_answer(query)
    assert answer["show_alert"] and "ne touche personne" in answer["text"]
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Des pays"))
    picker = await edit_of(sandbox, menu)  # the countries
    query = await sandbox.press_button(COORDINATOR, picker, button(picker, "Valider"))
    answer = await sandbox.wait_for_callback_answer(query)
    assert "Cochez au moins une case" in answer["text"]


# -- media --------------------------------------------------------------------------------------


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BAAwAB/wH+Wc8PAAAAAElFTkSuQmCC"
)


async def test_a_photo_goes_out_with_its_file_id_and_caption(
    roster: Services, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/annonce")
    await sandbox.wait_for_message(COORDINATOR)
    sent = await sandbox.send_photo(COORDINATOR, PNG, caption="Affiche <R&D> 2027")
    file_id = sent["photo"][-1]["file_id"]
    menu = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, menu, button(menu, "Groupes liés"))
    _intro, preview, summary = await sandbox.wait_for_messages(COORDINATOR, 3)
    assert preview["photo"][-1]["file_id"] == file_id
    assert preview["caption"] == "Affiche <R&D> 2027"
    await confirm(sandbox, summary)
    await finish(roster)
    for group in (GROUP, GROUP_COOPR):
        [photo] = sandbox.sent_messages(group)
        assert photo["photo"][-1]["file_id"] == file_id
        assert photo["caption"] == "Affiche <R&D> 2027"


async def test_a_document_goes_out_with_its_file_id(roster: Services, sandbox: Sandbox) -> None:
    await sandbox.send_text(COORDINATOR, "/annonce")
    await sandbox.wait_for_message(COORDINATOR)
    sent = await sandbox.send_document(COORDINATOR, "programme.pdf", b"%PDF-1.4 programme")
    menu = await sandbox.wait_for_message(COORDINATOR)
    summary = await choose(sandbox, menu, "Groupes liés")
    await confirm(sandbox, summary)
    await finish(roster)
    [document] = sandbox.sent_messages(GROUP)
    assert document["document"]["file_id"] == sent["document"]["file_id"]
    assert "caption" not in document


# -- who may, where, and giving up --------------------------------------------------------------


async def test_only_coordinators_and_only_in_private(roster: Services, sandbox: Sandbox) -> None:
    await sandbox.send_text(ALICE, "/annonce")
    refusal = await sandbox.wait_for_message(ALICE)
    assert "réservée aux coordinateurs" in refusal["text"]
    await sandbox.send_text(ALICE, "/annonces")
    assert "réservée aux coordinateurs" in (await sandbox.wait_for_message(ALICE))["text"]
    await sandbox.send_text(COORDINATOR, "/annonce", chat_id=GROUP)
    answer = await sandbox.wait_for_message(GROUP)
    assert "conversation privée" in answer["text"]
    # Alice's next message is not taken for an announcement.
    await sandbox.send_text(ALICE, "Bonjour")
    await sandbox.wait_until_delivered()
    assert await roster.broadcasts.open_draft(ALICE) is None


async def test_cancel_drops_the_draft_and_its_buttons(roster: Services, sandbox: Sandbox) -> None:
    menu = await compose(sandbox, "Finalement non")
    summary = await choose(sandbox, menu, "Tout le monde")
    query = await sandbox.press_button(COORDINATOR, summary, button(summary, "❌"))
    await sandbox.wait_for_callback_answer(query)
    await edited(sandbox, summary, "rien n'a été envoyé")
    await roster.delivery.wait_idle()
    assert got(sandbox, "Finalement non") == {COORDINATOR: 1}  # only the preview
    assert await roster.broadcasts.repo.recent() == []


async def test_buttons_of_a_closed_draft_no_longer_act(roster: Services, sandbox: Sandbox) -> None:
    menu = await compose(sandbox, "Abandonnée")
    await sandbox.send_text(COORDINATOR, "/annuler")
    assert "rien n'a été envoyé" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    query = await sandbox.press_button(COORDINATOR, menu, button(menu, "Tout le monde"))
    answer = await sandbox.wait_for_callback_answer(query)
    assert answer["show_alert"] and "plus ouvert" in answer["text"]
    assert got(sandbox, "Abandonnée") == {}


async def test_cancel_command_while_writing(roster: Services, sandbox: Sandbox) -> None:
    await sandbox.send_text(COORDINATOR, "/annonce")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "/annuler")
    assert "rien n'a été envoyé" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(COORDINATOR, "Une question sur Terr'ESS ?")
    await sandbox.wait_until_delivered()
    assert await roster.broadcasts.open_draft(COORDINATOR) is None


async def test_in_english_for_an_english_coordinator(roster: Services, sandbox: Sandbox) -> None:
    await roster.members.repo.update(BOB, roster.clock.now(), role="coordinator")
    menu = await compose(sandbox, "Call for papers", user=BOB, command="/broadcast")
    assert "who should receive it" in menu["text"]
    summary = await choose(sandbox, menu, "Linked groups only", user=BOB)
    assert "Recipients: 2 (in private: 0 · groups: 2)" in summary["text"]
    query = await sandbox.press_button(BOB, summary, button(summary, "✅ Send now"))
    await sandbox.wait_for_callback_answer(query)
    await finish(roster)
    report = sandbox.message(BOB, summary["message_id"])
    assert report is not None and "Delivered: 2 / 2" in report["text"]


# -- scheduling ---------------------------------------------------------------------------------


async def test_a_scheduled_announcement_waits_for_its_time(
    app: CoopApplication, roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    menu = await compose(sandbox, "Rappel : date limite vendredi")
    summary = await choose(sandbox, menu, "Groupes liés")
    await sandbox.press_button(COORDINATOR, summary, button(summary, "🕒"))
    await edited(sandbox, summary, "heure de Paris")
    await sandbox.send_text(COORDINATOR, "n'importe quand")
    assert "pas compris" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(COORDINATOR, "2026-11-20 09:00")
    assert "déjà passé" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(COORDINATOR, "demain 9h")
    scheduled = await sandbox.wait_for_message(COORDINATOR)
    assert "Envoi programmé : mardi 24 novembre 2026 à 09:00 (Paris)" in scheduled["text"]
    await confirm(sandbox, scheduled, "✅ Confirmer")
    shown = await edited(sandbox, scheduled, "programmée")
    assert button(shown, "❌ Annuler l'envoi programmé")
    [broadcast] = await roster.broadcasts.repo.in_state("scheduled")
    name = f"broadcast:{broadcast.id}"
    assert roster.scheduler.due_at(name) == broadcast.scheduled_at
    await roster.broadcasts.tick()
    await roster.delivery.wait_idle()
    assert got(sandbox, "Rappel : date limite vendredi") == {COORDINATOR: 1}  # not yet
    clock.advance(timedelta(days=1))
    assert name in await roster.scheduler.run_due()  # its job runs at its time, by the clock
    await finish(roster)
    assert got(sandbox, "Rappel : date limite vendredi") == {
        COORDINATOR: 1,
        GROUP: 1,
        GROUP_COOPR: 1,
    }
    report = sandbox.message(COORDINATOR, scheduled["message_id"])
    assert report is not None and "Reçue : 2 / 2" in report["text"]
    assert roster.scheduler.names(name) == []


async def test_a_scheduled_announcement_can_be_cancelled(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    menu = await compose(sandbox, "Annulée avant l'heure")
    summary = await choose(sandbox, menu, "Groupes liés")
    await sandbox.press_button(COORDINATOR, summary, button(summary, "🕒"))
    await sandbox.send_text(COORDINATOR, "demain 9h")
    scheduled = await sandbox.wait_for_message(COORDINATOR)
    await confirm(sandbox, scheduled, "✅ Confirmer")
    shown = await edited(sandbox, scheduled, "programmée")
    query = await sandbox.press_button(COORDINATOR, shown, button(shown, "❌"))
    await sandbox.wait_for_callback_answer(query)
    await edited(sandbox, scheduled, "annulé")
    clock.advance(timedelta(days=2))
    await roster.broadcasts.tick()
    await roster.delivery.wait_idle()
    assert got(sandbox, "Annulée avant l'heure") == {COORDINATOR: 1}


# -- progress, report, CSV, list ----------------------------------------------------------------


async def test_progress_is_edited_at_most_every_two_seconds_then_replaced_by_the_report(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    # Alice is told to wait a second (429) at each try until the progress was read: the one
    # not sent yet, however long a busy machine takes to send the others.
    sandbox.inject_fault("sendMessage", Fault.retry_after(1), chat_id=ALICE, times=None)
    menu = await compose(sandbox, "Annonce suivie")
    summary = await choose(sandbox, menu, "Tout le monde")
    await confirm(sandbox, summary)
    progress = sandbox.message(COORDINATOR, summary["message_id"])
    assert progress is not None and "/8 envoy" in progress["text"]
    first = progress["text"]
    deadline = asyncio.get_running_loop().time() + 30
    while True:  # everyone but Alice, Frank's refusal written
        counts = await roster.delivery.counts("broadcast")
        if len(got(sandbox, "Annonce suivie")) == 6 and counts.get("unreachable") == 1:
            break
        assert asyncio.get_running_loop().time() < deadline, (got(sandbox, "Annonce"), counts)
        await asyncio.sleep(0.02)
    await roster.broadcasts.tick()
    same = sandbox.message(COORDINATOR, summary["message_id"])
    assert same is not None and same["text"] == first  # no edit within 2 s
    clock.advance(timedelta(seconds=2))
    await roster.broadcasts.tick()
    now = sandbox.message(COORDINATOR, summary["message_id"])
    assert now is not None and "6/8 envoyés" in now["text"]
    assert "1 injoignable" in now["text"]  # Frank
    sandbox.clear_faults()  # Alice's next try goes through
    await finish(roster)
    report = sandbox.message(COORDINATOR, summary["message_id"])
    assert report is not None and "Reçue : 7 / 8" in report["text"]
    assert got(sandbox, "Annonce suivie")[ALICE] == 1


async def test_the_csv_lists_who_did_not_get_it_and_why(roster: Services, sandbox: Sandbox) -> None:
    summary = await sent(roster, sandbox, "Pour le CSV", "Tout le monde")
    report = sandbox.message(COORDINATOR, summary["message_id"])
    assert report is not None
    query = await sandbox.press_button(COORDINATOR, report, button(report, "📄"))
    await sandbox.wait_for_callback_answer(query)
    document = await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "document" in m)
    assert document["document"]["file_name"].endswith(".csv")
    content = sandbox.file_bytes(document["document"]["file_id"]).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(r["chat_id"], r["name"], r["state"], r["reason"]) for r in rows] == [
        (str(FRANK), "Frank", "unreachable", "blocked")
    ]


async def test_the_list_shows_figures_and_cancels_scheduled_ones(
    roster: Services, sandbox: Sandbox
) -> None:
    await sent(roster, sandbox, "Première annonce", "Tout le monde")
    menu = await compose(sandbox, "Deuxième annonce")
    summary = await choose(sandbox, menu, "Groupes liés")
    await sandbox.press_button(COORDINATOR, summary, button(summary, "🕒"))
    await sandbox.send_text(COORDINATOR, "01/12 9h")
    scheduled = await sandbox.wait_for_message(COORDINATOR)
    await confirm(sandbox, scheduled, "✅ Confirmer")
    await sandbox.send_text(COORDINATOR, "/annonces")
    listing = await sandbox.wait_for_message(COORDINATOR)
    text = listing["text"]
    assert text.index("n°2") < text.index("n°1")  # newest first
    assert "« Première annonce »" in text and "7/8 reçues" in text and "1 injoignable" in text
    assert "programmée" in text
    assert set(buttons(listing)) == {"❌ Annuler l'envoi programmé n°2", "📄 CSV n°1"}
    query = await sandbox.press_button(COORDINATOR, listing, button(listing, "❌"))
    await sandbox.wait_for_callback_answer(query)
    [cancelled] = await roster.broadcasts.repo.recent(1)
    assert cancelled.state == "cancelled"


# -- resume -------------------------------------------------------------------------------------


async def test_a_restart_mid_way_resumes_sending_and_the_report(
    settings: Settings, clock: FrozenClock, sandbox: Sandbox
) -> None:
    slow = settings.model_copy(update={"delivery": DeliverySettings(overall_per_second=4)})
    first: CoopApplication = build_application(slow, clock=clock)
    async with running(first, poll_timeout=1):
        services = first.bot_data.services
        assert services is not None
        await seed_roster(services, sandbox)
        menu = await compose(sandbox, "Malgré le redémarrage")
        summary = await choose(sandbox, menu, "Tout le monde")
        await confirm(sandbox, summary)
        deadline = asyncio.get_running_loop().time() + 30
        while len(got(sandbox, "Malgré le redémarrage")) < 3:
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)
    # Stopped half way: the rest is pending, nothing is half done.
    second: CoopApplication = build_application(slow, clock=clock)
    async with running(second, poll_timeout=1):
        services = second.bot_data.services
        assert services is not None
        [broadcast] = await services.broadcasts.repo.in_state("sending")
        assert 0 < (await services.broadcasts.progress(broadcast)).delivered < 7
        await finish(services)
    counts = got(sandbox, "Malgré le redémarrage")
    assert counts == {COORDINATOR: 2, ALICE: 1, BOB: 1, DAVID: 1, EVE: 1, GROUP: 1, GROUP_COOPR: 1}
    report = sandbox.message(COORDINATOR, summary["message_id"])
    assert report is not None and "Reçue : 7 / 8" in report["text"]


async def test_an_announcement_started_but_not_queued_is_queued_at_start(
    roster: Services, sandbox: Sandbox
) -> None:
    # The bot stopped between starting an announcement and writing its outbox rows.
    from bot.broadcast import Audience

    queued = await roster.broadcasts.queue(
        content_type="text",
        body="Reprise",
        file_id=None,
        audience=Audience("groups"),
        when=None,
        language="fr",
    )
    assert await roster.broadcasts.repo.start(queued.id, roster.clock.now())
    await roster.broadcasts.start()  # what a restart does
    await finish(roster)
    assert got(sandbox, "Reprise") == {GROUP: 1, GROUP_COOPR: 1}
    done = await roster.broadcasts.get(queued.id)
    assert done is not None and done.state == "done" and done.delivered == 2


# -- personal data ------------------------------------------------------------------------------


async def test_my_data_lists_announcements_and_forgetting_removes_the_traces(
    roster: Services, sandbox: Sandbox
) -> None:
    await sent(roster, sandbox, "Pour tous", "Tout le monde")
    data = await roster.privacy.export(ALICE)
    assert data["broadcasts"] == {
        "written": [],
        "received": [
            {
                "announcement": 1,
                "state": "sent",
                "sent_at": data["broadcasts"]["received"][0]["sent_at"],  # type: ignore[index]
                "error": None,
                "text": "Pour tous",
            }
        ],
    }
    written = (await roster.privacy.export(COORDINATOR))["broadcasts"]
    assert written["written"][0]["text"] == "Pour tous"  # type: ignore[index]
    await roster.privacy.forget(ALICE)
    await roster.privacy.forget(COORDINATOR)
    assert await roster.broadcasts.repo.received(ALICE) == []
    kept = await roster.broadcasts.get(1)
    assert kept is not None and kept.author_id is None and kept.delivered == 7


async def test_scheduled_jobs_are_rebuilt_from_the_database_at_start(
    app: CoopApplication, roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    from bot.broadcast import Audience

    later = clock.now() + timedelta(hours=3)
    queued = await roster.broadcasts.queue(
        content_type="text",
        body="Plus tard",
        file_id=None,
        audience=Audience("groups"),
        when=later,
        language="fr",
    )
    name = f"broadcast:{queued.id}"
    assert roster.scheduler.names(name) == []
    await roster.broadcasts.start()  # what a restart does
    assert roster.scheduler.due_at(name) == later
    # Due while the bot was stopped: no job, the first check starts it.
    clock.advance(timedelta(hours=4))
    await roster.broadcasts.start()
    await roster.broadcasts.tick()  # started (and its job dropped)
    assert roster.scheduler.names(name) == []
    await finish(roster)
    assert got(sandbox, "Plus tard") == {GROUP: 1, GROUP_COOPR: 1}
