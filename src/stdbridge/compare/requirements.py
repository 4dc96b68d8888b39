"""Numeric requirements in the text of a clause, and how they changed between two versions of the clause.

A requirement is a value with a unit, read with what bounds it:

- a value: "50 Hz", "1 250 V" (a space groups thousands), "0,75 mA" (ISO's decimal comma), "0.75 mA";
- a range: "10 V to 20 V", "10 to 20 V", "10–20 V", "10~20 V", "10 V～20 V", "between 10 V and 20 V";
- a tolerance: "230 V ± 10 %", "125 °C ± 2 °C", "(20 ± 5) °C", "230 V +10 % −6 %", "±0,5 mm";
- a limit: "not exceed", "at least", "not less than", "≤", "≥", "max.", "min.", 不大于, 不小于, 不超过, 至少 ...

Each becomes the interval of values it allows, in the unit's coherent base (``UNITS``: 500 mA and 0,5 A are
the same 0.5 A), so that a change reads as tightened (the new interval lies inside the old), relaxed (the
reverse), or simply changed. A comma is a decimal mark unless the whole text writes thousands as "1,000" and
never a decimal comma (``decimal_comma``).

>>> [(r.kind, str(r.low), str(r.high), r.dimension) for r in find_requirements("shall be 230 V ± 10 %")]
[('tolerance', '207', '253', 'V')]
>>> [(r.kind, str(r.high), r.dimension) for r in find_requirements("应不大于0.75 mA")]
[('upper-limit', '0.00075', 'A')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from stdbridge.compare.clauses import FULL_WIDTH

RequirementKind = Literal["value", "range", "tolerance", "upper-limit", "lower-limit"]
ChangeKind = Literal["tightened", "relaxed", "value-changed", "unit-changed", "added", "removed"]

_PREFIXES = {"n": "1e-9", "µ": "1e-6", "μ": "1e-6", "u": "1e-6", "m": "1e-3", "k": "1e3", "M": "1e6", "G": "1e9"}


def _prefixed(base: str, prefixes: str, dimension: str | None = None) -> dict[str, tuple[str, Decimal]]:
    out = {base: (dimension or base, Decimal(1))}
    for p in prefixes.split():
        out[p + base] = (dimension or base, Decimal(_PREFIXES[p]))
        if p == "µ":  # the micro sign and the Greek mu are both written
            out["μ" + base] = out[p + base]
    return out


# symbol -> (dimension, factor to the dimension's base unit). Temperatures are not converted between °C and K:
# standards use K for temperature rises, which a conversion would turn into nonsense.
UNITS: dict[str, tuple[str, Decimal]] = {
    **_prefixed("V", "µ m k M"),
    **_prefixed("A", "n µ m k"),
    **_prefixed("W", "m k M"),
    **_prefixed("VA", "k M"),
    **_prefixed("Hz", "k M G"),
    **_prefixed("Ω", "m k M G"),
    **{k.replace("Ω", "Ω"): v for k, v in _prefixed("Ω", "m k M G", "Ω").items()},  # the ohm sign U+2126
    **_prefixed("m", "n µ m k"),
    "cm": ("m", Decimal("0.01")),
    "dm": ("m", Decimal("0.1")),
    "mm²": ("m²", Decimal("1e-6")),
    "cm²": ("m²", Decimal("1e-4")),
    "m²": ("m²", Decimal(1)),
    "cm³": ("m³", Decimal("1e-6")),
    "m³": ("m³", Decimal(1)),
    **_prefixed("Pa", "k M G"),
    "hPa": ("Pa", Decimal(100)),
    "bar": ("Pa", Decimal(100000)),
    "mbar": ("Pa", Decimal(100)),
    **_prefixed("N", "m k"),
    **_prefixed("N·m", "m k"),
    "N⋅m": ("N·m", Decimal(1)),
    "N m": ("N·m", Decimal(1)),
    "Nm": ("N·m", Decimal(1)),
    **_prefixed("J", "k M"),
    **_prefixed("Wh", "k M"),
    **_prefixed("s", "n µ m"),
    "min": ("s", Decimal(60)),
    "h": ("s", Decimal(3600)),
    **_prefixed("g", "µ m k"),
    **_prefixed("F", "n µ m", "F"),
    "pF": ("F", Decimal("1e-12")),
    **{k: v for k, v in _prefixed("H", "µ m").items() if k != "H"},  # a bare "H" is too often a letter
    "l": ("L", Decimal(1)),
    "L": ("L", Decimal(1)),
    "ml": ("L", Decimal("1e-3")),
    "mL": ("L", Decimal("1e-3")),
    "l/min": ("L/min", Decimal(1)),
    "L/min": ("L/min", Decimal(1)),
    "m/s": ("m/s", Decimal(1)),
    "mm/s": ("m/s", Decimal("1e-3")),
    "km/h": ("m/s", Decimal(1000) / Decimal(3600)),
    "r/min": ("r/min", Decimal(1)),
    "rpm": ("r/min", Decimal(1)),
    "°C": ("°C", Decimal(1)),
    "℃": ("°C", Decimal(1)),
    "K": ("K", Decimal(1)),
    "dB": ("dB", Decimal(1)),
    "dB(A)": ("dB(A)", Decimal(1)),
    "dBA": ("dB(A)", Decimal(1)),
    "lx": ("lx", Decimal(1)),
    "cd": ("cd", Decimal(1)),
    "lm": ("lm", Decimal(1)),
    "%": ("%", Decimal(1)),
    "°": ("°", Decimal(1)),
}


# Units written in Chinese words (GB texts mostly use the symbols, as GB 3100 asks; some do not), with the symbol
# each stands for: read as that symbol and shown as it. One-character words that also begin ordinary words
# (安 in 安全, 分 in 部分, 时 in 同时) are left out. Every symbol is one of ``UNITS``.
_CHINESE_UNITS = {
    "毫米": "mm", "厘米": "cm", "米": "m", "千米": "km", "公里": "km", "伏": "V", "伏特": "V", "千伏": "kV",
    "毫伏": "mV", "安培": "A", "毫安": "mA", "微安": "µA", "赫兹": "Hz", "瓦": "W", "瓦特": "W", "千瓦": "kW",
    "摄氏度": "°C", "秒": "s", "毫秒": "ms", "分钟": "min", "小时": "h", "千克": "kg", "公斤": "kg", "克": "g",
    "毫克": "mg", "升": "L", "毫升": "mL", "帕": "Pa", "千帕": "kPa", "兆帕": "MPa", "牛": "N", "牛顿": "N",
    "分贝": "dB", "勒克斯": "lx", "欧": "Ω", "欧姆": "Ω", "千欧": "kΩ", "兆欧": "MΩ",
}  # fmt: skip
UNITS |= {word: UNITS[symbol] for word, symbol in _CHINESE_UNITS.items()}


# How a unit is shown: one symbol for each spelling ("℃" and "摄氏度" are "°C", the Greek mu is the micro sign),
# so that only a real change of unit (mA to µA) is reported as one.
_SYMBOL_SPELLINGS = {"℃": "°C", "μ": "µ", "u": "µ", "Ω": "Ω", "N⋅m": "N·m", "N m": "N·m", "Nm": "N·m", "dBA": "dB(A)"}
_SYMBOL_SPELLINGS |= {"rpm": "r/min", "l": "L", "ml": "mL", "l/min": "L/min"}
_SYMBOL_SPELLINGS |= _CHINESE_UNITS


def unit_symbol(written: str) -> str:
    """The one symbol shown for a unit as written: "℃" -> "°C", "μA" -> "µA", "毫米" -> "mm"."""
    if written in _SYMBOL_SPELLINGS:
        return _SYMBOL_SPELLINGS[written]
    for spelling, symbol in (("μ", "µ"), ("Ω", "Ω"), ("u", "µ")):
        if written.startswith(spelling) and len(written) > 1 and written[1:] in UNITS:
            return symbol + written[1:]
    return written.replace("Ω", "Ω")


@dataclass(frozen=True, slots=True)
class NumericRequirement:
    """One value with a unit and what bounds it; ``low``/``high`` bound the allowed values in the base unit of
    ``dimension`` (None: unbounded on that side, or a plain value that allows nothing else)."""

    text: str
    kind: RequirementKind
    dimension: str
    unit: str
    nominal: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    start: int = 0

    @property
    def bounded(self) -> bool:
        return self.kind != "value"

    def same_values(self, other: NumericRequirement) -> bool:
        return (
            self.dimension == other.dimension
            and self.kind == other.kind
            and self.nominal == other.nominal
            and self.low == other.low
            and self.high == other.high
            and self.low_inclusive == other.low_inclusive
            and self.high_inclusive == other.high_inclusive
        )

    def to_json(self) -> dict[str, object]:
        def number(value: Decimal | None) -> str | None:
            return None if value is None else _plain(value)

        return {
            "text": self.text,
            "kind": self.kind,
            "dimension": self.dimension,
            "unit": self.unit,
            "nominal": number(self.nominal),
            "low": number(self.low),
            "high": number(self.high),
            "low_inclusive": self.low_inclusive,
            "high_inclusive": self.high_inclusive,
        }


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True, slots=True)
class RequirementChange:
    """How one requirement differs between two versions of a clause."""

    change: ChangeKind
    before: NumericRequirement | None
    after: NumericRequirement | None

    def to_json(self) -> dict[str, object]:
        return {
            "change": self.change,
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
        }


# --- finding requirements ------------------------------------------------------------------------------------

_SPACE = "[ \u00a0\u2009\u202f]"
_NUM = rf"[-−+]?(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(?:[.,]\d+)?"
_LEFT = r"(?<![A-Za-z0-9_.,/:-])"  # not inside an identifier ("60335-1", "ISO 7000:2014") or a number
_UNIT = "(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + r")(?![A-Za-z0-9µμ²³])"
_PM = r"(?:±|\+/-|\+/−|\+-)"
_TO = r"(?P<to>to|and|~|～|–|至|到)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paren", re.compile(rf"\(\s*(?P<n>{_NUM})\s*{_PM}\s*(?P<t>{_NUM})\s*\)\s?(?P<u>{_UNIT})")),
    ("range", re.compile(rf"{_LEFT}(?P<a>{_NUM})\s?(?P<ua>{_UNIT})?\s*{_TO}\s*(?P<b>{_NUM})\s?(?P<ub>{_UNIT})")),
    (
        "asym",
        re.compile(
            rf"{_LEFT}(?P<n>{_NUM})\s?(?P<u>{_UNIT})\s*\+\s*(?P<p>\d+(?:[.,]\d+)?)\s?(?P<up>{_UNIT})?\s*/?\s*"
            rf"[-−]\s*(?P<m>\d+(?:[.,]\d+)?)\s?(?P<um>{_UNIT})?"
        ),
    ),
    ("tolerance", re.compile(rf"{_LEFT}(?P<n>{_NUM})\s?(?P<u>{_UNIT})\s*{_PM}\s*(?P<t>{_NUM})\s?(?P<ut>{_UNIT})?")),
    ("bare-tolerance", re.compile(rf"{_PM}\s*(?P<t>\d+(?:[.,]\d+)?)\s?(?P<u>{_UNIT})")),
    ("value", re.compile(rf"{_LEFT}(?P<n>{_NUM})\s?(?P<u>{_UNIT})")),
)

# Fixed-width look-behinds keep "not less than" (a lower limit) from reading as "less than" (an upper one).
_NOT = r"(?<!not\s)(?<!no\s)(?<!not\sbe\s)"
# Chinese puts a modal verb between the negation and the comparison: 不应超过 (shall not exceed), 不得大于 (must not
# be greater than), 不宜低于; a comparison word is bare (大于: greater than) only without a negation before it.
_MODAL = r"[应得宜能可]?"
_BARE = r"(?<!不)(?<!不[应得宜能可])"
_UPPER_BEFORE = re.compile(
    rf"(?:not\s+(?:to\s+)?exceed(?:ing)?|(?:not|no)\s+(?:be\s+)?(?:more|greater|higher)\s+than|not\s+(?:be\s+)?above|"
    rf"(?:a\s+)?maximum(?:\s+of)?|max\.?|up\s+to|{_NOT}less\s+than(?:\s+or\s+equal\s+to)?|{_NOT}lower\s+than|"
    rf"{_NOT}below|≤|⩽|<|=<|不{_MODAL}(?:大于|超过|高于|多于)|{_BARE}(?:小于|低于)|最大|最高|至多)\s*(?:为\s*)?$",
    re.IGNORECASE,
)
_LOWER_BEFORE = re.compile(
    rf"(?:at\s+least|(?:not|no)\s+(?:be\s+)?(?:less|lower|fewer)\s+than|not\s+(?:be\s+)?below|(?:a\s+)?minimum(?:\s+of)?|min\.?|"
    rf"{_NOT}(?:greater|more|higher)\s+than(?:\s+or\s+equal\s+to)?|{_NOT}above|{_NOT}exceeding|≥|⩾|>|=>|"
    rf"不{_MODAL}(?:小于|低于|少于)|至少|{_BARE}(?:大于|高于)|最小|最低)\s*(?:为\s*)?$",
    re.IGNORECASE,
)
_UPPER_AFTER = re.compile(r"^\s*(?:max\.?|maximum|or\s+less|及以下|以下)(?![A-Za-z])", re.IGNORECASE)
_LOWER_AFTER = re.compile(r"^\s*(?:min\.?|minimum|or\s+more|及以上|以上)(?![A-Za-z])", re.IGNORECASE)
_STRICT = re.compile(
    rf"(?:{_NOT}(?:less|lower|greater|more|higher)\s+than|(?:^|[^=])[<>]|{_BARE}(?:小于|大于|低于|高于))\s*$",
    re.IGNORECASE,
)
# A number that names a clause, table or figure ("clause 4 A" is no current of 4 A).
_NOT_A_QUANTITY = re.compile(
    r"(?:clause|subclause|table|figure|annex|part|note|example|formula|equation|step|item|no\.|第|条|表|图)\s*$",
    re.IGNORECASE,
)
_COMMA_DECIMAL = re.compile(rf"{_LEFT}\d+,(?:\d{{1,2}}|\d{{4,}})(?!\d)\s?{_UNIT}")
_COMMA_THOUSANDS = re.compile(rf"{_LEFT}\d{{1,3}}(?:,\d{{3}})+(?![\d,])\s?{_UNIT}")


def decimal_comma(text: str) -> bool:
    """Whether commas in numbers are decimal marks (ISO, IEC, most of Europe) rather than thousands separators.

    True unless the text groups thousands with commas ("1,000 V") and never writes an unmistakable decimal
    comma ("0,5 mm", "2,75 A").
    """
    folded = text.translate(FULL_WIDTH)
    return _COMMA_DECIMAL.search(folded) is not None or _COMMA_THOUSANDS.search(folded) is None


def find_requirements(text: str, *, comma_is_decimal: bool = True) -> list[NumericRequirement]:
    """The numeric requirements of a text, in the order they are written."""
    folded = text.translate(FULL_WIDTH)  # one character for one: spans stay valid in ``text``
    taken: list[tuple[int, int]] = []
    found: list[NumericRequirement] = []
    for form, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            requirement = _requirement(form, m, folded, text, comma_is_decimal)
            if requirement is not None:
                taken.append((m.start(), m.end()))
                found.append(requirement)
    return sorted(found, key=lambda r: r.start)


def _number(raw: str, comma_is_decimal: bool) -> Decimal | None:
    value = re.sub(_SPACE, "", raw).replace("−", "-").lstrip("+")
    value = value.replace(",", ".") if comma_is_decimal else value.replace(",", "")
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _requirement(
    form: str, m: re.Match[str], folded: str, text: str, comma_is_decimal: bool
) -> NumericRequirement | None:
    def num(group: str) -> Decimal | None:
        raw = m.group(group)
        return None if raw is None else _number(raw, comma_is_decimal)

    written = " ".join(text[m.start() : m.end()].split())  # as written, on one line
    if form in ("paren", "tolerance", "asym", "value"):
        unit = m.group("u")
        dimension, factor = UNITS[unit]
        nominal = num("n")
        if nominal is None:
            return None
        nominal *= factor
        if form == "value":
            return _limited(written, dimension, unit, nominal, m, folded)
        if form == "asym":
            plus = _tolerance(num("p"), m.group("up") or unit, nominal, dimension)
            minus = _tolerance(num("m"), m.group("um") or unit, nominal, dimension)
            if plus is None or minus is None:
                return None
            return NumericRequirement(
                written,
                "tolerance",
                dimension,
                unit_symbol(unit),
                nominal,
                nominal - minus,
                nominal + plus,
                start=m.start(),
            )
        tolerance_unit = unit if form == "paren" else (m.group("ut") or unit)
        tolerance = _tolerance(num("t"), tolerance_unit, nominal, dimension)
        if tolerance is None:
            return None
        return NumericRequirement(
            written,
            "tolerance",
            dimension,
            unit_symbol(unit),
            nominal,
            nominal - tolerance,
            nominal + tolerance,
            start=m.start(),
        )
    if form == "range":
        unit = m.group("ub")
        dimension, factor = UNITS[unit]
        low, high = num("a"), num("b")
        first_unit = m.group("ua")
        if low is None or high is None:
            return None
        if first_unit is not None:
            if UNITS[first_unit][0] != dimension:
                return None
            low_factor = UNITS[first_unit][1]
        else:
            low_factor = factor
        between = re.search(r"between\s*$", folded[max(0, m.start() - 12) : m.start()], re.IGNORECASE)
        if m.group("to") == "and" and between is None:
            return None  # "10 V and 20 V" without "between" is two values, not a range
        low, high = low * low_factor, high * factor
        if low > high:
            return None
        return NumericRequirement(written, "range", dimension, unit_symbol(unit), None, low, high, start=m.start())
    # a tolerance with no nominal value: "±0,5 mm"
    unit = m.group("u")
    dimension, factor = UNITS[unit]
    tolerance = num("t")
    if tolerance is None:
        return None
    tolerance *= factor
    return NumericRequirement(
        written, "tolerance", dimension, unit_symbol(unit), None, -tolerance, tolerance, start=m.start()
    )


def _tolerance(value: Decimal | None, unit: str, nominal: Decimal, dimension: str) -> Decimal | None:
    """The tolerance in the nominal value's base unit; a percentage is of the nominal value."""
    if value is None:
        return None
    tolerance_dimension, factor = UNITS[unit]
    if tolerance_dimension == "%" and dimension != "%":
        return abs(nominal) * value / 100
    if tolerance_dimension != dimension:
        return None
    return value * factor


