"""Runs from Python code (the `airlock` package, docs/python-api.md).

A notebook declares a run on a dataset version and a target; `declared_split` hands it the
same train/test rows a catalog run of that spec would use (so fairness, test suites and
model cards rebuild them from the run's spec later); `evaluate` computes what a catalog run
reports on the test rows (metrics, curves, permutation importance, partial dependence); and
`record` stores what the run logged — parameters, metrics with their steps, figures and
files, tags, a model from outside the catalog — in one audited transaction when it ends.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.errors import ValidationError
from engine.security.actor import Actor
from engine.training.spec import PRIMARY, RunSpec

if TYPE_CHECKING:
    import pandas as pd

    from engine.training.entities import Run
    from engine.training.service import TrainingService

SOURCE = "python"
MAX_FILE = 50 * 1024 * 1024  # one logged file or figure
MAX_STEPS = 100_000  # step values kept per metric
_NAME = re.compile(r"^[^\x00-\x1f/\\]{1,120}$")


@dataclass(frozen=True)
class Split:
    """The declared train and test rows of a run from code."""

    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series
    task: str
    features: tuple[str, ...]
    classes: tuple[Any, ...]
    positive: Any
    notes: tuple[str, ...]
    spec: dict[str, Any]  # the RunSpec (as JSON) that rebuilds these rows

    def __iter__(self) -> Any:  # X_train, X_test, y_train, y_test = run.split()
        return iter((self.X_train, self.X_test, self.y_train, self.y_test))


@dataclass
class CodeRun:
    """What a run from code logged, handed to `record` when it ends."""

    experiment: str
    project: str | None = None
    split: Split | None = None
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)  # the last value of each
    steps: dict[str, list[list[float]]] = field(default_factory=dict)  # name -> [step, value]
    tags: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (kind, bytes)
    model: Any = None
    # the model saved (skops bytes and types) when it was logged: what is stored, whatever
    # happens to the object in memory afterwards
    dumped: tuple[bytes, list[str]] | None = None
    label: str = ""  # the model's kind when it was logged
    example: Any = None  # input rows the saved model must predict identically
    evaluation: dict[str, Any] | None = None  # {"metrics": ..., "artifacts": ...}
    extra_metrics: dict[str, Any] = field(default_factory=dict)  # cv, cv_mean, search, ...
    extra_artifacts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source: dict[str, str] = field(default_factory=dict)  # notebook, notebook_sha256
    status: str = "finished"
    error: str = ""
    started: str = ""
    seconds: float = 0.0


def check_metric(name: str, value: Any) -> float:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(f"A metric name has 1 to 120 characters, no '/'. Got {name!r}.")
    if isinstance(value, bool) or not isinstance(value, int | float):
        if hasattr(value, "item") and not isinstance(value, bool):
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"Metric {name!r} must be a number. Got {value!r}.")
    return float(value)


def check_name(kind: str, name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(f"A {kind} name has 1 to 120 characters, no '/'. Got {name!r}.")
    return name


def check_file(name: str, data: bytes) -> None:
    check_name("file", name)
    if len(data) > MAX_FILE:
        raise ValidationError(
            f"{name} is {len(data) / 1e6:,.1f} MB; a run keeps files of at most "
            f"{MAX_FILE // 1024 // 1024} MB.",
            hint="Save large data as a dataset version (ws.data.save) instead.",
        )


def declared_split(
    service: TrainingService,
    actor: Actor,
    dataset: str,
    target: str,
    *,
    project: str | None = None,
    features: list[str] | None = None,
    exclude: list[str] | None = None,
    test_size: float = 0.2,
    seed: int = 42,
    task: str | None = None,
    positive: Any = None,
    experiment: str = "default",
    session_name: str = "",
) -> Split:
    """The train and test rows a catalog run of this spec uses; the rows leave the engine
    into the caller's session, so the read is audited as an export (format python)."""
    from engine.training.prepare import prepare

    spec = RunSpec(
        dataset=dataset,
        target=target,
        experiment=experiment,
        task=task,
        features=list(features) if features else None,
        exclude=list(exclude or []),
        test_size=test_size,
        seed=seed,
        positive=positive,
    ).check()
    service._access.require(actor, "training.run", f"experiment:{experiment}")
    version = service._data.version(actor, dataset, project)
    tags = service._tags(actor, version)
    for fit_check in service.fit_checks:
        fit_check.before_fit(actor, version, tags)
    frame = service._data.take(
        actor, version, purpose="run split", session_name=session_name
    ).to_pandas()
    prepared = prepare(frame, spec, list(version.schema), tags)
    spec.dataset, spec.task, spec.features = version.ref, prepared.task, list(prepared.features)
    spec.positive = plain(prepared.positive)
    train = ~prepared.test
    return Split(
        X_train=prepared.X[train].reset_index(drop=True),
        X_test=prepared.X[prepared.test].reset_index(drop=True),
        y_train=prepared.y[train].reset_index(drop=True),
        y_test=prepared.y[prepared.test].reset_index(drop=True),
        task=prepared.task,
        features=tuple(prepared.features),
        classes=tuple(plain(c) for c in prepared.classes),
        positive=spec.positive,
        notes=tuple(prepared.notes),
        spec=spec.as_json(),
    )


