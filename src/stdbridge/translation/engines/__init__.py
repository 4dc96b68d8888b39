"""Machine-translation engines behind one small interface (``interfaces.Engine``: a ``name`` and
``translate(texts, source_lang, target_lang)``), and the one place that picks the configured one.

- ``offline``: memory matches, then termbase-and-lexicon drafts; no model, no network (always available);
- ``libretranslate``: any LibreTranslate-compatible HTTP service;
- ``openai``: an OpenAI-compatible chat-completions endpoint (OpenAI, or a self-hosted model that speaks its API);
- ``argos``: Argos Translate with a model installed for the pair (``pip install 'stdbridge[argos]'``).

The engine is configured by the environment (the platform has no other settings file)::

    STDBRIDGE_MT_ENGINE   offline (default) | libretranslate | openai | argos
    STDBRIDGE_MT_URL      the service's base URL (libretranslate: http://host:5000; openai: https://host/v1)
    STDBRIDGE_MT_KEY      its API key, if it wants one
    STDBRIDGE_MT_MODEL    the model name (openai)
    STDBRIDGE_MT_TIMEOUT  seconds to wait for one request (default 60)

``engine_from_settings()`` builds the configured engine; ``available_engines()`` says which engines a page may
offer (the offline one always, the configured remote one, Argos when a model for the pair is installed).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.language.lexicon import Lexicon
from stdbridge.translation.engines.http import DEFAULT_TIMEOUT
from stdbridge.translation.engines.offline import OfflineEngine
from stdbridge.translation.interfaces import Engine, MemoryLookup, TermLookup

__all__ = ["ENGINE_NAMES", "EngineSettings", "OfflineEngine", "available_engines", "engine_from_settings"]

ENGINE_NAMES = ("offline", "libretranslate", "openai", "argos")


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """Which engine to use and how to reach it (read from the environment by ``from_environment``)."""

    engine: str = "offline"
    url: str | None = None
    key: str | None = None
    model: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> EngineSettings:
        env = os.environ if environ is None else environ
        engine = (env.get("STDBRIDGE_MT_ENGINE") or "offline").strip().lower()
        if engine not in ENGINE_NAMES:
            raise UsageError(
                _("STDBRIDGE_MT_ENGINE={value} names no engine; the engines are: {names}").format(
                    value=engine, names=", ".join(ENGINE_NAMES)
                ),
                source="STDBRIDGE_MT_ENGINE",
            )
        raw_timeout = (env.get("STDBRIDGE_MT_TIMEOUT") or "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            timeout = -1.0
        if not timeout > 0:
            raise UsageError(
                _("STDBRIDGE_MT_TIMEOUT={value} is not a number of seconds above 0").format(value=raw_timeout),
                source="STDBRIDGE_MT_TIMEOUT",
            )
        return cls(
            engine=engine,
            url=(env.get("STDBRIDGE_MT_URL") or "").strip() or None,
            key=(env.get("STDBRIDGE_MT_KEY") or "").strip() or None,
            model=(env.get("STDBRIDGE_MT_MODEL") or "").strip() or None,
            timeout=timeout,
        )


def engine_from_settings(
    settings: EngineSettings | None = None,
    *,
    memory: MemoryLookup | None = None,
    terms: TermLookup | None = None,
    lexicon: Lexicon | None = None,
    user_id: int | None = None,
) -> Engine:
    """The configured engine (``settings`` default: the environment's). ``memory``, ``terms`` and ``lexicon`` feed
    the offline engine; ``terms`` also gives the openai engine the terms of each batch. A remote engine without its
    URL (or model) raises ``UsageError`` naming the variable to set; Argos without its package, ``MissingExtra``."""
    settings = settings or EngineSettings.from_environment()
    if settings.engine == "offline":
        return OfflineEngine(memory, terms, lexicon, user_id=user_id)
    if settings.engine == "argos":
        from stdbridge.translation.engines.argos import ArgosEngine

        return ArgosEngine()
    if settings.url is None:
        raise UsageError(
            _("the {engine} engine needs the address of its service in STDBRIDGE_MT_URL").format(
                engine=settings.engine
            ),
            source="STDBRIDGE_MT_URL",
        )
    if settings.engine == "libretranslate":
        from stdbridge.translation.engines.libretranslate import LibreTranslateEngine

        return LibreTranslateEngine(settings.url, api_key=settings.key, timeout=settings.timeout)
    if settings.model is None:
        raise UsageError(
            _("the openai engine needs the name of a model in STDBRIDGE_MT_MODEL"), source="STDBRIDGE_MT_MODEL"
        )
    from stdbridge.translation.engines.openai import OpenAIEngine

    return OpenAIEngine(settings.url, settings.model, api_key=settings.key, timeout=settings.timeout, terms=terms)


def available_engines(source_lang: str, target_lang: str, settings: EngineSettings | None = None) -> list[str]:
    """The engines a page may offer for a pair, in this order: ``offline`` (always), the configured remote engine
    (libretranslate or openai, when its URL, and model, are set), ``argos`` when a model for the pair is installed.
    Nothing is asked of a remote service here: whether it answers shows when it is used."""
    settings = settings or EngineSettings.from_environment()
    names = ["offline"]
    if settings.engine == "libretranslate" and settings.url:
        names.append("libretranslate")
    if settings.engine == "openai" and settings.url and settings.model:
        names.append("openai")
    from stdbridge.translation.engines.argos import argos_pairs

    if (source_lang, target_lang) in argos_pairs():
        names.append("argos")
    return names
