"""``coopbot atlas import``: the Atlas CSV checked cell by cell, imported idempotently, a
malformed file refused with its line and column and nothing changed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.cli import main as cli
from bot.exchange.atlas import AtlasService
from bot.exchange.atlas_csv import COLUMNS, FileRefused, Problem
from bot.exchange.synthetic import real_rows, synthetic_csv
from bot.knowledge.models import KnowledgeBase
from bot.storage.atlas import AtlasQuery


def table(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def good_row(n: int, **cells: str) -> list[str]:
    row = dict(
        atlas_id=f"t-{n}",
        title=f"Coopération n° {n}",
        french_partners="region:Région Bretagne;municipality:Rennes",
        foreign_partners="sn:Commune de Louga",
        themes="Eau et assainissement>Accès à l'eau potable;governance",
        first_signature_year="2010",
        start_year="2012",
        end_year="2016",
        status="Terminé",
        kind="Jumelage",
        funding="Agence de l'eau:2012:10000;Région Bretagne:2013:5000",
    )
    row.update(cells)
    return [row[c] for c in COLUMNS]


async def test_a_second_import_of_the_same_file_changes_nothing(
    atlas: AtlasService, kb: KnowledgeBase
) -> None:
    data = synthetic_csv(300, kb)
    first = await atlas.import_csv(data)
    assert (first.counts.added, first.counts.updated, first.rejected) == (300, 0, [])
    before = await atlas.repo.snapshot()
    totals = await atlas.repo.totals()
    second = await atlas.import_csv(data)
    assert (second.counts.added, second.counts.updated, second.counts.unchanged) == (0, 0, 300)
    assert await atlas.repo.snapshot() == before
    assert await atlas.repo.totals() == totals


async def test_a_changed_row_is_updated_alone(atlas: AtlasService) -> None:
    await atlas.import_csv(table([good_row(1), good_row(2)]))
    report = await atlas.import_csv(
        table([good_row(1), good_row(2, themes="Culture, Patrimoine et Francophonie")])
    )
    assert (report.counts.added, report.counts.updated, report.counts.unchanged) == (0, 1, 1)
    assert await atlas.count(AtlasQuery(theme="culture")) == 1
    assert await atlas.count(AtlasQuery(theme="water")) == 1


@pytest.mark.parametrize(
    ("data", "line", "column", "reason"),
    [
        (table([good_row(1), good_row(2), [*good_row(3), "extra"]]), 4, "12", "cell_count"),
        (table([good_row(1), good_row(2)[:5]]), 3, "6", "cell_count"),
        (table([good_row(1)]) + b'x,"unclosed\n', 3, "-", "bad_csv"),
        (table([good_row(1)]) + "é".encode("latin-1") + b"\n", 3, "-", "not_utf8"),
        (b"atlas_id,title,colour\n", 1, "3", "unknown_column"),
        (table([]).replace(b",funding", b""), 1, "funding", "missing_column"),
    ],
)
async def test_a_malformed_file_is_refused_with_line_and_column_and_changes_nothing(
    atlas: AtlasService, data: bytes, line: int, column: str, reason: str
) -> None:
    await atlas.import_csv(table([good_row(1, title="Avant")]))
    before = await atlas.repo.snapshot()
    with pytest.raises(FileRefused) as refused:
        await atlas.import_csv(data)
    assert (refused.value.problem.line, refused.value.problem.column) == (line, column)
    assert refused.value.problem.reason == reason
    assert await atlas.repo.snapshot() == before


async def test_rows_with_a_bad_value_are_reported_and_the_others_imported(
    atlas: AtlasService,
) -> None:
    report = await atlas.import_csv(
        table(
            [
                good_row(1),
                good_row(2, themes="Pêche hauturière"),
                good_row(3, start_year="2020", end_year="2019"),
                good_row(4, foreign_partners="Louga"),
                good_row(5, funding="MEAE:2020:beaucoup"),
                good_row(1, title="doublon"),
                good_row(7),
            ]
        )
    )
    assert report.counts.added == 2
    assert report.rejected == [
        Problem(3, "themes", "Pêche hauturière", "unknown_theme"),
        Problem(4, "end_year", "2019", "end_before_start"),
        Problem(5, "foreign_partners", "Louga", "bad_foreign_partner"),
        Problem(6, "funding", "MEAE:2020:beaucoup", "bad_amount"),
        Problem(7, "atlas_id", "t-1", "duplicate_id"),
    ]


async def test_the_dijon_chefchaouen_record_is_the_first_real_row(
    atlas: AtlasService, kb: KnowledgeBase
) -> None:
    record = kb.partnerships["dijon-chefchaouen"]
    assert real_rows(kb)[0][0] == "atlas-dijon-chefchaouen"
    data = synthetic_csv(50, kb)
    assert data.decode().splitlines()[1].startswith("atlas-dijon-chefchaouen,")
    await atlas.import_csv(data)
    page = await atlas.search(
        AtlasQuery(countries=("ma",), sub_theme="environment-protection", year=2021)
    )
    assert "Engagement des villes dans la transition écologique" in [p.title for p in page.lines]
    funders = dict(await atlas.repo.funders(AtlasQuery(french_name="dijon", countries=("ma",))))
    assert funders["Dijon"] == record.total_eur() - 2 * 8845 - 2 * 2689
    assert sum(funders.values()) == record.total_eur()


def test_the_command_line_reports_and_refuses(
    tmp_path: Path,
    kb: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "cli.sqlite3"))
    good = tmp_path / "atlas.csv"
    assert cli(["atlas", "generate", str(good), "--count", "20"]) == 0
    assert cli(["atlas", "import", str(good)]) == 0
    out = capsys.readouterr().out
    assert "20 partenariats lus (ajouts : 20, mises à jour : 0, sans changement : 0)" in out
    assert cli(["atlas", "import", str(good), "--lang", "en"]) == 0
    assert "(added: 0, updated: 0, unchanged: 20)" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(table([good_row(1), good_row(2, themes="Pêche")]) + b'x,"open\n')
    assert cli(["atlas", "import", str(bad), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "refused, nothing was changed: line 4, column -" in err
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(table([good_row(1), good_row(2, themes="Pêche")]))
    assert cli(["atlas", "import", str(mixed), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 row rejected" in out and 'line 3, column themes ("Pêche"): theme unknown' in out
