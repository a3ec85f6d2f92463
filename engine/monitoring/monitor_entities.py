"""What monitors return: a monitor, a run, an alert, a point on its timeline, a note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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


@dataclass(frozen=True)
class Monitor:
    """A monitor's newest definition (`monitor_definition.parse_monitor`) and its last run."""

    name: str
    reference: str
    current: str
    version: int
    definition: Mapping[str, Any]
    last_level: str | None = None
    last_run: str | None = None
    last_current: str | None = None

    @property
    def levels(self) -> Mapping[str, Any]:
        return self.definition["levels"]

    @property
    def every(self) -> str | None:
        return self.definition.get("every")

    def watches(self, model: str, ref: str, dataset: str | None) -> bool:
        """Whether it watches this model version: its performance, or its training data."""
        performance = self.definition.get("performance") or {}
        return performance.get("model") in (model, ref) or self.reference == dataset


@dataclass(frozen=True)
class Annotation:
    """A note on a monitor's timeline (a rule change, a new baseline from that day)."""

    id: str
    date: str
    text: str
    new_baseline: bool
    created: str
    by: str


@dataclass(frozen=True)
class MonitorPoint:
    """One run on a monitor's timeline, read back from its sealed report."""

    id: str
    time: str
    current: str
    level: str
    drift_share: float
    # the level of the drift share alone (the run's level may come from the model's
    # performance, which this share does not show)
    drift_level: str
    label: str
    period: tuple[str, str]
    reference: str
    baseline: str
    anomalies: tuple[str, ...]
    performance: Mapping[str, Any] | None
    columns: Mapping[str, tuple[float | None, bool]]
