"""The ``stdbridge`` command line: a thin layer over ``Catalog``.

Every command prints a readable table, or JSON with ``--json``. Expected
failures print one line (``Error: ...`` / ``错误：...``) and exit non-zero.
The commands live in modules by what they do; a command's module is loaded when the command runs
(``base.COMMANDS``), and importing it registers the command on ``cli``.
"""

from __future__ import annotations

from stdbridge.cli.base import cli
from stdbridge.runtime import command_line_process

__all__ = ["cli", "main"]


def main() -> None:
    with command_line_process():  # the cycle collector kept out of the start and the exit
        cli(prog_name="stdbridge")
