"""Self-assessments end to end, through the emulator: two focal points of the same
organisation fill one questionnaire in turns, with restarts in the middle, change an answer
from the summary and send it; the coordinator sees it done in /suivi and in the exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import openpyxl

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP, started
from tests.forms.conftest import (
    DAVID,
    ORG,
    TERRESS,
    buttons,
    focal_point,
    plain,
    press,
    press_refused,
    say,
    with_button,
)
from tests.paging import all_pages, fits, open_detail

ORG_NAME = "Association des communes de l'Atlantique et du Littoral"


def q(question: str, token: str | None = None, verb: str | None = None) -> str:
    if verb is not None:
        return f"fmq:{verb}:{TERRESS}:{question}"
    if token is not None and token.startswith("+"):
        return f"fmt:{TERRESS}:{question}:{token[1:]}"
    return f"fma:{TERRESS}:{question}:{token}"


async def alice_and_coordinator(services: Services) -> None:
    """Alice, a focal point of ACAL, and the coordinator, who has a private chat with the bot."""
    await focal_point(services, ALICE, "Alice")
    await services.members.seen(Person(COORDINATOR, "Claire"), private_chat=True)


async def alice_at_the_second_question(services: Services, sandbox: Sandbox) -> None:
    """Alice, a focal point of ACAL, has answered the first question (yes)."""
    await focal_point(services, ALICE, "Alice")
    await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Un élu est-il chargé")
    await press(sandbox, ALICE, q("elu-referent", "y"), "Qui suit l'ESS")


async def bob_no_longer_a_focal_point(services: Services, sandbox: Sandbox) -> None:
    """Bob, a focal point who opened the questionnaire at its first question, then removed
    from his organisation's focal points (now a participant)."""
    await focal_point(services, BOB, "Bob")
    await say(sandbox, BOB, f"/selfassessment {TERRESS}", "Is an elected official")
    assert (await services.members.remove_claim(BOB, COORDINATOR)).status == "done"


def drop_forces(data_dir: Path) -> tuple[Path, str]:
    """The question "forces" taken out of the questionnaire's file: the file, its former text."""
    file = data_dir / "forms" / "terress-autodiagnostic.toml"
    text = file.read_text(encoding="utf-8")
    start = text.index('[[section.question]]\nid = "forces"')
    end = text.index('[[section.question]]\nid = "besoins"')
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    return file, text


