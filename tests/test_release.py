"""Release documents, their signatures and their offline check: every alteration of the test set is detected with a
message saying what, and no unaltered release is rejected."""

from __future__ import annotations

import copy
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.release_cases import settled_case, signed_release

from stdbridge.recognition.release import NeedsReviewError, diff_releases
from stdbridge.recognition.signing import KeyFolder, read_public_key, sign_document, verify_release

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


@pytest.fixture(scope="module")
def release() -> dict[str, Any]:
    return signed_release(settled_case(), KEY)


def through_a_file(signed: dict[str, Any], tmp_path: Path) -> Any:
    path = tmp_path / "release.json"
    path.write_text(json.dumps(signed, ensure_ascii=False, indent=2), encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("limit", [1, 2, 5, None])
def test_an_unaltered_release_verifies_with_its_key_and_through_a_file(limit: int | None, tmp_path: Path) -> None:
    signed = signed_release(settled_case(limit), KEY)
    found = verify_release(through_a_file(signed, tmp_path), KEY.public_key())
    assert found.ok, found.problems
    assert found.warnings == []
    assert found.entries == len(settled_case(limit).entries)


def test_without_a_key_the_one_inside_the_file_is_used_with_a_warning(release: dict[str, Any]) -> None:
    found = verify_release(release)
    assert found.ok
    assert "proves nothing by itself" in found.warnings[0]


def test_the_document_carries_titles_in_each_partys_language_and_english(release: dict[str, Any]) -> None:
    entry = release["document"]["entries"][0]
    cn = entry["standards"][0]
    assert cn["identifier"] == "GB/T 24001-1996"
    assert cn["title"] == {
        "zh": "环境管理体系 规范及使用指南",
        "en": "Environmental management systems—Specification with guidance for use",
    }
    assert list(entry["standards"][1]["title"]) == ["en"]
    assert release["document"]["entries"][1]["reservations"][0]["degree"] == "NEQ"


def altered(release: dict[str, Any], change: Any, *, resign: Ed25519PrivateKey | None = None) -> dict[str, Any]:
    document = copy.deepcopy(release["document"])
    change(document)
    if resign is None:
        return {"document": document, "signature": release["signature"]}
    from stdbridge.recognition.signing import key_description

    document["key"] = key_description(resign.public_key())
    return sign_document(document, resign)


def change_degree(document: dict[str, Any]) -> None:
    document["entries"][0]["degree"] = "MOD"


def remove_entry(document: dict[str, Any]) -> None:
    del document["entries"][3]


def swap_identifier(document: dict[str, Any]) -> None:
    first, second = document["entries"][0]["standards"][1], document["entries"][4]["standards"][1]
    first["edition_key"], second["edition_key"] = second["edition_key"], first["edition_key"]
    first["identifier"], second["identifier"] = second["identifier"], first["identifier"]


def change_reservation(document: dict[str, Any]) -> None:
    document["entries"][1]["reservations"][0]["reason"] = "No difference."


ALTERATIONS = {
    "changed degree": (change_degree, "GB/T 24001-1996 / ISO 14001:1996): the release says MOD, the audit entry 2"),
    "removed entry": (remove_entry, "Audit entry 6 settled entry 4, which the release does not carry"),
    "swapped identifier": (
        swap_identifier,
        "its standards GB/T 24001-1996, OHSAS 18002:2008 are not those audit entry 2 settled: "
        "GB/T 24001-1996, ISO 14001:1996",
    ),
    "changed reservation": (change_reservation, "the reservation differs from audit entry 4 that recorded it (reason)"),
}


@pytest.mark.parametrize("name", ALTERATIONS)
def test_an_altered_release_fails_its_signature_and_says_what_disagrees(release: dict[str, Any], name: str) -> None:
    change, message = ALTERATIONS[name]
    found = verify_release(altered(release, change), KEY.public_key())
    assert not found.ok
    assert any("The signature does not match" in p for p in found.problems)
    assert any(message in p for p in found.problems), found.problems


@pytest.mark.parametrize("name", ALTERATIONS)
def test_an_altered_release_signed_again_with_another_key(release: dict[str, Any], name: str) -> None:
    change, message = ALTERATIONS[name]
    forged = altered(release, change, resign=OTHER_KEY)
    with_key = verify_release(forged, KEY.public_key())
    assert not with_key.ok
    assert "signed with another key" in with_key.problems[0]
    without_key = verify_release(forged)  # the forger's key checks out; the audit trail does not
    assert any(message in p for p in without_key.problems), without_key.problems


def test_a_release_signed_again_with_another_key_unaltered_is_caught_by_the_key(release: dict[str, Any]) -> None:
    forged = altered(release, lambda d: None, resign=OTHER_KEY)
    found = verify_release(forged, KEY.public_key())
    assert not found.ok
    assert found.problems[0].startswith("The release was signed with another key: it names SHA256:")


def test_an_audit_entry_altered_with_the_release(release: dict[str, Any]) -> None:
    def change(document: dict[str, Any]) -> None:
        change_degree(document)
        document["audit"]["entries"][0]["after"]["degree"] = "MOD"  # audit entry 2 settled entry 1

    found = verify_release(altered(release, change, resign=OTHER_KEY))
    assert "Audit entry 2 was altered: its fields no longer give its hash." in found.problems


def test_not_a_release() -> None:
    assert verify_release([1, 2]).problems == ["This is not a signed release: no 'document' object."]
    assert "Unknown release format" in verify_release({"document": {"format": "x"}}).problems[0]


def test_an_entry_needing_review_is_refused_unless_carried_with_a_note() -> None:
    case = settled_case(5)
    case.entries[2].needs_review = "GB 13000.1-1993 replaced by GB 13000-2010"
    with pytest.raises(NeedsReviewError) as refused:
        signed_release(case, KEY)
    assert refused.value.entry_ids == (3,)
    assert "3 (GB 13000.1-1993 / ISO/IEC 10646.1:1993: GB 13000.1-1993 replaced by GB 13000-2010)" in str(refused.value)
    with pytest.raises(NeedsReviewError):
        signed_release(case, KEY, carried={3: "  "})
    signed = signed_release(case, KEY, carried={3: "The 2010 edition keeps the IDT adoption."})
    assert signed["document"]["entries"][2]["carried"] == {
        "reason": "GB 13000.1-1993 replaced by GB 13000-2010",
        "note": "The 2010 edition keeps the IDT adoption.",
    }
    assert verify_release(signed, KEY.public_key()).ok


def test_the_difference_between_two_releases() -> None:
    first = signed_release(settled_case(6), KEY)["document"]
    case = settled_case(8)
    del case.entries[0]
    case.entries[1].differences = "Annex B omitted."
    second = signed_release(case, KEY, number=2)["document"]
    diff = diff_releases(first, second)
    assert [e["id"] for e in diff.added] == [7, 8]
    assert [e["id"] for e in diff.removed] == [1]
    assert [(c.entry_id, list(c.fields)) for c in diff.changed] == [(3, ["differences"])]
    assert diff.changed[0].fields["differences"] == ("", "Annex B omitted.")
    assert diff.to_json()["removed"] == [{"id": 1, "label": "GB/T 24001-1996 ↔ ISO 14001:1996"}]


def test_the_key_folder_keeps_the_private_key_to_its_owner(tmp_path: Path) -> None:
    folder = KeyFolder(tmp_path / "keys")
    key = folder.key_of("cn-int-quality")
    assert stat.S_IMODE(folder.private_path("cn-int-quality").stat().st_mode) == 0o600
    assert folder.key_of("cn-int-quality").private_bytes_raw() == key.private_bytes_raw()
    public = folder.public_key_of("cn-int-quality")
    assert public is not None and public.public_bytes_raw() == key.public_key().public_bytes_raw()
    with pytest.raises(Exception, match="Not a programme's name"):
        folder.private_path("../etc")


def test_a_public_key_that_is_not_one() -> None:
    with pytest.raises(Exception, match="Not an Ed25519 public key"):
        read_public_key("not base64 !", source="key.pem")


def test_the_audit_entries_the_review_rounds_write() -> None:
    """A round's closing settles several entries at once (``after.settled``: degree by entry id) and a reservation
    is recorded under the subject ``<programme> entry N``, without the party: the release cites them, and verify
    reads them."""
    case = settled_case(4)
    chain = case.chain
    closing = chain.add("round.close", "cn-int-quality round 1", None,
                        {"settled": {str(e.id): str(e.degree) for e in case.entries}, "open": [], "no_consensus": [],
                         "answers": 16})  # fmt: skip
    reservation, _recorded = case.reservations[2][0]
    held = {"degree": "NEQ", "reason": reservation.reason, "settled": "IDT"}
    recorded = chain.add("entry.reservation", "cn-int-quality entry 2", None, held, actor="expert CN 1")
    case.settlements = {e.id or 0: closing for e in case.entries}
    case.reservations = {2: [(reservation, recorded)]}
    signed = signed_release(case, KEY)
    assert [e["settled_seq"] for e in signed["document"]["entries"]] == [closing.seq] * 4
    assert verify_release(signed, KEY.public_key()).ok
    forged = altered(signed, change_degree, resign=OTHER_KEY)
    assert any(f"the release says MOD, the audit entry {closing.seq} that settled it says IDT" in p
               for p in verify_release(forged).problems)  # fmt: skip
    forged = altered(signed, change_reservation, resign=OTHER_KEY)
    assert any(f"differs from audit entry {recorded.seq} that recorded it (reason)" in p
               for p in verify_release(forged).problems)  # fmt: skip
