"""Record pages show fields with labels and codes with their meanings, never the catalogue's internal names.

A page is *raw* where a reader sees (in its text, not its markup):

- a snake_case name (``iso_project_id``, ``competent_department``, ``source_record``), other than a column name
  an imported table gave, which is shown labelled "(as the source names it)";
- a data word of the catalogue (``in-force``, ``technical-specification``) instead of its label;
- a label that is a field's key (``corrected``, ``stage``);
- a harmonized stage code (``90.92``) without its name;
- an import file's name (``iso_catalog.jsonl.gz``) other than in "imported from FILE, line N".

A sample of 500 records of each body of the bundled catalogue is rendered in English (and 100 of each in Chinese),
with a row imported from a table; the API's human-facing fields are held to the same.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import DATA

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.fields import STAGES
from stdbridge.models import DocType, Status

BODIES = ("ISO", "IEC", "ITU-T", "ITU-R", "JISC", "SAC")
SAMPLE = 500
SAMPLE_ZH = 100
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
DATA_WORDS = re.compile(
    r"(?<![\w-])(" + "|".join(v.value for v in (*Status, *DocType) if "-" in v.value) + r"|not-yet-published)(?![\w-])"
)
STAGE = re.compile(r"(?<![\d.])\d\d\.\d\d(?![\d.])")
FILE = re.compile(r"[\w.-]+\.(?:jsonl|csv|xlsx|tsv)(?:\.gz)?\b")
IMPORTED = re.compile(r"(?:imported from|导入自) ([\w.-]+\.(?:jsonl|csv|xlsx|tsv)(?:\.gz)?)(?:,? line \d+| 第 \d+ 行)")
SOURCE_NAMED = re.compile(r"\S+(?: \(as the source names it\)|（数据来源中的名称）)")


def visible_text(html: str) -> str:
    """What a reader sees of a page: no scripts, styles, attributes or tags; the addresses of outside pages, shown
    as their links' text, left out (an address is not a field's name)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<a [^>]*class="external"[^>]*>.*?</a>', " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text.replace("&#39;", "'").replace("&amp;", "&"))


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', html, flags=re.S)
    assert found, f"no section {name}"
    return found.group(1)


def raw_spots(html: str, extra_keys: set[str]) -> list[str]:
    """Where the page shows something raw (see the module's list); [] when nothing."""
    text = visible_text(html)
    fields = section(html, "fields")
    found = []
    labelled = IMPORTED.sub(" ", SOURCE_NAMED.sub(" ", text))  # names said to be the source's, or where it came from
    found += [f"snake_case name {m!r}" for m in SNAKE.findall(labelled)]
    found += [f"data word {m!r}" for m in DATA_WORDS.findall(text)]
    labels = [visible_text(d).strip() for d in re.findall(r"<dt\b[^>]*>(.*?)</dt>", fields, flags=re.S)]
    found += [f"a key as a label {label!r}" for label in labels if label in extra_keys]
    fields_text = visible_text(fields)
    for m in STAGE.finditer(fields_text):
        after = fields_text[m.end() : m.end() + 40]
        if m.group() not in STAGES or not re.match(r" \S", after) or re.match(r" \d", after):
            found.append(f"stage code without its name {m.group()!r}: {after!r}")
    files = FILE.findall(text)
    explained = IMPORTED.findall(text)
    if sorted(files) != sorted(explained):
        found.append(f"file names {files} where only {explained} are said to be where it was imported from")
    return found


def sample_of(catalog: Catalog, body: str, size: int, seed: int) -> list[tuple[str, set[str]]]:
    records = [(r["identifier"], set(r.get("extra") or {})) for _sid, r in catalog.store.iter_records()
               if r["body"] == body]  # fmt: skip
    return random.Random(seed).sample(records, min(size, len(records)))


@pytest.fixture(scope="module")
def bundled_client(bundled_catalog: Catalog) -> Iterator[TestClient]:
    with TestClient(create_app(bundled_catalog)) as client:
        yield client


