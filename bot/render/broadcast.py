"""Announcements as Telegram HTML and inline keyboards: the composition's menus, the
confirmation's buttons and cost, the progress and the report edited into the author's message,
the list of /annonces. Button data through bot/render/buttons.py. The service
(:class:`bot.broadcast.BroadcastService`) holds one as ``render`` and hands it data."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Catalogue, Safe, format_datetime
from bot.render.buttons import BroadcastTool, ButtonDataError, Compose, ComposeVerb, inline
from bot.render.telegram_html import plain_excerpt

if TYPE_CHECKING:
    from bot.broadcast import Choice, Progress, Report
    from bot.settings import DeliverySettings
    from bot.storage.broadcasts import Broadcast

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

    def _count(self, lang: str, noun: str, count: int, total: int | None = None) -> Safe:
        """``count`` with its noun agreeing (``1 échec``, ``2 échecs``), for lines of several."""
        return Safe(self.t(lang, f"counts.{noun}", count=count, total=total))

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
                delivered=self._count(lang, "received", broadcast.delivered, broadcast.recipients),
                unreachable=self._count(lang, "unreachable", broadcast.unreachable),
                failed=self._count(lang, "failed", broadcast.failed + broadcast.uncertain),
            )
        elif broadcast.state == "sending":
            figures = self.t(
                lang,
                "list.sending",
                sent=self._count(
                    lang,
                    "sent",
                    progress.delivered if progress else 0,
                    progress.total if progress else broadcast.recipients,
                ),
            )
        elif broadcast.state == "scheduled":
            figures = self.t(lang, "list.scheduled")
        else:
            figures = self.t(lang, "list.cancelled_state")
        return f"{head}\n{figures}"

    # -- the audience, the cost, the progress and the report ------------------------------------

    def audience(self, kind: str, names: str, lang: str) -> str:
        """``Tout le monde``, ``Pays : Cameroun, Sénégal``... (plain text: escape it)."""
        return self.catalogue.raw(lang, f"broadcast.audiences.{kind}").format(names=names)

    def preview_cost(self, count: int, lang: str, delivery: DeliverySettings) -> str:
        """The preview's line on what a paid broadcast to ``count`` recipients may cost
        (``delivery.paid_broadcast``), with its newline; empty without paid broadcasts.

        Telegram charges 0.1 Star per message above the free rate: at the paid rate, the share
        ``free / paid`` of the messages is free. An upper bound: a slower send costs less."""
        if not delivery.paid_broadcast or count <= 0:
            return ""
        free = delivery.overall_per_second
        paid = count - math.floor(count * min(1.0, free / delivery.paid_per_second))
        stars = f"{paid // 10}" + (f".{paid % 10}" if paid % 10 else "")
        return "\n" + self.t(
            lang,
            "preview.paid_cost",
            stars=stars.replace(".", ",") if lang == "fr" else stars,
            per_message="0,1" if lang == "fr" else "0.1",  # Stars per paid message
            free=f"{free:g}",
        )

    def scheduled(self, broadcast: Broadcast, count: int, *, zone: ZoneInfo, audience: str) -> str:
        lang = broadcast.language
        assert broadcast.scheduled_at is not None
        return self.t(
            lang,
            "progress.scheduled",
            id=broadcast.id,
            when=format_datetime(broadcast.scheduled_at, lang, zone),
            audience=audience,
            count=count,
        )

    def progress(self, broadcast: Broadcast, progress: Progress, *, audience: str) -> str:
        lang = broadcast.language
        text = self.t(
            lang,
            "progress.sending",
            id=broadcast.id,
            sent=self._count(lang, "sent", progress.delivered, progress.total),
            audience=audience,
        )
        problems = progress.unreachable + progress.failed + progress.uncertain
        if problems:
            text += "\n" + self.t(
                lang,
                "progress.problems",
                unreachable=self._count(lang, "unreachable", progress.unreachable),
                failed=self._count(lang, "failed", progress.failed + progress.uncertain),
            )
        return text

    def report(self, report: Report, *, zone: ZoneInfo, audience: str, now: datetime) -> str:
        broadcast = report.broadcast
        lang = broadcast.language
        figures = report.figures
        lines = [
            self.t(lang, "report.title", id=broadcast.id),
            self.t(
                lang,
                "report.audience",
                audience=audience,
                excerpt=plain_excerpt(broadcast.body, 50) or "—",
            ),
            self.t(lang, "report.delivered", delivered=figures.delivered, total=report.total),
        ]
        for state, count in (
            ("unreachable", figures.unreachable),
            ("failed", figures.failed),
            ("uncertain", figures.uncertain),
        ):
            if not count:
                continue
            lines.append(self.t(lang, f"report.{state}", count=count))
            for reason, n in sorted(
                report.reasons.get(state, Counter()).items(), key=lambda kv: (-kv[1], kv[0])
            ):
                lines.append(
                    self.t(
                        lang,
                        "report.reason",
                        reason=Safe(self.t(lang, f"reasons.{reason}")),
                        count=n,
                    )
                )
        if broadcast.started_at is not None:
            end = broadcast.finished_at or now
            seconds = max(0, round((end - broadcast.started_at).total_seconds()))
            lines.append(
                self.t(
                    lang,
                    "report.timing",
                    when=format_datetime(broadcast.started_at, lang, zone),
                    duration=duration(seconds),
                )
            )
        if figures.uncertain:
            lines.append(self.t(lang, "report.uncertain_note"))
        return "\n".join(lines)

    def csv_keyboard(self, broadcast: Broadcast) -> InlineKeyboardMarkup:
        """The button under the report that asks for the CSV of those who did not (surely) get
        it."""
        label = self.t(broadcast.language, "buttons.csv")
        return InlineKeyboardMarkup([[inline(label, BroadcastTool("csv", broadcast.id))]])


def duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
