"""The foreign-language versions of a standard, as a catalogue cell lists them (``外文版`` of the GB layout).

A cell lists one version a piece, separated by ``;``, ``；``, ``、`` or lines; each piece is a language, then in
brackets its status and, after a comma, who issues it::

    英文（已发布）；俄文（制定中，国家标准化管理委员会）
    English (published); Russian (in preparation)
    en; fr (in-preparation)

The language is an ISO 639 code or its name in English or Chinese (``英文``, ``英语``, ``English``), read with
pycountry's ISO 639-3 list and its Chinese translation; the status is published (``已发布``, ``发布``, the default)
or in preparation (``制定中``, ``正在制定``, ``在研``, ``翻译中``). The record keeps them in
``Standard.extra["foreign_versions"]`` as ``[{"language": "en", "status": "published", "issuer": ...}]``; the
issuer is left out when the cell does not name one (the standard's own body issues it).

>>> for version in foreign_versions("英文（已发布）；俄文（制定中，国家标准化管理委员会）", lambda value, reason: None):
...     print(version)
{'language': 'en', 'status': 'published'}
{'language': 'ru', 'status': 'in-preparation', 'issuer': '国家标准化管理委员会'}
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Callable
from functools import cache

import pycountry

FOREIGN_VERSIONS = "foreign_versions"  # the key of Standard.extra that holds them

STATUSES = {
    "published": "published", "已发布": "published", "发布": "published", "已出版": "published",
    "in preparation": "in-preparation", "in-preparation": "in-preparation", "制定中": "in-preparation",
    "正在制定": "in-preparation", "在研": "in-preparation", "翻译中": "in-preparation", "计划": "in-preparation",
}  # fmt: skip
_PIECES = re.compile(r"[;；、\n]+")
_PIECE = re.compile(r"^(?P<language>[^(（]+?)\s*(?:[(（](?P<inside>[^)）]*)[)）])?$")


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _languages() -> dict[str, str]:
    """Language name or code (folded) -> ISO 639-1 code where there is one, else ISO 639-3."""
    chinese = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    found: dict[str, str] = {}
    languages = list(pycountry.languages)
    for language in languages:  # codes first: "en" is English, though a language is named "En"
        code = str(getattr(language, "alpha_2", "") or language.alpha_3)
        found.setdefault(code, code)
        found.setdefault(str(language.alpha_3), code)
    for language in languages:
        code = str(getattr(language, "alpha_2", "") or language.alpha_3)
        names = [str(language.name)]
        zh = chinese.gettext(str(language.name))
        if zh != language.name:
            names += [zh, zh.removesuffix("语") + "文"]  # 英语 and 英文 both name English
        for name in names:
            found.setdefault(_key(name), code)
    return found


def language_name(code: str, lang: str = "en") -> str:
    """A language's name in English, or in Chinese (``lang="zh"``), from pycountry; the code when unknown."""
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    if lang == "zh":
        chinese = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
        return chinese.gettext(str(found.name))
    return str(found.name)


def language_code(text: str) -> str | None:
    """The code of a language named by its code or its English or Chinese name; None when unknown."""
    return _languages().get(_key(text))


def foreign_versions(text: str, drop: Callable[[str, str], None]) -> list[dict[str, str]]:
    """The versions a cell lists (see the module); a piece that cannot be read goes to ``drop(value, reason)``."""
    found: list[dict[str, str]] = []
    for piece in (p.strip() for p in _PIECES.split(text)):
        if not piece:
            continue
        matched = _PIECE.match(piece)
        language = language_code(matched.group("language")) if matched else None
        if matched is None or language is None:
            drop(piece, f"{piece!r} does not name a language (an ISO 639 code, or a name such as 英文 or English)")
            continue
        status, issuer = "published", ""
        if matched.group("inside"):
            parts = [p.strip() for p in re.split(r"[,，]", matched.group("inside"), maxsplit=1)]
            status_text = _key(parts[0])
            if status_text not in STATUSES:
                drop(piece, f"{parts[0]!r} is not a status of a foreign-language version (published, in preparation)")
                continue
            status = STATUSES[status_text]
            issuer = parts[1] if len(parts) > 1 else ""
        version = {"language": language, "status": status}
        if issuer:
            version["issuer"] = issuer
        found.append(version)
    return found


__all__ = ["FOREIGN_VERSIONS", "STATUSES", "foreign_versions", "language_code", "language_name"]
