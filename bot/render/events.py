"""Events as Telegram HTML and inline keyboards, in the reader's language and time zone.

A private reader sees times in their own zone (``jeudi 12 mars 2026 à 14:00 (Paris)``); a group
sees one line with the time of each zone of the project's members, grouped
(``14:00 Paris, Douala · 13:00 Dakar, Abidjan · 17:00 Yerevan``). All dynamic text is escaped
by the catalogue; only markup built here is passed as :class:`~bot.i18n.Safe`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.dates import DateError, date_examples, offset_delta
from bot.i18n import (
    Catalogue,
    Safe,
    day_pattern,
    escape,
    format_date,
    format_datetime,
    ordinal_day,
    zone_label,
)
from bot.knowledge.models import PartialDate
from bot.names import Knowledge
from bot.recurrence import RepeatError, Rule
from bot.render.buttons import RSVP_ANSWERS, EventAction, EventIcs, Rsvp, inline
from bot.render.pager import Listing
from bot.storage.events import FOLLOWING, Event, EventFields, Notice, RsvpCounts
from bot.timezones import zone

DESCRIPTION_MAX = 600
ANSWER_ICONS = {"yes": "✅", "maybe": "🤔", "no": "❌"}
PEOPLE_PER_LINE = 8


@dataclass(frozen=True)
class Where:
    """Whose clock to show: one zone (a person) or the zones of a project (a group)."""

    tz: ZoneInfo | None = None
    zones: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.tz is None


@dataclass(frozen=True)
class MilestoneItem:
    """A dated milestone of a project's action, from data/ (read-only, with its precision)."""

    project_id: str
    title: str  # in the reader's language
    date: PartialDate
    place: str | None = None


@dataclass
class OrgAnswers:
    name: str
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, answer)


@dataclass
class CountryAnswers:
    name: str
    counts: RsvpCounts = field(default_factory=RsvpCounts)
    organisations: list[OrgAnswers] = field(default_factory=list)


@dataclass
class RsvpReport:
    event: Event
    counts: RsvpCounts
    countries: list[CountryAnswers]


def utc_offset(value: datetime) -> str:
    """``UTC+1``, ``UTC+5:30``, ``UTC-3``, ``UTC``."""
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


