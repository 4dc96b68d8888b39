"""The termbase for people, through the service, the HTTP API and the command line: search, recognise, add, edit,
delete, import and export TBX and CSV, seed; who may do what (a contributor for a personal concept, an editor for
a shared one; nothing changed and 403 without the role); every change in the audit log. Real IEC Electropedia and
ISO/TC 211 entries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.web.test_accounts_web import PASSWORD, SERVER

from stdbridge import audit
from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.roles import Actor
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import TERM_ADD, TERM_DELETE, TERM_EDIT, TERM_IMPORT, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import Forbidden, NotFound, UnreadableSource
from stdbridge.translation.model import Concept, Term, UnitScope
from stdbridge.translation.term_files import read_csv, read_iev, read_mlgt, read_tbx, write_csv, write_tbx
from stdbridge.translation.terms import GLOSSARY_ORIGIN, Terms

TERMBASES = Path(__file__).parent.parent / "data" / "termbases"
IEV = TERMBASES / "iev_excerpt.csv"
MLGT = TERMBASES / "mlgt_excerpt.jsonl"
# IEC 60050-192:2015, 192-01-24 as IEC publishes it, in English and Chinese (GB/T 2900.99)
RELIABILITY = {
    "terms": [{"lang": "en", "text": "reliability"}, {"lang": "zh", "text": "可靠性"}],
    "definitions": {
        "en": "ability to perform as required, without failure, for a given time interval, under given conditions"
    },
    "source": "IEC 60050-192:2015, 192-01-24",
    "domain": "21.020",
}


@pytest.fixture
def accounts(empty_catalog: Catalog) -> Accounts:
    accounts = Accounts(empty_catalog.store)
    for name, roles in (
        ("Aiko Sato", {Role.EDITOR, Role.READER}),
        ("Li Wei", {Role.CONTRIBUTOR, Role.READER}),
        ("Reader One", {Role.READER}),
        ("Wang Fang", {Role.CONTRIBUTOR, Role.READER}),
    ):
        accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles))
    return accounts


@pytest.fixture
def server(empty_catalog: Catalog) -> Iterator[TestClient]:
    with TestClient(create_app(empty_catalog), base_url=SERVER) as client:
        yield client


def token(accounts: Accounts, name: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + accounts.create_token(LOCAL_ADMIN, "script", user_name=name).secret}


def actor(accounts: Accounts, name: str) -> Actor:
    user = accounts.store.user_by_name(name)
    assert user is not None
    return Actor(user.id, user.name, user.roles, signed_in=True)


def test_tbx_export_opens_in_translate_toolkit_and_reads_back() -> None:
    from translate.storage.tbx import tbxfile

    concepts = [*read_iev(IEV), *read_mlgt(MLGT)]
    data = write_tbx(concepts)
    opened = tbxfile.parsestring(data)
    assert len(opened.units) == len(concepts)
    repaired = next(u for u in opened.units if u.source == "repairable item")
    assert [(t.text, t.administrative_status, t.deprecated) for t in repaired.get_source_terms()] == [
        ("repairable item", "preferredTerm-admn-sts", False),
        ("repaired item", "deprecatedTerm-admn-sts", True),
    ]
    assert [t.text for t in repaired.get_target_terms("zh")] == ["可修复产品"]
    back = read_tbx(data, "export.tbx")
    assert back.rejected == []
    for before, after in zip(concepts, back.concepts, strict=True):
        assert (after.terms, after.definitions, after.source, after.domain) == (
            before.terms,
            before.definitions,
            before.source,
            before.domain,
        )


def test_tbx_v3_and_bad_entries() -> None:
    # TBX v3 core (ISO 30042:2019), with IEC 60050-192's entry of "dependability" and a term status in TBX 2's
    # normativeAuthorization; the second entry has no term, the third a status nobody uses
    tbx = """<?xml version="1.0" encoding="UTF-8"?>
<tbx style="dca" type="TBX-Core" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>IEV 192</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="192-01-22"><descrip type="subjectField">dependability</descrip>
 <langSec xml:lang="en"><descrip type="definition">ability to perform as and when required</descrip>
  <termSec><term>dependability</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
 </langSec>
 <langSec xml:lang="zh"><termSec><term>可信性</term>
  <termNote type="normativeAuthorization">standardizedTerm</termNote></termSec></langSec>
