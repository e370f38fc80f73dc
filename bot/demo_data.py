"""The demo's data beyond its roster (:func:`bot.demo.seed`): an event starting soon and a
closed poll with answers. It lives with the demo, not in the domain services, so that the
services do not depend on the wiring (:mod:`bot.services`) they are part of."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.storage.events import EventFields
from bot.storage.polls import NewPoll

if TYPE_CHECKING:
    from bot.services import Services

# -- an event --------------------------------------------------------------------------------

DEMO_LINK = "https://meet.example.org/coopbot-demo"
DEMO_OFFSETS = ("2m", "1m", "0m")
DEMO_LEAD = timedelta(minutes=5)
# Short, so that its feedback poll arrives during the demo too.
DEMO_MINUTES = 5


async def seed_event(services: Services, now: datetime) -> None:
    """An event starting five minutes after launch, for the project of the first linked demo
    group, with reminders 2 min, 1 min and 0 min before: a newcomer sees the announcement,
    answers, and gets the reminders live. Does nothing if a demo event is already coming."""
    events = services.events
    groups = await services.members.groups()
    project_id = next((g.project_id for g in groups if g.project_id), None)
    if project_id is None:
        known = events.projects()
        if not known:
            return
        project_id = known[0].id
    for event in await events.upcoming([project_id], limit=500):
        if event.link == DEMO_LINK:
            return
    start = (now + DEMO_LEAD).replace(second=0, microsecond=0) + timedelta(minutes=1)
    lang = services.settings.default_language
    project = events.render.project_name(project_id)
    fields = EventFields(
        project_id=project_id,
        kind="visioconference",
        # Stored text, not HTML: the catalogue's raw templates (rendering escapes it later).
        title=events.render.catalogue.raw(lang, "events.demo.title").format(project=project),
        starts_at=start,
        ends_at=start + timedelta(minutes=DEMO_MINUTES),
        timezone=services.settings.default_timezone,
        description=events.render.catalogue.raw(lang, "events.demo.description"),
        link=DEMO_LINK,
        remind_all=True,
        offsets=DEMO_OFFSETS,
    )
    await events.create(fields)


# -- a poll ----------------------------------------------------------------------------------

DEMO_QUESTION = "Le webinaire de lancement vous a-t-il été utile ?"
DEMO_OPTIONS = ("Très utile", "Utile", "Peu utile")


async def seed_poll(services: Services, now: datetime) -> None:
    """A closed poll of last week in the demo group, answered by the demo members, so that
    ``/resultats`` shows totals, participation and a chart from the start. (The feedback poll
    arrives live after the demo event.) Does nothing if there are polls. Past answers have no
    service call of their own (nobody answers in the past): recorded as the demo's fixture
    (``PollsService.record_past``)."""
    polls = services.polls
    if await polls.recent(1):
        return
    groups = await services.members.groups()
    group = next((g for g in groups if g.project_id), None)
    if group is None or group.project_id is None:
        return
    asked = now - timedelta(days=7)
    people = await services.members.in_projects([group.project_id], reachable_only=False)
    votes = [
        (
            member.user_id,
            member.display_name,
            number % len(DEMO_OPTIONS),
            asked + timedelta(minutes=5 * (number + 1)),
        )
        for number, member in enumerate(people)
        if member.role != "coordinator"
    ]
    await polls.record_past(
        NewPoll(question=DEMO_QUESTION, options=DEMO_OPTIONS, project_id=group.project_id),
        group.chat_id,
        votes,
        asked,
        asked + timedelta(days=1),
    )


async def seed_features(services: Services, now: datetime) -> None:
    await seed_event(services, now)
    await seed_poll(services, now)
