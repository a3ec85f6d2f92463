"""References checked against the signed entry that created them (issue 18).

A dataset version row names its encrypted object and content hash; an insider who can write
the database could point it at another object (label-flipped training data, say) and the
run would still record the original hash. The entry that stored the version signed the
pair, so before the data is used the row is compared with that entry — after checking the
entry's content digest, hash and signature. An entry pruned after the retention period no
longer holds its details; such an old version is read on the strength of `audit verify`.
Stored reports (validations, model tests, fairness reports, monitor runs) are compared the
same way (SignedIndex): their verdict and the digest of their sealed text.
"""

from __future__ import annotations

import hashlib
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
    return SignedIndex(session, target, key, only=value).details(value)


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


def stored_sha256(text: str) -> str:
    """The digest an entry records of a stored (sealed) column: of its ciphertext text, so
    the log learns nothing about the values, yet a report replaced in the database — even
    one re-sealed by someone holding the keys — no longer matches."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SignedIndex:
    """The signed entries on one target, by the value of one detail key (read once, each
    entry checked when first used): stored reports are compared with the entry that
    recorded them before anyone relies on them."""

    def __init__(self, session: Session, target: str, key: str,
                 only: str | None = None) -> None:
        """`only`: index just the entries whose details mention this value (one lookup
        need not parse every entry on the target)."""
        self._session = session
        self._entries: dict[str, tuple[Any, dict[str, Any]]] = {}
        self._checked: set[str] = set()
        self.pruned = False
        for row in session.scalars(select(AuditEntryRow).where(AuditEntryRow.target == target)
                                   .order_by(AuditEntryRow.seq)):
            if row.pruned or not row.details:
                self.pruned = self.pruned or bool(row.pruned)
                continue
            if only is not None and f'"{only}"' not in row.details:
                continue
            try:
                details = json.loads(row.details)
            except ValueError:
                continue
            value = details.get(key) if isinstance(details, dict) else None
            if isinstance(value, str) and value not in self._entries:
                self._entries[value] = (row, details)

    def details(self, value: str) -> dict[str, Any] | None:
        found = self._entries.get(value)
        if found is None:
            return None
        if value not in self._checked:
            _check_entry(self._session, *found)
            self._checked.add(value)
        return found[1]

    def check(self, value: str, expected: dict[str, Any], label: str, *,
              required: bool = True) -> None:
        """Refuse what `label` says when its signed entry records other `expected` fields
        (a field the entry predates is not compared), or — if `required` — when no entry
        records it at all and none was pruned (a row added to the database by hand)."""
        details = self.details(value)
        if details is None:
            if required and not self.pruned:
                raise IntegrityError(f"{label} has no signed audit entry: it was added to the "
                                     "database outside Airlock.", hint=_HINT)
            return
        changed = [name for name, actual in expected.items()
                   if name in details and details[name] != actual]
        if changed:
            raise IntegrityError(f"{label} differs from the signed audit entry that recorded "
                                 f"it ({', '.join(changed)} changed in the database).",
                                 hint=_HINT)


def logged(session: Session, target: str, actions: tuple[str, ...]) -> list[dict[str, Any]]:
    """The details of the signed entries with `actions` on `target`, oldest first, each
    checked (pruned ones are skipped). What decides which gates apply — the default_gates
    setting, a project's risk tier, a dataset's column tags — is read from here, not from
    the tables an insider can edit."""
    out = []
    for row in session.scalars(select(AuditEntryRow).where(
            AuditEntryRow.target == target, AuditEntryRow.action.in_(actions))
            .order_by(AuditEntryRow.seq)):
        if row.pruned or not row.details:
            continue
        try:
            details = json.loads(row.details)
        except ValueError:
            continue
        if isinstance(details, dict):
            _check_entry(session, row, details)
            out.append(details)
    return out


def logged_tags(session: Session, dataset_id: str) -> dict[str, list[str]]:
    """A dataset's column tags as its signed data.tag entries set them."""
    tags: dict[str, list[str]] = {}
    for details in logged(session, f"dataset:{dataset_id}", ("data.tag",)):
        column, to = details.get("column"), details.get("to")
        if isinstance(column, str) and isinstance(to, list):
            if to:
                tags[column] = [str(t) for t in to]
            else:
                tags.pop(column, None)
    return tags
