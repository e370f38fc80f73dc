"""One text folding (bot/textfold.py) for the names, the dates, the polls' keywords and the
answer engine."""

from __future__ import annotations

import pytest

from bot import textfold
from bot.dates import date_words
from bot.knowledge import textnorm


@pytest.mark.parametrize(
    ("typed", "folded", "normalized", "compacted"),
    [
        ("Côte d’Ivoire", "cote d'ivoire", "cote d ivoire", "cotedivoire"),
        ("COOP’R", "coop'r", "coop r", "coopr"),
        ("Terr'ESS", "terr'ess", "terr ess", "terress"),
        ("Cœur-de-Ville", "coeur-de-ville", "coeur de ville", "coeurdeville"),
        ("  Privé  ", "  prive  ", "prive", "prive"),
    ],
)
def test_fold_normalize_compact(typed: str, folded: str, normalized: str, compacted: str) -> None:
    assert textfold.fold(typed) == folded
    assert textfold.normalize(typed) == normalized
    assert textfold.compact(typed) == compacted


def test_the_answer_engine_folds_with_the_same_functions() -> None:
    assert textnorm.fold is textfold.fold
    assert textnorm.normalize is textfold.normalize
    assert textnorm.compact is textfold.compact
    assert textnorm.tokenize is textfold.tokens


def test_the_date_grammar_reads_folded_text() -> None:
    assert date_words("Aujourd’hui, 14h") == "aujourdhui 14h"
    assert date_words("JEUDI 12 Février") == "jeudi 12 fevrier"
