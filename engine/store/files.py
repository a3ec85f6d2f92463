"""Crash-safe file writes: temporary name, fsync, rename, fsync of the folder."""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import WorkspaceError

PRIVATE_UMASK = 0o077


def keep_private(folder: Path | None = None) -> None:
    """Files this process creates from now on are its OS user's alone (folders 0700, files
    0600; SQLite gives its -wal and -shm files the database file's mode), and an existing
    workspace folder readable by others is closed to them. The umask is process-wide on
    purpose: the command line and the desktop app write nothing that others should read.
    A folder owned by another account (a team share) is left as its owner set it."""
    if os.name == "nt":  # NTFS inherits the ACL of the user's profile folders
        return
    os.umask(PRIVATE_UMASK)
    if folder is not None:
        try:
            mode = folder.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(folder, mode & 0o700)
        except OSError:
            pass


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A temporary name next to `path` (`.NAME.PID.RANDOM.tmp`) for a file renamed into
    place when it is complete. Temporary files a killed process left for the same target
    (its PID no longer running) are removed first: a killed export left them behind."""
    for old in path.parent.glob(f".{path.name}.*{suffix}"):
        parts = old.name[len(path.name) + 2 :].split(".")
        if parts and parts[0].isdigit() and not _running(int(parts[0])):
            old.unlink(missing_ok=True)
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{suffix}")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or a platform without signals: keep it
    return True


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one."""
    tmp = temp_beside(path)
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkspaceError(
            f"Could not write {path}: {exc.strerror or exc}.",
            hint="Check free disk space and folder permissions.",
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
