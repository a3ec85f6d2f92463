"""Local training workers (joblib's loky processes) that keep no decrypted data behind.

- No memory-mapping: joblib normally dumps large arrays to files in /dev/shm (or the temp
  folder) for its workers; those files are the decrypted training data, and after a kill -9
  they stayed for as long as the orphaned workers lived. Airlock passes data to workers
  through their pipes instead (`max_nbytes=None`).
- Workers die with their parent: each starts a watcher that ends the worker when its parent
  process is gone (a kill -9 of the `airlock` command or the desktop app), instead of
  lingering with training data in memory until loky's idle timeout.
- Secrets are not inherited: the command takes them out of its environment first
  (engine/cli/common.py `take_secrets`), and core dumps stay off (the limit is inherited).
- Folders that an older Airlock's workers left in /dev/shm are removed when training starts
  (`remove_stale_memmaps`), if the process that made them is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
import time
from pathlib import Path

PARENT_POLL_SECONDS = 0.5
_MEMMAP = re.compile(r"joblib_memmapping_folder_(\d+)_")


def worker_init() -> None:
    """Runs first in every local worker: exit as soon as the parent process is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="airlock-parent-watch", daemon=True).start()


def remove_stale_memmaps(folders: tuple[Path, ...] = (Path("/dev/shm"),)) -> int:
    """Remove joblib memmap folders whose process no longer runs; return how many."""
    removed = 0
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                found = _MEMMAP.match(entry.name)
                if found and not _alive(int(found.group(1))) and entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                    removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
