"""The graph: resolution of sloppy identifiers, families, status on a date, counterparts."""

from __future__ import annotations

import pytest

from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound, UsageError
from stdbridge.models import Degree, Status


@pytest.mark.parametrize(
    "typed", ["ISO 9001:2015", "iso9001 2015", "iso 9001 2015", "ISO９００１：２０１５", "iso9001:2015"]
)
def test_sloppy_identifiers_resolve_to_the_edition(catalog: Catalog, typed: str) -> None:
    assert catalog.resolve(typed).standard.identifier == "ISO 9001:2015"


def test_an_undated_identifier_resolves_to_the_current_edition_and_lists_the_others(catalog: Catalog) -> None:
    resolution = catalog.resolve("ISO 9001")
    assert resolution.standard.identifier == "ISO 9001:2015"
    assert resolution.matched_by == "current edition of the work"
    assert {"ISO 9001:1987", "ISO 9001:2008"} <= {s.identifier for s in resolution.others}


def test_gb_identifiers_resolve_without_punctuation(catalog: Catalog) -> None:
    assert catalog.resolve("gbt19001").standard.identifier == "GB/T 19001-2008"
    assert catalog.resolve("GB／T 19001－2008").standard.identifier == "GB/T 19001-2008"


def test_unknown_identifiers_say_so_and_suggest(catalog: Catalog) -> None:
    with pytest.raises(NotFound, match=r"did you mean.*ISO 9001"):
        catalog.resolve("ISO 90012")
    with pytest.raises(UsageError):
        catalog.resolve("  ")
    # a number and year without a body, as search takes it: which standards it could be are named
    with pytest.raises(NotFound, match=r"did you mean ISO 9001:2015\b"):
        catalog.resolve("9001 2015")
    with pytest.raises(NotFound, match=r"did you mean ISO/IEC 27001:2022\?"):
        catalog.resolve("27001 2022")
    with pytest.raises(NotFound, match=r"did you mean IEC 61000-4-2:2025, IEC 61000-4-2:2008"):
        catalog.resolve("61000-4-2")


def test_family_of_iso_9001_2008(catalog: Catalog) -> None:
    family = catalog.family("ISO 9001:2008")
    assert [[s.identifier for s in step] for step in family.replaced_by_chain] == [["ISO 9001:2015"]]
    steps = [step[0].identifier for step in family.replaces_chain]
    assert steps == ["ISO 9001:2000", "ISO 9001:1994", "ISO 9001:1987"]
    assert family.current is not None and family.current.identifier == "ISO 9001:2015"
    assert {"ISO 9001:2008/Cor 1:2009", "ISO 9001:2015/Amd 1:2024"} <= {s.identifier for s in family.supplements}
    assert [s.identifier for s in family.editions] == [
        "ISO 9001:1987",
        "ISO 9001:1994",
        "ISO 9001:2000",
        "ISO 9001:2008",
        "ISO 9001:2015",
    ]
    adopted = {(link.name, link.other_text, link.relation.degree) for link in family.adoptions}
    assert ("adopted-as", "GB/T 19001-2008", Degree.IDT) in adopted


def test_status_on_a_date_follows_the_supersession_chain(catalog: Catalog) -> None:
    assert catalog.status_on("ISO 9001:2008", "2010-01-01").status == Status.IN_FORCE
    later = catalog.status_on("ISO 9001:2008", "2016-01-01")
    assert later.status == Status.REPLACED and "ISO 9001:2015" in later.basis
    assert catalog.status_on("ISO 9001:2008", "2001-01-01").status == "not-yet-published"
    family = catalog.family("ISO 9001", as_of="2012-06-30")
    on = {k: v.status for k, v in family.status_on.items()}
    assert on["ISO 9001:2008"] == "in-force" and on["ISO 9001:2000"] == "replaced"
    with pytest.raises(UsageError, match="not a date"):
        catalog.family("ISO 9001", as_of="30/06/2012")


def test_derived_successions_close_itu_chains(catalog: Catalog) -> None:
    family = catalog.family("ITU-T X.509 (08/2005)")
    assert family.replaced_by_chain and family.replaced_by_chain[0][0].identifier.startswith("ITU-T X.509 (")
    assert family.current is not None and family.current.status == Status.IN_FORCE


def test_counterparts_through_a_declared_adoption(catalog: Catalog) -> None:
    found = catalog.counterparts("ISO 9001:2008", country="CN")
    assert [(c.standard.identifier, c.degree) for c in found] == [("GB/T 19001-2008", Degree.IDT)]
    assert found[0].evidence == ["declared"]
    back = catalog.counterparts("GB/T 19001-2008", body="ISO")
    assert [c.standard.identifier for c in back] == ["ISO 9001:2008"]
    assert catalog.counterparts("ISO 9001:2008", country="JP") == []
