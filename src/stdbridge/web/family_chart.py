"""The family of a standard drawn as a picture: an inline SVG timeline.

One column per edition, oldest on the left, each under its year: the editions of the work and the standards of
its supersession chain (which may belong to other works: ISO 9001:2000 replaced ISO 9002 and ISO 9003 too),
joined by arrows from each standard to the one that replaced it. Under each edition hang its amendments and
corrigenda, and under those the standards of other bodies that adopt it, with their degree of correspondence
(IDT, MOD, NEQ). Every node links to its record page; the standard of the page is outlined.

The geometry is computed here (``FamilyPicture``: its lines and, column by column, its boxes) and drawn by the
macro ``family_picture`` of ``templates/_charts.html``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from stdbridge.catalog.graph import Family, Link, end_of, link_notes
from stdbridge.i18n import _
from stdbridge.models import Standard
from stdbridge.web.charts import draw
from stdbridge.web.names import relation_label, status_label

_COLUMN = 156.0
_MARGIN = 12.0
_MAIN_Y = 56.0  # centre line of the editions (above: the years, and arcs over editions between)
_NODE_W, _NODE_H = 140.0, 30.0
_LANE = 12.0  # right of the amendments: where the lines to adoptions run
_SUPPLEMENT_H = 24.0
_ADOPTION_H = 36.0
_CHAR_W = 7.2  # width of a character of a node's label (11 px, bold), to cut what would overflow


@dataclass(frozen=True, slots=True)
class _Node:
    standard: Standard | None
    text: str
    detail: str
    css: str
    href: str | None
    tooltip: str


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Stroke:
    """A line from ``start`` to ``end`` (its class says which: ``chain``, ``stem``, ``adoption-link``); a curve
    when ``bends`` gives its two control points."""

    css: str
    start: Point
    end: Point
    bends: tuple[Point, Point] | None = None


@dataclass(frozen=True, slots=True)
class Box:
    """A standard drawn as a box: its name (cut to fit) and, for an adoption, a line of detail under it."""

    css: str
    href: str | None
    tooltip: str
    x: float
    y: float
    width: float
    height: float
    centre: float  # where the texts are centred
    label: str
    label_y: float
    detail: str
    detail_y: float


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class FamilyColumn:
    """An edition's column: its year on top, then its box, its amendments' and its adoptions'."""

    year: Label
    boxes: list[Box]


@dataclass(frozen=True, slots=True)
class FamilyPicture:
    title: str
    width: float
    height: float
    strokes: list[Stroke]  # drawn first, under the boxes
    columns: list[FamilyColumn]


def family_picture(family: Family, url_of: Callable[[str], str]) -> Markup:
    """The SVG of ``family``; ``url_of(identifier)`` is the address of a record page."""
    main = _main_line(family)
    if not main:
        return Markup("")
    column = {s.edition_key: i for i, s in enumerate(main)}
    below: dict[int, list[_Node]] = {i: [] for i in range(len(main))}
    for s in family.supplements:
        below[_column_of_supplement(s, main, column)].append(_standard_node(s, family, url_of, short_of=main))
    adoptions: dict[int, list[_Node]] = {i: [] for i in range(len(main))}
    current_column = column.get(family.current.edition_key, len(main) - 1) if family.current else len(main) - 1
    for link in family.adoptions:
        at = _column_of_adoption(link, column, current_column)
        adoptions[at].append(_adoption_node(link, url_of))
    supplement_rows = max((len(v) for v in below.values()), default=0)
    adoption_top = _MAIN_Y + _NODE_H / 2 + 14 + supplement_rows * (_SUPPLEMENT_H + 6) + (10 if supplement_rows else 0)
    adoption_rows = max((len(v) for v in adoptions.values()), default=0)
    height = adoption_top + adoption_rows * (_ADOPTION_H + 8) + 6
    width = _MARGIN * 2 + len(main) * _COLUMN
    strokes = _chain_arrows(family, column)
    columns: list[FamilyColumn] = []
    for i, s in enumerate(main):
        x = _MARGIN + i * _COLUMN
        year = (s.published or str(s.year or ""))[:4]
        boxes = [_box(_standard_node(s, family, url_of), x, _MAIN_Y - _NODE_H / 2, _NODE_W, _NODE_H)]
        y = _MAIN_Y + _NODE_H / 2 + 8
        for node in below[i]:
            strokes.append(Stroke("stem", Point(x + 10, y - 8), Point(x + 10, y + _SUPPLEMENT_H / 2)))
            boxes.append(_box(node, x + 18, y, _NODE_W - 18 - _LANE, _SUPPLEMENT_H))
            y += _SUPPLEMENT_H + 6
        y = adoption_top
        for node in adoptions[i]:
            # down the lane right of the supplements, to the box's top
            lane = x + _NODE_W - _LANE / 2
            strokes.append(Stroke("adoption-link", Point(lane, _MAIN_Y + _NODE_H / 2), Point(lane, y)))
            boxes.append(_box(node, x, y, _NODE_W, _ADOPTION_H))
            y += _ADOPTION_H + 8
        columns.append(FamilyColumn(Label(x + _NODE_W / 2, 12, year or "?"), boxes))
    title = _("Family of {identifier}: editions, supersession, amendments and adoptions").format(
        identifier=family.standard.identifier
    )
    return draw("family_picture", FamilyPicture(title, width, height, strokes, columns))


