"""Load and check the knowledge base TOML files.

Every ``*.toml`` file of the data directory is read; its top-level keys must be record
kinds (``project``, ``organisation``, ``country``, ``action``, ``term``, ``partnership``,
``network``, ``meeting``), each an array of tables (``[[organisation]]``).  A coordinator
may therefore split or merge files freely.  All problems are collected, none stops the
check early.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.knowledge.documents import INDEX_FORMAT, Document, contact_details, masked, read_documents
from bot.knowledge.models import KINDS, KnowledgeBase, Record

__all__ = [
    "KnowledgeError",
    "Problem",
    "RawRecord",
    "Snapshot",
    "build_knowledge",
    "check",
    "content_hash",
    "data_files",
    "default_data_dir",
    "load_knowledge",
    "read_raw",
    "read_snapshot",
]

_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the data: where (file, record, field) and what."""

    file: str
    record: str | None
    field: str | None
    message: str
    line: int | None = None
    # The message in the catalogues (``refusals.data.*``) and its placeholders, for the reader's
    # language (bot/data_problems.py); ``message`` is its English text, for logs.
    key: str | None = None
    params: tuple[tuple[str, str | int], ...] = ()

    @property
    def where(self) -> str:
        """``file:line [record] field``, as the data is written (in no language)."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.record:
            where += f" [{self.record}]"
        if self.field:
            where += f" {self.field}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class KnowledgeError(Exception):
    """The data directory has problems; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge data:\n{lines}{more}")


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A record as read from a file, before validation."""

    kind: str
    data: dict[str, Any]
    file: str
    index: int  # position among the file's records of this kind (0-based)

    @property
    def label(self) -> str:
        rid = self.data.get("id")
        if isinstance(rid, str) and rid:
            return rid
        return f"{self.kind}[{self.index}]"


# --------------------------------------------------------------------------- locations


def default_data_dir() -> Path:
    """The repository's ``data/`` when running from source, else the package data."""
    source_dir = Path(__file__).resolve().parents[2] / "data"
    if source_dir.is_dir() and any(source_dir.glob("*.toml")):
        return source_dir
    packaged = resources.files("bot.data")
    if isinstance(packaged, Path):
        return packaged
    # A namespace package (no __init__.py) gives a MultiplexedPath: use its entries' folder.
    for entry in packaged.iterdir():
        if isinstance(entry, Path):
            return entry.parent
    return Path(str(packaged))


def data_files(path: Path) -> list[Path]:
    """The TOML files of a data directory, sorted by name."""
    return sorted(p for p in Path(path).glob("*.toml") if p.is_file())


def _hash_files(files: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(str(len(data)).encode())
        digest.update(b"\0")
        digest.update(data)
    digest.update(f"passages index {INDEX_FORMAT}".encode())  # re-index when it changes
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """SHA-256 over the names and bytes of the directory's TOML files and documents
    (changes whenever a file is edited, added, renamed or removed)."""
    _docs, _problems, doc_files = read_documents(path)
    return _hash_files([(f.name, f.read_bytes()) for f in data_files(path)] + doc_files)


# --------------------------------------------------------------------------- reading


def _parse_file(name: str, content: bytes, problems: list[Problem]) -> list[RawRecord]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, None, f"file is not UTF-8: {exc}", key=_KEY + "utf8"))
        return []
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(toml_problem(name, exc))
        return []
    records: list[RawRecord] = []
    for key, value in document.items():
        if key not in KINDS:
            known = ", ".join(f"[[{k}]]" for k in KINDS)
            problems.append(
                Problem(
                    name,
                    None,
                    key,
                    f"unknown table {key!r} (expected one of {known})",
                    key=_KEY + "unknown_table",
                    params=(("known", known),),
                )
            )
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(
                Problem(
                    name,
                    None,
                    key,
                    f"{key!r} must be an array of tables: write [[{key}]]",
                    key=_KEY + "not_array",
                    params=(("table", key),),
                )
            )
            continue
        records.extend(RawRecord(key, item, name, i) for i, item in enumerate(value))
    return records


def _snapshot(path: Path, problems: list[Problem]) -> list[tuple[str, bytes]]:
    """Names and bytes of the TOML files, read once (hash and parse the same bytes)."""
    if not path.is_dir():
        what = "is a file, not a data directory" if path.exists() else "data directory not found"
        key = _KEY + ("not_a_directory" if path.exists() else "no_directory")
        problems.append(Problem(str(path), None, None, what, key=key))
        return []
    files: list[tuple[str, bytes]] = []
    for file in data_files(path):
        try:
            files.append((file.name, file.read_bytes()))
        except OSError as exc:
            problems.append(
                Problem(file.name, None, None, f"cannot read file: {exc}", key=_KEY + "unreadable")
            )
    if not files:
        problems.append(
            Problem(
                str(path), None, None, "no .toml file in the data directory", key=_KEY + "empty"
            )
        )
    return files


