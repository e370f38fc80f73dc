"""The intent table (bot/knowledge/intents.toml) and its resolvers, one test each.

Every intent has an example question that the table routes to it, and every resolver
answers its example when called directly with the question's facts. The examples
(routing_examples.toml) come from the question sets (tests/qa), so each is also checked there
end to end.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.knowledge.answer import Answerer
from bot.knowledge.facts import ProjectFacts, QuestionFacts
from bot.knowledge.markup import _Reply
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.resolvers import PROJECT_RESOLVERS, QUESTION_RESOLVERS, project_scope
from bot.knowledge.routing import INTENTS_PATH, IntentSpec, IntentTable, intent_table, pick
from bot.knowledge.textnorm import detect_language

# (intent, question, the day it is asked, the intent of the reply built): one line each in
# routing_examples.toml, beside this file.
EXAMPLES: list[tuple[str, str, str, str]] = [
    (intent, question, day, reply)
    for intent, (question, day, reply) in tomllib.loads(
        Path(__file__).with_name("routing_examples.toml").read_text(encoding="utf-8")
    ).items()
]
# Reachable only with data that has no transversal action: tested on the facts directly.
DIRECT_ONLY = {"project.projects_list"}


@pytest.fixture(scope="module")
def eng(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def _facts(eng: Answerer, question: str, day: str) -> QuestionFacts:
    lang = detect_language(question, hint=None, names=eng._proper_words)
    return QuestionFacts(eng, eng._parse(question, lang, date.fromisoformat(day)))


def _spec(name: str) -> IntentSpec:
    stage, _, short = name.rpartition(".")
    return next(s for s in getattr(intent_table(), stage or "question") if s.name == short)


def test_every_intent_has_an_example() -> None:
    table = intent_table()
    names = {s.name for s in table.question} | {f"project.{s.name}" for s in table.project}
    assert names - {e[0] for e in EXAMPLES} == DIRECT_ONLY
    assert {e[0] for e in EXAMPLES} <= names


@pytest.mark.parametrize(("intent", "question", "day", "reply_intent"), EXAMPLES)
def test_intent_is_picked(
    eng: Answerer, intent: str, question: str, day: str, reply_intent: str
) -> None:
    picked = eng.intents_of(question, None, date.fromisoformat(day))
    if intent.startswith("project."):
        assert picked[1:] == (intent,)
    else:
        assert picked[0] == intent


def _resolver_examples() -> list[tuple[str, str, str, str, str]]:
    """(stage, resolver, intent, question, day): the first example of each resolver."""
    out: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    for intent, question, day, _reply in EXAMPLES:
        stage = "project" if intent.startswith("project.") else "question"
        key = (stage, _spec(intent).resolver)
        out.setdefault(key, (stage, key[1], intent, question, day))
    return list(out.values())


def test_every_resolver_is_used() -> None:
    table = intent_table()
    assert {s.resolver for s in table.question} == set(QUESTION_RESOLVERS)
    assert {s.resolver for s in table.project} == set(PROJECT_RESOLVERS)
    covered = {(stage, name) for stage, name, *_rest in _resolver_examples()}
    assert {("question", r) for r in QUESTION_RESOLVERS} <= covered
    assert {("project", r) for r in PROJECT_RESOLVERS} - covered <= {("project", "projects_list")}


@pytest.mark.parametrize(("stage", "resolver", "intent", "question", "day"), _resolver_examples())
def test_resolver_answers_its_example(
    eng: Answerer, stage: str, resolver: str, intent: str, question: str, day: str
) -> None:
    facts = _facts(eng, question, day)
    spec = _spec(intent)
    expected = next(e[3] for e in EXAMPLES if e[0] == intent)
    if stage == "question":
        assert spec.holds(facts)
        reply = QUESTION_RESOLVERS[resolver](eng, facts, spec.arg)
    else:
        first, project_reply = pick(eng, facts)
        assert first.resolver == "project_facts"
        scope = project_scope(eng, facts, first.arg)
        assert spec.holds(scope)
        reply = PROJECT_RESOLVERS[resolver](eng, scope, spec.arg)
        assert reply is not None and reply.lines == project_reply.lines
    assert isinstance(reply, _Reply)
    assert reply.intent == expected
    assert any(line.strip() for line in reply.lines)


def test_project_list_when_no_project_fact_is_asked(eng: Answerer) -> None:
    facts = _facts(eng, "bonjour", "2026-01-15")
    scope = ProjectFacts(eng, facts.q, list(eng._project_order), [], [])
    spec, reply = pick(eng, scope, "project")
    assert spec.name == "projects_list"
    assert reply.intent == "projects_list"
    assert scope.picked == []  # tracing is done by route_projects, not pick


def test_holds_reads_alternatives_exclusions_and_negated_facts(eng: Answerer) -> None:
    facts = _facts(eng, "qui finance COOP'R ?", "2026-01-15")
    assert IntentSpec(name="a", score=1, cues=(("funding", "call"),), resolver="x").holds(facts)
    assert not IntentSpec(name="b", score=1, cues=(("call",),), resolver="x").holds(facts)
    assert not IntentSpec(name="c", score=1, not_cues=("funding",), resolver="x").holds(facts)
    assert IntentSpec(name="d", score=1, facts=("projects", "!orgs"), resolver="x").holds(facts)
    assert not IntentSpec(name="e", score=1, facts=("!projects",), resolver="x").holds(facts)


def _table(**change: object) -> dict[str, object]:
    data = tomllib.loads(INTENTS_PATH.read_text(encoding="utf-8"))
    row = dict(data["question"][0])
    row.update(change)
    data["question"] = [row, *data["question"][1:]]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cues": ["no_such_group"]}, "unknown cue group"),
        ({"not_cues": ["@no_such_set"]}, "no cue set"),
        ({"facts": ["!no_such_fact"]}, "unknown fact"),
        ({"resolver": "no_such_resolver"}, "unknown resolver"),
        ({"name": "not_found"}, "used twice"),
        ({"colour": "red"}, "Extra inputs"),
    ],
)
def test_table_errors_are_caught(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        IntentTable.model_validate(_table(**change))


def test_last_intent_of_each_stage_always_holds() -> None:
    data = tomllib.loads(INTENTS_PATH.read_text(encoding="utf-8"))
    data["project"] = [r for r in data["project"] if r["name"] != "overview"]
    with pytest.raises(ValidationError, match="must hold always"):
        IntentTable.model_validate(data)


def test_stages_are_sorted_by_score() -> None:
    for stage in (intent_table().question, intent_table().project):
        scores = [s.score for s in stage]
        assert scores == sorted(scores, reverse=True)
