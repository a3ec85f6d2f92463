"""Where versions are served and how busy they are, for the desktop app and `airlock serve
status`: every running service (each worker) rewrites `serving/<pid>.json` in the workspace
folder at each refresh — its address, stage, the versions it serves, their requests and
errors per minute over the last minute — and removes it when it stops. A file whose process
is gone, or that was not rewritten for a minute, is shown as stopped.

The files inform; they decide nothing (tokens and approvals are read from the signed log).
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.audit.record import format_time, parse_time
from engine.store.files import atomic_write

STALE_SECONDS = 60


@dataclass(frozen=True)
class ServedFigures:
    model: str
    version: str
    requests_per_minute: float
    error_share: float  # of the answered calls in the last minute (4xx from the rows, 503)
    requests: int  # since the service started
    errors: int


@dataclass(frozen=True)
class ServiceStatus:
    pid: int
    address: str  # http(s)://host:port
    stage: str
    project: str | None  # None: the default project
    started: str
    seen: str
    running: bool
    served: tuple[ServedFigures, ...]


class Heartbeat:
    """The figures one service writes (its per-model totals, and a minute of history)."""

    def __init__(
        self, folder: Path, address: str, stage: str, project: str | None, started: datetime
    ) -> None:
        self.folder, self.address, self.stage, self.project = folder, address, stage, project
        self.started = format_time(started)
        self._history: deque[tuple[float, dict[str, tuple[int, int]]]] = deque()

    @property
    def path(self) -> Path:
        return self.folder / f"{os.getpid()}.json"

    def write(self, now: datetime, totals: dict[tuple[str, str], tuple[int, int]]) -> None:
        """`totals`: (model, version) -> (requests, errors) since the start."""
        clock = time.monotonic()
        keyed = {f"{m}\t{v}": counts for (m, v), counts in totals.items()}
        self._history.append((clock, keyed))
        while len(self._history) > 2 and clock - self._history[1][0] >= 60:
            self._history.popleft()
        first_time, first = self._history[0]
        minutes = max((clock - first_time) / 60, 1 / 60)
        served = []
        for key, (requests, errors) in sorted(keyed.items()):
            model, version = key.split("\t")
            before = first.get(key, (0, 0))
            calls, failed = requests - before[0], errors - before[1]
            served.append(
                {
                    "model": model,
                    "version": version,
                    "requests_per_minute": round(calls / minutes, 2),
                    "error_share": round(failed / calls, 4) if calls else 0.0,
                    "requests": requests,
                    "errors": errors,
                }
            )
        body = {
            "pid": os.getpid(),
            "address": self.address,
            "stage": self.stage,
            "project": self.project,
            "started": self.started,
            "seen": format_time(now),
            "served": served,
        }
        self.folder.mkdir(mode=0o700, exist_ok=True)
        atomic_write(self.path, json.dumps(body, indent=1).encode("utf-8"))

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def read_status(folder: Path, now: datetime) -> list[ServiceStatus]:
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            pid = int(body["pid"])
            seen = str(body["seen"])
            fresh = (now - parse_time(seen)).total_seconds() < STALE_SECONDS
            served = tuple(
                ServedFigures(
                    str(s["model"]),
                    str(s["version"]),
                    float(s["requests_per_minute"]),
                    float(s["error_share"]),
                    int(s["requests"]),
                    int(s["errors"]),
                )
                for s in body.get("served", [])
            )
            found.append(
                ServiceStatus(
                    pid,
                    str(body["address"]),
                    str(body["stage"]),
                    body.get("project") if isinstance(body.get("project"), str) else None,
                    str(body["started"]),
                    seen,
                    fresh and _alive(pid),
                    served,
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a file being replaced, or not one of ours
    return found


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: freshness alone decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
