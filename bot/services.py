"""The services of one running bot, built in ``post_init`` and closed in ``post_shutdown``.

Each feature adds its repository and service here, and its start step (rebuilding schedules
from SQLite) to :meth:`Services.start` in the order written there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot

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
from bot.metrics import ObservedRequest
from bot.onboarding import OnboardingService
from bot.polls import PollsService
from bot.privacy import PrivacyService
from bot.questions import KnowledgeService
from bot.reports import PollReports
from bot.scheduling import Scheduler
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
    async def create(
        cls, settings: Settings, clock: Clock, scheduler: Scheduler, *, db: Database | None = None
    ) -> Services:
        db = db or await Database.open(settings.storage.path)
        catalogue = Catalogue.bundled()
        # The outbox sends through a Bot of its own: no PTB rate limiter in its way, since the
        # delivery engine paces and retries itself (see bot/delivery.py).
        sender = Bot(
            settings.telegram.require_token(),
            base_url=settings.telegram.api_base_url,
            base_file_url=settings.telegram.file_base_url,
            # (ObservedRequest: PTB's HTTPXRequest counting Telegram's 429s for /metrics.)
            request=ObservedRequest(connection_pool_size=64, read_timeout=15, write_timeout=15),
        )
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
        # Announcements (issue 7): drafts, scheduling, progress and reports over the outbox.
        broadcasts = BroadcastService(
            BroadcastsRepository(db),
            MembersRepository(db),
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
            lambda: knowledge.kb,
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
            PollReports(polls_repo, catalogue, lambda: knowledge.kb),
            members,
            delivery,
            scheduler,
            catalogue,
            settings,
            clock,
            lambda: knowledge.kb,
        )
        polls.follow_events(events)  # feedback after each event's end
        # Activity report for the funder (issue 12): read through the polls', events' and
        # announcements' own readers, so that its figures are theirs.
        activity = ActivityReports(
            polls.reports,
            events.repo,
            broadcasts.repo,
            members.repo,
            lambda: knowledge.kb,
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
        privacy.register("outbox", erase=delivery.repo.forget)  # messages sent to the person
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
            lambda: knowledge.kb,
            clock,
            settings.zone,
            forms_dir(settings.data.path or default_data_dir()),
            enqueue=delivery.enqueue,
            scheduler=scheduler,
            catalogue=catalogue,
        )
        privacy.register("forms", export=forms.personal_data, erase=forms.forget_person)
        # -- the partnership exchange and the Atlas (issue 18): offers reviewed, expiring and
        # relayed through the outbox; the Atlas imported from CSV; free-text answers on both.
        atlas = AtlasService(AtlasRepository(db), lambda: knowledge.kb, clock)
        offers = OffersService(
            ExchangeRepository(db),
            members,
            lambda: knowledge.kb,
            delivery.enqueue,
            scheduler,
            catalogue,
            clock,
        )
        privacy.register("exchange", export=offers.personal_data, erase=offers.forget_person)
        exchange_answers = ExchangeAnswers(atlas, offers, catalogue)
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
