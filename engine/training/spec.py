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
            raise ValidationError(f"The task must be one of {', '.join(TASKS)}. Got {self.task!r}.")
        if self.scheme is not None and self.scheme not in SCHEMES:
            raise ValidationError(
                f"The validation scheme must be one of {', '.join(SCHEMES)}. Got {self.scheme!r}."
            )
        if self.search is not None and self.search not in SEARCHES:
            raise ValidationError(
                f"The search must be one of {', '.join(SEARCHES)}. Got {self.search!r}."
            )
        if self.calibration is not None and self.calibration not in CALIBRATION:
            raise ValidationError(
                f"Calibration must be sigmoid or isotonic. Got {self.calibration!r}."
            )
        if not 2 <= int(self.folds) <= 100:
            raise ValidationError(f"The number of folds must be from 2 to 100. Got {self.folds!r}.")
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
            from engine.training.spaces import parse_space

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
