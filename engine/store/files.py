"""Crash-safe file writes: temporary name, fsync, rename, fsync of the folder."""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import WorkspaceError


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkspaceError(f"Could not write {path}: {exc.strerror or exc}.",
                             hint="Check free disk space and folder permissions.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
