"""Two standards side by side, on real records: rows judged same, partly or different, and what links them."""

from __future__ import annotations

from pathlib import Path

import pytest

from stdbridge.catalog import Catalog
from stdbridge.compare.records import Row, side_by_side
from stdbridge.errors import UsageError
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IsoCommitteesImporter
from stdbridge.models import Degree, Verdict


@pytest.fixture
def catalog(catalog: Catalog, tmp_path: Path) -> Catalog:
    """The excerpts, with the ISO committees and their scopes."""
    catalog.import_path(bundled_path(IsoCommitteesImporter.bundled_file), "iso-committees", rejects_dir=tmp_path)
    return catalog


def rows(catalog: Catalog, a: str, b: str) -> dict[str, Row]:
    return {r.key: r for r in side_by_side(catalog, catalog.get(a), catalog.get(b)).rows}


def test_titles_in_every_language_and_codes_with_their_names(catalog: Catalog) -> None:
    found = rows(catalog, "JIS Q 9001:2015", "ISO 9001:2015")
    # the same words with other dashes are the same title
    assert found["title.en"].a == ["Quality management systems -- Requirements"]
    assert found["title.en"].match == "same"
    assert found["title.ja"].b == [] and found["title.ja"].match is None
    assert found["title.fr"].b == ["Systèmes de management de la qualité - Exigences"]
    assert found["ics"].a == ["03.120.10 Quality management and quality assurance"]
    assert found["ics"].match == "partly"  # ISO 9001 is also in 03.100.70
    assert found["committee"].b[0].startswith("ISO/TC 176/SC 2 ")
    assert "quality management" in found["committee_scope"].b[0]
    assert found["status"].match == "same" and found["identifier"].match is None
    # editions are the published ones, oldest first: no drafts or amendments
    assert found["editions"].b == ["ISO 9001:1987", "ISO 9001:1994", "ISO 9001:2000", "ISO 9001:2008", "ISO 9001:2015"]
    assert found["relations.replaces"].b[0] == "ISO 9001:2008"
    assert "scope" not in found and "ccs" not in found  # nothing held on either side


def test_a_declared_adoption_shows_its_path_and_degree(catalog: Catalog) -> None:
    link = side_by_side(catalog, catalog.get("GB/T 22080-2016"), catalog.get("ISO/IEC 27001:2013")).connection
    assert link.kind == "declared" and link.degree == Degree.IDT
    assert [(s.relation, s.target) for s in link.path] == [("adopts", "ISO/IEC 27001:2013")]
    assert link.score is not None and link.clues  # how alike the records are, even when declared


def test_a_suggested_pair_gives_its_rank_and_evidence(catalog: Catalog) -> None:
    link = side_by_side(catalog, catalog.get("ITU-T X.509 (10/2019)"), catalog.get("ISO/IEC 9594-8:2020")).connection
    assert (link.kind, link.rank) == ("suggested", 1)
    assert "certificate" in next(c.detail for c in link.clues if c.kind == "title")


def test_editions_rejections_and_no_link(catalog: Catalog) -> None:
    assert (
        side_by_side(catalog, catalog.get("ISO 9001:2015"), catalog.get("ISO 9001:2008")).connection.kind == "edition"
    )
    catalog.decide("JIS Q 9001:2015", "ISO 9000:2015", Verdict.REJECTED, by="Wang Fang", note="vocabulary")
    rejected = side_by_side(catalog, catalog.get("ISO 9000:2015"), catalog.get("JIS Q 9001:2015")).connection
    assert rejected.kind == "rejected" and rejected.decision and rejected.decision.by == "Wang Fang"
    unrelated = side_by_side(catalog, catalog.get("ISO 9001:2015"), catalog.get("ITU-T X.509 (10/2019)")).connection
    assert unrelated.kind == "none" and unrelated.score is not None and unrelated.score < 0.3


def test_a_standard_compared_with_itself_is_refused(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="compared with itself"):
        side_by_side(catalog, catalog.get("ISO 9001:2015"), catalog.get("iso 9001 2015"))
