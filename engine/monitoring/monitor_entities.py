"""What monitors return: a monitor run and an alert."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MonitorRun:
    id: str
    monitor: str
    current: str
    level: str
    drift_share: float
    drifted: tuple[str, ...]
    time: str
    alert: str | None  # the alert raised, if any
    note: str  # why no alert was raised (hysteresis, cooldown), or ""
    reference: str = ""  # what the batch was compared with
    period: tuple[str, str] = ("", "")  # the days the batch covers
    anomalies: tuple[str, ...] = ()  # outliers, spikes, repeats: reported apart from drift


@dataclass(frozen=True)
class Alert:
    id: str
    monitor: str
    level: str
    message: str
    status: str
    created: str
    actions: tuple[str, ...]
    acknowledged_by: str
    note: str