</conceptEntry>
<conceptEntry id="192-01-23"><langSec xml:lang="en"></langSec></conceptEntry>
<conceptEntry id="192-01-24"><langSec xml:lang="en"><termSec><term>reliability</term>
 <termNote type="administrativeStatus">approvedTerm</termNote></termSec></langSec></conceptEntry>
</body></text></tbx>""".encode()
    found = read_tbx(tbx, "iev192.tbx")
    [concept] = found.concepts
    assert [(t.lang, t.text, t.status.value) for t in concept.terms] == [
        ("en", "dependability", "preferred"),
        ("zh", "可信性", "preferred"),
    ]
    assert concept.domain == "dependability" and concept.definitions == {
        "en": "ability to perform as and when required"
    }
    assert [str(r) for r in found.rejected] == [
        "iev192.tbx:12: conceptEntry '192-01-23': an entry without terms",
        "iev192.tbx:14: administrativeStatus 'approvedTerm': not a term status this termbase knows",
    ]
    with pytest.raises(UnreadableSource, match=r"iev192.tbx:1: not a readable TBX file"):
        read_tbx(b"<martif><text>", "iev192.tbx")
    with pytest.raises(UnreadableSource, match="its root element is <html>"):
        read_tbx(b"<html/>", "page.tbx")


def test_csv_round_trip_and_rows_rejected_with_line_column_and_value() -> None:
    concepts = [*read_iev(IEV)]
    back = read_csv(write_csv(concepts).encode(), "iev.csv")

    def by_language(concepts: list[Concept]) -> list[list[Term]]:
        return [sorted(c.terms, key=lambda t: t.lang) for c in concepts]  # zh first in the CSV; order kept within

    assert back.rejected == [] and by_language(back.concepts) == by_language(concepts)
    rows = (
        "zh,en,status:en,definition:en,source\n"
        "可靠性,reliability,preferred,,IEC 60050-192:2015\n"
        "可修复产品,repairable item|repaired item,preferred|obsolete,,\n"
        ",,,,\n"
        "维修性,maintainability|maintainability,preferred,,\n"
    )
    found = read_csv(rows.encode(), "terms.csv")
    assert [c.terms[0].text for c in found.concepts] == ["可靠性"]
    assert [str(r) for r in found.rejected] == [
        "terms.csv:3: status:en 'obsolete': not a term status: preferred, admitted or deprecated",
        "terms.csv:4: zh, en '': a row without any term",
        "terms.csv:5: status:en 'preferred': one status per term of column en (2 terms)",
    ]
    with pytest.raises(UnreadableSource, match=r"terms.csv:1: a termbase CSV has a column per language.*Term"):
        read_csv(b"Term,Definition\nreliability,x\n", "terms.csv")
    with pytest.raises(UnreadableSource, match=r"terms.csv:2: not UTF-8"):
        read_csv(b"zh,en\n" + "可靠性,reliability\n".encode("gb18030"), "terms.csv")


def test_who_may_change_what_and_the_audit_log(empty_catalog: Catalog, accounts: Accounts) -> None:
    store = empty_catalog.store
    terms = Terms(store)
    editor, contributor, reader = (actor(accounts, n) for n in ("Aiko Sato", "Li Wei", "Reader One"))
    [first, second] = [*read_iev(IEV)][:2]
    first.scope, second.scope = UnitScope.PLATFORM, UnitScope.PERSONAL
    with pytest.raises(Forbidden, match="editor"):
        terms.add(contributor, first)
    with pytest.raises(Forbidden, match="contributor"):
        terms.add(reader, second)
    assert store.count_concepts() == 0 and store.audit_entries(AuditQuery(action=TERM_ADD)) == []
    terms.add(editor, first)
    mine = terms.add(contributor, second)
    assert mine.scope is UnitScope.PERSONAL and mine.owner_id == contributor.user_id
    other = actor(accounts, "Wang Fang")
    with pytest.raises(NotFound):
        terms.concept(mine.id or 0, other)  # another's personal concept is not seen, as if it did not exist
    assert terms.search("distribution", other) == [] and len(terms.search("distribution", contributor)) == 1
    mine.domain = "IEV 103"
    terms.edit(contributor, mine)
    with pytest.raises(Forbidden):
        terms.delete(contributor, first.id or 0)
    terms.delete(contributor, mine.id or 0)
    actions = [(e.action, e.actor_name, e.subject) for e in store.audit_entries(AuditQuery(newest_first=False))]
    assert actions[-4:] == [
        (TERM_ADD, "Aiko Sato", f"concept {first.id}"),
        (TERM_ADD, "Li Wei", f"concept {mine.id}"),
        (TERM_EDIT, "Li Wei", f"concept {mine.id}"),
        (TERM_DELETE, "Li Wei", f"concept {mine.id}"),
    ]
    assert audit.verify(store).intact


def test_seeding_is_done_once(empty_catalog: Catalog, accounts: Accounts) -> None:
    terms = Terms(empty_catalog.store)
    with pytest.raises(Forbidden):
        terms.seed(actor(accounts, "Li Wei"))
    first = terms.seed(LOCAL_ADMIN, iev=IEV, mlgt=MLGT)
    assert first.added["IEC Electropedia"] == 19 and first.added["ISO/TC 211 glossary"] == 10
    assert first.added[GLOSSARY_ORIGIN] > 300
    again = terms.seed(LOCAL_ADMIN, iev=IEV, mlgt=MLGT)
    assert again.added == {} and len(again.skipped) == 3
    assert empty_catalog.store.count_concepts() == sum(first.added.values())
    [glossary] = terms.search("电磁兼容", LOCAL_ADMIN, match="exact")
    assert next(t.text for t in glossary.terms if t.lang == "en") == "electromagnetic compatibility"


def test_the_api_finds_adds_and_refuses(server: TestClient, accounts: Accounts, empty_catalog: Catalog) -> None:
    editor, contributor, reader = (token(accounts, n) for n in ("Aiko Sato", "Li Wei", "Reader One"))
    Terms(empty_catalog.store).seed(LOCAL_ADMIN, glossary=False, iev=IEV)
    refused = server.post("/api/terms", json=RELIABILITY, headers=reader)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert server.post("/api/terms", json={**RELIABILITY, "scope": "platform"}, headers=contributor).status_code == 403
    assert server.post("/api/terms", json=RELIABILITY).status_code == 401
    added = server.post("/api/terms", json=RELIABILITY, headers=contributor)
    assert added.status_code == 201, added.text
    concept = added.json()
    assert concept["scope"] == "personal" and added.headers["Location"] == f"/api/terms/{concept['id']}"
    assert server.get(f"/api/terms/{concept['id']}", headers=reader).status_code == 404
    found = server.get("/api/terms", params={"q": "可靠"}, headers=contributor).json()["concepts"]
    assert [c["source"] for c in found] == [
        "IEC 60050, 192-01-24",
        "IEC 60050, 192-05-05",
        "IEC 60050-192:2015, 192-01-24",
    ]
    hits = server.post(
        "/api/terms/recognise",
        json={"text": "产品的可靠性和维修性", "source_lang": "zh", "target_lang": "en"},
        headers=reader,
    ).json()["hits"]
    assert [(h["text"], h["use"]) for h in hits] == [
        ("产品", ["item"]),
        ("可靠性", ["reliability"]),
        ("维修性", ["maintainability"]),
    ]
    changed = {**RELIABILITY, "domain": "03.120.01"}
    assert server.put(f"/api/terms/{concept['id']}", json=changed, headers=editor).status_code == 404  # not seen
    assert server.put(f"/api/terms/{concept['id']}", json=changed, headers=contributor).json()["domain"] == "03.120.01"
    shared = server.get("/api/terms", params={"q": "failure", "match": "exact"}).json()["concepts"][0]
    assert server.delete(f"/api/terms/{shared['id']}", headers=contributor).status_code == 403
    assert server.delete(f"/api/terms/{shared['id']}", headers=editor).status_code == 204
    assert server.get(f"/api/terms/{shared['id']}").status_code == 404


def test_the_api_imports_and_exports(server: TestClient, accounts: Accounts, empty_catalog: Catalog) -> None:
    editor, contributor, reader = (token(accounts, n) for n in ("Aiko Sato", "Li Wei", "Reader One"))
    data = write_tbx([*read_mlgt(MLGT)])
    files = {"file": ("mlgt.tbx", data)}
    assert server.post("/api/terms/import", files=files, data={"format": "tbx"}, headers=reader).status_code == 403
    shared = server.post(
        "/api/terms/import", files=files, data={"format": "tbx", "scope": "platform"}, headers=contributor
    )
    assert shared.status_code == 403 and empty_catalog.store.count_concepts() == 0
    imported = server.post(
        "/api/terms/import", files=files, data={"format": "tbx", "scope": "platform"}, headers=editor
    )
    assert imported.status_code == 200 and imported.json() == {"added": {"mlgt.tbx": 10}, "skipped": [], "rejected": []}
    bad = "zh,en,status:en\n可靠性,reliability,preferred\n要素,feature,obsolete\n".encode()
    report = server.post(
        "/api/terms/import", files={"file": ("mine.csv", bad)}, data={"format": "csv"}, headers=contributor
    ).json()
    assert report["added"] == {"mine.csv": 1}
    assert report["rejected"] == [
        {
            "source": "mine.csv",
            "line": 3,
            "column": "status:en",
            "value": "obsolete",
            "reason": "not a term status: preferred, admitted or deprecated",
        }
    ]
    [entry] = [e for e in empty_catalog.store.audit_entries(AuditQuery(action=TERM_IMPORT)) if e.actor_name == "Li Wei"]
    assert entry.after == {"format": "csv", "scope": "personal", "rejected": 1, "added": 1}
    exported = server.get("/api/terms/export", params={"format": "csv"}, headers=reader)
    assert exported.status_code == 200 and "可靠性" not in exported.text and "UML应用模式" in exported.text
    mine = server.get("/api/terms/export", params={"format": "tbx", "scope": "personal"}, headers=contributor)
    assert [[t.text for t in c.terms] for c in read_tbx(mine.content, "mine.tbx").concepts] == [
        ["reliability", "可靠性"]
    ]


def test_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "catalog.db")
    runner = CliRunner()
    seeded = runner.invoke(cli, ["--db", db, "terms", "seed", "--no-glossary", "--iev", str(IEV), "--json"])
    assert seeded.exit_code == 0, seeded.output
    assert json.loads(seeded.output)["added"] == {"IEC Electropedia": 19}
    found = runner.invoke(
        cli, ["--db", db, "terms", "find", "Idle time of repaired items", "--from", "en", "--to", "zh", "--json"]
    )
    hits = json.loads(found.output)["hits"]
    assert [(h["text"], h["status"], h["use"]) for h in hits] == [
        ("Idle time", "preferred", ["闲置时间"]),
        ("repaired items", "deprecated", ["可修复产品"]),
    ]
    csv_path = tmp_path / "mlgt.csv"
    csv_path.write_text(write_csv([*read_mlgt(MLGT)]), encoding="utf-8")
    imported = runner.invoke(cli, ["--db", db, "terms", "import", str(csv_path)])
    assert imported.exit_code == 0 and "10 concepts added" in imported.output
    exported = tmp_path / "all.tbx"
    assert runner.invoke(cli, ["--db", db, "terms", "export", str(exported)]).exit_code == 0
    assert len(read_tbx(exported.read_bytes(), "all.tbx").concepts) == 29
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    failed = runner.invoke(cli, ["--db", db, "terms", "import", str(bad)])
    assert failed.exit_code == 1 and "bad.tbx:1: not a readable TBX file" in failed.output


def test_the_termbase_held_in_memory_follows_this_process_changes(empty_catalog: Catalog) -> None:
    from stdbridge.translation.termbase import Termbase

    terms = Terms(empty_catalog.store)
    terms.seed(LOCAL_ADMIN, glossary=False, iev=IEV)
    held = Termbase.of_store(empty_catalog.store)
    text = "失效和故障，闲置状态"
    assert [text[h.start : h.end] for h in held.terms_in(text, "zh", "en")] == ["失效", "故障", "闲置状态"]
    failure = next(c for c in terms.search("failure", LOCAL_ADMIN, match="exact"))
    terms.delete(LOCAL_ADMIN, failure.id or 0)
    [concept] = [c for c in read_mlgt(MLGT) if c.terms[0].text == "feature"]
    concept.scope = UnitScope.PLATFORM
    terms.add(LOCAL_ADMIN, concept)
    again = Termbase.of_store(empty_catalog.store)
    assert again is held  # changed in place, not read again
    text = "失效和故障，闲置状态的要素"
    assert [text[h.start : h.end] for h in again.terms_in(text, "zh", "en")] == ["故障", "闲置状态", "要素"]
    assert len(again) == len(Termbase.read(empty_catalog.store)) == 19
