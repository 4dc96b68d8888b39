"""Charts drawn on the server as inline SVG, and their data as CSV.

The pages need no charting library and no script: a chart is a few rectangles and texts whose geometry is
computed here, as one small dataclass per chart (``BarChartShape``, ``ColumnChartShape``, ...), and drawn by the
macro of the same name in ``templates/_charts.html``, coloured by the classes of ``static/app.css``. The template
escapes every text; every bar carries a ``<title>`` (a tooltip and what a screen reader reads) with its exact
figure.

A chart is drawn in a narrow coordinate system (``WIDTH`` units wide) and scaled to the width of its column,
so that it stays legible on a phone: labels sit above their bars rather than beside them.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from stdbridge.i18n import _, labelled
from stdbridge.templating import environment

WIDTH = 340
CHARTS_TEMPLATE = "_charts.html"
# The sizes of the texts (static/app.css: ``svg.chart`` 12, its ``.value`` and ``.tick`` 11), in the chart's units.
LABEL_SIZE, FIGURE_SIZE = 12.0, 11.0
_LEGEND_TEXT_X = 18.0  # a legend's text, after its swatch
_ROW, _BAR_HEIGHT, _LEGEND_ROW = 34.0, 13.0, 20.0  # a bar's row: its label line, then its bar


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    css: str = ""  # extra class: the status or type, for its colour
    href: str | None = None


def draw(macro: str, shape: object) -> Markup:
    """The SVG of ``shape``, drawn by the macro ``macro`` of ``templates/_charts.html``."""
    return Markup(getattr(environment().get_template(CHARTS_TEMPLATE).module, macro)(shape))


# the shapes the macros draw --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Canvas:
    """The frame of a chart: its id (its title's is ``{chart_id}-title``), its title, its size and its class."""

    chart_id: str
    title: str
    height: float
    css: str
    width: float = WIDTH


@dataclass(frozen=True, slots=True)
class BarShape:
    """One bar of a bar chart: its label line, its bar, and its figure after the bar's end."""

    label: str  # as shown: cut to fit
    figure: str
    tooltip: str
    css: str
    href: str | None
    label_y: float
    bar_y: float
    length: float
    figure_x: float
    figure_y: float
    bar_height: float = _BAR_HEIGHT
    track: float = 0.0  # the length of the faint track under the bar (the whole scale of a ratio); 0 for none


@dataclass(frozen=True, slots=True)
class BarChartShape:
    canvas: Canvas
    rows: list[BarShape]


@dataclass(frozen=True, slots=True)
class Tick:
    """A grid line of a column chart's value axis, and its figure left of the axis."""

    y: float
    text: str
    text_y: float


@dataclass(frozen=True, slots=True)
class ColumnShape:
    tooltip: str
    x: float
    y: float
    width: float
    height: float
    label: str | None  # under the axis, on some columns only
    label_x: float


@dataclass(frozen=True, slots=True)
class ColumnChartShape:
    canvas: Canvas
    left: float  # where the axis and the grid lines start and end
    right: float
    base: float  # the axis' height
    tick_x: float  # where the grid's figures end
    label_y: float  # the line of the columns' labels
    ticks: list[Tick]
    columns: list[ColumnShape]


@dataclass(frozen=True, slots=True)
class Segment:
    """A part of a share or stacked bar."""

    css: str
    tooltip: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """A swatch of a part's colour at ``y``, and its text."""

    css: str
    text: str
    y: float
    text_y: float


@dataclass(frozen=True, slots=True)
class ShareBarShape:
    canvas: Canvas
    bar_height: float
    segments: list[Segment]
    legend: list[LegendEntry]


@dataclass(frozen=True, slots=True)
class StackShape:
    """One row of a stacked chart: its label and figure on a line, its bar (a track, and its parts) under it."""

    label: str  # as shown: cut to fit
    figure: str
    tooltip: str
    label_y: float
    bar_y: float
    segments: list[Segment]
    bar_height: float = _BAR_HEIGHT


@dataclass(frozen=True, slots=True)
class StackedChartShape:
    canvas: Canvas
    rows: list[StackShape]
    legend: list[LegendEntry]


# the charts ------------------------------------------------------------------------------------------------------
def _char_width(char: str) -> float:
    """A character's advance in ems, as wide as the common sans-serif faces draw it or a little wider: a text
    measured with it is never cut off by the chart's edge."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in " ,.:;'|!()[]ilIjft":
        return 0.42
    if char in "%@mwMW—":
        return 1.0
    return 0.8 if char.isupper() else 0.64


def text_width(text: str, size: float) -> float:
    """How wide ``text`` is drawn at font size ``size``, in the chart's units (an over-estimate)."""
    return size * sum(_char_width(char) for char in text)


def _cut(label: str, room: float = WIDTH, size: float = LABEL_SIZE) -> str:
    """The label, cut (with "…") to fit ``room`` units at font size ``size``; the whole label stays in the
    tooltip."""
    if text_width(label, size) <= room:
        return label
    used = text_width("…", size)
    for i, char in enumerate(label):
        used += size * _char_width(char)
        if used > room:
            return label[:i].rstrip() + "…"
    return label


def _with_share(value: int, total: int) -> str:
    """A count and its share of ``total``: "25,958 (42%)", "25,958（42%）"."""
    return _("{count} ({share})").format(count=f"{value:,}", share=_percent(value, total))


def _legend(entries: Iterable[tuple[str, str]], top: float) -> list[LegendEntry]:
    return [LegendEntry(css, text, top + i * _LEGEND_ROW, top + i * _LEGEND_ROW + 11)
            for i, (css, text) in enumerate(entries)]  # fmt: skip


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], *, total: int | None = None) -> Markup:
    """Horizontal bars, longest first as given, each labelled above and with its count (and share of
    ``total``, when given) at its end."""
    most = max((b.value for b in bars), default=0) or 1
    figures = [_with_share(b.value, total) if total else f"{b.value:,}" for b in bars]
    # the longest bar leaves room for the widest figure after it
    room = WIDTH - 5 - max((text_width(f, FIGURE_SIZE) for f in figures), default=0.0)
    rows: list[BarShape] = []
    for i, (b, figure) in enumerate(zip(bars, figures, strict=True)):
        top = i * _ROW
        length = max(1.0, room * b.value / most) if b.value else 0.0
        rows.append(BarShape(_cut(b.label), figure, labelled(b.label, figure), b.css, b.href,
                             label_y=top + 12, bar_y=top + 16, length=length, figure_x=length + 5,
                             figure_y=top + 27))  # fmt: skip
    canvas = Canvas(chart_id, title, max(_ROW, len(bars) * _ROW + 2), "chart bars")
    return draw("bar_chart", BarChartShape(canvas, rows))


