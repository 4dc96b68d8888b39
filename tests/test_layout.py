"""The core never imports the interfaces: the command line, the HTTP API and the web pages sit above it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import stdbridge

INTERFACES = ("stdbridge.cli", "stdbridge.api", "stdbridge.web", "stdbridge.app")
FRAMEWORKS = ("click", "rich", "fastapi", "starlette", "uvicorn")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(stdbridge.__path__, "stdbridge.")]
    return [n for n in names if not n.startswith(INTERFACES)]


def test_the_core_loads_no_interface_framework() -> None:
    modules = core_modules()
    assert "stdbridge.catalog.facade" in modules and "stdbridge.compare.service" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"top = {FRAMEWORKS!r}; interfaces = {INTERFACES!r}\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in top or m.startswith(interfaces)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def test_the_language_tables_load_no_search_index() -> None:
    script = (
        "import sys, stdbridge.language.lexicon, stdbridge.language.title_words\n"
        "print(' '.join(m for m in sys.modules if m.startswith(('stdbridge.search', 'stdbridge.store'))))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
