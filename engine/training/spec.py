"""What a run is: dataset version + target + features + recipe + estimator + hyperparameters
+ validation scheme + search + seed. Checking a spec against the data (task detection,
feature choice, the bad inputs a user can give) happens here, before anything is fitted."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import ValidationError
from engine.training.catalog import DEFAULT_MODEL, TASKS, estimator

SCHEMES = ("kfold", "stratified", "group", "time", "holdout", "none")
SEARCHES = ("grid", "random", "halving")
CALIBRATION = ("sigmoid", "isotonic")
METRICS = {
    "binary": (
        "roc_auc",
        "pr_auc",
        "accuracy",
        "balanced_accuracy",
        "precision",
        "recall",
        "f1",
        "log_loss",
        "brier",
    ),
    "multiclass": (
        "accuracy",
        "balanced_accuracy",
        "f1_macro",
        "precision_macro",
        "recall_macro",
        "log_loss",
    ),
    "regression": ("rmse", "mae", "r2", "mape"),
}
PRIMARY = {"binary": "roc_auc", "multiclass": "f1_macro", "regression": "rmse"}
LOWER_IS_BETTER = {"log_loss", "brier", "rmse", "mae", "mape"}
SPLIT_COLUMN = "split"  # made by a recipe's split step: train / validation / test


@dataclass
class RunSpec:
    dataset: str  # NAME@V
    target: str
    experiment: str = "default"
    task: str | None = None  # detected when None
    features: list[str] | None = None  # None: every usable column (see choose_features)
    exclude: list[str] = field(default_factory=list)
    recipe: dict[str, Any] | None = None  # column steps, compiled into the pipeline
    model: str = DEFAULT_MODEL
    params: dict[str, Any] = field(default_factory=dict)
    balanced: bool = False  # class weights for imbalance
    calibration: str | None = None  # probability calibration: sigmoid or isotonic
    scheme: str | None = None  # validation scheme; default stratified / kfold by task
    folds: int = 5
    group: str | None = None  # column for group k-fold
    time: str | None = None  # column for time-series splits
    holdout: float = 0.2  # validation share for the holdout scheme
    test_size: float = 0.2  # final test set kept apart (unless the data has a split column)
    search: str | None = None  # grid, random or halving
    n_iter: int = 20  # candidates of a random search (and the start of halving)
    # what a search tries per hyperparameter: values, or one string LOW..HIGH (a range a
    # random or halving search samples; a grid refuses it)
    space: dict[str, list[Any]] = field(default_factory=dict)
    metric: str | None = None  # what the search optimises; default by task
    seed: int = 42
    positive: Any = None  # the positive class of a binary task; default detected
    learning_curve: bool = True
    explain: bool = True  # permutation importance and partial dependence
    n_jobs: int = 2

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> RunSpec:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in body.items() if k in known})

    def check(self) -> RunSpec:
        """Check what can be checked without the data; returns self."""
        from engine.data.datasets import check_dataset_name

        check_dataset_name(self.experiment, "experiment")
        model = estimator(self.model)
        if self.task is not None and self.task not in TASKS:
            raise ValidationError(
                f"The task must be one of {', '.join(TASKS)}. Got {self.task!r} instead."
            )
        if self.scheme is not None and self.scheme not in SCHEMES:
            raise ValidationError(
                f"The validation scheme must be one of {', '.join(SCHEMES)}."
                f" Got {self.scheme!r} instead."
            )
        if self.search is not None and self.search not in SEARCHES:
            raise ValidationError(
                f"The search must be one of {', '.join(SEARCHES)}. Got {self.search!r} instead."
            )
        if self.calibration is not None and self.calibration not in CALIBRATION:
            raise ValidationError(
                f"Calibration must be sigmoid or isotonic. Got {self.calibration!r} instead."
            )
        if not 2 <= int(self.folds) <= 100:
            raise ValidationError(
                f"The number of folds must be from 2 to 100. Got {self.folds!r} instead."
            )
        for name, value in (("test_size", self.test_size), ("holdout", self.holdout)):
            if not 0 <= float(value) < 0.9:
                raise ValidationError(f"'{name}' must be a share from 0 to 0.9. Got {value!r}.")
        if not 1 <= int(self.n_iter) <= 10_000:
            raise ValidationError(f"'n_iter' must be from 1 to 10,000. Got {self.n_iter!r}.")
        if not 1 <= int(self.n_jobs) <= 256:
            raise ValidationError(f"'n_jobs' must be from 1 to 256. Got {self.n_jobs!r}.")
        if self.scheme == "group" and not self.group:
            raise ValidationError(
                "Group k-fold needs the group column.",
                hint="Choose the column whose rows must stay in one fold "
                "(e.g. a customer), or another scheme.",
            )
        if self.scheme == "time" and not self.time:
            raise ValidationError(
                "Time-series splits need the time column.",
                hint="Choose the column that orders the rows in time, or another scheme.",
            )
        if self.space and self.search is None:
            raise ValidationError(
                "A search space is given but no search.",
                hint="Choose a grid, random or halving search, or leave the search space out.",
            )
        tasks = (self.task,) if self.task else model.tasks
        for task in tasks:  # a bad value fails before any data is read
            if task in model.tasks:
                model.check(self.params, task)
        if self.search is not None:
            from engine.training.search import parse_space

            parse_space(model, self.space, self.search)
        if self.recipe is not None:
            from engine.data.recipe_model import FEATURE_STEPS, check_recipe

            body = check_recipe(self.recipe)
            rows = [s["op"] for s in body["steps"] if s["op"] not in FEATURE_STEPS]
            if rows:
                raise ValidationError(
                    "A training recipe holds column steps only (impute, encode, scale, bin, "
                    f"clip); it has {', '.join(sorted(set(rows)))}.",
                    hint="Make a prepared version with `airlock data prepare` first, then "
                    "train on it.",
                )
            self.recipe = body
        return self


def shown(value: Any) -> str:
    """A value as a user reads it: 1, not np.int64(1)."""
    return repr(value.item() if isinstance(value, np.generic) else value)


# names a target column usually has (compared without case, spaces or dashes)
TARGET_NAMES = (
    "default",
    "defaulted",
    "target",
    "label",
    "y",
    "outcome",
    "class",
    "churn",
    "churned",
    "fraud",
    "is_fraud",
    "survived",
    "response",
    "approved",
    "converted",
    "attrition",
    "exited",
)


def guess_target(schema: list[dict[str, Any]]) -> str | None:
    """The column a form offers as the target: one named like a target; else the last
    column that looks like a label (2 to 20 distinct values, not an identifier or a date or
    free text); else the last column."""
    names = [str(c["name"]) for c in schema]
    for column in names:
        if column.strip().lower().replace(" ", "_").replace("-", "_") in TARGET_NAMES:
            return column
    for column in reversed(schema):
        distinct = column.get("distinct")
        if (
            column.get("semantic") in ("boolean", "categorical", "numeric")
            and distinct is not None
            and 2 <= int(distinct) <= 20
        ):
            return str(column["name"])
    return names[-1] if names else None


def detect_task(y: pd.Series) -> str:
    """binary for two classes; multiclass for text labels or few whole numbers; regression
    for other numbers."""
    values = y.dropna()
    distinct = values.nunique()
    if pd.api.types.is_bool_dtype(values) or distinct == 2:
        return "binary"
    if not pd.api.types.is_numeric_dtype(values):
        return "multiclass"
    whole = bool(np.all(np.mod(values.to_numpy(dtype=float), 1) == 0))
    if whole and distinct <= 20:
        return "multiclass"
    return "regression"


@dataclass
class Prepared:
    """The checked data of a run: features, target, the rows kept for the final test."""

    task: str
    features: list[str]
    X: pd.DataFrame
    y: pd.Series
    test: np.ndarray  # boolean mask: rows of the final test set
    groups: pd.Series | None
    times: pd.Series | None
    notes: list[str]
    positive: Any
    classes: list[Any]


def prepare(
    frame: pd.DataFrame, spec: RunSpec, schema: list[dict[str, Any]], tags: dict[str, list[str]]
) -> Prepared:
    """Check the data against the spec; every refusal names the column and what to do."""
    notes: list[str] = []
    columns = list(frame.columns)
    if spec.target not in columns:
        raise ValidationError(
            f"The target {spec.target!r} is not a column of {spec.dataset}.",
            hint="Columns: " + ", ".join(columns),
        )
    y = frame[spec.target]
    missing = int(y.isna().sum())
    if missing == len(y):
        raise ValidationError(f"The target {spec.target!r} has no values.")
    keep = y.notna().to_numpy()
    if missing:
        notes.append(f"{missing:,} rows without a target value were left out")
    task = spec.task or detect_task(y[keep])
    values = y[keep]
    if task == "regression" and not pd.api.types.is_numeric_dtype(values):
        raise ValidationError(
            f"A regression target must be numeric; {spec.target!r} holds "
            f"text such as {str(values.iloc[0])!r}.",
            hint="Choose a numeric column, or a classification task.",
        )
    classes: list[Any] = []
    positive = None
    if task != "regression":
        counts = values.value_counts()
        if len(counts) < 2:
            raise ValidationError(
                f"The target {spec.target!r} has only one class "
                f"({shown(counts.index[0])}); a classifier needs at least two.",
                hint="Check the target column or filter the data differently.",
            )
        if task == "binary" and len(counts) > 2:
            raise ValidationError(
                f"The task is binary but {spec.target!r} has {len(counts)} classes.",
                hint="Choose multiclass.",
            )
        classes = sorted(counts.index.tolist(), key=str)
        if task == "binary":
            positive = _positive(spec.positive, classes, counts)
    semantic = {c["name"]: c.get("semantic", "") for c in schema}
    features = choose_features(frame, spec, semantic, tags, notes)
    if not features:
        raise ValidationError(
            "No columns are left to learn from.",
            hint="Choose features with --features, or import more columns.",
        )
    _warn_leakage(frame.loc[keep], spec.target, features, task, notes)
    for role, column in (("group", spec.group), ("time", spec.time)):
        if column and column not in columns:
            raise ValidationError(
                f"The {role} column {column!r} does not exist.",
                hint="Columns: " + ", ".join(columns),
            )
    test = _test_rows(frame, spec, task, keep, notes)
    groups = frame.loc[keep, spec.group].reset_index(drop=True) if spec.group else None
    times = frame.loc[keep, spec.time].reset_index(drop=True) if spec.time else None
    X = frame.loc[keep, features].reset_index(drop=True)
    return Prepared(
        task,
        features,
        X,
        values.reset_index(drop=True),
        test,
        groups,
        times,
        notes,
        positive,
        classes,
    )


def _positive(given: Any, classes: list[Any], counts: pd.Series) -> Any:
    if given is not None:
        for value in classes:
            if str(value) == str(given):
                return value
        raise ValidationError(
            f"The positive class {given!r} is not one of the target's "
            f"classes ({', '.join(map(str, classes))})."
        )
    for candidate in (1, True, "1", "yes", "Yes", "true", "True"):
        if candidate in classes:
            return candidate
    return counts.index[-1]  # the rarer class


def choose_features(
    frame: pd.DataFrame,
    spec: RunSpec,
    semantic: dict[str, str],
    tags: dict[str, list[str]],
    notes: list[str],
) -> list[str]:
    if spec.features:
        unknown = [c for c in spec.features if c not in frame.columns]
        if unknown:
            raise ValidationError(
                "These features are not columns of the data: " + ", ".join(unknown)
            )
        if spec.target in spec.features:
            raise ValidationError(f"The target {spec.target!r} cannot also be a feature.")
        given = [c for c in spec.features if c not in spec.exclude]
        _warn_sensitive(given, tags, notes)
        return given
    chosen, left_out = [], []
    for column in frame.columns:
        if (
            column == spec.target
            or column in spec.exclude
            or column in (spec.group, spec.time, SPLIT_COLUMN)
        ):
            continue
        kind = semantic.get(column, "")
        why = (
            "identifier"
            if kind == "identifier" or "identifier" in tags.get(column, [])
            else "sensitive attribute"
            if "sensitive" in tags.get(column, [])
            else "free text"
            if kind == "text"
            else "date (derive its parts with a recipe)"
            if kind == "datetime" or pd.api.types.is_datetime64_any_dtype(frame[column])
            else ""
        )
        if why:
            left_out.append(f"{column} ({why})")
        else:
            chosen.append(column)
    if left_out:
        notes.append("left out of the features: " + ", ".join(left_out))
    _warn_sensitive(chosen, tags, notes)
    return chosen


def _warn_sensitive(features: list[str], tags: dict[str, list[str]], notes: list[str]) -> None:
    """A feature whose name suggests a sensitive attribute nobody has looked at: the model
    may decide by it and no fairness check groups by it (a credit model trained on `sex`
    went to production with "No gates apply")."""
    from engine.data.pii import sensitive_by_name

    for column in sensitive_by_name(list(features), tags):
        notes.append(
            f"SENSITIVE ATTRIBUTE? {column!r} looks like one and is a feature: tag "
            "it sensitive (training leaves it out, fairness checks group by it) or "
            "not_sensitive to dismiss this"
        )


def _warn_leakage(
    frame: pd.DataFrame, target: str, features: list[str], task: str, notes: list[str]
) -> None:
    """A feature that equals the target (or maps one to one onto its classes) is leakage.
    Cheap first: only a column with as many distinct values as the target is looked at."""
    y = frame[target]
    distinct = y.nunique()
    for column in features:
        x = frame[column]
        if x.isna().any() or x.nunique() != distinct:
            continue
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            same = bool(np.array_equal(x.to_numpy(dtype=float), y.to_numpy(dtype=float)))
        else:
            same = x.astype(str).equals(y.astype(str))
        if not same and task != "regression":
            pairs = pd.DataFrame({"x": x.to_numpy(), "y": y.to_numpy()}).drop_duplicates()
            same = len(pairs) == distinct
        if same:
            notes.append(
                f"LEAKAGE WARNING: feature {column!r} determines the target "
                f"{target!r} exactly; leave it out unless it is known before the "
                "decision"
            )


def _test_rows(
    frame: pd.DataFrame, spec: RunSpec, task: str, keep: np.ndarray, notes: list[str]
) -> np.ndarray:
    """The final test set, kept apart from fitting, search and cross-validation."""
    rows = int(keep.sum())
    if SPLIT_COLUMN in frame.columns:
        split = frame.loc[keep, SPLIT_COLUMN].astype(str).str.lower().to_numpy()
        if (split == "test").any():
            notes.append(
                f"the test set is the {int((split == 'test').sum()):,} rows the "
                "recipe marked 'test'"
            )
            return split == "test"
    if spec.test_size == 0:
        return np.zeros(rows, dtype=bool)
    count = max(1, round(rows * spec.test_size))
    if spec.time:
        if spec.time not in frame.columns:
            raise ValidationError(f"The time column {spec.time!r} does not exist.")
        order = np.argsort(frame.loc[keep, spec.time].to_numpy(), kind="stable")
        test = np.zeros(rows, dtype=bool)
        test[order[-count:]] = True  # the latest rows
        return test
    from sklearn.model_selection import train_test_split

    y = frame.loc[keep, spec.target].to_numpy()
    stratify = y if task != "regression" and pd.Series(y).value_counts().min() >= 2 else None
    _, test_index = train_test_split(
        np.arange(rows), test_size=count, random_state=spec.seed, stratify=stratify
    )
    test = np.zeros(rows, dtype=bool)
    test[test_index] = True
    return test
