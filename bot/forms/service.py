"""Self-assessments (issue 13): questionnaires each member organisation fills in through the
bot, one shared draft per organisation, followed up by coordinators.

The questionnaires come from ``data/forms/*.toml`` (:mod:`bot.forms.files`); the version in use
is the one stored in SQLite, so that an invalid file changes nothing. Everything a focal point
answers is written at once; where each person is (:class:`~bot.storage.forms.Session`) is in
SQLite too, and the automatic reminders (7 days and 1 day before the deadline) are scheduled
again from SQLite at start. Follow-up (progress, results, exports, reminders) is in
:mod:`bot.forms.followup`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.forms.answers import AnswerRefused, from_button, from_text
from bot.forms.files import read_forms
from bot.forms.models import Form, Question
from bot.i18n import Catalogue
from bot.knowledge.loader import Problem
from bot.knowledge.models import KnowledgeBase, Organisation
from bot.members import MembersService
from bot.names import Knowledge
from bot.scheduling import Scheduler
from bot.storage.forms import FormsRepository, Response, Session
from bot.storage.members import Member
from bot.storage.outbox import OutboxItem
from bot.storage.persistence import FLOW_TTL

log = logging.getLogger(__name__)

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"

Enqueue = Callable[[list[OutboxItem]], Awaitable[int]]


async def _nowhere(items: list[OutboxItem]) -> int:
    """No outbox (the terminal commands): nothing is sent."""
    return 0


@dataclass(frozen=True)
class Dropped:
    """Answers a new version of a questionnaire could not keep."""

    question_id: str
    organisations: int
    reason: str  # removed (from the file) | invalid (no longer an allowed answer)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)  # new questionnaires
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: dict[str, list[Dropped]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # stored, their file gone: not offered


@dataclass(frozen=True)
class Access:
    """What a person may do with a questionnaire: answer for ``organisation``, or only read
    (``reason``: ``no_organisation``, ``not_focal``, ``claim_pending``, ``other_project``)."""

    form: Form
    organisation: Organisation | None
    reason: str | None = None

    @property
    def can_answer(self) -> bool:
        return self.reason is None and self.organisation is not None


@dataclass(frozen=True)
class Draft:
    """An organisation's shared draft of a questionnaire."""

    form: Form
    organisation_id: str
    status: str  # not_started | in_progress | done
    answers: dict[str, Any]
    open: bool  # before the deadline

    @property
    def visible(self) -> list[Question]:
        return self.form.visible(self.answers)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.visible if self.answers.get(q.id) is not None)

    @property
    def total(self) -> int:
        return len(self.visible)

    @property
    def missing(self) -> list[Question]:
        """Required questions shown and not answered."""
        return [q for q in self.visible if not q.optional and self.answers.get(q.id) is None]

    def first_unanswered(self, after: str | None = None) -> Question | None:
        """The first question shown and never answered (nor skipped), after ``after`` if
        given, else from the start."""
        visible = self.visible
        start = 0
        if after is not None:
            ids = [q.id for q in visible]
            start = ids.index(after) + 1 if after in ids else 0
        for question in visible[start:] + visible[:start]:
            if question.id not in self.answers:
                return question
        return None

    def previous(self, question_id: str) -> Question | None:
        visible = self.visible
        ids = [q.id for q in visible]
        if question_id in ids and ids.index(question_id) > 0:
            return visible[ids.index(question_id) - 1]
        return None

    def following(self, question_id: str) -> Question | None:
        visible = self.visible
        ids = [q.id for q in visible]
        if question_id in ids and ids.index(question_id) + 1 < len(visible):
            return visible[ids.index(question_id) + 1]
        return None

    def number_of(self, question_id: str) -> int:
        ids = [q.id for q in self.visible]
        return ids.index(question_id) + 1 if question_id in ids else 0


def status_of(response: Response | None) -> str:
    if response is None:
        return NOT_STARTED
    if response.status == "submitted":
        return DONE
    return IN_PROGRESS if response.answers else NOT_STARTED


