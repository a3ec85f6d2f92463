"""An insider who holds one user's password and can write the workspace folder (and so the
metadata database): the attacker of tests/audit/test_insider.py.

Everything here uses only what that person has and what the docs say: the user's key slot
opened with the password (docs/security.md, "Keys"), the workspace log key unwrapped with
the master key the slot holds, rows written with a raw database connection, and the entry,
checkpoint and manifest formats of docs/audit-format.md. After each forged entry the insider
re-signs the latest checkpoint, and a bundle's manifest, with the log key: the only thing
left to give the forgery away is the content of the log itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from engine.audit import merkle
from engine.audit.canonical import canonical_json
from engine.audit.export import manifest_body
from engine.audit.notes import checkpoint_body, sign_note
from engine.audit.record import (
    b64,
    content_digest,
    entry_flags,
    entry_hash,
    key_id,
    signature_input,
)
from engine.security.keyring import Keyring
from engine.security.keyslots import derive_kek, open_slot, unseal_master_key
from engine.store.schema import UserRow, WorkspaceState
from tests.helpers import raw_db


@dataclass
class Key:
    """A signing key the insider can use: its private half and the id and name it has."""

    private: Ed25519PrivateKey
    key_id: str
    name: str

    @property
    def public(self) -> bytes:
        return self.private.public_key().public_bytes_raw()

    def record(self, purpose: str, user_id: str | None) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "name": self.name,
            "purpose": purpose,
            "user_id": user_id,
            "public_key": b64(self.public),
        }


def new_key(name: str) -> Key:
    private = Ed25519PrivateKey.generate()
    return Key(private, key_id(name, private.public_key().public_bytes_raw()), name)


class Insider:
    def __init__(self, ws: Any, name: str, password: str) -> None:
        self.ws = ws
        with ws.db.reading() as session:
            row = session.query(UserRow).filter(UserRow.name == name).one()
            state = session.get(WorkspaceState, 1)
            users = {u.name: (u.id, u.role) for u in session.query(UserRow)}
        slot = ws.slots.read(row.slot, row.name)
        keys = open_slot(slot, derive_kek(slot.data["kdf"], password, row.name))
        ring = Keyring(unseal_master_key(slot, keys))
        self.user_id, self.role = row.id, row.role
        self.users = users  # name -> (user id, role), as the database says
        self.key = Key(keys.ed25519, slot.signing_key_id, slot.signing_key_name)
        self.log_key = Key(
            Ed25519PrivateKey.from_private_bytes(ring.unwrap_log_key(state.wrapped_log_key, ws.id)),
            state.log_key_id,
            state.log_key_name,
        )
        self.origin = state.log_key_name

    def id_of(self, name: str) -> str:
        return self.users[name][0]

    # -- the log ---------------------------------------------------------------------------
    def tail(self) -> dict[str, Any]:
        db = raw_db(self.ws.path)
        try:
            size, head, frontier = db.execute(
                "SELECT size, head_hash, frontier FROM audit_state WHERE id = 1"
            ).fetchone()
            time = db.execute("SELECT time FROM audit_entries WHERE seq = ?", (size,)).fetchone()[0]
            unsigned = 0
            for (sig,) in db.execute("SELECT sig FROM audit_entries ORDER BY seq DESC"):
                if sig is not None:
                    break
                unsigned += 1
        finally:
            db.close()
        return {
            "size": size,
            "head": head,
            "frontier": json.loads(frontier),
            "time": time,
            "unsigned": unsigned,
        }

    def append(
        self,
        action: str,
        target: str,
        details: dict[str, Any] | None = None,
        *,
        actor: dict[str, Any] | None = None,
        key: Key | None = None,
        signed: bool = True,
        time: str | None = None,
        adopts: int | None = None,
        resign_checkpoint: bool = True,
    ) -> int:
        """Write one well-formed format-2 entry at the end of the log, as the log's own
        writer would, signed with `key` (default: the insider's own) unless `signed` is
        False; return its seq."""
        details = details or {}
        key = key or self.key
        tail = self.tail()
        seq = tail["size"] + 1
        actor = actor or {
            "user_id": self.user_id,
            "role": self.role,
            "key_id": key.key_id if signed else None,
        }
        entry: dict[str, Any] = {
            "v": 2,
            "log_id": self.ws.id,
            "seq": seq,
            "time": time or _later(tail["time"]),
            "actor": actor,
            "action": action,
            "flags": entry_flags(details, signed),
            "adopts": (tail["unsigned"] if signed else 0) if adopts is None else adopts,
            "prev": tail["head"],
            "content": content_digest(target, details),
            "target": target,
            "details": details,
        }
        entry["hash"] = entry_hash(entry)
        entry["sig"] = b64(key.private.sign(signature_input(entry["hash"], 2))) if signed else None
        frontier = merkle.Frontier(tail["size"], [bytes.fromhex(h) for h in tail["frontier"]])
        frontier.append(merkle.leaf_hash(bytes.fromhex(entry["hash"])))
        db = raw_db(self.ws.path)
        try:
            db.execute(
                "INSERT INTO audit_entries (seq, v, log_id, time, actor_user_id, actor_role, "
                "actor_key_id, action, target, details, prev, hash, sig, pruned, flags, "
                "adopts, content) VALUES (?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    self.ws.id,
                    entry["time"],
                    actor["user_id"],
                    actor["role"],
                    actor["key_id"],
                    action,
                    target,
                    canonical_json(details).decode(),
                    entry["prev"],
                    entry["hash"],
                    entry["sig"],
                    False,
                    json.dumps(entry["flags"]),
                    entry["adopts"],
                    entry["content"],
                ),
            )
            db.execute(
                "UPDATE audit_state SET size = ?, head_hash = ?, frontier = ? WHERE id = 1",
                (seq, entry["hash"], json.dumps([h.hex() for h in frontier.hashes])),
            )
            if resign_checkpoint:
                note = sign_note(
                    checkpoint_body(self.origin, seq, frontier.root(), entry["time"]),
                    self.log_key.name,
                    self.log_key.public,
                    self.log_key.private.sign,
                )
                db.execute(
                    "UPDATE checkpoints SET size = ?, root = ?, time = ?, note = ? "
                    "WHERE kind = 'latest'",
                    (seq, frontier.root().hex(), entry["time"], note),
                )
        finally:
            db.commit()
            db.close()
        self.ws.db.dispose()
        return seq

    def update(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        db = raw_db(self.ws.path)
        try:
            db.execute(sql, params)
        finally:
            db.commit()
            db.close()
        self.ws.db.dispose()

    # -- bundles ---------------------------------------------------------------------------
    def resign_bundle(self, src: Path, dst: Path, edit: Any = None) -> Path:
        """Rewrite a bundle: apply `edit(files)` (a dict name -> bytes, or a list of
        (name, bytes) pairs to write as they are), drop VERIFICATION.txt, and sign a fresh
        manifest with the log key."""
        with zipfile.ZipFile(src) as zin:
            files = {n: zin.read(n) for n in zin.namelist()}
        files.pop("VERIFICATION.txt", None)
        files.pop("MANIFEST.sha256", None)
        pairs = edit(files) if edit else None
        members = pairs if pairs is not None else list(files.items())
        hashes = {name: hashlib.sha256(data).hexdigest() for name, data in members}
        manifest = sign_note(
            manifest_body(self.origin, hashes),
            self.log_key.name,
            self.log_key.public,
            self.log_key.private.sign,
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zout:
            for name, data in members:
                zout.writestr(name, data)
            zout.writestr("MANIFEST.sha256", manifest)
        dst.write_bytes(buffer.getvalue())
        return dst


def _later(time: str) -> str:
    """A time stamp one second after `time` (same format)."""
    from datetime import timedelta

    from engine.audit.record import format_time, parse_time

    return format_time(parse_time(time) + timedelta(seconds=1))
