"""Extract the user-facing messages, update the Chinese catalogue and compile it.

    python scripts/compile_messages.py          # update stdbridge.po and compile .mo
                                                # (new messages get an empty translation)
    python scripts/compile_messages.py --check  # exit 1 if a message is untranslated or the .mo is stale

Run it after adding or changing a message; translate the empty ``msgstr`` entries, then run it again.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "stdbridge"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "stdbridge.po"
MO = PO.with_suffix(".mo")


# The Jinja2 templates of the pages and the reports are read with Jinja2's own extractor, configured as their one
# environment is (``stdbridge.templating``): ``_()`` and ``ngettext()`` calls in them are messages like those in Python.
TEMPLATES = ("web/templates/**.html", "compare/templates/**.html")
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}


def extracted() -> Catalog:
    template = Catalog(project="stdbridge")
    method_map = [("**.py", "python")] + [(folder, "jinja2.ext:babel_extract") for folder in TEMPLATES]
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE),
        method_map,
        options_map={folder: JINJA_OPTIONS for folder in TEMPLATES},
        keywords={"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)},
    ):
        template.add(message, locations=[(filename, lineno)], context=context)
    return template


def translations(compiled: bytes) -> dict[object, object]:
    """What a compiled catalogue says: each message and its translation, header lines aside.

    The header names the Babel release that wrote the file (``Generated-By``), so comparing bytes would call a
    catalogue stale whenever Babel is upgraded.
    """
    catalog = read_mo(io.BytesIO(compiled))
    return {(message.context, str(message.id)): message.string for message in catalog if message.id}


def translated(catalog: Catalog, message: Message) -> bool:
    """Whether the catalogue translates the message: every plural form of it, in its context."""
    found = catalog.get(message.id, context=message.context)
    if found is None:
        return False
    forms = found.string if isinstance(found.string, (tuple, list)) else (found.string,)
    return all(forms)


def main() -> int:
    check = "--check" in sys.argv
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    template = extracted()
    missing = sorted(str(m.id) for m in template if m.id and not translated(catalog, m))
    mo = io.BytesIO()
    if not check:
        catalog.update(template, no_fuzzy_matching=True)
        with PO.open("wb") as handle:
            write_po(handle, catalog, width=120, omit_header=False, sort_output=True)
    write_mo(mo, catalog)
    if check:
        stale = not MO.exists() or translations(MO.read_bytes()) != translations(mo.getvalue())
        for message in missing:
            print(f"untranslated: {message!r}")
        if stale:
            print(f"{MO} is stale: run python scripts/compile_messages.py")
        return 1 if missing or stale else 0
    MO.write_bytes(mo.getvalue())
    print(f"{len(template)} messages; {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
