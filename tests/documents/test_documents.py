"""The documents the bot searches: checking, splitting, indexing and searching passages."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.documents import (
    Document,
    contact_details,
    document_files,
    masked,
    parse_document,
    query_concepts,
    split_passages,
    stem,
)
from bot.knowledge.loader import check, content_hash, default_data_dir
from bot.storage.database import Database
from bot.storage.knowledge import KnowledgeRepository

# the notes shipped in data/documents (French, and their English versions)
SHIPPED = len(document_files(default_data_dir()))

NOTE = """# Lettre d'information de mars

## Atelier de Bobo-Dioulasso

L'atelier sur la gestion des déchets ménagers s'est tenu à Bobo-Dioulasso. Il a réuni
douze collectivités. Les participants ont visité le centre de tri.

## Prochaine étape

La prochaine étape est une formation des agents communaux au compostage, prévue au printemps.
"""


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "passages.sqlite3")
    yield database
    await database.close()


# ------------------------------------------------------------------ files and checks


def test_the_five_source_notes_ship_with_titles_and_no_problem() -> None:
    files = document_files(default_data_dir())
    assert len(files) >= 5
    for file in files:
        doc, problems = parse_document(file.name, file.read_bytes())
        assert not problems, problems
        assert doc is not None and doc.title and not doc.title.startswith("#")
    assert not check(default_data_dir())


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Écrire à jean.dupont@example.org pour s'inscrire.", "email"),
        ("Contact : frederick.coopdec[at]gmail.com", "email"),
        ("Contact : prenom (at) mairie-exemple.fr", "email"),
        ("Tél. 05 55 12 34 56", "phone"),
        ("Appeler le +212 5 37 68 97 00.", "phone"),
        ("Tél : 06.12.34.56.78", "phone"),
        # local numbers without a country code or a 0: Mali, Senegal, Haiti
        ("Joignable au 76 12 34 56 en semaine.", "phone"),
        ("Le point focal : 77 123 45 67.", "phone"),
        ("Bureau de Jacmel 3712-3456", "phone"),
        ("Bureau de Jacmel : 3712.3456", "phone"),
        ("Appeler le 76.12.34.56.78", "phone"),
        # any number after a phone word, however it is grouped
        ("tél. 20 21 22 23", "phone"),
        ("WhatsApp : 76123456", "phone"),
        ("Portable (n° 221) 77 12 34 56", "phone"),
        ("mobile: 7712345", "phone"),
        ("Phone 555-0199-22", "phone"),
        ("cell 20212223", "phone"),
    ],
)
def test_contact_details_are_found(text: str, kind: str) -> None:
    found = contact_details(f"# Titre\n\n{text}\n")
    assert [k for _line, k, _v in found] == [kind]
    assert found[0][0] == 3  # the line number


@pytest.mark.parametrize(
    "text",
    [
        "Le projet court de 2023-2025, la rencontre a lieu le 04/11/2016.",
        "Le total est de 48 652 € ; 8 845 € en 2020.",
        "Voir www.cncd.fr et le compte @CNCD_FR, mot-dièse #JDR2017.",
        "Réunion de 14h00 - 14h15, puis 16h45 - 17h30.",
        # what the shipped data holds that looks like a local number, and is not
        "Budget : 172 343 € ; €36,000 ; 1 200 ménages ; 445 428 habitants.",
        "Le projet 2016-2018, puis 2020/2026 et 2016 2018 ; le 2025-03-14, le 12.05.2016.",
        "De 14h00–14h15, 14:00-14:15 ; 67,5 % ou 12.5 % ; #JDR2017, ISO 3166-1.",
        "87 participants, 1 234 567 €, 12 345 678 FCFA, 10 000 000 d'habitants.",
        # a phone word before a year range, an amount or a short number
        "Téléphone 2016-2018 ; l'application mobile 172 343 € ; tel 2020 ; WhatsApp 12 34",
        "Le portable 2025-03-14, le mobile 12.05.2016 ; le téléphone 1 200 000 €.",
    ],
)
def test_dates_amounts_and_handles_are_no_contact_details(text: str) -> None:
    assert contact_details(text) == []


def test_a_number_in_brackets_is_shown_with_one_bracket() -> None:
    """The message puts the excerpt in brackets: ``(05 …)``, not ``((05 …)``."""
    found = contact_details("Joindre le secrétariat (05 55 12 34 56).")
    assert [masked(value) for _line, _kind, value in found] == ["05 …"]
    assert masked("(+509) 3712-3456") == "+50…"


def test_a_number_is_one_finding_whatever_rules_it_meets() -> None:
    assert len(contact_details("Tél. : 05 55 12 34 56 ; WhatsApp 76 12 34 56")) == 2


def test_a_coordinator_file_is_checked(data_copy: Path) -> None:
    docs = data_copy / "documents"
    (docs / "sans-titre.md").write_text("Pas de titre ici.\n", encoding="utf-8")
    (docs / "vide.txt").write_text("  \n", encoding="utf-8")
    (docs / "latin1.txt").write_bytes("Compte rendu\n\nRéunion".encode("latin-1"))
    (docs / "contacts.md").write_text(
        "# Contacts\n\nÉcrire à claire@example.org ou appeler le 05 55 12 34 56.\n",
        encoding="utf-8",
    )
    (docs / "ignored.pdf").write_bytes(b"%PDF")
    problems = [str(p) for p in check(data_copy)]
    assert any("sans-titre.md:1" in p and "# Title" in p for p in problems)
    assert any("vide.txt" in p and "empty" in p for p in problems)
    assert any("latin1.txt" in p and "UTF-8" in p for p in problems)
    contact = [p for p in problems if "contacts.md:3" in p]
    assert len(contact) == 2
    assert any("e-mail" in p for p in contact) and any("phone" in p for p in contact)
    assert not any("claire@example.org" in p or "12 34 56" in p for p in problems)
    # a format the bot does not read is said, not silently left out (a coordinator who drops
    # a PDF learns that it is not read)
    assert any("ignored.pdf" in p and "not read" in p for p in problems)


def test_a_text_file_is_titled_by_its_first_line() -> None:
    doc, problems = parse_document("cr.txt", b"\nCompte rendu du 3 mars\nTexte.\n")
    assert not problems and doc is not None
    assert doc.title == "Compte rendu du 3 mars"


def test_documents_count_in_the_content_hash(data_copy: Path) -> None:
    before = content_hash(data_copy)
    (data_copy / "documents" / "lettre.md").write_text(NOTE, encoding="utf-8")
    assert content_hash(data_copy) != before


# ------------------------------------------------------------------ splitting


def test_passages_keep_their_heading_path_and_few_sentences() -> None:
    doc = Document("lettre.md", "Lettre d'information de mars", NOTE.split("\n", 1)[1])
    passages = split_passages(doc)
    assert [p.heading for p in passages] == ["Atelier de Bobo-Dioulasso", "Prochaine étape"]
    assert passages[0].text.startswith("L'atelier sur la gestion des déchets ménagers")
    assert "centre de tri" in passages[0].text and "compostage" not in passages[0].text
    assert all(p.title == "Lettre d'information de mars" for p in passages)
    assert [p.position for p in passages] == [0, 1]


def test_long_sections_are_cut_at_sentence_ends() -> None:
    sentence = "Les collectivités partagent leurs pratiques de gestion des aires protégées. "
    doc = Document("long.md", "Long", "## Section\n\n" + sentence * 30)
    passages = split_passages(doc)
    assert len(passages) > 3
    for p in passages:
        assert p.heading == "Section"
        assert p.text.endswith(".") and len(p.text) <= 500


def test_a_list_stays_with_its_introduction() -> None:
    doc = Document("l.md", "L", "Trois objectifs :\n- créer un espace ;\n- former ;\n- informer.\n")
    [passage] = split_passages(doc)
    assert passage.text == "Trois objectifs :\n- créer un espace ;\n- former ;\n- informer."


# ------------------------------------------------------------------ word forms


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("cooperation", "coopération"),
        ("coopérer", "coopération"),
        ("biodiversity", "biodiversité"),
        ("aboutir", "abouti"),
        ("premiere", "premier"),
        ("regionaux", "régional"),
        ("animateur", "animé"),
    ],
)
def test_light_stemming_joins_forms(a: str, b: str) -> None:
    from bot.knowledge.textnorm import tokenize

    assert stem(tokenize(a)[0]) == stem(tokenize(b)[0])


def test_coop_is_not_cooperation() -> None:
    assert stem("coop") != stem("cooperation")


def test_english_words_reach_french_documents() -> None:
    [closing, seminar] = query_concepts("closing seminar?")
    assert stem("seminaire") in seminar.forms
    assert stem("cloture") in closing.forms


# ------------------------------------------------------------------ index and search


async def test_passages_are_indexed_on_load_and_diacritics_are_folded(
    db: Database, data_copy: Path
) -> None:
    repo = KnowledgeRepository(db)
    result = await repo.load_into_db(data_copy)
    assert result.documents == SHIPPED
    documents, passages = await repo.passages.counts()
    assert documents == SHIPPED and passages > 30
    hits = await repo.passages.search("cooperation decentralisee franco-beninoise")
    assert hits and "coopération décentralisée franco-béninoise" in hits[0].passage.text
    assert hits[0].coverage == 1.0 and not hits[0].missing
    # the FTS5 columns fold accents by themselves too (unicode61 remove_diacritics 2)
    rows = await db.fetchall(
        "SELECT title FROM knowledge_passages WHERE knowledge_passages MATCH ?",
        ('body : "cooperation" AND body : "beninoise"',),
    )
    assert rows


async def test_search_ranks_the_passage_holding_every_word_first(
    db: Database, data_copy: Path
) -> None:
    repo = KnowledgeRepository(db)
    await repo.load_into_db(data_copy)
    hits = await repo.passages.search(
        "Pourquoi le premier projet Dijon Chefchaouen n'a pas abouti ?"
    )
    assert "compétences municipales" in hits[0].passage.text
    assert hits[0].passage.title.startswith("Partenariat Dijon")
    assert "pourquoi le premier projet" in hits[0].passage.heading
    hits = await repo.passages.search(
        "Qui est le correspondant coopération décentralisée à Rabat ?"
    )
    assert "Frédérick Bouin" in hits[0].passage.text
    assert [h.coverage for h in hits] == sorted((h.coverage for h in hits), reverse=True)
    # a word no document holds is reported as such
    hits = await repo.passages.search("En quelle année Cap Coopération a-t-elle été inaugurée ?")
    assert hits and "inauguree" in [c.word for c in hits[0].unseen]
    assert await repo.passages.search("zzz qwerty") == []


async def test_a_new_note_replaces_the_passages_in_one_load(db: Database, data_copy: Path) -> None:
    repo = KnowledgeRepository(db)
    await repo.load_into_db(data_copy)
    assert not await repo.passages.search("compostage")
    (data_copy / "documents" / "lettre.md").write_text(NOTE, encoding="utf-8")
    result = await repo.load_into_db(data_copy)
    assert result.changed and result.documents == SHIPPED + 1
    [hit, *_] = await repo.passages.search("formation au compostage")
    assert hit.passage.title == "Lettre d'information de mars"
    assert hit.passage.heading == "Prochaine étape"
    # unchanged files: nothing written; a broken file: nothing replaced
    assert not (await repo.load_into_db(data_copy)).changed
    (data_copy / "documents" / "bad.md").write_text("# T\n\nmail: a@b.org\n", encoding="utf-8")
    from bot.knowledge.loader import KnowledgeError

    with pytest.raises(KnowledgeError):
        await repo.load_into_db(data_copy)
    assert await repo.passages.search("formation au compostage")


async def test_a_database_migrated_after_its_last_load_gets_its_passages(
    db: Database, data_copy: Path
) -> None:
    repo = KnowledgeRepository(db)
    await repo.load_into_db(data_copy)
    await db.execute("DELETE FROM knowledge_passages")
    await db.execute("DELETE FROM knowledge_documents")
    assert (await repo.load_into_db(data_copy)).changed
    assert (await repo.passages.counts())[0] == SHIPPED
