"""Validation splits, search candidates (grid, random, successive halving), and evaluating
candidate × fold tasks in parallel with progress and cancel — on local processes through
joblib, or on a Dask cluster through joblib's dask backend when a scheduler is configured.
"""

from __future__ import annotations

__all__ = [
    "MAX_GRID",
    "RANGE",
    "Outcome",
    "Range",
    "backend",
    "candidates",
    "check_grid",
    "default_space",
    "evaluate",
    "fit_and_score",
    "grid_size",
    "halving",
    "parse_space",
    "parse_values",
    "rank",
    "space_values",
    "splits",
]

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import Cancelled, ValidationError
from engine.jobs import CancelToken, check
from engine.training.spaces import (
    MAX_GRID,
    RANGE,
    Range,
    candidates,
    check_grid,
    default_space,
    grid_size,
    parse_space,
    parse_values,
    space_values,
)
from engine.training.spec import LOWER_IS_BETTER, RunSpec, shown


def splits(
    spec: RunSpec,
    task: str,
    X: pd.DataFrame,
    y: pd.Series,
    groups: pd.Series | None,
    times: pd.Series | None,
) -> tuple[str, list[tuple[np.ndarray, np.ndarray]]]:
    """The validation scheme's (train, validation) row indexes over the training rows."""
    from sklearn import model_selection as ms

    scheme = spec.scheme or ("stratified" if task != "regression" else "kfold")
    rows = len(X)
    if scheme == "none":
        return scheme, []
    if scheme == "holdout":
        stratify = y if task != "regression" and y.value_counts().min() >= 2 else None
        train, val = ms.train_test_split(
            np.arange(rows),
            test_size=spec.holdout or 0.2,
            random_state=spec.seed,
            stratify=stratify,
        )
        return scheme, [(np.sort(train), np.sort(val))]
    folds = int(spec.folds)
    if folds > rows:
        raise ValidationError(
            f"{folds} folds need at least {folds} rows; the training part has {rows}.",
            hint="Use fewer folds.",
        )
    if scheme == "stratified":
        if task == "regression":
            raise ValidationError(
                "Stratified folds are for classification; use kfold for regression."
            )
        smallest = y.value_counts()
        if smallest.min() < folds:
            raise ValidationError(
                f"Stratified {folds}-fold needs at least {folds} rows of every class; class "
                f"{shown(smallest.idxmin())} has {int(smallest.min())} in the training part.",
                hint=f"Use at most {int(smallest.min())} folds, or another scheme.",
            )
        splitter: Any = ms.StratifiedKFold(folds, shuffle=True, random_state=spec.seed)
        return scheme, [(a, b) for a, b in splitter.split(X, y)]
    if scheme == "group":
        assert groups is not None
        distinct = groups.nunique()
        if distinct < folds:
            raise ValidationError(
                f"Group {folds}-fold needs at least {folds} groups; {spec.group!r} has {distinct}."
            )
        return scheme, list(ms.GroupKFold(folds).split(X, y, groups))
    if scheme == "time":
        assert times is not None
        order = np.argsort(times.to_numpy(), kind="stable")
        out = []
        for a, b in ms.TimeSeriesSplit(folds).split(order):
            out.append((np.sort(order[a]), np.sort(order[b])))
        return scheme, out
    splitter = ms.KFold(folds, shuffle=True, random_state=spec.seed)
    return scheme, list(splitter.split(X))


@dataclass
class Outcome:
    candidate: int
    fold: int
    metrics: dict[str, float | None]
    seconds: float


