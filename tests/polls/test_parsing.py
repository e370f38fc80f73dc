"""The one-line form of /poll and the closing times (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.poll_input import PollError, parse_closing, parse_poll_line, validate
from bot.timezones import zone

PROJECTS = {"terress", "terr'ess", "coopr", "coop r"}
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PARIS = zone("Europe/Paris")


def is_project(name: str) -> bool:
    return name.casefold() in PROJECTS


def test_question_and_answers_only() -> None:
    spec = parse_poll_line("Utile ? | Oui | Non", is_project)
    assert spec.question == "Utile ?"
    assert spec.options == ("Oui", "Non")
    assert spec.project is None
    assert (spec.multiple, spec.anonymous, spec.to_groups, spec.to_private) == (
        False,
        False,
        True,
        True,
    )
    assert spec.close is None


def test_project_and_leading_options_in_one_segment() -> None:
    spec = parse_poll_line(
        "terress multi anonyme close=2026-12-01 18:00 | Quels thèmes ? | A | B | C", is_project
    )
    assert spec.project == "terress"
    assert spec.multiple and spec.anonymous
    assert spec.close == "2026-12-01 18:00"
    assert spec.question == "Quels thèmes ?"
    assert spec.options == ("A", "B", "C")


def test_leading_options_each_in_its_segment_and_english_words() -> None:
    spec = parse_poll_line(
        "Terr'ESS | anonymous | groups | closes=3d | Which day? | Mon | Tue", is_project
    )
    assert spec.project == "Terr'ESS"
    assert spec.anonymous and not spec.multiple
    assert (spec.to_groups, spec.to_private) == (True, False)
    assert spec.close == "3d"
    assert spec.question == "Which day?"


def test_private_only() -> None:
    spec = parse_poll_line("privé | Q ? | A | B", is_project)
    assert (spec.to_groups, spec.to_private) == (False, True)


def test_a_first_segment_that_is_no_option_nor_project_is_the_question() -> None:
    spec = parse_poll_line("Multi-acteurs ou pas ? | Oui | Non", is_project)
    assert spec.question == "Multi-acteurs ou pas ?"
    assert not spec.multiple


def test_without_bars_the_form_is_refused() -> None:
    with pytest.raises(PollError) as error:
        parse_poll_line("Une question sans réponses", is_project)
    assert error.value.key == "polls.errors.form"


def test_a_misspelt_project_is_refused_rather_than_sent_as_the_question() -> None:
    with pytest.raises(PollError) as error:
        parse_poll_line("terres multi | Utile ? | Oui | Non", is_project)
    assert error.value.key == "polls.errors.unknown_head"
    assert error.value.params == {"name": "terres multi"}


def test_two_projects_are_refused() -> None:
    with pytest.raises(PollError) as error:
        parse_poll_line("terress | coopr | Q | A | B", is_project)
    assert error.value.key == "polls.errors.two_projects"


@pytest.mark.parametrize(
    ("question", "options", "key"),
    [
        ("", ("A", "B"), "polls.errors.no_question"),
        ("x" * 301, ("A", "B"), "polls.errors.question_too_long"),
        ("Q", ("A",), "polls.errors.too_few_options"),
        ("Q", tuple(str(i) for i in range(13)), "polls.errors.too_many_options"),
        ("Q", ("A", ""), "polls.errors.empty_option"),
        ("Q", ("A", "x" * 101), "polls.errors.option_too_long"),
        ("Q", ("Oui", "oui "), "polls.errors.duplicate_option"),
    ],
)
def test_telegram_limits_are_checked_before_anything_is_stored(
    question: str, options: tuple[str, ...], key: str
) -> None:
    with pytest.raises(PollError) as error:
        validate(question, options)
    assert error.value.key == key


def test_validate_cleans_spaces() -> None:
    assert validate("  Utile   ? ", (" Oui ", "Non  du tout")) == (
        "Utile ?",
        ("Oui", "Non du tout"),
    )


def test_closing_times_in_the_writers_zone_or_as_delays() -> None:
    # 18:00 in Paris in December is 17:00 UTC.
    assert parse_closing("2026-12-01 18:00", NOW, PARIS) == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert parse_closing("3j", NOW, PARIS) == NOW + timedelta(days=3)
    assert parse_closing("2h", NOW, PARIS) == NOW + timedelta(hours=2)
    assert parse_closing("demain 18h", NOW, PARIS) == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "key"), [("2020-01-01 10:00", "close_past"), ("bientôt", "bad_close")]
)
def test_bad_closing_times(text: str, key: str) -> None:
    with pytest.raises(PollError) as error:
        parse_closing(text, NOW, PARIS)
    assert error.value.key == f"polls.errors.{key}"
