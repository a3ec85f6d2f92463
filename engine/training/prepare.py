"""Preparing a dataset version for a run: the target checked and its task detected, the
features chosen (with warnings for sensitive and leaking columns), the positive class, and
the final test rows kept apart from fitting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import ValidationError
from engine.training.spec import (
    SPLIT_COLUMN,
    RunSpec,
    detect_task,
    shown,
)


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
