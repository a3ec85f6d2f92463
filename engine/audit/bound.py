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

from sqlalchemy import or_, select
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
    bad = IntegrityError(
        f"The audit entry (seq {row.seq}) that recorded this was changed.", hint=_HINT
    )
    try:
        if row.v >= 2 and content_digest(row.target, details) != row.content:
            raise bad
        if EntryBytes(entry).entry_hash() != row.hash or row.sig is None:
            raise bad
        key = session.scalars(
            select(SigningKeyRow).where(SigningKeyRow.key_id == row.actor_key_id)
        ).first()
        if key is None or not verify_ed25519(
            key.public_key, unb64(row.sig), signature_input(row.hash, row.v)
        ):
            raise bad
    except (ValueError, TypeError):
        raise bad from None


def check_dataset_version(session: Session, row: Any, label: str) -> None:
    """Refuse a dataset version whose object or content hash is not the one its signed
    entry recorded."""
    details = signed_details(session, f"dataset:{row.dataset_id}", "version_id", row.id)
    if details is None:
        return
    if details.get("object") != row.object_id or details.get("content_hash") != row.content_hash:
        raise IntegrityError(
            f"{label} points at other data than the signed audit entry that "
            "stored it records (its object or content hash was changed in "
            "the database).",
            hint=_HINT,
        )


def stored_sha256(text: str) -> str:
    """The digest an entry records of a stored (sealed) column: of its ciphertext text, so
    the log learns nothing about the values, yet a report replaced in the database — even
    one re-sealed by someone holding the keys — no longer matches."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SignedIndex:
    """The signed entries on one target, by the value of one detail key (read once, each
    entry checked when first used): stored reports are compared with the entry that
    recorded them before anyone relies on them."""

    def __init__(self, session: Session, target: str, key: str, only: str | None = None) -> None:
        """`only`: index just the entries whose details mention this value (one lookup
        need not parse every entry on the target)."""
        self._session = session
        self._entries: dict[str, tuple[Any, dict[str, Any]]] = {}
        self._checked: set[str] = set()
        self.pruned = False
        for row in session.scalars(
            select(AuditEntryRow).where(AuditEntryRow.target == target).order_by(AuditEntryRow.seq)
        ):
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

    def check(
        self, value: str, expected: dict[str, Any], label: str, *, required: bool = True
    ) -> None:
        """Refuse what `label` says when its signed entry records other `expected` fields
        (a field the entry predates is not compared), or — if `required` — when no entry
        records it at all and none was pruned (a row added to the database by hand)."""
        details = self.details(value)
        if details is None:
            if required and not self.pruned:
                raise IntegrityError(
                    f"{label} has no signed audit entry: it was added to the "
                    "database outside Airlock.",
                    hint=_HINT,
                )
            return
        changed = [
            name for name, actual in expected.items() if name in details and details[name] != actual
        ]
        if changed:
            raise IntegrityError(
                f"{label} differs from the signed audit entry that recorded "
                f"it ({', '.join(changed)} changed in the database).",
                hint=_HINT,
            )


def logged(session: Session, target: str, actions: tuple[str, ...]) -> list[dict[str, Any]]:
    """The details of the signed entries with `actions` on `target`, oldest first, each
    checked (pruned ones are skipped) — and each signed by a key the log gave to a user whose
    role may sign that action then (_authorised). What decides which gates apply — the
    default_gates setting, a project's risk tier, a dataset's column tags — is read from
    here, not from the tables an insider can edit."""
    out, rows = [], []
    for row in session.scalars(
        select(AuditEntryRow)
        .where(AuditEntryRow.target == target, AuditEntryRow.action.in_(actions))
        .order_by(AuditEntryRow.seq)
    ):
        if row.pruned or not row.details:
            continue
        try:
            details = json.loads(row.details)
        except ValueError:
            continue
        if isinstance(details, dict):
            _check_entry(session, row, details)
            out.append(details)
            rows.append(row)
    _authorised(session, rows)
    return out


def _authorised(session: Session, rows: list[Any]) -> None:
    """Refuse a row not signed by a key that the log's own user and key entries (replayed
    as `audit verify` replays them, audit/authority.py) gave to a user whose role may sign
    its action at that seq. An analyst holding their own key and write access to the
    database can sign an entry; they cannot make the log say an administrator did."""
    from engine.audit.authority import KEY_ACTIONS, Authority

    if not rows:
        return
    checked = {r.seq for r in rows}
    replay = session.scalars(
        select(AuditEntryRow)
        .where(
            AuditEntryRow.seq <= max(checked),
            or_(
                AuditEntryRow.seq == 1,
                AuditEntryRow.action.in_(KEY_ACTIONS),
                AuditEntryRow.action.like("user.%"),
            ),
        )
        .order_by(AuditEntryRow.seq)
    ).all()
    merged = sorted({r.seq: r for r in [*replay, *rows]}.values(), key=lambda r: r.seq)
    authority = Authority()
    for row in merged:
        entry = row_to_json(row)
        if row.seq == 1:
            authority.genesis(entry)
            continue
        signer = next(iter(authority.valid(str(row.actor_key_id), row.seq)), None)
        ok = (
            signer is not None
            and bool(row.sig)
            and not row.pruned
            and EntryBytes(entry).entry_hash() == row.hash
            and verify_ed25519(signer.public_key, unb64(row.sig), signature_input(row.hash, row.v))
            and not authority.check_actor(entry, signer)
        )
        if row.seq in checked:
            if not ok:
                raise IntegrityError(
                    f"The audit entry (seq {row.seq}) that set {row.target} "
                    f"({row.action}) was not signed by a user whose role may "
                    "do that.",
                    hint=_HINT,
                )
        elif ok:
            authority.apply(entry)


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
