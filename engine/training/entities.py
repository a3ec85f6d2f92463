"""What the training area returns: runs, experiments, comparisons and reruns; and the
digest a run's audit entry pins."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.store.schema import RunRow
from engine.training.spec import PRIMARY

DEFAULT_EXPERIMENT = "default"


@dataclass(frozen=True)
class Run:
    id: str
    experiment: str
    project: str
    number: int
    status: str
    dataset: str  # NAME@V, or "" for a logged run
    task: str
    target: str
    model: str
    spec: dict[str, Any]
    params: dict[str, Any]
    metrics: dict[str, Any]
    notes: tuple[str, ...]
    model_object_id: str | None
    model_types: tuple[str, ...]
    artifacts_object_id: str | None
    environment_hash: str
    dataset_hash: str
    recipe_hash: str
    rerun_of: str | None
    started: str
    finished: str
    seconds: float
    created_by: str
    error: str

    @property
    def ref(self) -> str:
        return f"{self.experiment}#{self.number}"

    @property
    def rerunnable(self) -> bool:
        """Airlock can run it again: trained from its catalog (not logged, not from Python
        code, not derived from another run)."""
        return (
            bool(self.spec)
            and self.spec.get("source") != "python"
            and not (self.spec.get("derived_from"))
        )

    @property
    def primary(self) -> str:
        return str(self.metrics.get("primary") or PRIMARY.get(self.task, ""))

    def headline(self) -> dict[str, float | None]:
        """The metrics to show first: test metrics, else the cross-validated means, else
        what was logged."""
        for key in ("test", "cv_mean", "values"):
            if self.metrics.get(key):
                return dict(self.metrics[key])
        return {}

    def _repr_html_(self) -> str:
        from engine.htmlrepr import grid, title

        facts = [
            ("status", self.status + (f": {self.error}" if self.error else "")),
            ("model", self.model),
            ("data", f"{self.dataset} → {self.target} ({self.task})" if self.dataset else ""),
            ("source", self.spec.get("notebook") or self.spec.get("source") or "catalog"),
            ("started", self.started),
            ("seconds", self.seconds),
        ]
        out = title(f"Run {self.ref}", self.project) + grid(("", ""), facts)
        headline = self.headline()
        if headline:
            out += title("Metrics") + grid(tuple(headline), [tuple(headline.values())])
        if self.params:
            out += title("Parameters") + grid(("parameter", "value"), sorted(self.params.items()))
        return f"<div>{out}</div>"


@dataclass(frozen=True)
class Experiment:
    id: str
    name: str
    project: str
    runs: int
    created: str


@dataclass(frozen=True)
class Suggestion:
    """What a run on a target would use by default (for forms, before a run starts)."""

    task: str  # binary, multiclass or regression
    features: tuple[str, ...]  # the columns a run would train on
    columns: tuple[str, ...]  # every column but the target
    notes: tuple[str, ...]  # why the others are left out
    classes: tuple[str, ...]
    positive: str | None
    # columns that look like sensitive attributes nobody has reviewed: the form asks to
    # tag or dismiss them before training on them
    unreviewed: tuple[str, ...]
    tags: Mapping[str, list[str]]  # the dataset's column tags


@dataclass(frozen=True)
class Comparison:
    runs: tuple[Run, ...]
    params: dict[str, list[Any]]  # every parameter, one value per run
    differing: tuple[str, ...]  # parameters whose values differ
    metrics: dict[str, list[float | None]]  # headline metrics, one value per run
    best: dict[str, int]  # metric -> index of the best run

    def _repr_html_(self) -> str:
        from engine.htmlrepr import grid, title

        refs = [r.ref for r in self.runs]
        rows = [(name, *values) for name, values in self.metrics.items()]
        bold = {
            (i, self.best[name] + 1) for i, name in enumerate(self.metrics) if name in self.best
        }
        out = title("Comparison", "best of each metric in bold") + grid(
            ("metric", *refs), rows, bold=bold
        )
        if self.differing:
            out += title("Parameters that differ") + grid(
                ("parameter", *refs), [(p, *self.params[p]) for p in self.differing]
            )
        return f"<div>{out}</div>"


@dataclass(frozen=True)
class Rerun:
    original: Run
    run: Run
    identical: bool  # every metric equal
    mismatched: tuple[str, ...]  # metrics that differ
    environment: tuple[str, ...]  # what differs between the two environments


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, allow_nan=False)


def _finite(value: Any) -> Any:
    """JSON without NaN or infinities (None instead), recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return _finite(value.item())
    return value


def record_digest(row: RunRow) -> str:
    """SHA-256 over the stored JSON of the parameters, metrics, spec, notes and model types
    of a run row, one after the other, each followed by a newline."""
    digest = hashlib.sha256()
    for text in (row.params, row.metrics, row.spec, row.notes, row.model_types):
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()
