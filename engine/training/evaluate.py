"""Metrics of a fitted pipeline on some rows, and the curves a run keeps: ROC, precision-
recall, calibration, confusion matrix, residuals."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

MAX_POINTS = 200  # points kept per curve


def _clean(value: float) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def scores(model: Any, X: pd.DataFrame, task: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Predictions, and class probabilities when the model has them."""
    predicted = np.asarray(model.predict(X))
    proba = None
    if task != "regression" and hasattr(model, "predict_proba"):
        try:
            proba = np.asarray(model.predict_proba(X))
        except (AttributeError, NotImplementedError):
            proba = None
    return predicted, proba


def metrics(
    y: pd.Series,
    predicted: np.ndarray,
    proba: np.ndarray | None,
    task: str,
    classes: list[Any],
    positive: Any,
) -> dict[str, float | None]:
    from sklearn import metrics as m

    truth = np.asarray(y)
    if task == "regression":
        truth = truth.astype(float)
        predicted = predicted.astype(float)
        nonzero = truth != 0
        return {
            "rmse": _clean(float(np.sqrt(m.mean_squared_error(truth, predicted)))),
            "mae": _clean(m.mean_absolute_error(truth, predicted)),
            "r2": _clean(m.r2_score(truth, predicted)) if len(truth) > 1 else None,
            "mape": _clean(
                float(np.mean(np.abs((truth[nonzero] - predicted[nonzero]) / truth[nonzero])))
            )
            if nonzero.any()
            else None,
        }
    out: dict[str, float | None] = {
        "accuracy": _clean(m.accuracy_score(truth, predicted)),
        "balanced_accuracy": _clean(m.balanced_accuracy_score(truth, predicted)),
    }
    labels = list(classes)
    if task == "binary":
        out["precision"] = _clean(
            m.precision_score(truth, predicted, pos_label=positive, zero_division=0)
        )
        out["recall"] = _clean(
            m.recall_score(truth, predicted, pos_label=positive, zero_division=0)
        )
        out["f1"] = _clean(m.f1_score(truth, predicted, pos_label=positive, zero_division=0))
        if proba is not None:
            p = proba[:, labels.index(positive)]
            is_positive = truth == positive
            both = 0 < is_positive.sum() < len(is_positive)
            out["roc_auc"] = _clean(m.roc_auc_score(is_positive, p)) if both else None
            out["pr_auc"] = _clean(m.average_precision_score(is_positive, p)) if both else None
            out["brier"] = _clean(m.brier_score_loss(is_positive, p))
            out["log_loss"] = _clean(m.log_loss(truth, proba, labels=labels))
    else:
        out["f1_macro"] = _clean(m.f1_score(truth, predicted, average="macro", zero_division=0))
        out["precision_macro"] = _clean(
            m.precision_score(truth, predicted, average="macro", zero_division=0)
        )
        out["recall_macro"] = _clean(
            m.recall_score(truth, predicted, average="macro", zero_division=0)
        )
        if proba is not None:
            out["log_loss"] = _clean(m.log_loss(truth, proba, labels=labels))
    return out


def _thin(*arrays: np.ndarray) -> list[list[float]]:
    size = len(arrays[0])
    index = (
        np.unique(np.linspace(0, size - 1, min(size, MAX_POINTS)).astype(int))
        if size
        else np.array([], dtype=int)
    )
    return [[float(v) for v in a[index]] for a in arrays]


def curves(
    y: pd.Series,
    predicted: np.ndarray,
    proba: np.ndarray | None,
    task: str,
    classes: list[Any],
    positive: Any,
) -> dict[str, Any]:
    from sklearn import metrics as m

    truth = np.asarray(y)
    if task == "regression":
        residual = truth.astype(float) - predicted.astype(float)
        sample = np.random.default_rng(0).permutation(len(truth))[:2000]
        return {
            "residuals": {
                "predicted": [float(v) for v in predicted[sample]],
                "residual": [float(v) for v in residual[sample]],
            }
        }
    out: dict[str, Any] = {
        "confusion": {
            "labels": [str(c) for c in classes],
            "matrix": m.confusion_matrix(truth, predicted, labels=classes).tolist(),
        }
    }
    if task == "binary" and proba is not None:
        is_positive = truth == positive
        p = proba[:, list(classes).index(positive)]
        if 0 < is_positive.sum() < len(is_positive):
            fpr, tpr, _ = m.roc_curve(is_positive, p)
            precision, recall, _ = m.precision_recall_curve(is_positive, p)
            fpr_t, tpr_t = _thin(fpr, tpr)
            recall_t, precision_t = _thin(recall[::-1], precision[::-1])
            out["roc"] = {"fpr": fpr_t, "tpr": tpr_t}
            out["pr"] = {"recall": recall_t, "precision": precision_t}
            from sklearn.calibration import calibration_curve

            observed, expected = calibration_curve(is_positive, p, n_bins=10, strategy="quantile")
            out["calibration"] = {
                "predicted": [float(v) for v in expected],
                "observed": [float(v) for v in observed],
            }
    return out


def summary(
    per_fold: list[dict[str, float | None]],
) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Mean and standard deviation over folds, metric by metric."""
    means: dict[str, float | None] = {}
    stds: dict[str, float | None] = {}
    for name in per_fold[0] if per_fold else []:
        values = [float(v) for f in per_fold if (v := f.get(name)) is not None]
        means[name] = _clean(float(np.mean(values))) if values else None
        stds[name] = _clean(float(np.std(values))) if len(values) > 1 else 0.0 if values else None
    return means, stds