def column_chart(chart_id: str, title: str, columns: Sequence[tuple[str, int]]) -> Markup:
    """Vertical columns in the order given (years, oldest first), the axis labelled at round intervals."""
    right, bottom, top, height = 4.0, 18.0, 8.0, 150.0
    most = max((v for _, v in columns), default=0) or 1
    # the axis starts after the widest figure of the grid, drawn right-aligned 4 units before it
    left = max(34.0, 6.0 + max((text_width(f"{tick:,}", FIGURE_SIZE) for tick in _ticks(most)), default=0.0))
    plot_w, plot_h = WIDTH - left - right, height - bottom - top
    base = top + plot_h
    step = plot_w / max(1, len(columns))
    gap = 1.0 if step > 3 else 0.0
    ticks = []
    for tick in _ticks(most):
        y = base - plot_h * tick / most
        ticks.append(Tick(y, f"{tick:,}", y + 4))
    every = _label_interval(len(columns))
    shapes = []
    for i, (label, value) in enumerate(columns):
        x = left + i * step
        h = plot_h * value / most
        shown = _labelled(label, i, len(columns), every)
        centre = min(max(x + step / 2, left + 12), WIDTH - 14)  # a label at either end stays whole
        shapes.append(ColumnShape(labelled(label, f"{value:,}"), x + gap / 2, base - h, max(step - gap, 0.5), h,
                                  label if shown else None, centre))  # fmt: skip
    return draw("column_chart", ColumnChartShape(Canvas(chart_id, title, height, "chart columns"),
                                                 left=left, right=WIDTH - 4, base=base, tick_x=left - 4,
                                                 label_y=height - 4, ticks=ticks, columns=shapes))  # fmt: skip


def share_bar(chart_id: str, title: str, parts: Sequence[Bar], total: int) -> Markup:
    """One bar of ``total`` split into ``parts`` (the rest left empty), with a legend under it."""
    height = 26.0
    shown = [p for p in parts if p.value > 0]
    segments: list[Segment] = []
    x = 0.0
    for p in shown:
        w = WIDTH * p.value / total if total else 0.0
        segments.append(Segment(p.css, labelled(p.label, _with_share(p.value, total)), x, 0, w, height))
        x += w
    legend = _legend(((p.css, _legend_text(p.label, _with_share(p.value, total))) for p in shown), height + 8)
    canvas = Canvas(chart_id, title, height + 12 + len(shown) * _LEGEND_ROW, "chart share")
    return draw("share_bar", ShareBarShape(canvas, height, segments, legend))


@dataclass(frozen=True, slots=True)
class StackedRow:
    """One bar of a stacked chart: ``total`` split into ``parts``, the rest left empty; ``figure`` is what the
    end of its label line says (a share, a count)."""

    label: str
    parts: Sequence[Bar]
    total: int
    figure: str = ""


