"""The documents the bot searches: Markdown or text notes in ``data/documents/``.

A coordinator drops ``.md`` or ``.txt`` files there (one note per source document ships with
the bot; newsletters, minutes...). Each file must be UTF-8, not empty, and start with a title
(``# Title`` for Markdown, the first line for text). Contact details (e-mail addresses, phone
numbers) are errors: the bot never repeats one.

Everything here is pure: reading and checking the files, splitting them into passages of a
few sentences (each keeps its heading path), and the word forms used by the full-text index
(folded, lightly stemmed, with a small French/English bridge for questions asked in the other
language). The index itself lives in SQLite (:mod:`bot.storage.passages`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.knowledge.textnorm import STOPWORDS, tokenize, words
from bot.knowledge.vocabulary import vocabulary

__all__ = [
    "DOCUMENTS_DIR",
    "Concept",
    "Document",
    "DocumentProblem",
    "Passage",
    "contact_details",
    "coverage",
    "document_files",
    "document_language",
    "excerpt",
    "in_language",
    "masked",
    "parse_document",
    "query_concepts",
    "read_documents",
    "split_passages",
    "stem",
    "stems",
    "version_problems",
    "word_weight",
]

DOCUMENTS_DIR = "documents"
EXTENSIONS = (".md", ".txt")
MAX_TITLE_CHARS = 200
# The version of the passages' index (splitting and word forms); part of the data's hash, so
# that a change re-indexes the stored passages.
# 4: "-ize" words written "-ise"; 5: "€" indexed as "euro"; 6: "envoy" as "envoi"; 7: "-ée"
INDEX_FORMAT = "7"
# Passages: a few sentences, cut at sentence ends; a longer sentence stays whole.
PASSAGE_CHARS = 420
# A list introduced by a sentence ending with ":" stays in one passage up to this size.
LIST_CHARS = 600


@dataclass(frozen=True, slots=True)
class Document:
    """One readable document: its file name (under ``documents/``), title and text."""

    name: str
    title: str
    text: str
    first_line: int = 2  # the line of the file that is text's first line (after the title)


@dataclass(frozen=True, slots=True)
class Passage:
    """A few sentences of a document, with the headings above them."""

    document: str  # file name
    title: str  # the document's title
    heading: str  # heading path below the title ("Historique › Les débuts"), may be empty
    text: str
    position: int  # order in the document


@dataclass(frozen=True, slots=True)
class DocumentProblem:
    """A problem of one document file (``line`` when known). ``message`` is its English (logs);
    ``key`` its message in the catalogues and ``params`` its placeholders, for the reader's
    language (``refusals.data.*``, bot/data_problems.py)."""

    file: str
    message: str
    line: int | None = None
    key: str | None = None
    params: tuple[tuple[str, str | int], ...] = ()


_KEY = "refusals.data.document."


# --------------------------------------------------------------------------- files


def document_files(data_dir: Path) -> list[Path]:
    """The ``.md`` and ``.txt`` files of ``data_dir/documents``, sorted by name."""
    folder = Path(data_dir) / DOCUMENTS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith(".")
    )


# A document's language from its name: "note.en.md" is the English version of "note.md"
# (or "note.fr.md"); a name without a language is the documents' own language, French.
_LANGUAGE_RE = re.compile(r"^(?P<family>.+?)(?:\.(?P<lang>[a-z]{2}))?\.(?:md|txt)$", re.IGNORECASE)
DEFAULT_LANGUAGE = "fr"


@lru_cache(maxsize=4096)
def document_language(name: str) -> tuple[str, str]:
    """``(family, language)`` of a document's file name: ``"note.en.md"`` -> ``("note",
    "en")``; ``"note.md"`` -> ``("note", "fr")``. Versions of one note share the family.
    Cached: every search reads the languages of every stored document."""
    m = _LANGUAGE_RE.match(name)
    if m is None:
        return name, DEFAULT_LANGUAGE
    return m.group("family"), (m.group("lang") or DEFAULT_LANGUAGE).lower()


def in_language(names: Iterable[str], lang: str) -> frozenset[str]:
    """The documents a reader of ``lang`` is shown: every note in its version in ``lang``
    when it has one, else in the version(s) it has."""
    return _in_language(tuple(names), lang)


@lru_cache(maxsize=16)
def _in_language(names: tuple[str, ...], lang: str) -> frozenset[str]:
    """:func:`in_language` of a tuple of names, cached (the stored documents change only
    when the files are reloaded; every search asks it again)."""
    languages: dict[str, set[str]] = {}
    for name in names:
        family, language = document_language(name)
        languages.setdefault(family, set()).add(language)
    shown: set[str] = set()
    for name in names:
        family, language = document_language(name)
        if language == lang or lang not in languages[family]:
            shown.add(name)
    return frozenset(shown)


_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")

# E-mail addresses, also disguised ("name[at]example.org", "name (at) example.org").
_EMAIL_RE = re.compile(
    r"[\w.+-]+\s*(?:@|\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\[\s*arobase\s*\])\s*"
    r"[\w-]+(?:\s*(?:\.|\[\s*dot\s*\]|\(\s*dot\s*\))\s*[\w-]+)*\s*(?:\.|\[\s*dot\s*\])\s*[a-z]{2,}",
    re.IGNORECASE,
)
# A run of digits and separators long enough to be a phone number.
_PHONE_RE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d[\d\s.\-/()]{6,}\d(?![\w/])")
_DATE_LIKE_RE = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b")
_YEAR_RANGE_RE = re.compile(r"\b(?:1[89]|20)\d\d\s*[-–/]\s*(?:1[89]|20)\d\d\b")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
_ISO_DATE_RE = re.compile(r"(?:1[89]|20)\d\d-\d\d-\d\d")
# A local number written in groups, without a country code or a leading 0: 8 to 10 digits
# as 2-2-2-2(-2) ("76 12 34 56"), 2-3-2-2 ("77 123 45 67") or 4-4 ("3712-3456"), each group
# parted by a space, a dot or a hyphen. Amounts group their digits by three ("172 343 €",
# "1 200"), so none has these shapes; two years ("2016-2018") are told apart below.
_GROUP_SEP = r"[ \u00a0\u202f.\-]"
_GROUPED_PHONE_RE = re.compile(
    rf"(?<![\w.,/+\-])(?<!\d{_GROUP_SEP})"
    rf"(?:\d\d(?:{_GROUP_SEP}\d\d){{3,4}}|\d\d{_GROUP_SEP}\d{{3}}(?:{_GROUP_SEP}\d\d){{2}}"
    rf"|(?P<first>\d{{4}}){_GROUP_SEP}(?P<second>\d{{4}}))"
    rf"(?![\w/]|[.,]\d|{_GROUP_SEP}\d)"
)
# The words that say a phone number follows ("tél. 20 21 22 23", "WhatsApp : 76 12 34 56"):
# any number of at least MIN_DIGITS_AFTER_PHONE_WORD digits right after one of them is a
# phone number, whatever its grouping. An accented letter also matches its bare form.
PHONE_WORDS: tuple[str, ...] = (
    "tél",
    "tel",
    "téléphone",
    "phone",
    "portable",
    "mobile",
    "whatsapp",
    "cell",
)
MIN_DIGITS_AFTER_PHONE_WORD = 6
_PHONE_WORD_RE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(word).replace("é", "[ée]") for word in sorted(PHONE_WORDS, key=len, reverse=True)
    )
    + r")s?\b"
    # what may stand between the word and the number: "tél. :", "(WhatsApp)", "n°"
    + r"(?:[\s.:/()\-–]|n°|no\b|num(?:[ée]ro)?\b|number\b)*"
    # the number: digits, each parted from the next by at most one space, dot or hyphen,
    # after a country code maybe in brackets ("+223 76…", "(+223) 76…")
    + rf"(?P<number>(?:\(\+?\d{{1,4}}\)\s*|\+)?\d(?:{_GROUP_SEP}?\d)*)",
    re.IGNORECASE,
)
# A number followed by one of these is an amount or a share, not a phone number.
_NOT_A_PHONE_AFTER_RE = re.compile(r"\s*(?:[%€$£]|eur\b|euros?\b|fcfa\b|cfa\b)", re.I)


def _is_phone_number(raw: str, rest: str) -> bool:
    """Whether ``raw`` (a run of digits after a phone word, followed by ``rest``) is one."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) < MIN_DIGITS_AFTER_PHONE_WORD:
        return False
    if _DATE_LIKE_RE.fullmatch(raw) or _ISO_DATE_RE.fullmatch(raw) or _YEAR_RANGE_RE.search(raw):
        return False
    return _NOT_A_PHONE_AFTER_RE.match(rest) is None


