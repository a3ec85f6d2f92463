"""Multivariate drift with a domain classifier: how well can a model tell reference rows
from current rows? Its cross-validated ROC AUC is compared with the AUCs of the same
classifier on randomly relabelled rows (the permutation baseline), so that "0.53" is judged
against what chance gives on these data, not against a fixed 0.5."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from engine.errors import ValidationError
from engine.jobs import CancelToken, check

MAX_ROWS = 20_000  # rows drawn from each side
PERMUTATIONS = 5
MAX_LEVELS = 255  # the classifier's limit per categorical column: the rest become OTHER
OTHER = "(other)"
FOLDS = 3


@dataclass(frozen=True)
class DomainDrift:
    auc: float
    baseline_mean: float
    baseline_std: float
    threshold: float  # baseline mean + 3 std, at least + 0.02
    drifted: bool
    rows: int  # per side
    top_features: tuple[tuple[str, float], ...]  # the columns that tell them apart most

    def as_json(self) -> dict[str, object]:
        return {
            "auc": self.auc,
            "baseline_mean": self.baseline_mean,
            "baseline_std": self.baseline_std,
            "threshold": self.threshold,
            "drifted": self.drifted,
            "rows": self.rows,
            "top_features": [list(f) for f in self.top_features],
        }


def _frame(table: pa.Table, columns: list[str], rows: int, seed: int) -> Any:
    import pandas as pd

    sample = table.select(columns)
    if sample.num_rows > rows:
        picked = np.sort(np.random.default_rng(seed).choice(sample.num_rows, rows, replace=False))
        sample = sample.take(pa.array(picked))
    frame = sample.to_pandas()
    for name in columns:
        if not pd.api.types.is_numeric_dtype(frame[name]) or pd.api.types.is_bool_dtype(
            frame[name]
        ):
            frame[name] = frame[name].astype("string").astype("category")
    return frame


def domain_classifier(
    reference: pa.Table,
    current: pa.Table,
    columns: list[str],
    *,
    seed: int = 0,
    cancel: CancelToken | None = None,
) -> DomainDrift:
    """Cross-validated AUC of a gradient-boosting classifier separating the two samples,
    against its AUC on shuffled labels."""
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    if not columns:
        raise ValidationError("Choose at least one column for the domain classifier.")
    rows = min(MAX_ROWS, reference.num_rows, current.num_rows)
    if rows < 50:
        raise ValidationError(
            f"The domain classifier needs at least 50 rows on each side; "
            f"there are {min(reference.num_rows, current.num_rows)}."
        )
    ref = _frame(reference, columns, rows, seed)
    cur = _frame(current, columns, rows, seed + 1)
    for name in columns:  # the same categories on both sides, at most 255 of them
        if isinstance(ref[name].dtype, pd.CategoricalDtype):
            both = pd.concat([ref[name].astype("string"), cur[name].astype("string")])
            common = both.value_counts().index[: MAX_LEVELS - 1].tolist()
            for frame in (ref, cur):
                text = frame[name].astype("string")
                frame[name] = text.where(text.isin(common) | text.isna(), OTHER).astype(
                    pd.CategoricalDtype(sorted([*common, OTHER]))
                )
    X = pd.concat([ref, cur], ignore_index=True)
    y = np.r_[np.zeros(len(ref)), np.ones(len(cur))]
    model = HistGradientBoostingClassifier(
        max_iter=100, categorical_features="from_dtype", random_state=seed
    )
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)

    def auc(labels: np.ndarray) -> float:
        check(cancel)
        scores = cross_val_predict(model, X, labels, cv=folds, method="predict_proba")[:, 1]
        return float(roc_auc_score(labels, scores))

    observed = auc(y)
    rng = np.random.default_rng(seed)
    baseline = [auc(rng.permutation(y)) for _ in range(PERMUTATIONS)]
    mean, std = float(np.mean(baseline)), float(np.std(baseline))
    threshold = max(mean + 3 * std, mean + 0.02)
    top: tuple[tuple[str, float], ...] = ()
    if observed > threshold:
        check(cancel)
        fitted = model.fit(X, y)
        importance = permutation_importance(
            fitted, X, y, scoring="roc_auc", n_repeats=3, random_state=seed
        )
        order = np.argsort(importance.importances_mean)[::-1][:5]
        top = tuple((columns[i], float(importance.importances_mean[i])) for i in order)
    return DomainDrift(observed, mean, std, threshold, observed > threshold, rows, top)