def stacked_bar_chart(chart_id: str, title: str, rows: Sequence[StackedRow], *, rest: str = "") -> Markup:
    """Full-width bars, one a row, each split into its parts in proportion to the row's total, with the label
    above the bar and the row's figure at the right end of that line; under the bars, a legend of the parts
    drawn, in the order the rows give them, and of the empty ``rest`` when it is named."""
    shapes: list[StackShape] = []
    order: dict[str, int] = {}  # css -> its place among the parts
    kinds: dict[str, str] = {}  # css -> label, of the parts drawn
    for i, r in enumerate(rows):
        top = i * _ROW
        segments = []
        x = 0.0
        for p in r.parts:
            order.setdefault(p.css, len(order))
            if p.value <= 0:
                continue
            w = WIDTH * p.value / r.total if r.total else 0.0
            tooltip = f"{r.label} — " + labelled(p.label, _with_share(p.value, r.total))
            segments.append(Segment(p.css, tooltip, x, top + 16, w, _BAR_HEIGHT))
            kinds.setdefault(p.css, p.label)
            x += w
        room = WIDTH - text_width(r.figure, FIGURE_SIZE) - 8  # the figure ends the label's line
        shapes.append(StackShape(_cut(r.label, room), r.figure, labelled(r.label, r.figure), top + 12, top + 16,
                                 segments))  # fmt: skip
    named = sorted(kinds.items(), key=lambda item: order[item[0]])
    if rest:
        named.append(("rest", rest))
    top = len(rows) * _ROW + 6
    legend = _legend(((css, _cut(label, WIDTH - _LEGEND_TEXT_X)) for css, label in named), top)
    canvas = Canvas(chart_id, title, max(_ROW, top + len(legend) * _LEGEND_ROW), "chart stacked")
    return draw("stacked_bar_chart", StackedChartShape(canvas, shapes, legend))


@dataclass(frozen=True, slots=True)
class Ratio:
    label: str
    value: float  # 0 … 1
    css: str = ""


def ratio_chart(chart_id: str, title: str, ratios: Sequence[Ratio]) -> Markup:
    """Bars on one fixed scale from 0 to 1 (a faint track shows the whole), each labelled above, with its value
    (two decimals) at its end."""
    room = WIDTH - 5 - text_width("0.00", FIGURE_SIZE)  # keep space for the figure after a full bar
    rows: list[BarShape] = []
    for i, r in enumerate(ratios):
        top = i * _ROW
        value = min(max(r.value, 0.0), 1.0)
        figure = f"{value:.2f}"
        rows.append(BarShape(_cut(r.label), figure, labelled(r.label, figure), r.css, None, label_y=top + 12,
                             bar_y=top + 16, length=room * value, figure_x=room + 5, figure_y=top + 27,
                             track=room))  # fmt: skip
    canvas = Canvas(chart_id, title, max(_ROW, len(ratios) * _ROW + 2), "chart bars ratios")
    return draw("bar_chart", BarChartShape(canvas, rows))


def _legend_text(label: str, figure: str) -> str:
    """A legend's "label: figure", the label cut so that the whole line fits after the swatch."""
    room = WIDTH - _LEGEND_TEXT_X - text_width(labelled("", figure), LABEL_SIZE)
    return labelled(_cut(label, room), figure)


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    share = 100 * part / whole
    return f"{share:.1f}%" if share < 10 else f"{share:.0f}%"


def _ticks(most: int) -> list[int]:
    """Round values for the grid of an axis from 0 to ``most``: at most four, the top one within reach."""
    magnitude = 10 ** max(0, int(math.log10(most)))
    for unit in (magnitude // 10 or 1, magnitude // 5 or 1, magnitude // 2 or 1, magnitude, magnitude * 2):
        if most // unit <= 4:
            return [unit * k for k in range(1, most // unit + 1)]
    return [most]


def _label_interval(count: int) -> int:
    for every in (1, 2, 5, 10, 20, 25, 50, 100):
        if count / every <= 9:
            return every
    return 200


def _labelled(label: str, index: int, count: int, every: int) -> bool:
    if label.isdigit():
        return int(label) % every == 0 or count <= 3
    return index % every == 0


def word_sizes(counts: Sequence[int], steps: int = 5) -> list[int]:
    """A size class 1..``steps`` for each count, on a logarithmic scale between the smallest and largest."""
    if not counts:
        return []
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return [3 for _ in counts]
    return [1 + round((steps - 1) * (math.log(c) - low) / (high - low)) for c in counts]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV with a header row (RFC 4180: CRLF line ends, quotes where needed); values that a spreadsheet would
    run as a formula are quoted with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_inert(v) for v in row])
    return out.getvalue()


def _inert(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
