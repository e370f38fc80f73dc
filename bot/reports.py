"""Poll results: totals per option, participation by organisation and by country (who has not
answered yet, too), a bar chart, and the CSV export of every answer.

:class:`PollResults` holds the figures, independent of language; the ``text``, ``caption`` and
``chart`` renderings speak the reader's language. The current answer of a voter is derived from
the history (see :meth:`PollsRepository.latest_answers`): the latest answer not late of each
voter in each chat; someone who answered in two chats (a group and in private) counts once,
with the latest answer they did not retract.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.clock import to_iso
from bot.i18n import Catalogue, Safe, escape, format_datetime
from bot.knowledge.models import KnowledgeBase, Organisation
from bot.limits import html_length
from bot.names import Knowledge
from bot.storage.polls import AnswerRow, Comment, Poll, PollsRepository

SATISFACTION_SCORES = (5, 4, 3, 2, 1)  # option 0 of a satisfaction poll is 5/5
MAX_TEXT = 4000
MAX_CAPTION = 1000


def poll_texts(catalogue: Catalogue, poll: Poll, lang: str) -> tuple[str, list[str]]:
    """The question and answers as read in ``lang``. A feedback poll is written by the bot
    (its stored question is the event's title), so it speaks each reader's language."""
    if poll.kind in ("attendance", "satisfaction"):
        raw = catalogue.raw(lang, f"polls.feedback.{poll.kind}_question")
        question = shorten(raw.format(title=poll.question), 300)
        return question, feedback_options(catalogue, poll.kind, lang)
    return poll.question, list(poll.options)


def feedback_options(catalogue: Catalogue, kind: str, lang: str) -> list[str]:
    if kind == "attendance":
        return [catalogue.raw(lang, "polls.feedback.yes"), catalogue.raw(lang, "polls.feedback.no")]
    return [catalogue.raw(lang, f"polls.feedback.score{s}") for s in SATISFACTION_SCORES]


@dataclass(frozen=True)
class OrganisationCount:
    id: str
    voters: int


@dataclass(frozen=True)
class CountryCount:
    id: str
    organisations: int  # member organisations of the project in this country
    answered: int  # of which answered
    voters: int
    missing: tuple[str, ...] = ()  # its member organisations that have not answered yet


@dataclass(frozen=True)
class PollResults:
    poll: Poll
    counts: tuple[int, ...]  # voters per option
    voters: int
    voter_ids: frozenset[int]
    received: int  # answers received (changes, retractions and late ones included)
    late: int
    retracted: int  # voters whose last word was to retract
    answered: tuple[OrganisationCount, ...]  # organisations with at least one voter
    missing: tuple[str, ...]  # member organisations of the project without any
    expected: int  # member organisations of the project
    countries: tuple[CountryCount, ...]
    unaffiliated: int  # voters without an organisation
    comments: int
    average: float | None  # satisfaction polls: mean score out of 5

    @property
    def answered_members(self) -> int:
        """Member organisations of the project that answered."""
        return self.expected - len(self.missing)


def current_answers(rows: Sequence[AnswerRow]) -> tuple[dict[int, AnswerRow], set[int]]:
    """Per voter, their latest answer not retracted; and the voters who retracted all."""
    current: dict[int, AnswerRow] = {}
    seen: set[int] = set()
    for row in sorted(rows, key=lambda r: r.update_id):
        seen.add(row.user_id)
        if row.option_ids:
            current[row.user_id] = row
        else:
            # a retraction only cancels the answer given in the same chat
            known = current.get(row.user_id)
            if known is not None and known.chat_id == row.chat_id:
                del current[row.user_id]
    return current, seen - set(current)


class PollReports:
    def __init__(self, repo: PollsRepository, catalogue: Catalogue, knowledge: Knowledge) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self.knowledge = knowledge

    def kb(self) -> KnowledgeBase | None:
        try:
            return self.knowledge.kb
        except RuntimeError:  # not loaded (yet): results without organisation names
            return None

    # -- reading (for the activity report: the polls tables are read through here) ---------

    def reading_once(self) -> PollReports:
        """These reports, each poll's current answers read once (one report's figures and
        breakdowns share them)."""
        return PollReports(_ReadOnce(self.repo), self.catalogue, self.knowledge)

    async def polls(self, projects: Sequence[str]) -> list[Poll]:
        """Every poll of these projects, the latest first."""
        return await self.repo.recent(10**9, projects=projects)

    async def current_answers(self, poll_id: int) -> dict[int, AnswerRow]:
        """Each person's current answer to the poll (retracted ones left out)."""
        return current_answers(await self.repo.latest_answers(poll_id))[0]

    async def comments(self, event_id: int) -> list[Comment]:
        return await self.repo.comments(event_id)

    # -- figures ----------------------------------------------------------------------------

    async def results(self, poll: Poll) -> PollResults:
        option_count = len(poll.options)
        counts = [0] * option_count
        voter_ids: frozenset[int] = frozenset()
        retracted = 0
        by_org: Counter[str] = Counter()
        by_country: Counter[str] = Counter()
        unaffiliated = 0
        kb = self.kb()
        if poll.anonymous:
            totals, voters = await self.repo.totals(poll.id)
            for index, value in enumerate(totals[:option_count]):
                counts[index] = value
        else:
            current, gone = current_answers(await self.repo.latest_answers(poll.id))
            voter_ids = frozenset(current)
            voters = len(current)
            retracted = len(gone)
            for row in current.values():
                for index in set(row.option_ids):
                    if 0 <= index < option_count:
                        counts[index] += 1
                if row.organisation_id:
                    by_org[row.organisation_id] += 1
                else:
                    unaffiliated += 1
                country = row.country_id
                if country is None and kb is not None and row.organisation_id in kb.organisations:
                    country = kb.organisations[row.organisation_id].country
                if country:
                    by_country[country] += 1
        expected: list[Organisation] = []
        if kb is not None and poll.project_id:
            expected = [o for o in kb.members(poll.project_id) if o.merged_into is None]
        expected_ids = [o.id for o in expected]
        known = set(expected_ids)  # a set: projects of thousands of organisations
        answered = [OrganisationCount(i, by_org[i]) for i in expected_ids if by_org[i]]
        answered += [OrganisationCount(i, n) for i, n in sorted(by_org.items()) if i not in known]
        missing = [i for i in expected_ids if not by_org[i]] if not poll.anonymous else []
        countries: list[CountryCount] = []
        order = list(dict.fromkeys([o.country for o in expected] + sorted(by_country)))
        in_country: dict[str, list[Organisation]] = {}
        for org in expected:
            in_country.setdefault(org.country, []).append(org)
        for country_id in order:
            members = in_country.get(country_id, [])
            countries.append(
                CountryCount(
                    country_id,
                    len(members),
                    sum(1 for o in members if by_org[o.id]),
                    by_country[country_id],
                    tuple(o.id for o in members if not by_org[o.id]),
                )
            )
        stats = await self.repo.answer_counts(poll.id)
        comments = len(await self.repo.comments(poll.event_id)) if poll.event_id else 0
        average = None
        if poll.kind == "satisfaction":
            scored = sum(c * s for c, s in zip(counts, SATISFACTION_SCORES, strict=False))
            total = sum(counts)
            average = scored / total if total else None
        return PollResults(
            poll=poll,
            counts=tuple(counts),
            voters=voters,
            voter_ids=voter_ids,
            received=stats.rows,
            late=stats.late,
            retracted=retracted,
            answered=tuple(answered),
            missing=tuple(missing) if not poll.anonymous else tuple(expected_ids),
            expected=len(expected_ids),
            countries=tuple(countries),
            unaffiliated=unaffiliated,
            comments=comments,
            average=average,
        )

    # -- names ------------------------------------------------------------------------------

    def organisation_name(self, organisation_id: str, lang: str) -> str:
        kb = self.kb()
        found = kb.organisations.get(organisation_id) if kb else None
        if found is None:
            return organisation_id
        return (found.name_en or found.name) if lang == "en" else found.name

    def _voter_cells(self, voter: AnswerRow | Comment, lang: str) -> list[object]:
        """Who answered (an answer or a comment), as CSV cells: id, name, organisation and
        country (each as an id, then its name)."""
        organisation, country = voter.organisation_id, voter.country_id
        return [
            voter.user_id,
            _cell(voter.voter_name),
            organisation or "",
            _cell(self.organisation_name(organisation, lang)) if organisation else "",
            country or "",
            _cell(self.country_name(country, lang)) if country else "",
        ]

    def country_name(self, country_id: str, lang: str) -> str:
        kb = self.kb()
        found = kb.countries.get(country_id) if kb else None
        return found.name.get(lang) if found else country_id.upper()

    def project_name(self, project_id: str | None) -> str:
        kb = self.kb()
        if project_id is None:
            return ""
        found = kb.projects.get(project_id) if kb else None
        return found.short_name if found else project_id

    # -- renderings -------------------------------------------------------------------------

    def _t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"polls.results.{key}", **params)

    def _percent(self, count: int, voters: int, lang: str) -> str:
        share = round(100 * count / voters) if voters else 0
        return self._t(lang, "percent", value=share)

    def _status(self, results: PollResults, lang: str, tz: ZoneInfo) -> str:
        poll = results.poll
        if poll.closed_at is not None:
            return self._t(lang, "closed", when=format_datetime(poll.closed_at, lang, tz))
        if poll.closes_at is not None:
            return self._t(lang, "open_until", when=format_datetime(poll.closes_at, lang, tz))
        return self._t(lang, "open")

    def _option_lines(self, results: PollResults, lang: str) -> list[str]:
        _question, options = poll_texts(self.catalogue, results.poll, lang)
        top = max(results.counts, default=0)
        lines = []
        for text, count in zip(options, results.counts, strict=False):
            key = "option_top" if count == top and top > 0 else "option"
            lines.append(
                self._t(
                    lang,
                    key,
                    option=text,
                    count=count,
                    percent=self._percent(count, results.voters, lang),
                )
            )
        return lines

    def _summary_line(self, results: PollResults, lang: str) -> str:
        parts = [self._t(lang, "voters", count=results.voters)]
        if results.retracted:
            parts.append(self._t(lang, "retracted", count=results.retracted))
        if results.late:
            parts.append(self._t(lang, "late", count=results.late))
        return " · ".join(parts)

    def _average_line(self, results: PollResults, lang: str) -> str | None:
        if results.average is None:
            return None
        value = format_decimal(results.average, format="0.0", locale=lang)
        return self._t(lang, "average", value=value)

    def text(self, results: PollResults, lang: str, tz: ZoneInfo) -> str:
        """The full results, Telegram HTML, under 4096 characters."""
        poll = results.poll
        question, _options = poll_texts(self.catalogue, poll, lang)
        lines = [
            self._t(
                lang,
                "header",
                id=poll.id,
                project=self.project_name(poll.project_id),
                status=self._status(results, lang, tz),
            ),
            f"<b>{escape(question)}</b>",
            "",
            *self._option_lines(results, lang),
            "",
            self._summary_line(results, lang),
        ]
        average = self._average_line(results, lang)
        if average:
            lines.append(average)
        if results.comments:
            lines.append(self._t(lang, "comments", count=results.comments))
        if poll.anonymous:
            lines += ["", self._t(lang, "anonymous")]
            return _fit("\n".join(lines), MAX_TEXT)
        lines += [
            "",
            self._t(lang, "organisations", count=results.answered_members, total=results.expected),
        ]
        if results.answered:
            names = ", ".join(
                f"{escape(self.organisation_name(o.id, lang))} ({o.voters})"
                for o in results.answered
            )
            lines.append(self._t(lang, "answered", names=Safe(names)))
        if results.unaffiliated:
            lines.append(self._t(lang, "unaffiliated", count=results.unaffiliated))
        if results.countries:
            lines += ["", self._t(lang, "by_country")]
            for country in results.countries:
                key = "country_done" if country.answered == country.organisations else "country"
                if country.organisations == 0:
                    key = "country_other"
                line = self._t(
                    lang,
                    key,
                    country=self.country_name(country.id, lang),
                    answered=country.answered,
                    organisations=self.catalogue.count(lang, "organisation", country.organisations),
                    voters=self.catalogue.count(lang, "voter", country.voters),
                )
                if country.missing:
                    names = ", ".join(
                        escape(self.organisation_name(i, lang)) for i in country.missing
                    )
                    line += self._t(lang, "missing", names=Safe(names))
                lines.append(line)
        return _fit("\n".join(lines), MAX_TEXT)

    def caption(self, results: PollResults, lang: str, *, final: bool = False) -> str:
        """A short version for a photo caption (under 1024 characters)."""
        question, _options = poll_texts(self.catalogue, results.poll, lang)
        lines = [
            self._t(lang, "final" if final else "title", id=results.poll.id),
            f"<b>{escape(shorten(question, 300))}</b>",
            *self._option_lines(results, lang),
            self._summary_line(results, lang),
        ]
        average = self._average_line(results, lang)
        if average:
            lines.append(average)
        if not results.poll.anonymous and results.expected:
            lines.append(
                self._t(
                    lang,
                    "organisations_short",
                    count=results.answered_members,
                    total=results.expected,
                )
            )
        return _fit("\n".join(lines), MAX_CAPTION)

    def _chart_args(self, results: PollResults, lang: str) -> tuple[str, list[str], str, list[str]]:
        question, options = poll_texts(self.catalogue, results.poll, lang)
        raw = self.catalogue.raw
        subtitle = [raw(lang, "polls.chart.voters", results.voters).format(count=results.voters)]
        if not results.poll.anonymous and results.expected:
            subtitle.append(
                raw(lang, "polls.chart.organisations").format(
                    answered=results.answered_members, total=results.expected
                )
            )
        if results.poll.is_closed:
            subtitle.append(raw(lang, "polls.chart.closed"))
        shares = []
        for count in results.counts:
            share = round(100 * count / results.voters) if results.voters else 0
            shares.append(raw(lang, "polls.chart.value").format(count=count, percent=share))
        return question, options, " · ".join(subtitle), shares

    def chart_sync(self, results: PollResults, lang: str) -> bytes:
        # matplotlib (tens of MB) loads with the first chart, not with the services
        from bot.render.charts import bar_chart

        question, options, subtitle, shares = self._chart_args(results, lang)
        return bar_chart(
            question, options, list(results.counts), subtitle=subtitle, value_labels=shares
        )

    async def chart(self, results: PollResults, lang: str) -> bytes:
        """The bar chart (PNG), drawn in a worker thread: the bot keeps answering meanwhile."""
        return await asyncio.to_thread(self.chart_sync, results, lang)

    # -- CSV ----------------------------------------------------------------------------------

    async def csv(self, poll: Poll, lang: str = "fr") -> bytes:
        """Every answer received (history), one line each, with whether it is the voter's
        current answer, a changed one, a retraction or late; comments of a feedback poll.
        An anonymous poll has only its totals. UTF-8 with a BOM (spreadsheets)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        question, options = poll_texts(self.catalogue, poll, lang)
        if poll.anonymous:
            totals, voters = await self.repo.totals(poll.id)
            writer.writerow(["poll_id", "question", "option_id", "option", "voters"])
            for index, text in enumerate(options):
                count = totals[index] if index < len(totals) else 0
                writer.writerow([poll.id, _cell(question), index, _cell(text), count])
            writer.writerow([poll.id, _cell(question), "", "total", voters])
            return buffer.getvalue().encode("utf-8-sig")
        history = await self.repo.history(poll.id)
        current, _gone = current_answers([r for r in history if not r.late])
        current_keys = {(r.user_id, r.update_id) for r in current.values()}
        writer.writerow(
            [
                "poll_id",
                "question",
                "answered_at",
                "user_id",
                "name",
                "organisation_id",
                "organisation",
                "country_id",
                "country",
                "chat_id",
                "option_ids",
                "answer",
                "status",
            ]
        )
        for row in history:
            if row.late:
                status = "late"
            elif not row.option_ids:
                status = "retracted"
            elif (row.user_id, row.update_id) in current_keys:
                status = "current"
            else:
                status = "changed"
            answer = " ; ".join(options[i] for i in row.option_ids if 0 <= i < len(options))
            writer.writerow(
                [
                    poll.id,
                    _cell(question),
                    to_iso(row.answered_at),
                    *self._voter_cells(row, lang),
                    row.chat_id if row.chat_id is not None else "",
                    ",".join(str(i) for i in row.option_ids),
                    _cell(answer),
                    status,
                ]
            )
        if poll.kind == "satisfaction" and poll.event_id is not None:
            for comment in await self.repo.comments(poll.event_id):
                writer.writerow(
                    [
                        poll.id,
                        _cell(question),
                        to_iso(comment.created_at),
                        *self._voter_cells(comment, lang),
                        "",
                        "",
                        _cell(comment.text),
                        "comment",
                    ]
                )
        return buffer.getvalue().encode("utf-8-sig")


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(text: str, limit: int) -> str:
    """Cut a long message at a line end (never inside a tag), to ``limit`` characters as
    Telegram counts them (:func:`bot.limits.html_length`: an emoji counts 2)."""
    if html_length(text) <= limit:
        return text
    lines = text.split("\n")
    while len(lines) > 1 and html_length("\n".join(lines) + "\n…") > limit:
        lines.pop()
    return "\n".join(lines) + "\n…"


class _ReadOnce(PollsRepository):
    """The polls repository, each poll's current answers read once (see
    :meth:`PollReports.reading_once`)."""

    def __init__(self, repo: PollsRepository) -> None:
        super().__init__(repo.db)
        self._latest: dict[int, list[AnswerRow]] = {}

    async def latest_answers(self, poll_id: int) -> list[AnswerRow]:
        if poll_id not in self._latest:
            self._latest[poll_id] = await super().latest_answers(poll_id)
        return self._latest[poll_id]
