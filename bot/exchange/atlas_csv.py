"""Reading an Atlas CSV file: one partnership a row, checked cell by cell.

Columns (header on the first line, any order, UTF-8, comma-separated)::

    atlas_id, title, french_partners, foreign_partners, themes, first_signature_year,
    start_year, end_year, status, kind, funding

* ``french_partners``: ``kind:name`` separated by ``;`` (kind: region, department,
  municipality, intercommunal, or their French names): ``municipality:Dijon``;
* ``foreign_partners``: ``country:name`` separated by ``;`` (ISO 3166-1 alpha-2 code or a
  country of ``data/countries.toml``): ``ma:Chefchaouen``;
* ``themes``: ``theme>sub-theme`` separated by ``;`` in order of priority (the first is the
  main theme); ids or names of ``bot/exchange/themes.toml``;
* years: four digits (``end_year`` may be empty); ``status`` and ``kind``: the Atlas's words;
* ``funding``: ``funder:year:amount`` separated by ``;`` (amount in whole euros).

A *malformed file* (not UTF-8, a column missing or unknown, a row with too many or too few
cells, a quote left open) is refused as a whole: :class:`FileRefused` says where (line,
column). A row with a bad value is *rejected* (:class:`Rejected`: line, column, value) and the
others are imported.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from bot.exchange.themes import Countries, Vocabulary
from bot.storage.atlas import AtlasRow

COLUMNS = (
    "atlas_id",
    "title",
    "french_partners",
    "foreign_partners",
    "themes",
    "first_signature_year",
    "start_year",
    "end_year",
    "status",
    "kind",
    "funding",
)
REQUIRED = ("atlas_id", "title", "french_partners", "foreign_partners", "themes", "status", "kind")
MIN_YEAR, MAX_YEAR = 1950, 2100
MAX_AMOUNT = 10**10
MAX_TITLE = 300
_COUNTRY_CODE = re.compile(r"^[a-z]{2}$")
_ATLAS_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Problem:
    """Where and why: the 1-based line of the file, the column's name, the value read."""

    line: int
    column: str
    value: str
    reason: str  # a key of the exchange catalogue's ``atlas.reasons``
    header: int = 0  # ``cell_count``: the number of cells of the header (``value``: the row's)


class FileRefused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(f"line {problem.line}, column {problem.column}: {problem.reason}")
        self.problem = problem


@dataclass
class Parsed:
    rows: list[AtlasRow] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)


