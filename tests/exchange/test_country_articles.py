"""Atlas answers name a country with its French article, derived from the name (audit item
10): "avec le Sénégal", not "avec Sénégal"."""

from __future__ import annotations

import pytest

from bot.context import CoopApplication
from bot.exchange.synthetic import synthetic_csv
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE
from tests.exchange.conftest import say


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sénégal", "le Sénégal"),
        ("Maroc", "le Maroc"),
        ("Tunisie", "la Tunisie"),
        ("Arménie", "l'Arménie"),
        ("Comores", "les Comores"),
        ("Madagascar", "Madagascar"),
    ],
)
async def test_french_articles(services: Services, name: str, expected: str) -> None:
    said = services.exchange_answers._with_article(name, "fr")
    assert said.replace("&#x27;", "'") == expected


async def test_an_atlas_answer_says_avec_le_senegal(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await services.atlas.import_csv(synthetic_csv(600, services.knowledge.kb))
    answer = await say(sandbox, ALICE, "Combien de partenariats avec le Sénégal ?")
    assert "avec le Sénégal" in answer["text"], answer["text"]
