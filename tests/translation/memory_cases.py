"""Translation units from real records: the GB sample excerpts' Chinese and English titles."""

from __future__ import annotations

from pathlib import Path

import orjson

from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

EXCERPT = Path(__file__).parent.parent / "data" / "excerpts" / "gb_records.jsonl"


def gb_title_units(scope: UnitScope = UnitScope.PLATFORM, owner_id: int | None = None) -> list[TranslationUnit]:
    """One zh→en unit per GB excerpt record with both titles (five of them)."""
    units = []
    for line in EXCERPT.read_bytes().splitlines():
        record = orjson.loads(line)
        if record["title_zh"] and record["title_en"]:
            units.append(
                TranslationUnit(
                    "zh",
                    "en",
                    record["title_zh"],
                    record["title_en"],
                    scope,
                    UnitOrigin.CATALOGUE_TITLE,
                    owner_id,
                    reference=record["designation"],
                )
            )
    return units
