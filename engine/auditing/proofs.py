"""Signed checkpoints and Merkle proofs of the log: that an entry is in it (inclusion), and
that it extends an earlier checkpoint (consistency)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.audit import merkle
from engine.audit.log import (
    row_to_json,
)
from engine.audit.notes import parse_checkpoint
from engine.audit.proof_check import CONSISTENCY_FORMAT, INCLUSION_FORMAT
from engine.audit.record import b64
from engine.errors import NotFound, ValidationError
from engine.store.files import atomic_write

if TYPE_CHECKING:
    from engine.auditing.service import AuditService
    from engine.security.actor import Actor


def save_checkpoint(service: AuditService, actor: Actor, out: Path | None = None) -> str:
    with service._access.change(actor, "audit.checkpoint", "audit") as session:
        service._log.append(
            session, actor, "audit.checkpoint", "audit", {"written_to_file": out is not None}
        )
        note = service._log.save_checkpoint(session, actor.log_signer)
    if out is not None:
        write_text(out, note)
    return note


def inclusion_proof(service: AuditService, actor: Actor, seq: int) -> dict[str, Any]:
    with service._access.reading(actor, "audit.read", f"audit:{seq}", snapshot=True) as session:
        note = service._log.latest_checkpoint(session)
        if note is None:
            raise NotFound("The log has no checkpoint yet.")
        checkpoint = parse_checkpoint(note)
        if not 1 <= seq <= checkpoint.size:
            raise ValidationError(
                f"The 'seq' parameter must be between 1 and {checkpoint.size}. Got {seq}."
            )
        hashes, entry = [], None
        for row in service._log.rows(session):
            if row.seq > checkpoint.size:
                break
            hashes.append(merkle.leaf_hash(bytes.fromhex(row.hash)))
            if row.seq == seq:
                entry = row_to_json(row)
    proof = merkle.inclusion_proof(seq - 1, hashes)
    return {
        "format": INCLUSION_FORMAT,
        "seq": seq,
        "leaf_index": seq - 1,
        "tree_size": checkpoint.size,
        "entry": entry,
        "leaf_hash": b64(hashes[seq - 1]),
        "root": b64(checkpoint.root),
        "proof": [b64(p) for p in proof],
        "checkpoint": note,
        "log_key": service._log_key_json(),
    }


def consistency_proof(service: AuditService, actor: Actor, old_checkpoint: str) -> dict[str, Any]:
    try:
        old = parse_checkpoint(old_checkpoint)
    except ValueError as exc:
        raise ValidationError(f"That is not a checkpoint: {exc}.") from None
    with service._access.reading(actor, "audit.read", "audit", snapshot=True) as session:
        note = service._log.latest_checkpoint(session)
        if note is None:
            raise NotFound("The log has no checkpoint yet.")
        new = parse_checkpoint(note)
        hashes = [
            merkle.leaf_hash(bytes.fromhex(r.hash))
            for r in service._log.rows(session)
            if r.seq <= new.size
        ]
    if old.size > new.size:
        raise ValidationError(
            f"The kept checkpoint covers {old.size} entries, more than "
            f"the log's {new.size}: the log was truncated or rolled back."
        )
    proof = consistency_json(
        old.size, old.root, new.size, new.root, merkle.consistency_proof(old.size, hashes)
    )
    return {
        "format": CONSISTENCY_FORMAT,
        **proof,
        "old_checkpoint": old_checkpoint,
        "new_checkpoint": note,
        "log_key": service._log_key_json(),
    }


def consistency_json(
    old_size: int, old_root: bytes, new_size: int, new_root: bytes, proof: list[bytes]
) -> dict[str, Any]:
    return {
        "old_size": old_size,
        "old_root": b64(old_root),
        "new_size": new_size,
        "new_root": b64(new_root),
        "proof": [b64(p) for p in proof],
    }


def write_text(out: Path, text: str) -> None:
    try:
        atomic_write(out, text.encode("utf-8"))
    except OSError as exc:
        raise ValidationError(f"Cannot write {out}: {exc.strerror or exc}.") from None
