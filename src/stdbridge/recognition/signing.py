"""Signing a release with its programme's Ed25519 key, and checking a signed release offline (``verify_release``).

A signed release is the JSON object ``{"document": ..., "signature": ...}``: ``signature`` is the base64 of the
Ed25519 signature of the document's RFC 8785 canonical form (``audit.entry.canonical``), and the document names
the key (``key``: algorithm, public key, fingerprint). The fingerprint is ``SHA256:`` and the lower-case hex of the
SHA-256 of the 32 bytes of the public key.

Where the private key lives (``KeyFolder``): a file per programme (``<slug>.ed25519.pem``, PKCS#8, readable by its
owner only) in a keys folder — ``STDBRIDGE_KEYS``, else ``keys/`` beside the catalogue file. Not in the database:
the audit log exists because the database's writers could rewrite it, and a key they can read would let them sign
a rewritten release too. The public key (``<slug>.ed25519.pub.pem``) and its fingerprint are published.

What ``verify_release`` checks, without a database: that the document is exactly what was signed, by the key given
(``--key``) or else the one the file names — with a warning that a key inside the file proves nothing by itself,
since whoever altered the file could have re-signed it with a key of their own; that every audit entry the release
cites gives its hash again (``audit.entry``'s sealing); and that the entries agree with them: each settled by the
audit entry it cites, with the degree and the standards that entry recorded, each reservation as recorded, and no
cited settlement without its entry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from stdbridge.audit.entry import HASHED_FIELDS, canonical, entry_hash
from stdbridge.errors import StdbridgeError, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.release import FORMAT, reservation_facts, settled_facts
from stdbridge.runtime import resolve_location

ALGORITHM = "Ed25519"


def fingerprint(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def key_description(public_key: Ed25519PublicKey) -> dict[str, str]:
    """How a release names its key (its ``key`` field)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {
        "algorithm": ALGORITHM,
        "public_key": base64.b64encode(raw).decode(),
        "fingerprint": fingerprint(public_key),
    }


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def read_public_key(text: str, *, source: str = "") -> Ed25519PublicKey:
    """A public key from a PEM file, or the base64 of its 32 bytes (as a release names it)."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error, TypeError) as error:
        raise UsageError(_("Not an Ed25519 public key: {error}").format(error=error), source=source or None) from error
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(
            _("Not an Ed25519 public key: {error}").format(error=type(key).__name__), source=source or None
        )
    return key


def sign_document(document: Mapping[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed release: the document and the base64 of the Ed25519 signature of its canonical form."""
    signature = private_key.sign(canonical(document))
    return {"document": document, "signature": base64.b64encode(signature).decode()}


def default_keys_folder(location: str | os.PathLike[str] | None = None) -> Path:
    """``STDBRIDGE_KEYS``, else ``keys`` beside the catalogue file (for a server catalogue: in the default data
    folder, which the database server cannot reach)."""
    if os.environ.get("STDBRIDGE_KEYS"):
        return Path(os.environ["STDBRIDGE_KEYS"]).expanduser()
    where = resolve_location(location)
    if "://" in where and not where.startswith("sqlite:///"):
        from stdbridge.runtime import default_location

        return default_location().parent / "keys"
    return Path(where.removeprefix("sqlite:///")).expanduser().parent / "keys"


@dataclass(frozen=True, slots=True)
class KeyFolder:
    """The programmes' signing keys, one file each, in ``path``."""

    path: Path

    def private_path(self, slug: str) -> Path:
        if not slug or "/" in slug or "\\" in slug or slug.startswith("."):
            raise UsageError(_("Not a programme's name: {slug!r}.").format(slug=slug))
        return self.path / f"{slug}.ed25519.pem"

    def public_path(self, slug: str) -> Path:
        return self.private_path(slug).with_name(f"{slug}.ed25519.pub.pem")

    def key_of(self, slug: str) -> Ed25519PrivateKey:
        """The programme's private key, made (and its public key written beside it) the first time it is asked."""
        path = self.private_path(slug)
        if path.exists():
            try:
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            except ValueError as error:
                raise StdbridgeError(
                    _("The signing key cannot be read: {error}").format(error=error), source=str(path)
                ) from error
            if not isinstance(key, Ed25519PrivateKey):
                raise StdbridgeError(_("The signing key is not an Ed25519 key."), source=str(path))
            return key
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        self.public_path(slug).write_text(public_pem(key.public_key()), encoding="utf-8")
        return key

    def public_key_of(self, slug: str) -> Ed25519PublicKey | None:
        path = self.public_path(slug)
        return read_public_key(path.read_text(encoding="utf-8"), source=str(path)) if path.exists() else None


