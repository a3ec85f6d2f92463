"""Keeping the object store sound: objects missing or damaged on disk, and the temporary files
a killed process left behind (swept when a workspace opens)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from engine.errors import IntegrityError
from engine.objects.reading import decrypt_chunks, open_object
from engine.objects.writer import OBJECT_ID_RE
from engine.security.actor import Actor
from engine.store.schema import ObjectRow

if TYPE_CHECKING:
    from engine.objects.store import ObjectStore


def missing_or_damaged(service: ObjectStore, actor: Actor) -> list[str]:
    with service._access.reading(actor, "object.get", "objects") as session:
        ids = list(
            session.scalars(select(ObjectRow.id).where(ObjectRow.wrapped_dek != b""))
        )  # shredded objects are gone on purpose
    problems = []
    for object_id in ids:
        try:
            row, dek, handle, plain = open_object(service, actor, object_id)
            with handle:
                decrypt_chunks(service, row, dek, handle, plain, lambda _piece: None, keep=False)
        except IntegrityError as exc:
            problems.append(exc.message)
    return problems


def sweep_leftovers(
    service: ObjectStore, older_than_s: float = 600.0, full_every_s: float = 86_400.0
) -> tuple[int, int]:
    import time

    cutoff = time.time() - older_than_s
    files = size = 0

    def remove(path: Path) -> None:
        nonlocal files, size
        try:
            info = path.stat()
            if info.st_mtime < cutoff:
                path.unlink()
                files, size = files + 1, size + info.st_size
        except FileNotFoundError:
            pass

    if not service._tmp.is_dir():
        return 0, 0
    for part in service._tmp.glob("*.part"):
        remove(part)
    marker = service._tmp / ".swept"
    due = not marker.exists() or marker.stat().st_mtime < time.time() - full_every_s
    if files or due:
        with service._db.reading() as session:
            known = set(session.scalars(select(ObjectRow.id)))
        for folder in service.root.iterdir():
            if len(folder.name) == 2 and folder.is_dir():
                for path in folder.iterdir():
                    if OBJECT_ID_RE.match(path.name) and path.name not in known:
                        remove(path)
        marker.touch()
    return files, size