class FormsError(Exception):
    """A refused action: ``key`` in ``forms.error``."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = f"forms.error.{key}"
        self.params = params


class FormsService:
    def __init__(
        self,
        repo: FormsRepository,
        members: MembersService,
        knowledge: Knowledge,
        clock: Clock,
        zone: Any,
        folder: Path | None,
        *,
        enqueue: Enqueue | None = None,
        scheduler: Scheduler | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.repo = repo
        self.members = members
        self.knowledge = knowledge
        self.clock = clock
        self.zone = zone
        self.folder = folder
        self.forms: dict[str, Form] = {}
        self._file_deadlines: dict[str, date] = {}  # as the files say (before any override)
        self._sessions: dict[int, Session] = {}
        from bot.forms.followup import FollowUp  # it reads through this service

        # Progress, results, exports and reminders (bot/forms/followup.py).
        self.followup = FollowUp(
            self,
            enqueue or _nowhere,
            scheduler or Scheduler(clock),
            catalogue or Catalogue.bundled(),
        )

    # -- questionnaires ----------------------------------------------------------------------

    def kb(self) -> KnowledgeBase:
        """The knowledge base loaded now (read at each use: a reload is seen at once)."""
        return self.knowledge.kb

    async def start(self) -> LoadReport:
        report = await self.load()
        self._sessions = {s.user_id: s for s in await self.repo.sessions()}
        self.followup.schedule()
        return report

    async def load(self, folder: Path | None = None) -> LoadReport:
        """Read the files; store each valid questionnaire that changed. An edited one keeps
        the answers of the questions that still exist (and still accept them); the others are
        dropped and listed in the report. An invalid file changes nothing stored. A stored
        questionnaire no file holds any more (deleted, or its id changed) is withdrawn: no
        longer offered, its answers kept in the database (its file put back brings it back)."""
        report = LoadReport()
        folder = folder or self.folder
        files, report.problems = read_forms(folder, self.kb()) if folder else ({}, [])
        for problem in report.problems:
            log.warning("questionnaire not loaded: %s", problem)
        stored = {s.id: s for s in await self.repo.stored_forms()}
        now = self.clock.now()
        for form_id, found in files.items():
            definition = found.form.model_dump_json()
            before = stored.get(form_id)
            if before is not None and before.definition == definition:
                report.unchanged.append(form_id)
                continue
            dropped: list[Dropped] = []
            drop: list[tuple[str, str]] = []
            if before is not None:
                by_question: dict[str, tuple[set[str], str]] = {}
                for org, question_id, value in await self.repo.answered_questions(form_id):
                    question = found.form.question(question_id)
                    if question is None:
                        reason = "removed"
                    elif value is not None and not question.accepts(value):
                        reason = "invalid"
                    else:
                        continue
                    drop.append((org, question_id))
                    by_question.setdefault(question_id, (set(), reason))[0].add(org)
                dropped = [
                    Dropped(qid, len(orgs), reason) for qid, (orgs, reason) in by_question.items()
                ]
                report.updated.append(form_id)
            else:
                report.loaded.append(form_id)
            await self.repo.save_form(
                form_id, found.form.project, definition, found.file, now, drop
            )
            if dropped:
                report.dropped[form_id] = dropped
                for item in dropped:
                    log.warning(
                        "questionnaire %s: answers to %s dropped (%s, %d organisations)",
                        form_id,
                        item.question_id,
                        item.reason,
                        item.organisations,
                    )
        refused = {problem.file for problem in report.problems}  # (their stored version stays)
        self.forms = {}
        for row in await self.repo.stored_forms():
            if folder is not None and row.id not in files and row.file not in refused:
                report.withdrawn.append(row.id)
                log.warning("questionnaire %s withdrawn: no file holds it (%s)", row.id, row.file)
                continue
            self.forms[row.id] = Form.model_validate_json(row.definition)
        await self._apply_deadlines()
        return report

    async def _apply_deadlines(self) -> None:
        """A deadline set by a coordinator replaces the file's, until the file changes it."""
        self._file_deadlines = {form_id: form.deadline for form_id, form in self.forms.items()}
        for form_id, (deadline, file_deadline) in (await self.repo.deadlines()).items():
            form = self.forms.get(form_id)
            if form is None:
                continue
            if form.deadline != file_deadline:
                await self.repo.drop_deadline(form_id)  # the file was given a new one
                continue
            self.forms[form_id] = form.model_copy(update={"deadline": deadline})
        self._share_deadlines()

    def _share_deadlines(self) -> None:
        """The deadlines in force (a coordinator's included) given to the knowledge base, so
        that "quand est la date limite de l'autodiagnostic ?" says the same as the command."""
        try:
            kb = self.kb()
        except RuntimeError:
            return  # no knowledge loaded yet: it reads the files' deadlines when it loads
        for form in self.forms.values():
            if form.action is not None and form.action in kb.actions:
                kb.deadlines[form.action] = form.deadline

    async def set_deadline(self, form_id: str, text: str, user_id: int | None = None) -> Form:
        """A new deadline (the project's date grammar: "31 mars", an ISO date...), stored in
        SQLite; the automatic reminders are scheduled again. Refused: a day already past."""
        from bot.dates import DateError, parse_when

        form = self.form(form_id)
        now = self.clock.now()
        try:
            try:
                day = parse_when(text, now, self.zone).local.date()
            except DateError as exc:
                if exc.reason != "no_time":
                    raise
                day = parse_when(f"{text} 23h59", now, self.zone).local.date()  # a day alone
        except DateError as exc:
            reason = "deadline_past" if exc.reason == "past" else "deadline_bad"
            raise FormsError(reason, text=text) from exc
        if day < now.astimezone(self.zone).date():
            raise FormsError("deadline_past", text=text)
        file_deadline = self._file_deadlines.get(form_id, form.deadline)
        await self.repo.set_deadline(form_id, day, file_deadline, user_id, now)
        self.forms[form_id] = form.model_copy(update={"deadline": day})
        self._share_deadlines()
        self.followup.schedule()
        return self.forms[form_id]

    def form(self, form_id: str) -> Form:
        form = self.forms.get(form_id)
        if form is None:
            raise FormsError("unknown", id=form_id, known=", ".join(sorted(self.forms)) or "—")
        return form

    def find(self, text: str) -> Form | None:
        """A questionnaire by id, project id or project name (``coopr``, ``Terr'ESS``)."""
        from bot.knowledge.models import compact_name

        wanted = compact_name(text)
        if not wanted:
            return None
        for form in self.forms.values():
            if compact_name(form.id) == wanted:
                return form
        kb = self.kb()
        for form in self.forms.values():
            project = kb.projects.get(form.project)
            names = [form.project] + (list(project.names()) if project else [])
            if any(compact_name(n) == wanted for n in names):
                return form
        return None

    def deadline_at(self, form: Form) -> datetime:
        """The end of the deadline day in the bot's time zone."""
        end = datetime.combine(form.deadline + timedelta(days=1), time(0), tzinfo=self.zone)
        return end.astimezone(self.clock.now().tzinfo)

    def is_open(self, form: Form) -> bool:
        return self.clock.now() < self.deadline_at(form)

    def forms_for(self, member: Member | None) -> list[Form]:
        """The questionnaires of a person's projects (their organisation's and their own);
        every questionnaire for a coordinator or someone with no project."""
        projects: set[str] = set()
        if member is not None:
            projects.update(member.projects)
            org = self.members.organisation(member.organisation_id)
            if org is not None:
                projects.update(org.projects)
        chosen = [f for f in self.forms.values() if f.project in projects]
        return sorted(chosen or self.forms.values(), key=lambda f: f.id)

    def access(self, member: Member | None, form: Form) -> Access:
        org = self.members.organisation(member.organisation_id if member else None)
        if member is None or org is None:
            return Access(form, None, "no_organisation")
        if form.project not in org.projects:
            return Access(form, org, "other_project")
        if member.focal_status == "claimed":
            return Access(form, org, "claim_pending")
        if member.focal_status != "confirmed":
            return Access(form, org, "not_focal")
        return Access(form, org)

    async def responses(self, form_id: str) -> dict[str, Response]:
        """Every organisation's stored draft of a questionnaire, as stored."""
        return await self.repo.responses(form_id)

    # -- reminders sent (the follow-up, bot/forms/followup.py, asks here) ------------------

    async def last_reminders(self, form_id: str) -> dict[str, datetime]:
        """When each organisation was last sent a reminder of the questionnaire."""
        return await self.repo.last_reminders(form_id)

    async def reminded(self, form_id: str, kind: str, since: datetime | None = None) -> set[str]:
        """Organisations sent a reminder of ``kind`` (since ``since``)."""
        return await self.repo.reminded(form_id, kind, since)

    async def add_reminders(
        self, form_id: str, kind: str, sent: Iterable[tuple[str, int]], now: datetime
    ) -> None:
        """Record the reminders sent: (organisation, recipients) of ``kind``."""
        await self.repo.add_reminders(form_id, kind, sent, now)

    async def draft(self, form_id: str, organisation_id: str) -> Draft:
        form = self.form(form_id)
        response = await self.repo.response(form_id, organisation_id)
        return Draft(
            form,
            organisation_id,
            status_of(response),
            dict(response.answers) if response else {},
            self.is_open(form),
        )

    # -- answering ---------------------------------------------------------------------------

    def _writable(self, draft: Draft) -> None:
        if not draft.open:
            raise FormsError("closed")
        if draft.status == DONE:
            raise FormsError("sent")

    def _question(self, draft: Draft, question_id: str) -> Question:
        question = draft.form.question(question_id)
        if question is None or question not in draft.visible:
            raise FormsError("no_question")
        return question

    async def answer_text(
        self, user_id: int, form_id: str, org_id: str, question_id: str, raw: str
    ) -> Draft:
        draft = await self.draft(form_id, org_id)
        self._writable(draft)
        return await self._store(
            draft, user_id, question_id, from_text(self._question(draft, question_id), raw)
        )

    async def answer_button(
        self, user_id: int, form_id: str, org_id: str, question_id: str, token: str
    ) -> Draft:
        draft = await self.draft(form_id, org_id)
        self._writable(draft)
        return await self._store(
            draft, user_id, question_id, from_button(self._question(draft, question_id), token)
        )

    async def toggle(
        self, user_id: int, form_id: str, org_id: str, question_id: str, choice_id: str
    ) -> Draft:
        """Tick or untick a choice of a multiple-choice question (saved at once; no choice
        left: no answer)."""
        draft = await self.draft(form_id, org_id)
        self._writable(draft)
        question = self._question(draft, question_id)
        if question.type != "multiple" or question.choice(choice_id) is None:
            raise AnswerRefused("choices", count=len(question.choices))
        ticked = list(draft.answers.get(question_id) or [])
        ticked = (
            [c for c in ticked if c != choice_id]
            if choice_id in ticked
            else [
                *ticked,
                choice_id,
            ]
        )
        order = [c.id for c in question.choices]
        ticked.sort(key=order.index)
        if not ticked:
            await self.repo.clear_answer(form_id, org_id, question_id)
            draft.answers.pop(question_id, None)
            return draft
        return await self._store(draft, user_id, question_id, ticked)

    async def skip(self, user_id: int, form_id: str, org_id: str, question_id: str) -> Draft:
        draft = await self.draft(form_id, org_id)
        self._writable(draft)
        question = self._question(draft, question_id)
        if not question.optional:
            raise AnswerRefused("required")
        return await self._store(draft, user_id, question_id, None)

    async def _store(self, draft: Draft, user_id: int, question_id: str, value: Any) -> Draft:
        await self.repo.put_answers(
            draft.form.id,
            [(draft.organisation_id, [(question_id, value)], None)],
            user_id,
            self.clock.now(),
        )
        draft.answers[question_id] = value
        return Draft(draft.form, draft.organisation_id, IN_PROGRESS, draft.answers, draft.open)

    async def submit(self, user_id: int, form_id: str, org_id: str) -> Draft:
        draft = await self.draft(form_id, org_id)
        self._writable(draft)
        missing = draft.missing
        if missing:
            raise FormsError(
                "missing",
                count=len(missing),
                numbers=", ".join(str(draft.number_of(q.id)) for q in missing),
            )
        await self.repo.set_status(form_id, org_id, "submitted", user_id, self.clock.now())
        return Draft(draft.form, org_id, DONE, draft.answers, draft.open)

    async def reopen(self, user_id: int, form_id: str, org_id: str) -> Draft:
        draft = await self.draft(form_id, org_id)
        if not draft.open:
            raise FormsError("closed")
        if draft.status != DONE:
            return draft
        await self.repo.set_status(form_id, org_id, "draft", user_id, self.clock.now())
        return Draft(draft.form, org_id, IN_PROGRESS, draft.answers, draft.open)

    async def answer_many(
        self,
        form_id: str,
        batch: Sequence[tuple[str, dict[str, Any]]],
        user_id: int | None = None,
        *,
        submit: bool = False,
    ) -> int:
        """Many organisations' answers (values as stored) checked against the questionnaire
        and written in one transaction (imports, the bench). Any refused answer refuses the
        whole batch: nothing is written."""
        form = self.form(form_id)
        rows: list[tuple[str, list[tuple[str, Any]], str | None]] = []
        for org_id, answers in batch:
            for question_id, value in answers.items():
                question = form.question(question_id)
                if question is None:
                    raise FormsError("no_question")
                if value is None and not question.optional:
                    raise AnswerRefused("required")
                if value is not None and not question.accepts(value):
                    raise AnswerRefused("invalid", question=question_id)
            rows.append((org_id, list(answers.items()), "submitted" if submit else None))
        return await self.repo.put_answers(form_id, rows, user_id, self.clock.now())

    # -- where each person is ----------------------------------------------------------------

    def session(self, user_id: int) -> Session | None:
        return self._sessions.get(user_id)

    def awaiting_text(self, user_id: int) -> bool:
        """The person is at a question of a questionnaire (their next text is the answer),
        and has not left it for longer than a guided flow lasts."""
        session = self._sessions.get(user_id)
        return (
            session is not None
            and session.question_id is not None
            and self.clock.now() - session.updated_at < FLOW_TTL
        )

    async def go(
        self,
        user_id: int,
        form_id: str,
        org_id: str,
        question_id: str | None,
        *,
        back_to_summary: bool = False,
    ) -> Session:
        session = Session(user_id, form_id, org_id, question_id, back_to_summary, self.clock.now())
        await self.repo.set_session(session)
        self._sessions[user_id] = session
        return session

    async def leave(self, user_id: int) -> None:
        if self._sessions.pop(user_id, None) is not None:
            await self.repo.end_session(user_id)

    # -- personal data -----------------------------------------------------------------------

    async def personal_data(self, user_id: int) -> dict[str, object] | None:
        return await self.repo.personal_data(user_id)

    async def forget_person(self, user_id: int) -> None:
        self._sessions.pop(user_id, None)
        await self.repo.forget_person(user_id)

    def organisations(self, form: Form) -> list[Organisation]:
        """The organisations that answer a questionnaire: its project's members."""
        return [o for o in self.kb().members(form.project) if o.merged_into is None]

    async def all_focal_points(self) -> list[Member]:
        """Everyone holding or claiming a focal point role, as the members service says."""
        return await self.members.focal_points()

    def focal_points(self, members: Iterable[Member], org_id: str) -> list[Member]:
        return [m for m in members if m.organisation_id == org_id and m.focal_status == "confirmed"]
