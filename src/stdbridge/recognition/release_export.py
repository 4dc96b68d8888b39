"""A release written out for people: CSV, XLSX, a printable bilingual HTML page, the difference between two
releases (CSV), and the comparison report of one pair of partners (bilingual HTML). The JSON export is the signed
file itself (``signing.sign_document``). All read the release *document* only, so a downloaded release exports the
same way as a published one.

Bilingual: every label is written in Chinese and in English (``LABELS``), every title in the party's language and
in English. PDF: print the HTML (its print styles lay it out on A4 landscape); no PDF library is used — the well-kept
ones (WeasyPrint) need system libraries (Pango) the platform does not otherwise need.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from stdbridge.errors import UsageError
from stdbridge.i18n import N_, _, current_language, set_language
from stdbridge.recognition.release import ReleaseDiff, entry_label
from stdbridge.templating import environment, html_lang

LABELS = {
    "entry": N_("Entry"),
    "identifier": N_("Identifier"),
    "title": N_("Title"),
    "degree": N_("Degree"),
    "basis": N_("Basis"),
    "kind": N_("Kind of relation"),
    "differences": N_("Technical differences"),
    "reservations": N_("Reservations"),
    "rounds": N_("Rounds taken"),
    "transition_from": N_("Transition from"),
    "transition_until": N_("Transition until"),
    "stage": N_("Stage"),
    "product_class": N_("Product class"),
    "carried": N_("Carried with a note"),
    "settled_seq": N_("Audit entry of the settlement"),
    "release": N_("Release"),
    "published": N_("Published"),
    "published_by": N_("Published by"),
    "key": N_("Signing key"),
    "audit_head": N_("Audit log head"),
    "entries": N_("Entries"),
    "public_comments": N_("Public comments"),
    "change": N_("Change"),
    "field": N_("Field"),
    "before": N_("Before"),
    "after": N_("After"),
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "by_degree": N_("Entries by degree"),
    "comparison": N_("Comparison report"),
    "none": N_("none"),
}


def in_both(message: str) -> str:
    """``message`` in Chinese and in English, "中文 / English" (once when they are the same)."""
    was = current_language()
    try:
        said = []
        for lang in ("zh", "en"):
            set_language(lang)
            said.append(_(message))
    finally:
        set_language(was)
    return " / ".join(dict.fromkeys(said))


def label(name: str) -> str:
    return in_both(LABELS[name])


def parties_of(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(document.get("programme", {}).get("parties", ()))


def title_columns(party: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys((str(party.get("language", "en")), "en")))


def reservations_text(entry: Mapping[str, Any]) -> str:
    return "; ".join(f"{r.get('party')} {r.get('degree') or '—'}: {r.get('reason')}" for r in entry["reservations"])


def header(document: Mapping[str, Any]) -> list[str]:
    """The columns of the entries' table: per party its identifier and its titles, then the entry's fields."""
    columns = [label("entry")]
    for party in parties_of(document):
        columns.append(f"{party['code']}: {label('identifier')}")
        columns.extend(f"{party['code']}: {label('title')} ({lang})" for lang in title_columns(party))
    names = ("degree", "basis", "kind", "differences", "reservations", "rounds", "transition_from",
             "transition_until", "stage", "product_class", "carried", "settled_seq")  # fmt: skip
    return columns + [label(name) for name in names]


def rows(document: Mapping[str, Any]) -> Iterable[list[Any]]:
    parties = parties_of(document)
    for entry in document.get("entries", ()):
        row: list[Any] = [entry["id"]]
        for party in parties:
            standard = next((s for s in entry["standards"] if s["party"] == party["code"]), None)
            row.append(standard["identifier"] if standard else "")
            row.extend((standard or {}).get("title", {}).get(lang, "") for lang in title_columns(party))
        carried = entry.get("carried")
        row += [entry["degree"], entry["basis"], entry.get("kind") or "", entry["differences"],
                reservations_text(entry), entry["rounds_taken"], entry["transition"]["from"] or "",
                entry["transition"]["until"] or "", entry["stage"], entry.get("product_class") or "",
                f"{carried['reason']}: {carried['note']}" if carried else "", entry["settled_seq"]]  # fmt: skip
        yield row


def to_csv(document: Mapping[str, Any]) -> bytes:
    """The entries as CSV, UTF-8 with a byte-order mark (so that spreadsheet programs read Chinese right)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header(document))
    writer.writerows(rows(document))
    return text.getvalue().encode("utf-8-sig")


