"""The activity report for the funder (issue 12): participation and satisfaction of a project's
member organisations, by organisation, country and month, over a period.

Every figure is read through what the bot's own commands use, so that the report and the
commands agree on the same item:

* polls: :class:`bot.reports.PollReports` (``/resultats``): voters, organisations that answered
  out of the project's members, by country, average satisfaction, comments;
* events: the RSVP rows ``/reponses`` counts (:class:`bot.storage.events.EventsRepository`),
  the attendance and satisfaction polls of each event (their ``/resultats``);
* announcements: the figures ``/annonces`` shows (:class:`bot.storage.broadcasts.Broadcast`);
* members and organisations: the roster and the knowledge base (``data/``).

Privacy: people are counted by organisation and country only; the only names are those of the
focal points who agreed to appear in the directory. Someone who used ``/oubli`` has no row left
anywhere (roster, answers, comments, RSVPs), so they are counted nowhere.

:class:`ActivityReport` holds the figures in one language; :mod:`bot.render.report_files`
writes them as XLSX, PDF and CSV.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.broadcast import Audience
from bot.clock import Clock
from bot.i18n import Catalogue, day_pattern
from bot.knowledge.models import KnowledgeBase, Organisation, Project
from bot.names import Knowledge, names_of
from bot.render.telegram_html import plain_excerpt
from bot.report_period import Period, PeriodError, parse_period, resolve
from bot.reports import SATISFACTION_SCORES, PollReports, poll_texts
from bot.storage.broadcasts import Broadcast
from bot.storage.events import Event
from bot.storage.members import Member
from bot.storage.polls import Poll
from bot.textfold import normalize

if TYPE_CHECKING:
    from bot.broadcast import BroadcastService
    from bot.events import EventsService
    from bot.members import MembersService

log = logging.getLogger(__name__)

FRANCE = "fr"
SENT_STATES = ("done", "sending")


class ReportError(ValueError):
    """A request to refuse; ``key`` is a message id under ``report.errors.``."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# -- the figures ------------------------------------------------------------------------------


@dataclass
class EventRow:
    id: int
    kind: str  # label in the report's language
    title: str
    starts_at: datetime  # naive, in the report's zone
    invited: int
    yes: int
    maybe: int
    no: int
    no_answer: int
    attended: int | None  # declared "yes" in the attendance poll (None: no feedback asked)
    not_attended: int | None
    satisfaction: float | None  # average out of 5
    satisfaction_votes: int
    comments: int
    attendance_poll: int | None
    satisfaction_poll: int | None


@dataclass
class OrganisationRow:
    id: str
    name: str
    country_id: str
    country: str
    french: bool
    people: int  # on the roster, in this project
    focal_points: int  # confirmed or claimed focal points on the roster
    focal_names: str  # those who agreed to be listed in the directory
    events_attended: int
    events_held: int  # held events it was invited to
    rsvps: int  # answers to events (yes, maybe or no) of its people
    polls_answered: int
    polls_sent: int
    feedback_given: int  # events with an attendance / satisfaction answer or a comment
    last_activity: datetime | None  # naive, in the report's zone
    self_assessment: str | None = None  # its status, when the project has one (issue 13)

    @property
    def active(self) -> bool:
        return self.last_activity is not None


@dataclass
class CountryRow:
    id: str
    name: str
    french: bool
    organisations: int
    active: int
    with_focal_point: int
    people: int
    events_attended: int  # organisation-events declared attended
    events_possible: int  # organisation-events held (invited)
    polls_answered: int  # organisation-polls answered
    polls_possible: int
    feedback_given: int

    @property
    def silent(self) -> int:
        return self.organisations - self.active


@dataclass
class PollRow:
    id: int
    created_at: datetime  # naive, in the report's zone
    kind: str  # label
    question: str
    closed: bool
    anonymous: bool
    voters: int
    organisations_answered: int
    organisations: int
    average: float | None


@dataclass
class PollCountryRow:
    poll_id: int
    question: str
    country: str
    answered: int
    organisations: int
    voters: int


@dataclass
class AnnouncementRow:
    id: int
    sent_at: datetime  # naive, in the report's zone
    audience: str
    excerpt: str
    state: str  # label
    recipients: int
    delivered: int
    unreachable: int
    failed: int  # failed and uncertain, as /annonces counts them


@dataclass
class MonthRow:
    month: date  # first day
    events: int
    rsvps: int
    poll_answers: int
    active_organisations: int


