"""The activity report's files: an XLSX workbook (XlsxWriter), a one- or two-page A4 PDF
(fpdf2, with the DejaVu fonts shipped inside matplotlib) and one CSV per table (UTF-8 with a
BOM, so that spreadsheet programs read the accents). All pure Python, no system package.

Everything here is synchronous and CPU-bound: the bot calls :func:`render` in a worker thread.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.activity_report import ActivityReport
from bot.i18n import Catalogue
from bot.render.charts import _font_path
from bot.render.report_charts import country_chart, trend_chart
from bot.render.report_tables import Table, headline_lines, tables

XLSX_NAME = "report.xlsx"
PDF_NAME = "report.pdf"
MAX_CELL = 32_000  # Excel's limit is 32,767 characters
CHART_COUNTRIES = 14  # more countries are summed up as "others"
SILENT_CHARS = 2_600  # the silent organisations listed in the PDF, within two pages


@dataclass(frozen=True)
class ReportFiles:
    xlsx: bytes
    pdf: bytes
    csv: dict[str, bytes]  # file name -> content

    def write(self, folder: Path) -> list[Path]:
        """Write every file into ``folder`` (created if needed); their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in [(XLSX_NAME, self.xlsx), (PDF_NAME, self.pdf), *self.csv.items()]:
            path = folder / name
            path.write_bytes(data)
            written.append(path)
        return written


def render(report: ActivityReport, catalogue: Catalogue) -> ReportFiles:
    all_tables = tables(report, catalogue)
    return ReportFiles(
        xlsx=xlsx(all_tables),
        pdf=pdf(report, catalogue),
        csv={f"{t.key}.csv": csv_file(t) for t in all_tables},
    )


# -- XLSX -----------------------------------------------------------------------------------


def xlsx(all_tables: list[Table]) -> bytes:
    """One sheet per table, the summary first: typed cells, a frozen header row with filters,
    column widths for their content."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    header = book.add_format(
        {"bold": True, "bg_color": "#1f5a96", "font_color": "#ffffff", "text_wrap": True}
    )
    formats = {
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "percent": book.add_format({"num_format": "0.0%"}),
        "float": book.add_format({"num_format": "0.0"}),
        "int": book.add_format({"num_format": "0"}),
        "text": book.add_format({"text_wrap": False}),
    }
    for table in all_tables:
        sheet = book.add_worksheet(table.name[:31])
        sheet.write_row(0, 0, table.headers, header)
        sheet.set_row(0, 30)
        for col, column in enumerate(table.columns):
            sheet.set_column(col, col, column.width, formats[column.kind])
        for row_index, row in enumerate(table.rows, start=1):
            for col, (column, value) in enumerate(zip(table.columns, row, strict=True)):
                _cell(sheet, row_index, col, column.kind, value, formats)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    book.close()
    return buffer.getvalue()


def _cell(
    sheet: xlsxwriter.worksheet.Worksheet,
    row: int,
    col: int,
    kind: str,
    value: object,
    formats: dict[str, xlsxwriter.format.Format],
) -> None:
    if value is None:
        sheet.write_blank(row, col, None, formats[kind])
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, formats[kind])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, formats[kind])
    else:
        sheet.write_string(row, col, str(value)[:MAX_CELL], formats[kind])


# -- CSV ------------------------------------------------------------------------------------


def csv_file(table: Table) -> bytes:
    """The table as CSV, UTF-8 with a BOM; rates in percent (``42.9``), times ISO-like."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_value(c.kind, v) for c, v in zip(table.columns, row, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(kind: str, value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if kind == "percent" and isinstance(value, int | float):
        return round(100 * value, 1)
    if kind == "float" and isinstance(value, int | float):
        return round(value, 2)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # never run as a formula by a spreadsheet
    return value


# -- PDF ------------------------------------------------------------------------------------


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}", align="C")


