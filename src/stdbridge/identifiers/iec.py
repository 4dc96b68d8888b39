"""IEC identifiers: IEC, IEC TS/TR/PAS/SRD/Guide, CISPR, IEC/IEEE, ISO/IEC as IEC writes it, IECQ/IECEE/IECEx.

IEC writes supplements glued ("/AMD1:1974", "/COR1:1991", "/ISH1:2020"),
consolidated versions with "+AMD1:2019 CSV" and redlines with " RLV" (kept in
``extra`` as ``suffix``). Keys normalise the supplement spelling so that the
ISO data's "ISO/IEC 10021-1:1990/Amd 1:1994" and the IEC data's
"ISO/IEC 10021-1:1990/AMD1:1994" share an edition key.

>>> from stdbridge.identifiers import parse
>>> i = parse("IEC 60335-2-24:2020+AMD1:2023 CSV")
>>> i.consolidated, i.render()
(True, 'IEC 60335-2-24:2020+AMD1:2023 CSV')
>>> parse("ISO/IEC 10021-1:1990/AMD1:1994").edition_key == parse("ISO/IEC 10021-1:1990/Amd 1:1994").edition_key
True
>>> parse("CISPR 11:2015").body
'IEC'
"""

from __future__ import annotations

from stdbridge.identifiers._intl import edition_key, parse, render, work_key

NAME = "iec"

__all__ = ["NAME", "edition_key", "parse", "render", "work_key"]