def evaluate(model: Any, split: Split, *, explain: bool = True) -> dict[str, Any]:
    """The evaluation a catalog run records, of a fitted model on the declared test rows:
    {"metrics": {...}, "artifacts": {...}}."""
    from threadpoolctl import threadpool_limits

    from engine.training import evaluate as ev
    from engine.training import explain as ex

    X, y = split.X_test, split.y_test
    if not len(X):
        raise ValidationError(
            "The run declares no test rows (test_size=0), so there is nothing to evaluate on."
        )
    classes, positive = list(split.classes), split.positive
    try:
        predicted, proba = ev.scores(model, X, split.task)
    except Exception as exc:
        raise ValidationError(
            f"The model cannot predict the run's test rows: {type(exc).__name__}: {exc}.",
            hint=f"Fit it on the run's training rows (columns: {', '.join(split.features)}).",
        ) from None
    metrics = ev.metrics(y, predicted, proba, split.task, classes, positive)
    artifacts: dict[str, Any] = {
        "curves": ev.curves(y, predicted, proba, split.task, classes, positive)
    }
    if explain:
        with threadpool_limits(limits=1, user_api="openmp"):
            artifacts["importance"] = ex.importance(model, X, y, split.task, split.spec["seed"])
            top = list(artifacts["importance"]["features"])[:3]
            artifacts["dependence"] = ex.dependence(model, X, top, split.task, split.spec["seed"])
    return {"metrics": metrics, "artifacts": artifacts}


def estimator_label(model: Any) -> str:
    """The model's kind as a run shows it: library and class of the final estimator."""
    final = model
    steps = getattr(model, "steps", None)
    if steps:
        final = steps[-1][1]
    best = getattr(final, "best_estimator_", None)
    if best is not None:
        final = best
    library = type(final).__module__.split(".")[0]
    label = f"{library}.{type(final).__name__}"
    return f"{label} (pipeline)" if steps else label


