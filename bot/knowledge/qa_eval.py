"""Evaluation of the answer engine against the question sets (tests/qa/questions*.toml).

``questions.toml`` is the main set; ``questions_blind.toml`` holds the blind rounds (questions
written from the documents without looking at the engine, scored before any tuning).

Shared by the tests and by ``python -m bench qa`` so that both score the same way.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.textnorm import compact

__all__ = [
    "QACase",
    "check_answer",
    "default_questions_path",
    "default_questions_paths",
    "load_questions",
    "plain_text",
]


@dataclass(frozen=True, slots=True)
class QACase:
    q: str
    expect: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    lang: str | None = None
    found: bool = True
    today: date = field(default_factory=lambda: date(2026, 1, 15))

    @property
    def label(self) -> str:
        return self.q


def default_questions_path() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "qa" / "questions.toml"


def default_questions_paths() -> list[Path]:
    """The main set, then the blind rounds (when present), in round order."""
    main = default_questions_path()
    blind = [main.with_name("questions_blind.toml")]
    blind += sorted(main.parent.glob("questions_blind[0-9]*.toml"), key=lambda p: p.name)
    return [main, *(p for p in blind if p.exists())]


def load_questions(path: Path | None = None) -> list[QACase]:
    """One question file, or all of them (:func:`default_questions_paths`) by default."""
    if path is None:
        return [case for p in default_questions_paths() for case in load_questions(p)]
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    default_today = data.get("defaults", {}).get("today", "2026-01-15")
    cases: list[QACase] = []
    for item in data.get("q", []):
        today = item.get("today", default_today)
        cases.append(
            QACase(
                q=item["q"],
                expect=tuple(item.get("expect", ())),
                forbid=tuple(item.get("forbid", ())),
                lang=item.get("lang"),
                found=bool(item.get("found", True)),
                today=today if isinstance(today, date) else date.fromisoformat(str(today)),
            )
        )
    return cases


def plain_text(answer_html: str) -> str:
    """The text a user sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", answer_html))


def check_answer(case: QACase, answer: Answer) -> list[str]:
    """Problems of one answer (empty when correct)."""
    problems: list[str] = []
    text = compact(plain_text(answer.html))
    if answer.found != case.found:
        problems.append(f"found={answer.found}, expected {case.found}")
    if case.lang and answer.lang != case.lang:
        problems.append(f"lang={answer.lang}, expected {case.lang}")
    for want in case.expect:
        if compact(want) not in text:
            problems.append(f"missing {want!r}")
    for bad in case.forbid:
        if compact(bad) in text:
            problems.append(f"contains forbidden {bad!r}")
    return problems


def run(answerer: Answerer, cases: list[QACase]) -> list[tuple[QACase, Answer, list[str]]]:
    out = []
    for case in cases:
        ans = answerer.answer(case.q, None, case.today)
        out.append((case, ans, check_answer(case, ans)))
    return out
