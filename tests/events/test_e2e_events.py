"""End to end through the emulator: the real Application over HTTP, a frozen clock.

Coordinators create events (one line, guided conversation), edit and cancel them; members
answer with the buttons; reminders reach groups and people, each in their language and zone.
"""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP

PARIS = ZoneInfo("Europe/Paris")

ONE_LINE = (
    "/evenement terress | webinaire | Économie sociale | 26/11 14h | 90"
    " | https://visio.example.org/ess"
)


def plain(message: dict[str, Any]) -> str:
    return html.unescape(message.get("text") or message.get("caption") or "")


def buttons(message: dict[str, Any]) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b.get("callback_data") or b.get("url") for row in rows for b in row]


async def press_save(sandbox: Sandbox, draft: dict[str, Any]) -> None:
    """The coordinator presses the draft's Save button."""
    save = next(b for b in buttons(draft) if b.startswith("ev:save:"))
    await sandbox.press_button(COORDINATOR, draft, save)


async def rsvp(
    sandbox: Sandbox, user: int, event_id: int, answer: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``user`` answers on the invitation they got last: the invitation and the press's answer."""
    invitation = sandbox.last_message(user)
    assert invitation is not None
    qid = await sandbox.press_button(user, invitation, f"rsvp:{event_id}:{answer}")
    return invitation, await sandbox.wait_for_callback_answer(qid)


async def guided_up_to_when(
    sandbox: Sandbox, kind: str, title: str, project: str = "terress"
) -> dict[str, Any]:
    """The guided /evenement: ``project``, ``kind`` and ``title`` given; the question "When?"."""
    await sandbox.send_text(COORDINATOR, "/evenement")
    ask = await sandbox.wait_for_message(COORDINATOR)
    assert "Pour quel projet" in plain(ask)
    await sandbox.press_button(COORDINATOR, ask, f"evc:project:{project}")
    kinds = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    await sandbox.press_button(COORDINATOR, kinds, f"evc:kind:{kind}")
    await sandbox.wait_for_message(COORDINATOR, include_edits=True)  # the title?
    await sandbox.send_text(COORDINATOR, title)
    return await sandbox.wait_for_message(COORDINATOR)


async def create_by_one_line(sandbox: Sandbox, services: Services, line: str = ONE_LINE) -> int:
    await sandbox.send_text(COORDINATOR, line)
    await press_save(sandbox, await sandbox.wait_for_message(COORDINATOR))
    saved = await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "enregistré" in m["text"]
    )
    event_id = int(plain(saved).split("n°")[1].split()[0])
    await services.delivery.wait_idle()
    return event_id


async def test_one_line_form_is_confirmed_then_announced(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await sandbox.send_text(COORDINATOR, ONE_LINE)
    draft = await sandbox.wait_for_message(COORDINATOR)
    # Confirmed back unambiguously before anything is saved.
    assert "jeudi 26 novembre 2026 à 14:00 (Paris, UTC+1)" in plain(draft)
    assert "Vérifiez avant d'enregistrer" in plain(draft)
    assert await roster.events.upcoming(None) == []
    await sandbox.press_button(COORDINATOR, draft, buttons(draft)[1])  # Save
    saved = await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "enregistré" in m["text"]
    )
    assert "Événement n°1 enregistré" in plain(saved)
    assert {"ev:who:1", "ev:edit:1", "ev:cancel:1"} <= set(buttons(saved))
    await roster.delivery.wait_idle()
    group = sandbox.last_message(GROUP)
    assert group is not None and "Nouvel événement" in plain(group)
    assert "14:00 Paris, Brazzaville, Douala, Porto-Novo · 13:00 Abidjan" in plain(group)
    alice = sandbox.last_message(ALICE)
    assert alice is not None and "13:00 (Abidjan)" in plain(alice)
    bob = sandbox.last_message(BOB)
    assert bob is not None and "Thursday 26th November 2026 at 17:00 (Yerevan)" in plain(bob)
    assert "rsvp:1:yes" in buttons(bob) and "https://visio.example.org/ess" in buttons(bob)
    # The draft message became the saved event: no second "Save" to press.
    assert not [b for b in buttons(saved) if b.startswith("ev:save:")]


