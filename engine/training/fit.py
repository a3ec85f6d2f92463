"""One run's computation: validation splits, the search, the final fit on the training
rows, test metrics, curves and explanations. No database here: the service records what
this returns."""

from __future__ import annotations

import time
from typing import Any

from engine.errors import ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.training.spec import METRICS, PRIMARY, RunSpec


def fit(
    spec: RunSpec,
    prepared: Any,
    scheduler: str | None,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> dict[str, Any]:
    """Validation, search, the final fit on the training rows, test metrics, curves and
    explanations."""
    import warnings

    from engine.training import evaluate as ev
    from engine.training import explain, search
    from engine.training.catalog import estimator, models_for
    from engine.training.pipeline import build

    task = prepared.task
    model = estimator(spec.model)
    if task not in model.tasks:
        raise ValidationError(
            f"{model.title} does not do {task} tasks.",
            hint="Models for this task: " + ", ".join(e.key for e in models_for(task)),
        )
    metric = spec.metric or PRIMARY[task]

    if metric not in METRICS[task]:
        raise ValidationError(
            f"The metric {metric!r} is not one of the {task} metrics: "
            + ", ".join(METRICS[task])
            + "."
        )
    train_rows = ~prepared.test
    X, y = (
        prepared.X[train_rows].reset_index(drop=True),
        prepared.y[train_rows].reset_index(drop=True),
    )
    X_test, y_test = prepared.X[prepared.test], prepared.y[prepared.test]
    if task != "regression" and y.nunique() < 2:
        raise ValidationError("The training part holds only one class of the target.")
    groups = (
        prepared.groups[train_rows].reset_index(drop=True) if prepared.groups is not None else None
    )
    times = (
        prepared.times[train_rows].reset_index(drop=True) if prepared.times is not None else None
    )
    scheme, folds = search.splits(spec, task, X, y, groups, times)
    pool = search.candidates(spec, model, task)
    notes: list[str] = []
    if len(pool) > 1 and not folds:
        raise ValidationError("A search needs validation folds; choose a scheme other than 'none'.")

    def on_result(outcome: Any, done: int, total: int) -> None:
        report(
            progress,
            0.05 + 0.7 * done / max(total, 1),
            f"candidate {outcome.candidate + 1}, fold {outcome.fold + 1} ({done}/{total})",
        )

    classes, positive = prepared.classes, prepared.positive
    searched: dict[str, Any] | None = None
    per_fold: list[dict[str, float | None]] = []
    if spec.search == "halving":
        outcomes, pool = search.halving(
            spec,
            task,
            pool,
            X,
            y,
            folds,
            classes,
            positive,
            metric,
            scheduler=scheduler,
            on_result=on_result,
            cancel=cancel,
        )
    else:
        outcomes = search.evaluate(
            spec,
            task,
            pool,
            X,
            y,
            folds,
            classes,
            positive,
            scheduler=scheduler,
            on_result=on_result,
            cancel=cancel,
        )
    best = 0
    if outcomes:
        ranked = search.rank(outcomes, metric, len(pool))
        best = ranked[0][0]
        per_fold = [o.metrics for o in outcomes if o.candidate == best]
        if len(pool) > 1:
            searched = {
                "method": spec.search,
                "metric": metric,
                "best": best,
                "candidates": [{"params": pool[c], "mean": m} for c, m in ranked],
            }
    params = pool[best]
    check(cancel)
    report(progress, 0.78, "fitting on all training rows")
    fitted = build(spec, task, params)
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted.fit(X, y)
    fit_seconds = time.perf_counter() - started
    notes.extend(_fit_notes(caught))
    check(cancel)
    report(progress, 0.85, "evaluating on the test set")
    metrics: dict[str, Any] = {
        "primary": metric,
        "scheme": scheme,
        "folds": len(folds),
        "backend": f"dask {scheduler}" if scheduler and outcomes else "local processes",
        "train_rows": len(X),
        "test_rows": len(X_test),
        "fit_seconds": fit_seconds,
        "classes": [str(c) for c in classes] if task != "regression" else [],
    }
    if task != "regression":
        metrics["classes"] = [c.item() if hasattr(c, "item") else c for c in classes]
        metrics["positive"] = positive.item() if hasattr(positive, "item") else positive
    if per_fold:
        mean, std = ev.summary(per_fold)
        metrics.update(cv=per_fold, cv_mean=mean, cv_std=std)
    artifacts: dict[str, Any] = {}
    if len(X_test):
        evaluated_on = (X_test, y_test)
    else:  # diagnostics only: a sample of the training rows is enough
        sample = X.sample(n=min(len(X), 50_000), random_state=spec.seed).index
        evaluated_on = (X.loc[sample], y.loc[sample])
    predicted, proba = ev.scores(fitted, evaluated_on[0], task)
    if len(X_test):
        metrics["test"] = ev.metrics(y_test, predicted, proba, task, classes, positive)
    else:
        notes.append("no test set was kept apart: the curves show (a sample of) the training rows")
    artifacts["curves"] = ev.curves(evaluated_on[1], predicted, proba, task, classes, positive)
    if searched:
        artifacts["search"] = searched
    if spec.explain:
        report(progress, 0.9, "explaining the model")
        check(cancel)
        from threadpoolctl import threadpool_limits

        # Explaining predicts a few thousand rows a hundred times: OpenMP's threads cost
        # more than they give on such small batches (gradient boosting's predict was 4× to
        # 100× slower with them on a busy 2-core machine). The values are the same.
        with threadpool_limits(limits=1, user_api="openmp"):
            artifacts["importance"] = explain.importance(
                fitted, evaluated_on[0], evaluated_on[1], task, spec.seed
            )
            top = list(artifacts["importance"]["features"])[:3]
            artifacts["dependence"] = explain.dependence(
                fitted, evaluated_on[0], top, task, spec.seed
            )
    if spec.learning_curve and folds and len(X) <= 200_000:
        report(progress, 0.94, "learning curve")
        check(cancel)
        try:
            artifacts["learning_curve"] = explain.learning(spec, task, X, y, folds)
        except ValueError as exc:
            notes.append(f"no learning curve: {exc}")
    elif spec.learning_curve and len(X) > 200_000:
        notes.append("no learning curve above 200,000 training rows (it refits 12 times)")
    return {
        "model": fitted,
        "params": params,
        "metrics": metrics,
        "artifacts": artifacts,
        "notes": notes,
    }


def _fit_notes(caught: list[Any]) -> list[str]:
    """What the final fit warned that the analyst should know, as the run's notes: a model
    that did not converge (more iterations, or scaled features, would change it). Other
    library warnings (deprecations, ...) are not about this model and stay out."""
    from sklearn.exceptions import ConvergenceWarning

    # the first line says what happened; the rest points at web pages (offline here)
    said = dict.fromkeys(
        str(w.message).strip().splitlines()[0].rstrip(" :.")
        for w in caught
        if issubclass(w.category, ConvergenceWarning) and str(w.message).strip()
    )
    return [
        f"the final fit did not converge ({text}): more iterations (max_iter) may change the model"
        for text in said
    ]
