"""The examples in the docstrings of the comparison modules run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from stdbridge.compare import clauses, requirements


@pytest.mark.parametrize("module", [clauses, requirements], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0
