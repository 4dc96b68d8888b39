"""Charts drawn on the server as inline SVG, and their data as CSV.

The pages need no charting library and no script: a chart is a few rectangles and texts whose geometry is
computed here, coloured by the classes of ``static/app.css``. Every text is escaped; every bar carries a
``<title>`` (a tooltip and what a screen reader reads) with its exact figure.

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

from markupsafe import Markup, escape

WIDTH = 340
_LABEL_CHARS = 50  # beyond this a label is cut (the whole label stays in the tooltip); a wide character counts two


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    css: str = ""  # extra class: the status or type, for its colour
    href: str | None = None


def _attrs(**attrs: object) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"' for name, value in attrs.items())


def _text(x: float, y: float, content: str, **attrs: object) -> str:
    return f"<text{_attrs(x=_n(x), y=_n(y), **attrs)}>{escape(content)}</text>"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _cut(label: str, room: int = _LABEL_CHARS) -> str:
    """The label, cut to ``room`` narrow characters' width (a Chinese character takes two)."""
    used = 0
    for i, char in enumerate(label):
        used += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used > room:
            return label[: max(0, i - 1)] + "…"
    return label


def _svg(chart_id: str, title: str, height: float, body: Iterable[str], css: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg"{_attrs(viewBox=f"0 0 {WIDTH} {_n(height)}", class_=css)}'
        f' role="img"{_attrs(aria_labelledby=f"{chart_id}-title")}>'
        f"<title{_attrs(id=f'{chart_id}-title')}>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], *, total: int | None = None) -> Markup:
    """Horizontal bars, longest first as given, each labelled above and with its count (and share of
    ``total``, when given) at its end."""
    row, bar_height = 34.0, 13.0
    most = max((b.value for b in bars), default=0) or 1
    room = WIDTH - 70  # keep space for the figure after the longest bar
    parts: list[str] = []
    for i, b in enumerate(bars):
        top = i * row
        length = max(1.0, room * b.value / most) if b.value else 0.0
        figure = f"{b.value:,}"
        if total:
            figure += f" ({_percent(b.value, total)})"
        tooltip = f"{b.label}: {figure}"
        bar = (
            f"<g{_attrs(class_='bar ' + b.css)}><title>{escape(tooltip)}</title>"
            + _text(0, top + 12, _cut(b.label), class_="label")
            + f"<rect{_attrs(x=0, y=_n(top + 16), width=_n(length), height=_n(bar_height), rx=2)}></rect>"
            + _text(length + 5, top + 27, figure, class_="value")
            + "</g>"
        )
        parts.append(f"<a{_attrs(href=b.href)}>{bar}</a>" if b.href else bar)
    return _svg(chart_id, title, max(row, len(bars) * row + 2), parts, "chart bars")


def column_chart(chart_id: str, title: str, columns: Sequence[tuple[str, int]]) -> Markup:
    """Vertical columns in the order given (years, oldest first), the axis labelled at round intervals."""
    left, right, bottom, top, height = 34.0, 4.0, 18.0, 8.0, 150.0
    plot_w, plot_h = WIDTH - left - right, height - bottom - top
    most = max((v for _, v in columns), default=0) or 1
    step = plot_w / max(1, len(columns))
    gap = 1.0 if step > 3 else 0.0
    parts = [
        f"<line{_attrs(x1=_n(left), y1=_n(top + plot_h), x2=WIDTH - 4, y2=_n(top + plot_h), class_='axis')}></line>"
    ]
    for tick in _ticks(most):
        y = top + plot_h - plot_h * tick / most
        parts.append(f"<line{_attrs(x1=_n(left), y1=_n(y), x2=WIDTH - 4, y2=_n(y), class_='grid')}></line>")
        parts.append(_text(left - 4, y + 4, f"{tick:,}", class_="tick", text_anchor="end"))
    every = _label_interval(len(columns))
    for i, (label, value) in enumerate(columns):
        x = left + i * step
        h = plot_h * value / most
        parts.append(
            f'<g class="column"><title>{escape(f"{label}: {value:,}")}</title>'
            f"<rect{_attrs(x=_n(x + gap / 2), y=_n(top + plot_h - h), width=_n(max(step - gap, 0.5)), height=_n(h))}>"
            "</rect></g>"
        )
        if _labelled(label, i, len(columns), every):
            centre = min(max(x + step / 2, left + 12), WIDTH - 14)  # a label at either end stays whole
            parts.append(_text(centre, height - 4, label, class_="tick", text_anchor="middle"))
    return _svg(chart_id, title, height, parts, "chart columns")


def share_bar(chart_id: str, title: str, parts: Sequence[Bar], total: int) -> Markup:
    """One bar of ``total`` split into ``parts`` (the rest left empty), with a legend under it."""
    height, legend_row = 26.0, 20.0
    shown = [p for p in parts if p.value > 0]
    drawn: list[str] = [f"<rect{_attrs(x=0, y=0, width=WIDTH, height=_n(height), class_='rest', rx=3)}></rect>"]
    x = 0.0
    for p in shown:
        w = WIDTH * p.value / total if total else 0.0
        tooltip = f"{p.label}: {p.value:,} ({_percent(p.value, total)})"
        drawn.append(
            f"<g{_attrs(class_='share ' + p.css)}><title>{escape(tooltip)}</title>"
            f"<rect{_attrs(x=_n(x), y=0, width=_n(w), height=_n(height))}></rect></g>"
        )
        x += w
    for i, p in enumerate(shown):
        y = height + 8 + i * legend_row
        drawn.append(
            f"<g{_attrs(class_='share ' + p.css)}>"
            f"<rect{_attrs(x=0, y=_n(y), width=12, height=12, rx=2)}></rect>"
            + _text(18, y + 11, f"{_cut(p.label)}: {p.value:,} ({_percent(p.value, total)})", class_="label")
            + "</g>"
        )
    return _svg(chart_id, title, height + 12 + len(shown) * legend_row, drawn, "chart share")


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
    row, bar_height, legend_row = 34.0, 13.0, 20.0
    drawn: list[str] = []
    order: dict[str, int] = {}  # css -> its place among the parts
    kinds: dict[str, str] = {}  # css -> label, of the parts drawn
    for i, r in enumerate(rows):
        top = i * row
        room = _LABEL_CHARS - len(r.figure) - 2
        drawn.append(
            f"<g{_attrs(class_='stack')}><title>{escape(r.label)}: {escape(r.figure)}</title>"
            + _text(0, top + 12, _cut(r.label, room), class_="label")
            + _text(WIDTH, top + 12, r.figure, class_="value", text_anchor="end")
            + f"<rect{_attrs(x=0, y=_n(top + 16), width=WIDTH, height=_n(bar_height), class_='rest', rx=2)}></rect>"
            + "</g>"
        )
        x = 0.0
        for p in r.parts:
            order.setdefault(p.css, len(order))
            if p.value <= 0:
                continue
            w = WIDTH * p.value / r.total if r.total else 0.0
            tooltip = f"{r.label} — {p.label}: {p.value:,} ({_percent(p.value, r.total)})"
            drawn.append(
                f"<g{_attrs(class_='share ' + p.css)}><title>{escape(tooltip)}</title>"
                f"<rect{_attrs(x=_n(x), y=_n(top + 16), width=_n(w), height=_n(bar_height))}></rect></g>"
            )
            kinds.setdefault(p.css, p.label)
            x += w
    legend = sorted(kinds.items(), key=lambda item: order[item[0]])
    if rest:
        legend.append(("rest", rest))
    top = len(rows) * row + 6
    for i, (css, label) in enumerate(legend):
        y = top + i * legend_row
        drawn.append(
            f"<g{_attrs(class_='share ' + css)}><rect{_attrs(x=0, y=_n(y), width=12, height=12, rx=2)}></rect>"
            + _text(18, y + 11, _cut(label), class_="label")
            + "</g>"
        )
    return _svg(chart_id, title, max(row, top + len(legend) * legend_row), drawn, "chart stacked")


@dataclass(frozen=True, slots=True)
class Ratio:
    label: str
    value: float  # 0 … 1
    css: str = ""


def ratio_chart(chart_id: str, title: str, ratios: Sequence[Ratio]) -> Markup:
    """Bars on one fixed scale from 0 to 1 (a faint track shows the whole), each labelled above, with its value
    (two decimals) at its end."""
    row, bar_height = 34.0, 13.0
    room = WIDTH - 40  # keep space for the figure after a full bar
    parts: list[str] = []
    for i, r in enumerate(ratios):
        top = i * row
        value = min(max(r.value, 0.0), 1.0)
        figure = f"{value:.2f}"
        parts.append(
            f"<g{_attrs(class_='bar ' + r.css)}><title>{escape(f'{r.label}: {figure}')}</title>"
            + _text(0, top + 12, _cut(r.label), class_="label")
            + f"<rect{_attrs(x=0, y=_n(top + 16), width=room, height=_n(bar_height), class_='rest', rx=2)}></rect>"
            + f"<rect{_attrs(x=0, y=_n(top + 16), width=_n(room * value), height=_n(bar_height), rx=2)}></rect>"
            + _text(room + 5, top + 27, figure, class_="value")
            + "</g>"
        )
    return _svg(chart_id, title, max(row, len(ratios) * row + 2), parts, "chart bars ratios")


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
