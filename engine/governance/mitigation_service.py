"""Fairness mitigation: a new candidate run from an assessed one — thresholds per group or a
reweighted ensemble fitted on its training rows, measured on its test rows — recorded as a
derived run and audited."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.audit.record import format_time
from engine.errors import ValidationError
from engine.governance.fairness import assess
from engine.jobs import CancelToken, Progress, check, report
from engine.security.actor import Actor


@dataclass(frozen=True)
class Mitigation:
    base: Any  # Run
    run: Any  # the new candidate Run
    method: str
    constraint: str
    attribute: str
    before: dict[str, float | None]  # test metrics and disparities of the base run
    after: dict[str, float | None]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


if TYPE_CHECKING:
    from engine.governance.fairness_service import FairnessService


def mitigate(
    service: FairnessService,
    actor: Actor,
    ref: str,
    *,
    attribute: str | None = None,
    method: str = "threshold",
    constraint: str = "demographic_parity",
    project: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Mitigation:
    from engine.governance import mitigation
    from engine.training.evaluate import metrics as test_metrics

    service._access.require(actor, "governance.mitigate", f"run:{ref}")
    service._access.require(actor, "training.run", f"run:{ref}")
    if method not in mitigation.METHODS:
        raise ValidationError(
            f"The method is one of {', '.join(mitigation.METHODS)}. Got {method!r}."
        )
    started, clock = format_time(service._clock()), time.perf_counter()
    base = service._training.run(actor, ref, project)
    if base.task != "binary" or base.model_object_id is None:
        raise ValidationError(
            f"Run {base.ref} is not a finished binary classifier; mitigation works on those."
        )
    report(progress, 0.05, "reading the run's data")
    model = service._training.load_model(actor, base)
    prepared, kept, tags = service._training.prepared(  # the model's own features
        actor, base, [str(c) for c in getattr(model, "feature_names_in_", [])]
    )
    sensitive_columns = sorted(c for c, t in tags.items() if "sensitive" in t)
    attribute = attribute or (sensitive_columns[0] if sensitive_columns else None)
    if not attribute or attribute not in kept.columns:
        raise ValidationError(
            f"Name the sensitive attribute to mitigate for; "
            f"{base.dataset} has {', '.join(sensitive_columns) or 'none'}"
            " tagged sensitive."
        )
    positive = base.metrics.get("positive")
    classes = [c.item() if hasattr(c, "item") else c for c in model.classes_]
    ordered = [next(c for c in classes if c != positive), positive]
    train = ~prepared.test
    X = prepared.X[train].reset_index(drop=True)
    y01 = (prepared.y[train].to_numpy() == positive).astype(int)
    groups = kept.loc[train, attribute].reset_index(drop=True)
    check(cancel)
    report(progress, 0.2, f"fitting the {method} mitigation")
    try:
        if method == "threshold":
            fitted = mitigation.threshold(model, X, y01, groups, ordered, constraint)
        else:
            fitted = mitigation.reduction(model, X, y01, groups, ordered, constraint)
    except ValueError as exc:  # fairlearn refuses data it cannot mitigate on
        raise ValidationError(f"fairlearn could not mitigate {base.ref}: {exc}") from exc
    check(cancel)
    report(progress, 0.8, "comparing on the test rows")
    test = prepared.test if prepared.test.any() else np.ones(len(kept), dtype=bool)
    rows = kept[test].reset_index(drop=True)
    truth = prepared.y[test].to_numpy()
    scores: dict[str, dict[str, Any]] = {}
    for name, candidate in (("before", model), ("after", fitted)):
        inputs = rows[list(candidate.feature_names_in_)]
        proba = np.asarray(candidate.predict_proba(inputs))
        cls = [c.item() if hasattr(c, "item") else c for c in candidate.classes_]
        predicted = candidate.predict(inputs)
        found = test_metrics(truth, predicted, proba, "binary", cls, positive)
        fair = assess(
            truth, predicted, rows[[attribute]], task="binary", positive=positive, bootstrap=0
        ).disparity(attribute)
        scores[name] = {
            **found,
            **(
                {
                    "demographic_parity_difference": fair.demographic_parity_difference,
                    "demographic_parity_ratio": fair.demographic_parity_ratio,
                    "equalized_odds_difference": fair.equalized_odds_difference,
                }
                if fair
                else {}
            ),
        }
    label = f"{base.model}+{method}"
    metrics = {
        **{k: v for k, v in base.metrics.items() if k in ("primary", "classes", "positive")},
        "test": _clean(scores["after"]),
        "derived_from": base.ref,
        "fairness": {
            "attribute": attribute,
            "constraint": constraint,
            "before": _clean(scores["before"]),
        },
    }
    notes = [
        f"fairness mitigation of {base.ref} ({method}, {constraint} on "
        f"{attribute}); fitted on its training rows, measured on its test rows"
    ]
    run = service._training.record_derived(
        actor,
        base,
        model=label,
        fitted=fitted,
        params={
            "method": method,
            "constraint": constraint,
            "attribute": attribute,
            "base_run": base.ref,
        },
        metrics=metrics,
        notes=notes,
        started=started,
        seconds=time.perf_counter() - clock,
    )
    with service._access.change(actor, "governance.mitigate", f"run:{run.id}") as session:
        service._audit.append(
            session,
            actor,
            "governance.mitigate",
            f"run:{run.id}",
            {
                "base": base.ref,
                "run": run.ref,
                "method": method,
                "constraint": constraint,
                "attribute": attribute,
                "before": {
                    k: _clean(scores["before"].get(k))
                    for k in ("accuracy", "demographic_parity_difference")
                },
                "after": {
                    k: _clean(scores["after"].get(k))
                    for k in ("accuracy", "demographic_parity_difference")
                },
            },
        )
    report(progress, 1.0, "done")
    return Mitigation(base, run, method, constraint, attribute, scores["before"], scores["after"])
