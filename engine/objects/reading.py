"""Reading an object back: its data key unwrapped, every chunk authenticated as it is
decrypted, and its plaintext SHA-256 checked at the end; a damaged or swapped object is
refused naming it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from engine.errors import IntegrityError, ShreddedError, WorkspaceError
from engine.jobs import CancelToken, Progress, check, report
from engine.objects.writer import (
    MAGIC,
)
from engine.security.actor import Actor
from engine.security.aead import AuthenticationFailed, decrypt_iter
from engine.store.hashing import ParallelSHA256
from engine.store.schema import ObjectRow

if TYPE_CHECKING:
    from engine.objects.store import ObjectStore


def open_object(
    service: ObjectStore, actor: Actor, object_id: str
) -> tuple[ObjectRow, bytes, BinaryIO, str]:
    """The row, its data key, the file positioned after its header, and the plaintext
    SHA-256 the content must have."""
    with service._access.reading(actor, "object.get", f"object:{object_id}") as session:
        row = service._row(session, object_id)
    if not row.wrapped_dek:
        raise ShreddedError(
            f"Object {object_id} ({row.kind}) was crypto-shredded: its "
            "data key is destroyed and it can never be read again."
        )
    ring = actor.keyring
    if row.mk_id != ring.mk_id:
        raise WorkspaceError(
            "The workspace master key was rotated after this session started: log in "
            f"again to read object {object_id}.",
            hint=f"The object is wrapped under key {row.mk_id}; this session holds {ring.mk_id}.",
        )
    dek = ring.unwrap_dek(row.wrapped_dek, object_id, row.kind, row.nonce_id)
    plain = service._plain_sha(actor, row, dek)
    try:
        handle = open(service.path(object_id), "rb")  # noqa: SIM115 - returned to caller
    except FileNotFoundError:
        raise IntegrityError(
            f"The file of object {object_id} ({row.kind}) is missing.",
            hint="Restore objects/ from a backup.",
        ) from None
    if handle.read(len(MAGIC)) != MAGIC:
        handle.close()
        raise IntegrityError(
            f"Object {object_id} ({row.kind}) failed authentication at "
            "its header: it is not an Airlock object file."
        )
    return row, dek, handle, plain


def decrypt_chunks(
    service: ObjectStore,
    row: ObjectRow,
    dek: bytes,
    handle: BinaryIO,
    plain: str,
    on_plain: Callable[[bytes | memoryview], None],
    keep: bool = True,
) -> None:
    """Authenticate the whole object and check its plaintext hash against its id. With
    keep=False the pieces handed to `on_plain` live in reused buffers (no allocation per
    piece) and must not be kept."""
    depth = 4
    reuse = 0 if keep else depth + 2  # a buffer is reused only after the hasher is done
    with ParallelSHA256(depth) as digest:
        try:
            context = service.context(row.kind, row.nonce_id)
            for piece in decrypt_iter(handle, dek, context, reuse=reuse):
                digest.update(piece)
                on_plain(piece)
        except AuthenticationFailed as exc:
            raise damaged(row, exc.where) from None
        if digest.hexdigest() != plain or digest.size != row.size:
            raise IntegrityError(
                f"Object {row.id} ({row.kind}) decrypted to other content than its id names."
            )


def damaged(row: ObjectRow, where: str) -> IntegrityError:
    return IntegrityError(
        f"Object {row.id} ({row.kind}) failed authentication at {where}: it was "
        "modified, damaged or swapped.",
        hint="Restore the workspace from a backup; `airlock audit log` shows who stored it.",
    )


def get_bytes(service: ObjectStore, actor: Actor, object_id: str) -> bytes:
    row, dek, handle, plain = open_object(service, actor, object_id)
    pieces: list[bytes | memoryview] = []
    with handle:
        decrypt_chunks(service, row, dek, handle, plain, pieces.append)
    return b"".join(pieces)


def iter_verified(
    service: ObjectStore,
    actor: Actor,
    object_id: str,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Iterator[bytes]:
    row, dek, handle, plain = open_object(service, actor, object_id)
    context = service.context(row.kind, row.nonce_id)
    total = max(row.size, 1)
    with handle:
        seen = 0

        def first(piece: bytes | memoryview) -> None:
            nonlocal seen
            check(cancel)
            seen += len(piece)
            report(progress, 0.5 * seen / total, "authenticating")

        decrypt_chunks(service, row, dek, handle, plain, first, keep=False)
        handle.seek(len(MAGIC))
        done = 0
        try:
            for piece in decrypt_iter(handle, dek, context):
                assert isinstance(piece, bytes)  # reuse=0: every piece is its own bytes
                check(cancel)
                done += len(piece)
                report(progress, 0.5 + 0.5 * done / total, "reading")
                yield piece
        except AuthenticationFailed:
            raise IntegrityError(
                f"Object {row.id} ({row.kind}) changed while it was being "
                "read; discard what was read."
            ) from None


def copy_to(
    service: ObjectStore,
    actor: Actor,
    object_id: str,
    sink: BinaryIO,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> int:
    total = 0
    for piece in iter_verified(service, actor, object_id, progress=progress, cancel=cancel):
        sink.write(piece)
        total += len(piece)
    return total
