"""A question that follows the asker's previous one ("Combien de membres au Sénégal dans X ?"
then "Et au Bénin ?"): read with what it followed, through the bot, while the previous one is
recent (``FOLLOW_UP_WINDOW``); the previous question is kept in the database, so a restart
keeps it. The project and its countries come from the data."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.knowledge.answer import Answerer
from bot.knowledge.follow_up import follow_up
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.questions import FOLLOW_UP_WINDOW, KnowledgeService
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository
from tests.conftest import ALICE

TODAY = date(2026, 1, 15)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"</?[a-z][^>]*>", "", text)).strip()


def _project_in_two_countries(kb: KnowledgeBase) -> tuple[str, str, str]:
    """(project short name, a country, another country) where the project has members."""
    for p in sorted(kb.projects.values(), key=lambda p: p.id):
        countries = sorted({o.country for o in kb.organisations.values() if p.id in o.projects})
        if len(countries) >= 2:
            one, two = (kb.countries[c].name.get("fr") for c in countries[:2])
            return p.short_name, one, two
    pytest.skip("no project with members in two countries")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(default_data_dir())


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


async def _ask(sandbox: Sandbox, question: str) -> str:
    mark = sandbox.mark()
    await sandbox.send_text(ALICE, question)
    message = await sandbox.wait_for_message(ALICE, after=mark)
    return _plain(message.get("text") or "")


def _members_in(project: str, country: str) -> str:
    return f"Combien de membres en {country} dans {project} ?"


async def test_et_with_another_country_asks_the_previous_question_of_it(
    app: CoopApplication, sandbox: Sandbox, services: Services, answerer: Answerer
) -> None:
    project, one, two = _project_in_two_countries(services.knowledge.kb)
    await _ask(sandbox, _members_in(project, one))
    followed = await _ask(sandbox, f"Et en {two} ?")
    assert followed == _plain(answerer.answer(_members_in(project, two), "fr", TODAY).html)
    assert one not in followed


async def test_a_follow_up_long_after_stands_alone(
    app: CoopApplication,
    sandbox: Sandbox,
    services: Services,
    clock: FrozenClock,
    answerer: Answerer,
) -> None:
    project, one, two = _project_in_two_countries(services.knowledge.kb)
    await _ask(sandbox, _members_in(project, one))
    clock.advance(FOLLOW_UP_WINDOW * 2)
    later = await _ask(sandbox, f"Et en {two} ?")
    assert later == _plain(answerer.answer(f"Et en {two} ?", "fr", TODAY).html)
    assert later != _plain(answerer.answer(_members_in(project, two), "fr", TODAY).html)


async def test_the_previous_question_survives_a_restart(tmp_path: Path) -> None:
    clock = FrozenClock(datetime(2026, 1, 15, 9, 0, tzinfo=UTC))
    db = await Database.open(tmp_path / "k.sqlite3")
    service = KnowledgeService(KnowledgeRepository(db), default_data_dir(), clock)
    await service.start()
    project, one, two = _project_in_two_countries(service.kb)
    await service.follow_up(_members_in(project, one), "fr", 5, 7)
    await db.close()
    db = await Database.open(tmp_path / "k.sqlite3")
    try:
        again = KnowledgeService(KnowledgeRepository(db), default_data_dir(), clock)
        await again.start()
        asked = await again.follow_up(f"Et en {two} ?", "fr", 5, 7)
        assert project.replace("'", " ").lower() in asked.replace("'", " ").lower()
        # another asker, another chat: nothing to follow
        assert await again.follow_up(f"Et en {two} ?", "fr", 5, 8) == f"Et en {two} ?"
        assert await again.follow_up(f"Et en {two} ?", "fr", 6, 7) == f"Et en {two} ?"
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("previous", "question", "follows"),
    [
        ("Qui finance {p} ?", "et quand a-t-il commencé ?", True),
        ("Who funds {p}?", "and its budget?", True),
        ("Who funds {p}?", "what about the countries?", True),
        ("Qui finance {p} ?", "merci", False),
        ("meteo a dakar demain", "weather in dakar tomorrow", False),
        ("Combien de membres dans {p} ?", "membres au Bénin", False),
        ("Who funds {p}?", "I need to cancel my attendance, how do I do that?", False),
        ("Who funds {p}?", "when did it start?", True),
        ("Qui finance {p} ?", "Et merci !", False),
        ("Qui finance {p} ?", "C'est quoi la coopération décentralisée ?", False),
    ],
)
def test_what_reads_as_a_follow_up(
    answerer: Answerer, kb: KnowledgeBase, previous: str, question: str, follows: bool
) -> None:
    project, _one, _two = _project_in_two_countries(kb)
    written = follow_up(answerer, previous.format(p=project), question, None, TODAY)
    assert (written is not None) is follows
    if written is not None:
        assert project.replace("'", " ").lower() in written


def test_a_question_naming_its_own_project_stands_alone(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    names = sorted(p.short_name for p in kb.projects.values())
    if len(names) < 2:
        pytest.skip("one project only")
    assert (
        follow_up(
            answerer, f"Qui finance {names[0]} ?", f"Combien de membres a {names[1]} ?", None, TODAY
        )
        is None
    )
    # but "Et dans Y ?" asks the previous question of Y
    written = follow_up(answerer, f"Qui finance {names[0]} ?", f"Et dans {names[1]} ?", None, TODAY)
    assert written is not None and names[1].replace("'", " ").lower() in written
