"""Build the test fixtures of the GB and tabular importers from real bundled data.

    python scripts/make_gb_fixtures.py

tests/data/gb/ gets the same records in the layout of the national standards
information service (全国标准信息公共服务平台), three ways:

* ``gb_official.csv``: UTF-8 with BOM, ISO dates, degrees as codes (IDT), lists split by "; ";
* ``gb_official_gb18030.csv``: GB18030 without BOM, dates as 2016年12月30日, degrees in words (等同),
  lists split by "，";
* ``gb_official.xlsx``: date cells, degrees as codes, lists one a line;

plus ``gb_bad.csv`` (real rows made bad in typical ways, mixed with good rows).
The records are every record of the bundled GB sample with an adoption or a
replaced standard, and two well-known records the sample lacks or holds only in
part (GB/T 19001-2016, GB/T 19000-2016; facts from the published standards).

tests/data/tabular/ gets 30 real JIS records as CSV and JSON Lines, and the
mapping that reads them.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "stdbridge" / "data"
GB_OUT = ROOT / "tests" / "data" / "gb"
TAB_OUT = ROOT / "tests" / "data" / "tabular"

HEADER = ["标准号", "中文标准名称", "英文标准名称", "标准状态", "发布日期", "实施日期", "代替标准", "被代替标准",
          "采用国际标准号", "采用程度", "ICS", "CCS", "归口单位", "主管部门"]  # fmt: skip
QMS_COMMITTEE = "全国质量管理和质量保证标准化技术委员会"
KNOWN = [
    {
        "designation": "GB/T 19001-2016",
        "title_zh": "质量管理体系 要求",
        "title_en": "Quality management systems—Requirements",
        "status": "现行",
        "published": "2016-12-30",
        "implemented": "2017-07-01",
        "replaces": "GB/T 19001-2008",
        "adopted_from": "ISO 9001:2015",
        "degree": "IDT",
        "ics": "03.120.10",
        "ccs": "A00",
        "committee": QMS_COMMITTEE,
        "competent": "国家标准化管理委员会",
    },
    {
        "designation": "GB/T 19000-2016",
        "title_zh": "质量管理体系 基础和术语",
        "title_en": "Quality management systems—Fundamentals and vocabulary",
        "status": "现行",
        "published": "2016-12-30",
        "implemented": "2017-07-01",
        "replaces": "GB/T 19000-2008",
        "adopted_from": "ISO 9000:2015",
        "degree": "IDT",
        "ics": "03.120.10; 01.040.03",
        "ccs": "A00",
        "committee": QMS_COMMITTEE,
        "competent": "国家标准化管理委员会",
    },
]
DEGREE_WORDS = {"IDT": "等同", "MOD": "修改", "NEQ": "非等效", "EQV": "等效"}


def gb_records() -> list[dict[str, Any]]:
    with gzip.open(DATA / "gb_records.jsonl.gz", "rt", encoding="utf-8") as handle:
        sample = [json.loads(line) for line in handle]
    known = {r["designation"] for r in KNOWN}
    chosen = [r for r in sample if (r["adopted_from"] or r["replaces"]) and r["designation"] not in known]
    chosen.extend(KNOWN)  # the published facts replace the sample's partial GB/T 19000-2016
    return chosen


def cells(record: dict[str, Any], form: str) -> list[Any]:
    """One row in the official layout; ``form`` is "utf8", "gb18030" or "xlsx"."""
    sep = {"utf8": "; ", "gb18030": "，", "xlsx": "\n"}[form]

    def listed(value: str | None) -> str:
        return sep.join(v.strip() for v in (value or "").split(";") if v.strip())

    def date(value: str | None) -> Any:
        if not value:
            return ""
        day = dt.date.fromisoformat(value)
        if form == "gb18030":
            return f"{day.year}年{day.month}月{day.day}日"
        return dt.datetime(day.year, day.month, day.day) if form == "xlsx" else value

    degree = record.get("degree") or ""
    if form == "gb18030":
        degree = DEGREE_WORDS.get(degree, degree)
    return [
        record["designation"],
        record.get("title_zh") or "",
        record.get("title_en") or "",
        record.get("status") or "",
        date(record.get("published")),
        date(record.get("implemented")),
        listed(record.get("replaces")),
        "",
        listed(record.get("adopted_from")),
        degree,
        listed(record.get("ics")),
        listed(record.get("ccs")),
        record.get("committee") or "",
        record.get("competent") or "",
    ]


def write_csv(path: Path, rows: list[list[Any]], encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "标准列表"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for column in ("E", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    book.save(path)


def write_bad(path: Path, records: list[dict[str, Any]]) -> None:
    """Real rows, some made bad in the typical ways of hand-edited exports."""
    by_id = {r["designation"]: r for r in records}
    good = [cells(by_id[i], "utf8") for i in ("GB/T 19001-2016", "GB/T 4208-2017", "GB/T 7714-2015")]
    junk_id = cells(by_id["GB/T 17626.3-2023"], "utf8")
    junk_id[0] = "GB/T 十七六二六"
    bad_date = cells(by_id["GB/T 22081-2016"], "utf8")
    bad_date[4] = "2016-13-40"
    bad_status = cells(by_id["GB/T 27065-2015"], "utf8")
    bad_status[3] = "作废中"
    bad_degree = cells(by_id["GB/T 42061-2022"], "utf8")
    bad_degree[9] = "部分等同"
    bad_adopted = cells(by_id["GB/T 19000-2016"], "utf8")
    bad_adopted[8] = "ISO 9001:20155"
    empty_id = cells(by_id["GB/T 27000-2023"], "utf8")
    empty_id[0] = ""
    rows = [good[0], junk_id, bad_date, good[1], bad_status, bad_degree, bad_adopted, empty_id, good[2]]
    write_csv(path, rows, "utf-8")


def write_tabular() -> None:
    TAB_OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(DATA / "jis_catalog.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(30), handle, strict=False)]
    fields = ["id", "title_ja", "title_en", "status", "issued", "ics"]
    (TAB_OUT / "jis_excerpt.jsonl").write_text(
        "".join(json.dumps({k: r[k] for k in fields if k in r}, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    with (TAB_OUT / "jis_excerpt.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for r in records:
            writer.writerow([";".join(r.get(k, [])) if k == "ics" else r.get(k, "") for k in fields])
    mapping = {
        "identifier": "id",
        "titles": {"ja": "title_ja", "en": "title_en"},
        "status": "status",
        "status_values": {"valid": "in-force", "withdrawn": "withdrawn"},
        "published": "issued",
        "ics": {"column": "ics", "separator": ";"},
        "dataset": "jis-excerpt",
    }
    (TAB_OUT / "jis_mapping.json").write_text(json.dumps(mapping, ensure_ascii=False, indent=2) + "\n", "utf-8")


def main() -> None:
    GB_OUT.mkdir(parents=True, exist_ok=True)
    records = gb_records()
    write_csv(GB_OUT / "gb_official.csv", [cells(r, "utf8") for r in records], "utf-8-sig")
    write_csv(GB_OUT / "gb_official_gb18030.csv", [cells(r, "gb18030") for r in records], "gb18030")
    write_xlsx(GB_OUT / "gb_official.xlsx", [cells(r, "xlsx") for r in records])
    write_bad(GB_OUT / "gb_bad.csv", records)
    write_tabular()
    print(f"{GB_OUT.relative_to(ROOT)}: {len(records)} GB records; {TAB_OUT.relative_to(ROOT)}: 30 JIS records")


if __name__ == "__main__":
    main()
