"""Published identifiers of every scheme, and malformed text, read from data files that are easy to extend.

``tests/data/identifiers/published.tsv`` holds ``input<TAB>canonical<TAB>degree``
lines grouped by scheme; ``malformed.txt`` holds text that must be rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from stdbridge.errors import IdentifierError, InvalidComponent, InvalidFormat
from stdbridge.identifiers import edition_key, lookup_keys, parse, render, work_key
from stdbridge.importers.base import build_standard

DATA = Path(__file__).parent.parent / "data" / "identifiers"


class Published(NamedTuple):
    scheme: str
    text: str
    canonical: str
    degree: str

    def __str__(self) -> str:
        return self.text


def load_published() -> list[Published]:
    out: list[Published] = []
    scheme = ""
    for line in (DATA / "published.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            scheme = line[1:-1]
            continue
        text, canonical, degree = [*line.split("\t"), "", ""][:3]
        out.append(Published(scheme, text, canonical or text, degree))
    return out


_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def load_malformed() -> list[str]:
    lines = (DATA / "malformed.txt").read_text(encoding="utf-8").splitlines()
    texts = [_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), line) for line in lines if line and line[0] != "#"]
    return [*texts, "ISO " + "9" * 300, "ГОСТ Р " * 40, "GB/T 1." + "1." * 120 + "1-2016", "\x00" * 500]


PUBLISHED = load_published()
MALFORMED = load_malformed()


@pytest.mark.parametrize("item", PUBLISHED, ids=str)
def test_published_identifier_parses_and_round_trips(item: Published) -> None:
    ident = parse(item.text)
    assert ident.scheme == item.scheme
    assert render(ident) == item.canonical
    again = parse(item.canonical)
    assert again == ident
    assert render(again) == item.canonical
    assert edition_key(ident) and work_key(ident)
    assert lookup_keys(build_standard(ident, dataset="test", source_record=""))
    if item.degree:
        assert ident.adoptions, "declares no adoption"
        assert ident.adoptions[0].degree.value == item.degree
    else:
        assert not ident.adoptions


def test_the_list_covers_every_scheme() -> None:
    counts = Counter(item.scheme for item in PUBLISHED)
    assert set(counts) == {"iso", "iec", "itu", "jis", "gb", "gost", "bsi", "cen", "din", "ks"}
    assert all(n >= 8 for n in counts.values()), counts


@pytest.mark.parametrize("text", MALFORMED, ids=lambda t: repr(t)[:40])
def test_malformed_text_is_rejected(text: str) -> None:
    with pytest.raises(IdentifierError) as info:
        parse(text)
    assert isinstance(info.value, InvalidFormat | InvalidComponent)
    assert info.value.message
