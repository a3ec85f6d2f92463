"""Checking the proofs `airlock audit proof` prints (docs/audit-format.md §12): that one
entry is in the log a signed checkpoint describes, or that a kept checkpoint's log is a
prefix of a later one. Standard library and `cryptography` only (copied into
verify_bundle.py)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .checks import Finding, Report
from .merkle import leaf_hash, root, verify_consistency, verify_inclusion
from .notes import Checkpoint, parse_checkpoint, verify_note
from .record import (
    check_shape,
    content_digest,
    entry_hash,
    fingerprint_matches,
    key_id,
    log_key_fingerprint,
)

INCLUSION_FORMAT = "airlock-inclusion-proof/v1"
CONSISTENCY_FORMAT = "airlock-consistency-proof/v1"


class _Bad(ValueError):
    pass


def _hash32(value: Any, what: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise _Bad(f"{what} is not base64") from None
    if len(raw) != 32:
        raise _Bad(f"{what} is not 32 bytes")
    return raw


def _checkpoint(note: Any, name: str, public_key: bytes, what: str) -> Checkpoint:
    if not isinstance(note, str):
        raise _Bad(f"{what} is missing")
    try:
        checkpoint = parse_checkpoint(note)
        verify_note(note, name, public_key)
    except ValueError as exc:
        raise _Bad(f"{what} is rejected: {exc}") from None
    if checkpoint.origin != name:
        raise _Bad(f"{what} is for another log ({checkpoint.origin})")
    return checkpoint


def check_proof(text: str, trusted_key: str | None = None, bundle: Report | None = None) -> Report:
    """Check an inclusion or consistency proof file. With `bundle` (the report of the
    bundle's verification) the proof must also be about that bundle's log and entries."""
    report = Report()
    try:
        proof = json.loads(text)
        if not isinstance(proof, dict):
            raise _Bad("is not a JSON object")
        log_key = proof.get("log_key")
        if not isinstance(log_key, dict) or not isinstance(log_key.get("name"), str):
            raise _Bad("names no log key")
        name, public_key = log_key["name"], _hash32(log_key.get("public_key"), "the log key")
        _check_key(report, name, public_key, trusted_key, bundle)
        kind = proof.get("format")
        if kind == INCLUSION_FORMAT:
            _check_inclusion(report, proof, name, public_key, bundle)
        elif kind == CONSISTENCY_FORMAT:
            _check_consistency(report, proof, name, public_key, bundle)
        else:
            raise _Bad(f"has the unknown format {kind!r}")
    except _Bad as exc:
        report.add(Finding("proof", str(exc)))
    except ValueError:
        report.add(Finding("proof", "is not valid JSON"))
    return report


def _check_key(
    report: Report, name: str, public_key: bytes, trusted_key: str | None, bundle: Report | None
) -> None:
    if bundle is not None:
        ours = bundle.log_key
        if ours is None or (ours.name, ours.public_key) != (name, public_key):
            report.add(Finding("proof", "is about another log than this bundle's"))
    if trusted_key is not None:
        if not fingerprint_matches(trusted_key, public_key, key_id(name, public_key)):
            report.add(Finding("proof", "its log key is not the trusted key"))
    elif bundle is None:
        report.add(
            Finding(
                "proof",
                "the log key was not compared with a fingerprint received "
                "out of band (give --trusted-key)",
                invalid=False,
            )
        )
    report.findings.append(
        Finding(
            "proof",
            "log key fingerprint " + log_key_fingerprint(public_key),
            invalid=False,
            note=True,
        )
    )


def _check_inclusion(
    report: Report, proof: dict[str, Any], name: str, public_key: bytes, bundle: Report | None
) -> None:
    seq, size, index = (_int(proof, "seq"), _int(proof, "tree_size"), _int(proof, "leaf_index"))
    if index != seq - 1 or not 0 <= index < size:
        raise _Bad("has no valid seq, leaf_index and tree_size")
    entry: dict[str, Any] = proof.get("entry")  # type: ignore[assignment]
    problem = check_shape(entry)
    if problem or entry["seq"] != seq:
        raise _Bad(f"carries an entry that {problem or 'has another seq'}")
    where = f"seq {seq}"
    if entry["v"] == 2 or "pruned" not in entry:
        if (
            entry["v"] == 2
            and "pruned" not in entry
            and content_digest(entry["target"], entry["details"]) != entry["content"]
        ):
            report.add(Finding(where, "content digest doesn't match", seq))
        if entry_hash(entry) != entry["hash"]:
            report.add(Finding(where, "hash value doesn't match (the entry was modified)", seq))
    leaf = _hash32(proof.get("leaf_hash"), "leaf_hash")
    if leaf != leaf_hash(bytes.fromhex(entry["hash"])):
        report.add(Finding(where, "leaf_hash is not the leaf of this entry's hash", seq))
    path = [_hash32(p, "a proof hash") for p in _list(proof.get("proof"))]
    claimed = _hash32(proof.get("root"), "root")
    checkpoint = _checkpoint(proof.get("checkpoint"), name, public_key, "the checkpoint")
    if (checkpoint.size, checkpoint.root) != (size, claimed):
        report.add(Finding("proof", "tree_size or root differ from the signed checkpoint's"))
    if not verify_inclusion(index, size, leaf, path, checkpoint.root):
        report.add(
            Finding(
                where,
                f"the inclusion proof does not lead to the root of the "
                f"signed checkpoint of {size} entries",
                seq,
            )
        )
    if bundle is not None:
        leaves = bundle.leaf_hashes
        if size > len(leaves) or leaves[index] != leaf:
            report.add(Finding(where, "the proved entry is not this bundle's entry", seq))
        elif root(leaves[:size]) != checkpoint.root:
            report.add(Finding("proof", "its checkpoint's root is not this bundle's log"))


def _check_consistency(
    report: Report, proof: dict[str, Any], name: str, public_key: bytes, bundle: Report | None
) -> None:
    old = _checkpoint(proof.get("old_checkpoint"), name, public_key, "the old checkpoint")
    new = _checkpoint(proof.get("new_checkpoint"), name, public_key, "the new checkpoint")
    given = (
        proof.get("old_size"),
        _hash32(proof.get("old_root"), "old_root"),
        proof.get("new_size"),
        _hash32(proof.get("new_root"), "new_root"),
    )
    if given != (old.size, old.root, new.size, new.root):
        report.add(Finding("proof", "sizes or roots differ from the signed checkpoints'"))
    path = [_hash32(p, "a proof hash") for p in _list(proof.get("proof"))]
    if not verify_consistency(old.size, new.size, old.root, new.root, path):
        report.add(
            Finding(
                "proof",
                f"the log of {new.size} entries is not an extension of "
                f"the log of {old.size} (consistency proof fails)",
            )
        )
    if bundle is not None and (
        new.size > len(bundle.leaf_hashes) or root(bundle.leaf_hashes[: new.size]) != new.root
    ):
        report.add(Finding("proof", "its new checkpoint's root is not this bundle's log"))


def _int(proof: dict[str, Any], name: str) -> int:
    value = proof.get(name)
    if type(value) is not int:
        raise _Bad(f"has no valid {name}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad("has no proof list")
    return value


def render_proof(report: Report) -> str:
    lines = [f.line() for f in report.findings]
    lines.append("Proof: VALID" if report.ok else "Proof: INVALID")
    return "\n".join(lines)
