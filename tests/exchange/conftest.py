"""Fixtures of the exchange tests: a focal point in Senegal (Alice, Louga), a participant in
Côte d'Ivoire (Bob, Kabadougou, English), a coordinator (Claire), written through the real
members repository; outbox pacing lifted; helpers to drive the guided /offre."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.exchange.atlas import AtlasService
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.names import Loaded
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.atlas import AtlasRepository
from bot.storage.database import Database
from bot.storage.members import Person
from tests.conftest import ALICE, BOB, COORDINATOR, NOW
from tests.roster import unpaced

JSON = dict[str, Any]
DESCRIPTION = (
    "Le département de Louga cherche une collectivité française pour un projet d'accès à "
    "l'eau potable dans les villages : forages, comités de gestion, formation des agents."
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return unpaced(settings)


async def seed(services: Services) -> None:
    repo = services.members.repo
    now = services.clock.now()
    people = [
        (COORDINATOR, "Claire", "fr", "fr", None, "coordinator", None),
        (ALICE, "Alice", "fr", "sn", "cd-louga", "focal_point", "confirmed"),
        (BOB, "Bob", "en", "ci", "cr-kabadougou", "participant", None),
    ]
    for user_id, name, lang, country, org, role, focal in people:
        await repo.touch(Person(user_id, name), now, private_chat=True)
        await repo.update(
            user_id,
            now,
            language=lang,
            country_id=country,
            organisation_id=org,
            role=role,
            focal_status=focal,
        )


async def say(sandbox: Sandbox, user: int, text: str, *, expect: str = "") -> JSON:
    """Send ``text`` in the user's private chat and return the bot's next message there
    (the next one containing ``expect``: a notice through the outbox may come first)."""
    mark = sandbox.mark()
    await sandbox.send_text(user, text)
    return await sandbox.wait_for_message(
        user, after=mark, predicate=lambda m: expect in m.get("text", "")
    )


async def write_offer(sandbox: Sandbox, user: int = ALICE, description: str = DESCRIPTION) -> JSON:
    """The guided /offre, answered step by step; the bot's confirmation."""
    await say(sandbox, user, "/offre")
    await say(sandbox, user, "Eau et assainissement")
    more = await say(sandbox, user, "Accès à l'eau potable")
    assert "Un autre thème" in more["text"]
    await say(sandbox, user, "➡️ Continuer")
    await say(sandbox, user, "France")
    await say(sandbox, user, "Département")
    summary = await say(sandbox, user, description)
    assert "Votre offre" in summary["text"]
    return await say(sandbox, user, "📨 Envoyer")


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(db_path)
    yield database
    await database.close()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def atlas(db: Database, kb: KnowledgeBase) -> AtlasService:
    return AtlasService(AtlasRepository(db), Loaded(kb), FrozenClock(NOW))
