"""Drift statistics agree with scipy to 1e-9 on random data, in both KS regimes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps
from scipy.spatial import distance

from engine.monitoring import stats


@pytest.mark.parametrize(
    "n1, n2, seed",
    [(200, 300, 1), (1000, 999, 2), (9000, 10000, 3), (20000, 15000, 4), (50000, 60000, 5)],
)
def test_ks_and_wasserstein_match_scipy(n1, n2, seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(0, 1, n1)
    b = rng.normal(0.05, 1.1, n2).round(2)  # ties too
    got = stats.ecdf_statistics(np.sort(a), np.sort(b))
    want = sps.ks_2samp(a, b)
    assert got.ks == pytest.approx(want.statistic, abs=1e-12)
    assert stats.ks_pvalue(got.ks, a, b) == pytest.approx(want.pvalue, abs=1e-9)
    assert got.wasserstein == pytest.approx(sps.wasserstein_distance(a, b), rel=1e-9)


def test_category_statistics_match_scipy():
    rng = np.random.default_rng(7)
    for _ in range(20):
        k = rng.integers(2, 30)
        r = rng.integers(0, 500, k).astype(float)
        c = rng.integers(0, 500, k).astype(float)
        r[0] = c[0] = 5  # no empty column
        result = sps.chi2_contingency(np.vstack([r, c]), correction=False)
        statistic, p = stats.chi2_two_sample(r, c)
        assert statistic == pytest.approx(result.statistic, rel=1e-9)
        assert p == pytest.approx(result.pvalue, abs=1e-9)
        assert stats.jensen_shannon(r, c) == pytest.approx(
            distance.jensenshannon(r / r.sum(), c / c.sum()), abs=1e-9
        )
        p_, q_ = r / r.sum(), c / c.sum()
        assert stats.hellinger(r, c) == pytest.approx(
            np.sqrt(0.5 * np.sum((np.sqrt(p_) - np.sqrt(q_)) ** 2)), abs=1e-12
        )


def test_proportion_z_and_corrections_match_scipy():
    z, p = stats.proportion_z(120, 1000, 150, 1000)
    pooled = 270 / 2000
    want = (0.12 - 0.15) / np.sqrt(pooled * (1 - pooled) * (2 / 1000))
    assert z == pytest.approx(want, rel=1e-12)
    assert p == pytest.approx(2 * sps.norm.sf(abs(want)), abs=1e-12)
    values = list(np.random.default_rng(3).uniform(0, 0.2, 25))
    assert stats.correct(values, "bh") == pytest.approx(
        list(sps.false_discovery_control(values, method="bh")), abs=1e-12
    )
    assert stats.correct(values, "bonferroni") == pytest.approx([min(1.0, v * 25) for v in values])


def test_psi_bins_and_critical_value():
    rng = np.random.default_rng(11)
    ref = np.sort(rng.normal(0, 1, 10000))
    cur = np.sort(rng.normal(0.3, 1, 8000))
    edges = stats.quantile_edges(ref, 10)
    r, c = stats.bin_counts(ref, edges), stats.bin_counts(cur, edges)
    assert r.sum() == ref.size and c.sum() == cur.size
    assert np.all(np.abs(r - 1000) <= 1)  # deciles of the reference
    full = np.concatenate([[-np.inf], edges, [np.inf]])
    assert list(c) == list(np.histogram(cur, bins=full)[0])  # (a, b] vs [a, b) on floats
    p, q = r / r.sum(), c / c.sum()
    assert stats.psi(r, c) == pytest.approx(np.sum((q - p) * np.log(q / p)), rel=1e-12)
    assert stats.psi_critical(10000, 8000, 10) == pytest.approx(
        (1 / 10000 + 1 / 8000) * sps.chi2.ppf(0.95, 9), rel=1e-12
    )


def test_quantile_edges_are_numpys_quantiles():
    values = np.sort(np.random.default_rng(4).lognormal(0, 1, 12345))
    assert stats.quantile_edges(values, 10) == pytest.approx(
        np.quantile(values, np.linspace(0, 1, 11)[1:-1]), rel=1e-12
    )