def contact_details(text: str) -> list[tuple[int, str, str]]:
    """E-mail addresses and phone numbers in ``text``: ``(line, kind, match)``, kind being
    ``"email"`` or ``"phone"``. A phone number is international (``+223 …``, ``00223 …``),
    starts with a 0 or a bracket, is a local one written in groups (``76 12 34 56``,
    ``3712-3456``), or follows a phone word (``tél. 20212223``). Dates, years, year ranges,
    times and amounts are not phone numbers."""
    found: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for m in _EMAIL_RE.finditer(line):
            found.append((number, "email", m.group(0).strip()))
        phones: list[tuple[int, int, str]] = []
        for m in _PHONE_RE.finditer(line):
            raw = m.group(0).strip()
            digits = re.sub(r"\D", "", raw)
            if not 9 <= len(digits) <= 15:
                continue
            if _DATE_LIKE_RE.fullmatch(raw) or _YEAR_RANGE_RE.search(raw):
                continue
            if not (raw.startswith(("+", "00", "(")) or digits.startswith("0")):
                continue
            phones.append((m.start(), m.end(), raw))
        for m in _GROUPED_PHONE_RE.finditer(line):
            if m["first"] and _YEAR_RE.fullmatch(m["first"]) and _YEAR_RE.fullmatch(m["second"]):
                continue
            phones.append((m.start(), m.end(), m.group(0)))
        for m in _PHONE_WORD_RE.finditer(line):
            raw = m["number"].strip()
            if _is_phone_number(raw, line[m.end() :]):
                phones.append((m.start("number"), m.end("number"), raw))
        # one finding per number, however many of the rules above it meets
        taken: list[tuple[int, int]] = []
        for start, end, raw in sorted(phones, key=lambda p: (p[0], -p[1])):
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append((number, "phone", raw))
    return found


