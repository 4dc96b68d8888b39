"""The remote engines against local servers that speak their protocols (LibreTranslate, OpenAI chat
completions): real titles translated, batches, API keys, and every failure (time-out, refused, HTTP 500, not JSON,
the wrong count) raised as EngineFailed naming the engine; the configuration from the environment; Argos."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.translation.engine_cases import ConceptLookup, Served, gb_titles, iev_concepts, local_server

from stdbridge.errors import EngineFailed, MissingExtra, UsageError
from stdbridge.i18n import set_language
from stdbridge.translation.engines import EngineSettings, OfflineEngine, available_engines, engine_from_settings
from stdbridge.translation.engines.libretranslate import LibreTranslateEngine
from stdbridge.translation.engines.openai import OpenAIEngine
from stdbridge.translation.model import TargetOrigin

TITLES = dict(gb_titles()[:7])


def libretranslate_answer(path: str, request: Any) -> tuple[int, bytes]:
    assert path == "/translate"
    return 200, json.dumps({"translatedText": [TITLES[q] for q in request["q"]]}).encode()


def test_libretranslate_translates_in_batches_with_the_key() -> None:
    served = Served(libretranslate_answer)
    with local_server(served) as url:
        engine = LibreTranslateEngine(url, api_key="k-123", batch_size=3)
        results = engine.translate(list(TITLES), "zh", "en")
    assert [r.text for r in results] == list(TITLES.values())
    assert {(r.engine, r.origin) for r in results} == {("libretranslate", TargetOrigin.ENGINE)}
    assert [len(request["q"]) for _path, request, _headers in served.requests] == [3, 3, 1]
    assert {(r["source"], r["target"], r["format"], r["api_key"]) for _p, r, _h in served.requests} == {
        ("zh", "en", "text", "k-123")
    }


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda path, request: (500, b'{"error": "Internal error"}'), "HTTP 500: Internal error"),
        (lambda path, request: (403, b'{"error": "Invalid API key"}'), "HTTP 403: Invalid API key"),
        (lambda path, request: (200, b"<html>proxy error</html>"), "not JSON"),
        (lambda path, request: (200, b'{"translatedText": "one string"}'), "cannot be used"),
        (lambda path, request: (200, json.dumps({"translatedText": request["q"][:-1]}).encode()), "answered 1"),
    ],
)
def test_libretranslate_failures_raise_engine_failed(answer: Any, words: str) -> None:
    with local_server(Served(answer)) as url, pytest.raises(EngineFailed) as failed:
        LibreTranslateEngine(url).translate(list(TITLES)[:2], "zh", "en")
    assert failed.value.engine == "libretranslate"
    assert words in str(failed.value)


def test_a_slow_service_times_out_and_a_closed_port_is_refused() -> None:
    with local_server(Served(libretranslate_answer, delay=1.5)) as url, pytest.raises(EngineFailed) as slow:
        LibreTranslateEngine(url, timeout=0.3).translate(list(TITLES)[:1], "zh", "en")
    assert "did not answer within 0.3 s" in str(slow.value)
    with local_server(Served(libretranslate_answer)) as url:
        closed = url
    with pytest.raises(EngineFailed) as refused:
        LibreTranslateEngine(closed, timeout=2).translate(["电磁兼容"], "zh", "en")
    assert "cannot connect" in str(refused.value)


def test_failures_are_told_in_chinese() -> None:
    set_language("zh")
    with local_server(Served(lambda p, r: (500, b"{}"))) as url, pytest.raises(EngineFailed) as failed:
        LibreTranslateEngine(url).translate(["电磁兼容"], "zh", "en")
    assert "HTTP 500" in str(failed.value) and "应答" in str(failed.value)


def chat_answer(content_of: Any) -> Any:
    def answer(path: str, request: Any) -> tuple[int, bytes]:
        assert path == "/v1/chat/completions"
        segments = json.loads(request["messages"][1]["content"])["segments"]
        content = content_of(segments)
        return 200, json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()

    return answer


def translations(segments: list[dict[str, Any]]) -> str:
    return json.dumps({"translations": [{"id": s["id"], "text": TITLES[s["text"]]} for s in segments]})


def test_openai_sends_the_prompt_terms_and_numbered_segments_and_reads_the_answer() -> None:
    served = Served(chat_answer(translations))
    terms = ConceptLookup(iev_concepts())
    texts = [*list(TITLES)[:4], "失效模式和影响分析"]
    TITLES["失效模式和影响分析"] = "Failure modes and effects analysis"
    with local_server(served) as url:
        engine = OpenAIEngine(f"{url}/v1", "qwen2.5-7b-instruct", api_key="sk-local", batch_size=2, terms=terms)
        results = engine.translate(texts, "zh", "en")
    assert [r.text for r in results] == [TITLES[t] for t in texts]
    assert len(served.requests) == 3
    _path, first, headers = served.requests[0]
    assert headers["Authorization"] == "Bearer sk-local"
    assert first["model"] == "qwen2.5-7b-instruct" and first["temperature"] == 0
    system = first["messages"][0]["content"]
    assert "<g1>...</g1>" in system and "<x2/>" in system and "numbers" in system
    last = json.loads(served.requests[2][1]["messages"][1]["content"])
    assert last["termbase"] == [{"source": "失效模式和影响分析", "target": "failure modes and effects analysis"}]


@pytest.mark.parametrize(
    ("content_of", "words"),
    [
        (lambda s: "```json\n" + translations(s) + "\n```", None),
        (lambda s: json.dumps({"translations": [{"id": 1, "text": "x"}]}), "answered 1"),
        (lambda s: json.dumps({"translations": [{"id": 1, "text": "x"}, {"id": 1, "text": "y"}]}), "ids"),
        (lambda s: "Sure! Here are the translations: ...", "did not answer JSON"),
        (lambda s: json.dumps({"translations": [{"id": 1}, {"id": 2}]}), "is not {id, text}"),
    ],
)
def test_openai_answers_are_checked(content_of: Any, words: str | None) -> None:
    with local_server(Served(chat_answer(content_of))) as url:
        engine = OpenAIEngine(f"{url}/v1", "m")
        if words is None:
            assert [r.text for r in engine.translate(list(TITLES)[:2], "zh", "en")] == list(TITLES.values())[:2]
            return
        with pytest.raises(EngineFailed) as failed:
            engine.translate(list(TITLES)[:2], "zh", "en")
    assert failed.value.engine == "openai" and words in str(failed.value)


def test_openai_time_out_and_server_error() -> None:
    with local_server(Served(chat_answer(translations), delay=1.5)) as url, pytest.raises(EngineFailed) as slow:
        OpenAIEngine(f"{url}/v1", "m", timeout=0.3).translate(list(TITLES)[:1], "zh", "en")
    assert "did not answer" in str(slow.value)
    no_model = Served(lambda p, r: (404, b'{"error": {"message": "model m not found"}}'))
    with local_server(no_model) as url, pytest.raises(EngineFailed) as missing:
        OpenAIEngine(f"{url}/v1", "m").translate(list(TITLES)[:1], "zh", "en")
    assert "HTTP 404: model m not found" in str(missing.value)


def test_the_engine_comes_from_the_environment() -> None:
    assert isinstance(engine_from_settings(EngineSettings.from_environment({})), OfflineEngine)
    env = {
        "STDBRIDGE_MT_ENGINE": "LibreTranslate",
        "STDBRIDGE_MT_URL": "http://127.0.0.1:5000/",
        "STDBRIDGE_MT_KEY": "k",
    }
    engine = engine_from_settings(EngineSettings.from_environment(env))
    assert isinstance(engine, LibreTranslateEngine) and engine.url == "http://127.0.0.1:5000" and engine.api_key == "k"
    env = {"STDBRIDGE_MT_ENGINE": "openai", "STDBRIDGE_MT_URL": "http://h/v1", "STDBRIDGE_MT_MODEL": "m",
           "STDBRIDGE_MT_TIMEOUT": "5"}  # fmt: skip
    settings = EngineSettings.from_environment(env)
    assert isinstance(engine_from_settings(settings), OpenAIEngine) and settings.timeout == 5.0
    assert available_engines("zh", "en", settings)[:2] == ["offline", "openai"]
    assert available_engines("zh", "en", EngineSettings())[0] == "offline"
    with pytest.raises(UsageError, match="STDBRIDGE_MT_MODEL"):
        engine_from_settings(EngineSettings("openai", url="http://h/v1"))
    with pytest.raises(UsageError, match="STDBRIDGE_MT_URL"):
        engine_from_settings(EngineSettings("libretranslate"))
    with pytest.raises(UsageError, match="deepl"):
        EngineSettings.from_environment({"STDBRIDGE_MT_ENGINE": "deepl"})
    with pytest.raises(UsageError, match="STDBRIDGE_MT_TIMEOUT"):
        EngineSettings.from_environment({"STDBRIDGE_MT_TIMEOUT": "soon"})


def test_argos_without_its_package_names_the_extra() -> None:
    try:
        import argostranslate  # noqa: F401
    except ImportError:
        with pytest.raises(MissingExtra, match=r"stdbridge\[argos\]"):
            engine_from_settings(EngineSettings("argos"))
        return
    pytest.skip("argostranslate is installed: the missing-package case cannot be shown")


def test_argos_translates_a_title_when_a_model_is_installed() -> None:
    pytest.importorskip("argostranslate", reason="argostranslate is not installed (pip install 'stdbridge[argos]')")
    from stdbridge.translation.engines.argos import ArgosEngine, argos_pairs

    if ("zh", "en") not in argos_pairs():
        pytest.skip("no Argos model for zh to en is installed (argospm install translate-zh_en)")
    [result] = ArgosEngine().translate(["电磁兼容 试验和测量技术"], "zh", "en")
    assert result.engine == "argos" and "electromagnetic" in result.text.lower()
