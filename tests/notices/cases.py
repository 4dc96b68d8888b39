"""The real notices of ``tests/data/notices`` (see its SOURCES.md) and the catalogue they cite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stdbridge.catalog import Catalog
from stdbridge.notices.tbt import EPING

DATA = Path(__file__).parent.parent / "data" / "notices"
EXPORT = DATA / "eping_notifications.csv"
BAD_DATE = DATA / "eping_bad_date.csv"
FEED = DATA / "tcvn_news.rss"
IEC_60335_2_9 = DATA / "iec_60335_2_9.jsonl"
MAPPING: dict[str, Any] = {**EPING, "products": "Products covered", "documents": "Relevant documents"}


def with_iec_60335_2_9(catalog: Catalog, rejects: Path) -> Catalog:
    catalog.import_path(IEC_60335_2_9, "iec", rejects_dir=rejects)
    return catalog
