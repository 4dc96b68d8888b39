"""The connectivity index, worked by hand on the excerpts of the bundled data (GB sample and ISO catalogue), its
sweep over dates, its programme stages (sharing, symbiosis) and its cache."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.recognition.publish_cases import reviewed_programme

from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.connectivity import connectivity, matrix, year_ends
from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound, UsageError
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.publishing import publish_programme
from stdbridge.recognition.signing import KeyFolder

CN, ISO = Scope("country", "CN"), Scope("body", "ISO")


def test_the_stages_worked_by_hand_at_three_year_ends(excerpts: Catalog) -> None:
    # In force on 2010-12-31 (lifecycle: implementation date, successors, withdrawal):
    #   CN:  GB/T 16886.14-2003, GB/T 19000-2008                                   -> 2 standards
    #   ISO: ISO 13485:2003, ISO 14001:2004, ISO 7010:2003, ISO 9000:2005, ISO 9001:2008,
    #        ISO/IEC 27001:2005, ISO/IEC 9594-8:2008                                -> 7 standards
    # Declared links with both ends in force: GB/T 19000-2008 -- ISO 9000:2005, degree not given ("declared");
    # (GB/T 19001-2008 IDT ISO 9001:2008 and GB/T 24001-2004 IDT ISO 14001:2004 have no dates and no stated
    # status: never in force by the lifecycle rules).
    #   recognised: CN 1/2 = 0.5, ISO 1/7 = 0.1429; common (same/IDT/MOD): 0; same original: 0.
    # In force on 2017-12-31: CN 7 (GB/T 16886.1-2011, .14-2003, .18-2011, .20-2015, .7-2015, GB/T 19000-2016,
    # GB/T 22080-2016 in force from 2017-03-01); ISO 7 (ISO 13485:2016, 14001:2015, 7010:2011, 9000:2015,
    # 9001:2015, ISO/IEC 27001:2013, ISO/IEC 9594-8:2017). GB/T 19000-2008 is replaced, ISO 9000:2005 too.
    # Link in force: GB/T 22080-2016 IDT ISO/IEC 27001:2013 -> recognised 1/7 each side, common 1/7 each side.
    # On 2022-12-31 ISO/IEC 27001:2013 is withdrawn (2022-10-25): no link has both ends in force -> 0.
    result = connectivity(excerpts, CN, ISO, [dt.date(2010, 12, 31), dt.date(2017, 12, 31), dt.date(2022, 12, 31)])
    at = {p.date: p for p in result.points}
    y2010, y2017, y2022 = at["2010-12-31"], at["2017-12-31"], at["2022-12-31"]
    assert (y2010.a.standards, y2010.a.recognised, y2010.a.common, y2010.a.same_original) == (2, 1, 0, 0)
    assert (y2010.b.standards, y2010.b.recognised, y2010.b.common) == (7, 1, 0)
    assert y2010.a.share("recognised") == 0.5 and round(y2010.b.share("recognised"), 4) == 0.1429
    assert (y2017.a.standards, y2017.a.recognised, y2017.a.common) == (7, 1, 1)
    assert (y2017.b.standards, y2017.b.recognised, y2017.b.common) == (7, 1, 1)
    assert (y2022.a.standards, y2022.a.recognised, y2022.b.standards, y2022.b.recognised) == (13, 0, 7, 0)
    # the mutual information: nothing linked, nothing known of the other side
    assert y2022.information == 0.0 and y2017.information > 0.0
    # per ICS field: GB/T 22080-2016 and ISO/IEC 27001:2013 are both under 35 (information technology)
    field_a, field_b = y2017.fields["35"]
    assert (field_a.recognised, field_b.recognised) == (1, 1)
    assert sum(fa.recognised for fa, _fb in y2017.fields.values()) >= 1
    # the rows of the downloads: one per date, side and field, overall first
    rows = result.rows()
    assert rows[0][:5] == ["date", "side", "system", "ics", "standards"]
    assert rows[1][:6] == ["2010-12-31", "a", "country:CN", "", 2, 1]


def test_the_yearly_sweep_and_its_errors(excerpts: Catalog) -> None:
    days = year_ends(2005, 2024)
    assert len(days) == 20 and days[0] == dt.date(2005, 12, 31)
    result = connectivity(excerpts, CN, ISO, days)
    assert [p.date[:4] for p in result.points] == [str(y) for y in range(2005, 2025)]
    # the same question again: the cached answer, the very object
    assert connectivity(excerpts, CN, ISO, days) is result
    with pytest.raises(UsageError, match="2024-2005"):
        year_ends(2024, 2005)
    with pytest.raises(NotFound, match="country:ZZ"):
        connectivity(excerpts, CN, Scope("country", "ZZ"), days)
    group = matrix(excerpts, [CN, ISO, Scope("country", "JP")], dt.date(2017, 12, 31))
    assert group.cells[0][1] is not None and group.cells[0][1].recognised == 1
    assert group.cells[0][0] is None and group.cells[1][0].recognised == 1  # type: ignore[union-attr]


def test_sharing_and_symbiosis_come_from_programmes(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STDBRIDGE_KEYS", str(tmp_path / "keys"))
    done = reviewed_programme(catalog)
    today = dt.date.today()
    before = connectivity(catalog, CN, ISO, [today]).points[0]
    assert before.a.shared == before.b.shared == 0
    release = publish_programme(catalog.store, KeyFolder(tmp_path / "keys"), done.programme, done.actors["Zhang Min"])
    # recomputed from the release: every entry pairs a GB standard with an ISO or IEC one; the pairs whose two
    # standards are in force today and of CN and ISO are shared
    point = connectivity(catalog, CN, ISO, [today, dt.date(2020, 12, 31)]).points
    in_force_today = connectivity(catalog, CN, ISO, [today]).points[0]
    named = {s["identifier"] for e in release.document["entries"] for s in e["standards"]}  # type: ignore[union-attr]
    gb = {i for i in named if i.startswith("GB")}
    iso = {i for i in named if i.startswith("ISO")}
    assert gb and iso
    shared_today = next(p for p in point if p.date == today.isoformat())
    # the release's two entries: GB/T 22080-2025 -- ISO/IEC 27001:2022 and GB/T 19000-2016 -- ISO 9000:2015, all
    # four in force today -> shared: 2 standards of each side
    assert len(gb) == len(iso) == 2
    assert (shared_today.a.shared, shared_today.b.shared) == (2, 2)
    assert in_force_today.a.shared == shared_today.a.shared
    # before the release was published nothing was shared
    assert next(p for p in point if p.date == "2020-12-31").a.shared == 0
    assert shared_today.a.symbiotic == 0
    entry = catalog.store.entries_by_id([done.settled[0]])[done.settled[0]]
    prog.record_symbiosis(catalog.store, done.actors["Zhang Min"], done.programme, entry,
                          "GB/T and ISO revised together")  # fmt: skip
    after = connectivity(catalog, CN, ISO, [today]).points[0]
    # one entry jointly revised: one standard of each side is symbiotic; the cache saw the audited change
    assert (after.a.symbiotic, after.b.symbiotic) == (1, 1)


def test_the_command_line_writes_csv_and_json(db: str) -> None:
    from click.testing import CliRunner

    from stdbridge.cli import cli

    runner = CliRunner()
    done = runner.invoke(cli, ["--db", db, "connectivity", "CN", "ISO", "--from", "2010", "--to", "2010", "--csv"])
    assert done.exit_code == 0, done.output
    # 2010-12-31, worked by hand above: CN 2 standards in force, 1 recognised, none common
    assert "2010-12-31,a,country:CN,,2,1,0,0,0,0," in done.output
    done = runner.invoke(cli, ["--db", db, "connectivity", "--group", "CN,ISO,JP", "--to", "2017", "--json"])
    assert done.exit_code == 0, done.output
    assert '"recognised": 1' in done.output
    done = runner.invoke(cli, ["--db", db, "connectivity", "CN"])
    assert done.exit_code != 0 and "name two countries or bodies" in done.output


def test_the_stages_are_named_in_chinese_as_the_documentation_defines() -> None:
    from stdbridge.i18n import set_language
    from stdbridge.web.connectivity_chart import stage_labels

    docs = (Path(__file__).parents[1] / "docs" / "connectivity.md").read_text(encoding="utf-8")
    set_language("zh")
    try:
        labels = stage_labels()
    finally:
        set_language("en")
    assert labels["recognised"] == "互认" and "识别" not in labels.values()
    for stage in ("recognised", "common", "shared", "symbiotic"):
        assert labels[stage] in docs, stage


def test_answers_are_kept_in_the_store_until_the_catalogue_changes(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stdbridge.analytics import connectivity as conn

    days = [dt.date(2017, 12, 31), dt.date(2024, 12, 31)]
    first = connectivity(catalog, CN, ISO, days)
    assert catalog.store.count_kept_answers() == 1

    def not_again(*_args: object) -> None:
        raise AssertionError("worked out again")

    # another process (nothing cached in it) reads the answer the store keeps: the same figures, not recomputed
    conn._cache.clear()
    monkeypatch.setattr(conn, "_connectivity", not_again)
    again = connectivity(catalog, CN, ISO, days)
    assert again is not first and again.to_json() == first.to_json()
    monkeypatch.undo()
    # an import changes the catalogue: GB/T 19001-2016 (in force from 2017-07-01) and others join CN's side
    catalog.import_path(Path(__file__).parent / "data" / "gb" / "gb_official.csv", "gb", rejects_dir=tmp_path)
    after = connectivity(catalog, CN, ISO, days)
    assert after.points[0].a.standards > first.points[0].a.standards
    assert catalog.store.count_kept_answers() == 1  # the answer of the earlier state is gone


def test_the_group_matrix_is_every_pair_worked_out_alone(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a programme's release (sharing) and an entry revised together (symbiosis) as well as the declared links
    monkeypatch.setenv("STDBRIDGE_KEYS", str(tmp_path / "keys"))
    done = reviewed_programme(catalog)
    publish_programme(catalog.store, KeyFolder(tmp_path / "keys"), done.programme, done.actors["Zhang Min"])
    entry = catalog.store.entries_by_id([done.settled[0]])[done.settled[0]]
    prog.record_symbiosis(catalog.store, done.actors["Zhang Min"], done.programme, entry, "revised together")
    names = ["country:CN", "body:ISO", "body:IEC", "country:JP", "country:INT", "body:SAC", "body:ITU-T"]
    group = [Scope.read(catalog, n)[0] for n in names]
    compared = 0
    for day in (dt.date(2010, 12, 31), dt.date(2017, 12, 31), dt.date(2024, 12, 31), dt.date.today()):
        found = matrix(catalog, group, day)
        for i, a in enumerate(group):
            for j, b in enumerate(group):
                if i == j:
                    continue
                alone = connectivity(catalog, a, b, [day]).points[0]
                assert found.cells[i][j] == alone.a, (a, b, day)
                assert found.cells[j][i] == alone.b, (b, a, day)
                compared += 1
    # the comparison met every stage somewhere
    cells = [c for row in found.cells for c in row if c is not None]
    for stage in ("recognised", "common", "shared", "symbiotic"):
        assert any(getattr(c, stage) for c in cells), stage
    assert compared == 4 * 7 * 6
