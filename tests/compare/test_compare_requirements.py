"""Numeric requirements: values with units, ranges, tolerances and limits, in English and Chinese texts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stdbridge.compare.requirements import (
    NumericRequirement,
    compare_requirements,
    decimal_comma,
    find_requirements,
    unit_symbol,
)


def read(text: str, *, comma_is_decimal: bool = True) -> list[tuple[str, str, str, str | None, str | None]]:
    """(written, kind, dimension, low, high) of each requirement, bounds in the base unit."""

    def plain(value: Decimal | None) -> str | None:
        return None if value is None else format(value.normalize(), "f")

    return [
        (r.text, r.kind, r.dimension, plain(r.low), plain(r.high))
        for r in find_requirements(text, comma_is_decimal=comma_is_decimal)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a frequency of 50 Hz", [("50 Hz", "value", "Hz", None, None)]),
        ("a test voltage of 1 250 V", [("1 250 V", "value", "V", None, None)]),
        ("shall not exceed 0,75 mA", [("0,75 mA", "upper-limit", "A", None, "0.00075")]),
        ("shall not exceed 750 µA", [("750 µA", "upper-limit", "A", None, "0.00075")]),
        ("at a supply voltage of 230 V ± 10 %", [("230 V ± 10 %", "tolerance", "V", "207", "253")]),
        ("at 125 °C ± 2 °C", [("125 °C ± 2 °C", "tolerance", "°C", "123", "127")]),
        ("the ambient temperature shall be (20 ± 5) °C", [("(20 ± 5) °C", "tolerance", "°C", "15", "25")]),
        ("230 V +10 % −6 %", [("230 V +10 % −6 %", "tolerance", "V", "216.2", "253")]),
        ("a flatness of ±0,5 mm", [("±0,5 mm", "tolerance", "m", "-0.0005", "0.0005")]),
        ("from 10 V to 20 V", [("10 V to 20 V", "range", "V", "10", "20")]),
        ("10 to 20 kV", [("10 to 20 kV", "range", "V", "10000", "20000")]),
        ("10–20 V", [("10–20 V", "range", "V", "10", "20")]),
        ("10~20 V", [("10~20 V", "range", "V", "10", "20")]),
        ("between 5 mm and 8 mm", [("5 mm and 8 mm", "range", "m", "0.005", "0.008")]),
        ("at 5 mm and 8 mm", [("5 mm", "value", "m", None, None), ("8 mm", "value", "m", None, None)]),
        ("from −10 °C to +40 °C", [("−10 °C to +40 °C", "range", "°C", "-10", "40")]),
        ("at least 2 mm", [("2 mm", "lower-limit", "m", "0.002", None)]),
        ("not less than 2 MΩ", [("2 MΩ", "lower-limit", "Ω", "2000000", None)]),
        ("less than 5 mA", [("5 mA", "upper-limit", "A", None, "0.005")]),
        ("a maximum of 3 kg", [("3 kg", "upper-limit", "g", None, "3000")]),
        ("≤ 65 dB(A)", [("65 dB(A)", "upper-limit", "dB(A)", None, "65")]),
        ("≥ 300 lx", [("300 lx", "lower-limit", "lx", "300", None)]),
        ("2 mm min.", [("2 mm", "lower-limit", "m", "0.002", None)]),
        ("a torque of 2,5 N·m", [("2,5 N·m", "value", "N·m", None, None)]),
        ("a pressure of 0,6 MPa", [("0,6 MPa", "value", "Pa", None, None)]),
        ("for 10 min at 10 l/min", [("10 min", "value", "s", None, None), ("10 l/min", "value", "L/min", None, None)]),
        ("器具应在230 V±6%的电源电压下工作", [("230 V±6%", "tolerance", "V", "216.2", "243.8")]),
        ("泄漏电流应不大于0.75 mA", [("0.75 mA", "upper-limit", "A", None, "0.00075")]),
        ("字母的高度应不小于2 mm", [("2 mm", "lower-limit", "m", "0.002", None)]),
        ("温度应不超过55 ℃", [("55 ℃", "upper-limit", "°C", None, "55")]),
        ("环境温度应为（20±5）℃", [("（20±5）℃", "tolerance", "°C", "15", "25")]),
        ("试验电压为1 250伏", [("1 250伏", "value", "V", None, None)]),
        ("距离至少为10毫米", [("10毫米", "lower-limit", "m", "0.01", None)]),
    ],
)
def test_requirements_are_read(text: str, expected: list[tuple[str, str, str, str | None, str | None]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "IEC 60335-1:2020, Household appliances — Part 1: General requirements",
        "ISO 7000:2014 and clause 4 A of ISO 3864-1",
        "see Table 3 and Figure 2",
        "the 5 samples",
        "第1部分：通用要求",
        "as in 4.2 and A.1",
    ],
)
def test_identifiers_and_references_are_not_requirements(text: str) -> None:
    assert read(text) == []


def test_strict_limits() -> None:
    less, not_less = find_requirements("less than 5 mA; not less than 5 mA")
    assert (less.high, less.high_inclusive) == (Decimal("0.005"), False)
    assert (not_less.low, not_less.low_inclusive) == (Decimal("0.005"), True)
    chinese_less, chinese_not_more = find_requirements("小于3 V；不大于3 V")
    assert (chinese_less.kind, chinese_less.high_inclusive) == ("upper-limit", False)
    assert (chinese_not_more.kind, chinese_not_more.high_inclusive) == ("upper-limit", True)


def test_decimal_comma_is_decided_for_the_whole_text() -> None:
    assert decimal_comma("0,5 mm and 1 000 V")
    assert decimal_comma("0.5 mm")  # nothing says otherwise: ISO's decimal comma is the default
    assert not decimal_comma("ratings of 1,000 V and 2,500 V")
    assert read("ratings of 1,000 V", comma_is_decimal=False) == [("1,000 V", "value", "V", None, None)]
    assert find_requirements("ratings of 1,000 V", comma_is_decimal=False)[0].nominal == Decimal(1000)


def test_units_are_shown_with_one_symbol() -> None:
    assert [unit_symbol(u) for u in ("℃", "μA", "Ω", "毫米", "dBA", "mA")] == ["°C", "µA", "Ω", "mm", "dB(A)", "mA"]


def one(text: str) -> NumericRequirement:
    (requirement,) = find_requirements(text)
    return requirement


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("230 V ± 10 %", "230 V ± 6 %", "tightened"),
        ("230 V ± 6 %", "230 V ± 10 %", "relaxed"),
        ("not exceed 10 mA", "not exceed 5 mA", "tightened"),
        ("at least 2 mm", "at least 3 mm", "tightened"),
        ("at least 3 mm", "at least 2 mm", "relaxed"),
        ("not exceed 10 mA", "less than 10 mA", "tightened"),  # the limit itself is no longer allowed
        ("10 V to 20 V", "12 V to 18 V", "tightened"),
        ("10 V to 20 V", "15 V to 25 V", "value-changed"),  # neither inside the other
        ("50 Hz", "60 Hz", "value-changed"),
        ("not exceed 10 mA", "at least 10 mA", "value-changed"),
        ("not exceed 0,5 A", "not exceed 500 mA", "unit-changed"),
    ],
)
def test_changes_between_two_requirements(before: str, after: str, change: str) -> None:
    (found,) = compare_requirements([one(before)], [one(after)])
    assert found.change == change


def test_equal_requirements_are_not_changes() -> None:
    assert compare_requirements([one("not exceed 0,5 A")], [one("not exceed 0,5 A")]) == []
    assert compare_requirements([one("55 ℃ max.")], [one("55 °C max.")]) == []  # the same unit, two spellings


def test_requirements_added_removed_and_paired_by_dimension() -> None:
    before = find_requirements("at 230 V for 10 min, leakage not exceeding 0,75 mA")
    after = find_requirements("at 230 V, leakage not exceeding 0,5 mA, 15 s, and 50 Hz")
    changes = [
        (c.change, c.before.text if c.before else None, c.after.text if c.after else None)
        for c in compare_requirements(before, after)
    ]
    assert changes == [
        ("value-changed", "10 min", "15 s"),
        ("tightened", "0,75 mA", "0,5 mA"),
        ("added", None, "50 Hz"),
    ]
    assert [c.to_json()["change"] for c in compare_requirements(after, [])] == ["removed"] * 4


def test_units_written_in_chinese_read_and_show_as_their_symbols() -> None:
    from stdbridge.compare.requirements import _CHINESE_UNITS, UNITS

    assert len(_CHINESE_UNITS) == 38
    for word, symbol in _CHINESE_UNITS.items():
        assert symbol in UNITS, symbol
        assert UNITS[word] == UNITS[symbol], word
        assert unit_symbol(word) == symbol, word
    assert one("不大于5千米").same_values(one("不大于5 km"))
    assert one("不小于250毫安").same_values(one("不小于0,25 A"))


# Clauses of IEC 60335-1 and of their Chinese adoption GB 4706.1 (IDT), and of IEC 61558-1 and GB/T 19212.1: the
# English limit and its Chinese translation must read as the same requirement, whatever modal verb the Chinese
# puts between the negation and the comparison (不应超过 "shall not exceed", 不得大于 "must not be greater than").
CLAUSE_TRANSLATIONS = [
    ("The leakage current shall not exceed 0,75 mA.", "泄漏电流不应超过0.75 mA。", "upper-limit"),
    ("The temperature rise shall not exceed 60 K.", "温升不应超过 60 K。", "upper-limit"),
    ("The resistance shall not exceed 0,1 Ω.", "电阻值不应大于0.1 Ω。", "upper-limit"),
    ("The force shall not exceed 5 N.", "该力不得大于 5 N。", "upper-limit"),
    ("The insulation resistance shall be not less than 2 MΩ.", "绝缘电阻应不小于2 MΩ。", "lower-limit"),
    ("The thickness shall be at least 2 mm.", "厚度不应小于 2 mm。", "lower-limit"),
    ("The creepage distance shall be not less than 2,5 mm.", "爬电距离不得小于2.5 mm。", "lower-limit"),
    ("The voltage shall not be lower than 200 V.", "电压不宜低于 200 V。", "lower-limit"),
    ("The cord shall be at least 1 m long.", "软线的长度至少为 1 m。", "lower-limit"),
    ("The duration is 1 s maximum.", "持续时间最大为 1 s。", "upper-limit"),
]


@pytest.mark.parametrize(("english", "chinese", "kind"), CLAUSE_TRANSLATIONS)
def test_a_limit_and_its_chinese_translation_are_the_same_requirement(english: str, chinese: str, kind: str) -> None:
    before = find_requirements(english)
    after = find_requirements(chinese, comma_is_decimal=False)
    assert [r.kind for r in before] == [r.kind for r in after] == [kind]
    assert compare_requirements(before, after) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [("大于 3 mm", "lower-limit"), ("应大于 5 mm", "lower-limit"), ("小于 3 mm", "upper-limit"),
     ("不应少于 3 min", "lower-limit"), ("不应多于 3 min", "upper-limit"), ("不能高于 40 °C", "upper-limit")],
)  # fmt: skip
def test_a_bare_chinese_comparison_is_a_strict_limit_of_its_own_direction(text: str, kind: str) -> None:
    assert [r.kind for r in find_requirements(text)] == [kind]
