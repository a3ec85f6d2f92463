"""Audit entries as the rest of the engine reads them: the entry entity, a stored
checkpoint, and a stored row turned into the entry's JSON (for export and verification)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from .checks import Unreadable
from .record import (
    FORMAT_VERSION,
)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: str
    user_id: str | None
    role: str | None
    key_id: str | None
    action: str  # "(pruned)" for a pruned format-1 entry, which no longer says
    target: str
    details: dict[str, Any]
    prev: str
    hash: str
    sig: str | None
    log_id: str
    v: int = FORMAT_VERSION
    flags: tuple[str, ...] = ()
    adopts: int = 0
    content: str | None = None  # format 2: the digest of target and details
    pruned: bool = False

    def as_json(self) -> dict[str, Any]:
        """The entry as it appears in entries.jsonl (docs/audit-format.md §1, §9)."""
        entry: dict[str, Any] = {
            "v": self.v,
            "log_id": self.log_id,
            "seq": self.seq,
            "time": self.time,
            "actor": {"user_id": self.user_id, "role": self.role, "key_id": self.key_id},
            "prev": self.prev,
            "hash": self.hash,
            "sig": self.sig,
        }
        if self.v >= 2:
            entry.update(
                action=self.action, flags=list(self.flags), adopts=self.adopts, content=self.content
            )
        elif not self.pruned:
            entry["action"] = self.action
        if self.pruned:
            entry["pruned"] = True
        else:
            entry.update(target=self.target, details=self.details)
        return entry


@dataclass(frozen=True)
class StoredCheckpoint:
    label: str  # "latest" or "saved #id"
    file: str  # its name inside an export bundle
    size: int
    note: str


def _details(row: Any) -> Any:
    try:
        return json.loads(row.details)
    except (TypeError, ValueError):
        return row.details


def row_to_json(row: Any) -> dict[str, Any]:
    """A stored row exactly as stored, in the entries.jsonl shape. Details that are not JSON
    (a damaged row) are exported as the raw string, for the verifier to flag."""
    pruned = bool(getattr(row, "pruned", False))
    entry: dict[str, Any] = {
        "v": row.v,
        "log_id": row.log_id,
        "seq": row.seq,
        "time": row.time,
        "actor": {"user_id": row.actor_user_id, "role": row.actor_role, "key_id": row.actor_key_id},
        "prev": row.prev,
        "hash": row.hash,
        "sig": row.sig,
    }
    if row.v != 1:
        flags: Any = row.flags
        with contextlib.suppress(TypeError, ValueError):
            flags = json.loads(flags)
        entry.update(action=row.action, flags=flags, adopts=row.adopts, content=row.content)
    elif not pruned:
        entry["action"] = row.action
    if pruned:
        entry["pruned"] = True
    else:
        entry.update(target=row.target, details=_details(row))
    return entry


def row_to_entry(row: Any) -> AuditEntry:
    v2 = row.v != 1
    return AuditEntry(
        seq=row.seq,
        time=row.time,
        user_id=row.actor_user_id,
        role=row.actor_role,
        key_id=row.actor_key_id,
        action=row.action,
        target=row.target,
        details=json.loads(row.details),
        prev=row.prev,
        hash=row.hash,
        sig=row.sig,
        log_id=row.log_id,
        v=row.v,
        flags=tuple(json.loads(row.flags)) if v2 else (),
        adopts=row.adopts or 0 if v2 else 0,
        content=row.content if v2 else None,
        pruned=bool(row.pruned),
    )


def row_to_checkable(row: Any) -> dict[str, Any] | Unreadable:
    """A stored row as the verifier sees it; rows too damaged to parse become Unreadable."""
    entry = row_to_json(row)
    if not entry.get("pruned") and not isinstance(entry["details"], dict):
        return Unreadable(
            row.seq if isinstance(row.seq, int) else None,
            "details are not a JSON object (the entry was modified)",
            row.hash,
        )
    return entry


# Statements built once: constructing SQLAlchemy statements cost more than running them.
