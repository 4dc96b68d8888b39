"""The package-level API: clean, compact_key, lookup_keys, SCHEMES, Identifier methods."""

from __future__ import annotations

import pytest

from stdbridge.identifiers import BARE, LOOSE, SCHEMES, clean, compact_key, lookup_keys, parse
from stdbridge.importers.base import build_standard


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


def keys_of(text: str) -> tuple[str, ...]:
    return lookup_keys(build_standard(text, dataset="test", source_record=""))


def test_lookup_keys() -> None:
    keys = keys_of("ISO 9001:2015/Amd 1:2024")
    assert "ISO90012015AMD12024" in keys and "ISO9001" in keys
    assert keys_of("ISO 9001:2015") == ("ISO90012015", "ISO9001", BARE + "9001", BARE + "90012015")


@pytest.mark.parametrize(
    ("text", "loose"),
    [
        ("ISO/IEC 27001:2022", ("~ISO270012022", "~ISO27001")),  # typed without its co-publisher
        ("GB/T 17626.2-2018", ("~GB1762622018", "~GB176262")),  # typed without /T
    ],
)
def test_loose_keys_leave_out_co_publishers_and_gb_types(text: str, loose: tuple[str, ...]) -> None:
    keys = keys_of(text)
    assert tuple(k for k in keys if k.startswith(LOOSE)) == loose
    assert compact_key(text) in keys


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
