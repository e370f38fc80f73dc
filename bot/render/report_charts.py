"""The activity report's two charts, as PNG for the PDF: participation by country (share of
member organisations active at least once) and the monthly trend. Same drawing rules as the
poll charts (:mod:`bot.render.charts`): object-oriented matplotlib, DejaVu Sans, no pyplot."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.render.charts import (
    BAR_COLOUR,
    DPI,
    MUTED_COLOUR,
    TOP_COLOUR,
    TRACK_COLOUR,
    _font,
    drawable,
    png,
    write,
)


def _title(figure: Figure, y: float, title: str) -> None:
    """The chart's title, bold, top left at height ``y`` (figure fraction)."""
    write(figure, 0.02, y, title, size=11, bold=True)


def country_chart(
    title: str, labels: Sequence[str], active: Sequence[int], totals: Sequence[int]
) -> bytes:
    """Horizontal bars: per country, the share of its organisations active, with ``a/n``."""
    count = max(len(labels), 1)
    height = 0.6 + 0.32 * count
    figure = Figure(figsize=(7.0, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.28, 0.25 / height, 0.6, 1 - 0.75 / height))
    _title(figure, 1 - 0.12 / height, title)
    for index, (label, part, whole) in enumerate(zip(labels, active, totals, strict=True)):
        y = count - 1 - index
        share = part / whole if whole else 0.0
        axes.barh(y, 1, height=0.6, color=TRACK_COLOUR)
        axes.barh(y, share, height=0.6, color=TOP_COLOUR if share >= 0.5 else BAR_COLOUR)
        write(axes, -0.02, y, label, size=9, va="center", ha="right")
        ratio = f"{part}/{whole} · {round(100 * share)} %"
        write(axes, 1.02, y, ratio, size=8, colour=MUTED_COLOUR, va="center")
    axes.set_xlim(0, 1)
    axes.set_ylim(-0.5, count - 0.5)
    axes.set_axis_off()
    return png(figure)


def trend_chart(
    title: str,
    months: Sequence[str],
    organisations: Sequence[int],
    answers: Sequence[int],
    *,
    organisations_label: str,
    answers_label: str,
) -> bytes:
    """Per month: active organisations (bars) and answers to polls (line, right scale)."""
    figure = Figure(figsize=(7.0, 2.6), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.08, 0.22, 0.84, 0.62))
    regular = _font(False)
    _title(figure, 0.97, title)
    positions = list(range(len(months)))
    axes.bar(positions, organisations, color=TOP_COLOUR, width=0.6, label=organisations_label)
    right = axes.twinx()
    right.plot(positions, answers, color="#d98c1f", marker="o", linewidth=1.5, markersize=3)
    step = max(1, len(months) // 12)
    axes.set_xticks(positions[::step])
    axes.set_xticklabels([drawable(m) for m in months[::step]], fontproperties=regular, fontsize=7)
    for side in (axes, right):
        side.tick_params(labelsize=7)
        side.spines["top"].set_visible(False)
        side.set_ylim(bottom=0)
    axes.set_ylabel(
        drawable(organisations_label), fontproperties=regular, fontsize=7, color=TOP_COLOUR
    )
    right.set_ylabel(drawable(answers_label), fontproperties=regular, fontsize=7, color="#d98c1f")
    return png(figure)