def read_release(data: bytes, source: str) -> Any:
    """The parsed JSON of a release file; ``UsageError`` naming the file, line and what is wrong otherwise."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UsageError(_("Not UTF-8 text (byte {position}).").format(position=error.start), source=source) from error
    except json.JSONDecodeError as error:
        raise UsageError(_("Not JSON: {reason} (column {column}).").format(reason=error.msg, column=error.colno),
                         source=source, line=error.lineno) from error  # fmt: skip


# -- checking a signed release ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Verification:
    """What ``verify_release`` found: ``problems`` (each a reason to reject the file), ``warnings``."""

    programme: str = ""
    number: int = 0
    entries: int = 0
    fingerprint: str = ""
    audit_head: tuple[int, str] = (0, "")
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "programme": self.programme,
            "number": self.number,
            "entries": self.entries,
            "fingerprint": self.fingerprint,
            "audit_head": {"seq": self.audit_head[0], "hash": self.audit_head[1]},
            "problems": self.problems,
            "warnings": self.warnings,
        }


def verify_release(signed: Any, key: Ed25519PublicKey | None = None) -> Verification:
    """Check a signed release (the parsed JSON of the file) as the module's docstring says; ``key`` the public key
    it must be signed with, None to use the one the file names (with a warning)."""
    found = Verification()
    if not isinstance(signed, dict) or not isinstance(signed.get("document"), dict):
        found.problems.append(_("This is not a signed release: no 'document' object."))
        return found
    document: dict[str, Any] = signed["document"]
    if document.get("format") != FORMAT:
        found.problems.append(
            _("Unknown release format {value!r} (expected {expected}).").format(
                value=document.get("format"), expected=FORMAT
            )
        )
        return found
    found.programme = str(_object(document.get("programme")).get("slug", ""))
    number = document.get("number")
    found.number = number if isinstance(number, int) else 0
    entries = _list(document.get("entries"))
    found.entries = len(entries)
    _check_signature(signed, document, key, found)
    _check_audit(document, entries, found)
    return found


def _object(value: Any) -> dict[str, Any]:
    """``value`` when the file has an object there, else an empty one (what is missing is reported where used)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _hash_of(item: dict[str, Any]) -> str | None:
    """The hash an audit entry's fields give; None when they cannot be canonicalised (a number out of range)."""
    try:
        return entry_hash(item)
    except ValueError:
        return None


def _check_signature(
    signed: dict[str, Any], document: dict[str, Any], key: Ed25519PublicKey | None, found: Verification
) -> None:
    named = _object(document.get("key"))
    if key is None:
        try:
            key = read_public_key(str(named.get("public_key", "")))
        except UsageError:
            found.problems.append(_("The release names no readable public key; give one with --key."))
            return
        found.warnings.append(
            _(
                "Checked with the public key inside the file: that proves nothing by itself "
                "(whoever altered the file could have signed it again with a key of their own). "
                "Compare its fingerprint {fingerprint} with the one the programme publishes, or "
                "give the programme's key with --key."
            ).format(fingerprint=fingerprint(key))
        )
    found.fingerprint = fingerprint(key)
    if named.get("fingerprint") != found.fingerprint:
        found.problems.append(
            _("The release was signed with another key: it names {named}, the key given is {given}.").format(
                named=named.get("fingerprint"), given=found.fingerprint
            )
        )
        return
    try:
        signature = base64.b64decode(str(signed.get("signature", "")), validate=True)
        key.verify(signature, canonical(document))
    except (InvalidSignature, binascii.Error, ValueError):
        found.problems.append(
            _(
                "The signature does not match: the release is not what was signed "
                "(altered after signing, or signed with another key)."
            )
        )


