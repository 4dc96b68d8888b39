"""Chinese titles of ICS codes, and where each title comes from.

The International Classification for Standards exists in English and French only (``data/ics.csv.gz``); Chinese
pages name a field, group or sub-group by its Chinese title, from ``data/ics_titles_zh.tsv``::

    >>> chinese_ics_title("35")
    ChineseTitle(title='信息技术', source='chinese-edition-adapted')
    >>> chinese_ics_title("13.220.20")
    ChineseTitle(title='消防', source='stdbridge')
    >>> chinese_ics_title("99.999") is None
    True

The 40 top-level fields carry the names of China's edition of the ICS (国际标准分类法) as GB standards print them;
the groups and sub-groups are stdbridge's own translation, not that edition's wording (``SOURCES`` says so in
words a page can show). The file's header tells the story in full.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import NamedTuple

from stdbridge.i18n import N_

__all__ = ["SOURCES", "ChineseTitle", "chinese_ics_title", "chinese_ics_titles", "ics_title", "with_chinese_title"]

BUNDLED_NAME = "ics_titles_zh.tsv"

# What each value of the file's ``source`` column means, as a page says it (translated where shown).
SOURCES = {
    "chinese-edition": N_("Chinese edition of the ICS, as printed on GB standards"),
    "chinese-edition-adapted": N_("Chinese edition of the ICS, worded after the field's current English title"),
    "stdbridge": N_("translated by stdbridge from ISO's English and French titles, not the official Chinese edition"),
}


class ChineseTitle(NamedTuple):
    title: str
    source: str  # a key of SOURCES


@functools.cache
def chinese_ics_titles() -> dict[str, ChineseTitle]:
    """Every ICS code's Chinese title (``"35.240.60"`` -> ``ChineseTitle("信息技术在运输中的应用", "stdbridge")``)."""
    resource = files("stdbridge.data") / BUNDLED_NAME
    titles: dict[str, ChineseTitle] = {}
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not all(cells) or cells[2] not in SOURCES or cells[0] in titles:
            raise ValueError(f"{BUNDLED_NAME}, line {number}: expected 'code<TAB>title<TAB>source', got {line!r}")
        titles[cells[0]] = ChineseTitle(cells[1], cells[2])
    return titles


def chinese_ics_title(code: str) -> ChineseTitle | None:
    """The Chinese title of one ICS code and its source; None for a code the ICS does not have."""
    return chinese_ics_titles().get(code)


def ics_title(code: str, titles: dict[str, str], lang: str) -> str:
    """The title of an ICS code in ``lang``: in Chinese its Chinese title, else (and in English) ISO's English one,
    else the French one. ``titles`` are those the catalogue holds for the code.

    >>> ics_title("35.240.60", {"en": "IT applications in transport"}, "zh")
    '信息技术在运输中的应用'
    >>> ics_title("35.240.60", {"en": "IT applications in transport"}, "en")
    'IT applications in transport'
    """
    if lang == "zh":
        chinese = titles.get("zh") or getattr(chinese_ics_title(code), "title", None)
        if chinese:
            return chinese
    return titles.get("en") or titles.get("fr") or ""


def with_chinese_title(code: str, titles: dict[str, str]) -> dict[str, str]:
    """The titles of an ICS code with its Chinese title added (``zh``), when the catalogue holds none."""
    found = chinese_ics_title(code)
    return {**titles, "zh": found.title} if found and "zh" not in titles else dict(titles)
