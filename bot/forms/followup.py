"""Following self-assessments up, for coordinators: progress by country, results, the export
table, and reminders to the focal points of organisations not done (by hand at most once a
day per organisation, automatically 7 days and 1 day before the deadline), through the outbox.
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.clock import to_iso
from bot.forms.models import Form, Question
from bot.forms.service import DONE, IN_PROGRESS, NOT_STARTED, FormsError, FormsService, status_of
from bot.i18n import Catalogue, format_date
from bot.knowledge.models import Organisation
from bot.scheduling import Scheduler
from bot.storage.outbox import OutboxItem

log = logging.getLogger(__name__)

Enqueue = Callable[[list[OutboxItem]], Awaitable[int]]

# Automatic reminders, days before the deadline, and the one-a-day limit of the manual ones.
AUTO_REMINDERS = (7, 1)
NUDGE_EVERY = timedelta(days=1)
OPEN_BUTTON = "fm:open:{form}"


@dataclass(frozen=True)
class OrgProgress:
    organisation: Organisation
    status: str
    answered: int
    total: int
    submitted_at: datetime | None


@dataclass(frozen=True)
class Progress:
    form: Form
    by_country: dict[str, list[OrgProgress]]  # country id -> organisations, by name

    def count(self, status: str) -> int:
        return sum(1 for orgs in self.by_country.values() for o in orgs if o.status == status)

    @property
    def organisations(self) -> int:
        return sum(len(orgs) for orgs in self.by_country.values())


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # choice id / "yes" "no" / "1".."5"
    numbers: list[float] = field(default_factory=list)
    texts: list[tuple[Organisation, str]] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.numbers) if self.numbers else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.numbers) if self.numbers else None


@dataclass(frozen=True)
class Results:
    form: Form
    done: int
    organisations: int
    questions: list[QuestionResult]


@dataclass(frozen=True)
class Nudged:
    organisations: int  # reminded now
    members: int  # messages queued
    recent: int  # organisations skipped: reminded less than a day ago
    unreachable: int  # organisations not done with no focal point the bot can write to


@dataclass(frozen=True)
class ExportRow:
    organisation: Organisation
    status: str
    answered: int
    submitted_at: datetime | None
    values: dict[str, Any]  # question id -> value (shown questions only)


class FollowUp:
    def __init__(
        self,
        forms: FormsService,
        enqueue: Enqueue,
        scheduler: Scheduler,
        catalogue: Catalogue,
    ) -> None:
        self.forms = forms
        self.enqueue = enqueue
        self.scheduler = scheduler
        self.catalogue = catalogue

    # -- progress, results, export -----------------------------------------------------------

    async def _table(self, form: Form) -> list[ExportRow]:
        responses = await self.forms.responses(form.id)
        rows: list[ExportRow] = []
        for org in sorted(self.forms.organisations(form), key=lambda o: o.name):
            response = responses.get(org.id)
            answers = response.answers if response else {}
            visible = form.visible(answers)
            values = {q.id: answers[q.id] for q in visible if answers.get(q.id) is not None}
            rows.append(
                ExportRow(
                    org,
                    status_of(response),
                    len(values),
                    response.submitted_at if response else None,
                    values,
                )
            )
        return rows

    async def progress(self, form_id: str) -> Progress:
        form = self.forms.form(form_id)
        responses = await self.forms.responses(form.id)
        by_country: dict[str, list[OrgProgress]] = {}
        for org in sorted(self.forms.organisations(form), key=lambda o: o.name):
            response = responses.get(org.id)
            answers = response.answers if response else {}
            visible = form.visible(answers)
            answered = sum(1 for q in visible if answers.get(q.id) is not None)
            by_country.setdefault(org.country, []).append(
                OrgProgress(
                    org,
                    status_of(response),
                    answered,
                    len(visible),
                    response.submitted_at if response else None,
                )
            )
        return Progress(form, dict(sorted(by_country.items())))

    async def statuses(self, project_id: str) -> dict[str, tuple[str, str, int, int]]:
        """For the activity report: organisation id -> (questionnaire id, status, answered,
        questions shown), for the project's questionnaires (the first one by id)."""
        found: dict[str, tuple[str, str, int, int]] = {}
        for form in sorted(self.forms.forms.values(), key=lambda f: f.id):
            if form.project != project_id:
                continue
            progress = await self.progress(form.id)
            for orgs in progress.by_country.values():
                for item in orgs:
                    found.setdefault(
                        item.organisation.id, (form.id, item.status, item.answered, item.total)
                    )
        return found

    async def results(self, form_id: str) -> Results:
        form = self.forms.form(form_id)
        rows = await self._table(form)
        by_id = {q.id: QuestionResult(q) for q in form.questions()}
        for row in rows:
            if row.status != DONE:
                continue
            for question_id, value in row.values.items():
                result = by_id[question_id]
                result.answered += 1
                kind = result.question.type
                if kind == "single":
                    result.counts[value] += 1
                elif kind == "multiple":
                    result.counts.update(value)
                elif kind == "yes_no":
                    result.counts["yes" if value else "no"] += 1
                elif kind == "scale":
                    result.counts[str(value)] += 1
                    result.numbers.append(value)
                elif kind == "number":
                    result.numbers.append(value)
                else:
                    result.texts.append((row.organisation, value))
        done = sum(1 for r in rows if r.status == DONE)
        return Results(form, done, len(rows), list(by_id.values()))

    async def export_rows(self, form_id: str) -> tuple[Form, list[ExportRow]]:
        form = self.forms.form(form_id)
        return form, await self._table(form)

    # -- reminders ---------------------------------------------------------------------------

    def schedule(self) -> None:
        """The automatic reminders of every questionnaire still open (at start and after a
        load): a reminder whose time passed while the bot was stopped is sent at once, unless
        a later one is due too."""
        now = self.forms.clock.now()
        for name in self.scheduler.names("forms:remind:"):
            self.scheduler.cancel(name)
        for form in self.forms.forms.values():
            deadline = self.forms.deadline_at(form)
            if now >= deadline:
                continue
            for days in AUTO_REMINDERS:
                when = deadline - timedelta(days=days)
                self.scheduler.at(f"forms:remind:{form.id}:{days}", when, self._task(form.id, days))

    def _task(self, form_id: str, days: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self._auto(form_id, days)

        return run

    async def _auto(self, form_id: str, days: int) -> None:
        form = self.forms.forms.get(form_id)
        if form is None:
            return
        now = self.forms.clock.now()
        deadline = self.forms.deadline_at(form)
        later = [d for d in AUTO_REMINDERS if d < days and now >= deadline - timedelta(days=d)]
        if now >= deadline or later:
            return  # too late, or a later reminder is due as well: that one is sent
        await self._remind(form, f"auto-{days}", skip_recent=False)

    async def nudge(self, form_id: str) -> Nudged:
        """``/relancer autodiagnostic ID``: the focal points of organisations not done, each
        organisation at most once a day."""
        form = self.forms.form(form_id)
        if not self.forms.is_open(form):
            raise FormsError("closed")
        return await self._remind(form, "manual", skip_recent=True)

    async def _remind(self, form: Form, kind: str, *, skip_recent: bool) -> Nudged:
        now = self.forms.clock.now()
        progress = await self.progress(form.id)
        last = await self.forms.last_reminders(form.id)
        already: set[str] = set()
        if kind.startswith("auto-"):  # those of this deadline (a coordinator may move it)
            since = self.forms.deadline_at(form) - timedelta(days=int(kind[5:]) + 1)
            already = await self.forms.reminded(form.id, kind, since)
        everyone = await self.forms.all_focal_points()
        items: list[OutboxItem] = []
        sent: list[tuple[str, int]] = []
        recent = unreachable = 0
        for orgs in progress.by_country.values():
            for item in orgs:
                org_id = item.organisation.id
                if item.status == DONE or org_id in already:
                    continue
                if skip_recent and org_id in last and now - last[org_id] < NUDGE_EVERY:
                    recent += 1
                    continue
                people = [
                    m
                    for m in self.forms.focal_points(everyone, org_id)
                    if m.private_chat and m.reachable
                ]
                if not people:
                    unreachable += 1
                    continue
                for member in people:
                    items.append(self._reminder(form, item, member, kind, now))
                sent.append((org_id, len(people)))
        if items:
            await self.enqueue(items)
        if sent:
            await self.forms.add_reminders(form.id, kind, sent, now)
        log.info("questionnaire %s: %s reminders to %d organisations", form.id, kind, len(sent))
        return Nudged(len(sent), len(items), recent, unreachable)

    def _reminder(
        self, form: Form, item: OrgProgress, member: Any, kind: str, now: datetime
    ) -> OutboxItem:
        members = self.forms.members
        lang = members.language_of(member)
        deadline = format_date(form.deadline, lang)
        key = "forms.remind.started" if item.status == IN_PROGRESS else "forms.remind.new"
        org = item.organisation
        text = self.catalogue.t(
            lang,
            key,
            title=form.title.get(lang),
            organisation=org.name_en if lang == "en" and org.name_en else org.name,
            deadline=deadline,
            count=item.answered,
            total=item.total,
        )
        payload: dict[str, Any] = {
            "method": "sendMessage",
            "text": text,
            "parse_mode": "HTML",
            "reply_markup": {
                "inline_keyboard": [
                    [
                        {
                            "text": self.catalogue.t(lang, "forms.button.open"),
                            "callback_data": OPEN_BUTTON.format(form=form.id),
                        }
                    ]
                ]
            },
        }
        # An automatic reminder has one ref per organisation (the outbox never queues it twice,
        # even if the bot stopped between queueing it and recording it); a manual one, per time.
        ref = f"forms:{form.id}:{org.id}:{kind}"
        if kind == "manual":
            ref += f":{to_iso(now)}"
        return OutboxItem("forms.reminder", ref, member.user_id, payload)


__all__ = ["DONE", "IN_PROGRESS", "NOT_STARTED", "FollowUp"]
