"""Programmes over the excerpts of the bundled data: creating one (editors only), experts and steps (its coordinator
only), the draft catalogue, pairs imported from CSV and XLSX (all rows or none), and entries flagged when an import
changes a standard they name. Every change is in the audit log."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import EXCERPTS

from stdbridge.accounts import LOCAL_ADMIN, Actor, Role
from stdbridge.accounts.records import User
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden, Unauthenticated, UnknownName, UsageError
from stdbridge.recognition import draft as drafting
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import EntryDegree, EntryState, MemberRole, Origin, Scope, Stage, Step

AT = "2026-12-04T09:00:00+00:00"


def _user(catalog: Catalog, name: str, roles: set[Role], language: str = "en") -> Actor:
    user = User(name, f"{name.lower()}@example.org", language, frozenset(roles), None, AT)
    with catalog.store.transaction():
        catalog.store.add_user(user)
    return Actor(user.id, name, frozenset(roles), signed_in=True)


def _programme(catalog: Catalog, actor: Actor, slug: str = "gb-iso") -> prog.Programme:
    parties = [prog.read_party(catalog, "GB", "zh"), prog.read_party(catalog, "ISO+IEC", "en")]
    return prog.create_programme(catalog, actor, slug, {"en": "GB and ISO/IEC", "zh": "国家标准与 ISO/IEC"}, parties,
                                 Scope(), review_period_months=36)  # fmt: skip


def _actions(catalog: Catalog) -> list[str]:
    """The actions of the programmes' audit entries, oldest first."""
    entries = catalog.store.audit_entries(AuditQuery(limit=None, newest_first=False))
    return [e.action for e in entries if e.action.startswith("programme.")]


def test_parties_are_read_by_the_catalogues_names(catalog: Catalog) -> None:
    assert prog.read_party(catalog, "GB", "zh").bodies == ("body:SAC",)
    assert prog.read_party(catalog, "cn", "zh").bodies == ("country:CN",)
    assert prog.read_party(catalog, "JIS", "ja").bodies == ("body:JISC",)
    assert prog.read_party(catalog, "ISO+IEC", "en").bodies == ("body:ISO", "body:IEC")
    with pytest.raises(UnknownName):
        prog.read_party(catalog, "NOSUCHBODY", "en")
    with pytest.raises(UsageError, match="no language 'xx'"):
        prog.read_party(catalog, "JP", "xx")


def test_creating_needs_an_editor_and_the_creator_coordinates(catalog: Catalog) -> None:
    reader = _user(catalog, "Reader", {Role.READER})
    with pytest.raises(Forbidden, match="editor"):
        _programme(catalog, reader)
    with pytest.raises(Unauthenticated):
        _programme(catalog, Actor(None, "anonymous", frozenset({Role.READER})))
    assert catalog.store.list_programmes() == []
    editor = _user(catalog, "Li Wei", {Role.EDITOR}, "zh")
    programme = _programme(catalog, editor)
    assert programme.coordinator_id == editor.user_id and programme.step is Step.EXCHANGE
    members = catalog.store.members_of(programme.id or 0)
    assert [(m.user_id, m.role, m.language) for m in members] == [(editor.user_id, MemberRole.COORDINATOR, "zh")]
    assert prog.review_due(programme, "2026-12-04") == "2029-12-04"
    with pytest.raises(UsageError, match="two or more parties"):
        prog.create_programme(catalog, editor, "one", {"en": "One"}, [prog.read_party(catalog, "GB", "zh")], Scope())
    assert _actions(catalog) == ["programme.create"]


def test_only_the_coordinator_adds_experts_and_moves_the_step(catalog: Catalog) -> None:
    editor = _user(catalog, "Li Wei", {Role.EDITOR})
    other_editor = _user(catalog, "Aiko Sato", {Role.EDITOR})
    _user(catalog, "Wang Fang", {Role.EXPERT}, "zh")
    programme = _programme(catalog, editor)
    for outsider in (other_editor, Actor(None, "anonymous", frozenset({Role.READER}))):
        with pytest.raises((Forbidden, Unauthenticated), match="only the coordinator of gb-iso"):
            prog.add_member(catalog.store, outsider, programme, "Wang Fang", "GB", "zh")
        with pytest.raises((Forbidden, Unauthenticated)):
            prog.set_step(catalog.store, outsider, programme, "next")
    assert len(catalog.store.members_of(programme.id or 0)) == 1
    member = prog.add_member(catalog.store, editor, programme, "Wang Fang", "gb", "ru")
    assert member.party == "GB" and member.language == "ru"
    with pytest.raises(UsageError, match="one of the parties GB, ISO\\+IEC"):
        prog.add_member(catalog.store, editor, programme, "Wang Fang", "RU", "ru")
    assert prog.set_step(catalog.store, editor, programme, "next").step is Step.TRANSLATION
    assert prog.set_step(catalog.store, LOCAL_ADMIN, programme, "review").step is Step.REVIEW
    with pytest.raises(UsageError, match="no step 'vote'"):
        prog.set_step(catalog.store, editor, programme, "vote")
    kept = catalog.store.programme_by_slug("gb-iso")
    assert kept is not None and kept.step is Step.REVIEW
    assert _actions(catalog) == ["programme.create", "programme.member", "programme.step", "programme.step"]


