"""An engine for any LibreTranslate-compatible HTTP service (LibreTranslate itself, and services that copy its API).

``POST {url}/translate`` with ``{"q": [text, ...], "source": "zh", "target": "en", "format": "text"}`` (and
``api_key`` when the service wants one) answers ``{"translatedText": [translation, ...]}``, one per text. Texts go
in batches of ``batch_size``; each answer is checked to hold exactly one string per text asked.

LibreTranslate names simplified Chinese ``zh`` in older releases and ``zh-Hans`` in newer ones: ``languages`` maps
stdbridge's codes to the service's where they differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import httpx2

from stdbridge.translation.engines.http import DEFAULT_TIMEOUT, malformed, post_json, wrong_count
from stdbridge.translation.model import EngineResult

__all__ = ["LibreTranslateEngine"]


class LibreTranslateEngine:
    """A LibreTranslate-compatible service at ``url`` (``http://localhost:5000``)."""

    name = "libretranslate"

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        batch_size: int = 50,
        languages: Mapping[str, str] | None = None,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.batch_size = max(1, batch_size)
        self.languages = dict(languages or {})
        self._client = httpx2.Client(timeout=timeout, transport=transport)

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[EngineResult]:
        results: list[EngineResult] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            payload: dict[str, object] = {
                "q": batch,
                "source": self.languages.get(source_lang, source_lang),
                "target": self.languages.get(target_lang, target_lang),
                "format": "text",
            }
            if self.api_key:
                payload["api_key"] = self.api_key
            answer = post_json(self._client, self.name, f"{self.url}/translate", payload)
            translated = answer.get("translatedText") if isinstance(answer, dict) else None
            if not isinstance(translated, list):
                raise malformed(self.name, "no list under 'translatedText'")
            if len(translated) != len(batch):
                raise wrong_count(self.name, len(batch), len(translated))
            if not all(isinstance(text, str) for text in translated):
                raise malformed(self.name, "a translation that is not text")
            results.extend(EngineResult(text=text, engine=self.name) for text in translated)
        return results

    def close(self) -> None:
        self._client.close()
