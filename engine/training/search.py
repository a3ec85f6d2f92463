"""Validation splits, search candidates (grid, random, successive halving), and evaluating
candidate × fold tasks in parallel with progress and cancel — on local processes through
joblib, or on a Dask cluster through joblib's dask backend when a scheduler is configured.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import Cancelled, ValidationError
from engine.jobs import CancelToken, check
from engine.training.catalog import Estimator, Param
from engine.training.spec import LOWER_IS_BETTER, RunSpec, shown

MAX_GRID = 500


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


@dataclass(frozen=True)
class Range:
    """A numeric hyperparameter's range `LOW..HIGH`, which a random or halving search
    samples uniformly (log-uniformly where the catalog says the parameter is searched on a
    log scale)."""

    name: str
    low: float
    high: float
    log: bool
    whole: bool

    def sample(self, rng: np.random.Generator) -> float | int:
        if self.log and self.low > 0:
            value = math.exp(rng.uniform(math.log(self.low), math.log(self.high)))
        else:
            value = rng.uniform(self.low, self.high)
        value = min(max(value, self.low), self.high)
        return round(value) if self.whole else float(value)

    def __str__(self) -> str:
        return f"{self.low:g}{RANGE}{self.high:g}"


RANGE = ".."  # LOW..HIGH: one value of a search space that stands for a range


def space_values(text: str) -> list[str]:
    """A space as typed (`50, 100, 200` or `0.01..10`) as the values RunSpec.space holds."""
    return [v.strip() for v in text.split(",") if v.strip()]


def parse_values(param: Param, values: Any) -> list[Any] | Range:
    """One hyperparameter's search space: a list of values (each parsed and range-checked,
    duplicates dropped) or a list of one string LOW..HIGH, a Range. Errors name it."""
    name = param.name
    if not isinstance(values, list) or not values:
        raise ValidationError(
            f"The search space of {name!r} is empty.",
            hint="Give values to try, e.g. 1, 10, 100, or a range, e.g. 1..100.",
        )
    ranges = [v for v in values if isinstance(v, str) and RANGE in v]
    if not ranges:
        out: list[Any] = []
        for value in values:
            parsed = param.parse(value)
            if parsed not in out:
                out.append(parsed)
        return out
    if len(values) > 1:
        raise ValidationError(
            f"The search space of {name!r} is either values or one range "
            f"LOW..HIGH, not both. Got {', '.join(map(str, values))}."
        )
    if param.kind not in ("int", "float", "optional_int"):
        listed = ", ".join(str(v) for v in (param.search or param.choices or (True, False)))
        raise ValidationError(
            f"The hyperparameter {name!r} takes values, not a range.",
            hint=f"List the values to try, e.g. {listed}.",
        )
    low_text, _, high_text = ranges[0].partition(RANGE)
    low, high = param.parse(low_text), param.parse(high_text)
    if low is None or high is None or not low < high:
        raise ValidationError(
            f"The range of {name!r} must be LOW..HIGH with LOW below HIGH."
            f" Got {ranges[0]!r} instead.",
            hint=f"{name} must be {param.allowed()}.",
        )
    return Range(name, float(low), float(high), param.log, param.kind in ("int", "optional_int"))


def parse_space(
    model: Estimator, space: dict[str, Any], search: str | None
) -> dict[str, list[Any] | Range]:
    """The search space as given, checked: each name a hyperparameter of `model`, each
    value allowed; a grid takes values only and at most MAX_GRID combinations."""
    parsed = {name: parse_values(model.param(name), values) for name, values in space.items()}
    if search == "grid":
        for name, values in parsed.items():
            if isinstance(values, Range):
                raise ValidationError(
                    f"A grid search tries listed values; the search space of {name!r} is a "
                    f"range ({values}).",
                    hint="List the values to try, e.g. 1, 10, 100, or choose a random or "
                    "halving search, which samples the range.",
                )
        check_grid(grid_size(parsed))
    return parsed


def grid_size(space: Mapping[str, list[Any] | Range]) -> int:
    """Candidates of a grid over `space` (its value lists; a range is not a grid's)."""
    return math.prod(len(v) for v in space.values() if isinstance(v, list))


def check_grid(size: int) -> None:
    if size > MAX_GRID:
        raise ValidationError(
            f"The grid has {size:,} candidates (at most {MAX_GRID}).",
            hint="Give fewer values, or choose a random search.",
        )


def default_space(model: Estimator, task: str, fixed: dict[str, Any]) -> dict[str, list[Any]]:
    """What a search tries when given no space: the catalog's values of every hyperparameter
    not given a fixed value."""
    return {
        p.name: list(p.search) for p in model.params_for(task) if p.search and p.name not in fixed
    }


def _sample(param: Param, rng: np.random.Generator) -> Any:
    """A random value for a search: choices from the catalog's search list; numbers between
    the smallest and largest of those (log-uniform where the catalog says so), not across the
    whole valid range, whose ends are rarely sensible."""
    if param.kind in ("choice", "bool"):
        options = param.search or param.choices or (True, False)
        return options[int(rng.integers(len(options)))]
    numbers = [float(v) for v in param.search if v is not None]
    if len(numbers) >= 2:
        low, high = min(numbers), max(numbers)
    else:
        low = param.low if param.low is not None else 0.0
        high = param.high if param.high is not None else low + 1
    if None in param.search and rng.random() < 1 / len(param.search):
        return None  # e.g. unlimited depth, as often as the grid would try it
    return Range(param.name, low, high, param.log, param.kind in ("int", "optional_int")).sample(
        rng
    )


def _nothing(model: Estimator) -> ValidationError:
    return ValidationError(
        f"{model.title} has nothing to search; give values to search.",
        hint="Choose hyperparameters to search and the values to try, "
        "e.g. C=0.1,1,10, or a range, e.g. C=0.01..10.",
    )


def candidates(spec: RunSpec, model: Estimator, task: str) -> list[dict[str, Any]]:
    """The hyperparameter sets to evaluate, each complete and checked. A given space is
    searched as given (values, or a range a random search samples); without one, the
    catalog's values of every hyperparameter not fixed."""
    base = model.check(spec.params, task)
    if spec.search is None:
        return [base]
    space = parse_space(model, spec.space, spec.search)
    for name in space:
        if task not in model.param(name).tasks:
            raise ValidationError(
                f"The hyperparameter {name!r} of {model.title} applies to "
                f"{', '.join(model.param(name).tasks)} tasks, not {task}."
            )
    if spec.search == "grid":
        grid = {n: v for n, v in space.items() if isinstance(v, list)} or default_space(
            model, task, spec.params
        )  # parse_space refused a range
        if not grid:
            raise _nothing(model)
        check_grid(grid_size(grid))
        names = list(grid)
        return [
            dict(base, **dict(zip(names, combo, strict=True)))
            for combo in itertools.product(*(grid[n] for n in names))
        ]
    rng = np.random.default_rng(spec.seed)
    sampled: list[dict[str, Any]] = []
    seen: set[str] = set()
    params = (
        {}
        if space
        else {p.name: p for p in model.params_for(task) if p.search and p.name not in spec.params}
    )
    if not space and not params:
        raise _nothing(model)
    for _ in range(int(spec.n_iter) * 20):
        if len(sampled) >= int(spec.n_iter):
            break
        chosen = dict(base)
        for name, values in space.items():
            chosen[name] = (
                values.sample(rng)
                if isinstance(values, Range)
                else values[int(rng.integers(len(values)))]
            )
        for name, param in params.items():
            chosen[name] = param.parse(_sample(param, rng))
        key = repr(sorted(chosen.items(), key=lambda kv: kv[0]))
        if key not in seen:
            seen.add(key)
            sampled.append(chosen)
    return sampled


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
