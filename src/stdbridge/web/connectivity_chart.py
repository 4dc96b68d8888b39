"""The connectivity index drawn and exported: a line chart of the four stages over time and a heat map of a group,
as standalone SVG (inline in the page and downloadable as a file) and as PNG (drawn from the SVG), and the figures
as CSV and XLSX.

The SVG is written here, every text escaped (``markupsafe.escape``); colours come from presentation attributes so
that the downloaded file looks as the page does. Each point and cell carries a ``<title>`` with its exact figure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from stdbridge.analytics.connectivity import Connectivity, Matrix
from stdbridge.errors import MissingExtra, UsageError
from stdbridge.i18n import _

# CairoSVG (the PNG) draws with the first family it has, without falling back glyph by glyph as browsers do: a
# CJK family first, so that Chinese labels are not boxes (Debian: fonts-noto-cjk)
FONTS = "'Noto Sans CJK SC', 'Noto Sans CJK JP', sans-serif"
STAGE_COLOURS = {"recognised": "#1f77b4", "common": "#2ca02c", "shared": "#ff7f0e", "symbiotic": "#9467bd"}
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 360, 240, 40, 10, 30, 40


def stage_labels() -> dict[str, str]:
    return {"recognised": _("recognition"), "common": _("commonality"), "shared": _("sharing"),
            "symbiotic": _("symbiosis"), "same_original": _("same original")}  # fmt: skip


def line_chart(result: Connectivity, side: str, title: str) -> Markup:
    """The share of each stage of one side (``a`` or ``b``) at each date, as lines on a 0-100 % scale."""
    points = result.points
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    labels = stage_labels()
    parts = [f'<text x="{LEFT}" y="16" font-size="12">{escape(title)}</text>']
    for tick in (0, 25, 50, 75, 100):
        y = TOP + plot_h * (1 - tick / 100)
        label = f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}%</text>'
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>' + label)
    every = max(1, len(points) // 5)
    for i, p in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            x = LEFT + i * step
            parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 14}" font-size="10" text-anchor="middle">'
                         f"{escape(p.date[:4])}</text>")  # fmt: skip
    # a later stage never exceeds an earlier one and their lines often coincide: each line is drawn under the one
    # of the stage before it, wider, so that every line shows; the points go on top
    lines: list[str] = []
    dots: list[str] = []
    for n, (stage, colour) in enumerate(STAGE_COLOURS.items()):
        coords = []
        for i, p in enumerate(points):
            figures = p.a if side == "a" else p.b
            share = figures.share(stage)
            x, y = LEFT + i * step, TOP + plot_h * (1 - share)
            coords.append(f"{x:.1f},{y:.1f}")
            tip = f"{labels[stage]} {p.date}: {getattr(figures, stage):,} / {figures.standards:,} ({share:.1%})"
            dots.append(f'<circle class="point" data-stage="{stage}" data-date="{p.date}" '
                        f'data-count="{getattr(figures, stage)}" data-standards="{figures.standards}" cx="{x:.1f}" '
                        f'cy="{y:.1f}" r="2.5" fill="{colour}"><title>{escape(tip)}</title></circle>')  # fmt: skip
        width = 1.5 + 1.2 * n
        lines.insert(0, f'<polyline fill="none" stroke="{colour}" stroke-width="{width:.1f}" '
                        f'points="{" ".join(coords)}"/>')  # fmt: skip
        lx = LEFT + (n % 2) * 150
        ly = HEIGHT - 14 + (n // 2) * 12
        parts.append(f'<rect x="{lx}" y="{ly - 8}" width="10" height="8" fill="{colour}"/>'
                     f'<text x="{lx + 14}" y="{ly}" font-size="10">{escape(labels[stage])}</text>')  # fmt: skip
    parts += lines + dots[::-1]
    return _svg(WIDTH, HEIGHT + 10, title, parts)


def heat_map(found: Matrix, names: Sequence[str], title: str, stage: str = "recognised") -> Markup:
    """The share of each row system's standards at ``stage`` towards each column system: darker is more."""
    cell, left, top = 34, 90, 90
    size = len(names)
    parts = [f'<text x="4" y="14" font-size="12">{escape(title)}</text>']
    for j, name in enumerate(names):
        x = left + j * cell + cell / 2
        parts.append(f'<text x="{x:.1f}" y="{top - 4}" font-size="10" transform="rotate(-60 {x:.1f} {top - 4})">'
                     f"{escape(name)}</text>")  # fmt: skip
    for i, row in enumerate(found.cells):
        y = top + i * cell
        parts.append(f'<text x="{left - 4}" y="{y + cell / 2 + 4:.1f}" font-size="10" text-anchor="end">'
                     f"{escape(names[i])}</text>")  # fmt: skip
        for j, figures in enumerate(row):
            x = left + j * cell
            if figures is None:
                parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="#f4f4f4" stroke="#fff"/>')
                continue
            share = figures.share(stage)
            shade = int(255 - 200 * share)
            tip = f"{names[i]} → {names[j]}: {share:.1%} ({getattr(figures, stage):,} / {figures.standards:,})"
            parts.append(f'<rect class="cell" x="{x}" y="{y}" width="{cell}" height="{cell}" '
                         f'fill="rgb({shade},{shade},255)" stroke="#fff"><title>{escape(tip)}</title></rect>'
                         f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" font-size="9" text-anchor="middle">'
                         f"{share * 100:.0f}</text>")  # fmt: skip
    return _svg(left + size * cell + 10, top + size * cell + 10, title, parts)


def _svg(width: float, height: float, title: str, parts: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart connectivity-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="{FONTS}">' + "".join(parts) + "</svg>"
    )


def png_of(svg: str, scale: float = 2.0) -> bytes:
    """The chart as a PNG image, drawn from its SVG by CairoSVG (libcairo; Chinese labels through fontconfig's
    CJK fonts), at ``scale`` times its size for sharp lines on any screen. Without the cairo library (a system
    package, not a Python one) a clear error says what to install; the SVG needs nothing."""
    try:
        import cairosvg
    except ImportError as exc:
        raise MissingExtra("web", exc) from exc
    except OSError as exc:  # cairocffi found no libcairo on this machine
        message = _(
            "PNG charts need the cairo library of the system (on Debian: apt-get install libcairo2); "
            "the SVG download needs nothing more"
        )
        raise UsageError(message) from exc

    found: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white")
    return found


def csv_of(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def xlsx_of(rows: list[list[Any]], sheet: str) -> bytes:
    """The rows as a one-sheet workbook (openpyxl, write-only)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
