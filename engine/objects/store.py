"""The encrypted, content-addressed, immutable object store (objects/).

An object's id is a keyed hash of its plaintext: HMAC-SHA256, under a key derived from the
workspace's metadata key, of the plaintext's SHA-256. Storing the same content twice still
gives one object, but someone holding the folder without the keys cannot tell whether a file
they know is inside (with plain SHA-256 names they could). The plain SHA-256, which lineage
and export bundles need, is kept sealed under the object's own data key (sealed_sha256), so
it is shredded with the object. Objects stored before keyed ids keep their plain SHA-256 name
(the signed log entries of that time name it anyway). Its payload is Cobblestone-256 under a random
data key (DEK); the DEK is wrapped by a key derived from the master key, with the id, kind and
nonce id as associated data. The payload context binds the workspace, kind, format version
and the object's random nonce id. Reading authenticates the whole object before any
plaintext is used, then checks the plaintext hash against the id.
"""

from __future__ import annotations

__all__ = ["ObjectRef", "ObjectStore", "Source"]

import hashlib
import hmac
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from sqlalchemy.orm import Session

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import NotFound, ValidationError
from engine.jobs import CancelToken, Progress, report
from engine.objects.maintenance import missing_or_damaged, sweep_leftovers
from engine.objects.reading import (
    copy_to,
    damaged,
    get_bytes,
    iter_verified,
    open_object,
)
from engine.objects.sealed import SEALER
from engine.objects.writer import (
    OBJECT_ID_RE,
    FinishedObject,
    ObjectWriter,
    Source,
    open_source,
)
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.aead import hkdf, unwrap, wrap
from engine.store.db import Database
from engine.store.files import fsync_dir
from engine.store.schema import ObjectRow, WorkspaceState

FORMAT = b"v1"
_KIND_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class ObjectRef:
    id: str
    kind: str
    size: int
    stored_size: int
    created: str
    created_by: str


def _ref(row: ObjectRow) -> ObjectRef:
    return ObjectRef(row.id, row.kind, row.size, row.stored_size, row.created, row.created_by)


