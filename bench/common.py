"""Helpers shared by the benchmarks: a scratch workspace, timing, medians."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Benchmarks measure the log and the object store, not password hashing: key slots use the
# documented test KDF so setting up takes milliseconds.
os.environ.setdefault("AIRLOCK_UNSAFE_FAST_KDF", "1")

PASSWORD = "benchmark password"


def scratch_workspace(root: Path | None = None):
    from engine.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="airlock-bench-", dir=root)) / "ws"
    ws, _ = Workspace.create(folder, "admin", PASSWORD)
    return ws, ws.login("admin", PASSWORD)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)
