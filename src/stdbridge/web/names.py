"""Names that pages show for codes: countries and regions, publishing bodies, languages of titles, ICS fields.

Names are English messages translated through gettext like any other text; a code without a name here is
shown as it is (``DB11``, ``HB``), which every reader of standards recognises.
"""

from __future__ import annotations

from stdbridge import bodies
from stdbridge.fields import STATUS_LABELS
from stdbridge.i18n import N_, _, current_language
from stdbridge.language import ics_titles

COUNTRIES = {
    "INT": N_("International"),
    "CN": N_("China"),
    "JP": N_("Japan"),
    "KR": N_("Republic of Korea"),
    "RU": N_("Russia"),
    "DE": N_("Germany"),
    "GB": N_("United Kingdom"),
    "FR": N_("France"),
    "US": N_("United States"),
    "EU": N_("Europe (CEN, CENELEC)"),
    "EASC": N_("Commonwealth of Independent States (EASC)"),
}

BODIES = {
    "ISO": N_("International Organization for Standardization"),
    "IEC": N_("International Electrotechnical Commission"),
    "ITU-T": N_("ITU Telecommunication Standardization Sector"),
    "ITU-R": N_("ITU Radiocommunication Sector"),
    "SAC": N_("Standardization Administration of China"),
    "JISC": N_("Japanese Industrial Standards Committee"),
    "KATS": N_("Korean Agency for Technology and Standards"),
    "BSI": N_("British Standards Institution"),
    "DIN": N_("German Institute for Standardization"),
    "CEN": N_("European Committee for Standardization"),
    "CENELEC": N_("European Committee for Electrotechnical Standardization"),
    "Rosstandart": N_("Federal Agency on Technical Regulating and Metrology (Russia)"),
    "EASC": N_("Euro-Asian Council for Standardization, Metrology and Certification"),
}

LANGUAGE_NAMES = {
    "en": N_("English"),
    "zh": N_("Chinese"),
    "fr": N_("French"),
    "ja": N_("Japanese"),
    "ko": N_("Korean"),
    "ru": N_("Russian"),
    "de": N_("German"),
    "es": N_("Spanish"),
}

# Document types and statuses as one word for badges and chart labels (the values are the data words).
TYPE_LABELS = {
    "standard": N_("Standard"),
    "technical-specification": N_("Technical specification"),
    "technical-report": N_("Technical report"),
    "publicly-available-specification": N_("Publicly available specification"),
    "guide": N_("Guide"),
    "recommendation": N_("Recommendation"),
    "amendment": N_("Amendment"),
    "corrigendum": N_("Corrigendum"),
    "draft": N_("Draft"),
    "workshop-agreement": N_("Workshop agreement"),
    "handbook": N_("Handbook"),
    "other": N_("Other"),
}

ADOPTION_LABELS = {
    "adopts": N_("Adopts another standard"),
    "adopts-IDT": N_("Adopts, identical (IDT)"),
    "adopts-MOD": N_("Adopts, modified (MOD)"),
    "adopts-EQV": N_("Adopts, equivalent (EQV)"),
    "adopts-NEQ": N_("Adopts, not equivalent (NEQ)"),
    "adopted": N_("Adopted elsewhere"),
}

DEGREE_LABELS = {
    "IDT": N_("identical (IDT)"),
    "MOD": N_("modified (MOD)"),
    "EQV": N_("equivalent (EQV)"),
    "NEQ": N_("not equivalent (NEQ)"),
    "unknown": N_("degree not given"),
}

RELATION_LABELS = {
    "adopts": N_("Adopts"),
    "adopted-as": N_("Adopted as"),
    "replaces": N_("Replaces"),
    "replaced-by": N_("Replaced by"),
    "amends": N_("Amends"),
    "amended-by": N_("Amended by"),
    "corrects": N_("Corrects"),
    "corrected-by": N_("Corrected by"),
    "edition-of": N_("Other edition"),
    "references": N_("References"),
    "referenced-by": N_("Referenced by"),
    "equivalent": N_("Equivalent"),
    "revises": N_("Revises (project)"),
    "revised-by": N_("Being revised by"),
}


def _named(table: dict[str, str], code: str) -> str:
    return _(table[code]) if code in table else code


def country_name(code: str) -> str:
    """The page's name of a country or region: from ``COUNTRIES``, else from the table of ``stdbridge.bodies``."""
    return _(COUNTRIES[code]) if code in COUNTRIES else bodies.country_name(code)


def body_name(code: str) -> str:
    """The page's name of a body: from ``BODIES``, else from the table of ``stdbridge.bodies``."""
    return _(BODIES[code]) if code in BODIES else bodies.body_name(code)


def language_name(code: str) -> str:
    return _named(LANGUAGE_NAMES, code)


def type_label(value: str) -> str:
    return _named(TYPE_LABELS, value)


def status_label(value: str) -> str:
    return _named(STATUS_LABELS, value)


def adoption_label(value: str) -> str:
    return _named(ADOPTION_LABELS, value)


def degree_label(value: str) -> str:
    return _named(DEGREE_LABELS, value)


def relation_label(value: str) -> str:
    return _named(RELATION_LABELS, value)


def ics_title(code: str, titles: dict[str, str]) -> str:
    """The title of an ICS code for this page: on Chinese pages its Chinese title (the ICS itself exists in English
    and French only; ``ics_title_source`` says where the Chinese title comes from), else English, else French."""
    return ics_titles.ics_title(code, titles, current_language())


def ics_title_source(code: str) -> str:
    """Where the title ``ics_title`` gives comes from, for a tooltip; empty where it is ISO's own (English pages)."""
    found = ics_titles.chinese_ics_title(code)
    if current_language() != "zh" or found is None:
        return ""
    return _(ics_titles.SOURCES[found.source])


def ics_titles_note() -> str:
    """What a Chinese page says once, near its ICS titles, about where they come from; empty on English pages."""
    if current_language() != "zh":
        return ""
    return _(
        "Chinese ICS titles: the 40 fields as in the Chinese edition of the ICS; groups and sub-groups translated "
        "by stdbridge from ISO's English and French titles, not the official Chinese edition."
    )


def series_label(prefix: str) -> str:
    """What a series of Chinese standards is, by its prefix: GB mandatory national, GB/T recommended, GB/Z guidance;
    DB11/T local, T/CAS group, Q/GDW enterprise; any other code a sector (HG/T recommended, HG mandatory)."""
    if prefix == "GB":
        return _("Mandatory national standard (GB)")
    if prefix == "GB/T":
        return _("Recommended national standard (GB/T)")
    if prefix == "GB/Z":
        return _("National guidance document (GB/Z)")
    if prefix.startswith("DB"):
        return _("Local standard ({prefix})").format(prefix=prefix)
    if prefix.startswith("T/"):
        return _("Group standard ({prefix})").format(prefix=prefix)
    if prefix.startswith("Q/"):
        return _("Enterprise standard ({prefix})").format(prefix=prefix)
    if prefix.endswith("/T"):
        return _("Recommended sector standard ({prefix})").format(prefix=prefix)
    return _("Sector standard ({prefix})").format(prefix=prefix)


def class_title(scheme: str, code: str, titles: dict[str, str]) -> str:
    """The title of a code of ICS, CCS (Chinese only) or of a committee, in the page's language when held."""
    if scheme == "ICS":
        return ics_title(code, titles)
    lang = current_language()
    return titles.get(lang) or titles.get("en") or titles.get("zh") or titles.get("fr") or ""
