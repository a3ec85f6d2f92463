"""Reading runs side by side and again: comparing runs, suggesting what a run on a target would
use, rerunning a run to check it reproduces, and explaining one row's prediction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from engine.errors import ValidationError
from engine.jobs import CancelToken, Progress
from engine.security.actor import Actor
from engine.training import environment
from engine.training.entities import (
    Comparison,
    Rerun,
    Suggestion,
)
from engine.training.spec import LOWER_IS_BETTER, RunSpec

if TYPE_CHECKING:
    from engine.training.explain import RowExplanation
    from engine.training.service import TrainingService


def compare(
    service: TrainingService, actor: Actor, refs: list[str], project: str | None = None
) -> Comparison:
    if len(refs) < 2:
        raise ValidationError("Compare at least two runs.")
    runs = tuple(service.run(actor, r, project) for r in refs)
    names = sorted({k for r in runs for k in r.params} | {"model"})
    params = {n: [r.model if n == "model" else r.params.get(n) for r in runs] for n in names}
    # how each was fitted, beside its hyperparameters (compare hid class weights)
    params["class weights"] = ["balanced" if (r.spec or {}).get("balanced") else "—" for r in runs]
    params["search"] = [(r.spec or {}).get("search") or "—" for r in runs]
    differing = tuple(
        n
        for n, values in params.items()
        if len({json.dumps(v, sort_keys=True, default=str) for v in values}) > 1
    )
    metric_names = sorted({k for r in runs for k in r.headline()})
    metrics = {m: [r.headline().get(m) for r in runs] for m in metric_names}
    best = {}
    for metric, values in metrics.items():
        present = [(i, v) for i, v in enumerate(values) if v is not None]
        if present:
            pick = min if metric in LOWER_IS_BETTER else max
            best[metric] = pick(present, key=lambda iv: iv[1])[0]
    return Comparison(runs, params, differing, metrics, best)


def suggest(
    service: TrainingService,
    actor: Actor,
    dataset_ref: str,
    target: str,
    project: str | None = None,
) -> Suggestion:
    from engine.data.pii import sensitive_by_name
    from engine.training.prepare import prepare

    version = service._data.version(actor, dataset_ref, project)
    frame = service._data.read_table(actor, version).to_pandas()
    tags = service._tags(actor, version)
    prepared = prepare(frame, RunSpec(version.ref, target, test_size=0), list(version.schema), tags)
    columns = [c for c in frame.columns if c != target]
    return Suggestion(
        task=prepared.task,
        features=tuple(prepared.features),
        columns=tuple(columns),
        notes=tuple(prepared.notes),
        classes=tuple(str(c) for c in prepared.classes),
        positive=None if prepared.positive is None else str(prepared.positive),
        unreviewed=tuple(sensitive_by_name(columns, tags)),
        tags=tags,
    )


def rerun(
    service: TrainingService,
    actor: Actor,
    ref: str,
    project: str | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Rerun:
    original = service.run(actor, ref, project)
    if not original.spec:
        raise ValidationError(
            f"Run {original.ref} was logged, not trained; there is nothing to re-run."
        )
    if original.spec.get("source") == "python":
        raise ValidationError(
            f"Run {original.ref} was made by Python code "
            f"({original.spec.get('notebook') or 'a script'}); Airlock cannot run that code.",
            hint="Run the notebook or script again; it records a new run to compare with.",
        )
    if original.spec.get("derived_from"):
        raise ValidationError(
            f"Run {original.ref} was derived from "
            f"{original.spec['derived_from']} (fairness mitigation).",
            hint="Re-run that run, then mitigate it again with `airlock governance mitigate`.",
        )
    spec = RunSpec.from_json(original.spec)
    run = service.train(
        actor,
        spec,
        project=original.project,
        progress=progress,
        cancel=cancel,
        rerun_of=original.id,
    )
    mismatched = []
    for part in ("cv_mean", "test"):
        before, after = original.metrics.get(part) or {}, run.metrics.get(part) or {}
        for name in sorted(set(before) | set(after)):
            if before.get(name) != after.get(name):
                mismatched.append(f"{part}.{name}: {before.get(name)} → {after.get(name)}")
    differences = environment.differences(
        service.environment(actor, original), service.environment(actor, run)
    )
    return Rerun(original, run, not mismatched, tuple(mismatched), tuple(differences))


def explain_row(
    service: TrainingService, actor: Actor, ref: str, row: int, project: str | None = None
) -> RowExplanation:
    from engine.training.explain import row as explain_row
    from engine.training.prepare import prepare

    run = service.run(actor, ref, project)
    model = service.load_model(actor, run)
    spec = RunSpec.from_json(run.spec)
    version = service._data.version(actor, run.dataset, run.project)
    frame = service._data.read_table(actor, version).to_pandas()
    tags = service._tags(actor, version)
    prepared = prepare(frame, spec, list(version.schema), tags)
    classes = list(run.metrics.get("classes") or prepared.classes)
    return explain_row(model, prepared.X, row - 1, run.task, classes, prepared.positive)
