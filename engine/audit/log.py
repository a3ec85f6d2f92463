"""Appending to the audit log inside the caller's transaction, and reading it back.

Each append writes one entry (hash-chained, signed by the actor) and, when the session can
sign for the workspace, replaces the latest signed checkpoint, all in the same transaction
as the change it records.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from engine.store.schema import AuditEntryRow, AuditStateRow, CheckpointRow

from . import merkle
from .actions import ACTIONS
from .canonical import canonical_json
from .checks import Unreadable
from .notes import checkpoint_body, sign_note
from .record import (
    FORMAT_VERSION,
    GENESIS_PREV,
    b64,
    entry_hash,
    format_time,
    signature_input,
)


class NoteSigner(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def public_key(self) -> bytes: ...
    def sign(self, message: bytes) -> bytes: ...


class EntrySigner(Protocol):
    """What the log needs of an actor: identity, an Ed25519 signature, the log key."""

    @property
    def user_id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def key_id(self) -> str: ...
    def sign(self, message: bytes) -> bytes: ...
    @property
    def log_signer(self) -> NoteSigner: ...


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: str
    user_id: str | None
    role: str | None
    key_id: str | None
    action: str
    target: str
    details: dict[str, Any]
    prev: str
    hash: str
    sig: str | None
    log_id: str
    v: int = FORMAT_VERSION

    def as_json(self) -> dict[str, Any]:
        """The entry as it appears in entries.jsonl (every field)."""
        return {
            "v": self.v, "log_id": self.log_id, "seq": self.seq, "time": self.time,
            "actor": {"user_id": self.user_id, "role": self.role, "key_id": self.key_id},
            "action": self.action, "target": self.target, "details": self.details,
            "prev": self.prev, "hash": self.hash, "sig": self.sig,
        }


@dataclass(frozen=True)
class StoredCheckpoint:
    label: str  # "latest" or "saved #id"
    file: str  # its name inside an export bundle
    size: int
    note: str


def row_to_json(row: Any) -> dict[str, Any]:
    """A stored row exactly as stored, in the entries.jsonl shape. Details that are not JSON
    (a damaged row) are exported as the raw string, for the verifier to flag. A pruned row
    keeps seq, time, actor, prev, hash and signature."""
    if getattr(row, "pruned", False):
        return {"v": row.v, "log_id": row.log_id, "seq": row.seq, "time": row.time,
                "actor": {"user_id": row.actor_user_id, "role": row.actor_role,
                          "key_id": row.actor_key_id},
                "prev": row.prev, "hash": row.hash, "sig": row.sig, "pruned": True}
    try:
        details: Any = json.loads(row.details)
    except (TypeError, ValueError):
        details = row.details
    return {
        "v": row.v, "log_id": row.log_id, "seq": row.seq, "time": row.time,
        "actor": {"user_id": row.actor_user_id, "role": row.actor_role,
                  "key_id": row.actor_key_id},
        "action": row.action, "target": row.target, "details": details,
        "prev": row.prev, "hash": row.hash, "sig": row.sig,
    }


def row_to_entry(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=row.seq, time=row.time, user_id=row.actor_user_id, role=row.actor_role,
        key_id=row.actor_key_id, action=row.action, target=row.target,
        details=json.loads(row.details), prev=row.prev, hash=row.hash, sig=row.sig,
        log_id=row.log_id, v=row.v)


def row_to_checkable(row: Any) -> dict[str, Any] | Unreadable:
    """A stored row as the verifier sees it; rows too damaged to parse become Unreadable."""
    entry = row_to_json(row)
    if entry.get("pruned"):
        return entry
    if not isinstance(entry["details"], dict):
        return Unreadable(row.seq if isinstance(row.seq, int) else None,
                          "details are not a JSON object (the entry was modified)", row.hash)
    return entry


# Statements built once: constructing SQLAlchemy statements cost more than running them.
_INSERT_ENTRY = insert(AuditEntryRow)
_READ_STATE = select(AuditStateRow.size, AuditStateRow.head_hash,
                     AuditStateRow.frontier).where(AuditStateRow.id == 1)
_UPDATE_STATE = update(AuditStateRow).where(AuditStateRow.id == 1).values(
    size=bindparam("size"), head_hash=bindparam("head_hash"),
    frontier=bindparam("frontier"))
_INSERT_STATE = insert(AuditStateRow).values(
    id=1, size=bindparam("size"), head_hash=bindparam("head_hash"),
    frontier=bindparam("frontier"))
_UPDATE_LATEST = update(CheckpointRow).where(CheckpointRow.kind == "latest").values(
    size=bindparam("size"), root=bindparam("root"), time=bindparam("time"),
    note=bindparam("note"))
_INSERT_CHECKPOINT = insert(CheckpointRow).values(
    kind=bindparam("kind"), size=bindparam("size"), root=bindparam("root"),
    time=bindparam("time"), note=bindparam("note"))


@dataclass
class _Head:
    """The chain head while a transaction appends to it."""

    exists: bool  # the state row is in the table (else it is inserted at commit)
    frontier: merkle.Frontier
    hash: str
    signer: NoteSigner | None = None


class AuditLog:
    """The append side and the query side of one workspace's log."""

    def __init__(self, log_id: str, clock: Callable[[], datetime]) -> None:
        self.log_id = log_id
        self.origin = f"airlock/{log_id}"
        self._clock = clock

    def append(self, session: Session, actor: EntrySigner | None, action: str, target: str,
               details: dict[str, Any] | None = None,
               unsigned_actor: tuple[str | None, str | None] = (None, None)) -> AuditEntry:
        """Append one entry in `session`'s transaction. `actor=None` writes an unsigned
        entry (only for failed logins, where no key is unlocked). The chain head and the
        signed checkpoint are written once, when the transaction commits."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        head = self._head(session)
        details = details or {}
        if actor is None:
            user_id, role, key = unsigned_actor[0], unsigned_actor[1], None
        else:
            user_id, role, key = actor.user_id, actor.role, actor.key_id
        seq, time, prev = head.frontier.size + 1, format_time(self._clock()), head.hash
        body = {
            "v": FORMAT_VERSION, "log_id": self.log_id, "seq": seq, "time": time,
            "actor": {"user_id": user_id, "role": role, "key_id": key},
            "action": action, "target": target, "details": details, "prev": prev,
        }
        digest = entry_hash(body)
        sig = None if actor is None else b64(actor.sign(signature_input(digest)))
        session.execute(_INSERT_ENTRY, [{
            "seq": seq, "v": FORMAT_VERSION, "log_id": self.log_id, "time": time,
            "actor_user_id": user_id, "actor_role": role, "actor_key_id": key,
            "action": action, "target": target,
            "details": canonical_json(details).decode("utf-8"), "prev": prev,
            "hash": digest, "sig": sig}])
        head.frontier.append(merkle.leaf_hash(bytes.fromhex(digest)))
        head.hash = digest
        if actor is not None:
            head.signer = actor.log_signer
        return AuditEntry(seq=seq, time=time, user_id=user_id, role=role, key_id=key,
                          action=action, target=target, details=details, prev=prev,
                          hash=digest, sig=sig, log_id=self.log_id)

    def _head(self, session: Session) -> _Head:
        """The chain head of this transaction, read (and locked) on first use."""
        head: _Head | None = session.info.get("audit_head")
        if head is None:
            # Plain statements rather than ORM objects: this runs in every audited action.
            # (The write transaction already holds SQLite's lock: BEGIN IMMEDIATE.)
            state = session.execute(_READ_STATE).first()
            if state is None:
                head = _Head(False, merkle.Frontier(0, []), GENESIS_PREV)
            else:
                hashes = [bytes.fromhex(h) for h in json.loads(state.frontier)]
                head = _Head(True, merkle.Frontier(state.size, hashes), state.head_hash)
            session.info["audit_head"] = head
            event.listen(session, "before_commit", self._before_commit, once=True)
        return head

    def _before_commit(self, session: Session) -> None:
        head = session.info.pop("audit_head", None)
        if head is None:
            return
        values = {"size": head.frontier.size, "head_hash": head.hash,
                  "frontier": json.dumps([h.hex() for h in head.frontier.hashes])}
        session.execute(_UPDATE_STATE if head.exists else _INSERT_STATE, values)
        if head.signer is not None:
            self._write_checkpoint(session, head.signer, head.frontier, "latest")

    def _write_checkpoint(self, session: Session, signer: NoteSigner,
                          frontier: merkle.Frontier, kind: str) -> str:
        time = format_time(self._clock())
        root = frontier.root()
        note = sign_note(checkpoint_body(self.origin, frontier.size, root, time),
                         signer.name, signer.public_key, signer.sign)
        values = {"size": frontier.size, "root": root.hex(), "time": time, "note": note}
        if kind == "latest":
            done = session.execute(_UPDATE_LATEST, values)
            if done.rowcount:  # type: ignore[attr-defined]
                return note
        session.execute(_INSERT_CHECKPOINT, dict(values, kind=kind))
        return note

    def save_checkpoint(self, session: Session, signer: NoteSigner) -> str:
        """Sign a checkpoint of the tree as this transaction leaves it, keep it as a saved
        one, and return it."""
        frontier = self._head(session).frontier
        return self._write_checkpoint(session, signer, frontier, "saved")

    def checkpoints(self, session: Session) -> list[StoredCheckpoint]:
        """Every stored checkpoint, the latest first."""
        rows = session.scalars(select(CheckpointRow)
                               .order_by(CheckpointRow.kind != "latest", CheckpointRow.id)).all()
        return [StoredCheckpoint(
            label="latest" if r.kind == "latest" else f"saved #{r.id}",
            file="latest.txt" if r.kind == "latest" else f"saved-{r.id}.txt",
            size=r.size, note=r.note) for r in rows]

    def latest_checkpoint(self, session: Session) -> str | None:
        row = session.scalars(select(CheckpointRow)
                              .where(CheckpointRow.kind == "latest")).first()
        return None if row is None else str(row.note)

    def prune(self, session: Session, through: int) -> int:
        """Drop the body (action, target, details) of entries up to `through`, except the
        entries that introduce or retire keys (later signatures need them), the first
        entry and recovery entries. Returns how many were pruned. The update trigger
        allows exactly this change, only up to the watermark set here."""
        session.execute(update(AuditStateRow).where(AuditStateRow.id == 1)
                        .values(pruned_through=through))
        table = AuditEntryRow
        done = session.execute(update(table).where(
            table.seq <= through, table.seq > 1, table.pruned.is_(False),
            table.action.not_in(("workspace.init", "user.recover")),
            table.details.not_like('%"keys_added"%'),
            table.details.not_like('%"keys_retired"%'))
            .values(pruned=True, action="(pruned)", target="", details="{}"))
        return int(done.rowcount)  # type: ignore[attr-defined]

    def size(self, session: Session) -> int:
        state = session.get(AuditStateRow, 1)
        return 0 if state is None else int(state.size)

    def rows(self, session: Session, batch: int = 5000) -> Iterator[Any]:
        """Every stored row in seq order, streamed in batches."""
        table = AuditEntryRow.__table__
        last = 0
        while True:
            # Core rows, not ORM objects: verification streams 100,000s of them.
            chunk = session.execute(select(table).where(table.c.seq > last)
                                    .order_by(table.c.seq).limit(batch)).all()
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].seq
