"""Reading the normative references clause and comparing two lists of references."""

from __future__ import annotations

from stdbridge.compare.clauses import split_clauses
from stdbridge.compare.documents import document_from_text
from stdbridge.compare.references import ReferenceList, compare_references, normative_references, read_reference


def references(text: str) -> ReferenceList:
    return normative_references(split_clauses(document_from_text(text)))


def test_iso_reference_line() -> None:
    reference = read_reference("IEC 60335-1:2020, Household and similar electrical appliances — Safety")
    assert (reference.identifier, reference.work_key, reference.dated) == ("IEC 60335-1:2020", "IEC 60335-1", True)
    assert reference.title == "Household and similar electrical appliances — Safety"


def test_all_parts_and_undated() -> None:
    reference = read_reference("IEC 60335 (all parts), Household and similar electrical appliances")
    assert (reference.identifier, reference.dated) == ("IEC 60335 (all parts)", False)


def test_gb_reference_line_with_its_international_counterpart() -> None:
    reference = read_reference("GB 4706.1—2005　家用和类似用途电器的安全　第1部分：通用要求（IEC 60335-1:2004，IDT）")
    assert (reference.identifier, reference.work_key) == ("GB 4706.1-2005", "GB 4706.1")
    assert reference.title == "家用和类似用途电器的安全 第1部分:通用要求"
    assert [(c.identifier, c.degree, c.dated) for c in reference.counterparts] == [("IEC 60335-1:2004", "IDT", True)]


def test_line_without_identifier_is_kept_as_text() -> None:
    reference = read_reference("Regulation (EU) 2019/1781 on electric motors")
    assert reference.identifier is None
    assert reference.text == "Regulation (EU) 2019/1781 on electric motors"


def test_clause_boilerplate_is_left_out_and_wrapped_lines_joined() -> None:
    text = "\n".join(
        [
            "1 Scope",
            "x",
            "2 Normative references",
            "The following documents are referred to in the text in such a way that some or all of their",
            "content constitutes requirements of this document. For dated references, only the edition",
            "cited applies.",
            "IEC 60335-1:2020, Household and similar electrical appliances — Safety — Part 1: General",
            "requirements",
            "ISO 3864-1:2011, Graphical symbols — Safety colours and safety signs — Part",
            "1: Design principles",
            "NOTE Some note.",
            "3 Terms and definitions",
        ]
    )
    found = references(text)
    assert found.clause is not None and found.clause.key == "2"
    assert [(r.identifier, r.title) for r in found.references] == [
        ("IEC 60335-1:2020", "Household and similar electrical appliances — Safety — Part 1: General requirements"),
        ("ISO 3864-1:2011", "Graphical symbols — Safety colours and safety signs — Part 1: Design principles"),
    ]


def test_a_clause_saying_there_are_none() -> None:
    found = references("1 Scope\nx\n2 Normative references\nThere are no normative references in this document.\n")
    assert found.references == ()
    assert found.states_none
    chinese = references("1 范围\nx\n2 规范性引用文件\n本文件没有规范性引用文件。\n")
    assert chinese.references == () and chinese.states_none


def test_a_text_without_the_clause() -> None:
    found = references("1 Scope\nx\n2 Requirements\nIEC 60335-1 applies.")
    assert found.clause is None and found.references == ()


def test_comparing_lists() -> None:
    a = references("1 Scope\nx\n2 Normative references\nISO 1:2002, A\nISO 2, B\nISO 3:2010, C\nISO 4:2000, D\nLaw X")
    b = references("1 Scope\nx\n2 Normative references\nISO 5:2020, E\nISO 3:2020, C\nISO 2:2019, B\nISO 1:2002, A")
    rows = [
        (p.status, p.a.identifier if p.a else None, p.b.identifier if p.b else None) for p in compare_references(a, b)
    ]
    assert rows == [
        ("only-in-b", None, "ISO 5:2020"),
        ("edition-changed", "ISO 3:2010", "ISO 3:2020"),
        ("dating-changed", "ISO 2", "ISO 2:2019"),
        ("same", "ISO 1:2002", "ISO 1:2002"),
        ("only-in-a", "ISO 4:2000", None),
        ("only-in-a", None, None),
    ]
    assert compare_references(a, b)[-1].a.text == "Law X"  # type: ignore[union-attr]


def test_adoptions_declared_by_the_identifier_are_counterparts() -> None:
    en = read_reference("EN ISO 13849-1:2015, Safety of machinery — Safety-related parts of control systems")
    assert [(c.identifier, c.degree, c.dated) for c in en.counterparts] == [("ISO 13849-1:2015", "IDT", True)]
    gb = read_reference("GB/T 19001-2016/ISO 9001:2015　质量管理体系　要求")
    assert gb.identifier == "GB/T 19001-2016/ISO 9001:2015" and gb.title == "质量管理体系 要求"
    assert [(c.identifier, c.degree) for c in gb.counterparts] == [("ISO 9001:2015", "IDT")]
    # Declared in the identifier and named again in the bracket: one counterpart.
    bs = read_reference("BS EN ISO 9001:2015, Quality management systems (ISO 9001:2015, IDT)")
    assert [c.identifier for c in bs.counterparts] == ["EN ISO 9001:2015", "ISO 9001:2015"]


def test_an_adoption_meets_the_international_reference_it_adopts() -> None:
    a = references(
        "1 Scope\nx\n2 Normative references\n"
        "EN ISO 13849-1:2015, Safety of machinery — Safety-related parts of control systems\n"
        "GB/T 19001-2016/ISO 9001:2015　质量管理体系　要求\n"
    )
    b = references(
        "1 Scope\nx\n2 Normative references\n"
        "ISO 9001:2008, Quality management systems — Requirements\n"
        "ISO 13849-1:2015, Safety of machinery — Safety-related parts of control systems\n"
    )
    rows = [(p.status, p.a.identifier if p.a else None, p.b.identifier if p.b else None, p.via)
            for p in compare_references(a, b)]  # fmt: skip
    assert rows == [
        ("edition-changed", "GB/T 19001-2016/ISO 9001:2015", "ISO 9001:2008", "ISO 9001:2015, IDT"),
        ("same", "EN ISO 13849-1:2015", "ISO 13849-1:2015", "ISO 13849-1:2015, IDT"),
    ]
    # And the other way round: the international reference in A, the adoption in B.
    assert [p.status for p in compare_references(b, a)] == ["same", "edition-changed"]
