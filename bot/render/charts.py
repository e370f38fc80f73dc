"""Charts as PNG bytes, made to be read on a phone: matplotlib's Agg canvas, no display.

Only the object-oriented API is used (``Figure`` + ``FigureCanvasAgg``): no pyplot, no global
figure manager, no GUI backend is ever chosen, and charts can be drawn in a worker thread.
Text is drawn with the DejaVu Sans font shipped inside matplotlib; characters it cannot draw
(some emoji) are replaced beforehand so that matplotlib never warns about missing glyphs, and
``$`` is never read as mathematics.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # never a display, whatever MPLBACKEND says

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

WIDTH_INCHES = 7.2  # 1080 px at 150 dpi: a phone screen's width
DPI = 150
BAR_COLOUR = "#9bb7d4"
TOP_COLOUR = "#1f5a96"
TRACK_COLOUR = "#eef1f5"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#555555"
LABEL_WIDTH = 42  # characters per line of an option label
TITLE_WIDTH = 38


def _font_path(bold: bool = False) -> str:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


@lru_cache(maxsize=2)
def _font(bold: bool = False) -> FontProperties:
    return FontProperties(fname=_font_path(bold))


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    codes: set[int] = set()
    for bold in (False, True):
        codes |= set(FT2Font(_font_path(bold)).get_charmap())
    return frozenset(codes)


def drawable(text: str) -> str:
    """``text`` with the characters the font lacks replaced (no glyph warnings)."""
    known = _drawable()
    out = []
    for char in text:
        if char in "\n\t" or ord(char) in known:
            out.append(char)
        elif 0xFE00 <= ord(char) <= 0xFE0F or ord(char) == 0x200D:
            continue  # variation selectors, zero-width joiners
        else:
            out.append("□")
    return "".join(out)


def _wrap(text: str, width: int, max_lines: int = 3) -> str:
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], textwrap.shorten(" ".join(lines[max_lines - 1 :]), width)]
    return "\n".join(lines)


def write(
    target: Figure | Axes,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    bold: bool = False,
    colour: str = TEXT_COLOUR,
    va: str = "top",
    ha: str = "left",
) -> None:
    """``text`` at (x, y) of a figure or axes, in DejaVu Sans: characters the font lacks
    replaced, ``$`` never read as mathematics."""
    target.text(
        x,
        y,
        drawable(text),
        fontproperties=_font(bold),
        fontsize=size,
        color=colour,
        va=va,
        ha=ha,
        parse_math=False,
    )


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    subtitle: str = "",
    value_labels: Sequence[str] | None = None,
) -> bytes:
    """A horizontal bar chart as PNG: one bar per label, its label above it, the value at
    its end; the largest values stand out. Tall enough for every label, 1080 px wide."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    if value_labels is None:
        value_labels = [str(v) for v in values]
    count = max(len(labels), 1)
    wrapped_title = _wrap(drawable(title), TITLE_WIDTH, 4)
    title_lines = wrapped_title.count("\n") + 1
    header = 0.45 * title_lines + (0.4 if subtitle else 0) + 0.35
    row = 1.0
    height = header + row * count + 0.3
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    top = 1 - header / height
    axes = figure.add_axes((0.04, 0.15 / height, 0.92, top - 0.15 / height))
    write(figure, 0.04, 1 - 0.25 / height, wrapped_title, size=17, bold=True)
    if subtitle:
        y = 1 - (0.3 + 0.45 * title_lines) / height
        write(figure, 0.04, y, subtitle, size=12, colour=MUTED_COLOUR)
    highest = max(values, default=0)
    scale = highest if highest > 0 else 1
    for index, (label, value, shown) in enumerate(zip(labels, values, value_labels, strict=True)):
        y = count - 1 - index  # first option on top
        colour = TOP_COLOUR if value == highest and highest > 0 else BAR_COLOUR
        axes.barh(y - 0.12, 1, height=0.42, color=TRACK_COLOUR, left=0)  # the scale, faintly
        axes.barh(y - 0.12, value / scale, height=0.42, color=colour, left=0)
        write(axes, 0, y + 0.2, _wrap(drawable(label), LABEL_WIDTH, 2), size=13, va="bottom")
        write(axes, value / scale + 0.015, y - 0.12, shown, size=13, bold=True, va="center")
    axes.set_xlim(0, 1.32)
    axes.set_ylim(-0.5, count - 0.5 + 0.25)
    axes.set_axis_off()
    return png(figure)
