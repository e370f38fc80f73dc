"""What the live-phrasing tests (test_live_phrasings*.py) share: one phrasing (``Case``) and
its ``fr``/``en`` constructors, the live data they have in common (the Terr'ESS visio of
tomorrow), the focal points of their rosters, and how a question is asked (in private or in the
linked group), how its reply is checked and compared with what a command shows, and how every
phrasing of one language is run in one session with the failures listed together. For the
later sets: registering their askers, scheduling their events, RSVPs and polls (6 on), and one
``Question``, marked with its blind reply unless fixed, checked against its command
(``check_question``; 4 on), so that a set only states its data and its questions.

Not a test module: it collects nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.events import EventFields
from bot.storage.members import Person
from tests.broadcast.conftest import buttons
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP, NOW
from tests.events.conftest import add_member, webinar
from tests.polls.conftest import send_poll_line
from tests.qa.test_live_answers import ask, plain

# The Terr'ESS visio of tomorrow every set has, and its time as each asker reads it (Alice:
# Abidjan, Bob: Yerevan); the webinar title and link the sets share.
VISIO = "Point d'étape Terr'ESS"
VISIO_LINK = "https://visio.example.org/point-etape"
VISIO_AT = NOW.replace(hour=14) + timedelta(days=1)  # Tuesday 14:00 UTC
VISIO_FR = "mardi 24 novembre 2026 à 14:00 (Abidjan)"
VISIO_EN = "Tuesday 24th November 2026 at 18:00 (Yerevan)"
PROGRAMME = "Ordre du jour : bilan des ateliers et dates du regroupement"
WEBINAR = "Financer l'ESS locale"
WEBINAR_LINK = "https://visio.example.org/financer"
AWA, BINTA, NAREK = 3001, 3002, 3003


@dataclass(frozen=True)
class Case:
    who: int
    question: str
    expect: tuple[str, ...]  # what the reply must contain
    command: str | None = None  # a command whose reply must agree
    absent: tuple[str, ...] = ()  # what it must not contain
    group: bool = False  # asked in the linked group (how: see each set's ``say``)
    lang: str = ""  # the language of the question (the session it runs in)
    cancelled: bool = False  # asks whether an event really cancelled still holds


def fr(
    question: str,
    *expect: str,
    who: int = ALICE,
    command: str | None = None,
    absent: tuple[str, ...] = (),
    group: bool = False,
    cancelled: bool = False,
) -> Case:
    return Case(who, question, expect, command, absent, group, "fr", cancelled)


def en(
    question: str,
    *expect: str,
    who: int = BOB,
    command: str | None = None,
    absent: tuple[str, ...] = (),
    group: bool = False,
    cancelled: bool = False,
) -> Case:
    return Case(who, question, expect, command, absent, group, "en", cancelled)


# -- live data --------------------------------------------------------------------------------


def visio(**changes: object) -> EventFields:
    """The Terr'ESS visio of tomorrow 14:00 UTC, an hour long, with its link."""
    event = webinar(VISIO_AT, minutes=60, link=VISIO_LINK, title=VISIO)
    return replace(event, kind="visioconference", **changes)  # type: ignore[arg-type]


async def add_focal_points(
    services: Services, points: Iterable[tuple[int, str, bool, str]]
) -> None:
    """Focal points (id, name, consent to be listed, organisation), then the coordinator's
    consent to be listed."""
    for user_id, name, consent, organisation in points:
        await services.members.seen(
            Person(user_id, name, None, name.lower(), "fr"), private_chat=True
        )
        await services.members.claim_focal_point(user_id, organisation)
        await services.members.set_consent(user_id, consent)
    await services.members.set_consent(COORDINATOR, True)


# -- asking and checking ----------------------------------------------------------------------

Say = Callable[[Sandbox, Case, str], Awaitable[str]]


async def say_in_private(sandbox: Sandbox, case: Case, text: str) -> str:
    return await ask(sandbox, case.who, text)