class EventRenderer:
    def __init__(self, catalogue: Catalogue, knowledge: Knowledge) -> None:
        self.catalogue = catalogue
        self.knowledge = knowledge

    # -- words ------------------------------------------------------------------------------

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"events.{key}", **params)

    def kind(self, lang: str, kind: str) -> str:
        return self.t(lang, f"kinds.{kind}")

    def project_name(self, project_id: str) -> str:
        project = self.knowledge.kb.projects.get(project_id)
        return project.short_name if project else project_id

    def projects_label(self, lang: str, projects: Sequence[str] | None) -> str:
        if not projects:
            return self.t(lang, "agenda.all_projects")
        return ", ".join(self.project_name(p) for p in projects)

    def country_name(self, lang: str, country_id: str) -> str:
        country = self.knowledge.kb.countries.get(country_id)
        return country.name.get(lang) if country else country_id

    def organisation_name(self, lang: str, organisation_id: str) -> str:
        org = self.knowledge.kb.organisations.get(organisation_id)
        if org is None:
            return organisation_id
        return (org.name_en or org.name) if lang == "en" else org.name

    def duration(self, lang: str, value: timedelta) -> str:
        minutes = max(0, round(value.total_seconds() / 60))
        if minutes >= 2 * 1440 or (minutes >= 1440 and minutes % 1440 == 0):
            days = round(minutes / 1440)
            return self.t(lang, "duration.day" if days == 1 else "duration.days", n=days)
        if minutes >= 60:
            hours, rest = divmod(minutes, 60)
            if rest == 0:
                return self.t(lang, "duration.hours", n=hours)
            return self.t(lang, "duration.hours_minutes", h=hours, m=f"{rest:02d}")
        return self.t(lang, "duration.minutes", n=minutes)

    def relative(self, lang: str, delta: timedelta) -> str:
        """``dans 1 h`` / ``in 1 h``; ``maintenant`` under a minute."""
        if delta < timedelta(minutes=1):
            return self.t(lang, "relative.now")
        return self.t(lang, "relative.in", duration=self.duration(lang, delta))

    def error(self, lang: str, error: Exception, tz: ZoneInfo, *, now: datetime) -> str:
        """The answer to refused input: a :class:`~bot.dates.DateError`, or an error with a
        message ``key`` under ``events.`` and its ``params`` (``EventInputError``). Example
        dates in it are to come from ``now``, in ``tz``."""
        examples = date_examples(now, tz, lang)
        if isinstance(error, RepeatError) and error.reason.startswith("repeat_"):
            return self.catalogue.t(
                lang, f"recurrence.errors.{error.reason}", **{**examples, **error.params}
            )
        if isinstance(error, DateError):
            params = dict(error.params)
            if error.reason == "weekday_mismatch":
                day = date.fromisoformat(str(params["date"]))
                params = {
                    "date": babel_dates.format_date(
                        day, day_pattern(day.day, lang, "d MMMM y"), locale=lang
                    ),
                    "weekday": weekday_name(lang, day),
                }
            elif error.reason == "nonexistent":
                params["zone"] = zone_label(tz)
            return self.t(lang, f"dates.{error.reason}", **{**examples, **params})
        key = getattr(error, "key", None)
        if not isinstance(key, str):
            raise error
        return self.t(lang, key, **{**examples, **getattr(error, "params", {})})

    # -- times ------------------------------------------------------------------------------

    def when(self, lang: str, instant: datetime, tz: ZoneInfo) -> str:
        return format_datetime(instant, lang, tz)

    def when_exact(self, lang: str, instant: datetime, tz: ZoneInfo) -> str:
        """Unambiguous: ``jeudi 12 mars 2026 à 14:00 (Paris, UTC+1)``."""
        local = instant.astimezone(tz)
        text = format_datetime(instant, lang, tz, with_zone=False)
        return f"{text} ({zone_label(tz)}, {utc_offset(local)})"

    def zone_times(self, lang: str, instant: datetime, zones: Sequence[str]) -> str:
        """``14:00 Paris, Douala · 13:00 Abidjan, Dakar · 17:00 Yerevan``: the first zone's
        group first, then by UTC offset; a day shift is marked."""
        if not zones:
            return ""
        groups: dict[tuple[date, str], list[str]] = {}
        offsets: dict[tuple[date, str], timedelta] = {}
        seen: set[str] = set()
        for name in zones:
            if name in seen:
                continue
            seen.add(name)
            tz = zone(name)
            local = instant.astimezone(tz)
            key = (local.date(), local.strftime("%H:%M"))
            groups.setdefault(key, []).append(zone_label(tz))
            offsets[key] = local.utcoffset() or timedelta(0)
        first_local = instant.astimezone(zone(zones[0]))
        first_key = (first_local.date(), first_local.strftime("%H:%M"))
        order = sorted(groups, key=lambda k: (k != first_key, offsets[k]))
        parts = []
        for key in order:
            labels = groups[key]
            head, rest = labels[:1], sorted(labels[1:])
            names = [*head, *rest] if key == first_key else sorted(labels)
            shift = (key[0] - first_local.date()).days
            marker = ""
            if shift > 0:
                marker = " " + self.t(lang, "times.next_day")
            elif shift < 0:
                marker = " " + self.t(lang, "times.previous_day")
            parts.append(f"{key[1]}{marker} {', '.join(names)}")
        return self.t(lang, "times.separator").join(parts)

    # -- an event ---------------------------------------------------------------------------

    def card(
        self,
        lang: str,
        fields: EventFields,
        where: Where,
        *,
        now: datetime | None = None,
        counts: RsvpCounts | None = None,
        answer: str | None = None,
    ) -> str:
        """The block describing an event (or a draft), escaped, ready to embed."""
        event = fields if isinstance(fields, Event) else None
        lines = [
            self.t(
                lang, "card.title", icon=self.t(lang, f"icons.{fields.kind}"), title=fields.title
            )
        ]
        if event is not None and event.cancelled:
            lines.append(self.t(lang, "card.cancelled"))
        meta = dict(kind=self.kind(lang, fields.kind), project=self.project_name(fields.project_id))
        if event is not None and event.id:
            lines.append(self.t(lang, "card.meta", id=event.id, **meta))
        else:
            lines.append(self.t(lang, "card.meta_draft", **meta))
        if where.is_group:
            organiser = fields.zone
            lines.append(
                self.t(
                    lang,
                    "card.when_group",
                    date=format_date(fields.starts_at, lang, organiser),
                    times=self.zone_times(lang, fields.starts_at, where.zones),
                )
            )
        else:
            assert where.tz is not None
            lines.append(
                self.t(lang, "card.when", when=self.when(lang, fields.starts_at, where.tz))
            )
        if now is not None and fields.starts_at <= now < fields.ends_at:
            lines.append(self.t(lang, "card.ongoing"))
        lines.append(self.t(lang, "card.duration", duration=self.duration(lang, fields.duration)))
        if fields.repeat:
            rule = self.repeat(lang, fields.repeat, fields.starts_at, fields.zone)
            lines.append(self.catalogue.t(lang, "recurrence.line", rule=Safe(rule)))
        if fields.place:
            lines.append(self.t(lang, "card.place", place=fields.place))
        if fields.capacity:
            lines.append(self.catalogue.t(lang, "waitlist.places", count=fields.capacity))
        if fields.link:
            lines.append(self.t(lang, "card.link", link=fields.link))
        if fields.dial_in:
            lines.append(self.t(lang, "card.dial_in", dial_in=fields.dial_in))
        who = self.audience(lang, fields)
        if who:
            lines.append(self.t(lang, "card.audience", who=who))
        if fields.description:
            text = fields.description
            if len(text) > DESCRIPTION_MAX:
                text = text[: DESCRIPTION_MAX - 1] + "…"
            lines.append(escape(text))
        if counts is not None and (counts.yes or counts.maybe or counts.no):
            lines.append(
                self.t(lang, "card.answers", yes=counts.yes, maybe=counts.maybe, no=counts.no)
            )
        if answer in ANSWER_ICONS:
            lines.append(self.t(lang, f"card.your_answer_{answer}"))
        return "\n".join(lines)

    def audience(self, lang: str, fields: EventFields) -> str:
        parts: list[str] = []
        if fields.countries:
            parts.extend(self.country_name(lang, c) for c in fields.countries)
        if fields.organisations:
            parts.extend(self.organisation_name(lang, o) for o in fields.organisations)
        return ", ".join(parts)

    # -- announcements and reminders --------------------------------------------------------

    def notice(
        self,
        lang: str,
        notice: Notice,
        event: Event,
        where: Where,
        *,
        following: Sequence[Event] = (),
    ) -> str:
        """A notice about an event; with ``FOLLOWING`` among its changes, about a series from
        this date on (``following``: the later dates already made, changed with it)."""
        card = Safe(self.card(lang, event, where))
        series = FOLLOWING in notice.changes
        changes = [c for c in notice.changes if c != FOLLOWING]
        tz = where.tz or event.zone
        since = format_date(event.starts_at, lang, tz)
        if notice.what == "changed":
            names = [self.t(lang, f"changes.{c}") for c in changes] or [
                self.t(lang, "changes.other")
            ]
            joined = self.t(lang, "changes.separator").join(names)
            if not series:
                return self.t(lang, "notice.changed", changes=joined, card=card)
            text = self.catalogue.t(
                lang, "recurrence.notice.changed_following", date=since, changes=joined, card=card
            )
            if following:
                # in a group, in the organiser's zone (the card above gives the others)
                dates = "; ".join(self.when(lang, e.starts_at, tz) for e in following)
                text += "\n\n" + self.catalogue.t(
                    lang, "recurrence.notice.following_dates", count=len(following), dates=dates
                )
            return text
        if series and notice.what == "cancelled":
            return self.catalogue.t(
                lang,
                "recurrence.notice.cancelled_following",
                date=since,
                title=event.title,
                card=card,
            )
        return self.t(lang, f"notice.{notice.what}", card=card)

    def reminder(
        self, lang: str, event: Event, where: Where, *, remaining: timedelta, late: bool
    ) -> str:
        card = Safe(self.card(lang, event, where))
        if remaining < timedelta(minutes=1):
            return self.t(lang, "reminder.now", title=event.title, card=card)
        key = "reminder.late" if late else "reminder.soon"
        return self.t(
            lang, key, title=event.title, relative=self.relative(lang, remaining), card=card
        )

    # -- keyboards --------------------------------------------------------------------------

    def rsvp_keyboard(
        self,
        lang: str,
        event: Event,
        *,
        selected: str | None = None,
        ics: bool = True,
        coordinator: bool = False,
    ) -> InlineKeyboardMarkup:
        row = []
        for answer in RSVP_ANSWERS:
            label = self.t(lang, f"buttons.{answer}")
            if answer == selected:
                label = f"• {label} •"
            row.append(inline(label, Rsvp(event.id, answer)))
        rows = [row]
        second = []
        if event.link and event.link.startswith(("https://", "http://")):
            second.append(InlineKeyboardButton(self.t(lang, "buttons.join"), url=event.link))
        if ics:
            second.append(inline(self.t(lang, "buttons.ics"), EventIcs(event.id)))
        if second:
            rows.append(second)
        if coordinator:
            rows.append(self.coordinator_buttons(lang, event.id))
        return InlineKeyboardMarkup(rows)

    def coordinator_buttons(self, lang: str, event_id: int) -> list[InlineKeyboardButton]:
        return [
            inline(self.t(lang, "buttons.rsvps"), EventAction("who", event_id)),
            inline(self.t(lang, "buttons.edit"), EventAction("edit", event_id)),
            inline(self.t(lang, "buttons.cancel_event"), EventAction("cancel", event_id)),
        ]

    def draft_keyboard(
        self, lang: str, draft_id: int, remind_all: bool, *, series: bool = False
    ) -> InlineKeyboardMarkup:
        """A draft's buttons; the edit of an occurrence of a series (``series``) is saved for
        this date only or for it and all the following ones."""
        toggle = "buttons.remind_all" if remind_all else "buttons.remind_rsvp"
        discard = inline(self.t(lang, "buttons.discard"), EventAction("drop", draft_id))
        if series:
            one = self.catalogue.t(lang, "recurrence.buttons.save_one")
            following = self.catalogue.t(lang, "recurrence.buttons.save_following")
            return InlineKeyboardMarkup(
                [
                    [inline(self.t(lang, toggle), EventAction("all", draft_id))],
                    [inline(one, EventAction("save", draft_id))],
                    [inline(following, EventAction("savenext", draft_id))],
                    [discard],
                ]
            )
        return InlineKeyboardMarkup(
            [
                [inline(self.t(lang, toggle), EventAction("all", draft_id))],
                [inline(self.t(lang, "buttons.save"), EventAction("save", draft_id)), discard],
            ]
        )

    def cancel_keyboard(
        self, lang: str, event_id: int, *, series: bool = False
    ) -> InlineKeyboardMarkup:
        keep = inline(self.t(lang, "buttons.keep"), EventAction("keep", event_id))
        if series:
            one = self.catalogue.t(lang, "recurrence.buttons.cancel_one")
            following = self.catalogue.t(lang, "recurrence.buttons.cancel_following")
            return InlineKeyboardMarkup(
                [
                    [inline(one, EventAction("cancelok", event_id))],
                    [inline(following, EventAction("cancelnext", event_id))],
                    [keep],
                ]
            )
        return InlineKeyboardMarkup(
            [
                [
                    inline(
                        self.t(lang, "buttons.confirm_cancel"), EventAction("cancelok", event_id)
                    ),
                    keep,
                ]
            ]
        )

    def repeat(self, lang: str, rrule: str, start: datetime, tz: ZoneInfo) -> str:
        """A series' rule in words: ``chaque mois, le 1er jeudi``, ``every 2 weeks on
        Tuesday, until 30 June 2027`` (escaped)."""
        rule = Rule.from_rrule(rrule)
        local = start.astimezone(tz).date()
        weekday = (
            weekday_name(lang, local + timedelta(days=(rule.weekday - local.weekday()) % 7))
            if rule.weekday is not None
            else ""
        )
        if rule.freq == "weekly":
            text = self.catalogue.t(lang, "recurrence.weekly", count=rule.interval, weekday=weekday)
        elif rule.nth is not None:
            text = self.catalogue.t(
                lang,
                "recurrence.monthly_nth",
                count=rule.interval,
                nth=self.catalogue.t(lang, f"recurrence.nth.{rule.nth}"),
                weekday=weekday,
            )
        else:
            day = ordinal_day(rule.monthday or local.day, lang)
            text = self.catalogue.t(lang, "recurrence.monthly_day", count=rule.interval, day=day)
        if rule.until is not None:
            text = self.catalogue.t(
                lang, "recurrence.until", rule=Safe(text), date=format_date(rule.until, lang)
            )
        elif rule.count is not None:
            text = self.catalogue.t(lang, "recurrence.times", rule=Safe(text), count=rule.count)
        return text

    # -- drafts -----------------------------------------------------------------------------

    def offsets(self, lang: str, offsets: Sequence[str]) -> str:
        """Reminder offsets in words: ``7 jours, 1 jour, 1 heure avant et au début``."""
        if not offsets:
            return self.t(lang, "create.no_reminders")
        before = []
        at_start = False
        for key in offsets:
            minutes = int(offset_delta(key).total_seconds() // 60)
            if minutes == 0:
                at_start = True
            elif minutes % 1440 == 0:
                before.append(self.catalogue.count(lang, "day", minutes // 1440))
            elif minutes % 60 == 0:
                before.append(self.catalogue.count(lang, "hour", minutes // 60))
            else:
                before.append(self.catalogue.count(lang, "minute", minutes))
        parts = []
        if before:
            parts.append(self.t(lang, "create.reminders_before", offsets=Safe(", ".join(before))))
        if at_start:
            parts.append(self.t(lang, "create.reminders_at_start"))
        return self.catalogue.raw(lang, "events.create.reminders_and").join(parts)

    def _checked_card(self, lang: str, fields: EventFields, tz: ZoneInfo) -> str:
        """The event's card for the coordinator to check: its time exact, in its own zone."""
        card = self.card(lang, fields, Where(tz=tz))
        exact = self.when_exact(lang, fields.starts_at, fields.zone)
        return card.replace(
            self.t(lang, "card.when", when=self.when(lang, fields.starts_at, tz)),
            self.t(lang, "card.when", when=exact),
            1,
        )

    def draft_summary(
        self, lang: str, fields: EventFields, tz: ZoneInfo, offsets: Sequence[str]
    ) -> str:
        card = self._checked_card(lang, fields, tz)
        recipients = "create.recipients_all" if fields.remind_all else "create.recipients_rsvp"
        return self.t(
            lang,
            "create.summary",
            card=Safe(card),
            offsets=self.offsets(lang, offsets),
            recipients=self.t(lang, recipients),
        )

    def edit_summary(
        self,
        lang: str,
        fields: EventFields,
        tz: ZoneInfo,
        offsets: Sequence[str],
        changes: Sequence[str],
    ) -> str:
        card = self._checked_card(lang, fields, tz)
        names = [self.t(lang, f"changes.{c}") for c in changes]
        return self.t(
            lang,
            "edit.summary",
            changes=self.t(lang, "changes.separator").join(names),
            card=Safe(card),
            offsets=self.offsets(lang, offsets),
        )

    # -- agenda -----------------------------------------------------------------------------

    def agenda_listing(
        self,
        lang: str,
        events: Sequence[Event],
        milestones: Sequence[MilestoneItem],
        where_of: Callable[[Event], Where],
        projects: Sequence[str] | None,
        *,
        now: datetime,
        counts: dict[int, RsvpCounts] | None = None,
        more: int = 0,
        reader_tz: ZoneInfo | None = None,
    ) -> Listing:
        """The agenda for the shared pager: each event's card an item (never cut across two
        pages, a blank line before it), then each milestone, then whose clock it shows."""
        label = self.projects_label(lang, projects)
        items: list[str] = []
        if not events:
            items.append("\n" + self.t(lang, "agenda.empty", projects=label))
        for event in events:
            card = self.card(
                lang, event, where_of(event), now=now, counts=(counts or {}).get(event.id)
            )
            items.append("\n" + card)
        if more:
            items.append("\n" + self.t(lang, "agenda.more", count=more))
        for index, item in enumerate(milestones):
            place = self.t(lang, "agenda.milestone_place", place=item.place) if item.place else ""
            line = self.t(
                lang,
                "agenda.milestone",
                date=item.date.format(lang),
                title=item.title,
                place=Safe(place),
                project=self.project_name(item.project_id),
            )
            if index == 0:  # the heading stays with the first milestone
                line = "\n" + self.t(lang, "agenda.milestones") + "\n" + line
            items.append(line)
        if reader_tz is not None:
            items.append("\n" + self.t(lang, "agenda.your_zone", zone=zone_label(reader_tz)))
        return Listing(self.t(lang, "agenda.title", projects=label), tuple(items))

    # -- RSVP report ------------------------------------------------------------------------

    def rsvp_report(self, lang: str, report: RsvpReport, tz: ZoneInfo) -> str:
        event = report.event
        lines = [
            self.t(
                lang,
                "rsvp.report_title",
                title=event.title,
                id=event.id,
                when=self.when(lang, event.starts_at, tz),
            ),
            self.t(
                lang,
                "rsvp.report_counts",
                yes=report.counts.yes,
                maybe=report.counts.maybe,
                no=report.counts.no,
            ),
        ]
        if not report.countries:
            lines.append(self.t(lang, "rsvp.none"))
        for country in report.countries:
            lines.append("")
            lines.append(
                self.t(
                    lang,
                    "rsvp.report_country",
                    country=country.name,
                    yes=country.counts.yes,
                    maybe=country.counts.maybe,
                    no=country.counts.no,
                )
            )
            for org in country.organisations:
                names = [f"{ANSWER_ICONS[answer]} {escape(name)}" for name, answer in org.people]
                rows = _wrap(names, PEOPLE_PER_LINE)
                lines.append(
                    self.t(lang, "rsvp.report_org", organisation=org.name, people=Safe(rows[0]))
                )
                lines.extend(f"    {row}" for row in rows[1:])  # long lists: several lines
        return "\n".join(lines)


def _wrap(items: Sequence[str], per_line: int) -> list[str]:
    """Comma-separated items, ``per_line`` to a line (messages are split between lines)."""
    return [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)] or [""]


def weekday_name(lang: str, day: date) -> str:
    return babel_dates.format_date(day, "EEEE", locale=lang)
