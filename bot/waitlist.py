"""Places and waiting lists of in-person gatherings (an event with a ``capacity``).

A "yes" beyond the capacity puts the person on the waiting list, told their rank. A freed place
(someone's "yes" becoming "maybe" or "no", or an offer expiring) goes to the first waiting
person, told in private with the answer buttons: their "yes" within :data:`OFFER_TIME` takes
the place; after that it goes to the next one. Expiry is checked every few minutes and at start
(everything is in SQLite).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.i18n import Safe, format_datetime
from bot.members import MembersService
from bot.reminders import Outbox, payload
from bot.render.events import EventRenderer, Where
from bot.scheduling import Scheduler
from bot.storage.events import Event, EventsRepository
from bot.storage.outbox import OutboxItem
from bot.storage.waitlist import WaitlistRepository

log = logging.getLogger(__name__)

OFFER_TIME = timedelta(hours=24)
JOB = "events:waitlist"
CHECK_SECONDS = 300


class Waitlist:
    def __init__(
        self,
        repo: WaitlistRepository,
        events: EventsRepository,
        members: MembersService,
        render: EventRenderer,
        outbox: Outbox,
        clock: Clock,
    ) -> None:
        self.repo = repo
        self.events = events
        self.members = members
        self.render = render
        self.outbox = outbox
        self.clock = clock

    async def start(self, scheduler: Scheduler | None) -> None:
        await self.expire()
        if scheduler is not None:
            scheduler.every(JOB, CHECK_SECONDS, self.expire, first=CHECK_SECONDS)

    async def claim(self, event: Event, user_id: int) -> int:
        """A "yes" to an event with a capacity: 0 if the person has a place (free, or offered
        to them), else their rank on the waiting list."""
        assert event.capacity is not None
        if await self.repo.state(event.id, user_id) == "offered":
            await self.repo.leave(event.id, user_id)
            return 0
        if await self.repo.taken(event.id, besides=user_id) < event.capacity:
            await self.repo.leave(event.id, user_id)
            return 0
        return await self.repo.join(event.id, user_id, self.clock.now())

    async def leave(self, event: Event, user_id: int) -> None:
        """Not "yes" any more: off the list (an offer declined goes to the next one)."""
        await self.repo.leave(event.id, user_id)

    async def offer_places(self, event: Event) -> list[int]:
        """Offer the free places to the first waiting people (in private); their ids."""
        if event.capacity is None or event.cancelled or event.starts_at <= self.clock.now():
            return []
        offered = []
        now = self.clock.now()
        while await self.repo.taken(event.id, besides=0) < event.capacity:
            user_id = await self.repo.offer_next(event.id, now)
            if user_id is None:
                break
            offered.append(user_id)
        items = []
        for user_id in offered:
            member = await self.members.get(user_id)
            if member is None:
                continue
            lang = self.members.language_of(member)
            tz = self.members.zone_of(member)
            text = self.render.catalogue.t(
                lang,
                "waitlist.offer",
                title=event.title,
                card=Safe(self.render.card(lang, event, Where(tz=tz))),
                deadline=format_datetime(now + OFFER_TIME, lang, tz),
            )
            markup = self.render.rsvp_keyboard(lang, event).to_dict()
            ref = f"event:{event.id}:offer:{user_id}:{now.timestamp():.0f}"
            items.append(OutboxItem("event", ref, user_id, payload(text, markup)))
        if items:
            await self.outbox.enqueue(items)
            log.info("event %s: a place offered to %d waiting", event.id, len(items))
        return offered

    async def expire(self) -> None:
        """Offers not confirmed within :data:`OFFER_TIME` go to the next people."""
        for event_id in await self.repo.expire(self.clock.now() - OFFER_TIME):
            event = await self.events.get(event_id)
            if event is not None:
                await self.offer_places(event)