async def in_group(sandbox: Sandbox, who: int, text: str, *, reply: bool = False) -> str:
    """What the bot answers ``text`` in the linked group; ``reply``: sent as a reply to the
    bot's last message there, without mentioning it."""
    after = sandbox.mark()
    to = None
    if reply:
        last = sandbox.sent_messages(GROUP)[-1]
        to = last["message_id"]
    await sandbox.send_text(who, text, chat_id=GROUP, reply_to_message_id=to)
    return plain(await sandbox.wait_for_message(GROUP, after=after))


def people(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.lstrip().startswith("•")}


def names_people(command: str) -> bool:
    return command.startswith(("/quiest", "/whois"))


def said(case: Case) -> list[str]:
    """What the reply must say of the event or poll (the expectations that are not commands)."""
    return [e for e in case.expect if not e.startswith("/")]


def check_reply(case: Case, text: str) -> None:
    for expected in case.expect:
        assert expected in text, (case.question, expected, text)
    for unexpected in case.absent:
        assert unexpected not in text, (case.question, unexpected, text)


def check_agrees(case: Case, text: str, shown: str, agreeing: Iterable[str]) -> None:
    """The command's reply ``shown`` lists the same people, or says ``agreeing`` too."""
    assert case.command is not None
    if names_people(case.command):
        assert people(text) == people(shown), (text, shown)
        return
    for expected in agreeing:
        assert expected in shown, (case.command, expected, shown)


async def check_phrasing(
    sandbox: Sandbox,
    case: Case,
    say: Say = say_in_private,
    agreeing: Callable[[Case], Iterable[str]] = said,
) -> None:
    """The reply to the question has what it must and lacks what it must not; the command's
    reply agrees (what the reply says of the event or poll, the command says too)."""
    text = await say(sandbox, case, case.question)
    check_reply(case, text)
    if case.command is None:
        return
    shown = await say(sandbox, case, case.command)
    check_agrees(case, text, shown, agreeing(case))


async def check_session(
    sandbox: Sandbox,
    cases: Iterable[Case],
    who: int,
    check: Callable[[Sandbox, Case], Awaitable[None]],
    *,
    counted: bool = False,
) -> None:
    """Every phrasing of ``who`` in one session of the bot; the failures are listed together
    (``counted``: after how many failed)."""
    failures: list[str] = []
    for case in (c for c in cases if c.who == who):
        try:
            await check(sandbox, case)
        except AssertionError as exc:
            failures.append(f"{case.question!r}: {exc}")
    head = f"{len(failures)} failed:\n" if counted else ""
    assert not failures, head + "\n".join(failures)


# -- shared by the later sets (4, 5): who asks, the events set up, reading the replies ---------


@dataclass(frozen=True)
class Asker:
    """A member who asks: registered with their organisation, language and time zone."""

    user_id: int
    first_name: str
    last_name: str
    language: str
    timezone: str
    country: str
    organisation: str
    projects: tuple[str, ...] = ("terress",)


def event(
    kind: str,
    title: str,
    start: datetime,
    minutes: int,
    *,
    link: str | None = None,
    place: str | None = None,
    description: str = "",
    project: str = "terress",
    zone: str = "Europe/Paris",
) -> EventFields:
    """An event of ``kind`` (the fields of a webinar, with its place and description), of
    ``project``, organised in ``zone``."""
    return replace(
        webinar(start, minutes=minutes, link=link, title=title, project=project, zone=zone),
        kind=kind,
        place=place,
        description=description,
    )