async def test_two_focal_points_fill_one_questionnaire_in_turns_across_restarts(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    sandbox.add_user(DAVID, "David", language_code="fr")
    # -- first run: Alice starts --------------------------------------------------------------
    async with started(settings, clock) as services:
        await focal_point(services, ALICE, "Alice")
        await focal_point(services, DAVID, "David")
        await services.members.seen(Person(COORDINATOR, "Claire"), private_chat=True)
        listing = await say(sandbox, ALICE, "/autodiagnostic", "Autodiagnostics")
        assert "pas commencé" in plain(listing)
        await press(sandbox, ALICE, f"fm:open:{TERRESS}", "Un élu est-il chargé")
        await press(sandbox, ALICE, q("elu-referent", "y"), "Qui suit l'ESS")
        # The answer to a show_if question brings the question that depends on it.
        await press(sandbox, ALICE, q("service-ess", "service-dedie"), "Combien d'agents")
        refused = await say(sandbox, ALICE, "beaucoup", "pas un nombre")
        assert "n'est pas accepté" not in plain(refused)
        out_of_range = await say(sandbox, ALICE, "600", "600 n'est pas accepté")
        assert "de 0 à 500" in plain(out_of_range)
        await say(sandbox, ALICE, "4 agents", "stratégie")
        await press(sandbox, ALICE, q("strategie", "n"), "Budget annuel")
        await press(sandbox, ALICE, q("budget-ess", verb="skip"), "Quels outils")
        await tick(sandbox, ALICE, q("outils", "+subventions"), "✅ Subventions")
        await tick(sandbox, ALICE, q("outils", "+formation"), "✅ Formation")
        await press(sandbox, ALICE, q("outils", verb="next"), "Où en est votre collectivité")
        await press(sandbox, ALICE, q("maturite", "3"), "Combien de structures")
        later = await press(sandbox, ALICE, f"fm:later:{TERRESS}", "Enregistré")
        assert "Association des communes" in plain(later)

    # -- restart; David continues where Alice left the shared draft -------------------------
    async with started(settings, clock) as services:
        listing = await say(sandbox, DAVID, "/autodiagnostic", "Autodiagnostics")
        assert "en cours (6 sur 16)" in plain(listing)
        resume = await press(sandbox, DAVID, f"fm:open:{TERRESS}", "On reprend")
        assert "6 questions répondues sur 16" in plain(resume)
        question = await sandbox.wait_for_message(
            DAVID, predicate=lambda m: "Combien de structures" in plain(m)
        )
        assert "Question 8 sur 16" in plain(question)

    # -- restart while David is at a question: his typed answer is still that answer --------
    async with started(settings, clock) as services:
        await say(sandbox, DAVID, "120", "Quelles formes")
        await tick(sandbox, DAVID, q("structures-types", "+cooperatives"), "✅ Coopératives")
        await press(sandbox, DAVID, q("structures-types", verb="next"), "Dans quels secteurs")
        await tick(sandbox, DAVID, q("secteurs", "+agriculture"), "✅ Agriculture, alimentation")
        await press(sandbox, DAVID, q("secteurs", verb="next"), "réseau ou une chambre")
        await press(sandbox, DAVID, q("reseau", "y"), "Son nom")
        too_long = await say(sandbox, DAVID, "R" * 250, "Trop long")
        assert "250 caractères, 200 au plus" in plain(too_long)
        await say(sandbox, DAVID, "Réseau ESS de l'Atlantique", "dialogue")
        await press(sandbox, DAVID, q("dialogue", "4"), "jeunes dans l'ESS")
        await press(sandbox, DAVID, q("jeunes-dispositif", "n"), "points forts")
        await say(sandbox, DAVID, "Un tissu de coopératives agricoles actif.", "Vos besoins")
        await say(sandbox, DAVID, "Des échanges sur le financement.", "Nom et fonction")
        summary = await press(sandbox, DAVID, q("contact", verb="skip"), "Récapitulatif")
        assert "Il manque" not in plain(summary)
        # The summary: change the answer to "strategie" (question 4), then send.
        strategie = await press(sandbox, DAVID, q("strategie", verb="edit"), "stratégie")
        assert "Réponse actuelle : Non" in plain(strategie)
        summary = await press(sandbox, DAVID, q("strategie", "y"), "Récapitulatif")
        assert "stratégie ou un plan pour l'ESS ?\n   → Oui" in plain(summary)
        sent = await press(sandbox, DAVID, f"fm:send:{TERRESS}", "Merci")
        assert ORG_NAME in plain(sent)

        # -- the coordinator: done in /suivi and in the exports ---------------------------------
        progress = await say(sandbox, COORDINATOR, "/suivi terress", "Suivi")
        text = plain(progress)
        assert "envoyé : 1" in text and ": ✅ 1 · ✏️ 0 · ⬜" in text  # counts by country first
        assert fits(progress) and ORG_NAME not in text
        detail = await open_detail(sandbox, COORDINATOR, progress, "📋 Détail par collectivité")
        pages = [plain(page) for page in await all_pages(sandbox, COORDINATOR, detail)]
        assert any(f"✅ {ORG_NAME}" in page for page in pages)
        assert sum(page.count("⬜") for page in pages) == 30  # every other organisation, once
        document = await press(sandbox, COORDINATOR, f"fm:csv:{TERRESS}")
        assert document["document"]["file_name"] == f"{TERRESS}.csv"
        rows = list(
            csv.DictReader(
                io.StringIO(sandbox.file_bytes(document["document"]["file_id"]).decode("utf-8-sig"))
            )
        )
        (acal,) = [r for r in rows if r["organisation_id"] == ORG]
        assert acal["Statut"] == "envoyé"
        assert acal["strategie"] == "Oui" and acal["agents-ess"] == "4"
        assert acal["outils"] == "Subventions; Formation"
        assert acal["reseau-nom"] == "Réseau ESS de l'Atlantique"
        assert acal["budget-ess"] == ""  # skipped
        others = [r for r in rows if r["organisation_id"] != ORG]
        assert others and all(r["Statut"] == "pas commencé" for r in others)
        document = await press(sandbox, COORDINATOR, f"fm:xlsx:{TERRESS}")
        book = openpyxl.load_workbook(
            io.BytesIO(sandbox.file_bytes(document["document"]["file_id"]))
        )
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        line = next(
            [c.value for c in row] for row in sheet.iter_rows(min_row=2) if row[0].value == ORG
        )
        record = dict(zip(header, line, strict=True))
        assert record["agents-ess"] == 4 and record["dialogue"] == 4
        assert record["Statut"] == "envoyé"

        # Results count the sent answers.
        results = await press(sandbox, COORDINATOR, f"fm:results:{TERRESS}", "Résultats")
        assert "Autodiagnostics envoyés : 1 sur 31" in plain(results)


async def test_someone_who_is_no_longer_a_focal_point_reads_but_cannot_answer(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await bob_no_longer_a_focal_point(services, sandbox)
        alert = await press_refused(sandbox, BOB, q("elu-referent", "y"))
        assert "Only the confirmed focal points of" in alert
        typed = await say(sandbox, BOB, "yes", "confirmed focal points")
        assert "Only" in plain(typed)
        read = await say(sandbox, BOB, f"/selfassessment {TERRESS}", "read only")
        assert "Only the confirmed focal points of" in plain(read)
        assert "Is an elected official" in plain(read)  # the questions, to read
        assert await services.db.fetchval("SELECT COUNT(*) FROM form_answers") == 0
        assert await services.db.fetchval("SELECT COUNT(*) FROM form_responses") == 0


async def tick(sandbox: Sandbox, user_id: int, data: str, label: str) -> None:
    """Tick a choice of a multiple-choice question: its message is edited to show it."""
    message = with_button(sandbox, user_id, data)
    after = sandbox.mark()
    await sandbox.press_button(user_id, message, data)
    edited = await sandbox.wait_for_message(
        user_id,
        after=after,
        include_edits=True,
        predicate=lambda m: m["message_id"] == message["message_id"],
        timeout=10,
    )
    labels = [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
    assert label in labels, labels


async def test_cancel_at_a_question_leaves_the_questionnaire_and_keeps_the_answers(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await alice_at_the_second_question(services, sandbox)
        left = await say(sandbox, ALICE, "/annuler", "Enregistré")
        assert "/autodiagnostic" in plain(left)
        assert services.forms.session(ALICE) is None
        assert not services.forms.awaiting_text(ALICE)  # the next text is not an answer
        assert (await services.forms.draft(TERRESS, ORG)).answers == {"elu-referent": True}


async def test_a_coordinator_reloads_an_edited_questionnaire_and_is_told_what_was_dropped(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock, data_dir: Path
) -> None:
    async with started(settings, clock) as services:
        await alice_and_coordinator(services)
        await services.forms.answer_text(ALICE, TERRESS, ORG, "forces", "Un tissu actif")
        await services.forms.answer_button(ALICE, TERRESS, ORG, "maturite", "4")
        refused = await say(sandbox, ALICE, "/autodiagnostic recharger")
        assert "coordinateurs" in plain(refused)
        file, text = drop_forces(data_dir)
        told = await say(sandbox, COORDINATOR, "/autodiagnostic recharger", "terress-autodiag")
        assert (
            "réponses à forces abandonnées (question retirée du fichier, 1 organisation)"
            in plain(told)
        )
        assert (await services.forms.draft(TERRESS, ORG)).answers == {"maturite": 4}
        file.write_text(text.replace("max = 500", "max = -5"), encoding="utf-8")
        told = await say(sandbox, COORDINATOR, "/autodiagnostic recharger", "Fichiers invalides")
        # in the coordinator's language (issue 16), where it is as written in the file
        assert "[terress-autodiag/agents-ess] : min (0) doit être inférieur à max (-5)" in plain(
            told
        )
        assert services.forms.form(TERRESS).question("forces") is None  # the stored one stays


async def test_a_coordinator_reminds_the_focal_points_of_organisations_not_done(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await alice_and_coordinator(services)
        usage = await say(sandbox, COORDINATOR, "/relancer autodiagnostic", "Utilisation")
        assert "/relancer autodiagnostic coopr-autodiag" in plain(usage)
        done = await say(sandbox, COORDINATOR, "/relancer autodiagnostic terress", "Relance")
        assert "à 1 membre (points focaux de 1 organisation sans" in plain(done)
        assert "30 organisations qui n'ont pas fini n'ont aucun point focal" in plain(done)
        reminder = await sandbox.wait_for_message(
            ALICE, predicate=lambda m: "pas encore commencé" in plain(m), timeout=10
        )
        assert reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
            f"fm:open:{TERRESS}"
        )
        await press(sandbox, ALICE, f"fm:open:{TERRESS}", "Un élu est-il chargé")
        again = await say(sandbox, COORDINATOR, "/nudge selfassessment terress", "moins d'un jour")
        assert "1 organisation relancée" in plain(again)
        refused = await say(sandbox, ALICE, "/relancer autodiagnostic terress")
        assert "coordinateurs" in plain(refused)
        poll = await say(sandbox, COORDINATOR, "/relancer 99")  # still the polls' /relancer
        assert "autodiagnostic" not in plain(poll)


async def test_an_automatic_reminder_due_while_the_bot_was_stopped_is_sent_once(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    def reminders() -> list[dict[str, object]]:  # (ACAL also gets COOP'R's: its own)
        return [
            m
            for m in sandbox.sent_messages(ALICE)
            if "pas encore commencé" in plain(m) and "Terr'ESS" in plain(m)
        ]

    async with started(settings, clock) as services:
        await focal_point(services, ALICE, "Alice")
        deadline = services.forms.deadline_at(services.forms.form(TERRESS))
    clock.set(deadline - timedelta(days=7) + timedelta(hours=1))  # passed while stopped
    async with started(settings, clock) as services:
        await sandbox.wait_for_message(
            ALICE, predicate=lambda m: "pas encore commencé" in plain(m), timeout=10
        )
        await services.scheduler.run_due()  # (waits for the job under way to finish)
        await services.delivery.wait_idle()  # the outbox wrote what became of it
        assert await services.forms.repo.reminded(TERRESS, "auto-7") == {ORG}
    async with started(settings, clock) as services:  # rebuilt again: not sent twice
        await services.scheduler.run_due()
        await services.delivery.wait_idle()
        assert len(reminders()) == 1
        assert f"forms:remind:{TERRESS}:1" in services.scheduler.names("forms:remind:")


async def test_recharger_reloads_the_knowledge_and_the_questionnaires_in_one_reply(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock, data_dir: Path
) -> None:
    async with started(settings, clock) as services:
        await alice_and_coordinator(services)
        await services.forms.answer_text(ALICE, TERRESS, ORG, "forces", "Un tissu actif")
        drop_forces(data_dir)
        told = await say(sandbox, COORDINATOR, "/recharger", "Données rechargées")
        assert "terress-autodiag : nouvelle version enregistrée" in plain(told)
        assert "réponses à forces abandonnées (question retirée du fichier" in plain(told)
        assert services.forms.form(TERRESS).question("forces") is None


async def test_a_deleted_questionnaire_is_no_longer_offered_and_its_answers_are_kept(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock, data_dir: Path
) -> None:
    """The file of a questionnaire deleted, /recharger withdraws it: not listed, not opened,
    its buttons outdated, no reminder; the answers given stay, and come back with the file."""
    async with started(settings, clock) as services:
        await alice_and_coordinator(services)
        await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Un élu est-il chargé")
        await services.forms.answer_button(ALICE, TERRESS, ORG, "maturite", "4")
        file = data_dir / "forms" / "terress-autodiagnostic.toml"
        text = file.read_text(encoding="utf-8")
        file.unlink()
        told = await say(sandbox, COORDINATOR, "/recharger", "Données rechargées")
        assert (
            f"{TERRESS} : plus aucun fichier ne le contient, retiré (plus proposé ; les réponses"
            " données sont gardées)" in plain(told)
        )
        assert TERRESS not in services.forms.forms
        assert f"forms:remind:{TERRESS}:1" not in services.scheduler.names("forms:remind:")
        listing = await say(sandbox, ALICE, "/autodiagnostic", "Autodiagnostic")
        assert "COOP'R" in plain(listing) and "Terr'ESS" not in plain(listing)
        unknown = await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Je ne connais pas")
        assert "coopr-autodiag" in plain(unknown) and TERRESS not in plain(unknown).split(":")[-1]
        assert await press_refused(sandbox, ALICE, q("elu-referent", "y")) == (
            "Ce bouton n'est plus à jour."
        )
        kept = (await services.forms.responses(TERRESS))[ORG]
        assert kept.answers == {"maturite": 4}
        file.write_text(text, encoding="utf-8")  # put back: offered again, with its answers
        told = await say(sandbox, COORDINATOR, "/recharger", "Données rechargées")
        assert f"{TERRESS} : inchangé" in plain(told)
        assert (await services.forms.draft(TERRESS, ORG)).answers == {"maturite": 4}


async def test_a_focal_point_whose_claim_is_pending_is_told_it_awaits_a_coordinator(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await bob_no_longer_a_focal_point(services, sandbox)
        await services.members.claim_focal_point(BOB, ORG)  # again: awaits confirmation
        alert = await press_refused(sandbox, BOB, q("elu-referent", "y"))
        assert "awaits a coordinator's confirmation" in alert
        typed = await say(sandbox, BOB, "yes", "awaits a coordinator's confirmation")
        assert "focal point claim" in plain(typed)
        listing = await say(sandbox, BOB, "/selfassessment", "Self-assessments")
        assert "your focal point claim awaits a coordinator" in plain(listing)
        read = await say(sandbox, BOB, f"/selfassessment {TERRESS}", "read only")
        assert "awaits a coordinator's confirmation" in plain(read)
        assert await services.db.fetchval("SELECT COUNT(*) FROM form_answers") == 0


async def test_another_command_ends_the_wait_for_a_typed_answer_and_keeps_the_answers(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await alice_at_the_second_question(services, sandbox)
        assert services.forms.awaiting_text(ALICE)
        await say(sandbox, ALICE, "/aide")
        assert not services.forms.awaiting_text(ALICE)
        # The next text is a normal message (a question to the bot), not the answer.
        answer = await say(sandbox, ALICE, "Quels sont les projets ?")
        assert "pas dans la liste" not in plain(answer)
        assert (await services.forms.draft(TERRESS, ORG)).answers == {"elu-referent": True}
        resumed = await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Qui suit l'ESS")
        assert "Question 2 sur" in plain(resumed)
        assert services.forms.awaiting_text(ALICE)


async def test_a_button_of_another_feature_ends_the_wait_for_a_typed_answer(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await focal_point(services, ALICE, "Alice")
        await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Un élu est-il chargé")
        assert services.forms.awaiting_text(ALICE)
        prompt = await say(sandbox, ALICE, "/moi")
        other = [b for b in buttons(prompt) if not b.startswith("fm")]
        assert other, prompt
        after = sandbox.mark()
        await sandbox.press_button(ALICE, prompt, other[0])
        await sandbox.wait_for_message(ALICE, after=after, include_edits=True, timeout=10)
        assert not services.forms.awaiting_text(ALICE)
        assert services.forms.session(ALICE) is None


FRENCH_MONTHS = [
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
]


async def test_a_closed_questionnaire_is_read_then_a_coordinator_sets_a_new_deadline(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await alice_and_coordinator(services)
        await services.forms.answer_button(ALICE, TERRESS, ORG, "elu-referent", "y")
        clock.advance(timedelta(days=30))  # after the file's deadline
        closed = await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Clos le")
        assert ORG_NAME in plain(closed)
        summary = [plain(m) for m in sandbox.sent_messages(ALICE) if "Récapitulatif" in plain(m)]
        assert summary and "Un élu est-il chargé" in summary[-1] and "Oui" in summary[-1]
        assert not services.forms.awaiting_text(ALICE)
        # The coordinator moves the deadline, in the date grammar of the project ("31 mars").
        day = (clock.now() + timedelta(days=40)).date()
        words = f"{day.day} {FRENCH_MONTHS[day.month - 1]}"
        refused = await say(sandbox, ALICE, f"/suivi {TERRESS} echeance {words}")
        assert "coordinateurs" in plain(refused)
        bad = await say(sandbox, COORDINATOR, f"/suivi {TERRESS} echeance bientôt", "la date")
        assert "bientôt" in plain(bad)
        told = await say(sandbox, COORDINATOR, f"/suivi {TERRESS} echeance {words}", "📅")
        assert "relances automatiques sont reprogrammées" in plain(told)
        assert services.forms.form(TERRESS).deadline == day
        assert services.scheduler.names("forms:remind:terress-autodiag")
        await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Qui suit l'ESS")  # open again
    # The new deadline is in SQLite: a restart keeps it.
    async with started(settings, clock) as services:
        assert services.forms.form(TERRESS).deadline == day


async def test_a_reply_to_another_guided_flow_ends_the_wait_for_a_typed_answer(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    async with started(settings, clock) as services:
        await focal_point(services, ALICE, "Alice")
        await say(sandbox, ALICE, "/offre")  # the exchange's guided offer, under way
        await say(sandbox, ALICE, f"/autodiagnostic {TERRESS}", "Un élu est-il chargé")
        assert services.forms.awaiting_text(ALICE)
        await say(sandbox, ALICE, "Eau et assainissement")  # the offer's next step takes it
        assert not services.forms.awaiting_text(ALICE)
        assert await services.db.fetchval("SELECT COUNT(*) FROM form_answers") == 0


async def test_progress_asked_in_a_group_goes_to_the_coordinator_in_private(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock
) -> None:
    # The progress names every organisation and how far it is: never posted in the group.
    async with started(settings, clock) as services:
        after = sandbox.mark()
        await sandbox.send_text(COORDINATOR, "/suivi terress", chat_id=GROUP)
        need = await sandbox.wait_for_message(GROUP, after=after, timeout=10)
        assert "en privé" in plain(need) and "/start" in plain(need)  # no private chat yet
        await services.members.seen(Person(COORDINATOR, "Claire"), private_chat=True)
        after = sandbox.mark()
        await sandbox.send_text(COORDINATOR, "/suivi terress", chat_id=GROUP)
        told = await sandbox.wait_for_message(GROUP, after=after, timeout=10)
        assert "envoyé en privé" in plain(told)
        progress = await sandbox.wait_for_message(
            COORDINATOR, after=after, predicate=lambda m: "Suivi" in plain(m), timeout=10
        )
        assert "pas commencé" in plain(progress)
        await sandbox.wait_until_delivered()
        in_group = [plain(m) for m in sandbox.sent_messages(GROUP)]
        assert not any("Suivi" in text or "⬜" in text for text in in_group), in_group
