"""Data drift: a reference profile computed once, compared with current data column by
column. Which test a column gets follows Evidently's published defaults (all configurable):

* reference of at most 1,000 rows — numbers with more than 5 distinct values: two-sample
  Kolmogorov–Smirnov; 2 distinct values: two-proportion z-test; other categories: the
  two-sample chi-square contingency test; a column drifts when p < 0.05;
* larger references — numbers: Wasserstein distance normed by the reference's standard
  deviation; categories: Jensen–Shannon distance; a column drifts when the distance ≥ 0.1;
* the dataset drifts when at least half of the columns drift.

Every column also reports PSI over 10 quantile bins of the reference with a
sample-size-aware critical value, the Hellinger distance, the change in missing share, new
categories and the share of numbers outside the reference's range. p-values can be
corrected for the number of columns (Bonferroni or Benjamini–Hochberg).
"""

from __future__ import annotations

__all__ = [
    "PROFILE_FORMAT",
    "ColumnDrift",
    "ColumnProfile",
    "DriftOptions",
    "DriftReport",
    "ReferenceProfile",
    "compare",
    "dataset_level",
    "profile",
]

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from engine.errors import ValidationError
from engine.monitoring import stats
from engine.monitoring.drift_html import drift_page
from engine.monitoring.profiles import (
    PROFILE_FORMAT,
    ColumnProfile,
    ReferenceProfile,
    _counts,
    _is_numeric,
    _numbers,
    _pool,
    profile,
)

NUMERIC_TESTS = ("ks", "wasserstein", "psi")
CATEGORY_TESTS = ("chi2", "z", "jensenshannon", "psi", "hellinger")


@dataclass(frozen=True)
class DriftOptions:
    small_sample: int = 1000  # reference rows up to which p-value tests are used
    p_value: float = 0.05
    distance: float = 0.1  # Wasserstein (normed) and Jensen-Shannon threshold
    numeric_test: str = "auto"  # auto, ks, wasserstein, psi
    category_test: str = "auto"  # auto, chi2, z, jensenshannon, psi, hellinger
    psi_threshold: float = 0.1
    bins: int = 10
    correction: str = "none"  # none, bonferroni, bh
    # dataset drift, one definition for `airlock drift`, reports and monitors: the drifted
    # share reaches warning_share or drift_share (alert); a monitor's levels set both
    drift_share: float = 0.5
    warning_share: float = 0.2
    missing_change: float = 0.1  # a column also drifts when its missing share moves this much

    def check(self) -> DriftOptions:
        if self.numeric_test not in ("auto", *NUMERIC_TESTS):
            raise ValidationError(
                f"The numeric test must be auto or one of "
                f"{', '.join(NUMERIC_TESTS)}. Got {self.numeric_test!r}."
            )
        if self.category_test not in ("auto", *CATEGORY_TESTS):
            raise ValidationError(
                f"The category test must be auto or one of "
                f"{', '.join(CATEGORY_TESTS)}. Got {self.category_test!r}."
            )
        if self.correction not in ("none", "bonferroni", "bh"):
            raise ValidationError(
                f"The correction must be none, bonferroni or bh. Got {self.correction!r}."
            )
        for name in (
            "p_value",
            "distance",
            "drift_share",
            "warning_share",
            "psi_threshold",
            "missing_change",
        ):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValidationError(f"'{name}' must be above 0 and at most 1. Got {value!r}.")
        if self.warning_share > self.drift_share:
            raise ValidationError(
                f"The warning share ({self.warning_share:g}) must not be "
                f"above the alert share ({self.drift_share:g})."
            )
        if not 2 <= self.bins <= 100:
            raise ValidationError(f"'bins' must be from 2 to 100. Got {self.bins!r}.")
        return self


@dataclass(frozen=True)
class ColumnDrift:
    column: str
    kind: str
    test: str
    statistic: float
    p_value: float | None
    threshold: float
    drifted: bool
    psi: float | None
    psi_critical: float | None
    hellinger: float | None
    missing_ref: float
    missing_cur: float
    new_categories: tuple[str, ...]
    out_of_range: float | None
    rows_cur: int
    reasons: tuple[str, ...] = ()  # why it drifted, in words


