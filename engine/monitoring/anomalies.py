"""Anomalies and noise in incoming data, reported apart from distribution drift: the share
of outliers (an isolation forest fitted on the reference; its threshold is the reference's
own 1st percentile of scores), missing-value and out-of-range spikes per column, rows
repeated inside the batch, and a batch that repeats an earlier one."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from engine.errors import ValidationError

MAX_ROWS = 20_000
OUT_OF_RANGE = 0.10  # Evidently's TestShareOfOutRangeValues fails above 10 %
MISSING_SPIKE = 0.10


@dataclass(frozen=True)
class AnomalyReport:
    outlier_share_ref: float
    outlier_share_cur: float
    outliers_flagged: bool
    duplicated_rows: float  # share of current rows that repeat another current row
    repeats_batch: str | None  # an earlier version with the same content, if any
    spikes: tuple[str, ...] = field(default_factory=tuple)  # per-column findings in words

    @property
    def findings(self) -> list[str]:
        out = list(self.spikes)
        if self.outliers_flagged:
            out.insert(
                0,
                f"outliers: {self.outlier_share_cur:.1%} of the rows (the "
                f"reference has {self.outlier_share_ref:.1%})",
            )
        if self.duplicated_rows >= 0.01:
            out.append(f"{self.duplicated_rows:.1%} of the rows repeat another row")
        if self.repeats_batch:
            out.append(f"the batch repeats {self.repeats_batch}")
        return out


def _numeric(table: pa.Table, columns: list[str], rows: int, seed: int) -> np.ndarray:
    if table.num_rows > rows:
        picked = np.sort(np.random.default_rng(seed).choice(table.num_rows, rows, replace=False))
        table = table.take(pa.array(picked))
    return np.column_stack(
        [table.column(c).cast(pa.float64()).to_numpy(zero_copy_only=False) for c in columns]
    )


def anomalies(
    reference: pa.Table, current: pa.Table, *, repeats_batch: str | None = None, seed: int = 0
) -> AnomalyReport:
    from sklearn.ensemble import IsolationForest

    if current.num_rows == 0:
        raise ValidationError("The current data has no rows to check.")
    numeric = [
        f.name
        for f in reference.schema
        if (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
        and f.name in current.column_names
    ]
    ref_share = cur_share = 0.0
    flagged = False
    if numeric:
        ref = _numeric(reference, numeric, MAX_ROWS, seed)
        cur = _numeric(current, numeric, MAX_ROWS, seed + 1)
        medians = np.nanmedian(ref, axis=0)
        medians = np.where(np.isnan(medians), 0.0, medians)
        ref = np.where(np.isnan(ref), medians, ref)
        cur = np.where(np.isnan(cur), medians, cur)
        forest = IsolationForest(n_estimators=100, random_state=seed).fit(ref)
        threshold = np.percentile(forest.score_samples(ref), 1)
        ref_share = float(np.mean(forest.score_samples(ref) < threshold))
        cur_share = float(np.mean(forest.score_samples(cur) < threshold))
        flagged = cur_share > max(3 * ref_share, 0.02)
    spikes = []
    for name in reference.column_names:
        if name not in current.column_names:
            continue
        ref_missing = reference.column(name).null_count / max(reference.num_rows, 1)
        cur_missing = current.column(name).null_count / max(current.num_rows, 1)
        if cur_missing - ref_missing >= MISSING_SPIKE:
            spikes.append(f"{name}: missing values {ref_missing:.1%} → {cur_missing:.1%}")
        if name in numeric:
            values = reference.column(name).cast(pa.float64()).to_numpy(zero_copy_only=False)
            low, high = np.nanmin(values), np.nanmax(values)
            now = current.column(name).cast(pa.float64()).to_numpy(zero_copy_only=False)
            now = now[~np.isnan(now)]
            outside = float(np.mean((now < low) | (now > high))) if now.size else 0.0
            if outside > OUT_OF_RANGE:
                spikes.append(
                    f"{name}: {outside:.1%} of the values outside the reference "
                    f"range [{low:g}, {high:g}]"
                )
    frame = current.to_pandas()
    duplicated = float(frame.duplicated().mean()) if len(frame) else 0.0
    return AnomalyReport(ref_share, cur_share, flagged, duplicated, repeats_batch, tuple(spikes))