@pytest.mark.slow
@pytest.mark.parametrize("body", BODIES)
def test_record_pages_of_every_body_show_no_raw_key_or_code(
    bundled_catalog: Catalog, bundled_client: TestClient, body: str
) -> None:
    sample = sample_of(bundled_catalog, body, SAMPLE, seed=9)
    assert len(sample) >= min(SAMPLE, 400)  # ITU-R, JIS and the GB sample have fewer than some, but hundreds
    problems: dict[str, list[str]] = {}
    for n, (identifier, keys) in enumerate(sample):
        for lang in ("en", "zh") if n < SAMPLE_ZH else ("en",):
            page = bundled_client.get("/standard", params={"id": identifier, "lang": lang})
            assert page.status_code == 200, identifier
            spots = raw_spots(page.text, keys)
            if spots:
                problems[f"{identifier} ({lang})"] = spots
    assert not problems, dict(list(problems.items())[:10])


@pytest.mark.slow
def test_the_api_gives_labels_and_meanings_beside_the_keys(
    bundled_catalog: Catalog, bundled_client: TestClient
) -> None:
    for body in BODIES:
        for identifier, _keys in sample_of(bundled_catalog, body, 50, seed=3):
            found = bundled_client.get("/api/standard", params={"id": identifier, "lang": "en"}).json()
            described, status = found["described"], found["status_now"]
            assert found["standard"]["status"] == status["status"]
            assert status["label"] and not DATA_WORDS.search(status["label"]) and status["basis"]
            for field in described["extra"]:
                assert not SNAKE.search(field["label"]) and field["label"] != field["key"], field
                code = STAGE.fullmatch(str(found["standard"]["extra"].get(field["key"], "")))
                assert not code or (field["value"].startswith(code.group() + " ") and len(field["value"]) > 6), field
            assert all(not SNAKE.search(label) for label in described["labels"].values())
            if body == "SAC":
                assert described["gb_kind"] in (
                    "mandatory national standard (强制性国家标准)",
                    "recommended national standard (推荐性国家标准)",
                    "guidance technical document (指导性技术文件)",
                )


def test_an_imported_table_row_shows_its_own_columns_labelled(empty_catalog: Catalog, tmp_path: Path) -> None:
    mapping = json.loads((DATA / "tabular" / "jis_mapping.json").read_text(encoding="utf-8"))
    mapping["extra"] = ["status"]  # the source's own status word, kept beside the status read from it
    (tmp_path / "mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    empty_catalog.import_path(DATA / "tabular" / "jis_excerpt.csv", "tabular", mapping=str(tmp_path / "mapping.json"),
                              rejects_dir=tmp_path)  # fmt: skip
    with TestClient(create_app(empty_catalog)) as client:
        for lang, source_named, imported in (
            ("en", "status (as the source names it)", "imported from jis_excerpt.csv, line 2"),
            ("zh", "status（数据来源中的名称）", "导入自 jis_excerpt.csv 第 2 行"),
        ):
            html = client.get("/standard", params={"id": "JIS A 0001:1999", "lang": lang}).text
            assert raw_spots(html, {"status"}) == []
            text = visible_text(section(html, "fields"))
            assert source_named in text and imported in text


def test_the_former_rendering_of_a_record_is_found_raw() -> None:
    # how the fields of ISO 9001:2008 read before they were labelled: keys, a bare stage code, a file and line
    former = (
        '<section id="fields"><dl class="fields"><dt>Source</dt><dd>iso <span class="muted">'
        'iso_catalog.jsonl.gz:39773</span></dd><dt class="extra">corrected</dt><dd>2009-07</dd>'
        '<dt class="extra">iso_project_id</dt><dd>46486</dd><dt class="extra">stage</dt><dd>95.99</dd></dl></section>'
    )
    spots = raw_spots(former, {"corrected", "iso_project_id", "stage"})
    assert "snake_case name 'iso_project_id'" in spots
    assert "a key as a label 'corrected'" in spots and "a key as a label 'stage'" in spots
    assert any(s.startswith("stage code without its name '95.99'") for s in spots)
    assert any(s.startswith("file names ['iso_catalog.jsonl.gz']") for s in spots)
