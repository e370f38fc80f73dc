"""The forms benchmark, small: it runs end to end, loses nothing, and prints the issue's last
line (its timings are only reported, never checked here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.forms import main, questionnaire, run
from bot.forms.files import read_form
from bot.knowledge.loader import load_knowledge


def test_the_bench_questionnaire_is_valid_and_has_every_type() -> None:
    form, problems = read_form("bench.toml", questionnaire(30).encode(), load_knowledge())
    assert not problems and form is not None
    assert len(list(form.questions())) == 30
    assert len({q.type for q in form.questions()}) == 7


async def test_a_small_run_loses_nothing(tmp_path: Path) -> None:
    figures = await run(organisations=60, questions=12, batch=7, seed=1, workdir=tmp_path)
    assert figures["organisations"] == 60
    assert figures["stored"] == figures["total"] == 60 * 12
    assert figures["lost"] == 0


def test_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--organisations", "40", "--questions", "8"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"forms: 40 organisations, 320 answers stored, lost 0, \d+ answers/s, "
        r"progress \d+ ms, export \d+\.\d\d s",
        last,
    ), last
