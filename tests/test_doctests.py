"""Every example written in a docstring of the package runs and holds: examples are part of the spec.

Modules are found by walking the package, so an example added anywhere is run without a test to register it.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import stdbridge
from stdbridge.i18n import set_language


def modules_with_examples() -> list[str]:
    found = []
    finder = doctest.DocTestFinder()
    for info in pkgutil.walk_packages(stdbridge.__path__, "stdbridge."):
        module = importlib.import_module(info.name)
        if any(test.examples for test in finder.find(module)):
            found.append(info.name)
    return found


MODULES = modules_with_examples()


def test_the_examples_are_found_where_they_are_written() -> None:
    for name in ("stdbridge.language.lexicon", "stdbridge.language.text", "stdbridge.language.title_words",
                 "stdbridge.language.word_tables", "stdbridge.i18n", "stdbridge.identifiers.gost",
                 "stdbridge.compare.clauses"):  # fmt: skip
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    set_language("en")
    result = doctest.testmod(importlib.import_module(name), verbose=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
