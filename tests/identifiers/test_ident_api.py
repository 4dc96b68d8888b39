"""The package-level API: clean, compact_key, lookup_keys, SCHEMES, Identifier methods."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import SCHEMES, clean, compact_key, lookup_keys, parse


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("GB／T\u3000７７１４－2015", "GB/T 7714-2015"),
        ("GB/T 19001—2016", "GB/T 19001-2016"),
        ("ISO\u00a09001:2015\u200b", "ISO 9001:2015"),
        ("\ufeffISO 9001", "ISO 9001"),
        ("ISO 9001\u2013 2015", "ISO 9001- 2015"),
        ("  ISO   9001  ", "ISO 9001"),
        ("ＩＳＯ（ｅｎ）", "ISO(en)"),
    ],
)
def test_clean(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned


@pytest.mark.parametrize("text", ["iso 9001 2015", "ISO 9001:2015", "iso9001:2015"])
def test_compact_key(text: str) -> None:
    assert compact_key(text) == "ISO90012015"


def test_compact_key_cyrillic() -> None:
    assert compact_key("ГОСТ Р ИСО/МЭК 17025-2019") == "GOSTRISOIEC170252019"
    assert compact_key("ЕН 1090") == "EN1090"


def test_lookup_keys() -> None:
    keys = lookup_keys(parse("ISO 9001:2015/Amd 1:2024"))
    assert "ISO90012015AMD12024" in keys and "ISO9001" in keys


def test_schemes_expose_the_module_contract() -> None:
    names = {m.NAME for m in SCHEMES}
    assert names == {"iso", "iec", "itu", "cen", "bsi", "din", "jis", "ks", "gb", "gost"}
    for module in SCHEMES:
        assert callable(module.parse) and callable(module.render)
        assert module.__doc__


def test_identifier_methods() -> None:
    ident = parse("ISO 9001:2015/Amd 1:2024")
    assert ident.render() == str(ident) == "ISO 9001:2015/Amd 1:2024"
    assert ident.edition_key == "ISO 9001:2015/Amd 1:2024"
    assert ident.work_key == "ISO 9001"
    assert ident.base.render() == "ISO 9001:2015"