async def test_bad_one_line_input_gets_a_clear_answer(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/evenement terress | webinaire | Titre | 1/11 14h | 90")
    reply = await sandbox.wait_for_message(COORDINATOR)
    # One message per error, the usage inside it (issue 16: it came as two messages).
    assert "déjà passée" in plain(reply) and "/evenement PROJET | TYPE | TITRE" in plain(reply)
    await roster.delivery.wait_idle()
    assert len(sandbox.sent_messages(COORDINATOR)) == 1
    await sandbox.send_text(COORDINATOR, "/event atlantis | webinar | Title | 26/11 14h | 90")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "atlantis" in plain(reply) and "Terr'ESS" in plain(reply)


async def test_only_coordinators_create_events(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await sandbox.send_text(ALICE, ONE_LINE)
    reply = await sandbox.wait_for_message(ALICE)
    assert "réservée aux coordinateurs" in plain(reply)
    assert await roster.events.upcoming(None) == []


async def test_rsvp_buttons_and_the_coordinators_report(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    event_id = await create_by_one_line(sandbox, roster)
    _invitation, answered = await rsvp(sandbox, ALICE, event_id, "yes")
    assert "vous serez là" in answered["text"]
    updated = await sandbox.wait_for_message(ALICE, include_edits=True)
    assert "• ✅ Oui •" in [
        b["text"] for row in updated["reply_markup"]["inline_keyboard"] for b in row
    ]
    # In the group: Bob answers maybe; Carol, who never opened a private chat, is told to.
    group_message = sandbox.last_message(GROUP)
    assert group_message is not None
    qid = await sandbox.press_button(BOB, group_message, f"rsvp:{event_id}:maybe")
    assert (await sandbox.wait_for_callback_answer(qid))["text"] == "Noted: maybe 🤔"
    sandbox.world.chat(GROUP).members[CAROL] = "member"
    qid = await sandbox.press_button(CAROL, group_message, f"rsvp:{event_id}:yes")
    answer = await sandbox.wait_for_callback_answer(qid)
    assert "@" + sandbox.bot_username in answer["text"] and answer["show_alert"]
    # The coordinator's list, by country and organisation.
    await sandbox.send_text(COORDINATOR, f"/rsvp {event_id}")
    report = plain(await sandbox.wait_for_message(COORDINATOR))
    assert "✅ 2 · 🤔 1 · ❌ 0" in report
    assert "Côte d'Ivoire" in report and "District autonome d'Abidjan : ✅ Alice Kouassi" in report
    assert "Arménie" in report and "🤔 Bob Smith" in report
    assert "Carol" in report
    # Asked in a group, the list goes in private.
    await sandbox.send_text(COORDINATOR, f"/rsvp {event_id}", chat_id=GROUP)
    assert "en privé" in plain(await sandbox.wait_for_message(GROUP))
    assert "Alice Kouassi" in plain(await sandbox.wait_for_message(COORDINATOR))
    await sandbox.send_text(ALICE, f"/rsvp {event_id}")
    assert "réservée aux coordinateurs" in plain(await sandbox.wait_for_message(ALICE))


async def test_reminders_arrive_in_each_language_and_zone(
    app: CoopApplication, sandbox: Sandbox, roster: Services, clock: FrozenClock
) -> None:
    event_id = await create_by_one_line(sandbox, roster)
    event = await roster.events.get(event_id)
    assert event is not None
    for user in (ALICE, BOB):
        await rsvp(sandbox, user, event_id, "yes")  # the answer is recorded by then
    clock.set(event.starts_at - timedelta(hours=1))
    report = await roster.events.dispatch_due(clock.now())
    assert report.sent == [f"event:{event_id}:1h"]
    await roster.delivery.wait_idle()
    alice = await sandbox.wait_for_message(ALICE, predicate=lambda m: "Rappel" in m["text"])
    assert "commence dans 1 h" in plain(alice) and "13:00 (Abidjan)" in plain(alice)
    assert f"rsvp:{event_id}:no" in buttons(alice)
    bob = await sandbox.wait_for_message(BOB, predicate=lambda m: "Reminder" in m["text"])
    assert "starts in 1 h" in plain(bob) and "17:00 (Yerevan)" in plain(bob)
    group = await sandbox.wait_for_message(GROUP, predicate=lambda m: "Rappel" in m["text"])
    assert "17:00 Yerevan" in plain(group)
    # The coordinator did not answer: no private reminder.
    assert not [m for m in sandbox.sent_messages(COORDINATOR) if "Rappel" in m["text"]]


async def test_the_guided_conversation(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    when = await guided_up_to_when(sandbox, "visioconference", "Point mensuel")
    assert "Quand" in plain(when)
    # Other commands still work in the middle of it.
    await sandbox.send_text(COORDINATOR, "/agenda")
    assert "Agenda" in plain(await sandbox.wait_for_message(COORDINATOR))
    await sandbox.send_text(COORDINATOR, "30/02 10h")
    assert "n'existe pas" in plain(await sandbox.wait_for_message(COORDINATOR))
    await sandbox.send_text(COORDINATOR, "demain 14h")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    assert "C'est bien mardi 24 novembre 2026 à 14:00 (Paris, UTC+1) ?" in plain(confirm)
    await sandbox.press_button(COORDINATOR, confirm, "evc:when:yes")
    durations = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    await sandbox.press_button(COORDINATOR, durations, "evc:duration:60")
    assert "Lien" in plain(await sandbox.wait_for_message(COORDINATOR))
    await sandbox.send_text(COORDINATOR, "pas un lien")
    assert "https://" in plain(await sandbox.wait_for_message(COORDINATOR))
    await sandbox.send_text(COORDINATOR, "https://meet.example.org/mensuel")
    audience = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, audience, "evc:aud:some")
    countries = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    await sandbox.press_button(COORDINATOR, countries, "evc:country:am")
    countries = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert any(
        b["text"] == "☑️ Arménie"
        for row in countries["reply_markup"]["inline_keyboard"]
        for b in row
    )
    await sandbox.press_button(COORDINATOR, countries, "evc:done")
    summary = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "Vérifiez" in m["text"]
    )
    assert "Point mensuel" in plain(summary) and "Pour : Arménie" in plain(summary)
    toggle = next(b for b in buttons(summary) if b.startswith("ev:all:"))
    await sandbox.press_button(COORDINATOR, summary, toggle)
    summary = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    assert "à tous les membres invités" in plain(summary)
    await press_save(sandbox, summary)
    await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    (event,) = await roster.events.upcoming(None)
    assert (event.kind, event.title, event.countries, event.remind_all) == (
        "visioconference",
        "Point mensuel",
        ("am",),
        True,
    )
    assert event.duration == timedelta(hours=1)
    await roster.delivery.wait_idle()
    assert "Point mensuel" in plain(sandbox.last_message(BOB) or {})
    assert "Point mensuel" not in plain(sandbox.last_message(ALICE) or {})  # not in Armenia


async def test_the_conversation_never_traps(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/evenement")
    ask = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, ask, "evc:project:coopr")
    kinds = await sandbox.wait_for_message(COORDINATOR, include_edits=True)
    await sandbox.send_text(COORDINATOR, "/annuler")
    assert "rien n'a été enregistré" in plain(await sandbox.wait_for_message(COORDINATOR))
    # The old buttons are recognised as stale.
    qid = await sandbox.press_button(COORDINATOR, kinds, "evc:kind:webinar")
    assert (await sandbox.wait_for_callback_answer(qid))["show_alert"]
    # Free text goes where it always goes (a question), not into a finished conversation.
    await sandbox.send_text(COORDINATOR, "Point mensuel")
    answer = plain(await sandbox.wait_for_message(COORDINATOR))
    assert "Quand" not in answer and "Vérifiez" not in answer
    # In a group the guided conversation is not started (privacy mode would hide replies).
    await sandbox.send_text(COORDINATOR, "/evenement", chat_id=GROUP)
    assert "/evenement PROJET" in plain(await sandbox.wait_for_message(GROUP))


async def test_agenda_next_and_calendar_files(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    event_id = await create_by_one_line(sandbox, roster)
    await sandbox.send_text(ALICE, "/agenda", chat_id=GROUP)
    agenda = await sandbox.wait_for_message(GROUP)
    text = plain(agenda)
    assert "Économie sociale" in text and "jeudi 26 novembre 2026" in text
    assert "14:00 Paris, Brazzaville, Douala, Porto-Novo · 13:00 Abidjan, Casablanca, Dakar" in text
    assert "Jalons du projet" in text and "3e regroupement" in text
    assert f"ev:ics:{event_id}" in buttons(agenda) and "ev:agics:terress" in buttons(agenda)
    # The .ics button in a group sends the file in private to whoever pressed it.
    await sandbox.press_button(BOB, agenda, f"ev:ics:{event_id}")
    document = await sandbox.wait_for_message(BOB, predicate=lambda m: "document" in m)
    assert document["document"]["file_name"] == f"coopbot-event-{event_id}.ics"
    data = sandbox.file_bytes(document["document"]["file_id"])
    (vevent,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["summary"]) == "Économie sociale"
    await sandbox.send_text(BOB, "/agenda ics")
    document = await sandbox.wait_for_message(BOB)
    assert document["document"]["file_name"] == "coopbot-agenda-terress.ics"
    await sandbox.send_text(BOB, "/next")
    following = await sandbox.wait_for_message(BOB)
    assert "Next event" in plain(following) and "17:00 (Yerevan)" in plain(following)
    assert f"rsvp:{event_id}:maybe" in buttons(following)
    await sandbox.send_text(ALICE, "/prochain coopr")
    assert "Aucun événement à venir pour COOP'R" in plain(await sandbox.wait_for_message(ALICE))
    await sandbox.send_text(ALICE, "/agenda atlantis")
    assert "Je ne connais pas le projet" in plain(await sandbox.wait_for_message(ALICE))


async def test_editing_tells_those_who_answered(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    event_id = await create_by_one_line(sandbox, roster)
    await rsvp(sandbox, ALICE, event_id, "yes")
    await sandbox.send_text(COORDINATOR, f"/evenement modifier {event_id}")
    menu = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, menu, "evc:field:when")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "27/11 15h")
    menu = await sandbox.wait_for_message(COORDINATOR)
    assert "vendredi 27 novembre 2026 à 15:00" in plain(menu)
    await sandbox.press_button(COORDINATOR, menu, "evc:editsave")
    summary = await sandbox.wait_for_message(COORDINATOR)
    assert "nouvel horaire" in plain(summary) and "(Paris, UTC+1)" in plain(summary)
    await press_save(sandbox, summary)
    saved = await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "modifié" in m["text"]
    )
    assert "Événement n°1 modifié" in plain(saved)
    await roster.delivery.wait_idle()
    told = await sandbox.wait_for_message(ALICE, predicate=lambda m: "modifié" in m["text"])
    assert "vendredi 27 novembre 2026 à 14:00 (Abidjan)" in plain(told)
    assert not [m for m in sandbox.sent_messages(BOB) if "changed" in m["text"]]  # no answer


async def test_cancelling_from_the_command(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    event_id = await create_by_one_line(sandbox, roster)
    invitation, _answered = await rsvp(sandbox, BOB, event_id, "maybe")
    await sandbox.send_text(COORDINATOR, f"/event cancel {event_id}")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, confirm, f"ev:keep:{event_id}")
    assert "maintenu" in plain(await sandbox.wait_for_message(COORDINATOR, include_edits=True))
    await sandbox.send_text(COORDINATOR, f"/evenement annuler {event_id}")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    await sandbox.press_button(COORDINATOR, confirm, f"ev:cancelok:{event_id}")
    done = await sandbox.wait_for_message(
        COORDINATOR, include_edits=True, predicate=lambda m: "Événement n°" in m["text"]
    )
    assert "annulé" in plain(done)
    await roster.delivery.wait_idle()
    told = await sandbox.wait_for_message(BOB, predicate=lambda m: "cancelled" in m["text"])
    assert "Event cancelled" in plain(told)
    assert await roster.events.upcoming(None) == []
    qid = await sandbox.press_button(BOB, invitation, f"rsvp:{event_id}:yes")
    assert "cancelled" in (await sandbox.wait_for_callback_answer(qid))["text"]


async def test_a_long_list_of_answers_is_split_into_several_messages(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    from bot.storage.members import Person

    event_id = await create_by_one_line(sandbox, roster)
    for number in range(180):
        person = Person(40_000 + number, f"Participant·e n°{number}", "Avec-Un-Nom-Long")
        await roster.events.rsvp(event_id, person, "yes", private_chat=False)
    mark = sandbox.mark()
    await sandbox.send_text(COORDINATOR, f"/reponses {event_id}")
    first, second = await sandbox.wait_for_messages(COORDINATOR, 2, after=mark)
    assert "✅ 180 · 🤔 0 · ❌ 0" in plain(first)
    assert len(first["text"]) <= 4096 and "n°179" in plain(second) + plain(first)


async def test_links_without_scheme_and_durations_in_words(
    app: CoopApplication, sandbox: Sandbox, roster: Services
) -> None:
    """Issue 16: "example.org/x" was refused as a link, "1 jour 1h" as a duration."""
    line = (
        "/evenement terress | séminaire | Atelier ESS | 26/11 14h | 1 jour 1h"
        " | visio.example.org/ess"
    )
    await sandbox.send_text(COORDINATOR, line)
    draft = plain(await sandbox.wait_for_message(COORDINATOR))
    assert "Vérifiez avant d'enregistrer" in draft, draft
    assert "https://visio.example.org/ess" in draft and "⏱ 25 h" in draft, draft
    # Reminder offsets in words (issue 16: "Rappels 7d, 1d, 1h, 0m").
    assert "🔔 Rappels : 7 jours, 1 jour, 1 heure avant et au début." in draft
    for duration, minutes in (("90 minutes", 90), ("1 hour", 60), ("1 jour 1h", 1500)):
        fields = roster.events.parse_line(
            f"terress | webinaire | Titre | 26/11 14h | {duration} | example.org/x", PARIS
        )
        assert fields.link == "https://example.org/x"
        assert fields.ends_at - fields.starts_at == timedelta(minutes=minutes)
