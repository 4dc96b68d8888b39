"""The ``stdbridge`` command line: a thin layer over ``Catalog``.

Every command prints a readable table, or JSON with ``--json``. Expected
failures print one line (``Error: ...`` / ``错误：...``) and exit non-zero.
The commands live in modules by what they do; importing them registers them on ``cli``.
"""

from __future__ import annotations

from stdbridge.cli import catalog, compare, records, search, systems  # noqa: F401  (registers the commands)
from stdbridge.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="stdbridge")
