"""Delivering a translation project of a catalogue standard: only a reviewer may, only once every segment is
approved; the standard then shows its translated title as a contribution (who, which project), apart from its
official titles, and search finds the standard by it."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from tests.conftest import EXCERPTS

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.accounts.service import Accounts
from stdbridge.audit.entry import TRANSLATION_DELIVER, AuditQuery
from stdbridge.catalog.facade import Catalog
from stdbridge.errors import Forbidden, UsageError
from stdbridge.fields import described_fields
from stdbridge.models import standard_to_record
from stdbridge.search.index import document
from stdbridge.translation.model import ProjectState
from stdbridge.translation.projects import Projects

# GB/T 19001-2008 as the bundled excerpt holds it: a Chinese title, no English one; its English title as ISO
# 9001:2008 (which it adopts, IDT) has it
TITLE_ZH = "质量管理体系 要求"
TITLE_EN = "Quality management systems — Requirements"


def _actor(catalog: Catalog, name: str, *roles: Role) -> Actor:
    user = Accounts(catalog.store).add_user(LOCAL_ADMIN, name, roles=frozenset(roles))
    return Actor(user.id, user.name, user.roles, signed_in=True)


def test_a_delivered_standard_shows_and_is_found_by_its_contributed_title(catalog: Catalog) -> None:
    store = catalog.store
    official = store.standards_by_keys(["GB/T 19001-2008"])["GB/T 19001-2008"]
    assert official.titles == {"zh": TITLE_ZH}
    assert "en" not in orjson.loads(document(standard_to_record(official), 1, str.split))
    translator = _actor(catalog, "li", Role.CONTRIBUTOR)
    reviewer = _actor(catalog, "wang", Role.REVIEWER)
    projects = Projects(store)
    project = projects.create(translator, "GB-T 19001-2008.txt", f"{TITLE_ZH}\n".encode(), "zh", "en",
                              standard_key="GB/T 19001-2008")  # fmt: skip
    assert project.id is not None
    (segment,) = projects.segments(translator, project.id)
    saved = projects.save(translator, project.id, segment.id or 0, TITLE_EN, segment.version, confirm=True)

    with pytest.raises(UsageError, match="1 segment is not approved yet"):
        projects.deliver(reviewer, project.id)
    projects.review(reviewer, project.id, saved.id or 0, saved.version, approve=True)
    with pytest.raises(Forbidden):
        projects.deliver(translator, project.id)
    assert projects.deliver(reviewer, project.id) == TITLE_EN

    assert projects.project(reviewer, project.id).state is ProjectState.DELIVERED
    record = store.standards_by_keys(["GB/T 19001-2008"])["GB/T 19001-2008"]
    assert record.titles == {"zh": TITLE_ZH}  # the official titles stay as the sources give them
    contributed = record.extra["contributed_titles"]["en"]
    assert (contributed["title"], contributed["by"], contributed["project"]) == (TITLE_EN, "wang", project.id)
    assert "contributed_titles" not in {f.key for f in described_fields(record)}
    indexed = orjson.loads(document(standard_to_record(record), 1, str.split))
    assert indexed["en"] == TITLE_EN and indexed["words_zh"] == "质量管理体系 要求"  # the search index holds both
    hits = catalog.search("quality management systems requirements").hits
    assert "GB/T 19001-2008" in [h.standard.edition_key for h in hits]
    (entry,) = store.audit_entries(AuditQuery(action=TRANSLATION_DELIVER))
    assert entry.actor_name == "wang" and entry.after == {"standard": "GB/T 19001-2008", "translated_title": TITLE_EN}


def test_a_contributed_title_outlives_a_reimport_that_changes_the_record(catalog: Catalog, tmp_path: Path) -> None:
    store = catalog.store
    reviewer = _actor(catalog, "wang", Role.REVIEWER, Role.CONTRIBUTOR)
    projects = Projects(store)
    project = projects.create(reviewer, "GB-T 19001-2008.txt", f"{TITLE_ZH}\n".encode(), "zh", "en",
                              standard_key="GB/T 19001-2008")  # fmt: skip
    (segment,) = projects.segments(reviewer, project.id or 0)
    saved = projects.save(reviewer, project.id or 0, segment.id or 0, TITLE_EN, segment.version, confirm=True)
    projects.review(reviewer, project.id or 0, saved.id or 0, saved.version, approve=True)
    projects.deliver(reviewer, project.id or 0)
    # the same dataset again, the record now with a status and a date (a real change of the source)
    lines = (EXCERPTS / "gb_records.jsonl").read_text(encoding="utf-8").splitlines()
    changed = [line if '"GB/T 19001-2008"' not in line else
               line.replace('"published": null', '"published": "2008-10-29"') for line in lines]  # fmt: skip
    assert changed != lines
    again = tmp_path / "gb_records.jsonl"
    again.write_text("\n".join(changed) + "\n", encoding="utf-8")
    summary = catalog.import_path(again, "gb-sample", rejects_dir=tmp_path / "rejects")
    assert summary.changed >= 1
    record = store.standards_by_keys(["GB/T 19001-2008"])["GB/T 19001-2008"]
    assert record.published == "2008-10-29"  # the change was taken in
    assert record.extra["contributed_titles"]["en"]["title"] == TITLE_EN  # and the contribution kept
