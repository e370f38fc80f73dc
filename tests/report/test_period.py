"""Periods of the activity report: named years and quarters, dates, and the refusals."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.report_period import Period, PeriodError, parse_period, resolve

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("T3 2026", date(2026, 7, 1), date(2026, 9, 30)),
        ("q4 2025", date(2025, 10, 1), date(2025, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-02-01 2026-02-28", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-02-01..2026-03-31", date(2026, 2, 1), date(2026, 3, 31)),
        ("2026-05-04", date(2026, 5, 4), date(2026, 5, 4)),
    ],
)
def test_parse(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert period is not None and (period.start, period.end) == (start, end)


@pytest.mark.parametrize(("text", "key"), [("T5 2026", "bad_period"), ("2026-02-30", "bad_date")])
def test_parse_refusals(text: str, key: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.key == key


def test_resolve() -> None:
    terress = load_knowledge(default_data_dir()).projects["terress"]
    whole = resolve(terress, TODAY)
    # From the first day of its actions to today (activity after the official end counts).
    assert (whole.start, whole.end, whole.whole) == (date(2024, 11, 1), TODAY, True)
    assert resolve(terress, date(2025, 6, 1)).end == date(2025, 6, 1)
    cases = [
        (Period(date(2026, 6, 1), date(2026, 1, 1)), "inverted"),
        (Period(date(2020, 1, 1), date(2020, 12, 31)), "outside"),
        (Period(date(2027, 1, 1), date(2027, 3, 31)), "outside"),
    ]
    for asked, key in cases:
        with pytest.raises(PeriodError) as caught:
            resolve(terress, TODAY, asked=asked)
        assert caught.value.key == key
    with pytest.raises(PeriodError) as caught:
        resolve(terress, date(2025, 1, 1), asked=Period(date(2025, 6, 1), date(2025, 6, 30)))
    assert caught.value.key == "future"
    assert resolve(terress, TODAY, start=date(2026, 1, 1)).end == TODAY
