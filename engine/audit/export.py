"""Writing the auditor's bundle: entries, checkpoints, keys, proofs, format, verifier,
and a manifest of SHA-256 hashes signed by the workspace log key."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import merkle
from engine.audit.canonical import canonical_json
from engine.audit.log import AuditLog, NoteSigner, row_to_json
from engine.audit.notes import parse_checkpoint, sign_note
from engine.audit.record import b64, log_key_fingerprint
from engine.audit.standalone import build_verifier
from engine.errors import ValidationError, WorkspaceError
from engine.jobs import CancelToken, Progress, check, report
from engine.store.files import temp_beside
from engine.store.schema import SigningKeyRow

BUNDLE_FORMAT = "airlock-audit-bundle/v1"
FORMAT_DOC = Path(__file__).with_name("FORMAT.md")
README = """Airlock audit bundle
====================
entries.jsonl      every audit entry, one canonical JSON object per line
checkpoints/       signed checkpoints (Merkle tree heads) of the log
keys.json          every public key with its key id and valid seq range
proofs/            consistency proofs from each saved checkpoint to the latest
FORMAT.md          the complete format, enough to write an independent verifier
verify_bundle.py   a verifier that needs only Python 3.11+ and the `cryptography` package
MANIFEST.sha256    SHA-256 of every file above, signed by the workspace log key

Verify:   python verify_bundle.py THIS.zip [--trusted-checkpoint KEPT.txt]
"""


VERIFICATION_HEAD = """This log FAILED verification when it was exported (airlock audit export
--include-invalid). What the workspace's verifier found:

"""
fingerprint = log_key_fingerprint  # the name the GUI and CLI know it by


def manifest_body(origin: str, hashes: dict[str, str]) -> str:
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(hashes.items()))
    return f"{BUNDLE_FORMAT}\n{origin}\n{lines}"


@dataclass(frozen=True)
class AuditBundle:
    """An auditor's bundle written (`airlock audit export`)."""

    path: str
    entries: int
    checkpoints: int
    manifest_sha256: str
    log_key_fingerprint: str
    bytes: int
    verified: str = ""  # "valid", or "invalid" for a log exported with its findings


def write_bundle(
    out: Path,
    session: Session,
    log: AuditLog,
    signer: NoteSigner,
    *,
    verification: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> AuditBundle:
    """Write the bundle to `out` atomically (temporary name, fsync, rename). `verification`:
    the findings of a log that failed verification, written as VERIFICATION.txt."""
    out = Path(out)
    if out.suffix.lower() != ".zip":
        raise ValidationError(f"The bundle file name must end in .zip. Got {out.name!r}.")
    if not out.parent.is_dir():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    tmp = temp_beside(out)
    hashes: dict[str, str] = {}
    total = max(log.size(session), 1)
    try:
        with zipfile.ZipFile(tmp, "x", compression=zipfile.ZIP_DEFLATED) as bundle:

            def put(name: str, data: bytes) -> None:
                bundle.writestr(name, data)
                hashes[name] = hashlib.sha256(data).hexdigest()

            digest, count, leaves = hashlib.sha256(), 0, []
            with bundle.open("entries.jsonl", "w") as sink:
                for row in log.rows(session):
                    line = canonical_json(row_to_json(row)) + b"\n"
                    sink.write(line)
                    digest.update(line)
                    leaves.append(merkle.leaf_hash(bytes.fromhex(row.hash)))
                    count += 1
                    if count % 1000 == 0:
                        check(cancel)
                        report(progress, 0.9 * count / total, f"exported {count} entries")
            hashes["entries.jsonl"] = digest.hexdigest()
            checkpoints = log.checkpoints(session)
            latest = next((c for c in checkpoints if c.label == "latest"), None)
            for stored in checkpoints:
                put(f"checkpoints/{stored.file}", stored.note.encode("utf-8"))
                if latest is not None and stored is not latest and stored.size <= latest.size:
                    put(
                        f"proofs/consistency-{stored.size}-{latest.size}.json",
                        _proof(stored.note, latest.note, leaves),
                    )
            keys = [
                _key_json(row)
                for row in session.scalars(select(SigningKeyRow).order_by(SigningKeyRow.id))
            ]
            put("keys.json", json.dumps({"keys": keys}, indent=1).encode("utf-8"))
            put("FORMAT.md", FORMAT_DOC.read_bytes())
            put("verify_bundle.py", build_verifier().encode("utf-8"))
            put("README.txt", README.encode("utf-8"))
            if verification is not None:
                put("VERIFICATION.txt", (VERIFICATION_HEAD + verification).encode("utf-8"))
            manifest = sign_note(
                manifest_body(log.origin, hashes), signer.name, signer.public_key, signer.sign
            ).encode("utf-8")
            bundle.writestr("MANIFEST.sha256", manifest)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        raise WorkspaceError(
            f"Could not write {out}: {exc.strerror or exc}.",
            hint="Check free disk space and folder permissions.",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    report(progress, 1.0, "done")
    return AuditBundle(
        path=str(out),
        entries=count,
        checkpoints=len(checkpoints),
        manifest_sha256=hashlib.sha256(manifest).hexdigest(),
        log_key_fingerprint=fingerprint(signer.public_key),
        bytes=out.stat().st_size,
    )


def _proof(old_note: str, new_note: str, leaves: list[bytes]) -> bytes:
    old, new = parse_checkpoint(old_note), parse_checkpoint(new_note)
    proof = merkle.consistency_proof(old.size, leaves[: new.size])
    return json.dumps(
        {
            "old_size": old.size,
            "old_root": b64(old.root),
            "new_size": new.size,
            "new_root": b64(new.root),
            "proof": [b64(p) for p in proof],
        },
        indent=1,
    ).encode("utf-8")


def _key_json(row: SigningKeyRow) -> dict[str, Any]:
    return {
        "key_id": row.key_id,
        "name": row.name,
        "purpose": row.purpose,
        "user_id": row.user_id,
        "algorithm": "ed25519",
        "public_key": b64(row.public_key),
        "valid_from_seq": row.valid_from_seq,
        "valid_to_seq": row.valid_to_seq,
    }