def read_raw(path: Path) -> tuple[list[RawRecord], list[Problem]]:
    """Parse every TOML file (syntax and top-level structure only)."""
    problems: list[Problem] = []
    records: list[RawRecord] = []
    for name, content in _snapshot(Path(path), problems):
        records.extend(_parse_file(name, content, problems))
    return records, problems


# --------------------------------------------------------------------------- validation


def _loc(loc: Iterable[int | str]) -> str | None:
    """Dotted field path (``milestones.0.date``); None for a whole-record check."""
    return ".".join(str(part) for part in loc) or None


_KEY = "refusals.data."  # the catalogues' messages of the problems (bot/data_problems.py)
# "unknown country 'xx'" (KnowledgeBase.check_references): the table its id is looked for in;
# "unknown record 'xx'" (a field that takes the id of any record) has its own message.
_REF_KINDS = {
    "country": "[[country]]",
    "project": "[[project]]",
    "organisation": "[[organisation]]",
    "glossary term": "[[term]]",
    "network": "[[network]]",
    "meeting": "[[meeting]]",
    "person": "[[person]]",
}
_UNKNOWN_REF = re.compile(
    r"^unknown (country|project|organisation|glossary term|network|meeting|person|record) "
    r"'(.*)'$"
)
# "no agenda item of 'meeting' starts at 10:50:00" (a person's leads): the time said HH:MM
_LEAD_START = re.compile(r"^no agenda item of '(.*)' starts at (\d{2}:\d{2})(?::\d{2})?")
# "'x' is not in this organisation's projects" (listed_as), "action 2 of 'p' already defined
# by 'p-2'" (two actions of a project with one number)
_LISTED_AS = re.compile(r"^'(.*)' is not in this organisation's projects$")
_ACTION_NUMBER = re.compile(r"^action (\d+) of '(.*)' already defined by '(.*)'$")


def toml_problem(name: str, exc: tomllib.TOMLDecodeError) -> Problem:
    """A TOML syntax error, at its line (and column, in the message). A date written as TOML
    but impossible (``2026-02-30``: tomllib's "Invalid date or datetime") is said as such."""
    match = _LINE_RE.search(str(exc))
    line = int(match.group(1)) if match else None
    column = int(match.group(2)) if match else 0
    impossible = str(exc).startswith("Invalid date or datetime")
    return Problem(
        name,
        None,
        None,
        f"TOML syntax error: {exc}",
        line=line,
        key=_KEY + ("toml_date" if impossible else "toml"),
        params=(("column", column),),
    )


def pydantic_problem(file: str, record: str | None, field: str | None, error: Any) -> Problem:
    """A pydantic ``error`` as a problem, with its message for the reader's language."""
    from bot.data_problems import translation

    key, params = translation(error)
    return Problem(file, record, field, _message(error), key=key, params=params)


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown field (typo?)"
    if kind == "missing":
        return "required field is missing"
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def build_knowledge(
    raw: Sequence[RawRecord], *, check_references: bool = True
) -> tuple[KnowledgeBase, list[Problem]]:
    """Validate raw records; returns the knowledge base of valid records and all problems.

    Only the first cause is reported: references to a record that is itself invalid are not
    (its own problem is), nor references between records when ``check_references`` is off
    (a file could not be read: its records are missing, every reference to them would be
    reported), and a kind of record missing altogether is one problem, not one per reference.
    """
    problems: list[Problem] = []
    valid: list[Record] = []
    seen: dict[str, RawRecord] = {}
    invalid: set[str] = set()
    for item in raw:
        model = KINDS[item.kind]
        try:
            record = model.model_validate(item.data)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(pydantic_problem(item.file, item.label, _loc(error["loc"]), error))
            problems.extend(contact_problems(item))
            invalid.add(item.label)
            continue
        problems.extend(contact_problems(item))
        first = seen.get(record.id)
        if first is not None:
            problems.append(
                Problem(
                    item.file,
                    record.id,
                    "id",
                    f"duplicate id (already used by a {first.kind} in {first.file})",
                    key=_KEY + "duplicate_id",
                    params=(("kind", first.kind), ("file", first.file)),
                )
            )
            continue
        seen[record.id] = item
        valid.append(record)
        for field, refusal in record.problems():  # the record is kept: references checked
            said = tuple(
                (k, v if isinstance(v, int) else str(v)) for k, v in refusal.params.items()
            )
            problems.append(
                Problem(
                    item.file,
                    record.id,
                    field,
                    str(refusal),
                    key=refusal.domain + refusal.key,
                    params=said,
                )
            )
    kb = KnowledgeBase.from_records(valid)
    if not check_references:
        return kb, problems
    present = {item.kind for item in raw}
    absent: dict[str, int] = {}
    for ref in kb.check_references():
        if ref.target is not None and ref.target in invalid:
            continue
        if ref.target_kind is not None and ref.target_kind not in present:
            absent[ref.target_kind] = absent.get(ref.target_kind, 0) + 1
            continue
        origin = seen.get(ref.record)
        file = origin.file if origin is not None else "?"
        key, params = _reference_message(ref.message, ref.target)
        problems.append(Problem(file, ref.record, ref.field, ref.message, key=key, params=params))
    for kind, count in absent.items():
        problems.append(
            Problem(
                "*.toml",
                None,
                None,
                f"no [[{kind}]] record in any file ({count} reference(s) to one): "
                "was a file removed?",
                key=_KEY + "kind_missing",
                params=(("kind", kind), ("count", count)),
            )
        )
    return kb, problems