def _main_line(family: Family) -> list[Standard]:
    """The editions of the work and the standards of the supersession chain, oldest first, each once."""
    found: dict[str, Standard] = {}
    chain = [s for step in family.replaces_chain for s in step] + [s for step in family.replaced_by_chain for s in step]
    for s in [*family.editions, *chain]:
        found.setdefault(s.edition_key, s)
    if family.standard.doctype.value not in ("amendment", "corrigendum"):
        found.setdefault(family.standard.edition_key, family.standard)
    return sorted(found.values(), key=lambda s: (s.published or str(s.year or ""), s.edition_key))


def _column_of_supplement(s: Standard, main: list[Standard], column: dict[str, int]) -> int:
    """The edition an amendment or corrigendum belongs to (its identifier starts with the edition's), else the
    last edition published before it."""
    bases = [e for e in main if s.identifier.startswith(e.identifier + "/")]
    if bases:
        return column[max(bases, key=lambda e: len(e.identifier)).edition_key]
    when = s.published or str(s.year or "")
    earlier = [i for i, e in enumerate(main) if (e.published or str(e.year or "")) <= when]
    return earlier[-1] if earlier else 0


def _column_of_adoption(link: Link, column: dict[str, int], current: int) -> int:
    """The edition an adoption attaches to: the one adopted (or adopting); an undated adoption ("adopts ISO
    9001") attaches to the current edition."""
    r = link.relation
    mine = r.target_key if link.name == "adopted-as" else r.source_key
    return column.get(mine, current)


def _standard_node(s: Standard, family: Family, url_of: Callable[[str], str],
                   short_of: list[Standard] | None = None) -> _Node:  # fmt: skip
    text = s.identifier
    for base in short_of or ():  # "ISO 9001:2015/Amd 1:2024" under ISO 9001:2015 is "/Amd 1:2024"
        if text.startswith(base.identifier) and len(text) > len(base.identifier):
            text = text[len(base.identifier) :]
            break
    is_page = s.edition_key == family.standard.edition_key
    other_work = s.work_key != family.standard.work_key
    on = family.status_on.get(s.edition_key)  # its status on the family's date (``lifecycle``), when asked
    status = on.status if on else s.status.value
    css = f"node status-{status}" + (" current" if is_page else "") + (" other-work" if other_work else "")
    tooltip = f"{s.identifier} — {status_label(status)}"
    return _Node(s, text, "", css, None if is_page else url_of(s.identifier), tooltip)


def _adoption_node(link: Link, url_of: Callable[[str], str]) -> _Node:
    degree = link.relation.degree.value if link.relation.degree else "?"
    other = link.other
    identifier = other.identifier if other else link.other_text
    status = f" — {status_label(other.status.value)}" if other else ""
    tooltip = f"{relation_label(link.name)} {identifier} ({degree}){status}"
    css = "node adoption " + (f"status-{other.status.value}" if other else "absent")
    detail = f"{relation_label(link.name)} · {degree}"
    r = link.relation
    if link.name == r.type.inverse and end_of(r) == "not-held":
        # it adopts an edition of this work the catalogue does not hold: drawn by the current edition, it names it
        detail, css = f"{r.target_text} · {degree}", css + " other-edition"
        tooltip += "; " + "; ".join(link_notes(link))
    return _Node(other, identifier, detail, css, url_of(identifier) if other else None, tooltip)


def _box(node: _Node, x: float, y: float, w: float, h: float) -> Box:
    fits = int(w / _CHAR_W)
    label = node.text if len(node.text) <= fits else node.text[: fits - 1] + "…"
    label_y = y + 14 if node.detail else y + h / 2 + 4
    return Box(node.css, node.href, node.tooltip, x, y, w, h, x + w / 2, label, label_y, node.detail, y + 28)


def _chain_arrows(family: Family, column: dict[str, int]) -> list[Stroke]:
    """An arrow from each standard to the one that replaced it, along the whole chain."""
    steps = [*reversed(family.replaces_chain), [family.standard], *family.replaced_by_chain]
    arrows = []
    for older, newer in itertools.pairwise(steps):
        if not newer or newer[0].edition_key not in column:
            continue
        to = column[newer[0].edition_key]
        for s in older:
            if s.edition_key in column and column[s.edition_key] != to:
                arrows.append(_arrow(column[s.edition_key], to))
    return arrows


def _arrow(start: int, end: int) -> Stroke:
    x1 = _MARGIN + start * _COLUMN + _NODE_W
    x2 = _MARGIN + end * _COLUMN
    if end == start + 1:
        return Stroke("chain", Point(x1, _MAIN_Y), Point(x2 - 2, _MAIN_Y))
    # a jump over other columns arcs above them
    lift = _MAIN_Y - _NODE_H / 2 - 4
    return Stroke("chain", Point(x1 - _NODE_W / 2, _MAIN_Y - _NODE_H / 2), Point(x2 + _NODE_W / 2 - 2, lift),
                  bends=(Point(x1, lift - 18), Point(x2, lift - 18)))  # fmt: skip
