"""The activity report as tables: one per sheet of the XLSX and per CSV file, with typed
columns (the writers turn dates into dates and rates into percentages) and headers in the
report's language (``report.columns.*`` in the catalogues)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.activity_report import ActivityReport
from bot.i18n import Catalogue

# Column kinds: text, int, float (one decimal), percent (a fraction), date, datetime.
TABLES = (
    "summary",
    "events",
    "organisations",
    "silent",
    "countries",
    "polls",
    "poll_countries",
    "announcements",
    "months",
)


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "text"
    width: int = 12  # characters, for the XLSX


@dataclass
class Table:
    key: str
    name: str  # sheet name, in the report's language
    columns: list[Column]
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)


Value = str | int | float | date | datetime | None


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


COLUMNS: dict[str, list[Column]] = {
    "summary": [Column("figure", "text", 52), Column("value", "text", 40)],
    "events": [
        Column("id", "int", 6),
        Column("date", "datetime", 17),
        Column("kind", "text", 16),
        Column("title", "text", 40),
        Column("invited", "int", 9),
        Column("yes", "int", 7),
        Column("maybe", "int", 10),
        Column("no", "int", 7),
        Column("no_answer", "int", 11),
        Column("attended", "int", 10),
        Column("not_attended", "int", 12),
        Column("satisfaction", "float", 13),
        Column("satisfaction_votes", "int", 12),
        Column("comments", "int", 12),
    ],
    "organisations": [
        Column("id", "text", 20),
        Column("name", "text", 40),
        Column("country", "text", 16),
        Column("side", "text", 12),
        Column("people", "int", 10),
        Column("focal_points", "int", 10),
        Column("focal_names", "text", 30),
        Column("events_attended", "int", 12),
        Column("events_held", "int", 12),
        Column("attendance_rate", "percent", 12),
        Column("rsvps", "int", 10),
        Column("polls_answered", "int", 12),
        Column("polls_sent", "int", 12),
        Column("response_rate", "percent", 12),
        Column("feedback", "int", 12),
        Column("last_activity", "datetime", 17),
        Column("active", "text", 8),
        Column("self_assessment", "text", 16),
    ],
    "silent": [
        Column("name", "text", 40),
        Column("country", "text", 16),
        Column("side", "text", 12),
        Column("people", "int", 10),
        Column("focal_points", "int", 10),
        Column("focal_names", "text", 30),
    ],
    "countries": [
        Column("country", "text", 18),
        Column("side", "text", 12),
        Column("organisations", "int", 13),
        Column("active", "int", 9),
        Column("silent", "int", 9),
        Column("active_rate", "percent", 11),
        Column("with_focal_point", "int", 12),
        Column("people", "int", 10),
        Column("events_attended", "int", 12),
        Column("events_possible", "int", 12),
        Column("attendance_rate", "percent", 12),
        Column("polls_answered", "int", 12),
        Column("polls_possible", "int", 12),
        Column("response_rate", "percent", 12),
        Column("feedback", "int", 12),
    ],
    "polls": [
        Column("id", "int", 6),
        Column("date", "datetime", 17),
        Column("kind", "text", 10),
        Column("question", "text", 48),
        Column("state", "text", 10),
        Column("voters", "int", 9),
        Column("organisations_answered", "int", 13),
        Column("organisations", "int", 13),
        Column("response_rate", "percent", 12),
    ],
    "poll_countries": [
        Column("poll", "int", 8),
        Column("question", "text", 40),
        Column("country", "text", 18),
        Column("answered", "int", 12),
        Column("organisations", "int", 13),
        Column("response_rate", "percent", 12),
        Column("voters", "int", 9),
    ],
    "announcements": [
        Column("id", "int", 6),
        Column("date", "datetime", 17),
        Column("audience", "text", 18),
        Column("excerpt", "text", 44),
        Column("state", "text", 10),
        Column("recipients", "int", 12),
        Column("delivered", "int", 10),
        Column("unreachable", "int", 12),
        Column("failed", "int", 10),
        Column("delivery_rate", "percent", 12),
    ],
    "months": [
        Column("month", "date", 12),
        Column("events", "int", 11),
        Column("rsvps", "int", 11),
        Column("poll_answers", "int", 13),
        Column("active_organisations", "int", 14),
    ],
}


def tables(report: ActivityReport, catalogue: Catalogue) -> list[Table]:
    """Every table of the report, in order: the summary first."""
    lang = report.lang

    def raw(key: str) -> str:
        return catalogue.raw(lang, f"report.{key}")

    def side(french: bool) -> str:
        return raw("side.french" if french else "side.partner")

    def yes_no(value: bool) -> str:
        return raw("yes" if value else "no")

    out: list[Table] = []
    for key in TABLES:
        columns = COLUMNS[key]
        headers = [raw(f"columns.{key}.{c.key}") for c in columns]
        out.append(Table(key, raw(f"sheets.{key}"), columns, headers))
    by_key = {t.key: t for t in out}
    by_key["summary"].rows = [[label, value] for label, value in summary(report, catalogue)]
    by_key["events"].rows = [
        [
            e.id,
            e.starts_at,
            e.kind,
            e.title,
            e.invited,
            e.yes,
            e.maybe,
            e.no,
            e.no_answer,
            e.attended,
            e.not_attended,
            e.satisfaction,
            e.satisfaction_votes,
            e.comments,
        ]
        for e in report.events
    ]
    by_key["organisations"].rows = [
        [
            o.id,
            o.name,
            o.country,
            side(o.french),
            o.people,
            o.focal_points,
            o.focal_names or None,
            o.events_attended,
            o.events_held,
            rate(o.events_attended, o.events_held),
            o.rsvps,
            o.polls_answered,
            o.polls_sent,
            rate(o.polls_answered, o.polls_sent),
            o.feedback_given,
            o.last_activity,
            yes_no(o.active),
            o.self_assessment,
        ]
        for o in report.organisations
    ]
    by_key["silent"].rows = [
        [o.name, o.country, side(o.french), o.people, o.focal_points, o.focal_names or None]
        for o in report.silent
    ]
    by_key["countries"].rows = [
        [
            c.name,
            side(c.french),
            c.organisations,
            c.active,
            c.silent,
            rate(c.active, c.organisations),
            c.with_focal_point,
            c.people,
            c.events_attended,
            c.events_possible,
            rate(c.events_attended, c.events_possible),
            c.polls_answered,
            c.polls_possible,
            rate(c.polls_answered, c.polls_possible),
            c.feedback_given,
        ]
        for c in report.countries
    ]
    by_key["polls"].rows = [
        [
            p.id,
            p.created_at,
            p.kind,
            p.question,
            raw("poll_state.closed" if p.closed else "poll_state.open"),
            p.voters,
            None if p.anonymous else p.organisations_answered,
            p.organisations,
            None if p.anonymous else rate(p.organisations_answered, p.organisations),
        ]
        for p in report.polls
    ]
    by_key["poll_countries"].rows = [
        [
            p.poll_id,
            p.question,
            p.country,
            p.answered,
            p.organisations,
            rate(p.answered, p.organisations),
            p.voters,
        ]
        for p in report.poll_countries
    ]
    by_key["announcements"].rows = [
        [
            a.id,
            a.sent_at,
            a.audience,
            a.excerpt,
            a.state,
            a.recipients,
            a.delivered,
            a.unreachable,
            a.failed,
            rate(a.delivered, a.recipients),
        ]
        for a in report.announcements
    ]
    by_key["months"].rows = [
        [m.month, m.events, m.rsvps, m.poll_answers, m.active_organisations] for m in report.months
    ]
    return out


def headline_lines(report: ActivityReport, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The headline figures as (label, value) in the report's language: the summary sheet,
    the PDF, the bot's message and the terminal all show these."""
    from babel.numbers import format_decimal, format_percent

    lang = report.lang
    h = report.headline

    def raw(key: str) -> str:
        return catalogue.raw(lang, f"report.headline.{key}")

    def counted(key: str, count: int) -> str:
        """``count`` with its noun agreeing: ``1 votant``, ``2 votants``."""
        return catalogue.raw(lang, f"report.headline.{key}", count).format(count=count)

    def share(part: int, whole: int) -> str:
        if not whole:
            return raw("count").format(part=part, whole=whole)
        percent = format_percent(part / whole, locale=lang)
        return raw("count_rate").format(part=part, whole=whole, rate=percent)

    satisfaction = (
        raw("satisfaction_value").format(
            value=format_decimal(h.satisfaction, format="0.0", locale=lang),
            votes=counted("votes", h.satisfaction_votes),
        )
        if h.satisfaction is not None
        else raw("none")
    )
    return [
        (raw("active"), share(h.active, h.organisations)),
        (raw("french_active"), share(h.french_active, h.french)),
        (raw("partners_active"), share(h.partners_active, h.partners)),
        (
            raw("events"),
            raw("events_value").format(events=h.events, rsvps=counted("rsvps", h.rsvps)),
        ),
        (raw("attended"), str(h.attended)),
        (raw("satisfaction"), satisfaction),
        (raw("comments"), str(h.comments)),
        (
            raw("polls"),
            raw("polls_value").format(polls=h.polls, answers=counted("answers", h.poll_answers)),
        ),
        (
            raw("announcements"),
            raw("announcements_value").format(
                count=h.announcements, delivered=counted("delivered", h.delivered)
            ),
        ),
    ]


def summary(report: ActivityReport, catalogue: Catalogue) -> list[tuple[str, str]]:
    from babel.dates import format_date, format_datetime

    lang = report.lang

    def raw(key: str) -> str:
        return catalogue.raw(lang, f"report.{key}")

    period = raw("period").format(
        start=format_date(report.period.start, "d MMM y", locale=lang),
        end=format_date(report.period.end, "d MMM y", locale=lang),
    )
    if report.period.name:
        period = f"{report.period.name} ({period})"
    return [
        (raw("summary.project"), f"{report.project} — {report.title}"),
        (raw("summary.period"), period),
        (
            raw("summary.generated"),
            format_datetime(report.generated_at, "d MMM y HH:mm", locale=lang),
        ),
        *headline_lines(report, catalogue),
        (raw("summary.silent"), str(len(report.silent))),
        (raw("summary.privacy"), raw("privacy")),
    ]