@dataclass(frozen=True)
class DriftReport:
    reference: str
    current: str
    rows_ref: int
    rows_cur: int
    columns: tuple[ColumnDrift, ...]
    drift_share: float  # share of drifted columns
    dataset_drift: bool
    options: DriftOptions
    notes: tuple[str, ...] = ()

    @property
    def drifted(self) -> list[str]:
        return [c.column for c in self.columns if c.drifted]

    @property
    def level(self) -> str:
        """ok, warning or alert (= dataset drift): the monitors' levels, the same numbers."""
        return dataset_level(self.drift_share, self.options.warning_share, self.options.drift_share)

    def verdict(self) -> str:
        """The one sentence every surface shows."""
        return (
            f"{len(self.drifted)} of {len(self.columns)} columns drift "
            f"({self.drift_share:.0%}); dataset drift: {self.level.upper()} (warning at "
            f"{self.options.warning_share:.0%}, alert at {self.options.drift_share:.0%})"
        )

    _repr_html_ = drift_page  # how a notebook shows it

    def as_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "current": self.current,
            "rows_ref": self.rows_ref,
            "rows_cur": self.rows_cur,
            "drift_share": self.drift_share,
            "dataset_drift": self.dataset_drift,
            "level": self.level,
            "options": asdict(self.options),
            "notes": list(self.notes),
            "columns": [asdict(c) for c in self.columns],
        }


def dataset_level(share: float, warning: float, alert: float) -> str:
    """The level of a share of drifted columns: alert at `alert` (dataset drift), warning at
    `warning`, else ok."""
    return "alert" if share >= alert - 1e-12 else "warning" if share >= warning - 1e-12 else "ok"


def compare(
    reference: ReferenceProfile, current: pa.Table, label: str, options: DriftOptions | None = None
) -> DriftReport:
    """Every reference column against the same column of `current`."""
    options = (options or DriftOptions()).check()
    if current.num_rows == 0:
        raise ValidationError(
            f"{label} has no rows to compare with {reference.label}.",
            hint="Choose a longer window or another dataset version.",
        )
    names = set(current.column_names)
    missing = [c for c in reference.columns if c not in names]
    if missing:
        raise ValidationError(
            f"{label} lacks columns the reference {reference.label} has: {', '.join(missing)}.",
            hint="Compare data with the same columns, or choose columns.",
        )
    retyped = [
        c
        for c, p in reference.columns.items()
        if (p.kind == "numeric") != _is_numeric(current.column(c).type) and p.kind == "numeric"
    ]
    if retyped:
        raise ValidationError(
            f"In {label}, {', '.join(repr(c) for c in retyped)} no longer hold numbers as in "
            f"{reference.label}.",
            hint="Fix the column types of the current data.",
        )
    notes = []
    extra = sorted(names - set(reference.columns))
    if extra:
        notes.append("columns not compared (not in the reference profile): " + ", ".join(extra))
    small = reference.rows <= options.small_sample
    with _pool() as pool:  # numpy's sorts release the GIL: columns run side by side
        results = list(
            pool.map(
                lambda item: _column(item[1], current.column(item[0]), small, options),
                reference.columns.items(),
            )
        )
    results = [_explain(r, options) for r in results]
    if options.correction != "none":
        tested = [i for i, r in enumerate(results) if r.p_value is not None]
        adjusted = stats.correct(
            [float(results[i].p_value or 0.0) for i in tested], options.correction
        )
        for i, p in zip(tested, adjusted, strict=True):
            r = results[i]
            results[i] = _explain(
                ColumnDrift(
                    **{
                        **asdict(r),
                        "new_categories": r.new_categories,
                        "reasons": (),
                        "p_value": float(p),
                        "drifted": bool(p < options.p_value),
                    }
                ),
                options,
            )
        notes.append(f"p-values corrected for {len(tested)} tests ({options.correction})")
    share = sum(r.drifted for r in results) / max(len(results), 1)
    return DriftReport(
        reference.label,
        label,
        reference.rows,
        current.num_rows,
        tuple(results),
        share,
        share >= options.drift_share,
        options,
        tuple(notes),
    )