def record(service: TrainingService, actor: Actor, code: CodeRun) -> Run:
    """Record a run from code: checks, then one transaction and one audit entry."""
    from engine.training.modelio import trusted_modules
    from engine.training.records import record_run

    if code.model is not None or code.files:  # refused before the work on them
        service._access.require(actor, "training.run", f"experiment:{code.experiment}")
    metrics_logged = {k: check_metric(k, v) for k, v in code.metrics.items()}
    split = code.split
    spec: dict[str, Any] = dict(split.spec) if split else {}
    spec.update(source=SOURCE, **{k: v for k, v in code.source.items() if v})
    if code.tags:
        spec["tags"] = {str(k): str(v) for k, v in code.tags.items()}
    metrics: dict[str, Any] = {"values": metrics_logged, **code.extra_metrics}
    artifacts: dict[str, Any] = dict(code.extra_artifacts)
    if code.steps:
        artifacts["steps"] = {k: v[-MAX_STEPS:] for k, v in code.steps.items()}
    notes = list(split.notes if split else ()) + list(code.notes)
    dumped = None
    label = ""
    if split is not None:
        metrics.update(
            primary=PRIMARY[split.task],
            train_rows=len(split.X_train),
            test_rows=len(split.X_test),
        )
        if split.task != "regression":
            metrics.update(classes=list(split.classes), positive=split.positive)
    if code.model is not None and code.status == "finished":
        if code.dumped is None:  # not checked and saved when it was logged: now
            keep_model(
                service, actor, code, code.model, split, code.example, code.evaluation is None
            )
        assert code.dumped is not None
        dumped, label = code.dumped, code.label or estimator_label(code.model)
        used = trusted_modules(dumped[1], service.trusted_code(actor))
        if used:
            spec["trusted_code"] = used
        spec["estimator"] = label
        if code.evaluation:  # of the model as it was saved, on the declared test rows
            metrics["test"] = code.evaluation["metrics"]
            artifacts.update(code.evaluation["artifacts"])
    spec["model"] = label
    version = service._data.version(actor, split.spec["dataset"], code.project) if split else None
    return record_run(
        service,
        actor,
        code.project,
        code.experiment,
        status=code.status,
        spec=spec,
        params=_params(code.params),
        metrics=metrics,
        notes=notes,
        task=split.task if split else "",
        target=str(split.spec["target"]) if split else "",
        model=label,
        version_id=version.id if version else None,
        dataset_hash=version.content_hash if version else "",
        recipe_hash="",
        started=code.started,
        seconds=code.seconds,
        error=code.error,
        dumped=dumped,
        artifacts=artifacts or None,
        files=code.files or None,
        source=SOURCE,
    )


def keep_model(
    service: TrainingService,
    actor: Actor,
    code: CodeRun,
    model: Any,
    split: Split | None,
    example: Any,
    evaluate_it: bool,
) -> None:
    """Check `model` (its columns, the types it holds, identical predictions after loading
    back), save it into `code` as it is now, and — `evaluate_it` — evaluate it on the
    declared test rows. What is saved is what the run keeps, whatever the object in memory
    becomes afterwards."""
    from engine.training.modelio import dumps_checked

    if split is not None:
        check_columns(model, split)
    if example is None and split is not None:
        example = split.X_test.head(200) if len(split.X_test) else split.X_train.head(200)
    code.dumped = dumps_checked(model, example, service.trusted_code(actor))
    code.model, code.example, code.label = model, example, estimator_label(model)
    if evaluate_it and split is not None and len(split.X_test):
        code.evaluation = evaluate(model, split)


def check_columns(model: Any, split: Split) -> None:
    names = [str(n) for n in getattr(model, "feature_names_in_", [])]
    if not names:
        raise ValidationError(
            "The model does not record the columns it was fitted on.",
            hint="Fit it on a pandas DataFrame (the run's X_train), so that scoring, "
            "monitoring and fairness know which columns it reads.",
        )
    outside = [n for n in names if n not in split.features]
    if outside:
        raise ValidationError(
            f"The model reads {', '.join(repr(n) for n in outside)}, which "
            f"{'is' if len(outside) == 1 else 'are'} not among the run's columns of "
            f"{split.spec['dataset']}.",
            hint="Compute derived columns inside the pipeline (a ColumnTransformer step), or "
            "save the frame as a dataset version (ws.data.save) and start the run on it.",
        )


def _params(params: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in params.items():
        name = check_name("parameter", str(key))
        out[name] = plain(value)
    return out


def plain(value: Any) -> Any:
    """A value JSON can hold: numbers, text, lists; anything else as its text."""
    if hasattr(value, "item") and callable(value.item):
        try:
            value = value.item()
        except (ValueError, TypeError):
            return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


__all__ = ["CodeRun", "Split", "declared_split", "evaluate", "record"]
