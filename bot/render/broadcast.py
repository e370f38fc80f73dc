"""Announcements as Telegram HTML and inline keyboards: the composition's menus, the
confirmation's buttons, the list of /annonces. Button data through bot/render/buttons.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Catalogue, format_datetime
from bot.render.buttons import BroadcastTool, ButtonDataError, Compose, ComposeVerb, inline

if TYPE_CHECKING:
    from bot.broadcast import Broadcast, Choice, Progress

# Multiple choices in callback data (64 bytes at most): one letter for the kind.
TOGGLE_CODES = {"countries": "c", "focal_points": "o"}
TOGGLE_KINDS = {code: kind for kind, code in TOGGLE_CODES.items()}

AudienceKind = Literal["all", "project", "countries", "focal_points", "groups", "members"]


def rows_of(
    buttons: Sequence[InlineKeyboardButton], width: int
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


class BroadcastRender:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"broadcast.{key}", **params)

    def _button(
        self, lang: str, key: str, draft_id: int, action: ComposeVerb, arg: str = ""
    ) -> InlineKeyboardButton:
        return inline(self.t(lang, f"buttons.{key}"), Compose(draft_id, action, arg))

    # -- composition ----------------------------------------------------------------------------

    def audience_menu(self, lang: str, draft_id: int) -> InlineKeyboardMarkup:
        def choice(kind: AudienceKind, action: ComposeVerb) -> InlineKeyboardButton:
            return self._button(lang, f"audience_{kind}", draft_id, action, kind)

        return InlineKeyboardMarkup(
            [
                [choice("all", "set"), choice("project", "pick")],
                [choice("countries", "pick"), choice("focal_points", "pick")],
                [choice("groups", "set"), choice("members", "set")],
                [self._button(lang, "cancel", draft_id, "x")],
            ]
        )

    def choices_keyboard(
        self,
        lang: str,
        draft_id: int,
        kind: str,
        choices: Sequence[Choice],
        selected: set[str],
    ) -> InlineKeyboardMarkup:
        """Projects (one press chooses) or countries / focal points (each press toggles)."""
        buttons = []
        for choice in choices:
            if kind == "project":
                data = Compose(draft_id, "proj", choice.id)
                label = f"{choice.label} ({choice.count})"
            else:
                data = Compose(draft_id, "tog", f"{TOGGLE_CODES[kind]}:{choice.id}")
                mark = "✅ " if choice.id in selected else ""
                label = f"{mark}{choice.label} ({choice.count})"
            try:
                buttons.append(inline(label, data))
            except ButtonDataError:  # a value too long for Telegram's 64 bytes: not offered
                continue
        rows = rows_of(buttons, 1 if kind == "project" else 2)
        last = [self._button(lang, "back", draft_id, "aud")]
        if kind != "project":
            last.insert(
                0,
                inline(
                    self.t(lang, "buttons.validate", count=len(selected)),
                    Compose(draft_id, "ok"),
                ),
            )
        rows.append(last)
        return InlineKeyboardMarkup(rows)

    def summary_keyboard(self, lang: str, draft_id: int, scheduled: bool) -> InlineKeyboardMarkup:
        """Under the confirmation: send or schedule, change the audience, cancel."""
        if scheduled:
            rows = [
                [self._button(lang, "confirm_schedule", draft_id, "go")],
                [
                    self._button(lang, "change_time", draft_id, "sched"),
                    self._button(lang, "send_instead", draft_id, "now"),
                ],
            ]
        else:
            rows = [
                [
                    self._button(lang, "send_now", draft_id, "now"),
                    self._button(lang, "schedule", draft_id, "sched"),
                ]
            ]
        rows.append(
            [
                self._button(lang, "change_audience", draft_id, "aud"),
                self._button(lang, "cancel", draft_id, "x"),
            ]
        )
        return InlineKeyboardMarkup(rows)

    def cancel_draft_keyboard(self, lang: str, draft_id: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[self._button(lang, "cancel", draft_id, "x")]])

    # -- after sending --------------------------------------------------------------------------

    def cancel_scheduled_button(self, lang: str, broadcast_id: int) -> InlineKeyboardButton:
        return inline(
            self.t(lang, "buttons.cancel_scheduled", id=broadcast_id),
            BroadcastTool("cancel", broadcast_id),
        )

    def cancel_scheduled_keyboard(self, lang: str, broadcast_id: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[self.cancel_scheduled_button(lang, broadcast_id)]])

    def failures_button(self, lang: str, broadcast_id: int) -> InlineKeyboardButton:
        return inline(
            self.t(lang, "buttons.csv_of", id=broadcast_id), BroadcastTool("csv", broadcast_id)
        )

    def list_keyboard(
        self, lang: str, broadcasts: Sequence[Broadcast]
    ) -> InlineKeyboardMarkup | None:
        """/annonces: cancel the scheduled ones, the CSV of the failures of the others."""
        buttons: list[InlineKeyboardButton] = []
        for broadcast in broadcasts:
            if broadcast.state == "scheduled":
                buttons.append(self.cancel_scheduled_button(lang, broadcast.id))
            elif broadcast.state == "done" and broadcast.delivered < broadcast.recipients:
                buttons.append(self.failures_button(lang, broadcast.id))
        return InlineKeyboardMarkup(rows_of(buttons, 2)) if buttons else None

    def list_item(
        self,
        lang: str,
        broadcast: Broadcast,
        progress: Progress | None,
        *,
        zone: ZoneInfo,
        audience: str,
        excerpt: str,
    ) -> str:
        stamp: datetime = broadcast.started_at or broadcast.scheduled_at or broadcast.created_at
        head = self.t(
            lang,
            "list.head",
            id=broadcast.id,
            when=format_datetime(stamp, lang, zone),
            audience=audience,
            excerpt=excerpt or "—",
        )
        if broadcast.state == "done":
            figures = self.t(
                lang,
                "list.done",
                delivered=broadcast.delivered,
                total=broadcast.recipients,
                unreachable=broadcast.unreachable,
                failed=broadcast.failed + broadcast.uncertain,
            )
        elif broadcast.state == "sending":
            figures = self.t(
                lang,
                "list.sending",
                sent=progress.delivered if progress else 0,
                total=progress.total if progress else broadcast.recipients,
            )
        elif broadcast.state == "scheduled":
            figures = self.t(lang, "list.scheduled")
        else:
            figures = self.t(lang, "list.cancelled_state")
        return f"{head}\n{figures}"