def test_the_draft_holds_the_suggestions_with_their_clues_once(catalog: Catalog) -> None:
    editor = _user(catalog, "Li Wei", {Role.EDITOR})
    programme = _programme(catalog, editor)
    with pytest.raises(Forbidden):
        drafting.draft(catalog, _user(catalog, "Aiko Sato", {Role.EDITOR}), programme)
    summary = drafting.draft(catalog, editor, programme)
    assert summary.sides == {"GB": 25, "ISO+IEC": 11} and summary.added == {"suggested": 4}
    entries, total = catalog.store.entries_of(programme.id or 0)
    pairs = {tuple(s.identifier for s in e.standards): e for e in entries}
    assert total == 4 and ("GB/T 19000-2016", "ISO 9000:2015") in pairs
    vocabulary = pairs["GB/T 19000-2016", "ISO 9000:2015"]
    assert vocabulary.origin is Origin.SUGGESTED and vocabulary.score == pytest.approx(0.8, abs=0.05)
    assert any(clue.startswith("title 1.00") for clue in vocabulary.evidence)
    again = drafting.draft(catalog, editor, programme)
    assert again.added == {} and again.skipped == 4 and catalog.store.entries_of(programme.id or 0)[1] == 4


def test_pairs_are_imported_from_csv_and_xlsx_all_or_none(catalog: Catalog, tmp_path: Path) -> None:
    editor = _user(catalog, "Li Wei", {Role.EDITOR})
    programme = _programme(catalog, editor)
    bad = tmp_path / "pairs.csv"
    bad.write_text("GB,ISO+IEC,degree\nGB/T 22080-2016,ISO/IEC 27001:2013,IDT\nGB/T 99999-2099,ISO 9001:2015,IDT\n"
                   "GB/T 19001-2008,ISO 9001:2015,SAME\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(UsageError) as raised:
        drafting.import_pairs_file(catalog, editor, programme, bad)
    message = str(raised.value)
    assert "pairs.csv, row 3, column GB: unknown identifier 'GB/T 99999-2099'" in message
    assert "pairs.csv, row 4, column degree: 'SAME' is none of" in message
    assert catalog.store.entries_of(programme.id or 0)[1] == 0
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["GB", "ISO+IEC", "degree", "product_class", "transition_until"],
                ["GB/T 22080-2016", "ISO/IEC 27001:2013", "IDT", "information security", "2027-12-31"]):  # fmt: skip
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(Forbidden):
        drafting.import_pairs(
            catalog, _user(catalog, "Aiko Sato", {Role.EDITOR}), programme, buffer.getvalue(), "p.xlsx"
        )
    (entry,) = drafting.import_pairs(catalog, editor, programme, buffer.getvalue(), "pairs.xlsx")
    assert [s.identifier for s in entry.standards] == ["GB/T 22080-2016", "ISO/IEC 27001:2013"]
    assert entry.proposed is EntryDegree.IDT and entry.origin is Origin.IMPORTED
    assert entry.product_class == "information security" and entry.transition_until == "2027-12-31"
    manual = drafting.add_entry(catalog, editor, programme, {"GB": "GB/T 24001-2004", "ISO+IEC": "ISO 14001:2015",
                                                             "degree": "not-equivalent"})  # fmt: skip
    assert manual.origin is Origin.MANUAL and manual.proposed is EntryDegree.NOT_EQUIVALENT
    assert _actions(catalog) == ["programme.create", "programme.import-pairs", "programme.entry"]


def test_an_import_of_a_new_edition_flags_the_agreed_entries_naming_the_old(empty_catalog: Catalog,
                                                                            tmp_path: Path) -> None:  # fmt: skip
    catalog = empty_catalog
    lines = (EXCERPTS / "gb_records.jsonl").read_text(encoding="utf-8").splitlines()
    old = [line for line in lines if json.loads(line)["designation"] == "GB/T 22080-2016"]
    first = tmp_path / "gb-2016.jsonl"
    first.write_text("\n".join(old) + "\n", encoding="utf-8")
    catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    catalog.import_path(first, "gb-sample", rejects_dir=tmp_path)
    editor = _user(catalog, "Li Wei", {Role.EDITOR})
    programme = _programme(catalog, editor)
    settled = drafting.add_entry(catalog, editor, programme, {"GB": "GB/T 22080-2016", "ISO+IEC": "ISO/IEC 27001:2013"})
    draft_only = drafting.add_entry(catalog, editor, programme, {"GB": "GB/T 22080-2016", "ISO+IEC": "ISO 9001:2015"})
    settled.state, settled.stage = EntryState.SETTLED, Stage.SHARING
    with catalog.store.transaction():
        catalog.store.update_entry(settled)
    catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path)  # holds GB/T 22080-2025
    flagged = catalog.store.entries_of(programme.id or 0, needs_review=True)[0]
    assert [e.id for e in flagged] == [settled.id] and draft_only.id != settled.id
    reason = flagged[0].needs_review or ""
    assert "a new edition of GB/T 22080-2016 was imported: GB/T 22080-2025" in reason
    assert _actions(catalog)[-1] == "programme.flag"
