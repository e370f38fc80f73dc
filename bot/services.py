"""The one place where the application is wired: every repository and service, built once.

    async with Services.open(settings, clock=clock, sender=sender) as services:
        ...

The bot opens it in ``post_init`` and closes it in ``post_shutdown`` (``bot/app.py``), then
calls :meth:`Services.start`; terminal commands (``bot/cli/``) and benchmarks (``bench/``) open
it too, with a lazy sender (``bot/sender.py``: no Telegram ``Bot`` unless something is sent)
and without starting anything. Nobody else opens the database or builds a service.

Each feature adds, in :meth:`Services.create`: its repository, given to its service ONLY
(one owner per table: other services ask that service, never its repository), its hooks and
``privacy.register``; a field of :class:`Services`; its start step (rebuilding schedules from
SQLite) to :meth:`Services.start` and its stop step to :meth:`Services.close`, in the order
written there.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.activity_report import ActivityReports
from bot.broadcast import BroadcastService
from bot.clock import Clock
from bot.delivery import Delivery
from bot.directory import DirectoryService
from bot.events import EventsService
from bot.exchange.answers import ExchangeAnswers
from bot.exchange.atlas import AtlasService
from bot.exchange.offers import OffersService
from bot.forms.service import FormsService
from bot.i18n import Catalogue
from bot.live_answers import LiveAnswers
from bot.members import MembersService
from bot.onboarding import OnboardingService
from bot.polls import PollsService
from bot.privacy import PrivacyService
from bot.questions import KnowledgeService
from bot.reports import PollReports
from bot.scheduling import Scheduler
from bot.sender import Sender
from bot.settings import Settings
from bot.storage.atlas import AtlasRepository
from bot.storage.broadcasts import BroadcastsRepository
from bot.storage.database import Database
from bot.storage.events import EventsRepository
from bot.storage.exchange import ExchangeRepository
from bot.storage.forms import FormsRepository
from bot.storage.knowledge import KnowledgeRepository
from bot.storage.members import MembersRepository
from bot.storage.outbox import OutboxRepository
from bot.storage.persistence import ConversationsRepository
from bot.storage.polls import PollsRepository

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    catalogue: Catalogue
    scheduler: Scheduler
    delivery: Delivery
    knowledge: KnowledgeService
    members: MembersService
    directory: DirectoryService
    onboarding: OnboardingService
    privacy: PrivacyService
    broadcasts: BroadcastService
    polls: PollsService
    events: EventsService
    live: LiveAnswers
    activity: ActivityReports
    forms: FormsService  # self-assessments (issue 13)
    # The partnership exchange and the Atlas (issue 18).
    atlas: AtlasService
    offers: OffersService
    exchange_answers: ExchangeAnswers

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        settings: Settings,
        *,
        clock: Clock,
        sender: Sender,
        scheduler: Scheduler | None = None,
        db: Database | None = None,
    ) -> AsyncIterator[Services]:
        """Everything, built once over one database connection (``db``, else the settings'
        file, opened and migrated); closed on exit. Nothing is started: the bot calls
        :meth:`start`. ``sender``: the Bot the outbox sends through (``bot/sender.py``).
        ``scheduler``: the bot's (on PTB's JobQueue); without one, jobs are only recorded."""
        services = await cls.create(settings, clock, scheduler, sender=sender, db=db)
        try:
            yield services
        finally:
            await services.close()

    @classmethod
    async def create(
        cls,
        settings: Settings,
        clock: Clock,
        scheduler: Scheduler | None = None,
        *,
        sender: Sender,
        db: Database | None = None,
    ) -> Services:
        """The wiring itself (prefer :meth:`open`, which also closes)."""
        db = db or await Database.open(settings.storage.path)
        scheduler = scheduler or Scheduler(clock)
        catalogue = Catalogue.bundled()
        await sender.initialize()
        delivery = Delivery(OutboxRepository(db), sender, settings.delivery, clock)
        knowledge = KnowledgeService(KnowledgeRepository(db), settings.data.path, clock)
        # Members (issue 4): roster, roles, groups; directory, onboarding, personal data.
        members = MembersService(
            MembersRepository(db),
            settings,
            clock,
            knowledge=knowledge,
            catalogue=catalogue,
            enqueue=delivery.enqueue,
        )
        directory = DirectoryService(members)
        onboarding = OnboardingService(members, directory, catalogue)
        privacy = PrivacyService(members)
        delivery.on_unreachable(members.mark_unreachable)
        delivery.on_migrated(members.group_migrated)
        delivery.on_topic_gone(members.topic_gone)  # issue 15: closed or deleted forum topics
        # Announcements (issue 7): drafts, scheduling, progress and reports over the outbox.
        broadcasts = BroadcastService(
            BroadcastsRepository(db),
            members,
            delivery,
            catalogue,
            settings,
            clock,
            scheduler,
            knowledge=knowledge,
        )
        # Events and reminders (issue 5): reminders rebuilt from SQLite at start.
        events = EventsService(
            EventsRepository(db),
            members,
            knowledge,
            delivery,
            scheduler,
            settings,
            clock,
            catalogue,
        )
        # Polls (issue 6): quick polls, feedback after events, results; answers buffered.
        polls_repo = PollsRepository(db)
        polls = PollsService(
            polls_repo,
            PollReports(polls_repo, catalogue, knowledge),
            members,
            delivery,
            scheduler,
            catalogue,
            settings,
            clock,
            knowledge,
        )
        polls.follow_events(events)  # feedback after each event's end
        # Activity report for the funder (issue 12): read through the polls', events' and
        # announcements' own readers, so that its figures are theirs.
        activity = ActivityReports(
            polls.reports,
            events,
            broadcasts,
            members,
            knowledge,
            catalogue,
            clock,
            settings.zone,
            flush=polls.flush,
        )
        privacy.register("polls", export=polls.personal_data, erase=polls.forget_person)
        privacy.register(
            "broadcasts", export=broadcasts.personal_data, erase=broadcasts.forget_person
        )
        privacy.register("events", export=events.personal_data)  # erased by foreign keys
        privacy.register("outbox", erase=delivery.forget)  # messages sent to the person
        privacy.register(  # ...and those sent to others that name them (a claim, a role)
            "notices",
            erase=lambda user_id: delivery.forget_refs(
                "members.notice", members.notices_about(user_id)
            ),
        )
        privacy.register("flows", erase=ConversationsRepository(db).forget_user)  # drafts
        # Free-text questions about events, polls and the directory (issue 11).
        live = LiveAnswers(knowledge, events, directory, polls, members, catalogue, settings, clock)
        # Self-assessments (issue 13): questionnaires of data/forms/, one shared draft per
        # organisation, follow-up and reminders through the outbox (rescheduled at start).
        from bot.forms.files import forms_dir
        from bot.knowledge.loader import default_data_dir

        forms = FormsService(
            FormsRepository(db),
            members,
            knowledge,
            clock,
            settings.zone,
            forms_dir(settings.data.path or default_data_dir()),
            enqueue=delivery.enqueue,
            scheduler=scheduler,
            catalogue=catalogue,
        )
        privacy.register("forms", export=forms.personal_data, erase=forms.forget_person)
        activity.self_assessments = forms.followup.statuses  # a column of the funder's report
        # -- the partnership exchange and the Atlas (issue 18): offers reviewed, expiring and
        # relayed through the outbox; the Atlas imported from CSV; free-text answers on both.
        atlas = AtlasService(AtlasRepository(db), knowledge, clock)
        offers = OffersService(
            ExchangeRepository(db),
            members,
            knowledge,
            delivery.enqueue,
            scheduler,
            catalogue,
            clock,
        )
        privacy.register("exchange", export=offers.personal_data, erase=offers.forget_person)
        exchange_answers = ExchangeAnswers(atlas, offers, catalogue)
        live.exchange = exchange_answers  # free text: one entry point, LiveAnswers.reply
        # -- end of the exchange (issue 18)
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            catalogue=catalogue,
            scheduler=scheduler,
            delivery=delivery,
            knowledge=knowledge,
            members=members,
            directory=directory,
            onboarding=onboarding,
            privacy=privacy,
            broadcasts=broadcasts,
            events=events,
            polls=polls,
            live=live,
            activity=activity,
            forms=forms,
            atlas=atlas,  # issue 18
            offers=offers,
            exchange_answers=exchange_answers,
        )

    async def start(self) -> None:
        """Rebuild from SQLite everything that lives in memory, then start sending."""
        await self.knowledge.start()
        await self.members.start(self.scheduler)
        await self.broadcasts.start()
        await self.polls.start()
        await self.events.start()
        await self.forms.start()  # questionnaires loaded, reminders scheduled (issue 13)
        await self.offers.start()  # offers' reminders, expiry, weekly digests (issue 18)
        await self.delivery.start()

    async def close(self) -> None:
        await self.polls.stop()  # first: writes the poll answers still buffered
        await self.members.close()
        await self.broadcasts.stop()
        await self.delivery.stop()
        await self.delivery.bot.shutdown()
        await self.db.close()
