"""Broken copies of data/ give precise problems (file, record, field), all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import (
    KnowledgeError,
    Problem,
    check,
    content_hash,
    load_knowledge,
    read_snapshot,
)


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _where(problems: list[Problem]) -> set[tuple[str, str | None, str | None]]:
    return {(p.file, p.record, p.field) for p in problems}


def test_copy_is_clean(data_copy: Path) -> None:
    assert check(data_copy) == []


def test_unknown_field_is_reported_precisely(data_copy: Path) -> None:
    _edit(data_copy / "organisations.toml", 'org_kind = "intercommunal_grouping"', 'org_knid = "x"')
    problems = check(data_copy)
    where = _where(problems)
    assert ("organisations.toml", "gi-mono", "org_knid") in where
    assert ("organisations.toml", "gi-mono", "org_kind") in where  # now missing
    messages = {p.field: p.message for p in problems}
    assert "unknown field" in messages["org_knid"]
    assert "missing" in messages["org_kind"]


def test_bad_values_in_nested_fields(data_copy: Path) -> None:
    _edit(data_copy / "actions.toml", 'date = "2025-04"', 'date = "2025-14"')
    _edit(data_copy / "countries.toml", '"Asia/Yerevan"', '"Asia/Erevan"')
    _edit(data_copy / "projects.toml", "co_financing_rate = 67.5", "co_financing_rate = 675")
    problems = check(data_copy)
    where = _where(problems)
    assert ("actions.toml", "terress-4", "milestones.0.date.month") in where
    assert ("countries.toml", "am", "timezones") in where
    assert ("projects.toml", "terress", "co_financing_rate") in where
    tz = next(p for p in problems if p.record == "am")
    assert "Asia/Erevan" in tz.message


def test_all_problems_are_collected_across_files(data_copy: Path) -> None:
    _edit(data_copy / "organisations.toml", 'country = "bj"', 'country = "xx"')
    _edit(data_copy / "actions.toml", 'project = "coopr"', 'project = "coop"')
    _edit(data_copy / "glossary.toml", 'parent = "meae"', 'parent = "mae"')
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    where = _where(info.value.problems)
    assert ("organisations.toml", "acal", "country") in where
    assert ("actions.toml", "coopr-0", "project") in where
    assert ("glossary.toml", "daect", "parent") in where
    assert "3 problem(s)" in str(info.value)


def test_cross_reference_errors(data_copy: Path) -> None:
    _edit(
        data_copy / "organisations.toml",
        'projects = ["coopr", "terress"]',
        'projects = ["coopr", "teress"]',
    )
    _edit(
        data_copy / "actions.toml",
        'place = { country = "fr", city = "Bordeaux" }',
        'place = { country = "fra", city = "Bordeaux" }',
    )
    _edit(
        data_copy / "partnerships.toml",
        'foreign_partners = ["chefchaouen"]',
        'foreign_partners = ["chaouen"]',
    )
    _edit(data_copy / "meetings.toml", 'organisers = ["daect"]', 'organisers = ["dgaect"]')
    problems = check(data_copy)
    by_where = {(p.file, p.record, p.field): p.message for p in problems}
    assert by_where[("organisations.toml", "acal", "projects.1")] == "unknown project 'teress'"
    assert ("actions.toml", "terress-4", "milestones.1.place.country") in by_where
    assert ("partnerships.toml", "dijon-chefchaouen", "foreign_partners.0") in by_where
    assert ("meetings.toml", "atelier-jdr2017", "organisers.0") in by_where
    # listed_as keys must be among the projects
    assert ("organisations.toml", "acal", "listed_as.terress") in by_where


def test_duplicate_ids_across_files(data_copy: Path) -> None:
    (data_copy / "zz_extra.toml").write_text(
        '[[term]]\nid = "acal"\nterm = "x"\nterm_type = "other"\n'
        'definition = { fr = "x", en = "x" }\nsource = ["000_a9a577a5cda4560d"]\n',
        encoding="utf-8",
    )
    problems = check(data_copy)
    assert [(p.file, p.record, p.field) for p in problems] == [("zz_extra.toml", "acal", "id")]
    assert "organisations.toml" in problems[0].message


def test_duplicate_action_number(data_copy: Path) -> None:
    _edit(
        data_copy / "actions.toml",
        'id = "coopr-5"\nproject = "coopr"\nnumber = 5',
        'id = "coopr-5"\nproject = "coopr"\nnumber = 4',
    )
    problems = check(data_copy)
    assert _where(problems) == {("actions.toml", "coopr-5", "number")}


def test_toml_syntax_error_has_a_line_number(data_copy: Path) -> None:
    path = data_copy / "countries.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith('id = "cm"'))
    lines[index] = 'id = "cm'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = check(data_copy)
    syntax = [p for p in problems if p.file == "countries.toml" and p.record is None]
    assert len(syntax) == 1
    assert syntax[0].line == index + 1
    assert "TOML syntax error" in syntax[0].message
    assert f"countries.toml:{index + 1}" in str(syntax[0])
    # the records of the broken file are missing: only the cause is reported, not every
    # reference to them
    assert problems == syntax


def test_unknown_table_and_wrong_shape(data_copy: Path) -> None:
    (data_copy / "more.toml").write_text('[[organization]]\nid = "x"\n\n[project]\nid = "y"\n')
    problems = check(data_copy)
    assert _where(problems) == {("more.toml", None, "organization"), ("more.toml", None, "project")}


def test_bad_slug_and_source(data_copy: Path) -> None:
    _edit(data_copy / "networks.toml", 'id = "gpmar"', 'id = "GP Mar"')
    _edit(data_copy / "networks.toml", 'source = ["001_7a5dd49553db473c"]', 'source = ["doc1"]')
    where = _where(check(data_copy))
    assert ("networks.toml", "GP Mar", "id") in where
    assert ("networks.toml", "airf", "source.0") in where


def test_missing_directory(tmp_path: Path) -> None:
    problems = check(tmp_path / "nope")
    assert len(problems) == 1 and "not found" in problems[0].message


def test_empty_directory(tmp_path: Path) -> None:
    problems = check(tmp_path)
    assert len(problems) == 1 and "no .toml" in problems[0].message


def test_content_hash_follows_the_files(data_copy: Path) -> None:
    first = content_hash(data_copy)
    assert first == content_hash(data_copy) == read_snapshot(data_copy).content_hash
    _edit(data_copy / "projects.toml", "COOPR", "COOP-R")
    second = content_hash(data_copy)
    assert second != first
    (data_copy / "projects.toml").rename(data_copy / "projets.toml")
    assert content_hash(data_copy) != second


def test_whole_record_checks(data_copy: Path) -> None:
    _edit(data_copy / "actions.toml", 'project = "coopr"\ntransversal = true', 'project = "coopr"')
    _edit(data_copy / "projects.toml", 'actions_end = "2025-07"', 'actions_end = "2022-07"')
    problems = check(data_copy)
    by_record = {p.record: p for p in problems}
    assert by_record["coopr-communication"].field is None
    assert "number is required" in by_record["coopr-communication"].message
    assert by_record["coopr"].file == "projects.toml"
    assert "before actions_start" in by_record["coopr"].message