def _column(
    ref: ColumnProfile, column: pa.ChunkedArray, small: bool, options: DriftOptions
) -> ColumnDrift:
    rows = len(column)
    if ref.kind == "numeric":
        values, missing = _numbers(column)
        if values.size == 0 or ref.sorted is None or ref.sorted.size == 0:
            return _empty(ref, rows, missing, "no values to compare")
        numeric = stats.ecdf_statistics(ref.sorted, values)
        cur_bins = stats.bin_counts(values, ref.edges if ref.edges is not None else np.array([]))
        ref_bins = ref.bin_counts if ref.bin_counts is not None else cur_bins
        psi = stats.psi(ref_bins, cur_bins)
        critical = stats.psi_critical(ref.sorted.size, values.size, len(ref_bins))
        test = options.numeric_test
        if test == "auto":
            test = "ks" if small else "wasserstein"
        p_value = None
        if test == "ks":
            statistic = numeric.ks
            p_value = stats.ks_pvalue(statistic, ref.sorted, values)
            threshold, drifted = options.p_value, p_value < options.p_value
        elif test == "wasserstein":
            statistic = (
                numeric.wasserstein / ref.std
                if ref.std > 0
                else (0.0 if numeric.wasserstein == 0 else float("inf"))
            )
            threshold, drifted = options.distance, statistic >= options.distance
        else:
            statistic, threshold = psi, options.psi_threshold
            drifted = psi >= options.psi_threshold
        low = ref.low if ref.low is not None else -np.inf
        high = ref.high if ref.high is not None else np.inf
        outside = (
            np.searchsorted(values, low, side="left")
            + values.size
            - np.searchsorted(values, high, side="right")
        )
        return ColumnDrift(
            ref.name,
            ref.kind,
            test,
            float(statistic),
            p_value,
            threshold,
            bool(drifted),
            psi,
            critical,
            stats.hellinger(ref_bins, cur_bins),
            ref.missing / max(ref.rows, 1),
            missing / max(rows, 1),
            (),
            float(outside / values.size),
            rows,
        )
    counts, missing = _counts(column)
    categories = sorted(set(ref.counts) | set(counts))
    r = np.array([ref.counts.get(c, 0) for c in categories], dtype=float)
    c = np.array([counts.get(c, 0) for c in categories], dtype=float)
    if c.sum() == 0 or r.sum() == 0:
        return _empty(ref, rows, missing, "no values to compare")
    new = tuple(k for k in categories if k not in ref.counts)
    test = options.category_test
    if test == "auto":
        test = ("z" if ref.kind == "binary" else "chi2") if small else "jensenshannon"
    p_value = None
    if test == "z" and len(categories) <= 2:
        first = categories[0]
        statistic, p_value = stats.proportion_z(
            int(ref.counts.get(first, 0)), int(r.sum()), int(counts.get(first, 0)), int(c.sum())
        )
        threshold, drifted = options.p_value, p_value < options.p_value
    elif test in ("chi2", "z"):
        test = "chi2"
        statistic, p_value = stats.chi2_two_sample(r, c)
        threshold, drifted = options.p_value, p_value < options.p_value
    elif test == "jensenshannon":
        statistic = stats.jensen_shannon(r, c)
        threshold, drifted = options.distance, statistic >= options.distance
    elif test == "hellinger":
        statistic = stats.hellinger(r, c)
        threshold, drifted = options.distance, statistic >= options.distance
    else:
        statistic = stats.psi(r, c)
        threshold, drifted = options.psi_threshold, statistic >= options.psi_threshold
    return ColumnDrift(
        ref.name,
        ref.kind,
        test,
        float(statistic),
        p_value,
        threshold,
        bool(drifted),
        stats.psi(r, c),
        stats.psi_critical(int(r.sum()), int(c.sum()), len(categories)),
        stats.hellinger(r, c),
        ref.missing / max(ref.rows, 1),
        missing / max(rows, 1),
        new,
        None,
        rows,
    )


def _explain(result: ColumnDrift, options: DriftOptions) -> ColumnDrift:
    """The reasons a column drifted; a change in missing share is drift too."""
    reasons = []
    if result.drifted:
        if result.p_value is not None:
            reasons.append(f"{result.test} p = {result.p_value:.3g} < {result.threshold:g}")
        else:
            reasons.append(f"{result.test} {result.statistic:.3g} ≥ {result.threshold:g}")
    moved = result.missing_cur - result.missing_ref
    if abs(moved) >= options.missing_change:
        reasons.append(f"missing share {result.missing_ref:.1%} → {result.missing_cur:.1%}")
    if result.new_categories:
        reasons.append("new categories: " + ", ".join(result.new_categories[:5]))
    drifted = result.drifted or abs(moved) >= options.missing_change
    return ColumnDrift(
        **{
            **asdict(result),
            "new_categories": result.new_categories,
            "reasons": tuple(reasons),
            "drifted": drifted,
        }
    )


def _empty(ref: ColumnProfile, rows: int, missing: int, why: str) -> ColumnDrift:
    return ColumnDrift(
        ref.name,
        ref.kind,
        f"none ({why})",
        0.0,
        None,
        0.0,
        False,
        None,
        None,
        None,
        ref.missing / max(ref.rows, 1),
        missing / max(rows, 1),
        (),
        None,
        rows,
    )
