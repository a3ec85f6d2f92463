"""Every prediction the service makes, kept for monitoring: the inputs, the outputs, the
version, the time and the request id. Rows gather in memory and become a version of the
dataset `<model>_served` (encrypted, hashed and audited like any import) every `rows` rows,
every `seconds`, and when the service stops — so `airlock drift REF credit_served@last:7d`,
monitors and CBPE run on real traffic, and labels are joined later by request id."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pyarrow as pa


class PredictionLog:
    def __init__(
        self,
        store: Callable[[str, pa.Table], str],
        *,
        rows: int = 10_000,
        seconds: float = 3600.0,
    ) -> None:
        """`store(dataset, table) -> ref` writes one dataset version."""
        self._store = store
        self._rows, self._seconds = rows, seconds
        self._lock = threading.Lock()
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._since = time.monotonic()
        self.written: list[str] = []  # the dataset versions written, oldest first
        self.errors: list[str] = []

    def add(self, model: str, rows: list[dict[str, Any]]) -> None:
        """Keep rows (on the request's thread: writing them is the maintenance thread's)."""
        with self._lock:
            self._pending.setdefault(model, []).extend(rows)

    def due(self) -> bool:
        """`rows` rows have gathered, or `seconds` passed since the last write."""
        pending = self.pending()
        return pending >= self._rows or (
            pending > 0 and time.monotonic() - self._since >= self._seconds
        )

    def pending(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._pending.values())

    def flush(self) -> list[str]:
        """Write what has gathered; rows whose write fails stay for the next flush."""
        with self._lock:
            taken, self._pending = self._pending, {}
            self._since = time.monotonic()
        written = []
        for model, rows in taken.items():
            if not rows:
                continue
            try:
                ref = self._store(dataset_name(model), _table(rows))
            except Exception as exc:  # kept, and said: the service must not lose them
                with self._lock:
                    self._pending.setdefault(model, [])[:0] = rows
                self.errors.append(f"{model}: the prediction log was not written: {exc}")
                continue
            written.append(ref)
        self.written.extend(written)
        return written


def dataset_name(model: str) -> str:
    return f"{model}_served"


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    names = list(dict.fromkeys(k for row in rows for k in row))
    return pa.table({n: pa.array([row.get(n) for row in rows]) for n in names})
