"""What the fields of a record and the codes in them mean, for readers: labels in English and Chinese (through
gettext) for every field a source may give, the names of the ISO harmonized stage codes, and the kind of a GB
standard (mandatory, recommended, guidance).

The record page, ``stdbridge show`` and ``/api/standard`` show a record's fields through ``described_fields``; the
machine keys stay in the JSON, with the labels beside them. Fields that only say how the identifier is written
(its separators, the form of a part number) are left out: the identifier shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stdbridge.i18n import N_, _, current_language, in_clauses
from stdbridge.models import Standard

# The harmonized stage codes of ISO and IEC (ISO/IEC Directives, Part 1, Annex SD; "International harmonized stage
# codes" on iso.org): stage.substage -> its name.
STAGES: dict[str, str] = {
    "00.00": N_("Proposal for new project received"),
    "00.20": N_("Proposal for new project under review"),
    "00.60": N_("Close of review of the proposal"),
    "00.98": N_("Proposal for new project abandoned"),
    "00.99": N_("Approval to ballot proposal for new project"),
    "10.00": N_("Proposal for new project registered"),
    "10.20": N_("New project ballot initiated"),
    "10.60": N_("Close of voting on the new project"),
    "10.92": N_("Proposal returned to submitter for further definition"),
    "10.98": N_("New project rejected"),
    "10.99": N_("New project approved"),
    "20.00": N_("New project registered in the TC/SC work programme"),
    "20.20": N_("Working draft (WD) study initiated"),
    "20.60": N_("Close of comment period on the working draft"),
    "20.98": N_("Project deleted"),
    "20.99": N_("Working draft approved for registration as committee draft"),
    "30.00": N_("Committee draft (CD) registered"),
    "30.20": N_("Committee draft study or ballot initiated"),
    "30.60": N_("Close of voting or comment period on the committee draft"),
    "30.92": N_("Committee draft referred back to the working group"),
    "30.98": N_("Project deleted"),
    "30.99": N_("Committee draft approved for registration as DIS"),
    "40.00": N_("Draft International Standard (DIS) registered"),
    "40.20": N_("DIS ballot initiated: 12 weeks"),
    "40.60": N_("Close of voting on the DIS"),
    "40.92": N_("Full report circulated: DIS referred back to the TC or SC"),
    "40.93": N_("Full report circulated: decision for a new DIS ballot"),
    "40.98": N_("Project deleted"),
    "40.99": N_("Full report circulated: DIS approved for registration as FDIS"),
    "50.00": N_("Final text received or FDIS registered for formal approval"),
    "50.20": N_("Proof sent to secretariat or FDIS ballot initiated: 8 weeks"),
    "50.60": N_("Close of voting; proof returned by secretariat"),
    "50.92": N_("FDIS or proof referred back to the TC or SC"),
    "50.98": N_("Project deleted"),
    "50.99": N_("FDIS or proof approved for publication"),
    "60.00": N_("International Standard under publication"),
    "60.60": N_("International Standard published"),
    "90.00": N_("International Standard under periodical review"),
    "90.20": N_("International Standard under periodical review"),
    "90.60": N_("Close of review"),
    "90.92": N_("International Standard to be revised"),
    "90.93": N_("International Standard confirmed"),
    "90.99": N_("Withdrawal of International Standard proposed by the TC or SC"),
    "95.20": N_("Withdrawal ballot initiated"),
    "95.60": N_("Close of voting on the withdrawal"),
    "95.92": N_("Decision not to withdraw the International Standard"),
    "95.99": N_("Withdrawal of International Standard"),
}

# The forms IEC (and ISO) publish an edition in, named by the suffix of the identifier.
FORMS: dict[str, str] = {
    "CSV": N_("consolidated version"),
    "RLV": N_("redline version"),
    "CMV": N_("commented version"),
    "EXV": N_("extended version"),
    "EXV-RLV": N_("extended redline version"),
    "EXV-CMV": N_("extended commented version"),
    "SER": N_("series: all parts in one package"),
    "DB": N_("database"),
}

# The kinds of Chinese national standard, by the prefix of the identifier.
GB_KINDS: dict[str, str] = {
    "GB": N_("mandatory national standard (强制性国家标准)"),
    "GB/T": N_("recommended national standard (推荐性国家标准)"),
    "GB/Z": N_("guidance technical document (指导性技术文件)"),
}

# Statuses as one word for badges, chart labels and the API's labels (the values are the data words).
STATUS_LABELS = {
    "in-force": N_("In force"),
    "announced": N_("Announced"),
    "under-development": N_("Under development"),
    "replaced": N_("Replaced"),
    "withdrawn": N_("Withdrawn"),
    "cancelled": N_("Cancelled"),
    "unknown": N_("Status unknown"),
    "not-yet-published": N_("Not yet published"),
}


def status_label(value: str) -> str:
    return _(STATUS_LABELS[value]) if value in STATUS_LABELS else value


# Labels of the fields every record has, then of those only some sources give (kept in ``Standard.extra``).
FIELD_LABELS: dict[str, str] = {
    "identifier": N_("Identifier"),
    "body": N_("Body"),
    "country": N_("Country or region"),
    "doctype": N_("Type of document"),
    "status": N_("Status"),
    "edition": N_("Edition"),
    "year": N_("Year"),
    "published": N_("Published"),
    "implemented": N_("In force from"),
    "withdrawn": N_("Withdrawn"),
    "ics": N_("ICS"),
    "ccs": N_("CCS (Chinese Standard Classification)"),
    "committee": N_("Committee"),
    "url": N_("Web page"),
    "source": N_("Source"),
    "gb_kind": N_("Kind of national standard"),
}
EXTRA_LABELS: dict[str, str] = {
    "stage": N_("Stage (ISO/IEC harmonized stage code)"),
    "iso_project_id": N_("ISO project number"),
    "corrected": N_("Corrected version published"),
    "stable_until": N_("Stability date (unchanged until)"),
    "confirmed": N_("Last confirmed"),
    "datasets": N_("Merged from the datasets"),
    "variants": N_("Also published as"),
    "suffix": N_("Form of publication"),
    "responsible_unit": N_("Responsible unit (归口单位)"),
    "competent_department": N_("Competent department (主管部门)"),
    "adoption_degree": N_("Degree of adoption, as given without the adopted standard"),
    "foreign_versions": N_("Foreign-language versions"),
}

# Keys that only say how the identifier is written: the identifier shows them.
_IDENTIFIER_FORM = frozenset("seps form presuffix sheet part_form iteration supp_iteration lang_form edition "
                             "dir_publisher dir_supplement".split())  # fmt: skip
_STAGE = re.compile(r"^\d\d\.\d\d$")


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record as a reader sees it: its machine key, its label and its value in words."""

    key: str
    label: str
    value: str


