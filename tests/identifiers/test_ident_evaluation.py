"""The held-out evaluation set of real published identifiers (``tests/data/identifiers/evaluation.tsv``).

Each family must round-trip at 99 % or more, as ``bench/bench_identifiers.py`` measures it; the set must
stay large and varied enough for that figure to mean something, and the check must be able to fail.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from stdbridge.identifiers import parse

ROOT = Path(__file__).resolve().parent.parent.parent
FLOOR = 0.99


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_identifiers", ROOT / "bench" / "bench_identifiers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_bench()
ENTRIES = bench.load()
FAMILIES = sorted({e.family for e in ENTRIES})


def test_the_set_is_large_and_varied() -> None:
    assert set(FAMILIES) == {"iec", "gost", "bsi", "iso", "jis", "itu"}
    for family in ("iec", "gost", "bsi"):
        texts = [e.text for e in ENTRIES if e.family == family]
        shapes = {re.sub(r"\d+", "9", t) for t in texts}
        assert len(texts) >= 300, family
        assert len(set(texts)) == len(texts), f"{family} lists an identifier twice"
        assert len(shapes) >= 40, f"{family}: only {len(shapes)} written shapes"


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_round_trips(family: str) -> None:
    total, failures = bench.rates([e for e in ENTRIES if e.family == family])[family]
    rate = 1 - len(failures) / total
    assert rate >= FLOOR, [f"line {entry.line}: {entry.text!r}: {why}" for entry, why in failures]


def test_the_check_fails_on_a_wrong_expectation() -> None:
    ok = bench.Entry("gost", 1, "ГОСТ Р ИСО/ТУ 16949-2009", "ГОСТ Р ИСО/ТУ 16949-2009", "ISO/TS 16949")
    assert bench.check(ok) is None
    assert "renders as" in bench.check(ok._replace(canonical="ГОСТ Р ИСО/ТС 16949-2009"))
    assert "adopts" in bench.check(ok._replace(adopted="ISO 16949"))
    assert "rejected" in bench.check(ok._replace(text="ГОСТ Р ИСО/ХХ 16949-2009"))
    assert "declares no adoption" in bench.check(bench.Entry("bsi", 1, "BS 1000A:1961", "BS 1000A:1961", "ISO 1"))


def test_a_line_before_any_family_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "evaluation.tsv"
    path.write_text("# comment\nISO 9001:2015\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"evaluation.tsv:2: identifier 'ISO 9001:2015' before any"):
        bench.load(path)


def test_sloppy_inputs_give_the_publishers_spelling() -> None:
    sloppy = [e for e in ENTRIES if e.canonical != e.text]
    assert len(sloppy) >= 15
    for entry in sloppy:
        assert parse(entry.text) == parse(entry.canonical), entry.text
