"""The bench dispatcher and the answer engine on a generated Atlas-like base."""

from __future__ import annotations

import pytest

from bench.__main__ import available
from bench.__main__ import main as bench_main
from bench.qa import generate_atlas, rss_mb
from bot.knowledge.answer import Answerer
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.qa_eval import check_answer, load_questions


def test_dispatcher_lists_and_rejects(capsys: pytest.CaptureFixture[str]) -> None:
    assert "qa" in available()
    assert bench_main(["no-such-bench"]) == 2
    err = capsys.readouterr().err
    assert "unknown bench 'no-such-bench'" in err and "qa" in err
    assert bench_main([]) == 2
    assert bench_main(["--help"]) == 0
    assert "available benches" in capsys.readouterr().out


def test_generated_atlas_is_valid_and_deterministic() -> None:
    kb = load_knowledge(default_data_dir())
    one = generate_atlas(kb, n_orgs=300, n_partnerships=600, seed=7)
    two = generate_atlas(kb, n_orgs=300, n_partnerships=600, seed=7)
    assert len(one.organisations) == len(kb.organisations) + 300
    assert len(one.partnerships) == len(kb.partnerships) + 600
    assert [p.title.fr for p in one.partnerships.values()] == [
        p.title.fr for p in two.partnerships.values()
    ]
    assert not one.check_references()
    # the real records are untouched
    assert one.projects == kb.projects


def test_answers_hold_on_a_larger_base() -> None:
    kb = load_knowledge(default_data_dir())
    big = Answerer(generate_atlas(kb, n_orgs=1000, n_partnerships=2400, seed=3))
    cases = load_questions()
    failures = []
    for case in cases:
        ans = big.answer(case.q, None, case.today)
        if check_answer(case, ans):
            failures.append(case.q)
    assert len(failures) <= len(cases) // 50, failures
    assert rss_mb() > 0
