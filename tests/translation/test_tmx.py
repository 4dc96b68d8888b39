"""TMX 1.4b in and out of the translation memory: an export opens in translate-toolkit and comes back the same;
an import reads the language pairs of the file, refuses a file with a bad unit whole (naming unit, line and
reason), records itself in the audit log, and is refused to who lacks the role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.translation.memory_cases import gb_title_units
from translate.storage import tmx

from stdbridge.accounts.records import User
from stdbridge.accounts.roles import Actor, Role
from stdbridge.audit.entry import MEMORY_IMPORT, AuditQuery
from stdbridge.errors import Forbidden, ImportFailed
from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import UnitOrigin, UnitScope
from stdbridge.translation.tmx import TmxRejected, export_tmx, import_tmx, import_tmx_file

# three titles of GB sample records, in a TMX as another tool writes it (regions in the language tags, the
# Chinese-English pair declared per unit, a unit with three languages)
OTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6.0" segtype="sentence" o-tmf="OmegaT TMX" adminlang="EN-US"
          srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="zh-CN"><seg>质量管理体系 基础和术语</seg></tuv>
      <tuv xml:lang="en-US"><seg>Quality management systems - Fundamentals and vocabulary</seg></tuv>
    </tu>
    <tu srclang="en-GB">
      <note>ISO 14001:1996</note>
      <tuv xml:lang="en-GB"><seg>Environmental management systems—Specification with guidance for use</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>环境管理体系 规范及使用指南</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Systèmes de management environnemental — Spécification et lignes directrices
        pour son utilisation</seg></tuv>
    </tu>
    BAD
  </body>
</tmx>
"""
BAD_UNITS = """<tu>
      <tuv xml:lang="zh-CN"><seg>电磁兼容 试验和测量技术 静电放电抗扰度试验</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-CN"><seg>信息技术 安全技术 信息安全管理体系 要求</seg></tuv>
      <tuv xml:lang="en-US"><seg> </seg></tuv>
    </tu>"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    s = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    yield s
    s.close()


def person(store: SqlStore, name: str, *roles: Role) -> Actor:
    user = User(name, roles=frozenset(roles))
    store.add_user(user)
    assert user.id is not None
    return Actor(user.id, name, frozenset(roles), signed_in=True)


def test_an_export_opens_in_translate_toolkit_and_comes_back_the_same(store: SqlStore, tmp_path: Path) -> None:
    memory = TranslationMemory(store)
    memory.add(gb_title_units())
    editor = person(store, "editor", Role.CONTRIBUTOR, Role.EDITOR)
    data = export_tmx(memory, editor, UnitScope.PLATFORM, "zh", "en")
    document = tmx.tmxfile.parsestring(data)
    read = [(u.source, u.target) for u in document.getunits()]
    assert read == [(u.source, u.target) for u in gb_title_units()]
    assert document.document.getroot().find("header").get("srclang") == "zh"
    path = tmp_path / "gb.tmx"
    path.write_bytes(data)
    done = import_tmx_file(memory, editor, path, UnitScope.PERSONAL)
    assert (done.read, done.added, done.pairs) == (5, 5, {"zh-en": 5})
    mine = store.units_of(UnitScope.PERSONAL, editor.user_id)
    assert [(u.source, u.target, u.reference, u.origin) for u in mine] == [
        (u.source, u.target, u.reference, UnitOrigin.TMX) for u in gb_title_units()
    ]
    assert export_tmx(memory, editor, UnitScope.PERSONAL, "zh", "en") == data
    assert import_tmx_file(memory, editor, path, UnitScope.PERSONAL).added == 0  # importing again adds nothing


def test_the_language_pairs_come_from_the_file(store: SqlStore) -> None:
    memory = TranslationMemory(store)
    translator = person(store, "translator", Role.CONTRIBUTOR)
    done = import_tmx(memory, translator, OTHER_TOOL.replace("BAD", "").encode(), "omegat.tmx", UnitScope.PERSONAL)
    assert done.pairs == {"zh-en": 1, "en-zh": 1, "en-fr": 1}
    units = store.units_of(UnitScope.PERSONAL, translator.user_id)
    assert [(u.source_lang, u.target_lang, u.reference) for u in units] == [
        ("zh", "en", "omegat.tmx"), ("en", "zh", "ISO 14001:1996"), ("en", "fr", "ISO 14001:1996")]  # fmt: skip
    [entry] = store.audit_entries(AuditQuery(action=MEMORY_IMPORT))
    assert entry.subject == f"translation memory personal {translator.user_id}"
    assert entry.after == {"file": "omegat.tmx", "read": 3, "added": 3, "pairs": done.pairs}
    [match] = memory.matches("环境管理体系 规范及使用指南", "zh", "en", user_id=translator.user_id)
    assert match.score == 100 and match.unit.target.startswith("Environmental management systems")


def test_one_bad_unit_refuses_the_whole_file(store: SqlStore) -> None:
    memory = TranslationMemory(store)
    editor = person(store, "editor", Role.CONTRIBUTOR, Role.EDITOR)
    with pytest.raises(TmxRejected) as caught:
        import_tmx(memory, editor, OTHER_TOOL.replace("BAD", BAD_UNITS).encode(), "omegat.tmx", UnitScope.PLATFORM)
    assert [str(r) for r in caught.value.rejections] == [
        "unit 3 (line 17): no segment in another language than 'zh'",
        "unit 4 (line 20): an empty segment",
    ]
    assert str(caught.value).startswith("omegat.tmx: 2 of the file's units cannot be imported; nothing was imported")
    assert store.count_units() == 0 and store.audit_entries(AuditQuery(action=MEMORY_IMPORT)) == []
    with pytest.raises(ImportFailed, match=r"omegat.tmx:8: not a TMX file: Premature end of data in tag seg"):
        import_tmx(memory, editor, OTHER_TOOL.encode()[:400], "omegat.tmx", UnitScope.PLATFORM)


def test_who_lacks_the_role_cannot_import(store: SqlStore) -> None:
    memory = TranslationMemory(store)
    translator = person(store, "translator", Role.CONTRIBUTOR)
    reader = person(store, "reader", Role.READER)
    data = OTHER_TOOL.replace("BAD", "").encode()
    with pytest.raises(Forbidden):
        import_tmx(memory, translator, data, "omegat.tmx", UnitScope.PLATFORM)
    with pytest.raises(Forbidden):
        import_tmx(memory, reader, data, "omegat.tmx", UnitScope.PERSONAL)
    with pytest.raises(Forbidden):
        export_tmx(memory, translator, UnitScope.ORGANISATION, "zh", "en", organisation_id=1)
    assert store.count_units() == 0 and store.audit_entries(AuditQuery(action=MEMORY_IMPORT)) == []
