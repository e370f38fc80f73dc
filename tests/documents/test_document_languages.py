"""A note in two languages: each reader is quoted the version in their language."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FrozenClock
from bot.i18n import plain_text
from bot.knowledge.documents import document_language, in_language
from bot.knowledge.loader import default_data_dir
from bot.questions import KnowledgeService
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def test_language_from_the_file_name() -> None:
    assert document_language("lettre.en.md") == ("lettre", "en")
    assert document_language("lettre.fr.txt") == ("lettre", "fr")
    assert document_language("lettre.md") == ("lettre", "fr")
    assert document_language("compte-rendu.2025.md") == ("compte-rendu.2025", "fr")


def test_each_note_once_in_the_readers_language() -> None:
    names = ["a.md", "a.en.md", "b.md", "c.en.txt", "d.fr.md", "d.en.md"]
    assert in_language(names, "en") == {"a.en.md", "b.md", "c.en.txt", "d.en.md"}
    assert in_language(names, "fr") == {"a.md", "b.md", "c.en.txt", "d.fr.md"}


async def test_the_version_in_the_askers_language_is_quoted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    docs = data / "documents"
    (docs / "lettre-avril.md").write_text(
        "# Lettre d'avril\n\n## Atelier de Koudougou\n\n"
        "L'atelier sur la gestion des déchets ménagers s'est tenu à Koudougou. "
        "Il a réuni quatorze collectivités autour du compostage.\n",
        encoding="utf-8",
    )
    (docs / "lettre-avril.en.md").write_text(
        "# April newsletter\n\n## Workshop in Koudougou\n\n"
        "The workshop on household waste management was held in Koudougou. "
        "It brought together fourteen local governments around composting.\n",
        encoding="utf-8",
    )
    (docs / "only-english.en.md").write_text(
        "# Field notes\n\n## Visit to Banfora\n\n"
        "The delegation visited the Banfora tree nursery, which grows mango seedlings.\n",
        encoding="utf-8",
    )
    db = await Database.open(tmp_path / "k.sqlite3")
    try:
        service = KnowledgeService(KnowledgeRepository(db), data, FrozenClock(NOW))
        await service.start()
        fr = plain_text(
            (await service.reply("Où s'est tenu l'atelier sur le compostage ?", None)).html
        )
        en = plain_text((await service.reply("Where was the composting workshop held?", "en")).html)
        only = plain_text((await service.reply("qu'a visité la délégation à Banfora ?", "fr")).html)
    finally:
        await db.close()
    assert "Lettre d'avril" in fr and "quatorze" in fr and "fourteen" not in fr
    assert "April newsletter" in en and "fourteen" in en and "quatorze" not in en
    # a note in one language only is quoted to every reader, as it is written
    assert "Field notes" in only and "mango" in only
