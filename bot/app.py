"""Building the PTB ``Application``: the one place where the bot is put together."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from telegram import BotCommandScopeDefault, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    SimpleUpdateProcessor,
)

from bot.clock import Clock, SystemClock
from bot.context import BotContext, BotData, CoopApplication
from bot.health import Operations
from bot.i18n import LANGUAGES
from bot.metrics import ObservedRequest
from bot.render.menus import menu
from bot.scheduling import Scheduler
from bot.sender import outbox_bot
from bot.services import Services
from bot.settings import Settings
from bot.storage.persistence import SqlitePersistence

log = logging.getLogger(__name__)

# The updates the bot acts on, asked for explicitly: Telegram remembers the last list a token
# asked for, so "the default" may be whatever an earlier program set (poll answers missing...).
ALLOWED_UPDATES = ["message", "callback_query", "poll", "poll_answer", "my_chat_member"]


class CoopRateLimiter(AIORateLimiter):
    """PTB's rate limiter, which every Bot API request goes through, plus one tolerance all the
    button handlers need: Telegram refuses to answer a callback query more than a few seconds
    old ("query is too old"), which is what buttons pressed while the bot was stopped are when
    it starts again. The press is still handled (old buttons keep working after a restart);
    only its little toast is lost."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        try:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        except BadRequest as exc:
            if endpoint == "answerCallbackQuery" and "query is too old" in exc.message.lower():
                log.info("callback query too old to be answered: %s", exc.message)
                return True
            raise


class PersistingUpdates(SimpleUpdateProcessor):
    """Updates one at a time, as PTB does by default; after each, what it changed in a guided
    flow (its step, its draft) is written to SQLite at once, not on PTB's timer: a SIGKILL
    between two steps loses nothing the person typed."""

    def __init__(self) -> None:
        super().__init__(max_concurrent_updates=1)
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.ops: Operations | None = None  # counts and times each update (health, metrics)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.perf_counter()
        await coroutine
        if self.ops is not None:
            self.ops.update_handled(update, time.perf_counter() - started)
        if self.application is not None and self.application.persistence is not None:
            await self.application.update_persistence()
            await self.application.persistence.flush()


def build_application(settings: Settings, *, clock: Clock | None = None) -> CoopApplication:
    """The bot, ready for ``run_polling`` (or ``async with`` in tests)."""
    from handlers import menus, register

    the_clock: Clock = clock or SystemClock()
    # Guided flows and their drafts in the bot's SQLite file; its connection is the services'.
    persistence = SqlitePersistence(settings.storage.path, the_clock)
    updates = PersistingUpdates()
    # Health endpoint, heartbeat and metrics (issue 14); webhook mode when a URL is configured.
    ops = Operations(
        settings, the_clock, mode="webhook" if settings.telegram.webhook_url else "polling"
    )
    updates.ops = ops

    # The services live from post_init to post_shutdown: Services.open, entered here.
    opened = AsyncExitStack()

    async def post_init(application: CoopApplication) -> None:
        assert application.job_queue is not None
        scheduler = Scheduler(the_clock, application.job_queue)
        services = await opened.enter_async_context(
            Services.open(
                settings,
                clock=the_clock,
                sender=outbox_bot(settings),
                scheduler=scheduler,
                db=await persistence.database(),
            )
        )
        application.bot_data.services = services
        await services.start()  # each service rebuilds its jobs from SQLite...
        scheduler.start()  # ...then the heartbeat runs what is due by the clock
        catalogue = services.catalogue
        await application.bot.set_my_commands(
            menu(catalogue, settings.default_language), scope=BotCommandScopeDefault()
        )
        for lang in LANGUAGES:
            await application.bot.set_my_commands(menu(catalogue, lang), language_code=lang)
        # each coordinator's own menu (configured and promoted), kept in step afterwards
        await menus.sync_all(application.bot, services, application.bot_data.menus)
        await ops.start(application, services)
        log.info("coopbot is ready as @%s", application.bot.username)

    async def post_shutdown(application: CoopApplication) -> None:
        services = application.bot_data.services
        await ops.stop()
        if services is not None:
            await services.scheduler.stop()
            await opened.aclose()  # Services.close
            application.bot_data.services = None

    application: CoopApplication = (
        ApplicationBuilder()
        .token(settings.telegram.require_token())
        .base_url(settings.telegram.api_base_url)
        .base_file_url(settings.telegram.file_base_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                # A reply still goes out when the message it answers was deleted meanwhile.
                allow_sending_without_reply=True,
            )
        )
        .rate_limiter(CoopRateLimiter(max_retries=2))
        # PTB's HTTP clients, counting 429s and when getUpdates last answered (health).
        .request(ObservedRequest(connection_pool_size=256))
        .get_updates_request(
            ObservedRequest(
                connection_pool_size=1,
                read_timeout=settings.telegram.poll_timeout + 10,
                on_updates=ops.updates_fetched,
            )
        )
        .persistence(persistence)
        .concurrent_updates(updates)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    updates.application = application
    application.bot_data.ops = ops
    register(application)
    return application


@asynccontextmanager
async def running(application: CoopApplication, *, poll_timeout: int = 10) -> AsyncIterator[None]:
    """Run the application's polling inside an existing event loop (tests, demo, benchmarks).

    The same steps, in the same order, as ``Application.run_polling``: initialize, post_init,
    start polling, start; and on exit: stop polling, stop, post_stop, shutdown, post_shutdown.
    """
    assert application.updater is not None
    updater = application.updater

    async def start_polling() -> None:
        await updater.start_polling(
            poll_interval=0.0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
        )

    async with lifecycle(application, start_polling):
        yield


@asynccontextmanager
async def lifecycle(
    application: CoopApplication, start_updates: Callable[[], Awaitable[None]]
) -> AsyncIterator[None]:
    """The steps of ``Application.run_polling`` / ``run_webhook`` around ``start_updates``
    (polling or the webhook server), inside an existing event loop."""
    assert application.updater is not None
    try:
        # inside the try: stopped while starting (Ctrl-C in the demo), what was opened closes
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await start_updates()
        await application.start()
        try:
            yield
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        # stopped while starting: what PTB's shutdown skips (it only undoes a finished start)
        await application.bot.shutdown()  # the HTTP clients (a no-op once shut down)
        if isinstance(application.persistence, SqlitePersistence):
            await application.persistence.close()  # its connection, if post_init never took it