def pdf(report: ActivityReport, catalogue: Catalogue) -> bytes:
    """Title, period, headline figures, participation by country, monthly trend, and the
    silent organisations: one or two A4 pages."""
    lang = report.lang

    def raw(key: str) -> str:
        return catalogue.raw(lang, f"report.{key}")

    doc = _Pdf(format="A4", unit="mm")
    doc.footer_text = raw("pdf.footer").format(project=report.project)
    doc.set_title(raw("pdf.title").format(project=report.project))
    doc.set_author("coopbot")
    doc.add_font("DejaVu", "", _font_path(False))
    doc.add_font("DejaVu", "B", _font_path(True))
    doc.set_margins(15, 14, 15)
    doc.set_auto_page_break(True, margin=16)
    doc.add_page()
    width = doc.w - doc.l_margin - doc.r_margin

    doc.set_font("DejaVu", "B", 16)
    doc.set_text_color(31, 90, 150)
    doc.multi_cell(
        width, 8, raw("pdf.title").format(project=report.project),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    doc.set_font("DejaVu", "", 9.5)
    doc.set_text_color(60, 60, 60)
    doc.multi_cell(width, 5, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    period = raw("period").format(
        start=format_date(report.period.start, "d MMMM y", locale=lang),
        end=format_date(report.period.end, "d MMMM y", locale=lang),
    )
    if report.period.name:
        period = (
            f"{report.period.name} : {period}"
            if lang == "fr"
            else f"{report.period.name}: {period}"
        )
    doc.set_font("DejaVu", "B", 10.5)
    doc.set_text_color(20, 20, 20)
    doc.multi_cell(width, 6, period, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)

    _heading(doc, raw("pdf.headline"))
    doc.set_font("DejaVu", "", 9.5)
    for label, value in headline_lines(report, catalogue):
        doc.set_font("DejaVu", "", 9.5)
        doc.cell(95, 5.4, label)
        doc.set_font("DejaVu", "B", 9.5)
        doc.cell(width - 95, 5.4, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)

    countries = sorted(report.countries, key=lambda c: -c.organisations)
    shown, others = countries[:CHART_COUNTRIES], countries[CHART_COUNTRIES:]
    labels = [c.name for c in shown]
    active = [c.active for c in shown]
    totals = [c.organisations for c in shown]
    if others:
        labels.append(raw("pdf.other_countries").format(count=len(others)))
        active.append(sum(c.active for c in others))
        totals.append(sum(c.organisations for c in others))
    if labels:
        png = country_chart(raw("pdf.by_country"), labels, active, totals)
        _image(doc, png, width)

    months = report.months
    if months:
        png = trend_chart(
            raw("pdf.trend"),
            [format_date(m.month, "MMM yy", locale=lang) for m in months],
            [m.active_organisations for m in months],
            [m.poll_answers for m in months],
            organisations_label=raw("pdf.trend_organisations"),
            answers_label=raw("pdf.trend_answers"),
        )
        _image(doc, png, width)

    silent = report.silent
    _heading(doc, raw("pdf.silent").format(count=len(silent), total=len(report.organisations)))
    doc.set_font("DejaVu", "", 8.5)
    if not silent:
        doc.multi_cell(width, 4.5, raw("pdf.no_silent"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        by_country: dict[str, list[str]] = {}
        for org in silent:
            by_country.setdefault(org.country, []).append(org.name)
        text = ""
        listed = 0
        for country, names in by_country.items():
            line = f"{country} ({len(names)}) : " if lang == "fr" else f"{country} ({len(names)}): "
            kept: list[str] = []
            for name in names:
                if len(text) + len(line) + len(name) + 2 > SILENT_CHARS:
                    break
                kept.append(name)
            if not kept:
                break
            listed += len(kept)
            text += line + ", ".join(kept) + ("…" if len(kept) < len(names) else "") + "\n"
        if listed < len(silent):
            text += raw("pdf.silent_more").format(count=len(silent) - listed) + "\n"
        doc.multi_cell(width, 4.3, text.rstrip("\n"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)
    doc.set_font("DejaVu", "", 7.5)
    doc.set_text_color(90, 90, 90)
    generated = format_date(report.generated_at, "d MMMM y", locale=lang)
    doc.multi_cell(
        width, 4, raw("pdf.note").format(date=generated), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    return bytes(doc.output())


def _heading(doc: FPDF, text: str) -> None:
    if doc.get_y() > doc.h - 40:
        doc.add_page()
    doc.set_font("DejaVu", "B", 11.5)
    doc.set_text_color(31, 90, 150)
    doc.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_text_color(20, 20, 20)


def _image(doc: FPDF, png: bytes, width: float) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        w, h = picture.size
    height = width * h / w
    room = doc.h - doc.b_margin - doc.get_y()
    if height > room:
        if height > doc.h - doc.t_margin - doc.b_margin - 20:  # too tall for any page: shrink
            height = room
        else:
            doc.add_page()
    doc.image(io.BytesIO(png), x=doc.l_margin, w=height * w / h, h=height)
    doc.ln(1)
