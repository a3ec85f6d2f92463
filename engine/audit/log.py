"""Appending to the audit log inside the caller's transaction, and reading it back.

Each append writes one entry (hash-chained, signed by the actor) and, when the session can
sign for the workspace, replaces the latest signed checkpoint, all in the same transaction
as the change it records.
"""

from __future__ import annotations

__all__ = [
    "AuditEntry",
    "AuditLog",
    "EntrySigner",
    "NoteSigner",
    "StoredCheckpoint",
    "row_to_checkable",
    "row_to_entry",
    "row_to_json",
]

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from engine.store.schema import AuditEntryRow, AuditStateRow, CheckpointRow

from . import merkle
from .actions import ACTIONS
from .authority import NEVER_PRUNED
from .entries import AuditEntry, StoredCheckpoint, row_to_checkable, row_to_entry, row_to_json
from .notes import checkpoint_body, sign_note
from .record import (
    FORMAT_VERSION,
    GENESIS_PREV,
    UNSIGNED_ACTIONS,
    EntryBytes,
    b64,
    entry_flags,
    format_time,
    signature_input,
    v1_header_line,
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


_INSERT_ENTRY = insert(cast(Table, AuditEntryRow.__table__))  # Core: cheaper than ORM bulk
_READ_STATE = select(AuditStateRow.size, AuditStateRow.head_hash, AuditStateRow.frontier).where(
    AuditStateRow.id == 1
)
_READ_VERSION = select(AuditEntryRow.v).where(AuditEntryRow.seq == bindparam("seq"))
# the last signed entry (found by walking back from the end of the log)
_LAST_SIGNED = (
    select(AuditEntryRow.seq)
    .where(AuditEntryRow.sig.is_not(None))
    .order_by(AuditEntryRow.seq.desc())
    .limit(1)
)
_UPDATE_STATE = (
    update(AuditStateRow)
    .where(AuditStateRow.id == 1)
    .values(
        size=bindparam("size"), head_hash=bindparam("head_hash"), frontier=bindparam("frontier")
    )
)
_INSERT_STATE = insert(AuditStateRow).values(
    id=1, size=bindparam("size"), head_hash=bindparam("head_hash"), frontier=bindparam("frontier")
)
_UPDATE_LATEST = (
    update(CheckpointRow)
    .where(CheckpointRow.kind == "latest")
    .values(
        size=bindparam("size"),
        root=bindparam("root"),
        time=bindparam("time"),
        note=bindparam("note"),
    )
)
_INSERT_CHECKPOINT = insert(CheckpointRow).values(
    kind=bindparam("kind"),
    size=bindparam("size"),
    root=bindparam("root"),
    time=bindparam("time"),
    note=bindparam("note"),
)


@dataclass
class _Head:
    """The chain head while a transaction appends to it."""

    exists: bool  # the state row is in the table (else it is inserted at commit)
    frontier: merkle.Frontier
    hash: str
    version: int  # the format this log writes: 1 until `airlock upgrade` moves it to 2
    unsigned_run: int  # unsigned entries since the last signed one (the next one adopts)
    signer: NoteSigner | None = None


class AuditLog:
    """The append side and the query side of one workspace's log."""

    def __init__(self, log_id: str, clock: Callable[[], datetime]) -> None:
        self.log_id = log_id
        self.origin = f"airlock/{log_id}"
        self._clock = clock

    def append(
        self,
        session: Session,
        actor: EntrySigner | None,
        action: str,
        target: str,
        details: dict[str, Any] | None = None,
        unsigned_actor: tuple[str | None, str | None] = (None, None),
    ) -> AuditEntry:
        """Append one entry in `session`'s transaction. `actor=None` writes an unsigned
        entry (only for failed logins, where no key is unlocked); the next signed entry
        adopts it. The chain head and the signed checkpoint are written once, when the
        transaction commits."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        if (actor is None) != (action in UNSIGNED_ACTIONS):
            raise ValueError(
                f"{action} entries are {'never' if actor is None else 'always'} unsigned"
            )
        head = self._head(session)
        details = details or {}
        if actor is None:
            user_id, role, key = unsigned_actor[0], unsigned_actor[1], None
        else:
            user_id, role, key = actor.user_id, actor.role, actor.key_id
        seq, time, prev = head.frontier.size + 1, format_time(self._clock()), head.hash
        version = head.version
        entry: dict[str, Any] = {
            "v": version,
            "log_id": self.log_id,
            "seq": seq,
            "time": time,
            "actor": {"user_id": user_id, "role": role, "key_id": key},
            "action": action,
            "target": target,
            "details": details,
            "prev": prev,
        }
        row: dict[str, Any] = {}
        flags: list[str] = []
        adopts = 0
        parts = EntryBytes(entry)  # the details are serialised once, for digest and row
        if version >= 2:
            flags = entry_flags(details, signed=actor is not None)
            adopts = 0 if actor is None else head.unsigned_run
            entry.update(flags=flags, adopts=adopts, content=parts.content_digest())
            row = {"flags": json.dumps(flags), "adopts": adopts, "content": entry["content"]}
        digest = parts.entry_hash()
        sig = None if actor is None else b64(actor.sign(signature_input(digest, version)))
        session.execute(
            _INSERT_ENTRY,
            [
                {
                    "seq": seq,
                    "v": version,
                    "log_id": self.log_id,
                    "time": time,
                    "actor_user_id": user_id,
                    "actor_role": role,
                    "actor_key_id": key,
                    "action": action,
                    "target": target,
                    "details": parts.member("details").decode("utf-8"),
                    "prev": prev,
                    "hash": digest,
                    "sig": sig,
                    **row,
                }
            ],
        )
        head.frontier.append(merkle.leaf_hash(bytes.fromhex(digest)))
        head.hash = digest
        if actor is None:
            head.unsigned_run += 1
        else:
            head.unsigned_run = 0
            head.signer = actor.log_signer
        return AuditEntry(
            seq=seq,
            time=time,
            user_id=user_id,
            role=role,
            key_id=key,
            action=action,
            target=target,
            details=details,
            prev=prev,
            hash=digest,
            sig=sig,
            log_id=self.log_id,
            v=version,
            flags=tuple(flags),
            adopts=adopts,
            content=entry.get("content"),
        )

    def begin_format_2(self, session: Session) -> dict[str, Any]:
        """Make this transaction's next entry the first of format 2 (`airlock upgrade`);
        return the v1_headers digest of the format-1 entries that entry must carry
        (docs/audit-format.md §9). Nothing changes when the log is already format 2."""
        head = self._head(session)
        if head.version >= 2:
            return {}
        digest, count = hashlib.sha256(), 0
        for row in self.rows(session):
            digest.update(v1_header_line(row_to_json(row)))
            count += 1
        head.version = 2
        return {"audit_format": 2, "v1_headers": {"entries": count, "sha256": digest.hexdigest()}}

    def _head(self, session: Session) -> _Head:
        """The chain head of this transaction, read (and locked) on first use."""
        head: _Head | None = session.info.get("audit_head")
        if head is None:
            # Plain statements rather than ORM objects: this runs in every audited action.
            # (The write transaction already holds SQLite's lock: BEGIN IMMEDIATE.)
            state = session.execute(_READ_STATE).first()
            if state is None:
                head = _Head(False, merkle.Frontier(0, []), GENESIS_PREV, FORMAT_VERSION, 0)
            else:
                hashes = [bytes.fromhex(h) for h in json.loads(state.frontier)]
                version = session.execute(_READ_VERSION, {"seq": state.size}).scalar()
                last_signed = session.execute(_LAST_SIGNED).scalar() or 0
                head = _Head(
                    True,
                    merkle.Frontier(state.size, hashes),
                    state.head_hash,
                    int(version or FORMAT_VERSION),
                    state.size - last_signed,
                )
            session.info["audit_head"] = head
            event.listen(session, "before_commit", self._before_commit, once=True)
        return head

    def _before_commit(self, session: Session) -> None:
        head = session.info.pop("audit_head", None)
        if head is None:
            return
        values = {
            "size": head.frontier.size,
            "head_hash": head.hash,
            "frontier": json.dumps([h.hex() for h in head.frontier.hashes]),
        }
        session.execute(_UPDATE_STATE if head.exists else _INSERT_STATE, values)
        if head.signer is not None:
            self._write_checkpoint(session, head.signer, head.frontier, "latest")

    def _write_checkpoint(
        self, session: Session, signer: NoteSigner, frontier: merkle.Frontier, kind: str
    ) -> str:
        time = format_time(self._clock())
        root = frontier.root()
        note = sign_note(
            checkpoint_body(self.origin, frontier.size, root, time),
            signer.name,
            signer.public_key,
            signer.sign,
        )
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
        rows = session.scalars(
            select(CheckpointRow).order_by(CheckpointRow.kind != "latest", CheckpointRow.id)
        ).all()
        return [
            StoredCheckpoint(
                label="latest" if r.kind == "latest" else f"saved #{r.id}",
                file="latest.txt" if r.kind == "latest" else f"saved-{r.id}.txt",
                size=r.size,
                note=r.note,
            )
            for r in rows
        ]

    def latest_checkpoint(self, session: Session) -> str | None:
        row = session.scalars(select(CheckpointRow).where(CheckpointRow.kind == "latest")).first()
        return None if row is None else str(row.note)

    def prune(self, session: Session, through: int, before: str) -> int:
        """Drop the content (target and details) of the entries up to `through` written
        before `before`, except those the replay of authority needs (docs/audit-format.md
        §5: entry 1, user, key, settings and prune entries). A format-1 entry loses its
        action too (its hash covered it). Returns how many were pruned. The update trigger
        allows exactly this change, only up to the watermark set here."""
        session.execute(
            update(AuditStateRow).where(AuditStateRow.id == 1).values(pruned_through=through)
        )
        table = AuditEntryRow
        prunable = (
            table.seq <= through,
            table.seq > 1,
            table.pruned.is_(False),
            table.time < before,
            table.action.not_in(sorted(NEVER_PRUNED)),
            table.action.not_like("user.%"),
            table.details.not_like('%"keys_added"%'),
            table.details.not_like('%"keys_retired"%'),
        )
        done = 0
        for version, values in ((1, {"action": "(pruned)"}), (2, {})):
            result = session.execute(
                update(table)
                .where(table.v == version, *prunable)
                .values(pruned=True, target="", details="{}", **values)
            )
            done += int(result.rowcount)  # type: ignore[attr-defined]
        return done

    def size(self, session: Session) -> int:
        state = session.get(AuditStateRow, 1)
        return 0 if state is None else int(state.size)

    def rows(self, session: Session, batch: int = 5000) -> Iterator[Any]:
        """Every stored row in seq order, streamed in batches."""
        table = AuditEntryRow.__table__
        last = 0
        while True:
            # Core rows, not ORM objects: verification streams 100,000s of them.
            chunk = session.execute(
                select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch)
            ).all()
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].seq
