"""An engine for Argos Translate (offline neural translation), when the user has installed the ``argostranslate``
package (``pip install 'stdbridge[argos]'``) and a model package for the language pair (``argospm install
translate-zh_en``). Without the package it raises ``MissingExtra``; without a model for the pair, ``EngineFailed``
naming the pair and how to install it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stdbridge.errors import EngineFailed, MissingExtra
from stdbridge.i18n import _
from stdbridge.translation.model import EngineResult

__all__ = ["ArgosEngine", "argos_pairs"]


def _translate_module() -> Any:
    try:
        from argostranslate import translate
    except ImportError as exc:
        raise MissingExtra("argos", exc) from None
    return translate


def argos_pairs() -> list[tuple[str, str]]:
    """The (source, target) language pairs of the installed Argos models; [] when Argos is not installed."""
    try:
        translate = _translate_module()
    except MissingExtra:
        return []
    languages = translate.get_installed_languages()
    return [
        (source.code, target.code)
        for source in languages
        for target in languages
        if source.code != target.code and source.get_translation(target) is not None
    ]


class ArgosEngine:
    """Argos Translate with the models installed on this machine."""

    name = "argos"

    def __init__(self) -> None:
        self._translate = _translate_module()

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[EngineResult]:
        languages = {language.code: language for language in self._translate.get_installed_languages()}
        source, target = languages.get(source_lang), languages.get(target_lang)
        translation = source.get_translation(target) if source is not None and target is not None else None
        if translation is None:
            raise EngineFailed(
                _(
                    "argos: no model is installed for {source} to {target}; install one with: "
                    "argospm install translate-{source}_{target}"
                ).format(source=source_lang, target=target_lang),
                engine=self.name,
            )
        results = []
        for text in texts:
            try:
                translated = translation.translate(text)
            except Exception as exc:  # the model's own errors: whatever it raises, the segment is not lost
                raise EngineFailed(
                    _("argos: the model failed on a text ({reason})").format(reason=exc), engine=self.name
                ) from None
            results.append(EngineResult(text=str(translated), engine=self.name))
        return results
