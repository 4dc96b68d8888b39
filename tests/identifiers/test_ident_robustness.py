"""Junk must raise an IdentifierError subclass (InvalidFormat / InvalidComponent), never crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdbridge.errors import IdentifierError, InvalidComponent, InvalidFormat
from stdbridge.identifiers import clean, compact_key, parse, render

JUNK = [
    None,
    0,
    42,
    3.14,
    b"ISO 9001:2015",
    ["ISO 9001"],
    "",
    "   ",
    "\t\n",
    "😀",
    "ISO 😀 9001",
    "\x00\x01\x02",
    "ISO\x00 9001",
    "x" * 10_000,
    "ISO 9001:2015" + " " * 300,
    "'; DROP TABLE standards; --",
    "SELECT * FROM standards WHERE 1=1",
    "ISO",
    "ISO ",
    "ISO/",
    "ISO 9001:20155",
    "ISO 9001:",
    "ISO 9001:2015/Amd",
    "ISO 9001:2015/",
    "ISO/XYZ 9001",
    "ISO/TS/TS 9001",
    "GB/T",
    "GB/T -2016",
    "GB/Q 1234-2016",
    "ГОСТ Р",
    "ГОСТ R 1.0-2012",
    "GOST Р 1.0-2012",
    "ГОСТ Р ИСО",
    "ITU-T",
    "ITU-T (10/2019)",
    "ITU-R",
    "EN",
    "EN ISO",
    "BS",
    "BS XYZ 12",
    "DIN",
    "DIN EN ISO 9001:2015-13",
    "JIS",
    "JIS Q",
    "KS",
    "KS Q ISO",
    "T/",
    "DB11/",
    "9001",
    "-",
    "/",
    ":2015",
    "Χ.509",  # Greek capital chi
    "ISO 9001:2015 extra words",
    "iso\u200b9001\u00a0:\u30002015garbage",
    "ИСО 9001",
]


@pytest.mark.parametrize("value", JUNK, ids=lambda v: repr(v)[:30])
def test_junk_raises_identifier_error(value: object) -> None:
    with pytest.raises(IdentifierError) as info:
        parse(value)
    assert isinstance(info.value, InvalidFormat | InvalidComponent)
    assert str(info.value)


@pytest.mark.parametrize(
    ("text", "component"),
    [
        ("ISO 9001:1850", "year"),
        ("ISO 9001:2150", "year"),
        ("GB/T 19001-2999", "year"),
        ("DIN EN ISO 9001:2015-13", "month"),
        ("ITU-T X.509 (13/2019)", "month"),
        ("ISO 9001:2015/Amd 1:1066", "year"),
    ],
)
def test_impossible_component(text: str, component: str) -> None:
    with pytest.raises(InvalidComponent) as info:
        parse(text)
    assert component in str(info.value)


def test_error_names_position() -> None:
    with pytest.raises(InvalidFormat) as info:
        parse("ISO 9001:2015 extra")
    assert info.value.position == 13
    assert "position 13" in str(info.value)


def test_long_input_rejected() -> None:
    with pytest.raises(InvalidFormat, match="longer than"):
        parse("ISO " + "9" * 500)


def test_clean_rejects_non_text() -> None:
    with pytest.raises(InvalidFormat):
        clean(None)


_ALPHABET = st.sampled_from(list("ISOECGBTNDJKRАГОСТРИМЭЕН/:-.+() 0123456789AMDCORSVXYZabcdz\u00a0\u3000—－／：😀\x00"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_random_text_never_crashes(text: str) -> None:
    try:
        ident = parse(text)
    except IdentifierError:
        return
    assert parse(render(ident)) == ident


@settings(max_examples=600, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_designation_like_text_never_crashes_and_round_trips(text: str) -> None:
    try:
        ident = parse(text)
    except IdentifierError:
        return
    canonical = render(ident)
    again = parse(canonical)
    assert again == ident
    assert render(again) == canonical
    compact_key(canonical)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["ISO", "ISO/IEC", "IEC", "EN", "BS EN", "GB/T", "ГОСТ Р", "JIS B", "KS Q ISO", "DIN EN"]),
    st.integers(min_value=0, max_value=99999),
    st.one_of(st.none(), st.integers(min_value=1800, max_value=2200)),
)
def test_generated_designations(prefix: str, number: int, year: int | None) -> None:
    sep = "-" if prefix.startswith(("GB", "ГОСТ")) else ":"
    text = f"{prefix} {number}" + (f"{sep}{year}" if year is not None else "")
    try:
        ident = parse(text)
    except IdentifierError:
        assert year is not None and not 1900 <= year <= 2100
        return
    assert parse(render(ident)) == ident


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("ISO 9001:2015/Amd 1:1066", "1066"),
        ("IEC 60335-1:2001+AMD1:1804 CSV", "1804"),
        ("ITU-T X.509 (13/2019)", "13"),
        ("EN 1090-1:2009+A1:3011", "3011"),
        ("JIS K 0101:1998/AMENDMENT 1:1017", "1017"),
        ("GB/T 19001-2999", "2999"),
        ("DIN EN ISO 9001:2015-13", "13"),
    ],
)
def test_component_position_points_at_the_component(text: str, bad: str) -> None:
    with pytest.raises(InvalidComponent) as info:
        parse(text)
    position = info.value.position
    assert position is not None
    assert text[position : position + len(bad)] == bad


def _published() -> list[str]:
    from pathlib import Path

    path = Path(__file__).parent.parent / "data" / "identifiers" / "published.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and line[0] not in "#["]


_EDIT = st.tuples(st.integers(min_value=0, max_value=80), st.sampled_from(["insert", "delete", "replace"]), _ALPHABET)


def _mutate(text: str, edits: list[tuple[int, str, str]]) -> str:
    for position, op, char in edits:
        i = position % (len(text) + 1)
        if op == "insert":
            text = text[:i] + char + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + 1 :]
        else:
            text = text[:i] + char + text[i + 1 :]
    return text


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(_published()), st.lists(_EDIT, min_size=1, max_size=3))
def test_mutated_published_identifiers_fail_cleanly_or_round_trip(seed: str, edits: list[tuple[int, str, str]]) -> None:
    """Near-misses of real designations: either a typed error, or an identifier whose canonical text re-parses."""
    text = _mutate(seed, edits)
    try:
        ident = parse(text)
    except IdentifierError as exc:
        assert isinstance(exc, InvalidFormat | InvalidComponent) and exc.message
        return
    canonical = render(ident)
    again = parse(canonical)
    assert again == ident
    assert render(again) == canonical
    compact_key(canonical)
