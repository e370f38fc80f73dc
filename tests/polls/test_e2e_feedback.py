"""Feedback after an event, end to end: the events service ends the event, the feedback polls
and the comment prompt go to those who said yes or maybe and to the linked group."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.clock import FrozenClock
from bot.polls import EndedEvent
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.events import Event, EventFields
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.polls.conftest import DAVID, EVE, feedback_polls, polls_in, settle


async def make_event(services: Services, kind: str = "webinar") -> Event:
    now = services.clock.now()
    event = await services.events.create(
        EventFields(
            project_id="terress",
            kind=kind,
            title="Webinaire ESS & emploi <local>",
            starts_at=now + timedelta(hours=2),
            ends_at=now + timedelta(hours=3),
            timezone="Europe/Paris",
        ),
        created_by=COORDINATOR,
    )
    assert event is not None
    for user_id, answer in ((ALICE, "yes"), (EVE, "maybe"), (BOB, "no")):
        await services.events.rsvp(event.id, Person(user_id, "x"), answer, private_chat=True)
    return event


async def end(services: Services, clock: FrozenClock, sandbox: Sandbox) -> None:
    await settle(services, sandbox)
    clock.advance(timedelta(hours=3, minutes=5))
    await services.events.dispatch_due(clock.now())


async def test_feedback_after_a_webinar(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    event = await make_event(roster)
    await end(roster, clock, sandbox)
    await settle(roster, sandbox)
    assert len(polls_in(sandbox, ALICE)) == 2
    attendance, satisfaction = feedback_polls(sandbox, ALICE)
    assert attendance["poll"]["question"] == (
        "Avez-vous participé à « Webinaire ESS & emploi <local> » ?"
    )
    assert [o["text"] for o in attendance["poll"]["options"]] == ["Oui", "Non"]
    assert "satisfait" in satisfaction["poll"]["question"]
    assert [o["text"][0] for o in satisfaction["poll"]["options"]] == ["5", "4", "3", "2", "1"]
    (prompt,) = [m for m in sandbox.sent_messages(ALICE) if "Un commentaire" in m.get("text", "")]
    assert "Webinaire ESS & emploi <local>" in prompt["text"]  # escaped, then rendered
    assert len(polls_in(sandbox, GROUP)) == 2
    group_attendance, group_satisfaction = feedback_polls(sandbox, GROUP)
    assert len(polls_in(sandbox, EVE)) == 2  # maybe: asked too
    assert not polls_in(sandbox, BOB)  # said no
    assert not polls_in(sandbox, DAVID)  # did not answer
    assert [m for m in sandbox.sent_messages(GROUP) if "Un commentaire" in m.get("text", "")]
    # Answers, in private and in the group, and a comment by reply.
    await sandbox.vote(ALICE, attendance["poll"]["id"], [0])
    await sandbox.vote(ALICE, satisfaction["poll"]["id"], [0])  # 5/5
    await sandbox.vote(DAVID, group_attendance["poll"]["id"], [0])
    await sandbox.vote(DAVID, group_satisfaction["poll"]["id"], [2])  # 3/5
    after = sandbox.mark()
    await sandbox.send_text(ALICE, "Très utile, merci !", reply_to_message_id=prompt["message_id"])
    thanks = await sandbox.wait_for_message(ALICE, after=after)
    assert "commentaire est enregistré" in thanks["text"]
    # An ordinary message is not a comment.
    await sandbox.send_text(ALICE, "Bonjour")
    await settle(roster, sandbox)
    attendance_poll, satisfaction_poll = await roster.polls.repo.for_event(event.id)
    assert (attendance_poll.kind, satisfaction_poll.kind) == ("attendance", "satisfaction")
    results = await roster.polls.results(satisfaction_poll.id)
    assert results.counts == (1, 0, 1, 0, 0)
    assert results.average == 4.0 and results.comments == 1
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, f"/resultats {satisfaction_poll.id}")
    text = await sandbox.wait_for_message(COORDINATOR, after=after)
    assert "Satisfaction moyenne : 4,0 / 5" in text["text"]
    assert "1 commentaire" in text["text"]
    comments = await roster.polls.repo.comments(event.id)
    assert [(c.user_id, c.text, c.organisation_id) for c in comments] == [
        (ALICE, "Très utile, merci !", "acal")
    ]
    data = await roster.polls.export_csv(satisfaction_poll.id)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert ("comment", "Très utile, merci !") in [(r["status"], r["answer"]) for r in rows]
    # Asked once: the hook running again changes nothing.
    await roster.polls.start_feedback(
        EndedEvent(event.id, event.title, "terress", "webinar", (ALICE,))
    )
    assert len(await roster.polls.repo.for_event(event.id)) == 2


async def test_feedback_is_configurable_per_event(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    webinar = await make_event(roster)
    gathering = await make_event(roster, kind="gathering")
    # Off for this webinar, by the coordinator; on for the gathering (off by default).
    await sandbox.send_text(COORDINATOR, f"/avis {webinar.id} non")
    assert "Aucun retour" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(COORDINATOR, f"/feedback {gathering.id} on")
    assert "sera demandé" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(ALICE, f"/avis {webinar.id} oui")
    assert "réservée aux coordinateurs" in (await sandbox.wait_for_message(ALICE))["text"]
    await end(roster, clock, sandbox)
    await settle(roster, sandbox)
    assert await roster.polls.repo.for_event(webinar.id) == []
    assert len(await roster.polls.repo.for_event(gathering.id)) == 2


async def test_no_feedback_by_default_for_a_gathering(
    roster: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    gathering = await make_event(roster, kind="gathering")
    await end(roster, clock, sandbox)
    await settle(roster, sandbox)
    assert await roster.polls.repo.for_event(gathering.id) == []
    assert not polls_in(sandbox, ALICE)
