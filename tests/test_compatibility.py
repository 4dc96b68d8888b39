"""How compatible two standards systems are: the mutual-information formulas on cases worked by hand, and the
shares and links on the excerpts of real data (ISO, IEC, ITU-T, JIS, the GB sample with its declared adoptions)."""

from __future__ import annotations

import itertools
import json
import math
import random
import time
from pathlib import Path

import pytest

from stdbridge.analytics.compatibility import (
    KINDS,
    Scope,
    compatibility,
    information_between,
    mutual_information,
    normalised_mutual_information,
    scope_members,
)
from stdbridge.catalog import Catalog
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD, BulkSuggester, estimate_score
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import set_language
from stdbridge.models import Degree, Verdict

log2 = math.log2


# the formulas, on cases worked by hand ------------------------------------------------------------------------
def test_one_to_one_between_two_and_two_is_full_information() -> None:
    assert mutual_information([{"b1"}, {"b2"}], 2) == pytest.approx(1.0, abs=1e-12)  # H(Y) = 1, H(Y|X) = 0
    assert normalised_mutual_information([{"b1"}, {"b2"}], 2) == pytest.approx(1.0, abs=1e-12)


def test_no_counterparts_is_no_information() -> None:
    # every Y | X=a is uniform over B: H(Y) = H(Y|X) = log2 2
    assert mutual_information([set(), set()], 2) == 0.0
    assert normalised_mutual_information([set(), set()], 2) == 0.0


def test_everything_pointing_to_one_standard_is_no_information() -> None:
    # Y is b1 whatever X: H(Y) = 0
    assert mutual_information([{"b1"}, {"b1"}], 2) == 0.0
    assert normalised_mutual_information([{"b1"}, {"b1"}], 2) == 0.0


def test_three_by_four_worked_on_paper() -> None:
    """A = {a1, a2, a3}, B = {b1, b2, b3, b4}; a1 -> {b1}, a2 -> {b1, b2}, a3 -> nothing (n = 3, m = 4, u = 1).

    P(b1) = (1 + 1/2 + 1/4) / 3 = 7/12      P(b2) = (1/2 + 1/4) / 3 = 1/4      P(b3) = P(b4) = (1/4) / 3 = 1/12
    H(Y)     = 7/12 log2(12/7) + 1/4 log2 4 + 2 · 1/12 log2 12 = 7/12 log2(12/7) + 1/2 + 1/6 log2 12   (≈ 1.5511)
    H(Y|X)   = (log2 1 + log2 2 + log2 4) / 3 = 1
    I        = H(Y) − 1 ≈ 0.5511 bits;    NMI(A→B) = I / log2 min(3, 4) = I / log2 3 ≈ 0.3477

    Read from B (n = 4, m = 3, u = 2): b1 -> {a1, a2}, b2 -> {a2}, b3, b4 -> nothing; spread u/m = 2/3
    P(a1) = (1/2 + 2/3) / 4 = 7/24          P(a2) = (1/2 + 1 + 2/3) / 4 = 13/24   P(a3) = (2/3) / 4 = 1/6
    H(X')    = 7/24 log2(24/7) + 13/24 log2(24/13) + 1/6 log2 6                                       (≈ 1.4284)
    H(X'|Y') = (log2 2 + log2 1 + 2 log2 3) / 4 = (1 + 2 log2 3) / 4                                   (≈ 1.0425)
    I        ≈ 0.3859 bits;               NMI(B→A) = I / log2 3 ≈ 0.2435: not symmetric
    """
    a_side = [{"b1"}, {"b1", "b2"}, set()]
    a_to_b = 7 / 12 * log2(12 / 7) + 1 / 2 + 1 / 6 * log2(12) - 1
    assert mutual_information(a_side, 4) == pytest.approx(a_to_b, rel=1e-12)
    assert normalised_mutual_information(a_side, 4) == pytest.approx(a_to_b / log2(3), rel=1e-12)
    assert a_to_b == pytest.approx(0.5511, abs=1e-4)

    b_side = [{"a1", "a2"}, {"a2"}, set(), set()]
    b_to_a = 7 / 24 * log2(24 / 7) + 13 / 24 * log2(24 / 13) + 1 / 6 * log2(6) - (1 + 2 * log2(3)) / 4
    assert mutual_information(b_side, 3) == pytest.approx(b_to_a, rel=1e-12)
    assert normalised_mutual_information(b_side, 3) == pytest.approx(b_to_a / log2(3), rel=1e-12)
    assert b_to_a == pytest.approx(0.3859, abs=1e-4)

    both = information_between(
        {1: {"b1"}, 2: {"b1", "b2"}, 3: set()}, {"b1": {1, 2}, "b2": {2}, "b3": set(), "b4": set()}
    )  # type: ignore[dict-item]
    assert both.a_to_b == pytest.approx(a_to_b / log2(3), rel=1e-12)
    assert both.b_to_a == pytest.approx(b_to_a / log2(3), rel=1e-12)
    assert both.symmetric == pytest.approx((a_to_b + b_to_a) / 2 / log2(3), rel=1e-12)


