"""ISO identifiers: ISO, ISO/IEC, ISO/IEC/IEEE, ISO/TS, ISO Guide, IWA, ISO/R and drafts.

The grammar is shared with IEC (see ``_intl``); body "ISO", country "INT".

>>> from stdbridge.identifiers import parse
>>> parse("ISO/IEC 27001:2022/Amd 1:2024").render()
'ISO/IEC 27001:2022/Amd 1:2024'
>>> parse("ISO/DIS 9001").work_key
'ISO 9001'
>>> parse("ISO/TS 10272-2:2006").work_key
'ISO/TS 10272-2'
>>> parse("iso 9001 2015").render()
'ISO 9001:2015'
"""

from __future__ import annotations

from stdbridge.identifiers._intl import edition_key, parse, render, work_key

NAME = "iso"

__all__ = ["NAME", "edition_key", "parse", "render", "work_key"]