def field_label(key: str) -> str:
    """The label of a field every record has (``FIELD_LABELS``)."""
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else extra_label(key)


def extra_label(key: str) -> str:
    """The label of a field some sources give; one a source named itself (a column of an imported table) keeps
    its name, said to be the source's."""
    if key in EXTRA_LABELS:
        return _(EXTRA_LABELS[key])
    return _("{name} (as the source names it)").format(name=key)


def stage_name(code: str) -> str:
    """A harmonized stage code with its name: "90.92 International Standard to be revised"."""
    name = STAGES.get(code)
    return f"{code} {_(name)}" if name else _("{code} (a stage code the ISO/IEC table does not list)").format(
        code=code)  # fmt: skip


def gb_kind(standard: Standard) -> str | None:
    """The kind of a Chinese national standard (GB mandatory, GB/T recommended, GB/Z guidance), else None."""
    if standard.body != "SAC":
        return None
    prefix = standard.identifier.split(" ", 1)[0].upper()
    return _(GB_KINDS[prefix]) if prefix in GB_KINDS else None


def source_text(standard: Standard) -> str:
    """Where the record was imported from, for editors: the dataset, the file and the line."""
    where, _sep, line = standard.source_record.rpartition(":")
    if where and line.isdigit():
        return _("dataset {dataset}, imported from {file}, line {line}").format(
            dataset=standard.dataset, file=where, line=line)  # fmt: skip
    if standard.source_record:
        return _("dataset {dataset}, imported from {file}").format(
            dataset=standard.dataset, file=standard.source_record)  # fmt: skip
    return _("dataset {dataset}").format(dataset=standard.dataset)


def described_fields(standard: Standard) -> list[Field]:
    """The fields some sources give (``Standard.extra``), each labelled and its codes named; fields that only
    say how the identifier is written are left out."""
    found = []
    for key, value in sorted(standard.extra.items()):
        if key in _IDENTIFIER_FORM or key == "contributed_titles" or value in (None, "", [], {}):
            continue
        found.append(Field(key, extra_label(key), _value_text(key, value)))
    return found


def _value_text(key: str, value: Any) -> str:
    if key == "stage" and isinstance(value, str) and _STAGE.match(value):
        return stage_name(value)
    if key == "suffix" and isinstance(value, str):
        return f"{value}: {_(FORMS[value])}" if value in FORMS else value
    if key == "variants" and isinstance(value, list):
        return "; ".join(_variant_text(v) for v in value)
    if key == "foreign_versions" and isinstance(value, list):
        return in_clauses(_foreign_version_text(v) for v in value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _foreign_version_text(version: Any) -> str:
    """``English (published)``, ``俄语（制定中，国家标准化管理委员会）``: a foreign-language version in words."""
    if not isinstance(version, dict):
        return str(version)
    from stdbridge.importers.foreign_versions import language_name  # pycountry's names: read when one is shown

    status = _("published") if version.get("status") == "published" else _("in preparation")
    if version.get("issuer"):
        status = _("{status}, by {issuer}").format(status=status, issuer=version["issuer"])
    language = language_name(str(version.get("language", "")), current_language())
    return _("{language} ({details})").format(language=language, details=status)


def _variant_text(variant: Any) -> str:
    if not isinstance(variant, dict):
        return str(variant)
    form = str(variant.get("form") or "")
    named = _(FORMS[form]) if form in FORMS else form
    return f"{variant.get('identifier', '')} ({named})" if named else str(variant.get("identifier", ""))
