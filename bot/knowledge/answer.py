"""Answering free-text questions from the knowledge base (the import path of the engine).

The engine itself is split along its pipeline; see :mod:`bot.knowledge.engine`.
"""

from __future__ import annotations

from bot.knowledge.engine import Answerer
from bot.knowledge.markup import MAX_HTML_CHARS, Answer, _fit, _Reply, iter_refs
from bot.knowledge.query import _Query

__all__ = ["MAX_HTML_CHARS", "Answer", "Answerer", "_Query", "_Reply", "_fit", "iter_refs"]
