"""An engine for an OpenAI-compatible chat-completions endpoint: OpenAI, and the many self-hosted servers that
speak its API (llama.cpp's server, vLLM, Ollama's ``/v1``, LocalAI ...).

``POST {base_url}/chat/completions`` with a system prompt asking for a faithful translation that keeps numbers,
units, standard identifiers, clause numbers and the inline tags (``<g1>…</g1>``, ``<x2/>``) as they are and uses
the termbase's terms given for the batch, and a user message holding the segments as a JSON list of
``{"id": n, "text": ...}``. The model must answer ``{"translations": [{"id": n, "text": ...}, ...]}``: one per
segment, every id once; anything else raises ``EngineFailed``. Segments go ``batch_size`` to a request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import httpx2

from stdbridge.translation.engines.http import DEFAULT_TIMEOUT, malformed, post_json, wrong_count
from stdbridge.translation.interfaces import TermLookup
from stdbridge.translation.model import EngineResult, TermStatus

__all__ = ["SYSTEM_PROMPT", "OpenAIEngine"]

LANGUAGE_NAMES = {"zh": "Chinese (simplified)", "en": "English"}

SYSTEM_PROMPT = """You translate the text of technical standards from {source} into {target}.
Translate faithfully and completely, in the register of a published standard; add nothing, explain nothing.
Keep exactly as written: numbers, units, tolerances and limits; standard identifiers (ISO 9001:2015, GB/T 19001-2016,
IEC 60335-1); clause, table and figure numbers; and the inline tags <g1>...</g1> and <x2/> (every tag of a segment
in its translation, around the matching words).
Where a term of the given termbase occurs, use its given translation.
The user sends a JSON object whose "segments" is a list of {{"id": number, "text": string}}.
Answer with a JSON object only: {{"translations": [{{"id": number, "text": string}}, ...]}}, one translation per
segment, with the same ids, in the same order."""

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class OpenAIEngine:
    """A chat-completions endpoint at ``base_url`` (``https://api.openai.com/v1``, ``http://localhost:8080/v1``)
    asked to use ``model``; ``terms`` (optional) gives the termbase terms of each batch to the prompt."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        batch_size: int = 20,
        terms: TermLookup | None = None,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.batch_size = max(1, batch_size)
        self.terms = terms
        self._client = httpx2.Client(timeout=timeout, transport=transport)

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[EngineResult]:
        results: list[EngineResult] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            results.extend(self._translate_batch(batch, source_lang, target_lang))
        return results

    def request_body(self, batch: Sequence[str], source_lang: str, target_lang: str) -> dict[str, Any]:
        """The chat-completions request for one batch (shown here so that tests and users can read it)."""
        system = SYSTEM_PROMPT.format(
            source=LANGUAGE_NAMES.get(source_lang, source_lang), target=LANGUAGE_NAMES.get(target_lang, target_lang)
        )
        user: dict[str, Any] = {"segments": [{"id": i, "text": text} for i, text in enumerate(batch, 1)]}
        glossary = self._glossary(batch, source_lang, target_lang)
        if glossary:
            user["termbase"] = glossary
        return {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": json.dumps(user, ensure_ascii=False)},
            ],
        }

    def _glossary(self, batch: Sequence[str], source_lang: str, target_lang: str) -> list[dict[str, str]]:
        if self.terms is None:
            return []
        seen: dict[str, str] = {}
        for text in batch:
            for hit in self.terms.terms_in(text, source_lang, target_lang):
                wanted = [t for t in hit.concept.terms if t.lang == target_lang and t.status != TermStatus.DEPRECATED]
                wanted.sort(key=lambda t: t.status != TermStatus.PREFERRED)
                if wanted:
                    seen.setdefault(hit.found.text, wanted[0].text)
        return [{"source": source, "target": target} for source, target in seen.items()]

    def _translate_batch(self, batch: list[str], source_lang: str, target_lang: str) -> list[EngineResult]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        url = f"{self.base_url}/chat/completions"
        answer = post_json(self._client, self.name, url, self.request_body(batch, source_lang, target_lang), headers)
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise malformed(self.name, "no choices[0].message.content") from None
        if not isinstance(content, str):
            raise malformed(self.name, "the message content is not text")
        try:
            parsed = json.loads(_FENCE.sub("", content.strip()))
        except ValueError:
            raise malformed(self.name, f"the model did not answer JSON: {content[:80]}") from None
        items = parsed.get("translations") if isinstance(parsed, dict) else parsed
        if not isinstance(items, list):
            raise malformed(self.name, "no list of translations")
        if len(items) != len(batch):
            raise wrong_count(self.name, len(batch), len(items))
        by_id: dict[int, str] = {}
        for item in items:
            if not (isinstance(item, dict) and isinstance(item.get("id"), int) and isinstance(item.get("text"), str)):
                raise malformed(self.name, f"a translation is not {{id, text}}: {str(item)[:80]}")
            by_id[item["id"]] = item["text"]
        if sorted(by_id) != list(range(1, len(batch) + 1)):
            raise malformed(self.name, f"the ids answered are {sorted(by_id)}, not 1 to {len(batch)}")
        return [EngineResult(text=by_id[i], engine=self.name) for i in range(1, len(batch) + 1)]

    def close(self) -> None:
        self._client.close()