def test_disjoint_counterpart_sets_still_name_their_source() -> None:
    # a1 -> {b1, b2}, a2 -> {b3, b4}: H(Y) = 2, H(Y|X) = 1, I = 1 = log2 min(2, 4)
    assert mutual_information([{1, 2}, {3, 4}], 4) == pytest.approx(1.0, abs=1e-12)
    assert normalised_mutual_information([{1, 2}, {3, 4}], 4) == pytest.approx(1.0, abs=1e-12)


def test_more_sources_than_targets_spread_evenly_is_full_information() -> None:
    # four standards onto two, two each: H(Y) = 1, H(Y|X) = 0, I = 1 = log2 min(4, 2)
    assert normalised_mutual_information([{1}, {1}, {2}, {2}], 2) == pytest.approx(1.0, abs=1e-12)
    # ... unevenly (three and one): H(Y) = H(1/4) = 2 − 3/4 log2 3
    assert mutual_information([{1}, {1}, {1}, {2}], 2) == pytest.approx(2 - 3 / 4 * log2(3), rel=1e-12)


def test_the_asymmetry_example_of_the_module() -> None:
    # 10 standards each adopting its own of 100: 1 one way, n/m = 0.1 the other
    country = [{i} for i in range(10)]
    iso = [{i} if i < 10 else set() for i in range(100)]
    assert normalised_mutual_information(country, 100) == pytest.approx(1.0, abs=1e-12)
    assert normalised_mutual_information(iso, 10) == pytest.approx(0.1, abs=1e-12)
    assert mutual_information(iso, 10) == pytest.approx(0.1 * log2(10), abs=1e-12)


def test_a_system_of_one_standard_tells_nothing() -> None:
    assert normalised_mutual_information([{1}], 5) == 0.0
    assert normalised_mutual_information([{1}, {1}], 1) == 0.0
    assert mutual_information([], 3) == 0.0


def _brute_force(counterparts: list[set[int]], m: int) -> float:
    """I(X; Y) from the whole n × m joint table, as the definition reads."""
    n = len(counterparts)
    joint = [[(1 / n) * ((1 / len(c)) if b in c else 0.0) if c else (1 / n) / m for b in range(m)]
             for c in counterparts]  # fmt: skip
    p_y = [sum(row[b] for row in joint) for b in range(m)]
    return sum(
        p * log2(p / ((1 / n) * p_y[b])) for row in joint for b, p in enumerate(row) if p > 0
    )  # Σ p(x,y) log p(x,y) / (p(x) p(y))


def test_the_fast_formula_is_the_definition_on_random_cases() -> None:
    pick = random.Random(20)
    for _ in range(300):
        n, m = pick.randint(1, 7), pick.randint(1, 7)
        counterparts = [set(pick.sample(range(m), pick.randint(0, m))) if pick.random() < 0.7 else set()
                        for _ in range(n)]  # fmt: skip
        assert mutual_information(counterparts, m) == pytest.approx(_brute_force(counterparts, m), abs=1e-9)
        nmi = normalised_mutual_information(counterparts, m)
        assert 0.0 <= nmi <= 1.0


def test_counterparts_outside_the_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="distinct counterparts"):
        mutual_information([{1}, {2}, {3}], 2)


