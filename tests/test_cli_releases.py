"""``stdbridge verify`` and ``stdbridge release diff|export`` on release files, with no database."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.release_cases import PROGRAMME, settled_case, signed_release
from tests.store.test_release_store import record_review

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.cli import cli
from stdbridge.recognition.publishing import publish_release
from stdbridge.recognition.signing import KeyFolder, public_pem
from stdbridge.store import SqlStore

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", *args])
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, signed: dict[str, Any]) -> str:
    path.write_text(json.dumps(signed, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def test_verify_a_release_with_the_programmes_key(tmp_path: Path) -> None:
    release = write(tmp_path / "v1.json", signed_release(settled_case(), KEY))
    (tmp_path / "key.pem").write_text(public_pem(KEY.public_key()), encoding="utf-8")
    code, stdout, stderr = run("verify", release, "--key", str(tmp_path / "key.pem"))
    assert code == 0, stderr
    assert stdout.startswith("Release v1 of cn-int-quality verifies: 54 entries, signed by SHA256:")
    assert stderr == ""
    code, stdout, stderr = run("verify", release)
    assert code == 0
    assert "proves nothing by itself" in stderr


def test_verify_rejects_a_tampered_copy_and_one_signed_with_another_key(tmp_path: Path) -> None:
    signed = signed_release(settled_case(), KEY)
    (tmp_path / "key.pem").write_text(public_pem(KEY.public_key()), encoding="utf-8")
    signed["document"]["entries"][0]["degree"] = "NEQ"
    code, _stdout, stderr = run("verify", write(tmp_path / "tampered.json", signed), "--key", str(tmp_path / "key.pem"))
    assert code == 1
    assert "does not verify (2 problems)" in stderr
    assert "the release says NEQ, the audit entry 2 that settled it says IDT" in stderr
    other = signed_release(settled_case(), OTHER_KEY)
    code, _stdout, stderr = run("verify", write(tmp_path / "other.json", other), "--key", str(tmp_path / "key.pem"))
    assert code == 1
    assert "signed with another key" in stderr
    code, stdout, _stderr = run("verify", str(tmp_path / "other.json"), "--key", str(tmp_path / "key.pem"), "--json")
    assert json.loads(stdout)["ok"] is False


def test_verify_names_a_file_that_is_not_json(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"document":\n  {,}', encoding="utf-8")
    code, _stdout, stderr = run("verify", str(tmp_path / "broken.json"))
    assert code != 0
    assert "broken.json:2: Not JSON" in stderr


def test_diff_and_exports(tmp_path: Path) -> None:
    first = write(tmp_path / "v1.json", signed_release(settled_case(6), KEY))
    case = settled_case(8)
    case.entries[2].differences = "Annex B omitted."
    second = write(tmp_path / "v2.json", signed_release(case, KEY, number=2))
    code, stdout, _stderr = run("release", "diff", first, second)
    assert code == 0
    assert stdout.splitlines()[0] == "From v1 to v2: 2 added, 0 removed, 1 changed."
    assert "    differences: '' -> 'Annex B omitted.'" in stdout
    code, stdout, _stderr = run("release", "diff", first, second, "--format", "csv")
    assert (
        stdout.splitlines()[-1]
        == "有变化 / changed,3,GB 13000.1-1993 ↔ ISO/IEC 10646.1:1993,differences,,Annex B omitted."
    )
    assert code == run("release", "export", second, "--format", "xlsx", "-o", str(tmp_path / "v2.xlsx"))[0] == 0
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "v2.xlsx").read_bytes()))["entries"]
    assert [c.value for c in sheet[2]][:2] == [1, "GB/T 24001-1996"]
    assert sheet.max_row == 9
    code, stdout, _stderr = run("release", "export", second, "--format", "html")
    assert "GB/T 24001-1996" in stdout and "环境管理体系 规范及使用指南" in stdout and "@page" in stdout
    code, stdout, _stderr = run("release", "export", second, "--format", "pair", "--pair", "CN,INT")
    assert code == 0 and "Annex B omitted." in stdout
    code, _stdout, stderr = run("release", "export", second, "--format", "pair", "--pair", "CN,RU")
    assert code != 0 and "Not two parties of the programme: CN, RU (its parties: CN, INT)." in stderr


def test_releases_in_the_catalogue_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"sqlite:///{tmp_path / 'catalog.db'}"
    monkeypatch.setenv("STDBRIDGE_KEYS", str(tmp_path / "keys"))
    store = SqlStore(db)
    entries, reservations = record_review(store, 4)
    publish_release(store, KeyFolder(tmp_path / "keys"), PROGRAMME, entries[:3], LOCAL_ADMIN, reservations=reservations)
    publish_release(store, KeyFolder(tmp_path / "keys"), PROGRAMME, entries, LOCAL_ADMIN, reservations=reservations)
    store.close()
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "en", "release", "list", "cn-int-quality", "--json"])
    assert [r["version"] for r in json.loads(result.stdout)["releases"]] == ["v1", "v2"]
    key = CliRunner().invoke(cli, ["--db", db, "release", "key", "cn-int-quality"])
    assert key.stdout.startswith("-----BEGIN PUBLIC KEY-----")
    (tmp_path / "key.pem").write_text(key.stdout.rsplit("\n", 2)[0] + "\n", encoding="utf-8")
    diff = CliRunner().invoke(cli, ["--db", db, "--lang", "en", "release", "diff", "cn-int-quality@1",
                                    "cn-int-quality@2"])  # fmt: skip
    assert diff.stdout.splitlines() == ["From v1 to v2: 1 added, 0 removed, 0 changed.",
                                        "+ 4 GB/T 28001-2011 ↔ OHSAS 18001:2007"]  # fmt: skip
    exported = CliRunner().invoke(cli, ["--db", db, "release", "export", "cn-int-quality@2", "--format", "json", "-o",
                                        str(tmp_path / "v2.json")])  # fmt: skip
    assert exported.exit_code == 0
    code, stdout, _stderr = run("verify", str(tmp_path / "v2.json"), "--key", str(tmp_path / "key.pem"))
    assert code == 0 and "verifies: 4 entries" in stdout
    missing = CliRunner().invoke(cli, ["--db", db, "--lang", "en", "release", "export", "cn-int-quality@3",
                                       "--format", "csv"])  # fmt: skip
    assert missing.exit_code == 1 and "The programme cn-int-quality has no release v3." in missing.stderr
