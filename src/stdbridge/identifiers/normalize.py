"""Unicode clean-up before parsing, and the Cyrillic transliteration of designations.

>>> clean("GB／T\u3000７７１４－2015")
'GB/T 7714-2015'
>>> clean("GB/T 19001—2016")
'GB/T 19001-2016'
>>> clean("  ISO\u00a09001:2015\u200b ")
'ISO 9001:2015'
>>> transliterate("ГОСТ Р ИСО/МЭК 17025-2019")
'GOST R ISO/IEC 17025-2019'
"""

from __future__ import annotations

import re
import unicodedata

from stdbridge.errors import InvalidFormat

# NFKC already maps full-width forms, U+3000 and no-break spaces; these are the rest.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u2e3a\u2e3b\u30fc"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_TABLE: dict[int, str | None] = {ord(c): "-" for c in _DASHES}
_TABLE.update({ord(c): None for c in _ZERO_WIDTH})
_TABLE.update({ord(c): " " for c in "\u00a0\u2007\u202f\u3000\t\n\r\x0b\x0c"})
_TABLE[ord("\u3001")] = ","


def clean(text: object) -> str:
    """Normalise the Unicode of an identifier: NFKC, dashes, spaces, zero-width characters."""
    if not isinstance(text, str):
        raise InvalidFormat(f"an identifier must be text, not {type(text).__name__}", value=repr(text)[:200])
    if text.isascii():
        if "  " in text or "\t" in text or "\n" in text or "\r" in text or text[:1] == " " or text[-1:] == " ":
            return " ".join(text.split())
        return text
    text = unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE)
    return " ".join(text.split())


# Whole Cyrillic words used in designations, then a letter table for the rest.
CYRILLIC_WORDS = {
    "ГОСТ": "GOST",
    "Р": "R",
    "ИСО": "ISO",
    "МЭК": "IEC",
    "ЕН": "EN",
    "СИСПР": "CISPR",
    "ИСО/МЭК": "ISO/IEC",
    "СТБ": "STB",
    "ДСТУ": "DSTU",
    "СТ": "ST",
    "СЭВ": "SEV",
    "ОСТ": "OST",
    "ТУ": "TU",
    "ПР": "PR",
    "РД": "RD",
    "СП": "SP",
    "ОК": "OK",
    "МУ": "MU",
    "ПНСТ": "PNST",
    "ТО": "TR",  # технический отчёт: ISO/TR is written ИСО/ТО
    "ТС": "TS",
    "МИ": "MI",
}
_LETTERS = str.maketrans(
    {
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH", "З": "Z", "И": "I",
        "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T",
        "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ъ": "", "Ы": "Y",
        "Ь": "", "Э": "E", "Ю": "YU", "Я": "YA",
    }
)  # fmt: skip
_CYR_WORD = re.compile(r"[А-ЯЁа-яё]+")


def _word(m: re.Match[str]) -> str:
    w = m[0].upper()
    return CYRILLIC_WORDS.get(w) or w.translate(_LETTERS)


def transliterate(text: str) -> str:
    """Latin spelling of the Cyrillic words of a designation (ГОСТ Р ИСО -> GOST R ISO)."""
    if text.isascii():
        return text
    return _CYR_WORD.sub(_word, text)


_NOT_KEY = re.compile(r"[^A-Z0-9]+")


def compact(text: str) -> str:
    """Upper-case letters and digits only, after transliteration (no cleaning)."""
    return _NOT_KEY.sub("", transliterate(text).upper())