def fold(text: str) -> str:
    """Accents, case, curly apostrophes and non-breaking spaces left out."""
    text = text.replace("\u2019", "'").replace("\xa0", " ").replace("\u202f", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


async def agenda(sandbox: Sandbox, who: int, command: str = "/agenda") -> str:
    """Every page of the agenda in private (a few cards a page), ▶︎ pressed to the last."""
    after = sandbox.mark()
    await sandbox.send_text(who, command)
    message = first = await sandbox.wait_for_message(who, after=after)
    pages = [plain(first)]
    while "▶︎" in buttons(message):
        await sandbox.press_button(who, message, buttons(message)["▶︎"])
        before = plain(message)

        def turned(m: dict[str, Any], before: str = before) -> bool:
            return bool(m["message_id"] == first["message_id"] and plain(m) != before)

        message = await sandbox.wait_for_message(who, include_edits=True, predicate=turned)
        pages.append(plain(message))
    return "\n".join(pages)


# -- shared by the later sets (6 on): setting up the live data, asking, checking -------------


async def register(
    sandbox: Sandbox,
    services: Services,
    askers: Iterable[Asker],
    *,
    group_members: Iterable[int] = (),
) -> None:
    """Each asker known to the emulator and registered in the bot (organisation, language, time
    zone, projects); those in ``group_members`` members of the linked group too."""
    now = services.clock.now()
    for who in askers:
        sandbox.add_user(
            who.user_id, who.first_name, language_code=who.language, last_name=who.last_name
        )
        await add_member(
            services.members.repo,
            now,
            who.user_id,
            who.first_name,
            last_name=who.last_name,
            language=who.language,
            timezone=who.timezone,
            country=who.country,
            organisation=who.organisation,
            projects=who.projects,
        )
    group = sandbox.world.chat(GROUP)
    for user_id in group_members:
        group.members.setdefault(user_id, "member")


async def schedule(
    services: Services, *events: EventFields, cancelled: Iterable[str] = ()
) -> dict[str, int]:
    """The events created in their order (all to come), those titled in ``cancelled`` then
    cancelled; returns the events' numbers by title."""
    for fields in events:
        await services.events.create(fields)
    await services.delivery.wait_idle()
    numbers = {e.title: e.id for e in await services.events.upcoming(None)}
    assert list(numbers) == [e.title for e in events], numbers
    for title in cancelled:
        await services.events.cancel(numbers[title])
    await services.delivery.wait_idle()
    return numbers


async def answer(services: Services, event_id: int, answers: Iterable[tuple[int, str]]) -> None:
    """RSVPs to event ``event_id``: (who, "yes" | "maybe" | "no")."""
    for user_id, rsvp in answers:
        await services.events.repo.set_rsvp(event_id, user_id, rsvp, services.clock.now())
    await services.delivery.wait_idle()


async def closed_then_open_poll(
    sandbox: Sandbox,
    services: Services,
    clock: FrozenClock,
    closed: str,
    open_: tuple[str, ...],
    voter: int,
    *,
    project: str = "terress",
) -> None:
    """Two polls sent in private to the project's members: ``closed`` (yes / no), closed by the
    coordinator; five minutes later ``open_`` (its question, then its answers), left open, to
    which ``voter`` alone answers the first option."""
    after = sandbox.mark()
    await send_poll_line(sandbox, f"/sondage {project} | prive | {closed} | Oui | Non")
    await sandbox.wait_for_message(voter, after=after, predicate=lambda m: "poll" in m)
    await services.delivery.wait_idle()
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, "/fermersondage")
    await sandbox.wait_for_message(
        COORDINATOR, after=after, predicate=lambda m: "clos" in (m.get("text") or "")
    )
    await services.delivery.wait_idle()
    clock.advance(timedelta(minutes=5))
    after = sandbox.mark()
    await send_poll_line(sandbox, f"/sondage {project} | prive | {' | '.join(open_)}")
    poll = await sandbox.wait_for_message(voter, after=after, predicate=lambda m: "poll" in m)
    await services.delivery.wait_idle()
    await sandbox.vote(voter, poll["poll"]["id"], [0])
    await services.polls.wait_idle()


