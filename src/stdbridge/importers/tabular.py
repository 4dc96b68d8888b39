"""Reading tabular sources (CSV, XLSX, JSON Lines) and the generic importer driven by a field mapping.

``read_rows`` gives a file's header and its rows with the physical line each
row starts on (the sheet row for XLSX). It decodes text strictly (UTF-8 with
or without BOM, UTF-16/32 with BOM, else GB18030) and refuses, with
``UnreadableSource`` naming the file and line, anything it cannot read with
certainty: binary or empty files, a header with no rows, a truncated CSV.
A single malformed record (a bad JSON line, a CSV row with broken quoting)
comes back as a ``Rejected`` in place of its row.

``MappedImporter`` imports any such file through a declared field mapping
(see its docstring); it reads values with ``stdbridge.importers.cells``, as the
GB importer does.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import json
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stdbridge.errors import IdentifierError, MissingColumns, UnreadableSource, UsageError
from stdbridge.i18n import _
from stdbridge.importers.base import Importer, Row, build_standard
from stdbridge.importers.cells import BadValue, Dropped, identifier_list, pair_degrees, parse_date, split_values
from stdbridge.importers.foreign_versions import FOREIGN_VERSIONS, foreign_versions
from stdbridge.models import Degree, Evidence, Rejected, RelationDraft, RelationType, Status

FIELD_SIZE_LIMIT = 10 * 1024 * 1024
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DELIMITERS = ",\t;|"
_MAGIC = {b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"\xd0\xcf\x11\xe0": "an old binary .xls/OLE file"}

RowData = dict[str, str]
Rows = Iterator[tuple[int, RowData | Rejected]]


def read_rows(path: Path) -> tuple[list[str], Rows]:
    """The header of ``path`` and its rows as ``(line, {column: text})``, or a ``Rejected`` for a malformed row.

    Raises ``UnreadableSource`` if the file cannot be read at all, with the file and the line.
    """
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableSource("no such file", source=source) from exc
    except OSError as exc:
        raise UnreadableSource(f"cannot read the file: {exc.strerror or exc}", source=source) from exc
    name = path.name.lower()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            raise UnreadableSource(f"not a readable gzip file: {exc}", source=source) from exc
        name = name.removesuffix(".gz")
    if not data.replace(codecs.BOM_UTF8, b"").strip():
        raise UnreadableSource("the file is empty", source=source)
    suffix = Path(name).suffix
    if data.startswith(b"PK\x03\x04") or suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, data)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise UnreadableSource(f"this is {what}, not a table", source=source)
    text = decode_text(data, source)
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(text, source)
    return _read_csv(text, source, "\t" if suffix == ".tsv" else None)


def decode_text(data: bytes, source: str) -> str:
    """Decode ``data`` strictly as UTF-8 (BOM optional), UTF-16/32 (BOM required) or GB18030; never guess."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableSource(f"not valid {codec.upper()} {_where(data, exc.start)}", source=source) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        sample = data[:4096]
        even, odd = sorted((sample[0::2].count(0), sample[1::2].count(0)))
        if odd >= 0.05 * len(sample) and even <= odd / 10:  # NULs on one side only: ASCII in UTF-16
            raise UnreadableSource("UTF-16 text without a byte-order mark; save it as UTF-8", source=source)
        raise UnreadableSource(f"binary data (NUL byte {_where(data, nul)}), not text", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableSource(
            f"neither UTF-8 (bad byte {_where(data, utf8_error.start)}) nor GB18030 "
            f"(bad byte {_where(data, exc.start)}){_guess(data)}; save it as UTF-8",
            source=source,
        ) from exc
    if _plausible_gb(text) or _guess_encoding(data) in {"gb18030", "gbk", "gb2312", "big5"}:
        return text
    raise UnreadableSource(
        f"not UTF-8 (bad byte {_where(data, utf8_error.start)}) and it decodes as GB18030 only into unlikely "
        f"characters{_guess(data)}; save it as UTF-8",
        source=source,
    )


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"0x{data[offset]:02x} at offset {offset}, line {line}"


def _plausible_gb(text: str) -> bool:
    """True if nearly every non-ASCII character is a common (GB2312) Chinese one, as in real Chinese text.

    Japanese kana are in GB2312 too, so text that is mostly kana (EUC-JP read as GB18030) is not plausible.
    """
    wide = [c for c in text if ord(c) > 127]
    common = kana = 0
    for char in wide:
        kana += "\u3040" <= char <= "\u30ff"
        try:
            char.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.95 * len(wide) and kana < 0.05 * max(len(wide), 1)


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding if best else None


def _guess(data: bytes) -> str:
    guess = _guess_encoding(data)
    return f" (it looks like {guess})" if guess else ""


def _check_header(cells: list[str], source: str, line: int) -> list[str]:
    header = [unicodedata.normalize("NFC", c).replace("\ufeff", "").strip() for c in cells]
    seen: dict[str, int] = {}
    for index, name in enumerate(header, 1):
        if name and name in seen:
            raise UnreadableSource(
                f"column {name!r} appears twice (columns {seen[name]} and {index})", source=source, line=line
            )
        seen[name] = index
    if not any(header):
        raise UnreadableSource("the header row is empty", source=source, line=line)
    return header


def _record(header: list[str], cells: list[str], source: str, line: int, raw: str) -> RowData | Rejected:
    extra = [c for c in cells[len(header) :] if c.strip()]
    if extra:
        return Rejected(source, line, raw[:200], f"the row has {len(cells)} cells but the header has {len(header)}")
    return {name: (cells[i] if i < len(cells) else "").strip() for i, name in enumerate(header) if name}


def _first_then_rest(rows: Rows, source: str) -> Rows:
    first = next(rows, None)
    if first is None:
        raise UnreadableSource("the file has a header but no rows", source=source)
    yield first
    yield from rows


def _read_csv(text: str, source: str, delimiter: str | None) -> tuple[list[str], Rows]:
    lines = list(io.StringIO(text, newline=""))  # only \n, \r\n and \r end a line (not \x1e, \u2028)
    if delimiter is None:
        first = next((line for line in lines if line.strip()), "")
        delimiter = max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)

    def records() -> Iterator[tuple[int, list[str] | Rejected]]:
        end = 0
        while True:
            start = end + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    raise UnreadableSource(f"truncated: the quoted field opened on line {start} never ends",
                                           source=source, line=start) from exc  # fmt: skip
                end = reader.line_num
                yield (
                    start,
                    Rejected(
                        source, start, "".join(lines[start - 1 : end]).rstrip("\r\n")[:200], f"malformed CSV: {exc}"
                    ),
                )
                continue
            end = reader.line_num
            if any(c.strip() for c in cells):
                yield start, cells

    found = records()
    first_line, first_cells = next(found, (0, None))
    if first_cells is None:
        raise UnreadableSource("the file holds no rows", source=source)
    if isinstance(first_cells, Rejected):
        raise UnreadableSource(f"unreadable header: {first_cells.reason}", source=source, line=first_line)
    header = _check_header(first_cells, source, first_line)

    def rows() -> Rows:
        for line, cells in found:
            if isinstance(cells, Rejected):
                yield line, cells
            else:
                yield line, _record(header, cells, source, line, lines[line - 1].rstrip("\r\n"))

    return header, _first_then_rest(rows(), source)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, data: bytes) -> tuple[list[str], Rows]:
    import openpyxl

    source = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active if book.active is not None else book.worksheets[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            table = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # openpyxl raises many kinds (KeyError, BadZipFile, InvalidFileException, XML errors)
        raise UnreadableSource(f"not a readable Excel workbook (.xlsx): {type(exc).__name__}: {exc}",
                               source=source) from exc  # fmt: skip
    numbered = [(n, row) for n, row in enumerate(table, 1) if any(c.strip() for c in row)]
    if not numbered:
        raise UnreadableSource("the workbook's first sheet is empty", source=source)
    header_line, header_cells = numbered[0]
    header = _check_header(header_cells, source, header_line)
    rows = ((n, _record(header, row, source, n, "\t".join(row))) for n, row in numbered[1:])
    return header, _first_then_rest(rows, source)


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(_json_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _read_jsonl(text: str, source: str) -> tuple[list[str], Rows]:
    parsed: list[tuple[int, RowData | Rejected]] = []
    header: dict[str, None] = {}
    for line_no, physical in enumerate(io.StringIO(text, newline=""), 1):
        line = physical.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            row = (
                {str(k).replace("\ufeff", "").strip(): _json_text(v) for k, v in record.items()}
                if isinstance(record, dict)
                else None
            )
        except RecursionError:  # a line of arrays or objects nested deeper than Python's stack
            parsed.append((line_no, Rejected(source, line_no, line[:200], _("JSON nested too deeply"))))
            continue
        except json.JSONDecodeError as exc:
            parsed.append(
                (line_no, Rejected(source, line_no, line[:200], f"not JSON: {exc.msg} at column {exc.colno}"))
            )
            continue
        if row is None:
            parsed.append((line_no, Rejected(source, line_no, line[:200], "not a JSON object")))
            continue
        header.update(dict.fromkeys(row))
        parsed.append((line_no, row))
    if not header:
        raise UnreadableSource(
            "no line of the file is a JSON object", source=source, line=parsed[0][0] if parsed else 1
        )
    return list(header), iter(parsed)


# ---- the importer driven by a declared mapping ------------------------------------------------------

_SCALAR_KEYS: tuple[str, ...] = ("identifier", "status", "published", "implemented", "withdrawn", "committee")
_SCALAR_KEYS += ("url", "edition", "dataset", "foreign_versions")
_MAPPING_KEYS = {*_SCALAR_KEYS, "titles", "status_values", "ics", "ccs", "relations", "extra"}
_RELATION_KEYS = {"column", "type", "degree", "degree_column", "separator"}
RELATION_TYPES = {
    "adopts": (RelationType.ADOPTS, False),
    "replaces": (RelationType.REPLACES, False),
    "replaced-by": (RelationType.REPLACES, True),
    "amends": (RelationType.AMENDS, False),
    "corrects": (RelationType.CORRECTS, False),
    "references": (RelationType.REFERENCES, False),
    "equivalent": (RelationType.EQUIVALENT, False),
}


def load_mapping(mapping: str | Path | dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The validated mapping and a name for it in messages; ``UsageError`` naming the file and key if it is wrong."""
    where = "the mapping"
    if not isinstance(mapping, dict):
        where = str(mapping)
        try:
            mapping = json.loads(Path(mapping).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"cannot read the mapping file {where}: {exc}") from exc
        if not isinstance(mapping, dict):
            raise UsageError(f"{where}: the mapping must be a JSON object")

    def bad(key: str, what: str) -> UsageError:
        return UsageError(f"{where}: key {key!r}: {what}")

    for key in mapping:
        if key not in _MAPPING_KEYS:
            raise bad(key, f"unknown key; the known keys are {', '.join(sorted(_MAPPING_KEYS))}")
    if not mapping.get("identifier"):
        raise bad("identifier", "required: the column holding the standard's identifier")
    for key in _SCALAR_KEYS:
        if key in mapping and not isinstance(mapping[key], str):
            raise bad(key, "must be a column name (a string)")
    for key, kind in (("titles", dict), ("status_values", dict), ("relations", list), ("extra", list)):
        if not isinstance(mapping.get(key, kind()), kind):
            raise bad(key, f"must be a JSON {'object' if kind is dict else 'array'}")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.get("titles", {}).items()):
        raise bad("titles", 'must be an object of language code to column, e.g. {"en": "Title"}')
    values = Status.__members__.values()
    for source, target in mapping.get("status_values", {}).items():
        if target not in {s.value for s in values}:
            raise bad(
                "status_values", f"{source!r} maps to {target!r}, not one of {', '.join(s.value for s in values)}"
            )
    for key in ("ics", "ccs"):
        spec = mapping.get(key)
        if spec is not None and not (isinstance(spec, str) or (isinstance(spec, dict) and "column" in spec)):
            raise bad(key, 'must be a column name or {"column": ..., "separator": ...}')
    for number, relation in enumerate(mapping.get("relations", []), 1):
        name = f"relations[{number}]"
        if not isinstance(relation, dict) or not relation.get("column"):
            raise bad(name, "each relation needs a 'column'")
        unknown = set(relation) - _RELATION_KEYS
        if unknown:
            raise bad(name, f"unknown key(s) {', '.join(sorted(unknown))}")
        if relation.get("type") not in RELATION_TYPES:
            raise bad(name, f"type {relation.get('type')!r} is not one of {', '.join(RELATION_TYPES)}")
        if relation.get("degree") and relation["degree"] not in Degree.__members__:
            raise bad(name, f"degree {relation['degree']!r} is not one of {', '.join(Degree.__members__)}")
    if not all(isinstance(column, str) for column in mapping.get("extra", [])):
        raise bad("extra", "must be a list of column names")
    return mapping, where


class MappedImporter(Importer):
    """Any CSV, XLSX or JSON Lines file, read through the field mapping given as option ``mapping``.

    The mapping (a dict, or the path of a JSON file) names the column of each field: ``identifier`` (required),
    ``titles`` ({lang: column}), ``status`` with ``status_values`` ({value in the file: stdbridge status}),
    ``published``, ``implemented``, ``withdrawn``, ``ics`` and ``ccs`` (a column, or {column, separator}),
    ``committee``, ``url``, ``edition``, ``relations`` (a list of {column, type, degree or degree_column,
    separator}), ``extra`` (columns kept as they are), ``foreign_versions`` (a column listing the foreign-language
    versions, read as ``importers.foreign_versions`` says) and ``dataset``.
    """

    name = "tabular"
    description = "CSV, XLSX or JSON Lines through a declared field mapping (option: mapping)"

    def __init__(self, dataset: str | None = None, **options: Any) -> None:
        super().__init__(dataset, **options)
        if options.get("mapping") is None:
            raise UsageError("the tabular importer needs the option mapping (a JSON file naming the columns)")
        self.mapping, self.mapping_name = load_mapping(options["mapping"])
        if dataset is None and self.mapping.get("dataset"):
            self.dataset = self.mapping["dataset"]

    def read(self, path: Path) -> Iterator[Row | Rejected]:
        header, rows = read_rows(path)
        columns = [self.mapping["identifier"], *self.mapping.get("titles", {}).values()]
        columns += [self.mapping[k] for k in _SCALAR_KEYS if k in self.mapping and k != "dataset"]
        columns += [self._column(self.mapping[k]) for k in ("ics", "ccs") if k in self.mapping]
        columns += [r["column"] for r in self.mapping.get("relations", [])] + self.mapping.get("extra", [])
        columns += [r["degree_column"] for r in self.mapping.get("relations", []) if r.get("degree_column")]
        missing = sorted({c for c in columns if c not in header})
        if missing:
            raise MissingColumns(
                f"columns named in {self.mapping_name} are missing: {', '.join(missing)}; "
                f"the columns found are: {', '.join(repr(c) for c in header if c)}",
                source=str(path),
            )
        for line, cells in rows:
            if isinstance(cells, Rejected):
                yield cells
                continue
            try:
                yield self.row(cells, path, line)
            except BadValue as bad:
                yield Rejected(str(path), line, bad.value, bad.reason)

    @staticmethod
    def _column(spec: str | dict[str, str]) -> str:
        return spec if isinstance(spec, str) else spec["column"]

    def row(self, cells: RowData, path: Path, line: int) -> Row:
        m = self.mapping
        dropped = Dropped(str(path), line)
        raw_id = cells.get(m["identifier"], "")
        if not raw_id:
            raise BadValue("", f"the identifier column {m['identifier']!r} is empty")
        status = Status.UNKNOWN
        status_text = cells.get(m.get("status", ""), "")
        if status_text:
            values = {k.casefold(): v for k, v in m.get("status_values", {}).items()}
            target = m.get("status_values", {}).get(status_text) or values.get(status_text.casefold())
            if target is None and "status_values" not in m and status_text in Status.__members__.values():
                target = status_text
            if target is None:
                raise BadValue(status_text, f"status {status_text!r} in {m['status']!r} is not in status_values")
            status = Status(target)
        fields: dict[str, Any] = {}
        for key in ("published", "implemented", "withdrawn"):
            text = cells.get(m.get(key, ""), "")
            try:
                fields[key] = parse_date(text)
            except ValueError as exc:
                raise BadValue(text, f"{text!r} in {m[key]!r} is not a possible date ({exc})") from exc
        for key in ("ics", "ccs"):
            if key in m:
                spec = m[key]
                separator = None if isinstance(spec, str) else spec.get("separator")
                fields[key] = split_values(cells.get(self._column(spec), ""), separator)
        for key in ("committee", "url", "edition"):
            fields[key] = cells.get(m.get(key, ""), "") or None
        relations: list[RelationDraft] = []
        for spec in m.get("relations", []):
            column = repr(spec["column"])
            targets = identifier_list(cells.get(spec["column"], ""), column, dropped, spec.get("separator"))
            degree_column = spec.get("degree_column", "")
            degree_text = spec.get("degree") or cells.get(degree_column, "")
            degrees = pair_degrees(targets, degree_text, repr(degree_column or spec["column"]), dropped)
            kind, reverse = RELATION_TYPES[spec["type"]]
            for target, degree in zip(targets, degrees, strict=True):
                relations.append(RelationDraft(kind, target, degree, Evidence.DECLARED, reverse=reverse))
        extra: dict[str, Any] = {column: cells[column] for column in m.get("extra", []) if cells.get(column)}
        if m.get("foreign_versions"):
            column = m["foreign_versions"]
            versions = foreign_versions(
                cells.get(column, ""), lambda value, why: dropped.add(value, f"{why} in {column!r}")
            )
            if versions:
                extra[FOREIGN_VERSIONS] = versions
        try:
            standard = build_standard(
                raw_id,
                dataset=self.dataset,
                source_record=f"{path.name}:{line}",
                titles={lang: cells.get(column) for lang, column in m.get("titles", {}).items()},
                status=status,
                relations=relations,
                extra=extra,
                **fields,
            )
        except IdentifierError as exc:
            raise BadValue(
                raw_id, f"{raw_id!r} in {m['identifier']!r} is not a standard identifier: {exc.message}"
            ) from exc
        return Row(line, raw_id, standard, dropped=dropped.found)
