"""Links as a standards professional reads them (``catalog.links``): a relation names exactly the edition its
source declares, an edition not held is said to be, a counterpart of another edition is graded ``related-edition``
(never a degree), every interface gives the same answer, and a record lists each related document once.

The catalogue is the excerpts of the bundled data with a few more real records (tests/data/links/, cut by
scripts/make_test_excerpts.py): GB 4706.1-2024, which adopts IEC 60335-1:2016 (IDT), an edition the IEC catalogue
does not hold (its current edition is IEC 60335-1:2020), and ISO/CD 9001.2.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.conftest import EXCERPT_FORMATS, EXCERPTS

from stdbridge.analytics.compatibility import Scope, compatibility, scope_members
from stdbridge.api import create_api, install_error_handlers
from stdbridge.catalog import Catalog
from stdbridge.catalog.links import RELATED_EDITION, absent_note, counterparts_of, pair_link
from stdbridge.cli import cli
from stdbridge.compare.lists import compare_lists
from stdbridge.compare.records import connection, side_by_side
from stdbridge.compare.records_report import link_label
from stdbridge.i18n import set_language
from stdbridge.importers.base import build_standard
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.models import Degree, Status
from stdbridge.store import SqlStore

LINKS = Path(__file__).parent / "data" / "links"
LINK_FORMATS = {"iso": "iso_catalog.jsonl", "gb-sample": "gb_records.jsonl"}
GB = "GB 4706.1-2024"
DECLARED = "IEC 60335-1:2016"
CURRENT = "IEC 60335-1:2020"
NOT_HELD = f"{DECLARED} is not in the catalogue; the current edition of that work is {CURRENT}"
NOT_HELD_ZH = f"{DECLARED} 不在目录中；该标准的现行版本为 {CURRENT}"


def load_linked(catalog: Catalog, rejects: Path) -> Catalog:
    """The excerpts, the records of tests/data/links and the ICS classification."""
    catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics", rejects_dir=rejects)
    for format_, name in EXCERPT_FORMATS.items():
        catalog.import_path(EXCERPTS / name, format_, rejects_dir=rejects)
    for format_, name in LINK_FORMATS.items():
        catalog.import_path(LINKS / name, format_, rejects_dir=rejects)
    return catalog


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Catalog, str]]:
    where = tmp_path_factory.mktemp("links")
    path = where / "catalog.db"
    store = SqlStore(f"sqlite:///{path}")
    set_language("en")
    yield load_linked(Catalog(store), where), str(path)
    store.close()


@pytest.fixture
def linked(linked_db: tuple[Catalog, str]) -> Catalog:
    return linked_db[0]


def run(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args], env={"COLUMNS": "400"})  # wide: no cell wraps
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


# the declared edition, always ------------------------------------------------------------------------------------
def test_the_record_names_the_edition_declared_and_says_it_is_not_held(linked: Catalog) -> None:
    (adopts,) = [link for link in linked.links(linked.get(GB)) if link.name == "adopts"]
    assert adopts.other is None and adopts.other_text == DECLARED and adopts.relation.degree == Degree.IDT
    assert adopts.current is not None and adopts.current.identifier == CURRENT
    # the current edition does not claim the adoption of another edition as its own
    current = linked.links(linked.get(CURRENT))
    assert GB not in {link.identifier for link in current}


def test_counterparts_name_the_edition_declared(linked: Catalog) -> None:
    (found,) = linked.counterparts(GB, body="IEC")
    assert found.standard.identifier == DECLARED and not found.held and found.degree == Degree.IDT
    assert found.current is not None and found.current.identifier == CURRENT
    assert [(s.source, s.relation, s.target, s.target_held) for s in found.path] == [(GB, "adopts", DECLARED, False)]


def test_a_counterpart_of_another_edition_is_a_related_edition_never_idt(linked: Catalog) -> None:
    (found,) = linked.counterparts(CURRENT, country="CN")
    assert found.standard.identifier == GB and found.kind == RELATED_EDITION and found.degree is None
    assert [(s.relation, s.target, s.degree, s.target_held) for s in found.path] == [
        ("edition-of", DECLARED, None, False),
        ("adopted-as", GB, Degree.IDT, True),
    ]
    # and only as related editions: the declared walk from the current edition reaches nothing in China
    declared = counterparts_of(linked.store, linked.get(CURRENT), related=False)
    assert [c for c in declared if c.standard.country == "CN"] == []


def test_the_family_lists_the_adoption_under_the_edition_it_names(linked: Catalog) -> None:
    family = linked.family(CURRENT)
    (adoption,) = [link for link in family.adoptions if link.identifier == GB]
    assert adoption.name == "adopted-as" and adoption.declared == DECLARED
    assert adoption.current is not None and adoption.current.identifier == CURRENT


def test_the_pairwise_comparison_names_the_edition_declared(linked: Catalog) -> None:
    side = side_by_side(linked, linked.get(GB), linked.get(CURRENT))
    link = side.connection
    assert link.kind == RELATED_EDITION and link.degree is None
    assert link.declared_edition == DECLARED and not link.declared_held and link.declared_for == CURRENT
    assert NOT_HELD in link_label(side)
    adopts = next(row for row in side.rows if row.key == "relations.adopts")
    assert adopts.a == [NOT_HELD] and adopts.absent == (NOT_HELD,)
    set_language("zh")
    try:
        assert NOT_HELD_ZH in link_label(side)
    finally:
        set_language("en")


def test_the_batch_matrix_names_the_edition_declared(linked: Catalog) -> None:
    matrix = compare_lists(linked, [GB], [CURRENT, "IEC 60335-1:2010"])
    kinds = {(p.a.standard.identifier, p.b.standard.identifier): p.kind for p in matrix.pairs}
    assert kinds == {(GB, CURRENT): RELATED_EDITION, (GB, "IEC 60335-1:2010"): RELATED_EDITION}
    pair = matrix.pairs[0]
    assert pair.degree is None and pair.declared_edition == DECLARED and not pair.declared_held
    assert NOT_HELD in pair.explanation()
    row = pair.to_json()
    assert row["declared_edition"] == DECLARED and row["declared_edition_in_catalogue"] is False
    assert row["current_edition"] == CURRENT
    assert matrix.summary()["by_kind"]["IDT"] == 0


def test_compatibility_counts_another_edition_as_a_related_edition(linked: Catalog) -> None:
    result = compatibility(linked, Scope("country", "CN"), Scope("body", "IEC"), threshold=None)
    kinds = {(link.a, link.b): (link.kind, link.other_edition) for link in result.links}
    assert kinds[(GB, CURRENT)] == (RELATED_EDITION, True)
    assert result.a_to_b.counts["IDT"] == 0


def test_the_command_line_names_the_edition_declared(linked_db: tuple[Catalog, str]) -> None:
    _catalog, db = linked_db
    show = run(db, "show", GB)
    assert DECLARED in show and NOT_HELD in show
    assert NOT_HELD in run(db, "counterparts", GB)
    related = run(db, "counterparts", CURRENT)
    assert GB in related and "through another edition" in related and "IDT" not in related.split(GB)[1].split("│")[3]
    assert NOT_HELD in run(db, "family", CURRENT) and NOT_HELD in run(db, "family", GB)
    compared = run(db, "compare", GB, CURRENT)
    assert "counterparts through another edition" in compared and NOT_HELD in compared
    as_json = json.loads(CliRunner().invoke(cli, ["--db", db, "counterparts", GB, "--json"]).output)
    assert [(c["identifier"], c["in_catalogue"], c["current_edition"], c["kind"]) for c in as_json] == [
        (DECLARED, False, CURRENT, "IDT")
    ]
    assert NOT_HELD_ZH in run(db, "--lang", "zh", "counterparts", GB)


def test_the_command_line_batch_matrix_names_the_edition_declared(
    linked_db: tuple[Catalog, str], tmp_path: Path
) -> None:
    _catalog, db = linked_db
    (tmp_path / "a.txt").write_text(f"{GB}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{CURRENT}\n", encoding="utf-8")
    found = json.loads(run(db, "compare-batch", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"))
    (pair,) = found["pairs"]
    assert (pair["kind"], pair["degree"], pair["declared_edition"]) == (RELATED_EDITION, None, DECLARED)
    assert pair["declared_edition_in_catalogue"] is False


@pytest.fixture
def api(linked: Catalog) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    create_api(app, linked)
    with TestClient(app) as client:
        yield client


def test_the_api_names_the_edition_declared(api: TestClient) -> None:
    record = api.get("/api/standard", params={"id": GB}).json()
    (adopts,) = [r for r in record["relations"] if r["relation"] == "adopts"]
    assert (adopts["identifier"], adopts["in_catalogue"], adopts["current_edition"]) == (DECLARED, False, CURRENT)
    assert adopts["notes"] == [NOT_HELD]
    (found,) = api.get("/api/counterparts", params={"id": GB, "body": "IEC"}).json()
    assert (found["identifier"], found["in_catalogue"], found["note"]) == (DECLARED, False, NOT_HELD)
    (related,) = api.get("/api/counterparts", params={"id": CURRENT, "country": "CN"}).json()
    assert (related["identifier"], related["kind"], related["degree"]) == (GB, RELATED_EDITION, None)
    family = api.get("/api/family", params={"id": CURRENT}).json()
    (adoption,) = [r for r in family["adoptions"] if r["identifier"] == GB]
    assert adoption["declared_edition"] == DECLARED and adoption["notes"] == [NOT_HELD]
    compared = api.get("/api/compare", params={"a": GB, "b": CURRENT}).json()["link"]
    assert (compared["kind"], compared["degree"], compared["declared_edition"]) == (RELATED_EDITION, None, DECLARED)
    assert compared["declared_edition_in_catalogue"] is False and compared["current_edition"] == CURRENT
    zh = api.get("/api/counterparts", params={"id": GB, "body": "IEC", "lang": "zh"}).json()
    assert zh[0]["note"] == NOT_HELD_ZH


# one answer to one question ----------------------------------------------------------------------------------------
def test_iso_9001_2015_and_an_adoption_of_its_2008_edition_get_one_answer(linked: Catalog) -> None:
    a, b = linked.get("ISO 9001:2015"), linked.get("GB/T 19001-2008")
    pairwise = connection(linked, a, b)
    assert pairwise.kind == RELATED_EDITION and pairwise.declared_edition == "ISO 9001:2008"
    (pair,) = compare_lists(linked, ["ISO 9001:2015"], ["GB/T 19001-2008"]).pairs
    assert (pair.kind, pair.declared_edition) == (RELATED_EDITION, "ISO 9001:2008")
    listed = {c.standard.identifier: c.kind for c in linked.counterparts("ISO 9001:2015", country="CN")}
    assert listed[b.identifier] == RELATED_EDITION


def test_pairwise_and_batch_agree_on_every_pair_of_the_excerpts(linked: Catalog) -> None:
    """Every pair of a list of international standards and a list of national ones: the batch matrix and the
    pairwise answer (``Catalog.link_between``, what the comparison page shows) give the same kind and path."""
    international = ["ISO 9001:2015", "ISO 9001:2008", "ISO 9001:2000", "ISO 14001:2015", "ISO 14001:2004",
                     "ISO 14001:1996", "ISO/IEC 27001:2013", "ISO/IEC 27001:2022", "ISO/IEC 27001:2005", CURRENT,
                     "IEC 60335-1:2010", "ISO 13485:2016", "IEC 61000-4-2:2008", "ISO 9000:2005", "ISO 9000:2015",
                     "ITU-T X.509 (10/2019)"]  # fmt: skip
    national = ["GB/T 19001-2008", "GB/T 24001-2004", "GB/T 24001-1996", "GB/T 22080-2016", "GB/T 22080-2008",
                "GB/T 22080-2025", GB, "GB 4706.1-2005", "GB/T 19000-2008", "GB/T 19000-2016", "GB/T 16886.1-2011",
                "GB/T 17626.2-2018", "JIS C 61000-4-2:2012", "JIS Q 9001:2015", "JIS Q 9000:2015"]  # fmt: skip
    matrix = compare_lists(linked, international, national)
    declared = {(p.a.standard.identifier, p.b.standard.identifier): p for p in matrix.pairs if p.kind != "suggested"}
    checked = 0
    for x, y in itertools.product(international, national):
        a, b = linked.get(x), linked.get(y)
        answer = pair_link(a, b, store=linked.store)
        held = declared.get((a.identifier, b.identifier))
        if answer is None:
            assert held is None, (x, y, held.kind if held else None)
            continue
        checked += 1
        assert held is not None, (x, y, answer.kind)
        assert (held.kind, held.declared_edition, held.path) == (answer.kind, answer.declared_edition, answer.path)
    assert checked >= 8  # the lists were chosen so that many pairs are linked


# relations listed once -----------------------------------------------------------------------------------------
def test_iso_9001_2015_lists_each_related_document_once(linked: Catalog) -> None:
    links = linked.links(linked.get("ISO 9001:2015"))
    shown = [link.identifier for link in links]
    assert len(shown) == len(set(shown)), shown
    roles = {link.identifier: link.name for link in links}
    assert roles["ISO/CD 9001.2"] == "revised-by"  # not also "other edition"
    # the draft of the amendment is a stage of it, not a second amendment
    assert "ISO 9001:2015/Amd 1" not in roles and roles["ISO 9001:2015/Amd 1:2024"] == "amended-by"
    (amendment,) = [link for link in links if link.identifier == "ISO 9001:2015/Amd 1:2024"]
    assert [s.identifier for s in amendment.stages] == ["ISO 9001:2015/Amd 1"]
    family = linked.family("ISO 9001:2015")
    assert "ISO 9001:2015/Amd 1" not in [s.identifier for s in family.supplements]
    assert [s.identifier for s in family.stages["ISO 9001:2015/Amd 1:2024"]] == ["ISO 9001:2015/Amd 1"]


def test_the_command_line_lists_the_amendment_once(linked_db: tuple[Catalog, str]) -> None:
    _catalog, db = linked_db
    shown = run(db, "show", "ISO 9001:2015")
    # never a row of its own (it was a second "amended-by" and a second amendment): a stage of Amd 1:2024
    assert "│ ISO 9001:2015/Amd 1 │" not in shown and "│ ISO 9001:2015/Amd 1:2024 [1] │" in shown
    assert "[1] the same document at an earlier stage: ISO 9001:2015/Amd 1 (Under development)" in shown
    assert shown.count("ISO/CD 9001.2") == 2  # once among the relations, once among the drafts


def test_the_family_picture_names_the_edition_an_adoption_declares(linked: Catalog) -> None:
    from tests.web.conftest import svg_texts

    from stdbridge.web.family_chart import family_picture

    texts, _links = svg_texts(str(family_picture(linked.family(CURRENT), lambda i: f"/standard?id={i}")))
    assert f"{DECLARED} · IDT" in texts  # drawn by the current edition, it says which edition it adopts
    assert any(NOT_HELD in t for t in texts)


@pytest.mark.parametrize(("a", "b"), [("CN", "ISO"), ("CN", "IEC")])
def test_compatibility_grades_every_pair_as_the_pairwise_answer_does(linked: Catalog, a: str, b: str) -> None:
    """Compatibility reads links in whole-catalogue passes (paths of one or two relations), the comparison one
    pair at a time: on every pair of the two systems' standards, their declared links agree in kind."""
    scope_a, scope_b = (Scope("body" if x in ("ISO", "IEC") else "country", x) for x in (a, b))
    result = compatibility(linked, scope_a, scope_b, threshold=None)
    found = {(link.a, link.b): link.kind for link in result.links if link.kind != "same"}
    compared = 0
    for x, y in itertools.product(scope_members(linked, scope_a), scope_members(linked, scope_b)):
        answer = pair_link(x, y, store=linked.store)
        if answer is not None and len(answer.path) > 2:
            continue  # compatibility follows paths of one or two relations
        expected = answer.kind if answer is not None and answer.kind not in ("same", "edition") else None
        assert found.get((x.identifier, y.identifier)) == expected, (x.identifier, y.identifier)
        compared += expected is not None
    assert compared == len(found) >= 1


def test_an_edition_not_held_is_named_with_its_work_s_latest_edition_not_called_current_unless_in_force() -> None:
    # the GB sample gives GB/T 19001-2008 no status: were it the edition held, it is the latest held, not 现行
    latest = build_standard("GB/T 19001-2008", dataset="gb-sample", source_record="8")
    assert latest.status is Status.UNKNOWN
    assert absent_note("GB/T 19001-2016", latest) == (
        "GB/T 19001-2016 is not in the catalogue; the latest edition of that work it holds is GB/T 19001-2008"
    )
    in_force = dataclasses.replace(latest, status=Status.IN_FORCE)
    assert absent_note("GB/T 19001-2000", in_force) == (
        "GB/T 19001-2000 is not in the catalogue; the current edition of that work is GB/T 19001-2008"
    )
    set_language("zh")
    try:
        said = absent_note("GB/T 19001-2016", latest)
        assert said == "GB/T 19001-2016 不在目录中；目录中该标准最新的版本为 GB/T 19001-2008"
    finally:
        set_language("en")
