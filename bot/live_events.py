"""Which events a live question asks about (:class:`EventChoice`, a part of
:class:`bot.live_answers.LiveAnswers`): the projects' events of the kind, day, week, month
named, or named by words of their title or place, in the asker's zone, soonest first.

Asked whether an event holds ("la visio de jeudi tient toujours ?", "is Thursday's call still
on?"): the cancelled events count too (the answer says they are cancelled), and a weekday named
alone is the nearest one, past or next (a cancelled event of yesterday is still asked about).
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from bot.clock import Clock
from bot.events import EventInputError, EventsService
from bot.knowledge.live import WEEKEND_DAYS, LiveQuestion
from bot.knowledge.models import Record
from bot.live_directory import Asker
from bot.members import MembersService
from bot.questions import KnowledgeService
from bot.render.events import Where
from bot.storage.events import Event
from bot.textfold import tokens as tokenize

# A word of a question "is" a word of a name (an event's title...) from this length and
# likeness on.
FUZZY_LENGTH = 5
FUZZY_CUTOFF = 80
# A weekday named alone, asked whether its event holds, may be this many days past at most.
NEAREST_PAST = 7


class EventChoice:
    """The events a question asks about; the services are :class:`LiveAnswers`'s."""

    clock: Clock
    events: EventsService
    members: MembersService
    knowledge: KnowledgeService

    def _projects(self, question: str, asker: Asker) -> list[str] | None:
        """Whose events, as /prochain and /agenda decide: the project named in the question,
        else the group's, else the asker's, else all."""
        project = self._project_named(question) or self.knowledge.answerer.find_project(question)
        try:
            return self.events.projects_for(
                asker.member, asker.group, project.id if project else None
            )
        except EventInputError:
            return self.events.projects_for(asker.member, asker.group, None)

    def _project_named(self, question: str) -> Record | None:
        """The project a question names whole (its id, short name or an alias, all its words
        in a row), the first named: "la visio du projet X" is X's, even when another word of
        the question only resembles another project's name."""
        words = tokenize(question)
        found: list[tuple[int, Record]] = []
        for project in self.knowledge.kb.projects.values():
            for name in (project.id, *project.names()):
                seq = tokenize(name)
                starts = [
                    k for k in range(len(words) - len(seq) + 1) if words[k : k + len(seq)] == seq
                ]
                if seq and starts:
                    found.append((starts[0], project))
        return min(found, key=lambda f: f[0])[1] if found else None

    async def _upcoming(self, question: str, q: LiveQuestion, asker: Asker) -> list[Event]:
        """Events to come or under way, of the kind asked (any if none), on the day named
        ("jeudi", "demain": in the asker's zone, if any) or in the week named ("la semaine
        prochaine": Monday to Sunday, there too), soonest first.

        Asked whether it holds ("tient toujours ?", "still on?"): the cancelled ones too, and
        a weekday named alone ("jeudi") is the nearest one, past or next (:meth:`_nearest`)."""
        now = self.clock.now()
        projects = self._projects(question, asker)
        holds = q.has("status")
        if holds:
            since = now - timedelta(days=NEAREST_PAST) if _weekday_alone(q) else now
            events = await self.events.since_with_cancelled(since, projects, limit=50)
        else:
            events = await self.events.upcoming(projects, limit=50)
        found = [
            e
            for e in events
            if (e.ends_at > now or (holds and e.cancelled))
            and (not q.kind or e.kind == q.kind)
            and (q.day is None or self._local_day(e, asker).weekday() == q.day)
            and (not q.weekend or self._local_day(e, asker).weekday() in WEEKEND_DAYS)
            and (not q.about or any(_among(w, _naming(e)) for w in q.about))
            and (not q.later or self._after_today(e, asker))
            and (q.month is None or self._in_month(self._local_day(e, asker), q))
            and (q.in_days is None or self._local_day(e, asker) == self._day_asked(e, q, asker))
            and (
                q.in_weeks is None
                or _monday(self._local_day(e, asker)) == self._week_asked(e, q, asker)
            )
        ]
        return self._nearest(found, q, asker) if holds and _weekday_alone(q) else found

    def _nearest(self, events: list[Event], q: LiveQuestion, asker: Asker) -> list[Event]:
        """The events of the weekday named alone that is nearest today, past or next (on
        Monday, "jeudi" is Thursday 3 days on, not the one 10 days on; on Friday, yesterday),
        else of the other one of the week around today; none further."""

        def rank(event: Event) -> int | None:
            today = self.clock.now().astimezone(self._zone_of(event, asker)).date()
            ahead = ((q.day or 0) - today.weekday()) % 7
            days = sorted((ahead, ahead - 7), key=abs) if ahead else [0]
            offset = (self._local_day(event, asker) - today).days
            return days.index(offset) if offset in days else None

        ranked = [(r, e) for e in events if (r := rank(e)) is not None]
        best = min((r for r, _ in ranked), default=None)
        return [e for r, e in ranked if r == best]

    def _zone_of(self, event: Event, asker: Asker) -> ZoneInfo:
        """Where the asker reads the event's time (the first place named, if any)."""
        return asker.zone or self._where(event, asker).tz or event.zone

    def _local_day(self, event: Event, asker: Asker) -> date:
        """The day the event starts on, where the asker reads it."""
        return event.starts_at.astimezone(self._zone_of(event, asker)).date()

    def _after_today(self, event: Event, asker: Asker) -> bool:
        """Whether the event starts in the seven days after today ("next Monday": not today),
        where the asker reads it."""
        today = self.clock.now().astimezone(self._zone_of(event, asker)).date()
        return today < self._local_day(event, asker) <= today + timedelta(days=7)

    @staticmethod
    def _in_month(day: date, q: LiveQuestion) -> bool:
        """Whether ``day`` is in the month named, and in the part of it named ("début
        décembre": the 1st to the 10th), on the day of it named ("mardi 1er décembre")."""
        if day.month != q.month:
            return False
        if q.month_day is not None:
            return day.day == q.month_day
        if q.month_part is None:
            return True
        return q.month_part <= day.day < q.month_part + 10 or (q.month_part == 21 and day.day > 30)

    def _day_asked(self, event: Event, q: LiveQuestion, asker: Asker) -> date:
        """The day named relative to today ("après-demain"), where the asker reads the event."""
        today = self.clock.now().astimezone(self._zone_of(event, asker)).date()
        return today + timedelta(days=q.in_days or 0)

    def _week_asked(self, event: Event, q: LiveQuestion, asker: Asker) -> date:
        """The Monday of the week named relative to this one ("next week"), where the asker
        reads the event."""
        today = self.clock.now().astimezone(self._zone_of(event, asker)).date()
        return _monday(today) + timedelta(weeks=q.in_weeks or 0)

    async def _soonest(self, question: str, q: LiveQuestion, asker: Asker) -> Event | None:
        """The soonest of :meth:`_upcoming`, if any."""
        events = await self._upcoming(question, q, asker)
        return events[0] if events else None

    def _where(self, event: Event, asker: Asker) -> Where:
        if asker.zone is not None and asker.also:  # several places: the time in each
            return Where(
                zones=tuple(_zone_key(z) for z in (asker.zone, *(z for z, _ in asker.also)))
            )
        if asker.zone is not None:
            return Where(tz=asker.zone)
        if asker.group is not None:
            return self.events.where_for_group(event)
        return Where(tz=self.members.zone_of(asker.member))


def _zone_key(tz: ZoneInfo) -> str:
    return tz.key or "UTC"


def _naming(event: Event) -> frozenset[str]:
    """The words naming an event: of its title and its place."""
    return frozenset(tokenize(event.title)) | frozenset(tokenize(event.place or ""))


def _monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def _among(word: str, words: frozenset[str] | set[str]) -> bool:
    """Whether ``word`` is one of ``words`` (an event's title...), or nearly ("annual":
    "annuel", "region": "regional")."""
    if word in words:
        return True
    return len(word) >= FUZZY_LENGTH and any(
        t[:1] == word[:1] and fuzz.ratio(word, t) >= FUZZY_CUTOFF for t in words
    )


def _weekday_alone(q: LiveQuestion) -> bool:
    """Whether a weekday is named without its week, month or "next" ("jeudi", "Thursday's")."""
    return (
        q.day is not None
        and q.in_weeks is None
        and q.in_days is None
        and q.month is None
        and not q.later
    )