@dataclass(frozen=True)
class Question:
    """One question of a member, what the reply must (not) say, and the command that must
    agree with it, asked by the same member."""

    who: int
    question: str
    lang: str
    expect: tuple[str, ...] = ()  # what the reply must contain (accents and case aside)
    absent: tuple[str, ...] = ()  # what it must not contain
    says: str | None = None  # a pattern the reply must match (accent-free, case-free)
    command: str | None = None  # the matching command ("{name}": an event's number)
    shows: tuple[str, ...] | None = None  # what the command shows too (default: expect)
    shows_says: str | None = None  # a pattern the command's reply must match too
    hides: tuple[str, ...] = ()  # what the command does not show either
    group: str = ""  # in the linked group: "mention" (the bot named), "reply" (to the command)
    cancelled: tuple[str, ...] = ()  # names of a cancelled event it asks about
    command_in_private: bool = False  # the command asked in private even when the question was
    # asked in the group (/agenda in private: every page; in the group, its first page only)
    command_in_group: bool = False  # the command asked in the group even when the question was
    # asked in private (every member zone)


def question_param(question: Question, blind: str | None, fixed: bool = False) -> object:
    """A question as a test parameter; ``blind``: what the bot replied on the blind run, when
    it failed (then expected to fail, strictly); ``fixed``: it passes since (the blind reply
    kept as the record)."""
    if blind is None or fixed:
        return pytest.param(question, id=question.question)
    marks = pytest.mark.xfail(strict=True, reason=f"blind: {blind}")
    return pytest.param(question, id=question.question, marks=marks)


def blind_reply(replies: dict[str, str], question: str) -> str | None:
    """What the bot replied on the blind run to ``question``, by its first words (or None)."""
    return next((r for start, r in replies.items() if question.startswith(start)), None)


def says_cancelled(question: Question, text: str) -> bool:
    """It names the cancelled event and says so, or says that no such event is planned."""
    folded = fold(text)
    named = any(fold(name) in folded for name in question.cancelled)
    if question.lang == "fr":
        return (named and "annul" in folded) or bool(re.search(r"aucun webinaire", folded))
    return (named and "cancel" in folded) or bool(re.search(r"\bno webinars?\b", folded))


def check_answer(question: Question, text: str) -> None:
    folded = fold(text)
    for expected in question.expect:
        assert fold(expected) in folded, (question.question, expected, text)
    for unexpected in question.absent:
        assert fold(unexpected) not in folded, (question.question, unexpected, text)
    if question.says is not None:
        assert re.search(question.says, folded), (question.question, question.says, text)
    if question.cancelled:
        assert says_cancelled(question, text), (question.question, text)


def check_command(question: Question, text: str, command: str, shown: str) -> None:
    """The command agrees: the same people, or what the reply says it shows too."""
    folded = fold(shown)
    if names_people(command):
        assert people(text) == people(shown), (text, shown)
        return
    if question.cancelled:  # the command does not show it as planned either
        named = any(fold(name) in folded for name in question.cancelled)
        assert not named or "annul" in folded or "cancel" in folded, (command, shown)
        return
    for expected in question.expect if question.shows is None else question.shows:
        assert fold(expected) in folded, (command, expected, shown)
    for hidden in question.hides:
        assert fold(hidden) not in folded, (command, hidden, shown)
    if question.shows_says is not None:
        assert re.search(question.shows_says, folded), (command, question.shows_says, shown)


async def check_question(sandbox: Sandbox, numbers: dict[str, int], question: Question) -> None:
    """Asked in private, or in the linked group (mentioning the bot, or replying to the
    command's answer there); then the command, where the question was asked (/agenda in
    private: every page)."""
    command = question.command.format(**numbers) if question.command else None
    shown: str | None = None
    if question.group == "reply":
        shown = await in_group(sandbox, question.who, command or "/agenda")
        text = await in_group(sandbox, question.who, question.question, reply=True)
    elif question.group == "mention":
        text = await in_group(sandbox, question.who, f"@{sandbox.bot_username} {question.question}")
    else:
        text = await ask(sandbox, question.who, question.question)
    check_answer(question, text)
    if command is None:
        return
    if shown is None:
        if question.command_in_group or (question.group and not question.command_in_private):
            shown = await in_group(sandbox, question.who, command)
        elif command.startswith("/agenda"):
            shown = await agenda(sandbox, question.who, command)
        else:
            shown = await ask(sandbox, question.who, command)
    check_command(question, text, command, shown)
