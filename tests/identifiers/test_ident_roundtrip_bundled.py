"""Every identifier of the bundled catalogues must parse and render back exactly (>= 99.5% per dataset)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

import pytest

from stdbridge.errors import IdentifierError
from stdbridge.identifiers import base_of, edition_key, parse, render, work_key

DATASETS = {
    "iso": ("iso_catalog.jsonl.gz", "id"),
    "iec": ("iec_catalog.jsonl.gz", "id"),
    "jis": ("jis_catalog.jsonl.gz", "id"),
    "itu": ("itu_catalog.jsonl.gz", "id"),
    "gb": ("gb_records.jsonl.gz", "designation"),
}


@cache
def load(name: str) -> list[str]:
    filename, field = DATASETS[name]
    with resources.files("stdbridge.data").joinpath(filename).open("rb") as raw, gzip.open(raw, "rt") as fh:
        return [value for line in fh if (value := json.loads(line).get(field))]


def expected(name: str, text: str) -> str:
    """GB designations with a two-digit year ("GB 2312-80") render with four digits."""
    if name == "gb":
        head, _, year = text.rpartition("-")
        if len(year) == 2 and year.isdigit():
            return f"{head}-19{year}"
    return text


@pytest.mark.parametrize("name", list(DATASETS))
def test_round_trip(name: str) -> None:
    ids = load(name)
    failures: list[tuple[str, str]] = []
    for text in ids:
        try:
            ident = parse(text)
        except IdentifierError as exc:
            failures.append((text, f"rejected: {exc}"))
            continue
        canonical = render(ident)
        if canonical != expected(name, text):
            failures.append((text, f"renders as {canonical!r}"))
        elif parse(canonical) != ident:
            failures.append((text, "re-parse differs"))
        else:
            edition_key(ident), work_key(ident), base_of(ident)
    rate = 1 - len(failures) / len(ids)
    print(f"\n{name}: {len(ids)} ids, {len(failures)} failures, {rate:.4%} round-trip")
    for text, why in failures:
        print(f"  {text!r}: {why}")
    assert rate >= 0.995


def test_gb_adopted_from_parses() -> None:
    """The real ISO/IEC identifiers recorded as GB adoption sources parse (lists split on ';')."""
    filename, _ = DATASETS["gb"]
    with resources.files("stdbridge.data").joinpath(filename).open("rb") as raw, gzip.open(raw, "rt") as fh:
        sources = [json.loads(line).get("adopted_from") for line in fh]
    texts = [part.strip() for value in sources if value for part in value.split(";")]
    parsed = 0
    for text in texts:
        try:
            parse(text)
            parsed += 1
        except IdentifierError:
            pass
    assert parsed / len(texts) >= 0.9


def test_iso_and_iec_spellings_share_edition_keys() -> None:
    iso = {t for t in load("iso") if t.startswith("ISO/IEC ") and "/Amd " in t}
    iec = {t.replace("/Amd ", "/AMD").replace("/Cor ", "/COR") for t in iso} & set(load("iec"))
    assert len(iec) > 100
    for text in iec:
        iso_text = text.replace("/AMD", "/Amd ").replace("/COR", "/Cor ")
        assert edition_key(parse(text)) == edition_key(parse(iso_text))
        assert render(parse(text)) == text and render(parse(iso_text)) == iso_text


# Crawl damage in the bundled catalogues, rejected on principle rather than guessed at:
# a colon with no year after it ("CISPR 14-1:2016/AMD1/FRAG5:") and a hyphen with no part ("IEC 60285-/1:1989").
PRINCIPLED_REJECTIONS = ("a colon must be followed by a four-digit year", "a hyphen must be followed by a part number")


@pytest.mark.parametrize("name", ["iso", "iec", "jis", "itu"])
def test_every_rejection_in_the_catalogues_is_principled(name: str) -> None:
    reasons = []
    for text in load(name):
        try:
            parse(text)
        except IdentifierError as exc:
            reasons.append((text, exc.message))
    assert all(any(r in message for r in PRINCIPLED_REJECTIONS) for _, message in reasons), reasons
    assert len(reasons) <= 10
