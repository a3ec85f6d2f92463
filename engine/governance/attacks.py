"""Attack-risk checks for a tabular model, reported in its card:

* **Membership inference** — the loss-threshold attack (Yeom et al. 2018): an attacker who
  sees the model's loss on a row guesses "it was in the training data" when the loss is
  low. Its best advantage over all thresholds (true-positive rate minus false-positive rate
  on equal numbers of training and held-out rows) is the Kolmogorov–Smirnov distance
  between the two loss distributions: 0 means the model's behaviour tells nothing about
  membership, 1 means it tells everything. Above 0.1 is reported as a risk.
* **Robustness** — the model's metric on the test rows when every number column gets
  Gaussian noise of 10 % of its standard deviation (5 draws), against the clean metric.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

MAX_ROWS = 5000
MIA_RISK = 0.1
NOISE = 0.1


def _loss(model: Any, X: pd.DataFrame, y: np.ndarray, task: str) -> np.ndarray:
    if task == "regression":
        return np.asarray((np.asarray(model.predict(X), dtype=float) - y.astype(float)) ** 2)
    proba = np.asarray(model.predict_proba(X))
    classes = [c.item() if hasattr(c, "item") else c for c in model.classes_]
    index = np.array([classes.index(v) if v in classes else -1 for v in y.tolist()])
    picked = np.where(index >= 0, proba[np.arange(len(y)), np.clip(index, 0, None)], 0.0)
    return np.asarray(-np.log(np.clip(picked, 1e-12, 1.0)))


def membership_advantage(
    model: Any,
    X_train: pd.DataFrame,
    y_train: Any,
    X_test: pd.DataFrame,
    y_test: Any,
    task: str,
    seed: int = 0,
) -> float | None:
    from scipy.stats import ks_2samp

    rows = min(len(X_train), len(X_test), MAX_ROWS)
    if rows < 20:
        return None
    rng = np.random.default_rng(seed)
    members = rng.choice(len(X_train), rows, replace=False)
    outsiders = rng.choice(len(X_test), rows, replace=False)
    inside = _loss(model, X_train.iloc[members], np.asarray(y_train)[members], task)
    outside = _loss(model, X_test.iloc[outsiders], np.asarray(y_test)[outsiders], task)
    return float(ks_2samp(inside, outside).statistic)


def robustness(
    model: Any,
    X_test: pd.DataFrame,
    y_test: Any,
    task: str,
    metric: Any,
    seed: int = 0,
    draws: int = 5,
) -> tuple[float | None, float | None]:
    """(clean metric, mean metric under noise)."""
    numbers = [
        c
        for c in X_test.columns
        if pd.api.types.is_numeric_dtype(X_test[c]) and not pd.api.types.is_bool_dtype(X_test[c])
    ]
    clean = metric(model, X_test, y_test)
    if not numbers or clean is None:
        return clean, None
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(draws):
        noisy = X_test.copy()
        for column in numbers:
            spread = float(np.nanstd(noisy[column].astype(float))) or 0.0
            noisy[column] = noisy[column].astype(float) + rng.normal(0, NOISE * spread, len(noisy))
        value = metric(model, noisy, y_test)
        if value is not None:
            scores.append(value)
    return clean, (float(np.mean(scores)) if scores else None)
