"""What a coordinator types for a poll: the one-line ``/sondage`` form, the checks on a question
and its options (Telegram's limits), and the closing time (a date or a delay).

Pure functions: no database, no Telegram. The polls service (:mod:`bot.polls`) and the guided
flow use them; errors are :class:`PollError` carrying a catalogue key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import excerpt
from bot.limits import (
    POLL_OPTION_MAX,
    POLL_OPTIONS_MAX,
    POLL_OPTIONS_MIN,
    POLL_QUESTION_MAX,
    length,
)
from bot.textfold import fold

MAX_QUESTION = POLL_QUESTION_MAX
MAX_OPTION = POLL_OPTION_MAX
MIN_OPTIONS = POLL_OPTIONS_MIN
MAX_OPTIONS = POLL_OPTIONS_MAX
MAX_COMMENT = 2000
COMMENT_WINDOW = timedelta(minutes=30)  # a plain message this soon after a prompt is the comment
FEEDBACK_OPEN = timedelta(days=7)
FEEDBACK_KINDS = ("webinar", "visioconference")  # feedback on by default for these
STOP_BURST = 20  # stopPoll calls made before pacing starts


class PollError(Exception):
    """A request we refuse; ``key`` is a catalogue id, ``params`` its placeholders."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# -- the one-line form ------------------------------------------------------------------------

FLAG_WORDS = {
    "multi": "multiple",
    "multiple": "multiple",
    "plusieurs": "multiple",
    "anonyme": "anonymous",
    "anonymous": "anonymous",
    "anon": "anonymous",
    "groupes": "groups",
    "groupe": "groups",
    "groups": "groups",
    "group": "groups",
    "prive": "private",
    "prives": "private",
    "private": "private",
}
CLOSE_KEY = re.compile(r"(?i)(?:^|\s)(?:close|closes|cloture|clôture|fermeture)\s*=\s*")


@dataclass(frozen=True)
class PollSpec:
    """The one-line form, parsed: ``[options] [project] | question | answer | answer ...``."""

    question: str
    options: tuple[str, ...]
    project: str | None = None
    multiple: bool = False
    anonymous: bool = False
    to_groups: bool = True
    to_private: bool = True
    close: str | None = None  # as typed; the service reads it in the writer's zone


@dataclass
class _Head:
    flags: set[str] = field(default_factory=set)
    project: str | None = None
    close: str | None = None


def _parse_head(segment: str, is_project: Callable[[str], bool]) -> _Head | None:
    """A leading segment made only of options and a project name, else ``None``."""
    head = _Head()
    match = CLOSE_KEY.search(segment)
    if match:
        head.close = segment[match.end() :].strip()
        segment = segment[: match.start()]
    rest = []
    for word in segment.split():
        flag = FLAG_WORDS.get(fold(word))
        if flag:
            head.flags.add(flag)
        else:
            rest.append(word)
    if rest:
        name = " ".join(rest)
        if not is_project(name):
            return None
        head.project = name
    if not head.flags and head.project is None and head.close is None and segment.strip():
        return None
    return head


def parse_poll_line(text: str, is_project: Callable[[str], bool]) -> PollSpec:
    """Parse ``/poll [options] [project] | Question | A | B ...`` (text after the command).

    Leading segments made only of options (``multi``, ``anonyme``, ``groupes``, ``prive``,
    ``close=...``) and a project name are read as settings; the first other segment is the
    question, the rest the answers. Raises :class:`PollError`.
    """
    segments = [s.strip() for s in text.split("|")]
    if len(segments) < 2:
        raise PollError("polls.errors.form")
    head = _Head()
    index = 0
    # The question usually ends with "?": short segments before it must be settings (a
    # misspelt project is refused rather than sent to everyone as the question).
    asked = next((i for i, s in enumerate(segments[:-1]) if s.endswith(("?", "？"))), None)
    while index < len(segments) - 1:
        found = _parse_head(segments[index], is_project)
        if found is None:
            if asked is not None and index < asked and len(segments[index].split()) <= 3:
                raise PollError("polls.errors.unknown_head", name=excerpt(segments[index]))
            break
        if found.project and head.project and fold(found.project) != fold(head.project):
            raise PollError("polls.errors.two_projects")
        head.flags |= found.flags
        head.project = found.project or head.project
        head.close = found.close if found.close is not None else head.close
        index += 1
    question, options = segments[index], tuple(segments[index + 1 :])
    if head.close == "":
        raise PollError("polls.errors.bad_close", text="")
    groups, private = "groups" in head.flags, "private" in head.flags
    if groups and private:  # contradictory: each one means "only there"
        raise PollError("polls.errors.both_audiences")
    return PollSpec(
        question=question,
        options=options,
        project=head.project,
        multiple="multiple" in head.flags,
        anonymous="anonymous" in head.flags,
        to_groups=groups or not private,
        to_private=private or not groups,
        close=head.close,
    )


def validate(question: str, options: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """Telegram's limits, checked before anything is stored; returns cleaned values."""
    question = " ".join(question.split()) if "\n" not in question else question.strip()
    cleaned = tuple(" ".join(o.split()) for o in options)
    if not question:
        raise PollError("polls.errors.no_question")
    check_question(question)
    if any(not o for o in cleaned):
        raise PollError("polls.errors.empty_option")
    if len(cleaned) < MIN_OPTIONS:
        raise PollError("polls.errors.too_few_options", minimum=MIN_OPTIONS)
    if len(cleaned) > MAX_OPTIONS:
        raise PollError("polls.errors.too_many_options", maximum=MAX_OPTIONS)
    for option in cleaned:
        check_option(option)
    if len({fold(o) for o in cleaned}) != len(cleaned):
        raise PollError("polls.errors.duplicate_option")
    return question, cleaned


def check_question(question: str) -> None:
    """Telegram's poll question: 1 to 300 characters, counted as Telegram counts."""
    size = length(question)
    if not 1 <= size <= MAX_QUESTION:
        raise PollError("polls.errors.question_too_long", limit=MAX_QUESTION, length=size)


def check_option(option: str) -> None:
    """A poll answer: 1 to 100 characters, counted as Telegram counts."""
    size = length(option)
    if size == 0:
        raise PollError("polls.errors.empty_option")
    if size > MAX_OPTION:
        raise PollError(
            "polls.errors.option_too_long",
            option=excerpt(option, 40),
            limit=MAX_OPTION,
            length=size,
        )


def parse_closing(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """``2026-12-01 18:00``, ``demain 18h``, ``jeudi 9h`` (in ``tz``) or a delay: ``2h``,
    ``3j``/``3d``, ``90 min``. Returns an aware instant in the future."""
    from bot.dates import (
        AMOUNT_UNIT,
        DURATION_UNITS,
        DateError,
        date_words,
        parse_duration,
        parse_when,
    )

    value = text.strip()
    if re.fullmatch(r"(?i)\d+\s*[a-zé]*", value) or re.fullmatch(r"\d{1,2}h\d{2}", value):
        try:
            return now + parse_duration(value)
        except DateError:
            delay = AMOUNT_UNIT.match(date_words(value).replace(" ", ""))
            if delay and (delay[2] or "min") in DURATION_UNITS:  # a delay, too short or long
                raise PollError("polls.errors.close_range", text=excerpt(text)) from None
    try:
        return parse_when(value, now, tz).utc
    except DateError as exc:
        if exc.reason == "past":
            raise PollError("polls.errors.close_past", text=excerpt(text)) from None
        raise PollError("polls.errors.bad_close", text=excerpt(text)) from None
