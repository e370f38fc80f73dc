"""Step 3 of the pipeline: pick an intent from the table, a loop over ``intents.toml``.

Each :class:`IntentSpec` names cue groups and facts that must (or must not) hold and the
resolver that answers. :func:`pick` tries the intents of a stage by decreasing score; the
first whose conditions hold and whose resolver returns a reply wins. The table is validated
once, at import: an unknown cue group, fact or resolver is an error.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.knowledge.facts import ProjectFacts, QuestionFacts
from bot.knowledge.lexicon import CUES
from bot.knowledge.markup import _Reply
from bot.knowledge.resolvers import PROJECT_RESOLVERS, QUESTION_RESOLVERS

if TYPE_CHECKING:
    from bot.knowledge.engine import Answerer

__all__ = ["INTENTS_PATH", "IntentSpec", "IntentTable", "intent_table", "pick", "route"]

INTENTS_PATH = Path(__file__).with_name("intents.toml")

_STAGES: dict[str, tuple[type, dict[str, Any]]] = {
    "question": (QuestionFacts, QUESTION_RESOLVERS),
    "project": (ProjectFacts, PROJECT_RESOLVERS),
}


class IntentSpec(BaseModel):
    """One row of the table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    score: int
    cues: tuple[tuple[str, ...], ...] = ()  # each entry: any of these groups
    not_cues: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # "!fact": must be false
    resolver: str
    arg: str = ""

    def holds(self, facts: QuestionFacts | ProjectFacts) -> bool:
        groups = facts.cues.groups
        if any(g in groups for g in self.not_cues):
            return False
        if not all(any(g in groups for g in alternatives) for alternatives in self.cues):
            return False
        for name in self.facts:
            wanted = not name.startswith("!")
            if bool(getattr(facts, name.lstrip("!"))) is not wanted:
                return False
        return True


class IntentTable(BaseModel):
    """The stages of the table, each sorted by decreasing score (file order within a score)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: tuple[IntentSpec, ...] = Field(min_length=1)
    project: tuple[IntentSpec, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        sets: dict[str, list[str]] = data.get("sets", {})
        out: dict[str, Any] = {}
        for stage in _STAGES:
            rows = []
            for row in data.get(stage, []):
                row = dict(row)
                row["cues"] = [tuple(c.split("|")) for c in row.get("cues", [])]
                not_cues: list[str] = []
                for cue in row.get("not_cues", []):
                    if cue.startswith("@"):
                        if cue[1:] not in sets:
                            raise ValueError(f"{row.get('name')}: no cue set {cue!r}")
                        not_cues += sets[cue[1:]]
                    else:
                        not_cues.append(cue)
                row["not_cues"] = not_cues
                rows.append(row)
            out[stage] = sorted(rows, key=lambda r: -int(r.get("score", 0)))
        return out

    @model_validator(mode="after")
    def _check_names(self) -> IntentTable:
        for stage, (facts_type, resolvers) in _STAGES.items():
            names: set[str] = set()
            for spec in getattr(self, stage):
                where = f"{stage}.{spec.name}"
                if spec.name in names:
                    raise ValueError(f"{where}: the name is used twice")
                names.add(spec.name)
                for cue in {c for alts in spec.cues for c in alts} | set(spec.not_cues):
                    if cue not in CUES:
                        raise ValueError(f"{where}: unknown cue group {cue!r}")
                for fact in spec.facts:
                    name = fact.lstrip("!")
                    if name not in vars(facts_type) and name not in facts_type.__annotations__:
                        raise ValueError(f"{where}: unknown fact {fact!r}")
                if spec.resolver not in resolvers:
                    raise ValueError(f"{where}: unknown resolver {spec.resolver!r}")
            if getattr(self, stage)[-1].facts or getattr(self, stage)[-1].cues:
                raise ValueError(f"{stage}: the last intent must hold always")
        return self


@cache
def intent_table(path: Path = INTENTS_PATH) -> IntentTable:
    """The table of ``intents.toml`` (read and validated once)."""
    return IntentTable.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))


def pick(
    eng: Answerer, facts: QuestionFacts | ProjectFacts, stage: str = "question"
) -> tuple[IntentSpec, _Reply]:
    """The first intent of ``stage`` that holds and answers, by decreasing score."""
    resolvers = _STAGES[stage][1]
    for spec in getattr(intent_table(), stage):
        if spec.holds(facts):
            reply = resolvers[spec.resolver](eng, facts, spec.arg)
            if reply is not None:
                return spec, reply
    raise LookupError(f"no intent of stage {stage!r} answers")  # the last one always does


def route(eng: Answerer, facts: QuestionFacts) -> _Reply:
    spec, reply = pick(eng, facts, "question")
    facts.picked.insert(0, spec.name)
    return reply


def route_projects(eng: Answerer, facts: ProjectFacts) -> _Reply:
    spec, reply = pick(eng, facts, "project")
    facts.picked.append(f"project.{spec.name}")
    return reply
