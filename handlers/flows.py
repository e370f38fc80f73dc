"""Guided flows: conversations kept in SQLite, that survive restarts and expire when left.

Every guided flow of the bot (``/evenement``, ``/sondage``, ``/annonce``) is a :class:`Flow`: a
PTB ``ConversationHandler`` made persistent (its step and the draft it collected live in SQLite,
see ``bot/storage/persistence.py``), so that after a restart, even a SIGKILL, the person's next
message or button press continues where they were, and what they type is never taken for a
question. ``/annuler`` (``/cancel``) ends a flow at every step (each flow's fallback).

A flow left untouched for :data:`FLOW_TTL` by the project's clock expires: the person is told
once, the next time they write in that chat (:func:`expiry_guard`, which runs before every
other handler), and their draft is dropped.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    ConversationHandler,
    TypeHandler,
)
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from bot.storage.persistence import FLOW_TTL, SqlitePersistence
from handlers.common import person_of

log = logging.getLogger(__name__)


Discard = Callable[[Update, BotContext], Awaitable[None]]


class Flow(ConversationHandler[BotContext]):
    """A persistent conversation, per (chat, user), with a command to start it again.

    ``restart`` is the command named in the expiry notice (``/evenement``...); ``discard``
    drops what the flow collected (its draft in ``user_data``, a draft row...) when it expires.
    Its buttons are tracked per user, not per message, which PTB's ``per_message=False``
    warning points out: intended, hence silenced.
    """

    def __init__(
        self,
        *,
        name: str,
        restart: dict[str, str],
        discard: Discard | None = None,
        **kwargs: Any,
    ) -> None:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message="If 'per_message=False'", category=PTBUserWarning
            )
            super().__init__(name=name, persistent=True, allow_reentry=True, **kwargs)
        self.restart = restart
        self.discard = discard

    def step_of(self, update: Update) -> tuple[tuple[int, ...], object] | None:
        """The conversation key of this update and its current step, if a flow is under way."""
        if update.effective_chat is None or update.effective_user is None:
            return None
        key = tuple(int(k) for k in self._get_key(update))
        state = self._conversations.get(key)
        if state is None:
            return None
        return key, state

    def end(self, key: tuple[int, ...]) -> None:
        """End the conversation of ``key`` (persisted with the rest at the end of the update)."""
        self._update_state(self.END, key)


def expiry_guard(flows: list[Flow]) -> BaseHandler[Update, BotContext, None]:
    """The handler that expires flows left for :data:`FLOW_TTL` (register it first)."""

    async def guard(update: Update, context: BotContext) -> None:
        if update.message is None and update.callback_query is None:
            return
        persistence = context.application.persistence
        if not isinstance(persistence, SqlitePersistence):
            return
        now = context.services.clock.now()
        expired: list[Flow] = []
        for flow in flows:
            found = flow.step_of(update)
            if found is None:
                continue
            touched = persistence.touched_at(flow.name or "", found[0])
            if touched is None or now - touched < FLOW_TTL:
                continue
            flow.end(found[0])
            if flow.discard is not None:
                await flow.discard(update, context)
            expired.append(flow)
        if not expired:
            return
        await _tell_expired(update, context, expired)
        message = update.message
        if update.callback_query is not None or (
            message is not None and not (message.text or "").startswith("/")
        ):
            raise ApplicationHandlerStop  # an answer to a step that is gone: not a question

    return TypeHandler(Update, guard)


async def _tell_expired(update: Update, context: BotContext, expired: list[Flow]) -> None:
    services = context.services
    person = person_of(update)
    lang: str = services.settings.default_language
    if person is not None:
        lang = await services.members.language_for(person.user_id, person.language_code)
    hours = int(FLOW_TTL.total_seconds() // 3600)
    if update.callback_query is not None:
        await update.callback_query.answer()  # once, however many flows expired
    chat = update.effective_chat
    if chat is None:
        return
    for flow in expired:
        body = services.catalogue.t(
            lang, "core.flows.expired", hours=hours, command="/" + flow.restart[lang]
        )
        await context.bot.send_message(chat.id, body)
