"""References checked against the signed entry that created them (issue 18).

A dataset version row names its encrypted object and content hash; an insider who can write
the database could point it at another object (label-flipped training data, say) and the
run would still record the original hash. The entry that stored the version signed the
pair, so before the data is used the row is compared with that entry — after checking the
entry's content digest, hash and signature. An entry pruned after the retention period no
longer holds its details; such an old version is read on the strength of `audit verify`.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.log import row_to_json
from engine.audit.record import EntryBytes, content_digest, signature_input, unb64, verify_ed25519
from engine.errors import IntegrityError
from engine.store.schema import AuditEntryRow, SigningKeyRow

_HINT = "Do not use it; run `airlock audit verify` and restore metadata.db from a backup."


def signed_details(session: Session, target: str, key: str, value: str) -> dict[str, Any] | None:
    """The details of the signed entry on `target` whose details[key] == value, checked;
    None when there is none (or it was pruned). IntegrityError when it does not check out."""
    for row in session.scalars(select(AuditEntryRow).where(AuditEntryRow.target == target)
                               .order_by(AuditEntryRow.seq)):
        if row.pruned or not row.details or f'"{value}"' not in row.details:
            continue
        try:
            details = json.loads(row.details)
        except ValueError:
            details = None
        if not isinstance(details, dict) or details.get(key) != value:
            continue
        _check_entry(session, row, details)
        return details
    return None


def _check_entry(session: Session, row: Any, details: dict[str, Any]) -> None:
    entry = row_to_json(row)
    bad = IntegrityError(f"The audit entry (seq {row.seq}) that recorded this was changed.",
                         hint=_HINT)
    try:
        if row.v >= 2 and content_digest(row.target, details) != row.content:
            raise bad
        if EntryBytes(entry).entry_hash() != row.hash or row.sig is None:
            raise bad
        key = session.scalars(select(SigningKeyRow).where(
            SigningKeyRow.key_id == row.actor_key_id)).first()
        if key is None or not verify_ed25519(key.public_key, unb64(row.sig),
                                             signature_input(row.hash, row.v)):
            raise bad
    except (ValueError, TypeError):
        raise bad from None


def check_dataset_version(session: Session, row: Any, label: str) -> None:
    """Refuse a dataset version whose object or content hash is not the one its signed
    entry recorded."""
    details = signed_details(session, f"dataset:{row.dataset_id}", "version_id", row.id)
    if details is None:
        return
    if details.get("object") != row.object_id or details.get("content_hash") != \
            row.content_hash:
        raise IntegrityError(f"{label} points at other data than the signed audit entry that "
                             "stored it records (its object or content hash was changed in "
                             "the database).", hint=_HINT)
