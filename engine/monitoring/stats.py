"""Two-sample statistics for drift, computed from sorted numeric arrays and category counts
so that a reference profile (sorted values, quantile bins, counts) is computed once and each
check only sorts the current data. Every statistic agrees with scipy (tests/monitoring
compare them to 1e-9 on random data); p-values come from scipy's own distributions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

KS_EXACT_MAX_N = 10_000  # scipy's ks_2samp uses the exact distribution up to this size
EPS = 1e-4  # floor for empty bins in PSI (Evidently's choice)


@dataclass(frozen=True)
class Numeric:
    """Both samples' empirical CDFs on the merged support: enough for KS and Wasserstein."""

    ks: float
    wasserstein: float


def ecdf_statistics(ref_sorted: np.ndarray, cur_sorted: np.ndarray) -> Numeric:
    """KS statistic and Wasserstein-1 distance of two sorted, NaN-free samples (as
    scipy.stats.ks_2samp and wasserstein_distance compute them), from one linear merge:
    a stable argsort of two sorted runs is a merge, and the running counts of each sample
    along it are both empirical CDFs."""
    n1, n2 = ref_sorted.size, cur_sorted.size
    both = np.concatenate([ref_sorted, cur_sorted])
    order = np.argsort(both, kind="stable")
    merged = both[order]
    # n1·n2·(F1 − F2) in exact integers: ref's running count times n1+n2, minus n1 times
    # the position (its two counts add up to the position)
    count1 = np.cumsum(order < n1)
    scaled = count1 * (n1 + n2) - np.arange(1, n1 + n2 + 1) * n1
    steps = np.diff(merged)
    last = np.append(steps != 0, True)  # the end of each run of equal values
    at = scaled[last]
    scale = float(n1) * float(n2)
    ks = float(max(min(-int(at.min()), n1 * n2), int(at.max()), 0)) / scale
    wasserstein = float(np.dot(np.abs(scaled[:-1]), steps)) / scale
    return Numeric(ks, wasserstein)


def ks_pvalue(statistic: float, ref: np.ndarray, cur: np.ndarray) -> float:
    """Two-sided p-value of the two-sample KS statistic of `ref` and `cur`, as
    scipy.stats.ks_2samp computes it with method='auto': exact up to 10,000 rows (by scipy's
    public ks_2samp on the two samples — the exact distribution costs far more than the sort
    it repeats), else the asymptotic distribution of `statistic`."""
    from scipy import stats

    n1, n2 = ref.size, cur.size
    if max(n1, n2) <= KS_EXACT_MAX_N:
        return float(stats.ks_2samp(ref, cur, method="auto").pvalue)
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = m * n / (m + n)
    return float(np.clip(stats.kstwo.sf(statistic, np.round(en)), 0, 1))


def quantile_edges(ref_sorted: np.ndarray, bins: int = 10) -> np.ndarray:
    """Inner bin edges at the reference's quantiles (duplicates removed)."""
    if ref_sorted.size == 0:
        return np.array([])
    # numpy's default ('linear') quantile, read off the already sorted values
    position = np.linspace(0, 1, bins + 1)[1:-1] * (ref_sorted.size - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, ref_sorted.size - 1)
    edges = ref_sorted[low] + (ref_sorted[high] - ref_sorted[low]) * (position - low)
    return np.unique(edges)


def bin_counts(sorted_values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts per bin (-inf, e1], (e1, e2], …, (ek, inf) from a sorted sample."""
    cuts = np.searchsorted(sorted_values, edges, side="right")
    return np.diff(np.concatenate([[0], cuts, [sorted_values.size]])).astype(np.int64)


def psi(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    """Population stability index over matching bins, empty bins floored at 1e-4."""
    p = np.maximum(ref_counts / max(ref_counts.sum(), 1), EPS)
    q = np.maximum(cur_counts / max(cur_counts.sum(), 1), EPS)
    return float(np.sum((q - p) * np.log(q / p)))


def psi_critical(n_ref: int, n_cur: int, bins: int, alpha: float = 0.05) -> float:
    """Sample-size-aware critical value of PSI (Yurdakul 2018): PSI is approximately
    (1/N + 1/M) times a chi-square with B − 1 degrees of freedom."""
    from scipy import stats

    return float((1 / n_ref + 1 / n_cur) * stats.chi2.ppf(1 - alpha, max(bins - 1, 1)))


def hellinger(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    p = ref_counts / max(ref_counts.sum(), 1)
    q = cur_counts / max(cur_counts.sum(), 1)
    return float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)))


def jensen_shannon(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    """scipy.spatial.distance.jensenshannon of the two frequency vectors (natural log, as
    Evidently uses it)."""
    from scipy.spatial import distance

    return float(
        distance.jensenshannon(
            ref_counts / max(ref_counts.sum(), 1), cur_counts / max(cur_counts.sum(), 1)
        )
    )


def chi2_two_sample(ref_counts: np.ndarray, cur_counts: np.ndarray) -> tuple[float, float]:
    """The two-sample contingency test (scipy.stats.chi2_contingency, no continuity
    correction) over the categories seen in either sample — not the goodness-of-fit test
    that treats the reference as exact (anti-conservative; see reference research)."""
    from scipy import stats

    keep = (ref_counts + cur_counts) > 0
    table = np.vstack([ref_counts[keep], cur_counts[keep]])
    if table.shape[1] < 2:
        return 0.0, 1.0
    result = stats.chi2_contingency(table, correction=False)
    return float(result.statistic), float(result.pvalue)


def proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Two-proportion z-test (pooled), two-sided p-value from scipy's normal."""
    from scipy import stats

    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    return float(z), float(2 * stats.norm.sf(abs(z)))


def correct(pvalues: list[float], method: str) -> list[float]:
    """Adjusted p-values: 'bonferroni', 'bh' (Benjamini–Hochberg) or 'none'."""
    if not pvalues or method == "none":
        return list(pvalues)
    values = np.asarray(pvalues, dtype=float)
    if method == "bonferroni":
        return list(np.minimum(values * values.size, 1.0))
    from scipy import stats

    return list(stats.false_discovery_control(values, method="bh"))
