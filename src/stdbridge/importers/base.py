"""What an importer is, and the helpers every importer shares.

An importer reads one source format and yields, in file order, either a
``Row`` (a standard or classification entry, with the line it came from) or a
``Rejected`` (the line, the offending value and the reason). It never writes to
the catalogue: ``Catalog.import_path`` does that in one transaction, so an
importer that raises half-way leaves the catalogue unchanged.

Importers are found through the ``stdbridge.importers`` entry-point group;
the built-in ones register through the same group (see ``pyproject.toml``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from stdbridge import identifiers
from stdbridge.i18n import _
from stdbridge.importers.cells import BadValue
from stdbridge.models import ClassEntry, DocType, Evidence, Rejected, RelationDraft, RelationType, Standard, Status


@dataclass(slots=True)
class Row:
    """One accepted record and where it came from."""

    line: int
    value: str  # the identifier or code as written in the source, for reports
    item: Standard | ClassEntry
    folded: int = 0  # how many other lines were merged into this record (other forms of one edition)
    dropped: list[Rejected] = field(default_factory=list)  # values left out of this record, for the rejects report


class Importer(ABC):
    """Reads one source format. Subclasses set ``name`` and ``description``."""

    name: ClassVar[str]
    description: ClassVar[str]
    dataset: str  # provenance name recorded on every record

    def __init__(self, dataset: str | None = None, **options: Any) -> None:
        self.dataset = dataset or self.name
        self.options = options

    @abstractmethod
    def read(self, path: Path) -> Iterator[Row | Rejected]:
        """Yield every record of ``path`` in order; raise ``ImportFailed`` if the file is unusable."""


MAX_TITLE_LENGTH = 2_000


def build_standard(
    raw_identifier: str | identifiers.Identifier,
    *,
    dataset: str,
    source_record: str,
    titles: dict[str, str | None] | None = None,
    status: Status = Status.UNKNOWN,
    doctype: DocType | None = None,
    relations: list[RelationDraft] | None = None,
    **fields: Any,
) -> Standard:
    """Parse ``raw_identifier`` (unless the importer has) and build a ``Standard`` with the keys and the
    adoptions the identifier declares.

    Raises ``IdentifierError`` for an unreadable identifier and ``BadValue`` for a title longer than
    ``MAX_TITLE_LENGTH``; importers turn them into a ``Rejected``.
    """
    ident = raw_identifier if isinstance(raw_identifier, identifiers.Identifier) else identifiers.parse(raw_identifier)
    rels = list(relations or [])
    declared = {(r.type, r.target) for r in rels}
    for adoption in ident.adoptions:
        target = adoption.identifier.render()
        if (RelationType.ADOPTS, target) not in declared:
            rels.append(RelationDraft(RelationType.ADOPTS, target, adoption.degree, Evidence.IDENTIFIER))
    if ident.supplements:
        kind = RelationType.CORRECTS if ident.doctype == DocType.CORRIGENDUM else RelationType.AMENDS
        base = ident.base.render()
        if not any(r.type == kind for r in rels):
            rels.append(RelationDraft(kind, base, None, Evidence.IDENTIFIER))
    clean_titles = {lang: t.strip() for lang, t in (titles or {}).items() if t and t.strip()}
    for lang, title in clean_titles.items():
        if len(title) > MAX_TITLE_LENGTH:  # the longest bundled title has 580 characters
            reason = _("the {lang} title has {count:,} characters; at most {limit:,} are accepted").format(
                lang=lang, count=len(title), limit=MAX_TITLE_LENGTH)  # fmt: skip
            raise BadValue(title[:80] + "…", reason)
    return Standard(
        identifier=ident.render(),
        edition_key=ident.edition_key,
        work_key=ident.work_key,
        body=ident.body,
        country=ident.country,
        doctype=doctype or ident.doctype,
        number=ident.number,
        part=ident.part,
        year=_own_year(ident),
        copublishers=ident.copublishers,
        titles=clean_titles,
        status=status,
        dataset=dataset,
        source_record=source_record,
        relations=rels,
        **fields,
    )


def _own_year(ident: identifiers.Identifier) -> int | None:
    """The year of the document itself: a supplement's own year (ISO 9001:2015/Amd 1:2024 is of 2024)."""
    if ident.supplements:
        return ident.supplements[-1].year
    return ident.year


def registry() -> dict[str, type[Importer]]:
    """Every importer installed, by format name (built-in ones included)."""
    from importlib.metadata import entry_points

    found: dict[str, type[Importer]] = {}
    for entry in entry_points(group="stdbridge.importers"):
        cls = entry.load()
        found[cls.name] = cls
    return found