class ObjectStore:
    def __init__(
        self,
        root: Path,
        workspace_id: str,
        db: Database,
        access: AccessControl,
        audit: AuditLog,
        clock: Callable[[], datetime],
    ) -> None:
        self.root = root
        self._ws = workspace_id
        self._db = db
        self._access = access
        self._audit = audit
        self._clock = clock
        self._tmp = root / "tmp"

    # -- keyed names -----------------------------------------------------------------------
    def _keys(self, actor: Actor) -> dict[str, bytes]:
        """The session's id and fingerprint keys (derived from the metadata key, which
        master-key rotation rewraps but never changes, so names stay stable)."""
        ring = actor.keyring
        if "object-id" not in ring.derived:
            with self._db.reading() as session:
                state = session.get(WorkspaceState, 1)
                made = state is not None and bool(state.wrapped_meta_key)
                if made:  # only unwrapped: a reading transaction is enough
                    meta = SEALER.meta_key(session, actor)
            if not made:  # a workspace from before the metadata key: made once, here
                with self._db.transaction() as session:
                    meta = SEALER.meta_key(session, actor)
            ring.derived["object-id"] = hkdf(meta, b"airlock/object-id/v1")
            ring.derived["fingerprint"] = hkdf(meta, b"airlock/fingerprint/v1")
        return ring.derived

    def object_id(self, actor: Actor, sha256_hex: str) -> str:
        """The name of an object whose plaintext has this SHA-256."""
        return hmac.new(
            self._keys(actor)["object-id"], bytes.fromhex(sha256_hex), hashlib.sha256
        ).hexdigest()

    def fingerprint(self, actor: Actor, sha256_hex: str) -> str:
        """A content hash as stored in the metadata database and the log (source files,
        dataset content, watched files): keyed like object ids, so equal content still
        compares equal inside the workspace but a known file cannot be confirmed from
        outside."""
        return hmac.new(
            self._keys(actor)["fingerprint"], bytes.fromhex(sha256_hex), hashlib.sha256
        ).hexdigest()

    @staticmethod
    def _sha_aad(object_id: str) -> bytes:
        return b"airlock/object-sha256/v1\0" + object_id.encode()

    @classmethod
    def _seal_sha(cls, dek: bytes, object_id: str, sha256_hex: str) -> bytes:
        return wrap(
            hkdf(dek, b"airlock/object-sha256/v1"),
            bytes.fromhex(sha256_hex),
            cls._sha_aad(object_id),
        )

    def _plain_sha(self, actor: Actor, row: ObjectRow, dek: bytes) -> str:
        """The plaintext SHA-256 the row vouches for (checked against its keyed name)."""
        if row.sealed_sha256 is None:
            return row.id  # named before keyed ids: the name is the plain SHA-256
        try:
            plain = unwrap(
                hkdf(dek, b"airlock/object-sha256/v1"), row.sealed_sha256, self._sha_aad(row.id)
            ).hex()
        except (InvalidTag, ValueError):  # a changed or malformed blob: both tampering
            raise damaged(row, "its sealed hash") from None
        if not hmac.compare_digest(self.object_id(actor, plain), row.id):
            raise damaged(row, "its name")
        return plain

    def sha256(self, actor: Actor, object_id: str) -> str:
        """The plain SHA-256 of an object's content (what export bundles and signed model
        manifests name); needs the object's data key, so not for shredded objects."""
        _row, _dek, handle, plain = open_object(self, actor, object_id)
        handle.close()
        return plain

    def path(self, object_id: str) -> Path:
        return self.root / object_id[:2] / object_id

    def context(self, kind: str, nonce_id: str) -> bytes:
        """The Cobblestone context of an object's payload."""
        return b"\0".join(
            [b"airlock/object", FORMAT, self._ws.encode(), kind.encode(), nonce_id.encode()]
        )

    # -- writing ---------------------------------------------------------------------------
    def writer(self, actor: Actor, kind: str, *, cancel: CancelToken | None = None) -> ObjectWriter:
        """A push-style writer for one new object (see ObjectWriter)."""
        if not _KIND_RE.match(kind or ""):
            raise ValidationError(
                f"The 'kind' parameter must be a short lowercase word. Got {kind!r}."
            )
        self._access.require(actor, "object.put", f"object-kind:{kind}")
        self._tmp.mkdir(parents=True, exist_ok=True)
        self._keys(actor)  # made now: finish() may run inside a caller's write transaction
        return ObjectWriter(self, actor, kind, self._tmp, cancel)

    def put(
        self,
        actor: Actor,
        source: Source,
        kind: str,
        *,
        size_hint: int | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ObjectRef:
        """Encrypt and store `source` (bytes, a path, or a binary file). Returns the stored
        object; storing the same content again returns the existing one. A cancel or an
        error leaves nothing behind."""
        with (
            self.writer(actor, kind, cancel=cancel) as out,
            open_source(source) as (reader, total),
        ):
            total = total if total is not None else size_hint
            while piece := reader.read(1 << 20):
                out.write(piece)
                if total:
                    report(progress, out.tell() / total, "encrypting")
            return out.commit()

    def install(
        self, session: Session, actor: Actor, finished: FinishedObject, audit: bool = True
    ) -> ObjectRef:
        """Put a finished temporary file in place and record it in `session`'s transaction
        (with an object.put entry unless the caller records a higher-level action)."""
        object_id, kind = finished.object_id, finished.kind
        final = self.path(object_id)
        existing = session.get(ObjectRow, object_id)
        if existing is not None and final.exists():
            finished.tmp.unlink(missing_ok=True)
            return _ref(existing)  # same content already stored: nothing changes
        if existing is not None:
            session.delete(existing)  # metadata without its file: store it afresh
            session.flush()
        final.parent.mkdir(exist_ok=True)
        stored_size = finished.tmp.stat().st_size
        # The file is in place before the commit: a crash in between leaves an orphan
        # file, never a row that points at a missing or partial file.
        os.replace(finished.tmp, final)
        fsync_dir(final.parent)
        ring = actor.keyring
        row = ObjectRow(
            id=object_id,
            kind=kind,
            size=finished.size,
            stored_size=stored_size,
            nonce_id=finished.nonce_id,
            wrapped_dek=ring.wrap_dek(finished.dek, object_id, kind, finished.nonce_id),
            mk_id=ring.mk_id,
            created=format_time(self._clock()),
            created_by=actor.user_id,
            sealed_sha256=self._seal_sha(finished.dek, object_id, finished.sha256),
        )
        session.add(row)
        if audit:  # the keyed name only: the log is as readable at rest as the database
            self._audit.append(
                session,
                actor,
                "object.put",
                f"object:{object_id}",
                {"kind": kind, "size": finished.size},
            )
        return _ref(row)

    def commit(self, actor: Actor, finished: FinishedObject) -> ObjectRef:
        with self._access.change(actor, "object.put", f"object:{finished.object_id}") as session:
            return self.install(session, actor, finished)

    # -- reading ---------------------------------------------------------------------------
    def info(self, actor: Actor, object_id: str) -> ObjectRef:
        with self._access.reading(actor, "object.get", f"object:{object_id}") as session:
            return _ref(self._row(session, object_id))

    @staticmethod
    def _row(session: Session, object_id: str) -> ObjectRow:
        if not OBJECT_ID_RE.match(object_id or ""):
            raise ValidationError(f"An object id is 64 hex digits. Got {object_id!r}.")
        row = session.get(ObjectRow, object_id)
        if row is None:
            raise NotFound(f"There is no object {object_id}.")
        return row

    def get_bytes(self, actor: Actor, object_id: str) -> bytes:
        """The whole plaintext, returned only after the whole object authenticated."""
        return get_bytes(self, actor, object_id)

    def iter_verified(
        self,
        actor: Actor,
        object_id: str,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[bytes]:
        """Stream a large object with bounded memory: a first pass authenticates all of it
        and discards the output; only then does the second pass yield it. The second pass
        authenticates again, so a file changed between the passes still fails before its
        end: consumers treat what they received as provisional until the iterator ends."""
        return iter_verified(self, actor, object_id, progress=progress, cancel=cancel)

    def copy_to(
        self,
        actor: Actor,
        object_id: str,
        sink: BinaryIO,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> int:
        """Write the verified plaintext to `sink`; returns the byte count."""
        return copy_to(self, actor, object_id, sink, progress=progress, cancel=cancel)

    # -- crypto-shredding -------------------------------------------------------------------
    def shred(self, session: Session, object_id: str) -> bool:
        """Destroy an object's wrapped data key (inside `session`'s transaction) and delete
        its file: without the key the ciphertext is noise, also in any backup of objects/.
        The row stays so hashes and lineage still resolve. Returns False if it was already
        shredded. The caller records the audit entry and, after the commit, calls
        `forget_pages` so the old key bytes leave the database files too."""
        row = self._row(session, object_id)
        if not row.wrapped_dek:
            return False
        row.wrapped_dek = b""
        session.flush()
        self.path(object_id).unlink(missing_ok=True)
        return True

    def forget_pages(self) -> None:
        """Checkpoint and truncate the write-ahead log (secure_delete zeroes freed pages), so
        destroyed keys survive in neither the database nor its WAL file."""
        self._db.checkpoint()

    # -- housekeeping ----------------------------------------------------------------------
    def missing_or_damaged(self, actor: Actor) -> list[str]:
        """Every object the metadata refers to, checked: returns one problem per line."""
        return missing_or_damaged(self, actor)

    def sweep_leftovers(
        self, older_than_s: float = 600.0, full_every_s: float = 86_400.0
    ) -> tuple[int, int]:
        """Remove what a killed process left: .part files of interrupted writes, and object
        files that no row names (a kill between the rename and the commit). Both are useless
        and never read. A file touched within `older_than_s` may belong to a write still
        running in another process and is kept. Listing every object file is done when .part
        files show a write was interrupted, else at most once per `full_every_s`. Returns
        (files, bytes) removed."""
        return sweep_leftovers(self, older_than_s, full_every_s)