# the systems, on the excerpts --------------------------------------------------------------------------------
def test_scopes_are_read_from_text(excerpts: Catalog) -> None:
    assert Scope.read(excerpts, "ISO")[0] == Scope("body", "ISO")
    assert Scope.read(excerpts, "jp")[0] == Scope("country", "JP")
    assert Scope.read(excerpts, "INT")[0] == Scope("country", "INT")
    assert Scope.read(excerpts, "body:jisc")[0] == Scope("body", "JISC")
    assert Scope.read(excerpts, " country : cn ")[0] == Scope("country", "CN")
    assert str(Scope("body", "ITU-T")) == "body:ITU-T"
    for bad in ("planet:MARS", "body:", "  ", "body:two words"):
        with pytest.raises(UsageError):
            Scope.read(excerpts, bad)


def test_current_members_are_whole_documents_in_force(excerpts: Catalog) -> None:
    iso = {s.identifier for s in scope_members(excerpts, Scope("body", "ISO"))}
    assert {"ISO 9001:2015", "ISO/IEC 27001:2022", "ISO 14001:2015"} <= iso
    assert not iso & {"ISO 9001:2008", "ISO 9001:2015/Amd 1:2024", "ISO/CD 9001", "ISO 9001:2015/Amd 1"}
    # co-published: ISO/IEC 27001 is a standard of IEC too
    assert "ISO/IEC 27001:2022" in {s.identifier for s in scope_members(excerpts, Scope("body", "IEC"))}
    # the GB sample gives no status for some records: only the latest edition of such a work counts
    cn = {s.identifier for s in scope_members(excerpts, Scope("country", "CN"))}
    assert "GB/T 22080-2025" in cn and "GB/T 22080-2016" not in cn and "GB/T 22080-2008" not in cn
    assert "GB/T 19000-2016" in cn and "GB/T 19000-2008" not in cn
    everything = scope_members(excerpts, Scope("body", "ISO"), members="all")
    assert len(everything) == 167 and "ISO 9001:2008" in {s.identifier for s in everything}


def test_declared_links_iso_and_china_worked_by_hand(excerpts: Catalog) -> None:
    """Of the 7 ISO standards in force, ISO 9001:2015 and ISO 14001:2015 have a declared IDT counterpart among
    China's 25: GB/T 19001-2008 and GB/T 24001-2004 adopt their earlier editions (IDT), which stand in.
    GB/T 22080-2016 (adopts ISO/IEC 27001:2013) and GB/T 19000-2008 are not current: GB/T 22080-2025 and
    GB/T 19000-2016 followed them.

    ISO → CN (n = 7, m = 25, two distinct singletons, u = 5, spread 5/25):
      P = (1 + 1/5)/7 for the two GB standards, (1/5)/7 for the 23 others;  H(Y|X) = 5/7 log2 25
    CN → ISO (n = 25, m = 7, two distinct singletons, u = 23, spread 23/7):
      P = (1 + 23/7)/25 = 6/35 for the two ISO standards, (23/7)/25 = 23/175 for the 5 others;
      H(X|Y) = 23/25 log2 7
    """
    result = compatibility(excerpts, Scope("body", "ISO"), Scope("country", "CN"), threshold=None)
    assert result.a_to_b.standards == 7 and result.b_to_a.standards == 25
    # the GB standards adopt other editions (ISO 9001:2008, ISO 14001:2004) IDT: related editions, never IDT
    assert result.a_to_b.counts["IDT"] == 0 and result.a_to_b.counts["related-edition"] == 2
    assert result.a_to_b.counts["none"] == 5
    assert result.b_to_a.counts["related-edition"] == 2 and result.b_to_a.counts["none"] == 23
    assert result.a_to_b.declared == result.a_to_b.with_counterpart == 2
    assert result.a_to_b.share("related-edition") == pytest.approx(2 / 7)
    pairs = {(link.a, link.b, link.kind, link.other_edition) for link in result.links}
    assert pairs == {
        ("ISO 9001:2015", "GB/T 19001-2008", "related-edition", True),
        ("ISO 14001:2015", "GB/T 24001-2004", "related-edition", True),
    }

    def h(p: float) -> float:
        return -p * log2(p)

    iso_to_cn = 2 * h(1.2 / 7) + 23 * h(0.2 / 7) - 5 / 7 * log2(25)
    cn_to_iso = 2 * h(6 / 35) + 5 * h(23 / 175) - 23 / 25 * log2(7)
    assert result.information.a_to_b_bits == pytest.approx(iso_to_cn, rel=1e-12)
    assert result.information.a_to_b == pytest.approx(iso_to_cn / log2(7), rel=1e-12)
    assert result.information.b_to_a_bits == pytest.approx(cn_to_iso, rel=1e-12)
    assert result.information.b_to_a == pytest.approx(cn_to_iso / log2(7), rel=1e-12)
    assert result.declared_information == result.information  # no suggestions were sought


