"""The roster as CSV, for coordinators who prepare it in a spreadsheet.

Columns (header required, any order, only ``user_id`` mandatory)::

    user_id, first_name, last_name, username, language, timezone, organisation_id,
    country_id, role, projects

* ``projects``: project ids separated by ``;`` (or ``,``, ``|``, spaces);
* ``organisation_id`` / ``country_id`` / project: ids of the knowledge base; an organisation's
  name, acronym or alias is accepted too; the country defaults to the organisation's;
* ``role``: participant, focal_point (recorded as a confirmed focal point: the coordinator
  vouches for it) or coordinator;
* an empty cell keeps what is stored (a re-import of an export changes nothing).

:func:`parse_roster` checks every row and reports every problem with its line number; the
import writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from bot.i18n import LANGUAGES
from bot.knowledge.models import KnowledgeBase
from bot.limits import read_id
from bot.members import ROLES
from bot.names import Found, Names, display_name, names_of
from bot.storage.members import Member, RosterRow
from bot.timezones import is_valid
from bot.zone_search import all_zone_names, canonical

# The file's header: the member's id, the columns a row sets (the focal status follows from
# the role), then the projects.
COLUMNS = ("user_id", *(c for c in RosterRow.COLUMNS if c != "focal_status"), "projects")
USERNAME = re.compile(r"^[A-Za-z0-9_]{4,32}$")
SEPARATORS = re.compile(r"[;,|\s]+")


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str
    lang: str = "en"

    def __str__(self) -> str:
        return _say(self.lang, "line", line=self.line, message=self.message)


Say = Callable[..., str]


def _say(lang: str, key: str, /, **params: object) -> str:
    """A roster problem (``terminal.roster.<key>``) in ``lang``, as plain text."""
    from bot.i18n import Catalogue, plain_text

    return plain_text(Catalogue.bundled().t(lang, f"terminal.roster.{key}", **params))


def export_roster(members: Iterable[Member]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in members:
        writer.writerow(
            [
                m.user_id,
                m.first_name,
                m.last_name or "",
                m.username or "",
                m.language or "",
                m.timezone or "",
                m.organisation_id or "",
                m.country_id or "",
                m.role,
                ";".join(m.projects),
            ]
        )
    return out.getvalue()


def changes(row: RosterRow, member: Member | None) -> bool:
    """Whether importing ``row`` would change ``member`` (``None``: not stored yet): a re-import
    of an export is all "unchanged"."""
    if member is None:
        return True
    if any(value != getattr(member, name) for name, value in row.values().items()):
        return True
    if row.clear_focal and member.focal_status is not None:
        return True
    return row.projects is not None and set(row.projects) != set(member.projects)


def parse_roster(
    text: str, kb: KnowledgeBase, lang: str = "en"
) -> tuple[list[RosterRow], list[RosterProblem]]:
    """Every row, checked; problems name the line (the header is line 1), in ``lang``."""

    def say(key: str, /, **params: object) -> str:
        return _say(lang, key, **params)

    def problem(line: int, message: str) -> RosterProblem:
        return RosterProblem(line, message, lang)

    problems: list[RosterProblem] = []
    rows: list[RosterRow] = []
    text = text.lstrip("\ufeff")  # spreadsheets often write a BOM
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [problem(1, say("empty"))]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        names = ", ".join(map(repr, unknown))
        message = say(
            "unknown_columns", count=len(unknown), names=names, expected=", ".join(COLUMNS)
        )
        problems.append(problem(1, message))
    if "user_id" not in header:
        problems.append(problem(1, say("user_id_required")))
    if problems:
        return [], problems
    finders = names_of(kb)
    seen: dict[int, int] = {}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            message = say("cells", count=len(record), columns=len(header))
            problems.append(problem(line, message))
            continue
        cells = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(header)
        }
        row, row_problems = _parse_row(cells, finders, kb, say)
        problems.extend(problem(line, p) for p in row_problems)
        raw_id = cells.get("user_id", "")
        user_id = read_id(raw_id)
        if user_id is not None:
            if user_id in seen:
                message = say("duplicate", value=raw_id, first=seen[user_id])
                problems.append(problem(line, message))
                continue
            seen[user_id] = line
        if row is not None:
            rows.append(row)
    return rows, problems


def _parse_row(
    cells: dict[str, str], finders: Names, kb: KnowledgeBase, say: Say
) -> tuple[RosterRow | None, list[str]]:
    problems: list[str] = []

    def cell(name: str) -> str | None:
        value = cells.get(name, "")
        return value or None

    raw_id = cell("user_id")
    user_id = 0
    if raw_id is None:
        problems.append(say("user_id_empty"))
    elif (parsed := read_id(raw_id)) is None:  # not a number, or larger than SQLite stores
        problems.append(say("user_id_bad", value=raw_id[:30]))
    else:
        user_id = parsed

    username = cell("username")
    if username is not None:
        username = username.lstrip("@")
        if not USERNAME.match(username):
            problems.append(say("username_bad", value=username))

    language = cell("language")
    if language is not None:
        language = language.lower()
        if language not in LANGUAGES:
            problems.append(say("language_bad", value=language, allowed=", ".join(LANGUAGES)))

    timezone = cell("timezone")
    if timezone is not None:
        if is_valid(timezone):
            timezone = canonical(timezone)
        else:
            close = zone_suggestions(timezone)
            hint = say("did_you_mean", names=say("or").join(close)) if close else ""
            problems.append(say("timezone_bad", value=timezone, suggestions=hint))

    organisation_id = cell("organisation_id")
    org_country: str | None = None
    if organisation_id is not None:
        found = finders.organisations.find(organisation_id)
        if found.record is None:
            problems.append(_unknown(say, "organisation", organisation_id, _ids(found)))
        else:
            organisation_id = found.record.id
            org_country = found.record.country

    country_id = cell("country_id")
    if country_id is not None:
        country = finders.countries.find(country_id)
        if country.record is None:
            problems.append(_unknown(say, "country", country_id, _ids(country)))
        else:
            country_id = country.record.id
            if org_country is not None and org_country != country_id:
                problems.append(
                    say(
                        "country_mismatch",
                        value=country_id,
                        organisation=organisation_id,
                        country=org_country,
                    )
                )
    elif org_country is not None:
        country_id = org_country

    role = cell("role")
    focal_status: str | None = None
    clear_focal = False
    if role is not None:
        role = role.lower().replace(" ", "_").replace("-", "_")
        if role not in ROLES:
            problems.append(say("role_bad", value=role, allowed=", ".join(ROLES)))
        elif role == "focal_point":
            if organisation_id is None:
                problems.append(say("focal_without_organisation"))
            focal_status = "confirmed"
        elif role == "participant":
            clear_focal = True

    projects: tuple[str, ...] | None = None
    raw_projects = cell("projects")
    if raw_projects is not None:
        ids: list[str] = []
        for name in (p for p in SEPARATORS.split(raw_projects) if p):
            project = finders.projects.find(name)
            if project.record is None:
                problems.append(_unknown(say, "project", name, _ids(project)))
            else:
                ids.append(project.record.id)
        projects = tuple(ids)

    if problems:
        return None, problems
    return (
        RosterRow(
            user_id=user_id,
            first_name=cell("first_name"),
            last_name=cell("last_name"),
            username=username,
            language=language,
            timezone=timezone,
            organisation_id=organisation_id,
            country_id=country_id,
            role=role,
            focal_status=focal_status,
            projects=projects,
            clear_focal=clear_focal,
        ),
        [],
    )


def _unknown(say: Say, kind: str, value: str, suggestions: Sequence[str]) -> str:
    hint = say("did_you_mean", names=say("or").join(suggestions)) if suggestions else ""
    return say(f"unknown_{kind}", value=value, suggestions=hint)


def zone_suggestions(text: str, limit: int = 2) -> list[str]:
    found = process.extract(
        text, all_zone_names(), scorer=fuzz.WRatio, limit=limit, score_cutoff=85
    )
    return [name for name, _, _ in found]


def _ids(found: Found[Any]) -> list[str]:
    return [f"{r.id} ({display_name(r)})" for r in found.candidates]
