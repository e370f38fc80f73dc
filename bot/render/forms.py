"""Self-assessments as Telegram sees them: one question per message with its buttons, the
summary, progress and results (paged under Telegram's limit), and the CSV and XLSX exports.

Buttons (``bot/render/buttons.py`` codec): ``fm:VERB:FORM`` (open, later, summary, send,
reopen, results, csv, xlsx), ``fmq:VERB:FORM:QUESTION`` (previous, skip, next, edit),
``fma:FORM:QUESTION:TOKEN`` (an answer: choice id, 1..5, y/n), ``fmt:FORM:QUESTION:CHOICE``
(tick a choice of a multiple-choice question).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.forms.followup import ExportRow, Progress, Results
from bot.forms.models import Form, Question
from bot.forms.service import Access, Draft
from bot.i18n import Catalogue, Safe, escape, excerpt, format_date
from bot.knowledge.models import Organisation
from bot.names import Knowledge
from bot.render.buttons import Button, button, inline
from bot.render.pager import Listing

PAGE = 3500  # characters of one message (Telegram's limit is 4096)

FormVerb = Literal["open", "later", "summary", "send", "reopen", "results", "csv", "xlsx"]
QuestionVerb = Literal["previous", "skip", "next", "edit"]


@button("fm")
@dataclass(frozen=True)
class FormAction(Button):
    verb: FormVerb
    form: str


@button("fmq")
@dataclass(frozen=True)
class QuestionAction(Button):
    verb: QuestionVerb
    form: str
    question: str


@button("fma")
@dataclass(frozen=True)
class AnswerButton(Button):
    form: str
    question: str
    token: str


@button("fmt")
@dataclass(frozen=True)
class ToggleButton(Button):
    form: str
    question: str
    choice: str


Page = tuple[str, InlineKeyboardMarkup | None]


def paged(lines: Sequence[str], limit: int = PAGE) -> list[str]:
    """Lines joined into messages of at most ``limit`` characters."""
    pages: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + len(line) + 1 > limit:
            pages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:limit]
    if current:
        pages.append(current)
    return pages


class FormsRenderer:
    def __init__(self, catalogue: Catalogue, knowledge: Knowledge) -> None:
        self.catalogue = catalogue
        self.knowledge = knowledge  # read at each use: a reload is seen at once

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"forms.{key}", **params)

    def org_name(self, org: Organisation | str | None, lang: str) -> str:
        if isinstance(org, str):
            org = self.knowledge.kb.organisations.get(org) or org
        if org is None:
            return "—"
        if isinstance(org, str):
            return org
        return org.name_en if lang == "en" and org.name_en else org.name

    def country_name(self, country_id: str, lang: str) -> str:
        country = self.knowledge.kb.countries.get(country_id)
        return country.name.get(lang) if country else country_id

    def deadline(self, form: Form, lang: str) -> str:
        return format_date(form.deadline, lang)

    # -- values ------------------------------------------------------------------------------

    def value(self, lang: str, question: Question, value: Any) -> str:
        """An answer as plain text (escape it for HTML)."""
        kind = question.type
        if value is None:
            return ""
        if kind == "single":
            choice = question.choice(value)
            return choice.label(lang) if choice else str(value)
        if kind == "multiple":
            return "; ".join(c.label(lang) for v in value if (c := question.choice(v)) is not None)
        if kind == "yes_no":
            return self.t(lang, "summary.yes" if value else "summary.no")
        if kind == "number":
            unit = f" {question.unit.get(lang)}" if question.unit else ""
            return f"{_number(value)}{unit}"
        return str(value)

    def rule(self, lang: str, question: Question) -> str:
        kind = question.type
        if kind == "scale":
            assert question.low is not None and question.high is not None
            text = self.t(
                lang, "rule.scale", low=question.low.get(lang), high=question.high.get(lang)
            )
        elif kind == "number":
            unit = f" {question.unit.get(lang)}" if question.unit else ""
            bounds = {
                "minimum": _number(question.min or 0),
                "maximum": _number(question.max or 0),
                "unit": unit,
            }
            if question.decimals:
                text = self.t(lang, "rule.number_decimals", decimals=question.decimals, **bounds)
            else:
                text = self.t(lang, "rule.number", **bounds)
        elif kind in ("short_text", "long_text"):
            text = self.t(lang, "rule.text", maximum=question.length_limit())
        else:
            text = self.t(lang, f"rule.{kind}")
        if question.optional:
            text += " " + self.t(lang, "rule.optional")
        return text

    # -- filling in --------------------------------------------------------------------------

    def overview(self, lang: str, items: Sequence[tuple[Form, Access, Draft | None, bool]]) -> Page:
        """``/autodiagnostic``: the questionnaires with their status, a button each."""
        if not items:
            return self.t(lang, "list.none"), None
        lines = [self.t(lang, "list.intro")]
        rows = []
        for form, access, draft, is_open in items:
            if not is_open:
                status = self.t(lang, "status.closed")
            elif access.reason == "claim_pending":
                status = self.t(lang, "status.claim_pending")
            elif not access.can_answer or draft is None:
                status = self.t(lang, "status.read_only")
            elif draft.status == "in_progress":
                status = self.t(
                    lang, "status.in_progress", answered=draft.answered, total=draft.total
                )
            else:
                status = self.t(lang, f"status.{draft.status}")
            lines.append(
                self.t(
                    lang,
                    "list.item",
                    title=form.title.get(lang),
                    status=Safe(status),
                    deadline=self.deadline(form, lang),
                )
            )
            rows.append([inline(form.title.get(lang), FormAction("open", form.id))])
        return "\n".join(lines), InlineKeyboardMarkup(rows)

    def intro(self, lang: str, form: Form, draft: Draft) -> str:
        body = self.t(
            lang,
            "fill.intro",
            title=form.title.get(lang),
            intro=form.intro.get(lang),
            deadline=self.deadline(form, lang),
        )
        return body

    def resume(self, lang: str, draft: Draft, question: Question) -> str:
        return self.t(
            lang,
            "fill.resume",
            organisation=self.org_name(draft.organisation_id, lang),
            count=draft.answered,
            total=draft.total,
            number=draft.number_of(question.id),
        )

    def question(
        self, lang: str, draft: Draft, question: Question, *, back_to_summary: bool = False
    ) -> Page:
        form = draft.form
        section = form.section_of(question.id)
        lines = [
            self.t(
                lang,
                "fill.header",
                title=form.title.get(lang),
                organisation=self.org_name(draft.organisation_id, lang),
                section=section.title.get(lang) if section else "",
            ),
            self.t(lang, "fill.number", number=draft.number_of(question.id), total=draft.total),
            "",
            f"<b>{escape(question.text.get(lang))}</b>",
        ]
        if question.help is not None:
            lines.append(f"<i>{escape(question.help.get(lang))}</i>")
        lines.append(self.rule(lang, question))
        if question.id in draft.answers:
            current = draft.answers[question.id]
            if current is None:
                lines.append(self.t(lang, "fill.skipped"))
            else:
                lines.append(
                    self.t(
                        lang,
                        "fill.current",
                        value=excerpt(self.value(lang, question, current), 300),
                    )
                )
        return "\n".join(lines), self.question_keyboard(
            lang, draft, question, back_to_summary=back_to_summary
        )

    def question_keyboard(
        self, lang: str, draft: Draft, question: Question, *, back_to_summary: bool
    ) -> InlineKeyboardMarkup:
        form_id, qid = draft.form.id, question.id
        current = draft.answers.get(qid)
        rows: list[list[InlineKeyboardButton]] = []
        if question.type == "single":
            for choice in question.choices:
                mark = "🔘 " if current == choice.id else ""
                rows.append(
                    [inline(mark + choice.label(lang), AnswerButton(form_id, qid, choice.id))]
                )
        elif question.type == "multiple":
            ticked = current or []
            for choice in question.choices:
                mark = "✅ " if choice.id in ticked else "☐ "
                rows.append(
                    [inline(mark + choice.label(lang), ToggleButton(form_id, qid, choice.id))]
                )
            rows.append(
                [inline(self.t(lang, "button.validate"), QuestionAction("next", form_id, qid))]
            )
        elif question.type == "scale":
            rows.append(
                [
                    inline(
                        ("🔘 " if current == n else "") + str(n), AnswerButton(form_id, qid, str(n))
                    )
                    for n in (1, 2, 3, 4, 5)
                ]
            )
        elif question.type == "yes_no":
            rows.append(
                [
                    inline(
                        ("🔘 " if current is True else "") + self.t(lang, "button.yes"),
                        AnswerButton(form_id, qid, "y"),
                    ),
                    inline(
                        ("🔘 " if current is False else "") + self.t(lang, "button.no"),
                        AnswerButton(form_id, qid, "n"),
                    ),
                ]
            )
        nav: list[InlineKeyboardButton] = []
        if draft.previous(qid) is not None and not back_to_summary:
            nav.append(
                inline(self.t(lang, "button.previous"), QuestionAction("previous", form_id, qid))
            )
        if question.optional:
            nav.append(inline(self.t(lang, "button.skip"), QuestionAction("skip", form_id, qid)))
        if qid in draft.answers and question.type != "multiple":
            nav.append(inline(self.t(lang, "button.next"), QuestionAction("next", form_id, qid)))
        if nav:
            rows.append(nav)
        last = [inline(self.t(lang, "button.later"), FormAction("later", form_id))]
        if back_to_summary or draft.first_unanswered() is None:
            last.append(inline(self.t(lang, "button.summary"), FormAction("summary", form_id)))
        rows.append(last)
        return InlineKeyboardMarkup(rows)

    def summary(self, lang: str, draft: Draft) -> list[Page]:
        """Every answer, numbered; the last page has a button per question and Send."""
        form = draft.form
        done = draft.status == "done"
        head = self.t(
            lang,
            "summary.sent_title" if done else "summary.title",
            title=form.title.get(lang),
            organisation=self.org_name(draft.organisation_id, lang),
            count=draft.answered,
            total=draft.total,
        )
        lines = [head]
        for number, question in enumerate(draft.visible, start=1):
            if question.id not in draft.answers:
                value = self.t(lang, "summary.unanswered")
            elif draft.answers[question.id] is None:
                value = self.t(lang, "summary.skipped")
            else:
                value = escape(excerpt(self.value(lang, question, draft.answers[question.id]), 120))
            lines.append(
                self.t(
                    lang,
                    "summary.line",
                    number=number,
                    question=excerpt(question.text.get(lang), 90),
                    value=Safe(value),
                )
            )
        missing = draft.missing
        if missing and not done:
            numbers = ", ".join(str(draft.number_of(q.id)) for q in missing)
            lines.append(
                "\n" + self.t(lang, "summary.missing", count=len(missing), numbers=numbers)
            )
        rows: list[list[InlineKeyboardButton]] = []
        if done:
            if draft.open:
                rows.append([inline(self.t(lang, "button.reopen"), FormAction("reopen", form.id))])
        elif draft.open:
            lines.append(self.t(lang, "summary.edit_hint"))
            numbered = [
                inline(str(n), QuestionAction("edit", form.id, q.id))
                for n, q in enumerate(draft.visible, start=1)
            ]
            rows.extend(numbered[i : i + 6] for i in range(0, len(numbered), 6))
            rows.append(
                [
                    inline(self.t(lang, "button.send"), FormAction("send", form.id)),
                    inline(self.t(lang, "button.later"), FormAction("later", form.id)),
                ]
            )
        pages = paged(lines)
        markup = InlineKeyboardMarkup(rows) if rows else None
        return [(p, markup if i == len(pages) - 1 else None) for i, p in enumerate(pages)]

    def read_only(self, lang: str, form: Form, why: str) -> list[str]:
        """Every question of a questionnaire, for someone who cannot answer it."""
        lines = [self.t(lang, "fill.read_header", title=form.title.get(lang), why=Safe(why))]
        lines.append(escape(form.intro.get(lang)))
        number = 0
        for section in form.section:
            lines.append(f"\n<b>{escape(section.title.get(lang))}</b>")
            for question in section.question:
                number += 1
                lines.append(f"{number}. {escape(question.text.get(lang))}")
                if question.choices:
                    lines.append(
                        "   " + escape(" · ".join(c.label(lang) for c in question.choices))
                    )
        return paged(lines)

    # -- follow-up ---------------------------------------------------------------------------

    def progress(self, lang: str, progress: Progress) -> list[Page]:
        form = progress.form
        lines = [self._progress_title(lang, progress)]
        order = {"done": 0, "in_progress": 1, "not_started": 2}
        for country, orgs in sorted(
            progress.by_country.items(), key=lambda kv: self.country_name(kv[0], lang)
        ):
            lines.append(self.t(lang, "progress.country", country=self.country_name(country, lang)))
            for item in sorted(
                orgs, key=lambda o: (order[o.status], self.org_name(o.organisation, lang))
            ):
                lines.append(
                    self.t(
                        lang,
                        f"progress.{item.status}",
                        organisation=self.org_name(item.organisation, lang),
                        answered=item.answered,
                        total=item.total,
                    )
                )
        buttons = InlineKeyboardMarkup(
            [
                [
                    inline(self.t(lang, "button.results"), FormAction("results", form.id)),
                    inline(self.t(lang, "button.csv"), FormAction("csv", form.id)),
                    inline(self.t(lang, "button.xlsx"), FormAction("xlsx", form.id)),
                ]
            ]
        )
        pages = paged(lines)
        return [(p, buttons if i == len(pages) - 1 else None) for i, p in enumerate(pages)]

    def _progress_title(self, lang: str, progress: Progress) -> str:
        form = progress.form
        return self.t(
            lang,
            "progress.title",
            title=form.title.get(lang),
            deadline=self.deadline(form, lang),
            done=progress.count("done"),
            started=progress.count("in_progress"),
            waiting=progress.count("not_started"),
            organisations=self.catalogue.count(lang, "organisation", progress.organisations),
        )

    def progress_summary(self, lang: str, progress: Progress, detail: Button) -> Page:
        """For a phone: the counts, then one line per country; the organisations one by one
        behind the ``detail`` button (a paged list), the results and exports below it."""
        lines = [self._progress_title(lang, progress), ""]
        for country, orgs in sorted(
            progress.by_country.items(), key=lambda kv: self.country_name(kv[0], lang)
        ):
            lines.append(
                self.t(
                    lang,
                    "progress.country_counts",
                    country=self.country_name(country, lang),
                    done=sum(1 for o in orgs if o.status == "done"),
                    started=sum(1 for o in orgs if o.status == "in_progress"),
                    waiting=sum(1 for o in orgs if o.status == "not_started"),
                )
            )
        form_id = progress.form.id
        buttons = InlineKeyboardMarkup(
            [
                [inline(self.t(lang, "button.detail"), detail)],
                [
                    inline(self.t(lang, "button.results"), FormAction("results", form_id)),
                    inline(self.t(lang, "button.csv"), FormAction("csv", form_id)),
                    inline(self.t(lang, "button.xlsx"), FormAction("xlsx", form_id)),
                ],
            ]
        )
        return "\n".join(lines), buttons

    def progress_listing(self, lang: str, progress: Progress) -> Listing:
        """Every organisation and where it stands, by country (a country's name heads its
        first organisation, so that no page starts with a name alone)."""
        items: list[str] = []
        order = {"done": 0, "in_progress": 1, "not_started": 2}
        for country, orgs in sorted(
            progress.by_country.items(), key=lambda kv: self.country_name(kv[0], lang)
        ):
            header = self.t(lang, "progress.country", country=self.country_name(country, lang))
            for index, item in enumerate(
                sorted(orgs, key=lambda o: (order[o.status], self.org_name(o.organisation, lang)))
            ):
                line = self.t(
                    lang,
                    f"progress.{item.status}",
                    organisation=self.org_name(item.organisation, lang),
                    answered=item.answered,
                    total=item.total,
                )
                items.append(f"{header.strip()}\n{line}" if index == 0 else line)
        return Listing(self._progress_title(lang, progress), tuple(items))

    def results(self, lang: str, results: Results, *, texts_per_question: int = 5) -> list[str]:
        form = results.form
        lines = [
            self.t(
                lang,
                "results.title",
                title=form.title.get(lang),
                done=results.done,
                organisations=self.catalogue.count(lang, "organisation", results.organisations),
            )
        ]
        for number, result in enumerate(results.questions, start=1):
            question = result.question
            lines.append(
                self.t(
                    lang,
                    "results.question",
                    number=number,
                    question=excerpt(question.text.get(lang), 120),
                    answered=result.answered,
                )
            )
            if not result.answered:
                lines.append(self.t(lang, "results.none"))
                continue
            if question.type in ("single", "multiple"):
                for choice in question.choices:
                    lines.append(
                        self.t(
                            lang,
                            "results.choice",
                            label=choice.label(lang),
                            count=result.counts[choice.id],
                        )
                    )
            elif question.type == "yes_no":
                for token, key in (("yes", "button.yes"), ("no", "button.no")):
                    lines.append(
                        self.t(
                            lang,
                            "results.choice",
                            label=self.t(lang, key),
                            count=result.counts[token],
                        )
                    )
            elif question.type == "scale":
                distribution = " · ".join(f"{n}: {result.counts[str(n)]}" for n in range(1, 6))
                lines.append(
                    self.t(
                        lang,
                        "results.scale",
                        mean=_decimal(result.mean, lang),
                        distribution=distribution,
                    )
                )
            elif question.type == "number":
                unit = f" {question.unit.get(lang)}" if question.unit else ""
                lines.append(
                    self.t(
                        lang,
                        "results.number",
                        mean=_decimal(result.mean, lang),
                        median=_decimal(result.median, lang),
                        minimum=_number(min(result.numbers)),
                        maximum=_number(max(result.numbers)),
                        unit=unit,
                    )
                )
            else:
                shown = result.texts[:texts_per_question]
                for org, value in shown:
                    lines.append(
                        self.t(
                            lang,
                            "results.text",
                            organisation=self.org_name(org, lang),
                            value=excerpt(value, 200),
                        )
                    )
                if len(result.texts) > len(shown):
                    lines.append(self.t(lang, "results.more", count=len(result.texts) - len(shown)))
        return paged(lines)

    # -- exports -----------------------------------------------------------------------------

    def table(
        self, lang: str, form: Form, rows: Sequence[ExportRow]
    ) -> tuple[list[str], list[list[Any]]]:
        """Header and rows: one row per organisation, one column per question (its id)."""
        questions = list(form.questions())
        header = [
            "organisation_id",
            self.t(lang, "export.organisation"),
            self.t(lang, "export.country"),
            self.t(lang, "export.status"),
            self.t(lang, "export.answered"),
            self.t(lang, "export.submitted_at"),
            *[q.id for q in questions],
        ]
        body: list[list[Any]] = []
        for row in rows:
            status = self.t(lang, f"export.{row.status}")
            line: list[Any] = [
                row.organisation.id,
                self.org_name(row.organisation, lang),
                self.country_name(row.organisation.country, lang),
                status,
                row.answered,
                row.submitted_at.date().isoformat() if row.submitted_at else "",
            ]
            for question in questions:
                value = row.values.get(question.id)
                if value is None:
                    line.append("")
                elif question.type in ("number", "scale"):
                    line.append(value)
                else:
                    line.append(self.value(lang, question, value))
            body.append(line)
        return header, body

    def csv_bytes(self, lang: str, form: Form, rows: Sequence[ExportRow]) -> bytes:
        header, body = self.table(lang, form, rows)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue().encode("utf-8-sig")  # the BOM: Excel reads it as UTF-8

    def xlsx_bytes(self, lang: str, form: Form, rows: Sequence[ExportRow]) -> bytes:
        import xlsxwriter

        header, body = self.table(lang, form, rows)
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(self.t(lang, "export.sheet_answers"))
        sheet.write_row(0, 0, header, bold)
        for index, line in enumerate(body, start=1):
            sheet.write_row(index, 0, line)
        sheet.freeze_panes(1, 2)
        questions = book.add_worksheet(self.t(lang, "export.sheet_questions"))
        questions.write_row(
            0, 0, [self.t(lang, "export.id"), self.t(lang, "export.question")], bold
        )
        for index, question in enumerate(form.questions(), start=1):
            questions.write_row(index, 0, [question.id, question.text.get(lang)])
        book.close()
        return out.getvalue()

    def export_caption(self, lang: str, form: Form) -> str:
        return self.t(lang, "results.export_caption", title=form.title.get(lang))

    def file_name(self, form: Form, extension: str) -> str:
        return f"{form.id}.{extension}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _decimal(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "fr" else text
