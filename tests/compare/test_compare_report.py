"""The comparison as JSON and as a standalone HTML page."""

from __future__ import annotations

import json
import re

from compare_fixtures import EDITION1, EDITION2, EDITION2_ZH
from markupsafe import Markup

from stdbridge.compare import compare_plain_texts, compare_texts, render_html
from stdbridge.i18n import set_language

HOSTILE_A = '1 Scope\nThis text is safe.\n2 Requirements\nThe value is 10 V.\n3 Marking\n<b>bold</b> & "quotes"'
HOSTILE_B = (
    '1 Scope\nThis text is safe.\n2 Requirements\nThe value is <script>alert("x")</script> 12 V.\n'
    '3 Marking\n<b>bold</b> & "quotes"\n4 <img src=x onerror=alert(1)>\n<iframe src="https://example.org/">'
)


def test_json_is_complete_and_serialisable() -> None:
    comparison = compare_texts(EDITION1, EDITION2, label_a="first", label_b="second")
    data = json.loads(json.dumps(comparison.to_json(), ensure_ascii=False))
    assert data["format_version"] == 1
    assert set(data) == {
        "format_version", "a", "b", "cross_language", "identical", "counts", "notices", "clauses", "references",
    }  # fmt: skip
    assert data["a"]["label"] == "first" and data["b"]["format"] == "text"
    assert data["counts"]["matched"] == 14 and data["counts"]["references_edition_changed"] == 1
    supply = next(c for c in data["clauses"] if c["b"] and c["b"]["key"] == "4.2")
    assert supply["status"] == "changed"
    assert supply["similarity"] == 0.9583
    assert supply["requirement_changes"] == [
        {
            "change": "tightened",
            "before": {
                "text": "230 V ± 10 %",
                "kind": "tolerance",
                "dimension": "V",
                "unit": "V",
                "nominal": "230",
                "low": "207",
                "high": "253",
                "low_inclusive": True,
                "high_inclusive": True,
            },
            "after": {
                "text": "230 V ± 6 %",
                "kind": "tolerance",
                "dimension": "V",
                "unit": "V",
                "nominal": "230",
                "low": "216.2",
                "high": "243.8",
                "low_inclusive": True,
                "high_inclusive": True,
            },
        }
    ]
    assert {"op": "replaced", "a": "10 ", "b": "6 "} in supply["diff"]
    missing = next(c for c in data["clauses"] if c["status"] == "missing")
    assert missing["a"]["text"].startswith("The appliance is placed on a support")  # nothing is lost
    assert data["references"][0]["a"]["identifier"] == "IEC 60335-1:2010"


def test_html_escapes_everything_from_the_texts() -> None:
    html = render_html(compare_plain_texts(HOSTILE_A, HOSTILE_B, label_a="<A>", label_b="B & co"))
    assert "<script" not in html and "<iframe" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quotes&#34;" in html
    assert "&lt;A&gt;" in html and "B &amp; co" in html


def test_html_has_no_external_resources() -> None:
    html = render_html(compare_texts(EDITION1, EDITION2))
    assert re.search(r"""(?:src|href)\s*=|@import|url\(|<link|<script""", html) is None
    assert html.startswith("<!doctype html>")


def test_html_shows_summary_differences_references_and_clauses_in_that_order() -> None:
    html = render_html(compare_texts(EDITION1, EDITION2, label_a="ISO 99999:2015", label_b="ISO 99999:2020"))
    order = [
        html.index("<h2>Summary</h2>"),
        html.index("<h2>Numeric requirements</h2>"),
        html.index("<h2>Normative references</h2>"),
        html.index("<h2>Clause by clause</h2>"),
    ]
    assert order == sorted(order)
    assert '<b class="num">14</b>matched' in html
    assert "<del>10 </del><ins>6 </ins>" in html
    assert "renumbered: 7 in A, 6 in B" in html
    assert "Annex B (informative) Examples of marking" in html
    # Clause B, and the three added values both in the table of numeric differences and under their clauses.
    assert html.count('<span class="badge added">added</span>') == 7


def test_head_html_is_inserted_as_given_and_only_when_given() -> None:
    comparison = compare_texts(EDITION1, EDITION2)
    head = Markup('<section id="metadata"><h2>Metadata</h2></section>')
    with_head = render_html(comparison, head_html=head)
    assert '<section class="head">\n<section id="metadata"><h2>Metadata</h2></section>' in with_head
    assert 'class="head"' not in render_html(comparison)


def test_html_across_languages_shows_both_texts_and_no_similarity() -> None:
    html = render_html(compare_texts(EDITION2, EDITION2_ZH))
    assert html.count("wording not comparable across languages") == 21
    assert "% of the words in common" not in html
    assert "in A: 4.4 Temperature rise" in html


def test_html_in_chinese() -> None:
    set_language("zh")
    html = render_html(compare_texts(EDITION1, EDITION2))
    assert '<html lang="zh-CN">' in html
    assert "<h1>两份文本的对比</h1>" in html
    assert "<h2>逐条对比</h2>" in html
    assert "重新编号：A 中为 7，B 中为 6" in html
    assert '<span class="badge changed">收紧</span>' in html


def test_messages_and_notices_in_chinese() -> None:
    set_language("zh")
    comparison = compare_texts(EDITION1, EDITION1)
    assert [n.message for n in comparison.notices] == ["两份文本给出的是同一个文件", "两份文本逐条相同"]


NONE_EN = "1 Scope\nx\n2 Normative references\nThere are no normative references in this document.\n3 Terms\ny"
NONE_ZH = "1 范围\nx\n2 规范性引用文件\n本文件没有规范性引用文件。\n3 术语和定义\ny"
SOME = "1 Scope\nx\n2 Normative references\nIEC 60335-1:2020, Household appliances\n3 Terms\ny"
NO_CLAUSE = "1 Scope\nx\n2 Requirements\ny"


def reference_notes(html: str) -> list[str]:
    section = html[html.index("<h2>Normative references</h2>") : html.index("<h2>Clause by clause</h2>")]
    return re.findall(r'<p class="meta">(.*?)</p>', section)


def test_a_text_stating_it_has_no_references_is_named() -> None:
    comparison = compare_plain_texts(NONE_EN, SOME, label_a="old", label_b="new")
    assert comparison.a.states_no_references and not comparison.b.states_no_references
    assert comparison.to_json()["a"]["states_no_references"] is True
    assert [(n.code, n.message) for n in comparison.notices] == [
        ("no-references-stated", "old states that it has no normative references")
    ]
    html = render_html(comparison)
    assert reference_notes(html) == ["old states that it has no normative references."]
    assert '<span class="badge added">only in B</span>' in html


def test_no_references_in_either_text_says_which_text_states_so() -> None:
    both = render_html(compare_plain_texts(NONE_EN, NONE_ZH, label_a="en", label_b="zh"))
    assert reference_notes(both) == ["Both texts state that they have no normative references."]
    one_side = render_html(compare_plain_texts(NO_CLAUSE, NONE_EN, label_a="draft", label_b="final"))
    assert reference_notes(one_side) == ["final states that it has no normative references; none were found in draft."]
    neither = render_html(compare_plain_texts(NO_CLAUSE, NO_CLAUSE))
    assert reference_notes(neither) == ["No normative references were found in either text."]


def test_stated_absence_of_references_in_chinese() -> None:
    set_language("zh")
    comparison = compare_plain_texts(NONE_ZH, SOME, label_a="旧版", label_b="新版")
    assert comparison.notices[-1].message == "旧版 声明没有规范性引用文件"
    assert '<p class="meta">旧版 声明没有规范性引用文件。</p>' in render_html(comparison)
