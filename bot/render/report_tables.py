"""The activity report as tables: one per sheet of the XLSX and per CSV file, with typed
columns (the writers turn dates into dates and rates into percentages) and headers in the
report's language (``report.columns.*`` in the catalogues). Each column says once what it
holds: by default the row's attribute of the same name, otherwise how its cell is made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.activity_report import ActivityReport
from bot.i18n import Catalogue


@dataclass(frozen=True)
class Words:
    """The report's words in its language: ``words("yes")`` is ``report.yes``."""

    catalogue: Catalogue
    lang: str
    prefix: str = "report"

    def __call__(self, key: str, count: int | None = None) -> str:
        return self.catalogue.raw(self.lang, f"{self.prefix}.{key}", count)

    def side(self, french: bool) -> str:
        return self("side.french" if french else "side.partner")

    def yes_no(self, value: bool) -> str:
        return self("yes" if value else "no")


Cell = Callable[[Any, Words], object]  # a row of the report, its words -> the cell's value


# Column kinds: text, int, float (one decimal), percent (a fraction), date, datetime.
@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "text"
    width: int = 12  # characters, for the XLSX
    cell: Cell | None = field(default=None, compare=False, repr=False)  # None: attribute ``key``

    def value(self, row: object, words: Words) -> object:
        return getattr(row, self.key) if self.cell is None else self.cell(row, words)


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


def attribute(name: str) -> Cell:
    """The row's attribute ``name`` (for a column named otherwise)."""
    return lambda row, _words: getattr(row, name)


def rate_of(part: str, whole: str) -> Cell:
    """The fraction ``part / whole`` of two of the row's attributes (None when whole is 0)."""
    return lambda row, _words: rate(getattr(row, part), getattr(row, whole))


def side(row: Any, words: Words) -> str:
    return words.side(row.french)


# The columns an organisation has in both its sheets (all of them and the silent ones).
ORGANISATION = [
    Column("name", "text", 40),
    Column("country", "text", 16),
    Column("side", "text", 12, side),
    Column("people", "int", 10),
    Column("focal_points", "int", 10),
    Column("focal_names", "text", 30, lambda o, _: o.focal_names or None),
]

# The tables in order, the summary first; each but the summary lists the report's attribute
# of the same name (its rows are the summary's (label, value) pairs).
COLUMNS: dict[str, list[Column]] = {
    "summary": [Column("figure", "text", 52), Column("value", "text", 40)],
    "events": [
        Column("id", "int", 6),
        Column("date", "datetime", 17, attribute("starts_at")),
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
        *ORGANISATION,
        Column("events_attended", "int", 12),
        Column("events_held", "int", 12),
        Column("attendance_rate", "percent", 12, rate_of("events_attended", "events_held")),
        Column("rsvps", "int", 10),
        Column("polls_answered", "int", 12),
        Column("polls_sent", "int", 12),
        Column("response_rate", "percent", 12, rate_of("polls_answered", "polls_sent")),
        Column("feedback", "int", 12, attribute("feedback_given")),
        Column("last_activity", "datetime", 17),
        Column("active", "text", 8, lambda o, words: words.yes_no(o.active)),
        Column("self_assessment", "text", 16),
    ],
    "silent": ORGANISATION,
    "countries": [
        Column("country", "text", 18, attribute("name")),
        Column("side", "text", 12, side),
        Column("organisations", "int", 13),
        Column("active", "int", 9),
        Column("silent", "int", 9),
        Column("active_rate", "percent", 11, rate_of("active", "organisations")),
        Column("with_focal_point", "int", 12),
        Column("people", "int", 10),
        Column("events_attended", "int", 12),
        Column("events_possible", "int", 12),
        Column("attendance_rate", "percent", 12, rate_of("events_attended", "events_possible")),
        Column("polls_answered", "int", 12),
        Column("polls_possible", "int", 12),
        Column("response_rate", "percent", 12, rate_of("polls_answered", "polls_possible")),
        Column("feedback", "int", 12, attribute("feedback_given")),
    ],
    "polls": [
        Column("id", "int", 6),
        Column("date", "datetime", 17, attribute("created_at")),
        Column("kind", "text", 10),
        Column("question", "text", 48),
        Column(
            "state",
            "text",
            10,
            lambda p, words: words("poll_state.closed" if p.closed else "poll_state.open"),
        ),
        Column("voters", "int", 9),
        # An anonymous poll does not say who answered.
        Column(
            "organisations_answered",
            "int",
            13,
            lambda p, _: None if p.anonymous else p.organisations_answered,
        ),
        Column("organisations", "int", 13),
        Column(
            "response_rate",
            "percent",
            12,
            lambda p, _: None if p.anonymous else rate(p.organisations_answered, p.organisations),
        ),
    ],
    "poll_countries": [
        Column("poll", "int", 8, attribute("poll_id")),
        Column("question", "text", 40),
        Column("country", "text", 18),
        Column("answered", "int", 12),
        Column("organisations", "int", 13),
        Column("response_rate", "percent", 12, rate_of("answered", "organisations")),
        Column("voters", "int", 9),
    ],
    "announcements": [
        Column("id", "int", 6),
        Column("date", "datetime", 17, attribute("sent_at")),
        Column("audience", "text", 18),
        Column("excerpt", "text", 44),
        Column("state", "text", 10),
        Column("recipients", "int", 12),
        Column("delivered", "int", 10),
        Column("unreachable", "int", 12),
        Column("failed", "int", 10),
        Column("delivery_rate", "percent", 12, rate_of("delivered", "recipients")),
    ],
    "months": [
        Column("month", "date", 12),
        Column("events", "int", 11),
        Column("rsvps", "int", 11),
        Column("poll_answers", "int", 13),
        Column("active_organisations", "int", 14),
    ],
}
TABLES = tuple(COLUMNS)


def tables(report: ActivityReport, catalogue: Catalogue) -> list[Table]:
    """Every table of the report, in order: the summary first."""
    words = Words(catalogue, report.lang)
    out: list[Table] = []
    for key, columns in COLUMNS.items():
        headers = [words(f"columns.{key}.{c.key}") for c in columns]
        table = Table(key, words(f"sheets.{key}"), columns, headers)
        if key == "summary":
            table.rows = [[label, value] for label, value in summary(report, catalogue)]
        else:
            table.rows = [[c.value(row, words) for c in columns] for row in getattr(report, key)]
        out.append(table)
    return out


def headline_lines(report: ActivityReport, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The headline figures as (label, value) in the report's language: the summary sheet,
    the PDF, the bot's message and the terminal all show these."""
    from babel.numbers import format_decimal, format_percent

    lang = report.lang
    h = report.headline

    raw = Words(catalogue, lang, "report.headline")

    def counted(key: str, count: int) -> str:
        """``count`` with its noun agreeing: ``1 votant``, ``2 votants``."""
        return raw(key, count).format(count=count)

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
    raw = Words(catalogue, lang)
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