def _limited(
    written: str, dimension: str, unit: str, value: Decimal, m: re.Match[str], folded: str
) -> NumericRequirement | None:
    before = folded[max(0, m.start() - 40) : m.start()]
    before = re.split(r"[.;。；:：,，]\s|[。；：，]", before)[-1]
    after = folded[m.end() : m.end() + 12]
    if _NOT_A_QUANTITY.search(before):
        return None
    if _UPPER_BEFORE.search(before) or _UPPER_AFTER.match(after):
        strict = _STRICT.search(before) is not None
        return NumericRequirement(
            written,
            "upper-limit",
            dimension,
            unit_symbol(unit),
            None,
            None,
            value,
            high_inclusive=not strict,
            start=m.start(),
        )
    if _LOWER_BEFORE.search(before) or _LOWER_AFTER.match(after):
        strict = _STRICT.search(before) is not None
        return NumericRequirement(
            written,
            "lower-limit",
            dimension,
            unit_symbol(unit),
            None,
            value,
            None,
            low_inclusive=not strict,
            start=m.start(),
        )
    return NumericRequirement(written, "value", dimension, unit_symbol(unit), value, start=m.start())


# --- comparing -----------------------------------------------------------------------------------------------


def compare_requirements(before: list[NumericRequirement], after: list[NumericRequirement]) -> list[RequirementChange]:
    """The differences between the requirements of two versions of a clause; unchanged ones are left out.

    Identical requirements are paired first, wherever they stand; what is left is paired in order within each
    dimension (the second voltage with the second voltage); the rest was added or removed. Changes come in the
    order of the old text, then the requirements added.
    """
    changes: list[RequirementChange] = []
    rest_a = list(before)
    rest_b = list(after)
    for a in list(rest_a):
        twin = next((b for b in rest_b if b.same_values(a) and b.text == a.text), None)
        twin = twin or next((b for b in rest_b if b.same_values(a)), None)
        if twin is None:
            continue
        rest_a.remove(a)
        rest_b.remove(twin)
        if twin.unit != a.unit:
            changes.append(RequirementChange("unit-changed", a, twin))
    for a in list(rest_a):
        b = next((b for b in rest_b if b.dimension == a.dimension), None)
        if b is None:
            continue
        rest_a.remove(a)
        rest_b.remove(b)
        changes.append(RequirementChange(_change_between(a, b), a, b))
    changes.extend(RequirementChange("removed", a, None) for a in rest_a)
    changes.sort(key=lambda c: c.before.start if c.before else 0)
    return changes + [RequirementChange("added", None, b) for b in rest_b]


def _change_between(a: NumericRequirement, b: NumericRequirement) -> ChangeKind:
    if not (a.bounded and b.bounded):
        return "value-changed"
    a_in_b = _within(a, b)
    b_in_a = _within(b, a)
    if b_in_a and not a_in_b:
        return "tightened"
    if a_in_b and not b_in_a:
        return "relaxed"
    return "value-changed"


def _within(inner: NumericRequirement, outer: NumericRequirement) -> bool:
    """Whether every value ``inner`` allows is allowed by ``outer``."""
    if outer.low is not None:
        if inner.low is None or inner.low < outer.low:
            return False
        if inner.low == outer.low and inner.low_inclusive and not outer.low_inclusive:
            return False
    if outer.high is not None:
        if inner.high is None or inner.high > outer.high:
            return False
        if inner.high == outer.high and inner.high_inclusive and not outer.high_inclusive:
            return False
    return True
