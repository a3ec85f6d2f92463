"""Local training workers keep no decrypted data behind (issue 18, engine/training/
workers.py): no memory-mapped copies of the data in /dev/shm, and after a kill -9 of the
process that started them they end within seconds instead of lingering for many minutes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import os, sys, time
import numpy as np
from joblib import Parallel, delayed
from engine.training.search import backend

def task(data, i):
    time.sleep(0.2)
    return os.getpid(), type(data).__name__  # 'memmap': a file of the data in /dev/shm

data = np.ones(4_000_000)  # 32 MB: joblib would memory-map it into /dev/shm
with backend(None):
    found = Parallel(n_jobs=2)(delayed(task)(data, i) for i in range(4))
print('WORKERS', sorted({pid for pid, _ in found}), flush=True)
print('KINDS', sorted({kind for _, kind in found}), flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="/proc and /dev/shm")
def test_workers_memory_map_nothing_and_die_with_their_parent():
    parent = subprocess.Popen(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        workers = eval(parent.stdout.readline().split(" ", 1)[1])
        kinds = parent.stdout.readline()
        assert len(workers) >= 1 and all(alive(pid) for pid in workers)
        assert kinds.strip() == "KINDS ['ndarray']", kinds  # no copy of the data on disk
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in workers), "workers outlived their parent"
    finally:
        parent.kill()


def test_stale_memmap_folders_of_dead_processes_are_removed(tmp_path):
    from engine.training.workers import remove_stale_memmaps

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"joblib_memmapping_folder_{dead.pid}_abc_def"
    live = tmp_path / f"joblib_memmapping_folder_{os.getpid()}_abc_def"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "data.pkl").write_bytes(b"decrypted rows")
    assert remove_stale_memmaps((tmp_path,)) == 1
    assert not stale.exists() and live.exists()