def _check_audit(document: dict[str, Any], entries: list[Any], found: Verification) -> None:
    audit = _object(document.get("audit"))
    head = _object(audit.get("head"))
    seq = head.get("seq")
    found.audit_head = (seq if isinstance(seq, int) else 0, str(head.get("hash", "")))
    cited: dict[int, dict[str, Any]] = {}
    for item in _list(audit.get("entries")):
        if not isinstance(item, dict) or any(name not in item for name in (*HASHED_FIELDS, "hash")):
            found.problems.append(_("An audit entry of the release lacks some of its fields."))
            continue
        if not isinstance(item["seq"], int) or _hash_of(item) != item["hash"]:
            found.problems.append(
                _("Audit entry {seq} was altered: its fields no longer give its hash.").format(seq=item["seq"])
            )
            if not isinstance(item["seq"], int):
                continue
        cited[item["seq"]] = item
    head_entry = cited.get(found.audit_head[0])
    if head_entry is None or head_entry["hash"] != found.audit_head[1]:
        found.problems.append(
            _("The audit head {seq} the release cites is not among its audit entries, or has another hash.").format(
                seq=found.audit_head[0]
            )
        )
    later = sorted(seq for seq in cited if seq > found.audit_head[0])
    if later:
        found.problems.append(
            _("Audit entries {seqs} come after the head the release cites.").format(seqs=", ".join(map(str, later)))
        )
    settled_by: Counter[int] = Counter()
    for entry in entries:
        _check_entry(entry, cited, found, settled_by)
    carried_ids = {e.get("id") for e in entries if isinstance(e, dict)}
    for seq, item in sorted(cited.items()):
        facts = settled_facts(item["after"])
        if (
            seq not in settled_by
            and facts.entry_id is not None
            and facts.degree is not None
            and facts.entry_id not in carried_ids
        ):
            found.problems.append(
                _(
                    "Audit entry {seq} settled entry {entry}, which the release does not carry: an entry was removed."
                ).format(seq=seq, entry=facts.entry_id)
            )


def _check_entry(
    entry: Any, cited: Mapping[int, dict[str, Any]], found: Verification, settled_by: Counter[int]
) -> None:
    if not isinstance(entry, dict):
        found.problems.append(_("An entry of the release is not an object."))
        return
    entry_id = entry.get("id")
    label = " / ".join(str(s.get("identifier")) for s in entry.get("standards", ()) if isinstance(s, dict))
    name = f"{entry_id} ({label})"
    seq = entry.get("settled_seq")
    settlement = cited.get(seq) if isinstance(seq, int) else None
    if settlement is None:
        found.problems.append(
            _("Entry {entry}: the audit entry that settled it ({seq}) is not in the release.").format(
                entry=name, seq=entry.get("settled_seq")
            )
        )
        return
    settled_by[settlement["seq"]] += 1
    facts = settled_facts(settlement["after"], entry_id if isinstance(entry_id, int) else None)
    if facts.entry_id != entry_id:
        found.problems.append(
            _("Entry {entry}: audit entry {seq} settled entry {other}, not this one.").format(
                entry=name, seq=settlement["seq"], other=facts.entry_id
            )
        )
    if facts.degree != entry.get("degree"):
        found.problems.append(
            _(
                "Entry {entry}: the release says {degree}, the audit entry {seq} that settled it says {recorded}."
            ).format(entry=name, degree=entry.get("degree"), seq=settlement["seq"], recorded=facts.degree)
        )
    keys = frozenset(str(s.get("edition_key")) for s in entry.get("standards", ()) if isinstance(s, dict))
    if facts.edition_keys is not None and facts.edition_keys != keys:
        found.problems.append(
            _("Entry {entry}: its standards {keys} are not those audit entry {seq} settled: {recorded}.").format(
                entry=name,
                keys=", ".join(sorted(keys)),
                seq=settlement["seq"],
                recorded=", ".join(sorted(facts.edition_keys)),
            )
        )
    for reservation in entry.get("reservations", ()):
        _check_reservation(name, entry_id, reservation, cited, found)


def _check_reservation(
    name: str, entry_id: Any, reservation: Any, cited: Mapping[int, dict[str, Any]], found: Verification
) -> None:
    seq = reservation.get("audit_seq") if isinstance(reservation, dict) else None
    recorded = cited.get(seq) if isinstance(seq, int) else None
    if recorded is None or not isinstance(reservation, dict):
        found.problems.append(_("Entry {entry}: a reservation cites no audit entry of the release.").format(entry=name))
        return
    facts = reservation_facts(recorded["after"], str(recorded.get("subject", "")))
    published = {
        "entry_id": entry_id,
        "party": reservation.get("party"),
        "degree": reservation.get("degree"),
        "reason": reservation.get("reason"),
    }
    differing = sorted(k for k in published if (k in facts or k == "entry_id") and facts.get(k) != published[k])
    if differing:
        found.problems.append(
            _("Entry {entry}: the reservation differs from audit entry {seq} that recorded it ({fields}).").format(
                entry=name, seq=recorded["seq"], fields=", ".join(differing)
            )
        )
