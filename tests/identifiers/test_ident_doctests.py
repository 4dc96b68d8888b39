"""The examples in the scheme modules' docstrings are part of their spec."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from stdbridge import identifiers
from stdbridge.identifiers import SCHEMES, _intl, normalize


@pytest.mark.parametrize("module", [identifiers, normalize, _intl, *SCHEMES], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, verbose=False)
    assert result.failed == 0