def fit_and_score(
    spec: RunSpec,
    task: str,
    params: dict[str, Any],
    X: pd.DataFrame,
    y: pd.Series,
    train: np.ndarray,
    val: np.ndarray,
    classes: list[Any],
    positive: Any,
    candidate: int,
    fold: int,
) -> Outcome:
    """One candidate on one fold (runs in a worker process or on a Dask worker)."""
    import warnings

    from engine.training.evaluate import metrics, scores
    from engine.training.pipeline import build

    start = time.perf_counter()
    pipeline = build(spec, task, params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; the metrics tell the story
        pipeline.fit(X.iloc[train], y.iloc[train])
        predicted, proba = scores(pipeline, X.iloc[val], task)
    result = metrics(y.iloc[val], predicted, proba, task, classes, positive)
    return Outcome(candidate, fold, result, time.perf_counter() - start)


@contextlib.contextmanager
def backend(scheduler: str | None) -> Iterator[str]:
    """Local processes (joblib's loky), or the Dask cluster at `scheduler`."""
    from joblib import parallel_config

    if not scheduler:
        from engine.training.workers import remove_stale_memmaps, worker_init

        remove_stale_memmaps()
        # no memory-mapped copies of the data; workers end with their parent (workers.py)
        with parallel_config(backend="loky", max_nbytes=None, initializer=worker_init):
            yield "local"
        return
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - a dependency
        raise ValidationError(
            "A Dask scheduler is configured but dask.distributed is not installed."
        ) from None
    try:
        client = Client(scheduler, timeout=5, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ValidationError(
            f"Cannot reach the Dask scheduler at {scheduler}: {exc}.",
            hint="Check the address (setting dask_scheduler or "
            "AIRLOCK_DASK_SCHEDULER) or clear it to run locally.",
        ) from None
    try:
        with parallel_config(backend="dask", client=client):
            yield f"dask {scheduler}"
    finally:
        client.close()


def evaluate(
    spec: RunSpec,
    task: str,
    candidates_: list[dict[str, Any]],
    X: pd.DataFrame,
    y: pd.Series,
    folds: list[tuple[np.ndarray, np.ndarray]],
    classes: list[Any],
    positive: Any,
    *,
    scheduler: str | None,
    on_result: Callable[[Outcome, int, int], None],
    cancel: CancelToken | None,
) -> list[Outcome]:
    """Every candidate on every fold, in parallel; `on_result(outcome, done, total)` after
    each. A cancel stops at the next finished task and raises Cancelled."""
    from joblib import Parallel, delayed

    work = [(c, f) for c in range(len(candidates_)) for f in range(len(folds))]
    if not work:
        return []
    outcomes: list[Outcome] = []
    jobs = 1 if len(work) == 1 else int(spec.n_jobs)
    with backend(scheduler):
        results = Parallel(n_jobs=jobs, return_as="generator_unordered")(
            delayed(fit_and_score)(
                spec, task, candidates_[c], X, y, folds[f][0], folds[f][1], classes, positive, c, f
            )
            for c, f in work
        )
        try:
            for outcome in results:
                outcomes.append(outcome)
                on_result(outcome, len(outcomes), len(work))
                check(cancel)
        except Cancelled:
            with contextlib.suppress(Exception):
                results.close()  # pending tasks are dropped
            raise
    outcomes.sort(key=lambda o: (o.candidate, o.fold))
    return outcomes


def rank(outcomes: list[Outcome], metric: str, count: int) -> list[tuple[int, float]]:
    """(candidate, mean of `metric` over its folds), best first."""
    by: dict[int, list[float]] = {}
    for outcome in outcomes:
        value = outcome.metrics.get(metric)
        by.setdefault(outcome.candidate, []).append(math.nan if value is None else float(value))
    worse = math.inf if metric in LOWER_IS_BETTER else -math.inf
    means = []
    for candidate in range(count):
        values = [v for v in by.get(candidate, []) if not math.isnan(v)]
        means.append((candidate, float(np.mean(values)) if values else worse))
    return sorted(means, key=lambda cm: cm[1], reverse=metric not in LOWER_IS_BETTER)


def halving(
    spec: RunSpec,
    task: str,
    pool: list[dict[str, Any]],
    X: pd.DataFrame,
    y: pd.Series,
    folds: list[tuple[np.ndarray, np.ndarray]],
    classes: list[Any],
    positive: Any,
    metric: str,
    *,
    scheduler: str | None,
    on_result: Callable[[Outcome, int, int], None],
    cancel: CancelToken | None,
) -> tuple[list[Outcome], list[dict[str, Any]]]:
    """Successive halving: every candidate on a small share of the training rows, the best
    third on three times as many, … until one is left or all rows are used. Returns the
    outcomes of the last round (indexed into the returned candidate list)."""
    factor = 3
    rounds = max(1, math.ceil(math.log(max(len(pool), 1), factor)))
    share = factor ** -(rounds - 1)
    alive = list(range(len(pool)))
    rng = np.random.default_rng(spec.seed)
    total = sum(math.ceil(len(pool) / factor**r) for r in range(rounds)) * len(folds)
    done = 0
    last: list[Outcome] = []
    for round_ in range(rounds):
        subset = [pool[i] for i in alive]
        reduced = []
        for train, val in folds:
            keep = max(int(len(train) * min(share, 1.0)), 2)
            reduced.append((np.sort(rng.permutation(train)[:keep]), val))

        def counted(outcome: Outcome, _done: int, _total: int) -> None:
            nonlocal done
            done += 1
            on_result(outcome, done, total)

        last = evaluate(
            spec,
            task,
            subset,
            X,
            y,
            reduced if round_ < rounds - 1 else folds,
            classes,
            positive,
            scheduler=scheduler,
            on_result=counted,
            cancel=cancel,
        )
        ranked = rank(last, metric, len(subset))
        if round_ == rounds - 1 or len(subset) <= 1:
            pool, alive = subset, list(range(len(subset)))
            break
        keep_n = max(1, math.ceil(len(subset) / factor))
        alive = [alive[c] for c, _ in ranked[:keep_n]]
        share *= factor
    return last, pool