def _about(document: Mapping[str, Any]) -> list[list[Any]]:
    programme = document.get("programme", {})
    head = document.get("audit", {}).get("head", {})
    return [
        [in_both(N_("Programme")), programme.get("slug", "")],
        *[[in_both(N_("Programme")) + f" ({lang})", title] for lang, title in programme.get("title", {}).items()],
        [label("release"), document.get("version", "")],
        [label("published"), document.get("published_at", "")],
        [label("published_by"), document.get("published_by", "")],
        [label("key"), document.get("key", {}).get("fingerprint", "")],
        [label("audit_head"), f"{head.get('seq', '')} {head.get('hash', '')}"],
        [label("entries"), len(document.get("entries", ()))],
    ]


def to_xlsx(document: Mapping[str, Any]) -> bytes:
    """A workbook: the entries, the release's particulars, the public-comment log when there is one."""
    book = openpyxl.Workbook()
    sheets: list[tuple[str, list[str] | None, Iterable[list[Any]]]] = [
        ("entries", header(document), rows(document)),
        ("release", None, _about(document)),
    ]
    comments = document.get("public_comments")
    if comments:
        keys = list(dict.fromkeys(k for c in comments for k in c))
        sheets.append(("comments", keys, ([c.get(k, "") for k in keys] for c in comments)))
    for number, (title, head_row, body) in enumerate(sheets):
        sheet = book.active if number == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        if head_row:
            sheet.append([_cell(v) for v in head_row])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for row in body:
            sheet.append([_cell(v) for v in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text that starts with "=" stays text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if value is None or isinstance(value, int | float) else str(value)


def to_html(document: Mapping[str, Any]) -> str:
    """The release as one printable bilingual page: styles inline, no script."""
    return environment().get_template("release_print.html").render(
        d=document, parties=parties_of(document), title_columns=title_columns, label=label, in_both=in_both,
        reservations_text=reservations_text, about=_about(document), lang=html_lang(current_language()),
    )  # fmt: skip


def diff_to_csv(diff: ReleaseDiff) -> bytes:
    """One row per added or removed entry, and per field changed."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([label("change"), label("entry"), label("identifier"), label("field"), label("before"),
                     label("after")])  # fmt: skip
    for entry in diff.added:
        writer.writerow([label("added"), entry["id"], entry_label(entry), "", "", ""])
    for entry in diff.removed:
        writer.writerow([label("removed"), entry["id"], entry_label(entry), "", "", ""])
    for change in diff.changed:
        for name, (before, after) in change.fields.items():
            writer.writerow([label("changed"), change.entry_id, change.label, name, _brief(before), _brief(after)])
    return text.getvalue().encode("utf-8-sig")


def _brief(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        import orjson

        return orjson.dumps(value).decode()
    return str(value)


def pair_entries(document: Mapping[str, Any], first: str, second: str) -> list[dict[str, Any]]:
    """The entries that link a standard of party ``first`` with one of ``second``."""
    codes = {p["code"] for p in parties_of(document)}
    unknown = [code for code in (first, second) if code not in codes]
    if unknown or first == second:
        raise UsageError(_("Not two parties of the programme: {parties} (its parties: {known}).").format(
            parties=", ".join((first, second)), known=", ".join(sorted(codes))))  # fmt: skip
    return [e for e in document.get("entries", ()) if {first, second} <= {s["party"] for s in e["standards"]}]


def pair_report_html(document: Mapping[str, Any], first: str, second: str) -> str:
    """The comparison report of two partners: their entries, by degree, with differences and reservations, with
    every label in Chinese and English."""
    entries = pair_entries(document, first, second)
    parties = [p for p in parties_of(document) if p["code"] in (first, second)]
    parties.sort(key=lambda p: p["code"] != first)
    return environment().get_template("release_pair_report.html").render(
        d=document, parties=parties, entries=entries, by_degree=Counter(e["degree"] for e in entries).most_common(),
        reserved=sum(1 for e in entries if e["reservations"]), title_columns=title_columns, label=label,
        in_both=in_both, reservations_text=reservations_text, lang=html_lang(current_language()),
    )  # fmt: skip
