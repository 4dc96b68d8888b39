"""Every message a user can see exists in Chinese, and the compiled catalogue is current."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from stdbridge.i18n import _, language_from_environment, set_language

ROOT = Path(__file__).parent.parent


def test_every_message_is_translated_and_compiled() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def compile_messages_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compile_messages", ROOT / "scripts" / "compile_messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compiled(messages: dict[str, str]) -> bytes:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="zh_CN", project="stdbridge")
    for message, translation in messages.items():
        catalog.add(message, translation)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def test_the_check_reads_translations_not_the_babel_release_in_the_header() -> None:
    script = compile_messages_script()
    newer = compiled({"Replaced by": "被代替"})
    header = b"Generated-By: Babel "
    release = newer[newer.index(header) + len(header) :].split(b"\n", 1)[0]
    older = newer.replace(header + release, header + b"0" * len(release))  # as an older Babel would have written it
    assert older != newer
    assert script.translations(older) == script.translations(newer)
    changed = compiled({"Replaced by": "代替"})
    assert script.translations(older) != script.translations(changed)


def test_the_language_switches_per_context() -> None:
    set_language("zh")
    assert _("Replaced by") == "被代替"
    set_language("en")
    assert _("Replaced by") == "Replaced by"


def test_the_environment_chooses_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STDBRIDGE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert language_from_environment() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language_from_environment() == "zh"
    monkeypatch.setenv("STDBRIDGE_LANG", "en")
    assert language_from_environment() == "en"
