"""Explanations of a fitted pipeline: permutation importance, partial dependence, the
learning curve, and a per-row explanation of one record."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

SAMPLE = 5_000  # rows used for importance and dependence


def _score_name(task: str) -> str:
    return {"binary": "roc_auc", "multiclass": "balanced_accuracy", "regression": "r2"}[task]


def importance(model: Any, X: pd.DataFrame, y: pd.Series, task: str, seed: int) -> dict[str, Any]:
    """How much the score drops when one feature's values are shuffled (5 repeats)."""
    from sklearn.inspection import permutation_importance

    rows = np.random.default_rng(seed).permutation(len(X))[:SAMPLE]
    scoring = _score_name(task)
    if task == "binary" and y.iloc[rows].nunique() < 2:
        scoring = "accuracy"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = permutation_importance(
            model,
            X.iloc[rows],
            y.iloc[rows],
            scoring=scoring,
            n_repeats=5,
            random_state=seed,
            n_jobs=1,
        )
    order = np.argsort(-result.importances_mean)
    return {
        "scoring": scoring,
        "features": [str(X.columns[i]) for i in order],
        "mean": [float(result.importances_mean[i]) for i in order],
        "std": [float(result.importances_std[i]) for i in order],
    }


def dependence(
    model: Any, X: pd.DataFrame, features: list[str], task: str, seed: int
) -> list[dict[str, Any]]:
    """Partial dependence of the prediction on each of `features` (numeric ones)."""
    from sklearn.inspection import partial_dependence

    rows = np.random.default_rng(seed).permutation(len(X))[:SAMPLE]
    sample = X.iloc[rows]
    out = []
    for feature in features:
        if not pd.api.types.is_numeric_dtype(sample[feature]) or sample[feature].nunique() < 2:
            continue
        if pd.api.types.is_integer_dtype(sample[feature]):  # the grid lies between integers
            sample = sample.assign(**{feature: sample[feature].astype("float64")})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = partial_dependence(
                model, sample, [feature], grid_resolution=20, kind="average"
            )
        values = result["average"]
        curve = values[-1] if values.ndim > 1 else values  # the positive / last class
        out.append(
            {
                "feature": feature,
                "grid": [float(v) for v in result["grid_values"][0]],
                "average": [float(v) for v in np.ravel(curve)],
            }
        )
    return out


def learning(
    spec: Any, task: str, X: pd.DataFrame, y: pd.Series, folds: list[tuple[np.ndarray, np.ndarray]]
) -> dict[str, Any]:
    """Training and validation score by training-set size (3 folds at most)."""
    from sklearn.model_selection import learning_curve

    from engine.training.pipeline import build

    scoring = _score_name(task)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sizes, train, val = learning_curve(
            build(spec, task),
            X,
            y,
            cv=folds[:3],
            train_sizes=np.linspace(0.2, 1.0, 4),
            scoring=scoring,
            n_jobs=1,
            shuffle=True,
            random_state=spec.seed,
        )
    return {
        "scoring": scoring,
        "sizes": [int(s) for s in sizes],
        "train": [float(v) for v in np.nanmean(train, axis=1)],
        "validation": [float(v) for v in np.nanmean(val, axis=1)],
    }


@dataclass(frozen=True)
class Contribution:
    feature: str
    value: Any  # the record's value
    typical: Any  # the median, or the most frequent category
    contribution: float  # how far setting the feature to `typical` moves the output


@dataclass(frozen=True)
class RowExplanation:
    row: int  # counted from 1
    prediction: Any
    output: float  # the value (regression) or the probability of the class `of` names
    of: str
    contributions: tuple[Contribution, ...]  # the largest first


def row(
    model: Any, X: pd.DataFrame, index: int, task: str, classes: list[Any], positive: Any
) -> RowExplanation:
    """Why the model predicts what it predicts for one record: each feature in turn set to
    a typical value (median, or most frequent category), and how far the prediction moves.
    Positive contributions push towards the predicted value (or the positive class)."""
    if not 0 <= index < len(X):
        from engine.errors import ValidationError

        raise ValidationError(f"There is no row {index + 1}; the data has {len(X):,} rows.")
    record = X.iloc[[index]]
    typical = {}
    for column in X.columns:
        values = X[column].dropna()
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            typical[column] = values.median() if len(values) else np.nan
        else:
            typical[column] = values.mode().iloc[0] if len(values) else None

    def output(frame: pd.DataFrame) -> np.ndarray:
        if task == "regression":
            return np.asarray(model.predict(frame), dtype=float)
        proba = np.asarray(model.predict_proba(frame))
        return proba[:, list(classes).index(target_class)]

    if task == "binary":
        target_class = positive
    elif task == "multiclass":
        target_class = model.predict(record)[0]
    else:
        target_class = None
    variants = pd.concat([record] * len(X.columns), ignore_index=True)
    for i, column in enumerate(X.columns):
        value = typical[column]
        if pd.api.types.is_integer_dtype(variants[column]) and not (
            isinstance(value, int | np.integer) or float(value).is_integer()
        ):
            # the median of whole numbers can be x.5: an int64 column cannot hold it (pandas
            # 3 refuses the write), and the model scores numbers as floats anyway
            variants[column] = variants[column].astype("float64")
        variants.loc[i, column] = value
    base = float(output(record)[0])
    moved = output(variants)
    contributions = sorted(
        (
            Contribution(
                feature=str(c),
                value=_plain(record.iloc[0][c]),
                typical=_plain(typical[c]),
                contribution=float(base - moved[i]),
            )
            for i, c in enumerate(X.columns)
        ),
        key=lambda d: -abs(d.contribution),
    )
    return RowExplanation(
        row=index + 1,
        prediction=_plain(model.predict(record)[0]),
        output=base,
        of="value" if task == "regression" else f"probability of {target_class!s}",
        contributions=tuple(contributions),
    )


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value if isinstance(value, int | float | str | bool) else str(value)
