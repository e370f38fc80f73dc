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

from bot.knowledge.models import KINDS, KnowledgeBase, Record

__all__ = [
    "KnowledgeError",
    "Problem",
    "RawRecord",
    "build_knowledge",
    "check",
    "content_hash",
    "data_files",
    "default_data_dir",
    "load_knowledge",
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

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.record:
            where += f" [{self.record}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"


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
    return Path(str(packaged))


def data_files(path: Path) -> list[Path]:
    """The TOML files of a data directory, sorted by name."""
    return sorted(p for p in Path(path).glob("*.toml") if p.is_file())


def content_hash(path: Path) -> str:
    """SHA-256 over the names and bytes of the directory's TOML files."""
    digest = hashlib.sha256()
    for file in data_files(path):
        digest.update(file.name.encode())
        digest.update(b"\0")
        data = file.read_bytes()
        digest.update(str(len(data)).encode())
        digest.update(b"\0")
        digest.update(data)
    return digest.hexdigest()


# --------------------------------------------------------------------------- reading


def _read_file(file: Path, problems: list[Problem]) -> list[RawRecord]:
    name = file.name
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, None, None, f"cannot read file: {exc}"))
        return []
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _LINE_RE.search(str(exc))
        line = int(match.group(1)) if match else None
        problems.append(Problem(name, None, None, f"TOML syntax error: {exc}", line=line))
        return []
    records: list[RawRecord] = []
    for key, value in document.items():
        if key not in KINDS:
            known = ", ".join(f"[[{k}]]" for k in KINDS)
            problems.append(
                Problem(name, None, key, f"unknown table {key!r} (expected one of {known})")
            )
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(
                Problem(name, None, key, f"{key!r} must be an array of tables: write [[{key}]]")
            )
            continue
        records.extend(RawRecord(key, item, name, i) for i, item in enumerate(value))
    return records


def read_raw(path: Path) -> tuple[list[RawRecord], list[Problem]]:
    """Parse every TOML file (syntax and top-level structure only)."""
    path = Path(path)
    problems: list[Problem] = []
    if not path.is_dir():
        return [], [Problem(str(path), None, None, "data directory not found")]
    files = data_files(path)
    if not files:
        problems.append(Problem(str(path), None, None, "no .toml file in the data directory"))
    records: list[RawRecord] = []
    for file in files:
        records.extend(_read_file(file, problems))
    return records, problems


# --------------------------------------------------------------------------- validation


def _loc(loc: Iterable[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "(record)"


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown field (typo?)"
    if kind == "missing":
        return "required field is missing"
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def build_knowledge(raw: Sequence[RawRecord]) -> tuple[KnowledgeBase, list[Problem]]:
    """Validate raw records; returns the knowledge base of valid records and all problems."""
    problems: list[Problem] = []
    valid: list[Record] = []
    seen: dict[str, RawRecord] = {}
    for item in raw:
        model = KINDS[item.kind]
        try:
            record = model.model_validate(item.data)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(Problem(item.file, item.label, _loc(error["loc"]), _message(error)))
            continue
        first = seen.get(record.id)
        if first is not None:
            problems.append(
                Problem(
                    item.file,
                    record.id,
                    "id",
                    f"duplicate id (already used by a {first.kind} in {first.file})",
                )
            )
            continue
        seen[record.id] = item
        valid.append(record)
    kb = KnowledgeBase.from_records(valid)
    for ref in kb.check_references():
        origin = seen.get(ref.record)
        file = origin.file if origin is not None else "?"
        problems.append(Problem(file, ref.record, ref.field, ref.message))
    return kb, problems


def _collect(path: Path) -> tuple[KnowledgeBase, list[Problem]]:
    raw, problems = read_raw(path)
    kb, more = build_knowledge(raw)
    return kb, problems + more


def check(path: Path | None = None) -> list[Problem]:
    """Every problem of the data directory (empty list: all good)."""
    _, problems = _collect(Path(path) if path is not None else default_data_dir())
    return problems


def load_knowledge(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the data directory; raises :class:`KnowledgeError` listing ALL
    problems if there is any."""
    kb, problems = _collect(Path(path) if path is not None else default_data_dir())
    if problems:
        raise KnowledgeError(problems)
    return kb