def _texts(value: Any, path: tuple[str, ...] = ()) -> Iterable[tuple[str, str]]:
    """Every text of a record as written, with its dotted field (``notes.fr``, ``aliases.0``)."""
    if isinstance(value, str):
        yield ".".join(path), value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, (*path, str(key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _texts(inner, (*path, str(index)))


def contact_problems(item: RawRecord) -> list[Problem]:
    """The e-mail addresses and phone numbers in any text of a record (its name, notes, a
    person's role...), each on its field: the bot never gives contact details. The same scan
    as the notes' (:func:`bot.knowledge.documents.contact_details`)."""
    problems: list[Problem] = []
    for field, text in _texts(item.data):
        for _, kind, value in contact_details(text):
            what = "an e-mail address" if kind == "email" else "a phone number"
            problems.append(
                Problem(
                    item.file,
                    item.label,
                    field,
                    f"{what} ({masked(value)}): remove it, the bot never gives contact details",
                    key=_KEY + f"value.{kind}",
                    params=(("value", masked(value)),),
                )
            )
    return problems


def _reference_message(
    message: str, target: str | None
) -> tuple[str | None, tuple[tuple[str, str | int], ...]]:
    """The catalogue's message and placeholders of a reference problem (its English
    ``message``, from :meth:`KnowledgeBase.check_references`); ``(None, ())`` if not known."""
    unknown = _UNKNOWN_REF.match(message)
    if unknown is not None and unknown[2] == target and unknown[1] == "record":
        return _KEY + "unknown_record", (("ref", unknown[2]),)
    if unknown is not None and unknown[2] == target:  # "unknown country 'xx'"
        return _KEY + "unknown_ref", (("kind", _REF_KINDS[unknown[1]]), ("ref", unknown[2]))
    lead = _LEAD_START.match(message)
    if lead is not None:
        return _KEY + "lead_start", (("meeting", lead[1]), ("time", lead[2]))
    listed = _LISTED_AS.match(message)
    if listed is not None:
        return _KEY + "listed_as", (("project", listed[1]),)
    twice = _ACTION_NUMBER.match(message)
    if twice is not None:
        params = (("number", int(twice[1])), ("project", twice[2]), ("other", twice[3]))
        return _KEY + "duplicate_action", params
    return None, ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The result of reading a data directory once: knowledge, problems and content hash."""

    knowledge: KnowledgeBase
    problems: list[Problem]
    content_hash: str
    documents: tuple[Document, ...] = ()  # data/documents/*.md|txt, the readable ones

    @property
    def ok(self) -> bool:
        return not self.problems


def read_snapshot(path: Path | None = None) -> Snapshot:
    """Read, parse, validate and hash the data directory in one pass (never raises for data
    problems: they are in ``problems``; ``knowledge`` holds the valid records only)."""
    problems: list[Problem] = []
    root = Path(path) if path is not None else default_data_dir()
    files = _snapshot(root, problems)
    raw: list[RawRecord] = []
    for name, content in files:
        raw.extend(_parse_file(name, content, problems))
    # A file that cannot be read hides its records: references to them are not checked.
    kb, more = build_knowledge(raw, check_references=not problems)
    if not problems and not more:
        # the self-assessments' deadlines, from the questionnaires (their problems are
        # reported by check(), and /recharger reloads them with the forms)
        from bot.forms.files import forms_dir, read_forms

        forms, _ = read_forms(forms_dir(root), kb)
        kb.deadlines = {
            f.form.action: f.form.deadline for f in forms.values() if f.form.action is not None
        }
    documents, doc_problems, doc_files = read_documents(root) if root.is_dir() else ([], [], [])
    more += [
        Problem(p.file, None, None, p.message, line=p.line, key=p.key, params=p.params)
        for p in doc_problems
    ]
    return Snapshot(kb, problems + more, _hash_files(files + doc_files), tuple(documents))


def check(path: Path | None = None) -> list[Problem]:
    """Every problem of the data directory (empty list: all good), the self-assessment
    questionnaires of its ``forms/`` folder included (issue 13, ``bot/forms/files.py``)."""
    from bot.forms.files import forms_dir, read_forms  # (it reads Problem from here)

    snapshot = read_snapshot(path)
    root = Path(path) if path is not None else default_data_dir()
    # References to projects are checked against a sound knowledge base only: with broken
    # files, their records are missing and every questionnaire would be reported too.
    _, form_problems = read_forms(forms_dir(root), snapshot.knowledge if snapshot.ok else None)
    return snapshot.problems + form_problems


def load_knowledge(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the data directory; raises :class:`KnowledgeError` listing ALL
    problems if there is any."""
    snapshot = read_snapshot(path)
    if snapshot.problems:
        raise KnowledgeError(snapshot.problems)
    return snapshot.knowledge
