"""Every message a user can see exists in Chinese, and the compiled catalogue is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stdbridge.i18n import _, language_from_environment, set_language

ROOT = Path(__file__).parent.parent


def test_every_message_is_translated_and_compiled() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