@dataclass
class Headline:
    organisations: int
    active: int
    french: int
    french_active: int
    events: int
    polls: int
    poll_answers: int
    rsvps: int
    attended: int
    satisfaction: float | None
    satisfaction_votes: int
    comments: int
    announcements: int
    delivered: int

    @property
    def partners(self) -> int:
        return self.organisations - self.french

    @property
    def partners_active(self) -> int:
        return self.active - self.french_active


@dataclass
class ActivityReport:
    project_id: str
    project: str  # short name
    title: str  # the project's title in the report's language
    lang: str
    zone: ZoneInfo
    period: Period
    generated_at: datetime  # naive, in the report's zone
    headline: Headline
    events: list[EventRow] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)
    countries: list[CountryRow] = field(default_factory=list)
    polls: list[PollRow] = field(default_factory=list)
    poll_countries: list[PollCountryRow] = field(default_factory=list)
    announcements: list[AnnouncementRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)

    @property
    def silent(self) -> list[OrganisationRow]:
        return [o for o in self.organisations if not o.active]

    @property
    def empty(self) -> bool:
        return not (self.events or self.polls or self.announcements)


@dataclass
class _OrgTally:
    events: set[int] = field(default_factory=set)  # held events invited to
    attended: set[int] = field(default_factory=set)
    feedback: set[int] = field(default_factory=set)
    polls: set[int] = field(default_factory=set)
    rsvps: int = 0
    last: datetime | None = None

    def saw(self, when: datetime) -> None:
        if self.last is None or when > self.last:
            self.last = when


def _naive(value: datetime, tz: ZoneInfo) -> datetime:
    """An instant as a local wall time (spreadsheets have no zones)."""
    return value.astimezone(tz).replace(tzinfo=None, microsecond=0)


def _month(day: date) -> date:
    return day.replace(day=1)


def _months(period: Period) -> list[date]:
    out = []
    current = _month(period.start)
    while current <= period.end:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