def test_suggested_links_fill_in_where_nothing_is_declared(excerpts: Catalog) -> None:
    result = compatibility(excerpts, Scope("body", "ITU-T"), Scope("body", "ISO"))
    assert result.threshold == SUGGESTION_THRESHOLD
    assert result.a_to_b.counts["suggested"] == 1 and result.a_to_b.standards == 4
    (link,) = result.links
    assert (link.a, link.b, link.kind) == ("ITU-T X.509 (10/2019)", "ISO/IEC 9594-8:2020", "suggested")
    assert link.score is not None and link.score >= SUGGESTION_THRESHOLD
    # the bulk score is the suggester's own score of the pair
    x509, twin = excerpts.get("ITU-T X.509 (10/2019)"), excerpts.get("ISO/IEC 9594-8:2020")
    assert link.score == excerpts.suggester().score(x509, twin).score
    assert result.declared_information.a_to_b == 0.0 < result.information.a_to_b


def test_bulk_suggestions_score_as_the_suggester_does(excerpts: Catalog) -> None:
    suggester = excerpts.suggester()
    targets = scope_members(excerpts, Scope("body", "ISO"), members="all")
    bulk = BulkSuggester(suggester, targets)
    sources = [excerpts.get(i) for i in ("JIS Q 9001:2015", "JIS Q 9000:2015", "ITU-T X.509 (10/2019)")]
    best = bulk.best(sources, threshold=0.3, limit=3)
    assert best[0][0].standard.identifier == "ISO 9001:2015"
    assert best[1][0].standard.identifier == "ISO 9000:2015"
    assert best[2][0].standard.work_key == "ISO/IEC 9594-8"
    for source, found in zip(sources, best, strict=True):
        for suggestion in found:
            assert suggestion.score == suggester.score(source, suggestion.standard).score
            assert suggestion.standard.doctype.value not in ("amendment", "corrigendum", "draft")
        assert len({s.standard.work_key for s in found}) == len(found)  # one edition per work
    assert bulk.best([], threshold=0.5) == []


def test_the_bulk_estimate_is_the_suggesters_score(excerpts: Catalog) -> None:
    """Figures over whole bodies take ``estimate_score`` for the score: it must stay what ``Suggester.score``
    gives (a change of its clues or weights shows here)."""
    suggester = excerpts.suggester()
    standards = [s for s in excerpts.store.iter_standards() if s.doctype.value != "corrigendum"]
    pick = random.Random(7)
    pairs = [pick.sample(standards, 2) for _ in range(400)]
    pairs += [[excerpts.get("JIS Q 9001:2015"), excerpts.get("ISO 9001:2015")],
              [excerpts.get("ITU-T X.509 (10/2019)"), excerpts.get("ISO/IEC 9594-8:2020")]]  # fmt: skip
    for a, b in pairs:
        a_words, b_words = suggester.words_of(a), suggester.words_of(b)
        similarity, _shared = suggester.title_similarity(list(a_words), list(b_words))
        committee = suggester.committee_value(a, b, a_words, b_words)
        scored = suggester.score(a, b)
        assert estimate_score(a, b, similarity, committee) == pytest.approx(scored.score, abs=0.0015), (a, b)


def test_joint_publications_are_the_same_standard_in_both_bodies(excerpts: Catalog) -> None:
    result = compatibility(excerpts, Scope("body", "ISO"), Scope("body", "IEC"), threshold=None)
    same = {(link.a, link.b) for link in result.links if link.kind == "same"}
    assert same == {("ISO/IEC 27001:2022", "ISO/IEC 27001:2022"), ("ISO/IEC 9594-8:2020", "ISO/IEC 9594-8:2020")}
    assert result.a_to_b.counts["same"] == 2 and result.b_to_a.counts["same"] == 2


