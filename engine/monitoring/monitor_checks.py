"""What a monitor run checks besides drift: the model's performance on labelled batches, and
which reference a batch is compared with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import AirlockError
from engine.monitoring.baselines import choose, period
from engine.monitoring.monitor_definition import (  # noqa: F401 - re-exported
    LEVELS,
    PERFORMANCE_FIELDS,
    drift_options,
    parse_monitor,
    parse_performance,
    seconds,
)
from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.monitoring.monitors import MonitorService


def check_performance(
    service: MonitorService,
    actor: Actor,
    spec: dict[str, Any] | None,
    batch: str,
    project: str | None,
) -> dict[str, Any] | None:
    if not spec:
        return None
    labels = Path(spec["labels"]) if spec.get("labels") else None
    try:
        found = service._monitoring.performance(
            actor,
            spec["model"],
            batch,
            reference=spec.get("reference"),
            labels=labels,
            id_column=spec.get("id"),
            label_column=spec.get("label_column"),
            metric=spec.get("metric"),
            chunk=spec.get("chunk"),
            fairness=spec.get("fairness"),
            project=project,
        )
    except AirlockError as exc:  # the drift result still counts; say why not measured
        return {
            "model": spec["model"],
            "metric": spec.get("metric", ""),
            "level": "ok",
            "alerts": [],
            "error": exc.message,
        }
    chunks = found.result.chunks
    level = found.level(int(spec.get("outside", 2)))
    return {
        "model": found.model,
        "metric": found.result.metric,
        "level": level,
        "alerts": found.alerts + found.fairness_alerts,
        "fairness": {a: [c.ratio for c in chunks_of] for a, chunks_of in found.fairness.items()},
        "band": [found.result.low, found.result.high],
        "reference_mean": found.result.reference_mean,
        "estimated": [c.estimated for c in chunks],
        "realised": [c.realised for c in chunks],
        "detections": found.detections,
        "labelled": found.labelled,
    }


def choose_reference(
    service: MonitorService,
    actor: Actor,
    definition: dict[str, Any],
    checked: Any,
    project: str | None,
) -> tuple[Any, tuple[str, str]]:
    """The reference for the checked batch (fixed, rolling, seasonal or a new baseline)
    and the days the batch covers."""
    time_column = definition.get("time_column")
    notes = service.annotations(actor, definition["name"], project=project)
    versions = [
        v
        for d in service._data.datasets(actor, project)
        if d.id == checked.dataset_id
        for v in d.versions
        if v.version <= checked.version
    ]
    periods = {checked.ref: period(service._data, actor, checked, time_column)}
    if any(n.new_baseline for n in notes):
        for version in versions[:-1]:  # an older batch without the column has no period
            try:
                periods[version.ref] = period(service._data, actor, version, time_column)
            except AirlockError:
                continue
    return choose(definition, versions, periods, notes), periods[checked.ref]