class ActivityReports:
    """Builds the activity report of a project over a period, from the bot's own readers."""

    def __init__(
        self,
        polls: PollReports,
        events: EventsService,
        broadcasts: BroadcastService,
        members: MembersService,
        knowledge: Knowledge,
        catalogue: Catalogue,
        clock: Clock,
        zone: ZoneInfo,
        *,
        flush: Callable[[], object] | None = None,
    ) -> None:
        self.polls = polls
        self.events = events
        self.broadcasts = broadcasts
        self.members = members
        self.knowledge = knowledge
        self.catalogue = catalogue
        self.clock = clock
        self.zone = zone
        self._flush = flush  # writes the poll answers a running bot still buffers
        # Each organisation's self-assessment (issue 13): organisation id -> (questionnaire,
        # status, answers, questions); set by bot/services.py once the forms service exists.
        self.self_assessments: (
            Callable[[str], Awaitable[dict[str, tuple[str, str, int, int]]]] | None
        ) = None

    def kb(self) -> KnowledgeBase:
        return self.knowledge.kb

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"report.{key}", **params)

    def raw(self, lang: str, key: str) -> str:
        return self.catalogue.raw(lang, f"report.{key}")

    # -- what was asked ---------------------------------------------------------------------

    def project_names(self) -> list[str]:
        return [p.short_name for p in self.kb().projects.values()]

    def find_project(self, name: str) -> Project | None:
        return names_of(self.kb()).projects.get(name)

    def unknown_project(self, name: str) -> ReportError:
        """An unknown project, with the closest names and the known ones."""
        kb = self.kb()
        guesses = names_of(kb).projects.find(name).suggestions
        known = ", ".join(f"{p.short_name} ({p.id})" for p in kb.projects.values())
        if guesses:
            return ReportError(
                "unknown_project_guess", name=name[:60], guess=" / ".join(guesses), known=known
            )
        return ReportError("unknown_project", name=name[:60], known=known)

    def parse_request(
        self, args: str, *, default_projects: Sequence[str] = ()
    ) -> tuple[Project, Period]:
        """``[projet] [période]`` as typed after /rapport. Without a project: the only one of
        ``default_projects`` (the group's, or the coordinator's), else the only project."""
        words = args.split()
        kb = self.kb()
        project: Project | None = None
        rest = args
        for size in (3, 2, 1):  # "Terr ESS", "COOP R"...
            if len(words) >= size:
                candidate = self.find_project(" ".join(words[:size]))
                if candidate is not None:
                    project, rest = candidate, " ".join(words[size:])
                    break
        if project is None:
            try:
                parse_period(args)
            except PeriodError:
                if words:  # neither a project nor a period: a misspelt project
                    raise self.unknown_project(words[0]) from None
                raise
            known = [p for p in default_projects if p in kb.projects]
            if len(known) == 1:
                project = kb.projects[known[0]]
            elif len(kb.projects) == 1:
                project = next(iter(kb.projects.values()))
            else:
                raise ReportError("which_project", known=", ".join(self.project_names()))
        return project, self.period(project, parse_period(rest))

    def period(
        self,
        project: Project,
        asked: Period | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> Period:
        today = self.clock.now().astimezone(self.zone).date()
        return resolve(project, today, asked=asked, start=start, end=end)

    def error_text(self, error: ReportError | PeriodError, lang: str) -> str:
        params = {
            k: self.day(v, lang) if isinstance(v, date) else v for k, v in error.params.items()
        }
        return self.t(lang, f"errors.{error.key}", **params)

    def day(self, value: date, lang: str) -> str:
        from babel.dates import format_date

        return format_date(value, day_pattern(value.day, lang, "d MMM y"), locale=lang)

    def period_label(self, period: Period, lang: str) -> str:
        label = self.raw(lang, "period").format(
            start=self.day(period.start, lang), end=self.day(period.end, lang)
        )
        if period.name:
            label = f"{period.name} ({label})"
        elif period.whole:
            label = self.raw(lang, "whole_period").format(period=label)
        return label

    # -- building ---------------------------------------------------------------------------

    async def build(self, project: Project, period: Period, lang: str) -> ActivityReport:
        """The report's figures; :class:`ReportError` ``empty`` if nothing happened."""
        if self._flush is not None:
            result = self._flush()
            if asyncio.iscoroutine(result):
                await result
        kb = self.kb()
        tz = self.zone
        now = self.clock.now()
        # /resultats' own figures, each poll's answers read once for this report
        polls = self.polls.reading_once()
        organisations = [o for o in kb.members(project.id) if o.merged_into is None]
        roster = await self.members.in_projects([project.id], reachable_only=False)
        tallies: dict[str, _OrgTally] = {o.id: _OrgTally() for o in organisations}
        month_orgs: dict[date, set[str]] = defaultdict(set)
        month_answers: Counter[date] = Counter()
        month_rsvps: Counter[date] = Counter()
        month_events: Counter[date] = Counter()

        def activity(org_id: str | None, when: datetime) -> None:
            if org_id in tallies:
                tallies[org_id].saw(when)
                local = when.astimezone(tz).date()
                if period.contains(local):
                    month_orgs[_month(local)].add(org_id)

        # Events held in the period (ended, not cancelled), their RSVPs and feedback polls.
        all_polls = await self.polls.polls([project.id])
        by_event: dict[int, list[Poll]] = defaultdict(list)
        for poll in all_polls:
            if poll.event_id is not None:
                by_event[poll.event_id].append(poll)
        held = [
            e
            for e in await self._events(project.id)
            if not e.cancelled
            and e.ends_at <= now
            and period.contains(e.starts_at.astimezone(tz).date())
        ]
        people = {m.user_id: m for m in roster}
        event_rows: list[EventRow] = []
        satisfaction_sum = 0.0
        satisfaction_votes = 0
        comments_total = 0
        attended_total = 0
        rsvp_total = 0
        for event in held:
            invited = [m for m in roster if _invited(m, event)]
            for org in organisations:  # organisations invited, even without anyone on board
                if (event.countries is None or org.country in event.countries) and (
                    event.organisations is None or org.id in event.organisations
                ):
                    tallies[org.id].events.add(event.id)
            rsvps = await self.events.rsvps(event.id)
            counts = Counter(r.answer for r in rsvps)
            answered = {r.user_id for r in rsvps}
            for rsvp in rsvps:
                member = people.get(rsvp.user_id)
                org_id = member.organisation_id if member else None
                if org_id in tallies:
                    tallies[str(org_id)].rsvps += 1
                activity(org_id, rsvp.updated_at)
            month = _month(event.starts_at.astimezone(tz).date())
            month_events[month] += 1
            month_rsvps[month] += len(rsvps)
            rsvp_total += len(rsvps)
            row = EventRow(
                id=event.id,
                kind=self.catalogue.raw(lang, f"events.kinds.{event.kind}"),
                title=event.title,
                starts_at=_naive(event.starts_at, tz),
                invited=len(invited),
                yes=counts["yes"],
                maybe=counts["maybe"],
                no=counts["no"],
                no_answer=sum(1 for m in invited if m.user_id not in answered),
                attended=None,
                not_attended=None,
                satisfaction=None,
                satisfaction_votes=0,
                comments=0,
                attendance_poll=None,
                satisfaction_poll=None,
            )
            for poll in by_event.get(event.id, []):
                results = await polls.results(poll)
                rows = await polls.current_answers(poll.id)
                for answer in rows.values():
                    activity(answer.organisation_id, answer.answered_at)
                    month_answers[_month(answer.answered_at.astimezone(tz).date())] += 1
                    if answer.organisation_id in tallies:
                        tally = tallies[str(answer.organisation_id)]
                        tally.feedback.add(event.id)
                        if poll.kind == "attendance" and 0 in answer.option_ids:
                            tally.attended.add(event.id)
                if poll.kind == "attendance":
                    row.attendance_poll = poll.id
                    row.attended = results.counts[0] if results.counts else 0
                    row.not_attended = results.counts[1] if len(results.counts) > 1 else 0
                    attended_total += row.attended
                elif poll.kind == "satisfaction":
                    row.satisfaction_poll = poll.id
                    row.satisfaction = results.average
                    row.satisfaction_votes = sum(results.counts)
                    row.comments = results.comments
                    satisfaction_votes += row.satisfaction_votes
                    satisfaction_sum += sum(
                        c * s for c, s in zip(results.counts, SATISFACTION_SCORES, strict=False)
                    )
                    comments_total += results.comments
            for comment in await self.polls.comments(event.id):
                activity(comment.organisation_id, comment.created_at)
                if comment.organisation_id in tallies:
                    tallies[str(comment.organisation_id)].feedback.add(event.id)
            event_rows.append(row)

        # Quick polls created in the period.
        quick = [
            p
            for p in all_polls
            if p.kind == "quick" and period.contains(p.created_at.astimezone(tz).date())
        ]
        quick.sort(key=lambda p: p.id)
        poll_rows: list[PollRow] = []
        poll_countries: list[PollCountryRow] = []
        named = 0
        poll_answers = 0
        for poll in quick:
            results = await polls.results(poll)
            question, _options = poll_texts(self.catalogue, poll, lang)
            poll_answers += results.voters
            poll_rows.append(
                PollRow(
                    id=poll.id,
                    created_at=_naive(poll.created_at, tz),
                    kind=self.raw(
                        lang, "poll_kind.anonymous" if poll.anonymous else "poll_kind.named"
                    ),
                    question=question,
                    closed=poll.is_closed,
                    anonymous=poll.anonymous,
                    voters=results.voters,
                    organisations_answered=0 if poll.anonymous else results.answered_members,
                    organisations=results.expected,
                    average=None,
                )
            )
            if poll.anonymous:
                continue
            named += 1  # sent to every member organisation
            for org_count in results.answered:
                if org_count.id in tallies:
                    tallies[org_count.id].polls.add(poll.id)
            for counted in results.countries:
                if counted.organisations == 0:
                    continue
                poll_countries.append(
                    PollCountryRow(
                        poll.id,
                        question,
                        self.polls.country_name(counted.id, lang),
                        counted.answered,
                        counted.organisations,
                        counted.voters,
                    )
                )
            rows = await polls.current_answers(poll.id)
            for answer in rows.values():
                activity(answer.organisation_id, answer.answered_at)
                month_answers[_month(answer.answered_at.astimezone(tz).date())] += 1

        # Organisations and countries.
        focal: dict[str, list[Member]] = defaultdict(list)
        staff: Counter[str] = Counter()
        for member in roster:
            if member.organisation_id:
                staff[member.organisation_id] += 1
                if member.focal_status is not None:
                    focal[member.organisation_id].append(member)
        org_rows: list[OrganisationRow] = []
        for org in organisations:
            tally = tallies[org.id]
            listed = sorted(
                m.display_name for m in focal[org.id] if m.directory_consent
            )  # only those who agreed to the directory
            org_rows.append(
                OrganisationRow(
                    id=org.id,
                    name=self.polls.organisation_name(org.id, lang),
                    country_id=org.country,
                    country=self.polls.country_name(org.country, lang),
                    french=org.country == FRANCE,
                    people=staff[org.id],
                    focal_points=len(focal[org.id]),
                    focal_names=", ".join(listed),
                    events_attended=len(tally.attended),
                    events_held=len(tally.events),
                    rsvps=tally.rsvps,
                    polls_answered=len(tally.polls),
                    polls_sent=named,
                    feedback_given=len(tally.feedback),
                    last_activity=_naive(tally.last, tz) if tally.last else None,
                )
            )
        if self.self_assessments is not None:
            statuses = await self.self_assessments(project.id)
            for org_row in org_rows:
                if org_row.id in statuses:
                    _, status, given, total = statuses[org_row.id]
                    org_row.self_assessment = self.catalogue.t(lang, f"forms.export.{status}")
                    if status == "in_progress":
                        org_row.self_assessment += f" ({given}/{total})"
        countries: dict[str, CountryRow] = {}
        for org_row in org_rows:
            country = countries.get(org_row.country_id)
            if country is None:
                country = countries[org_row.country_id] = CountryRow(
                    org_row.country_id, org_row.country, org_row.french, 0, 0, 0, 0, 0, 0, 0, 0, 0
                )
            country.organisations += 1
            country.active += org_row.active
            country.with_focal_point += org_row.focal_points > 0
            country.people += org_row.people
            country.events_attended += org_row.events_attended
            country.events_possible += org_row.events_held
            country.polls_answered += org_row.polls_answered
            country.polls_possible += org_row.polls_sent
            country.feedback_given += org_row.feedback_given

        # Announcements sent in the period that reached the project.
        announcement_rows = [
            self._announcement(b, lang)
            for b in await self.broadcasts.history(10**9)
            if b.state in SENT_STATES
            and period.contains(self._sent_at(b).astimezone(tz).date())
            and self._concerns(b, project, organisations)
        ]
        announcement_rows.sort(key=lambda a: a.id)

        months = [
            MonthRow(
                m, month_events[m], month_rsvps[m], month_answers[m], len(month_orgs.get(m, ()))
            )
            for m in _months(period)
        ]
        active = [o for o in org_rows if o.active]
        headline = Headline(
            organisations=len(org_rows),
            active=len(active),
            french=sum(1 for o in org_rows if o.french),
            french_active=sum(1 for o in active if o.french),
            events=len(event_rows),
            polls=len(poll_rows),
            poll_answers=poll_answers,
            rsvps=rsvp_total,
            attended=attended_total,
            satisfaction=satisfaction_sum / satisfaction_votes if satisfaction_votes else None,
            satisfaction_votes=satisfaction_votes,
            comments=comments_total,
            announcements=len(announcement_rows),
            delivered=sum(a.delivered for a in announcement_rows),
        )
        report = ActivityReport(
            project_id=project.id,
            project=project.short_name,
            title=project.title.get(lang),
            lang=lang,
            zone=tz,
            period=period,
            generated_at=_naive(now, tz),
            headline=headline,
            events=event_rows,
            organisations=sorted(
                org_rows, key=lambda o: (not o.french, o.country, normalize(o.name))
            ),
            countries=sorted(countries.values(), key=lambda c: (not c.french, normalize(c.name))),
            polls=poll_rows,
            poll_countries=poll_countries,
            announcements=announcement_rows,
            months=months,
        )
        if report.empty:
            raise ReportError(
                "empty",
                project=project.short_name,
                period=self.period_label(period, lang),
            )
        return report

    async def _events(self, project_id: str) -> list[Event]:
        return [e for e in await self.events.all(limit=10**9) if e.project_id == project_id]

    @staticmethod
    def _sent_at(broadcast: Broadcast) -> datetime:
        return broadcast.started_at or broadcast.scheduled_at or broadcast.created_at

    def _concerns(
        self, broadcast: Broadcast, project: Project, organisations: Sequence[Organisation]
    ) -> bool:
        """Whether an announcement reached (members or groups of) the project."""
        if broadcast.audience is None:
            return False
        audience = Audience.from_json(broadcast.audience)
        if audience.type in ("all", "members", "groups"):
            return True
        if audience.type == "project":
            return project.id in audience.values
        if audience.type == "countries":
            return bool({o.country for o in organisations} & set(audience.values))
        if audience.type == "focal_points":
            return bool({o.id for o in organisations} & set(audience.values))
        return False

    def _announcement(self, broadcast: Broadcast, lang: str) -> AnnouncementRow:
        audience = Audience.from_json(broadcast.audience or {"type": "all"})
        return AnnouncementRow(
            id=broadcast.id,
            sent_at=_naive(self._sent_at(broadcast), self.zone),
            audience=audience.spec(),
            excerpt=plain_excerpt(broadcast.body, 80),
            state=self.raw(lang, f"announcement_state.{broadcast.state}"),
            recipients=broadcast.recipients,
            delivered=broadcast.delivered,
            unreachable=broadcast.unreachable,
            failed=broadcast.failed + broadcast.uncertain,
        )


def _invited(member: Member, event: Event) -> bool:
    """Whether the event's announcement was for this member of its project."""
    if event.countries is not None and member.country_id not in event.countries:
        return False
    return event.organisations is None or member.organisation_id in event.organisations
