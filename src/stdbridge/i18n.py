"""User-facing text in English and Chinese, through gettext.

Messages are written in English and translated from
``locale/zh_CN/LC_MESSAGES/stdbridge.po`` (compiled by
``scripts/compile_messages.py``). The language is chosen per context — the
command line sets it from ``--lang``, ``STDBRIDGE_LANG`` or the locale, the web
layer per request — so the core can raise translated errors without knowing
who is asking.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache
from importlib.resources import files

LANGUAGES = ("en", "zh")
_language: ContextVar[str] = ContextVar("stdbridge_language", default="en")


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    folder = files("stdbridge") / "locale"
    return _gettext.translation("stdbridge", localedir=str(folder), languages=["zh_CN"], fallback=True)


def language_from_environment() -> str:
    """``STDBRIDGE_LANG``, else the POSIX locale variables; Chinese when they name it, English otherwise."""
    for name in ("STDBRIDGE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def preferred_language(accept_language: str) -> str:
    """The first of Chinese and English the browser accepts, by its weights; English when it names neither.

    >>> preferred_language("zh-CN,zh;q=0.9,en;q=0.8")
    'zh'
    >>> preferred_language("fr-FR,en;q=0.5,zh;q=0.4")
    'en'
    >>> preferred_language("de")
    'en'
    """
    best, best_weight = "en", 0.0
    for position, item in enumerate(accept_language.split(",")[:20]):
        tag, _sep, params = item.strip().partition(";")
        lang = tag.strip().lower()[:2]
        if lang not in LANGUAGES:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weight -= position * 1e-6  # equal weights: the one named first
        if weight > best_weight:
            best, best_weight = lang, weight
    return best


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    _language.set(lang)


def current_language() -> str:
    return _language.get()


def _(message: str) -> str:
    """The message in the current language."""
    return _translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The message for a count ``n``, in the plural form the current language gives it: "1 record", "2 records";
    Chinese has one form ("1 条记录", "2 条记录")."""
    return _translations(_language.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The message in the current language, where ``context`` tells apart two uses of the same English words."""
    return _translations(_language.get()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations(_language.get()).npgettext(context, singular, plural, n)


# Chinese punctuation takes no space after it (nor before it): "您是否要找：ISO 9001", "……的标准。828 条记录……".
FULL_WIDTH_PUNCTUATION = "，。；：？！（）、“”‘’《》「」【】…"


def spaced(text: str) -> str:
    """``text`` with the space that comes before what follows it: none after full-width punctuation.

    >>> spaced("Did you mean:"), spaced("您是否要找：")
    ('Did you mean: ', '您是否要找：')
    """
    return text if not text or text[-1] in FULL_WIDTH_PUNCTUATION else text + " "


def sentences(*parts: str) -> str:
    """Sentences (or clauses) of one paragraph, one after the other: a space between them, none after full-width
    punctuation.

    >>> sentences("Fields count twice.", "3 records have none.")
    'Fields count twice. 3 records have none.'
    >>> sentences("两处各计一次。", "3 条记录没有。")
    '两处各计一次。3 条记录没有。'
    """
    return "".join(spaced(part) if i < len(parts) - 1 else part for i, part in enumerate(p for p in parts if p))


def listed(items: Iterable[str]) -> str:
    """Items of a list, with the separator of the current language: ", " in English, "、" in Chinese."""
    return pgettext("between the items of a list", ", ").join(items)


def in_clauses(parts: Iterable[str]) -> str:
    """Clauses of one sentence, with the semicolon of the current language: "; " in English, "；" in Chinese."""
    return pgettext("between the clauses of a sentence", "; ").join(parts)


def aside(text: str, note: object) -> str:
    """A text and a note on it in brackets, as the current language writes them: "ISO 9001:2015 (IDT)",
    "ISO 9001:2015（IDT）"."""
    return _("{text} ({note})").format(text=text, note=note)


def labelled(label: str, value: object) -> str:
    """A label and its value, with the colon of the current language: "Status: in force", "状态：现行"."""
    return _("{label}: {value}").format(label=label, value=value)


def in_every_language(message: str) -> frozenset[str]:
    """``message`` as each language of ``LANGUAGES`` says it: to recognise a text written in any of them."""
    return frozenset(_translations(lang).gettext(message) for lang in LANGUAGES)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here (it is translated where shown)."""
    return message


# Words that reach users through data rather than literal calls: relation names, evidence, match kinds.
DATA_WORDS = (
    N_("adopts"), N_("adopted-as"), N_("replaces"), N_("replaced-by"), N_("amends"), N_("amended-by"),
    N_("corrects"), N_("corrected-by"), N_("edition-of"), N_("references"), N_("referenced-by"), N_("equivalent"),
    N_("revises"), N_("revised-by"),
    N_("declared"), N_("identifier"), N_("derived"),
    N_("edition"), N_("current edition of the work"), N_("compact key"),
    N_("in-force"), N_("announced"), N_("under-development"), N_("replaced"), N_("withdrawn"), N_("cancelled"),
    N_("unknown"), N_("not-yet-published"),
    N_("standard"), N_("technical-specification"), N_("technical-report"), N_("publicly-available-specification"),
    N_("guide"), N_("recommendation"), N_("amendment"), N_("corrigendum"), N_("draft"), N_("workshop-agreement"),
    N_("handbook"), N_("other"),
)  # fmt: skip
