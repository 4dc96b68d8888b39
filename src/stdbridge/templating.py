"""The one Jinja2 environment of every HTML page stdbridge writes: the web pages (``web/templates``) and the
standalone reports the command line, the API and the pages share (``compare/templates``).

Templates escape everything (autoescape; ``StrictUndefined`` turns a missing value into an error, not an empty
cell) and say their own words through the i18n extension — ``{{ _("Summary") }}`` — with the catalogue's gettext,
so the message extractor (``scripts/compile_messages.py``) finds them and they follow the current language. The
filter ``svg_number`` writes the coordinates of drawings (``web/templates/_charts.html``); ``spaced``,
``sentences``, ``listed`` and ``labelled`` (``stdbridge.i18n``) put the punctuation and spaces of the current
language between pieces of text. The environment loads no
web framework: the command line renders reports with it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import jinja2
import markupsafe

from stdbridge.i18n import _, aside, labelled, listed, ngettext, pgettext, sentences, spaced

TEMPLATE_FOLDERS = ("compare/templates", "web/templates")


@cache
def environment() -> jinja2.Environment:
    """The environment, built once per process."""
    package = files("stdbridge")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(package / folder) for folder in TEMPLATE_FOLDERS]),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters["svg_number"] = svg_number
    # Typography of the current language: no space after full-width punctuation, its list separator and colon.
    env.filters["spaced"] = spaced
    env.filters["format_html"] = format_html
    env.globals.update(sentences=sentences, listed=listed, labelled=labelled, aside=aside, pgettext=pgettext,
                       list_separator=lambda: listed(("", "")), colon=lambda: labelled("", ""))  # fmt: skip
    return env


def format_html(message: str, **values: object) -> markupsafe.Markup:
    """A translated message with markup in its placeholders (``{% set links %}<a ...>{% endset %}``): the message
    and plain values are escaped, markup is kept; so a sentence stays whole for its translator."""
    return markupsafe.Markup.escape(message).format(**values)


def svg_number(value: float) -> str:
    """A coordinate or size of an SVG drawing, with at most one decimal and no trailing zero: 12, 12.5."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def html_lang(lang: str) -> str:
    """The ``lang`` attribute of a page in ``lang`` ("zh" or "en")."""
    return "zh-CN" if lang == "zh" else "en"