def masked(value: str) -> str:
    """What a problem shows of a contact detail: enough to find it, not the whole of it."""
    value = value.lstrip("([{ ")  # the message puts it in brackets: "(05…)", not "((05…)"
    return value[:3] + "…" if len(value) > 3 else "…"


def parse_document(name: str, content: bytes) -> tuple[Document | None, list[DocumentProblem]]:
    """Check one file; the document when it is usable (no problem), and every problem."""
    where = f"{DOCUMENTS_DIR}/{name}"
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8 = "refusals.data.utf8"
        return None, [DocumentProblem(where, f"file is not UTF-8: {exc}", key=utf8)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [DocumentProblem(where, "the document is empty", key=_KEY + "empty")]
    problems: list[DocumentProblem] = []
    lines = text.split("\n")
    first = next(k for k, line in enumerate(lines) if line.strip())
    title_line = lines[first].strip()
    title = ""
    if name.lower().endswith(".md"):
        m = _HEADING_RE.match(title_line)
        if m and len(m.group(1)) == 1 and m.group(2):
            title = m.group(2)
        else:
            problems.append(
                DocumentProblem(
                    where,
                    "no title: the first line must be “# Title”",
                    first + 1,
                    key=_KEY + "no_title",
                )
            )
    else:
        title = title_line.lstrip("#").strip()
    if title and len(title) > MAX_TITLE_CHARS:
        problems.append(
            DocumentProblem(
                where,
                f"the title (first line) is {len(title)} characters long: "
                f"start with a short title line (at most {MAX_TITLE_CHARS})",
                first + 1,
                key=_KEY + "long_title",
                params=(("count", len(title)), ("limit", MAX_TITLE_CHARS)),
            )
        )
    body = "\n".join(lines[first + 1 :])
    if not body.strip():
        problems.append(
            DocumentProblem(where, "the document has a title but no text", key=_KEY + "no_text")
        )
    for line, kind, value in contact_details(text):
        what = "an e-mail address" if kind == "email" else "a phone number"
        problems.append(
            DocumentProblem(
                where,
                f"{what} ({masked(value)}): remove it, the bot never gives contact details",
                line,
                key=_KEY + kind,
                params=(("value", masked(value)),),
            )
        )
    if problems:
        return None, problems
    return Document(name, title, body, first + 2), []


def read_documents(
    data_dir: Path,
) -> tuple[list[Document], list[DocumentProblem], list[tuple[str, bytes]]]:
    """Every document of the data directory, the problems, and the files' names and bytes
    (for the content hash)."""
    documents: list[Document] = []
    problems: list[DocumentProblem] = []
    files: list[tuple[str, bytes]] = []
    read = document_files(data_dir)
    for path in read:
        try:
            content = path.read_bytes()
        except OSError as exc:
            problems.append(
                DocumentProblem(
                    f"{DOCUMENTS_DIR}/{path.name}",
                    f"cannot read: {exc}",
                    key="refusals.data.unreadable",
                )
            )
            continue
        files.append((f"{DOCUMENTS_DIR}/{path.name}", content))
        doc, more = parse_document(path.name, content)
        problems.extend(more)
        if doc is not None:
            documents.append(doc)
    problems.extend(version_problems(documents))
    # a file the bot does not read (a PDF, a Word file): said, not silently left out
    folder = Path(data_dir) / DOCUMENTS_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path not in set(read):
                problems.append(
                    DocumentProblem(
                        f"{DOCUMENTS_DIR}/{path.name}",
                        "this format is not read (only .md and .txt files are)",
                        key=_KEY + "not_read",
                    )
                )
    return documents, problems, files


@dataclass(frozen=True, slots=True)
class _Heading:
    """A heading below a Markdown note's title: its line in the file, level (how many ``#``),
    text, and of the text below it (up to the next heading) its size and what a translation
    keeps: its numbers and its words in capitals (acronyms)."""

    line: int
    level: int
    text: str
    marks: frozenset[str]
    size: int


_MARK_RE = re.compile(r"\d+|\b[A-ZÀ-Ý][A-ZÀ-Ý'’-]+\b")


def _headings(doc: Document) -> list[_Heading]:
    """The title (level 0, with the text above the first heading), then the headings below it
    of a Markdown document: the lines starting with one to six ``#`` and a space."""
    found = [(doc.first_line - 1, 0, doc.title)]
    marks: list[set[str]] = [set()]
    sizes = [0]
    for number, raw in enumerate(doc.text.split("\n"), start=doc.first_line):
        line = raw.strip()
        m = _HEADING_RE.match(line)
        if m:
            found.append((number, len(m.group(1)), m.group(2)))
            marks.append(set())
            sizes.append(0)
        else:
            marks[-1].update(_MARK_RE.findall(line))
            sizes[-1] += len(line)
    return [
        _Heading(n, lv, t, frozenset(k), size)
        for (n, lv, t), k, size in zip(found, marks, sizes, strict=True)
    ]


def _likeness(a: _Heading, b: _Heading) -> float:
    """How alike the texts below two headings are, from 0 to 1.5: their shared marks (two
    texts without any are alike), then their sizes."""
    union = a.marks | b.marks
    shared = len(a.marks & b.marks) / len(union) if union else 1.0
    sizes = min(a.size, b.size) / max(a.size, b.size) if max(a.size, b.size) else 1.0
    return shared + sizes / 2


def _score(longer: list[_Heading], shorter: list[_Heading]) -> float:
    return sum(
        2 * (a.level == b.level) + _likeness(a, b) for a, b in zip(longer, shorter, strict=False)
    )


def _unmatched(longer: list[_Heading], shorter: list[_Heading]) -> tuple[int, int]:
    """Where two versions' headings part (both lists begin with the title): the position in
    ``longer`` of its first heading with no counterpart in ``shorter``, and the position in
    ``shorter`` of the last heading paired before it (0: the title). Headings are paired in
    order, a pair having the same level, the texts below them as alike as can be. One heading
    too many: each is tried as missing, with the text below it missing too or joined to the
    section above; more: the pairing that fits best, heading by heading."""
    n, m = len(longer), len(shorter)
    if n == m + 1:
        tries = []
        for k in range(1, n):
            dropped = longer[:k] + longer[k + 1 :]
            above = longer[k - 1]
            below = longer[k]
            joined = _Heading(
                above.line,
                above.level,
                above.text,
                above.marks | below.marks,
                above.size + below.size,
            )
            merged = [*longer[: k - 1], joined, *longer[k + 1 :]]
            tries.append((max(_score(dropped, shorter), _score(merged, shorter)), -k))
        k = -max(tries)[1]
        return k, k - 1

    def pair(i: int, j: int) -> float:
        return 2 + _likeness(longer[i], shorter[j]) if longer[i].level == shorter[j].level else 0

    # best[i][j]: the best pairing of longer[i:] with shorter[j:]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = pair(i, j) + best[i + 1][j + 1] if pair(i, j) else 0.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    i = j = 1
    last = 0
    while i < n and j < m:
        if pair(i, j) and best[i][j] == pair(i, j) + best[i + 1][j + 1]:
            last, i, j = j, i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            return i, last
        else:
            j += 1
    return i, last


def version_problems(documents: Iterable[Document]) -> list[DocumentProblem]:
    """A note's version in another language (``note.en.md``) whose headings are not as many
    as the note's own (``note.md``): a passage of one is no longer the passage of the other.
    The problem is the version with fewer headings', at the line after which the two part
    (the last heading they share, or the title), naming the other's first heading with no
    counterpart. Markdown versions only (a text file has no headings); the paragraphs are
    not compared."""
    families: dict[str, list[tuple[str, Document]]] = {}
    for doc in documents:
        if doc.name.lower().endswith(".md"):
            family, language = document_language(doc.name)
            families.setdefault(family, []).append((language, doc))
    problems: list[DocumentProblem] = []
    for versions in families.values():
        base = next((doc for lang, doc in versions if lang == DEFAULT_LANGUAGE), None)
        if base is None:
            continue
        expected = _headings(base)
        for language, doc in versions:
            headings = _headings(doc)
            if language == DEFAULT_LANGUAGE or len(headings) == len(expected):
                continue
            few, many = (doc, base) if len(headings) < len(expected) else (base, doc)
            fewer, more = (headings, expected) if few is doc else (expected, headings)
            missing, last = _unmatched(more, fewer)
            line = fewer[last].line
            heading = more[missing]
            problems.append(
                DocumentProblem(
                    f"{DOCUMENTS_DIR}/{few.name}",
                    f"{len(fewer) - 1} heading(s) where {many.name} has {len(more) - 1}: the "
                    f"headings part after this line: “{heading.text}” (line {heading.line} of "
                    f"{many.name}) has no counterpart here; headings are the lines starting "
                    "with one to six # and a space, below the title: give both versions the "
                    "same headings, in the same order",
                    line,
                    key=_KEY + "headings",
                    params=(
                        ("count", len(fewer) - 1),
                        ("other", many.name),
                        ("expected", len(more) - 1),
                        ("heading", heading.text),
                        ("line", heading.line),
                    ),
                )
            )
    return problems


def documents_hash(documents: Iterable[Document]) -> str:
    digest = hashlib.sha256()
    for doc in documents:
        for part in (doc.name, doc.title, doc.text):
            digest.update(part.encode())
            digest.update(b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------- passages

_LIST_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_SENTENCE_RE = re.compile(r"(?<=[.!?…;])\s+(?=[«\"“(\[A-ZÀ-ÖØ-Þ0-9])")
_MARKUP_RE = re.compile(r"\*\*|__|`")
_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
HEADING_SEP = " › "


def _clean(line: str) -> str:
    line = _LINK_RE.sub(r"\1 (\2)", line)
    return _MARKUP_RE.sub("", line).strip()


def _blocks(text: str, markdown: bool) -> Iterable[tuple[str, bool, str]]:
    """``(heading path, is list item, text)`` of every paragraph or list item."""
    path: list[tuple[int, str]] = []
    current: list[str] = []
    item = False

    def flush() -> Iterable[tuple[str, bool, str]]:
        if current:
            yield HEADING_SEP.join(h for _, h in path), item, " ".join(current)
            current.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        heading = _HEADING_RE.match(line) if markdown else None
        if heading:
            yield from flush()
            level = len(heading.group(1))
            path = [(lv, h) for lv, h in path if lv < level]
            path.append((level, _clean(heading.group(2))))
            continue
        if not line or set(line) <= set("-=*_|: "):
            yield from flush()
            continue
        if _LIST_RE.match(line):
            yield from flush()
            item = True
            current.append(_clean(line))
            continue
        if not current:
            item = False
        current.append(_clean(line))
    yield from flush()


def _sentences(text: str) -> list[str]:
    return [s.strip() for line in text.split("\n") for s in _SENTENCE_RE.split(line) if s.strip()]


def excerpt(
    text: str, concepts: list[Concept], limit: int, shows: Callable[[str], bool] | None = None
) -> str:
    """The sentences of a passage that hold most of the question's words, with those that
    follow while they fit in ``limit`` characters (a passage that fits is kept whole);
    ``shows``: whether a sentence shows the value asked (an amount for "the maximum amount"),
    which then comes first."""
    sentences = _sentences(text)
    forms = {f for c in concepts for f in c.forms}
    scores = [len(forms & set(stems(s))) for s in sentences]
    valued = [bool(shows and shows(s)) for s in sentences]
    best = max(range(len(sentences)), key=lambda k: (valued[k], scores[k], -k)) if sentences else 0
    if len(text) <= limit and (best == 0 or (scores[0], valued[0]) == (scores[best], valued[best])):
        return text
    chosen = [sentences[best]]
    size = len(chosen[0])
    for s in sentences[best + 1 :]:
        if size + len(s) + 1 > limit:
            break
        chosen.append(s)
        size += len(s) + 1
    out = "\n".join(chosen) if any(s.startswith("- ") for s in chosen) else " ".join(chosen)
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out


def split_passages(doc: Document) -> list[Passage]:
    """The document in passages of a few sentences (up to about ``PASSAGE_CHARS``), never
    across a heading; a list stays with the sentence that introduces it when it fits."""
    markdown = doc.name.lower().endswith(".md")
    passages: list[Passage] = []
    chunk: list[str] = []
    chunk_heading = ""

    def emit() -> None:
        if chunk:
            text = "".join(chunk).strip()
            passages.append(Passage(doc.name, doc.title, chunk_heading, text, len(passages)))
            chunk.clear()

    size = 0
    in_list = False  # the chunk is a list after its introducing sentence
    for heading, is_item, block in _blocks(doc.text, markdown):
        if heading != chunk_heading:
            emit()
            size = 0
            chunk_heading = heading
        in_list = is_item and bool(chunk) and (in_list or chunk[-1].rstrip().endswith(":"))
        pieces = [block] if is_item else _sentences(block)
        for piece in pieces:
            # a new paragraph starts a new passage unless the current one is a short intro
            limit = LIST_CHARS if in_list else PASSAGE_CHARS
            if chunk and size + len(piece) + 1 > limit:
                emit()
                size = 0
                in_list = False
            chunk.append(("\n" if is_item or (chunk and chunk[-1].endswith(":")) else " ") + piece)
            size += len(piece) + 1
        if not is_item and not block.rstrip().endswith(":") and size > PASSAGE_CHARS // 2:
            emit()
            size = 0
    emit()
    return passages


# --------------------------------------------------------------------------- word forms

# Light stemming, the same for French and English and for the index and the questions:
# plurals, a final e, then one derivational or verbal ending ("coopération" / "coopérer"
# -> "cooper", "biodiversité" / "biodiversity" -> "biodivers", "abouti" / "aboutir" ->
# "about", "adhérent" / "adhérer" -> "adher"). Never below four letters. Stored passages
# keep the forms of the stemmer that indexed them: change INDEX_FORMAT with the stemmer.
_ENDINGS = sorted(
    words(
        "issement ement ment ation ations ateur atric ution ition ite ity ities iqu ic ical "
        "iv if eus al el er ir it ez ant ent ed ing i y"
    ),
    key=len,
    reverse=True,
)
_MIN_STEM = 4


def stem(token: str) -> str:
    """The index form of a folded token (see above)."""
    if len(token) <= _MIN_STEM or not token.isalpha():
        return token
    if token.endswith("aux") and len(token) > 5:
        token = token[:-3] + "al"
    elif token.endswith(("s", "x")) and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if token.endswith("ee") and len(token) > _MIN_STEM + 1:
        token = token[:-2]  # "coordonnée" as "coordonne", "committee(s)" as "committ"
    elif token.endswith("e") and len(token) > _MIN_STEM:
        token = token[:-1]
    for ending in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= _MIN_STEM:
            return _vowel_y_dropped(token[: -len(ending)])
    return _vowel_y_dropped(token)


def _vowel_y_dropped(form: str) -> str:
    """``form`` without a final y after a vowel: "envoy" (envoyer) read as "envo", the form of
    "envoie" and "envoi" (their final "i" stripped), as a verb's y is the i of its other
    tenses."""
    return form[:-1] if form.endswith(("oy", "ay", "uy")) else form


# A name written with an apostrophe before a capital ("Xxx'YY", "XXX'Y"): people also
# type it joined ("terress"), so its joined form is indexed too.
_APOSTROPHE_NAME = re.compile(r"\b([^\W\d_]{3,})['’]([^\W\d_]*[A-ZÀ-Ý][^\W\d_]*)")


def stems(text: str) -> list[str]:
    """Index forms of every token of ``text`` (stop words dropped), and the joined form of
    the names written with an apostrophe."""
    out = [stem(t) for t in tokenize(text) if (t not in STOPWORDS and len(t) > 1) or t.isdigit()]
    if "€" in text:
        out.append("euro")  # "€12,000" answers "how many euros"
    for m in _APOSTROPHE_NAME.finditer(text):
        if m.group(2)[0].isupper():
            out.extend(stem(t) for t in tokenize(m.group(1) + m.group(2)))
    return out


# Words of a question that ask rather than name what is asked, and the English words of
# questions about the documents with their French forms (data/vocabulary/words.toml).
_ASKING = words(vocabulary().word_list("asking"))
_BRIDGE_PAIRS = words(vocabulary().word_list("bridge"))


def _bridge() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for pair in _BRIDGE_PAIRS:
        left, right = pair.split(":")
        rights = right.split("|")
        out.setdefault(left, set()).update(rights)
        for word in rights:
            out.setdefault(word, set()).add(left)
    return {k: frozenset(v) for k, v in out.items()}


_BRIDGE = _bridge()


@dataclass(frozen=True, slots=True)
class Concept:
    """One content word of a question and the index forms that express it (its own stem and
    those of its translations)."""

    word: str
    forms: frozenset[str]


def query_concepts(question: str) -> list[Concept]:
    """The content words of a question, each with its index forms, in order, no repeats."""
    return list(_query_concepts(question))


@lru_cache(maxsize=256)
def _query_concepts(question: str) -> tuple[Concept, ...]:
    """:func:`query_concepts`, cached: one reply reads a question's words several times (the
    passage search, then the answer from the passages)."""
    concepts: list[Concept] = []
    seen: set[str] = set()
    for token in tokenize(question):
        if token in STOPWORDS or token in _ASKING or token in seen:
            continue
        if len(token) < 2 and not token.isdigit():
            continue
        seen.add(token)
        forms = {stem(token)} | {stem(t) for t in _BRIDGE.get(token, ())}
        concepts.append(Concept(token, frozenset(f for f in forms if f)))
    return tuple(concepts)


def coverage(
    concepts: list[Concept], present: set[str], weights: dict[str, float]
) -> tuple[float, list[Concept]]:
    """Share of the question's weight (``weights``: form -> idf) whose concepts appear among
    ``present`` index forms, and the concepts missing."""
    total = 0.0
    got = 0.0
    missing: list[Concept] = []
    for c in concepts:
        w = word_weight(c, weights)
        total += w
        if not c.forms.isdisjoint(present):
            got += w
        else:
            missing.append(c)
    return (got / total if total else 0.0), missing


def word_weight(concept: Concept, weights: dict[str, float]) -> float:
    """A question word's weight (``weights``: form -> idf); a word no passage holds weighs
    as much as the rarest word of the index."""
    best = 0.0
    first = True
    for f in concept.forms:  # max(..., default=0.0), without a generator (called per passage)
        w = weights.get(f, 0.0)
        if first or w > best:
            best, first = w, False
    return best or _UNSEEN_WEIGHT


_UNSEEN_WEIGHT = math.log(1 + 1000)
