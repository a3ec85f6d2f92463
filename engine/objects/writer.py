"""Writing one encrypted object piece by piece (push style), so a producer such as a
Parquet writer can stream into the store with bounded memory.

    with store.writer(actor, "dataset") as out:
        out.write(piece) ...
        ref = out.commit()            # its own transaction, audited as object.put
    # or, inside a larger change:  ref = store.install(session, actor, out.finish(), False)

Leaving the block without committing (an error, a cancel) deletes the temporary file.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from cryptography.cobblestone import Cobblestone256Encryptor

from engine.errors import ValidationError, WorkspaceError
from engine.jobs import CancelToken, check
from engine.store.hashing import ParallelSHA256

if TYPE_CHECKING:
    from engine.objects.store import ObjectRef, ObjectStore
    from engine.security.actor import Actor

MAGIC = b"ALOBJ\x00v1"

OBJECT_ID_RE = re.compile(r"^[0-9a-f]{64}$")  # an object's keyed name
Source = bytes | bytearray | memoryview | Path | BinaryIO


@dataclass(frozen=True)
class FinishedObject:
    """A fully written, fsynced temporary file, ready to be installed."""

    tmp: Path
    object_id: str  # the keyed name: HMAC of the plaintext's SHA-256 (objects/store.py)
    kind: str
    nonce_id: str
    dek: bytes
    size: int
    sha256: str  # of the plaintext; stored only sealed under the data key


class ObjectWriter:
    def __init__(
        self, store: ObjectStore, actor: Actor, kind: str, tmp_dir: Path, cancel: CancelToken | None
    ) -> None:
        self._store = store
        self._actor = actor
        self._kind = kind
        self._cancel = cancel
        self._nonce_id = os.urandom(16).hex()
        self._dek = os.urandom(32)
        self._tmp = tmp_dir / f"{self._nonce_id}.part"
        self._size = 0
        self._finished: FinishedObject | None = None
        self._done = False
        self._hash = ParallelSHA256()
        self._encryptor = Cobblestone256Encryptor(self._dek, store.context(kind, self._nonce_id))
        try:
            self._file = open(self._tmp, "xb")  # noqa: SIM115 - closed in finish/abort
            self._file.write(MAGIC)
        except OSError as exc:
            self._hash.close()
            raise WorkspaceError(
                f"Could not write the object: {exc.strerror or exc}.",
                hint="Check free disk space in the workspace.",
            ) from exc

    # -- the file-like side (pyarrow writes through it) ------------------------------------
    def write(self, data: Any) -> int:
        if self._finished is not None:
            raise ValueError("write to a finished object")
        check(self._cancel)
        piece = bytes(data)  # hashed on another thread: must not change afterwards
        self._hash.update(piece)
        try:
            self._file.write(self._encryptor.update(piece))
        except OSError as exc:
            raise WorkspaceError(
                f"Could not write the object: {exc.strerror or exc}.",
                hint="Check free disk space in the workspace.",
            ) from exc
        self._size += len(piece)
        return len(piece)

    def tell(self) -> int:
        return self._size

    def flush(self) -> None:
        pass

    @property
    def closed(self) -> bool:
        return self._finished is not None or self._done

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    def close(self) -> None:
        """Called by writers such as pyarrow when they are done; the object stays
        uncommitted until commit() or install()."""

    # -- finishing -------------------------------------------------------------------------
    def finish(self) -> FinishedObject:
        """Seal the ciphertext and fsync it; return what install() needs."""
        if self._finished is None:
            try:
                self._file.write(self._encryptor.finalize())
                self._file.flush()
                os.fsync(self._file.fileno())
                self._file.close()
            except OSError as exc:
                raise WorkspaceError(
                    f"Could not write the object: {exc.strerror or exc}.",
                    hint="Check free disk space in the workspace.",
                ) from exc
            plain = self._hash.hexdigest()
            name = self._store.object_id(self._actor, plain)
            self._finished = FinishedObject(
                self._tmp, name, self._kind, self._nonce_id, self._dek, self._size, plain
            )
        return self._finished

    def commit(self) -> ObjectRef:
        """Finish and record the object in its own audited transaction."""
        ref = self._store.commit(self._actor, self.finish())
        self._done = True
        return ref

    def installed(self) -> None:
        """Tell the writer a caller installed finish()'s result in its own transaction."""
        self._done = True

    def abort(self) -> None:
        self._done = True
        self._hash.close()
        if not self._file.closed:
            self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ObjectWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._done or exc[0] is not None:
            self.abort()


class open_source:
    """Context manager giving a binary reader and its size (if known) for any Source."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._close: BinaryIO | None = None

    def __enter__(self) -> tuple[BinaryIO, int | None]:
        source = self._source
        if isinstance(source, bytes | bytearray | memoryview):
            return io.BytesIO(bytes(source)), len(source)
        if isinstance(source, Path):
            try:
                handle = open(source, "rb")
            except OSError as exc:
                raise ValidationError(f"Cannot read {source}: {exc.strerror or exc}.") from exc
            self._close = handle
            return handle, source.stat().st_size
        return source, None

    def __exit__(self, *exc: object) -> None:
        if self._close is not None:
            self._close.close()