def test_per_field_figures_count_a_standard_in_each_of_its_fields(excerpts: Catalog) -> None:
    result = compatibility(excerpts, Scope("body", "ISO"), Scope("country", "CN"), threshold=None)
    fields = {f.code: f for f in result.fields}
    # ISO/IEC 27001:2022 is in 35.030 and 03.100.70: counted in field 35 and in field 03
    assert fields["35"].a_to_b.standards == 2  # ISO/IEC 27001:2022, ISO/IEC 9594-8:2020
    assert fields["03"].a_to_b.standards == 5
    assert sum(f.a_to_b.standards for f in result.fields) > result.a_to_b.standards
    # ISO 9001 and ISO 14001, whose GB counterparts (of other editions) have no ICS
    assert fields["03"].a_to_b.counts["related-edition"] == 2
    assert fields["35"].titles["en"] == "Information technology" and fields["35"].titles["zh"] == "信息技术"
    assert result.unclassified == {"a": 0, "b": 22}
    # within field 03, the GB counterparts are not classified there: the field's information is 0
    assert fields["03"].information.a_to_b == 0.0


def test_an_ics_code_narrows_both_systems_and_breaks_down_one_level(excerpts: Catalog) -> None:
    result = compatibility(excerpts, Scope("body", "ISO"), Scope("country", "JP"), "03", threshold=0.6)
    assert result.ics == "03"
    assert result.a_to_b.standards == 5 and result.b_to_a.standards == 2  # JIS Q 9000, JIS Q 9001
    assert {f.code for f in result.fields} <= {"03.100", "03.120"} and result.fields
    assert {(link.a, link.b) for link in result.links} == {
        ("ISO 9001:2015", "JIS Q 9001:2015"),
        ("ISO 9000:2015", "JIS Q 9000:2015"),
    }
    assert result.b_to_a.counts["suggested"] == 2 and result.b_to_a.with_counterpart == 2


def test_two_steps_through_a_common_original_with_the_weaker_degree(catalog: Catalog, tmp_path: Path) -> None:
    """JIS Q 14001:2015 adopts ISO 14001:2015 (IDT) and GB/T 24001-2016 adopts it too — recorded here as MOD (the
    real adoption is IDT) so that the path takes the weaker degree."""
    records = [
        {"id": "JIS Q 14001:2015", "title_en": "Environmental management systems -- Requirements with guidance for "
         "use", "status": "valid", "issued": "2015-11-20", "ics": "13.020.10", "adopts": "ISO 14001:2015",
         "degree": "IDT"},
        {"id": "GB/T 24001-2016", "title_en": "Environmental management systems—Requirements with guidance for use",
         "status": "valid", "issued": "2016-10-13", "ics": "13.020.10", "adopts": "ISO 14001:2015", "degree": "MOD"},
    ]  # fmt: skip
    path = tmp_path / "adoptions.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    mapping = {"identifier": "id", "titles": {"en": "title_en"}, "status": "status",
               "status_values": {"valid": "in-force"}, "published": "issued", "ics": "ics",
               "relations": [{"column": "adopts", "type": "adopts", "degree_column": "degree"}],
               "dataset": "compatibility-test"}  # fmt: skip
    catalog.import_path(path, "tabular", mapping=mapping, rejects_dir=tmp_path)
    result = compatibility(catalog, Scope("country", "JP"), Scope("country", "CN"), threshold=None)
    (link,) = [link for link in result.links if link.a == "JIS Q 14001:2015"]
    assert (link.b, link.kind, link.steps) == ("GB/T 24001-2016", "MOD", 2)
    assert result.a_to_b.counts["MOD"] == 1
    # and against ISO, each is one step away at its own degree
    links = {(x.a, x.b): x.kind for x in compatibility(catalog, Scope("body", "ISO"), Scope("country", "CN"),
                                                       threshold=None).links}  # fmt: skip
    assert links[("ISO 14001:2015", "GB/T 24001-2016")] == "MOD"
    # with every edition: GB/T 24001-2004 adopts ISO 14001:2004, another edition of the common original
    everything = compatibility(catalog, Scope("country", "JP"), Scope("country", "CN"), members="all", threshold=None)
    older = {(x.b, x.kind, x.steps, x.other_edition) for x in everything.links if x.a == "JIS Q 14001:2015"}
    assert ("GB/T 24001-2004", "related-edition", 2, True) in older and ("GB/T 24001-2016", "MOD", 2, False) in older


