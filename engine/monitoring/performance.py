"""Model performance per chunk: realised from labels where they have arrived, and estimated
without labels by confidence-based performance estimation (CBPE, as NannyML does it), each
against ±3σ bands from the reference chunks' realised performance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn import metrics as skm
from sklearn.isotonic import IsotonicRegression

from engine.errors import ValidationError

METRICS = ("roc_auc", "accuracy", "precision", "recall", "f1")
MIN_CALIBRATION_ROWS = 100
MIN_REFERENCE_CHUNKS = 6
MIN_ESTIMATE_ROWS = 10  # as for realised values


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int  # row offset in the current data
    rows: int
    labelled: int  # rows with a label
    estimated: float | None  # CBPE; None when the metric is undefined (e.g. AUC, all p = 0)
    realised: float | None  # None: too few labels, or roc_auc with one class only
    low: float  # the reference band, repeated so a chunk reads on its own
    high: float
    estimated_alert: bool  # value outside the band
    realised_alert: bool
    period: str = ""  # optional label (e.g. "2025-07-01 … 2025-07-31"), filled by the caller


@dataclass(frozen=True)
class PerformanceResult:
    metric: str
    chunk_size: int
    reference_mean: float
    reference_std: float
    low: float  # mean − 3σ, clipped to [0, 1]
    high: float
    chunks: tuple[Chunk, ...]
    calibrated: bool  # whether an isotonic calibrator was fitted on the reference

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"chunks": [asdict(c) for c in self.chunks]}


@dataclass(frozen=True)
class Calibrator:
    """Maps a model's probability matrix (n × k) to observed frequencies. Without fitted
    models it is the identity."""

    models: tuple[IsotonicRegression, ...] = ()

    @property
    def fitted(self) -> bool:
        return bool(self.models)

    def __call__(self, proba: Any) -> np.ndarray:
        p = np.asarray(proba, dtype=float)
        if not self.models:
            return p
        if len(self.models) == 1:  # binary: only the positive class is calibrated
            q = self.models[0].predict(p[:, 1])
            return np.column_stack([1.0 - q, q])
        q = np.column_stack([m.predict(p[:, k]) for k, m in enumerate(self.models)])
        total = q.sum(axis=1, keepdims=True)
        # a row every class calibrated to 0 has no information left: keep the model's own
        return np.where(total > 0, q / np.where(total > 0, total, 1.0), p)


def _classes(classes: Any) -> list[Any]:
    values = np.asarray(classes).tolist()
    if len(values) < 2 or len(set(values)) != len(values):
        raise ValidationError(f"The classes must be two or more distinct values. Got {values!r}.")
    return values


def _check_metric(metric: str, k: int) -> None:
    if metric not in METRICS:
        raise ValidationError(f"The metric must be one of {', '.join(METRICS)}. Got {metric!r}.")
    if k > 2 and metric != "accuracy":
        raise ValidationError(
            f"With {k} classes the metric must be accuracy. Got {metric!r}; "
            "roc_auc, precision, recall and f1 need two classes."
        )


def _matrix(proba: Any, k: int, name: str) -> np.ndarray:
    p = np.asarray(proba, dtype=float)
    if p.ndim == 1 and k == 2:  # the probability of the positive class alone
        p = np.column_stack([1.0 - p, p])
    if p.ndim != 2 or p.shape[1] != k:
        raise ValidationError(
            f"The {name} probabilities must be a matrix with one column per "
            f"class ({k}). Got shape {p.shape}."
        )
    if not np.isfinite(p).all():
        raise ValidationError(f"The {name} probabilities contain NaN or infinite values.")
    return p


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def _indices(labels: Any, classes: Sequence[Any], name: str) -> np.ndarray:
    """Class index per row, −1 where the label is missing."""
    lookup = {c: i for i, c in enumerate(classes)}
    out = np.full(len(labels), -1, dtype=int)
    for row, value in enumerate(np.asarray(labels, dtype=object).tolist()):
        if _missing(value):
            continue
        if value not in lookup:
            raise ValidationError(
                f"The {name} labels contain {value!r} (row {row}), which is "
                f"not one of the model's classes {list(classes)!r}.",
                hint="Check that the label column matches the model.",
            )
        out[row] = lookup[value]
    return out


def calibrator(ref_proba: Any, ref_labels: Any, classes: Any) -> Calibrator:
    """NannyML calibrates the scores before estimating, since CBPE reads a probability as the
    chance the label is that class: isotonic regression per class (one-vs-rest; binary: the
    positive class, classes[1], only) from predicted probability to observed frequency on
    the reference. Under 100 reference rows the steps would follow noise, so the
    calibrator is the identity then; rows without a label are left out of the fit."""
    names = _classes(classes)
    p = _matrix(ref_proba, len(names), "reference")
    y = _indices(ref_labels, names, "reference")
    if len(y) != len(p):
        raise ValidationError(f"The reference has {len(p)} probability rows but {len(y)} labels.")
    keep = y >= 0
    if keep.sum() < MIN_CALIBRATION_ROWS:
        return Calibrator()
    columns = [1] if len(names) == 2 else range(len(names))
    return Calibrator(
        tuple(
            IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(
                p[keep, k], (y[keep] == k).astype(float)
            )
            for k in columns
        )
    )


def _predicted_index(predicted: Any, p: np.ndarray, classes: Sequence[Any]) -> np.ndarray:
    if predicted is None:  # argmax, ties to the first class, as sklearn's predict does
        return np.asarray(p.argmax(axis=1), dtype=int)
    index = _indices(predicted, classes, "predicted")
    if len(index) != len(p) or (index < 0).any():
        raise ValidationError("There must be one predicted class per probability row.")
    return index


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0  # sklearn's zero_division=0


def _expected_auc(p: np.ndarray) -> float | None:
    """The ROC curve expected under y ~ Bernoulli(p): from the highest score down, each row
    adds p to the true positives and 1 − p to the false; equal scores form one step."""
    order = np.argsort(-p, kind="stable")
    ps = p[order]
    ends = np.r_[np.flatnonzero(np.diff(ps) != 0), ps.size - 1]
    tp, fp = np.cumsum(ps)[ends], np.cumsum(1.0 - ps)[ends]
    if tp[-1] <= 0 or fp[-1] <= 0:
        return None
    tpr, fpr = np.r_[0.0, tp / tp[-1]], np.r_[0.0, fp / fp[-1]]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def estimate(proba: Any, classes: Any, metric: str, predicted: Any = None) -> float | None:
    """CBPE for one chunk from calibrated probabilities (n × k). `predicted` is the model's
    own prediction per row (class values); it defaults to the argmax of `proba` (ties to the
    first class, as sklearn's predict), but after calibration it must come from the raw
    scores: the realised metric judges the model's predictions, not a calibrated model's."""
    names = _classes(classes)
    _check_metric(metric, len(names))
    p = _matrix(proba, len(names), "current")
    if len(p) == 0:
        raise ValidationError("There are no rows to estimate performance on.")
    return _estimate(p, _predicted_index(predicted, p, names), metric)


def _estimate(p: np.ndarray, pred: np.ndarray, metric: str) -> float | None:
    if p.shape[1] > 2:
        return float(p[np.arange(len(p)), pred].mean())
    pos = p[:, 1]
    if metric == "roc_auc":
        return _expected_auc(pos)
    said = pred == 1  # expected confusion matrix: a row is positive with probability p
    tp, fp = pos[said].sum(), (1.0 - pos[said]).sum()
    fn, tn = pos[~said].sum(), (1.0 - pos[~said]).sum()
    value = {
        "accuracy": (tp + tn) / len(p),
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }[metric]
    return float(value)


def realised(labels: Any, predicted: Any, proba: Any, classes: Any, metric: str) -> float | None:
    """The metric from the labels, on the rows that have one (None/NaN elsewhere). None when
    fewer than half the rows (or fewer than 10) are labelled, since a handful of labels
    would set off alerts on noise, or for roc_auc when only one class is present."""
    names = _classes(classes)
    _check_metric(metric, len(names))
    p = _matrix(proba, len(names), "current")
    y = _indices(labels, names, "current")
    pred = _predicted_index(predicted, p, names)
    if not len(y) == len(pred) == len(p):
        raise ValidationError(
            f"The labels ({len(y)}), predictions ({len(pred)}) and "
            f"probabilities ({len(p)}) must have one row each."
        )
    return _realised(y, pred, p, metric)


def _realised(y: np.ndarray, pred: np.ndarray, p: np.ndarray, metric: str) -> float | None:
    keep = y >= 0
    n = int(keep.sum())
    if n < 10 or 2 * n < len(y):
        return None
    y, pred, pos = y[keep], pred[keep], p[keep, 1]
    if metric == "accuracy":
        return float(skm.accuracy_score(y, pred))
    if metric == "roc_auc":
        return float(skm.roc_auc_score(y, pos)) if len(np.unique(y)) == 2 else None
    scorer = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}[
        metric
    ]
    return float(scorer(y, pred, labels=[0, 1], pos_label=1, zero_division=0))


def _bounds(total: int, chunk: int) -> list[tuple[int, int]]:
    """Consecutive chunks; a short tail of under chunk // 2 rows joins the chunk before it."""
    starts = list(range(0, total, chunk))
    if len(starts) > 1 and total - starts[-1] < chunk // 2:
        starts.pop()
    return [(s, (starts[i + 1] if i + 1 < len(starts) else total)) for i, s in enumerate(starts)]


def performance(
    ref_labels: Any,
    ref_proba: Any,
    cur_proba: Any,
    classes: Any,
    metric: str = "roc_auc",
    chunk: int = 500,
    cur_labels: Any = None,
    bounds: list[tuple[int, int]] | None = None,
) -> PerformanceResult:
    """Performance per chunk of `chunk` current rows: estimated by CBPE (after calibrating on
    the reference) and realised where labels are given (`cur_labels` aligned with
    `cur_proba`, None/NaN where a label has not arrived; `bounds`, (start, end) row ranges,
    cut the current data by time period instead). The band is the mean ± 3σ of the
    realised metric over the reference's full chunks (NannyML's default threshold); the
    estimates are held to the same band, since they estimate the same quantity."""
    names = _classes(classes)
    _check_metric(metric, len(names))
    if chunk < 10:
        raise ValidationError(f"A chunk holds at least 10 rows. Got {chunk}.")
    ref = _matrix(ref_proba, len(names), "reference")
    cur = _matrix(cur_proba, len(names), "current")
    ref_y = _indices(ref_labels, names, "reference")
    if len(ref_y) != len(ref):
        raise ValidationError(
            f"The reference has {len(ref)} probability rows but {len(ref_y)} labels."
        )
    if (ref_y < 0).any():
        raise ValidationError(
            f"The reference has {int((ref_y < 0).sum())} rows without a "
            "label; the band is built from realised performance.",
            hint="Use a reference whose labels are all known.",
        )
    if len(cur) == 0:
        raise ValidationError("The current data has no rows to measure performance on.")
    cur_y = np.full(len(cur), -1) if cur_labels is None else _indices(cur_labels, names, "current")
    if len(cur_y) != len(cur):
        raise ValidationError(
            f"The current data has {len(cur)} probability rows but {len(cur_y)} labels."
        )

    n_ref = len(ref) // chunk
    if n_ref < MIN_REFERENCE_CHUNKS:
        raise ValidationError(
            f"The reference makes {n_ref} chunks of {chunk} rows; a band "
            f"needs at least {MIN_REFERENCE_CHUNKS}.",
            hint="Use smaller chunks.",
        )
    ref_pred = ref.argmax(axis=1)
    ref_values = [
        _realised(ref_y[s : s + chunk], ref_pred[s : s + chunk], ref[s : s + chunk], metric)
        for s in range(0, n_ref * chunk, chunk)
    ]
    known = [v for v in ref_values if v is not None]
    if len(known) < MIN_REFERENCE_CHUNKS:
        raise ValidationError(
            f"Only {len(known)} of the {n_ref} reference chunks have both "
            f"classes; a band needs at least {MIN_REFERENCE_CHUNKS}.",
            hint="Use larger chunks or a reference with more positives.",
        )
    mean, std = float(np.mean(known)), float(np.std(known, ddof=1))
    low, high = max(0.0, mean - 3 * std), min(1.0, mean + 3 * std)

    calibrate = calibrator(ref, ref_y, np.arange(len(names)))
    calibrated = calibrate(cur)
    predicted = cur.argmax(axis=1)  # the model's own predictions, from its raw scores
    chunks = []
    for i, (s, e) in enumerate(bounds or _bounds(len(cur), chunk)):
        est = (
            _estimate(calibrated[s:e], predicted[s:e], metric)
            if e - s >= MIN_ESTIMATE_ROWS
            else None
        )  # too few rows to estimate
        real = _realised(cur_y[s:e], predicted[s:e], cur[s:e], metric)
        chunks.append(
            Chunk(
                index=i,
                start=s,
                rows=e - s,
                labelled=int((cur_y[s:e] >= 0).sum()),
                estimated=est,
                realised=real,
                low=low,
                high=high,
                estimated_alert=est is not None and not low <= est <= high,
                realised_alert=real is not None and not low <= real <= high,
            )
        )
    return PerformanceResult(metric, chunk, mean, std, low, high, tuple(chunks), calibrate.fitted)
