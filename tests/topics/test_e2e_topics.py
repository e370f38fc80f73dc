"""End to end: a supergroup with topics, one topic linked to a project with /liergroupe typed
inside it. The project's announcement, reminder and poll go to that topic (message_thread_id);
the bot answers in the topic where it is addressed; a topic closed meanwhile is found on the
first failed send, the message goes to the general thread, and the coordinators are told once.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import DeliverySettings, Settings
from tests.conftest import ALICE, BOB, COORDINATOR
from tests.events.conftest import standard_roster, webinar

FORUM = -1009876543210


def plain(message: dict[str, Any]) -> str:
    return html.unescape(message.get("text") or message.get("poll", {}).get("question") or "")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    fast = DeliverySettings(
        overall_per_second=500, per_chat_per_second=100, per_group_per_minute=6000
    )
    return settings.model_copy(update={"delivery": fast})


@pytest.fixture
async def forum(app: CoopApplication, sandbox: Sandbox) -> AsyncIterator[Services]:
    services = app.bot_data.services
    assert services is not None
    await standard_roster(services.members.repo, services.clock.now())
    sandbox.add_group(
        FORUM, "Réseau Terr'ESS", supergroup=True, forum=True, members=[ALICE, BOB],
        admins=[COORDINATOR],
    )  # fmt: skip
    yield services


def in_thread(sandbox: Sandbox, thread: int | None) -> list[dict[str, Any]]:
    return [m for m in sandbox.sent_messages(FORUM) if m.get("message_thread_id") == thread]


async def link_topic(sandbox: Sandbox, name: str, project: str) -> int:
    thread = sandbox.create_topic(FORUM, name, by_user_id=COORDINATOR)
    await sandbox.send_text(COORDINATOR, f"/liergroupe {project}", chat_id=FORUM, thread_id=thread)
    answer = await sandbox.wait_for_message(FORUM)
    assert answer.get("message_thread_id") == thread and "Ce sujet est lié" in plain(answer)
    return thread


async def test_a_linked_topic_gets_the_reminder_and_the_poll(
    forum: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    announcements = await link_topic(sandbox, "Annonces Terr'ESS", "terress")
    other = await link_topic(sandbox, "COOP'R", "coopr")  # another project, another topic
    assert await forum.members.topic(FORUM, announcements) == (
        "terress",
        "Annonces Terr'ESS",
        "open",
    )
    event = await forum.events.create(webinar(clock.now() + timedelta(days=3), offsets=("1h",)))
    assert event is not None
    await forum.delivery.wait_idle()
    (announced,) = [m for m in in_thread(sandbox, announcements) if "Nouvel" in plain(m)]
    assert "Économie sociale" in plain(announced)
    assert not in_thread(sandbox, None) and len(in_thread(sandbox, other)) == 1  # its link
    # the reminder, in the topic
    clock.set(event.starts_at - timedelta(hours=1))
    await forum.events.dispatch_due(clock.now())
    await forum.delivery.wait_idle()
    assert [m for m in in_thread(sandbox, announcements) if "Rappel" in plain(m)]
    # a poll of the project, in the topic too
    from bot.storage.polls import NewPoll

    await forum.polls.create(NewPoll("Utile ?", ("Oui", "Non"), project_id="terress"))
    await forum.delivery.wait_idle()
    polls = [m for m in in_thread(sandbox, announcements) if "poll" in m]
    assert len(polls) == 1 and polls[0]["poll"]["question"] == "Utile ?"
    assert not [m for m in in_thread(sandbox, other) if "poll" in m]
    # after the end, the feedback polls and the comment prompt: in the topic too
    clock.set(event.ends_at + timedelta(minutes=5))
    await forum.events.dispatch_due(clock.now())
    await forum.delivery.wait_idle()
    topic_polls = [m["poll"]["question"] for m in in_thread(sandbox, announcements) if "poll" in m]
    assert len(topic_polls) == 3 and "Avez-vous participé" in topic_polls[1]
    assert [m for m in in_thread(sandbox, announcements) if "Un commentaire" in plain(m)]
    assert not [m for m in in_thread(sandbox, None) if "poll" in m]
    # addressed in a topic, the bot answers there
    await sandbox.send_text(ALICE, "/agenda", chat_id=FORUM, thread_id=announcements)
    agenda = await sandbox.wait_for_message(FORUM)
    assert agenda.get("message_thread_id") == announcements and "Agenda" in plain(agenda)


async def test_a_closed_topic_falls_back_to_the_general_thread_once(
    forum: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    thread = await link_topic(sandbox, "Annonces", "terress")
    sandbox.close_topic(FORUM, thread, by_user_id=COORDINATOR)
    first = await forum.events.create(webinar(clock.now() + timedelta(days=3), title="Un"))
    await forum.delivery.wait_idle()
    assert first is not None
    # the announcement went to the general thread; the coordinator was told, once
    (general,) = [m for m in in_thread(sandbox, None) if "Nouvel" in plain(m)]
    assert "Un" in plain(general)
    told = [m for m in sandbox.sent_messages(COORDINATOR) if "est fermé ou supprimé" in plain(m)]
    assert len(told) == 1 and "Annonces" in plain(told[0])
    assert (await forum.members.topic(FORUM, thread)) == ("terress", "Annonces", "gone")
    await forum.events.create(webinar(clock.now() + timedelta(days=4), title="Deux"))
    await forum.delivery.wait_idle()
    assert len([m for m in in_thread(sandbox, None) if "Nouvel" in plain(m)]) == 2
    told = [m for m in sandbox.sent_messages(COORDINATOR) if "est fermé ou supprimé" in plain(m)]
    assert len(told) == 1
    # linked again in an open topic, messages go there again
    again = await link_topic(sandbox, "Annonces bis", "terress")
    await forum.events.create(webinar(clock.now() + timedelta(days=5), title="Trois"))
    await forum.delivery.wait_idle()
    assert [m for m in in_thread(sandbox, again) if "Trois" in plain(m)]


async def test_unlinking_inside_a_topic_unlinks_that_topic(
    forum: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    thread = await link_topic(sandbox, "Annonces", "terress")
    await sandbox.send_text(COORDINATOR, "/delier", chat_id=FORUM, thread_id=thread)
    answer = await sandbox.wait_for_message(FORUM)
    assert answer.get("message_thread_id") == thread and "n'est plus lié" in plain(answer)
    assert await forum.members.topic(FORUM, thread) is None
    assert await forum.members.groups("terress") == [] or all(
        g.chat_id != FORUM for g in await forum.members.groups("terress")
    )


async def test_an_announcement_to_the_project_goes_to_its_topic(
    forum: Services, sandbox: Sandbox
) -> None:
    from bot.broadcast import Audience

    thread = await link_topic(sandbox, "Annonces", "terress")
    queued = await forum.broadcasts.queue(
        content_type="text",
        body="Assemblée générale le mois prochain",
        file_id=None,
        audience=Audience("project", ("terress",)),
        when=None,
        language="fr",
    )
    assert await forum.broadcasts.fire(queued.id)
    await forum.delivery.wait_idle()
    assert [m for m in in_thread(sandbox, thread) if "Assemblée générale" in plain(m)]
    assert not [m for m in in_thread(sandbox, None) if "Assemblée générale" in plain(m)]