def test_accepted_and_rejected_suggestions_are_respected(catalog: Catalog) -> None:
    catalog.decide("ITU-T X.509 (10/2019)", "ISO/IEC 9594-8:2020", Verdict.ACCEPTED, by="test", degree=Degree.IDT)
    result = compatibility(catalog, Scope("body", "ITU-T"), Scope("body", "ISO"))
    assert {(x.a, x.b, x.kind, x.steps) for x in result.links} == {
        ("ITU-T X.509 (10/2019)", "ISO/IEC 9594-8:2020", "IDT", 1)
    }
    assert result.declared_information.a_to_b > 0.0
    catalog.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.REJECTED, by="test")
    pairs = {(x.a, x.b) for x in compatibility(catalog, Scope("country", "JP"), Scope("body", "ISO")).links}
    assert ("JIS Q 9001:2015", "ISO 9001:2015") not in pairs
    assert ("JIS Q 9000:2015", "ISO 9000:2015") in pairs


def test_the_json_is_complete_and_serialisable(excerpts: Catalog) -> None:
    result = compatibility(excerpts, Scope("body", "ISO"), Scope("country", "CN"))
    found = json.loads(json.dumps(result.to_json(links=True), ensure_ascii=False))
    assert found["a"] == {"kind": "body", "code": "ISO", "standards": 7}
    assert found["kinds"] == list(KINDS)
    assert set(found["a_to_b"]["counts"]) == set(KINDS)
    assert sum(found["a_to_b"]["counts"].values()) == 7
    assert found["a_to_b"]["shares"]["none"] == pytest.approx(1 - found["a_to_b"]["share"], abs=1e-3)
    assert set(found["information"]) == {"a_to_b", "b_to_a", "symmetric"}
    assert 0 <= found["information"]["a_to_b"]["normalised"] <= 1
    assert found["fields"][0]["code"] == "01" and "titles" in found["fields"][0]
    assert found["links"] and "links" not in result.to_json()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c: compatibility(c, Scope("body", "NOSUCHBODY"), Scope("body", "ISO")), NotFound, "known: "),
        (lambda c: compatibility(c, Scope("body", "ISO"), Scope("country", "ZZ")), NotFound, "country:ZZ"),
        (lambda c: compatibility(c, Scope("body", "ISO"), Scope("body", "IEC"), "35.2"), UsageError, "ICS"),
        (lambda c: compatibility(c, Scope("body", "ISO"), Scope("body", "IEC"), "99"), NotFound, "ICS 99"),
        (lambda c: compatibility(c, Scope("body", "ISO"), Scope("body", "IEC"), members="some"), UsageError, "all"),
        (lambda c: compatibility(c, Scope("body", "ISO"), Scope("body", "IEC"), threshold=1.5), UsageError, "1"),
    ],
)
def test_bad_requests_say_what_is_wrong(excerpts: Catalog, call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call(excerpts)  # type: ignore[operator]


def test_the_same_system_on_both_sides_is_fully_compatible(excerpts: Catalog) -> None:
    result = compatibility(excerpts, Scope("body", "ISO"), Scope("body", "ISO"))
    assert result.a_to_b.counts["same"] == result.a_to_b.standards == 7
    assert result.information.a_to_b == pytest.approx(1.0) and result.information.symmetric == pytest.approx(1.0)


def test_messages_in_chinese(excerpts: Catalog) -> None:
    set_language("zh")
    with pytest.raises(UsageError) as caught:
        compatibility(excerpts, Scope("body", "ISO"), Scope("body", "IEC"), "3x")
    assert "ICS" in str(caught.value) and any("\u4e00" <= c <= "\u9fff" for c in str(caught.value))


@pytest.mark.slow
def test_whole_bodies_of_the_bundled_catalogue_in_seconds(bundled_catalog: Catalog) -> None:
    started = time.perf_counter()
    result = compatibility(bundled_catalog, Scope("body", "ISO"), Scope("body", "IEC"))
    assert time.perf_counter() - started < 30
    assert result.a_to_b.standards > 20_000 and result.a_to_b.counts["same"] > 2_000  # ISO/IEC JTC 1 and others
    jis = compatibility(bundled_catalog, Scope("body", "JISC"), Scope("body", "ISO"))
    assert jis.a_to_b.counts["suggested"] > 1_000
    assert 0 < jis.information.b_to_a < jis.information.a_to_b < 1
    assert list(itertools.islice((f.code for f in jis.fields), 3)) == ["01", "03", "07"]