class _Bad(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _items(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(";") if part.strip()]


def _year(column: str, raw: str, *, required: bool = False) -> int | None:
    raw = raw.strip()
    if not raw:
        if required:
            raise _Bad(column, raw, "missing")
        return None
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise _Bad(column, raw, "bad_year")
    return int(raw)


class RowReader:
    """Checks the cells of one row against the vocabulary and the countries."""

    def __init__(self, vocabulary: Vocabulary, countries: Countries) -> None:
        self.vocabulary = vocabulary
        self.countries = countries

    def country(self, raw: str) -> str | None:
        code = raw.strip().lower()
        if _COUNTRY_CODE.match(code):
            return code
        return self.countries.exactly(raw)

    def row(self, line: int, cells: dict[str, str]) -> AtlasRow:
        for column in REQUIRED:
            if not cells[column].strip():
                raise _Bad(column, "", "missing")
        atlas_id = cells["atlas_id"].strip()
        if not _ATLAS_ID.match(atlas_id):
            raise _Bad("atlas_id", atlas_id, "bad_id")
        title = " ".join(cells["title"].split())
        if len(title) > MAX_TITLE:
            raise _Bad("title", title[:40], "too_long")
        french: list[tuple[str, str]] = []
        for item in _items(cells["french_partners"]):
            kind_raw, sep, name = item.partition(":")
            kind = self.vocabulary.kind_exactly(kind_raw) if sep else None
            if kind is None or not name.strip():
                raise _Bad("french_partners", item, "bad_french_partner")
            french.append((" ".join(name.split()), kind))
        foreign: list[tuple[str, str]] = []
        for item in _items(cells["foreign_partners"]):
            country_raw, sep, name = item.partition(":")
            country = self.country(country_raw) if sep else None
            if country is None or not name.strip():
                raise _Bad("foreign_partners", item, "bad_foreign_partner")
            foreign.append((" ".join(name.split()), country))
        themes: list[tuple[str, str]] = []
        for item in _items(cells["themes"]):
            theme_raw, sep, sub_raw = item.partition(">")
            found = self.vocabulary.theme_exactly(theme_raw)
            if found is None or found[1]:
                raise _Bad("themes", item, "unknown_theme")
            theme, sub = found[0], ""
            if sep and sub_raw.strip():
                sub_found = self.vocabulary.theme_exactly(sub_raw)
                if sub_found is None or sub_found[0] != theme or not sub_found[1]:
                    raise _Bad("themes", item, "unknown_sub_theme")
                sub = sub_found[1]
            themes.append((theme, sub))
        if not french:
            raise _Bad("french_partners", cells["french_partners"], "missing")
        if not foreign:
            raise _Bad("foreign_partners", cells["foreign_partners"], "missing")
        if not themes:
            raise _Bad("themes", cells["themes"], "missing")
        first = _year("first_signature_year", cells["first_signature_year"])
        start = _year("start_year", cells["start_year"])
        end = _year("end_year", cells["end_year"])
        if start is not None and end is not None and end < start:
            raise _Bad("end_year", cells["end_year"].strip(), "end_before_start")
        status = self.vocabulary.status_exactly(cells["status"])
        if status is None:
            raise _Bad("status", cells["status"].strip(), "unknown_status")
        kind = self.vocabulary.form_exactly(cells["kind"])
        if kind is None:
            raise _Bad("kind", cells["kind"].strip(), "unknown_kind")
        funding: list[tuple[str, int, int]] = []
        for item in _items(cells["funding"]):
            parts = item.rsplit(":", 2)
            if len(parts) != 3 or not parts[0].strip():
                raise _Bad("funding", item, "bad_funding")
            funder, year_raw, amount_raw = (p.strip() for p in parts)
            if not year_raw.isdigit() or not MIN_YEAR <= int(year_raw) <= MAX_YEAR:
                raise _Bad("funding", item, "bad_year")
            if not amount_raw.isdigit() or int(amount_raw) > MAX_AMOUNT:
                raise _Bad("funding", item, "bad_amount")
            funding.append((" ".join(funder.split()), int(year_raw), int(amount_raw)))
        row = AtlasRow(
            line=line,
            atlas_id=atlas_id,
            title=title,
            french=tuple(french),
            foreign=tuple(foreign),
            themes=tuple(themes),
            first_signature_year=first,
            start_year=start,
            end_year=end,
            status=status,
            kind=kind,
            funding=tuple(funding),
        )
        content = json.dumps(
            [title, french, foreign, themes, first, start, end, status, kind, funding],
            ensure_ascii=False,
        )
        digest = hashlib.sha1(content.encode("utf-8"), usedforsecurity=False).hexdigest()
        return dataclasses.replace(row, row_hash=digest)


def parse(data: bytes, vocabulary: Vocabulary, countries: Countries) -> Parsed:
    """Every row of an Atlas CSV file; raises :class:`FileRefused` on a malformed file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRefused(Problem(line, "-", "", "not_utf8")) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        raise FileRefused(Problem(1, "-", "", "bad_csv")) from None
    if not header:
        raise FileRefused(Problem(1, "-", "", "empty"))
    names = [h.strip().lower() for h in header]
    for position, name in enumerate(names, start=1):
        if name not in COLUMNS or names.index(name) != position - 1:
            raise FileRefused(Problem(1, str(position), name, "unknown_column"))
    for column in COLUMNS:
        if column not in names:
            raise FileRefused(Problem(1, column, "", "missing_column"))
    rows = RowReader(vocabulary, countries)
    parsed = Parsed()
    seen: dict[str, int] = {}
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise FileRefused(Problem(start, "-", "", "bad_csv")) from None
        line, start = start, reader.line_num + 1
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            column = str(min(len(cells), len(names)) + 1)
            raise FileRefused(Problem(line, column, str(len(cells)), "cell_count", len(names)))
        try:
            row = rows.row(line, dict(zip(names, cells, strict=True)))
        except _Bad as bad:
            parsed.rejected.append(Problem(line, bad.column, bad.value, bad.reason))
            continue
        if row.atlas_id in seen:
            parsed.rejected.append(Problem(line, "atlas_id", row.atlas_id, "duplicate_id"))
            continue
        seen[row.atlas_id] = line
        parsed.rows.append(row)
    return parsed
