"""The drift engine: the test chosen per column, no false alarms beyond the configured
rate, injected shifts found, schema mismatches and empty windows refused clearly, and the
cached profile gives the same answer."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from engine.errors import ValidationError
from engine.monitoring.drift import DriftOptions, ReferenceProfile, compare, profile


def frame(
    rows: int,
    seed: int,
    *,
    mean: float = 0.0,
    scale: float = 1.0,
    mix=(0.5, 0.3, 0.2),
    missing: float = 0.0,
    new_level: float = 0.0,
) -> pa.Table:
    rng = np.random.default_rng(seed)
    x = rng.normal(mean, scale, rows)
    x[rng.random(rows) < missing] = np.nan
    cities = rng.choice(["Riyadh", "Jeddah", "Dammam"], rows, p=list(mix)).astype(object)
    cities[rng.random(rows) < new_level] = "Mecca"
    return pa.table(
        {
            "x": pa.array(x, from_pandas=True),
            "y": pa.array(rng.exponential(2.0, rows)),
            "city": pa.array(cities),
            "flag": pa.array(rng.random(rows) < 0.3),
        }
    )


def by_column(report):
    return {c.column: c for c in report.columns}


def test_the_test_follows_sample_size_and_type():
    small = compare(profile(frame(500, 1), "ref"), frame(400, 2), "cur")
    tests = {c.column: c.test for c in small.columns}
    assert tests == {"x": "ks", "y": "ks", "city": "chi2", "flag": "z"}
    large = compare(profile(frame(5000, 1), "ref"), frame(4000, 2), "cur")
    tests = {c.column: c.test for c in large.columns}
    assert tests == {
        "x": "wasserstein",
        "y": "wasserstein",
        "city": "jensenshannon",
        "flag": "jensenshannon",
    }
    assert not large.dataset_drift and large.drifted == []


def test_no_false_alarms_beyond_the_configured_rate():
    alarms = tests = 0
    for seed in range(200):
        report = compare(profile(frame(300, seed), "ref"), frame(300, 10_000 + seed), "cur")
        alarms += sum(c.drifted for c in report.columns)
        tests += len(report.columns)
    assert 0.02 < alarms / tests < 0.08  # p < 0.05 on samples from one distribution
    for seed in range(20):  # large samples: distances, no alarm at all
        report = compare(profile(frame(5000, seed), "ref"), frame(5000, 500 + seed), "cur")
        assert report.drifted == []


@pytest.mark.parametrize(
    "change, column, reason",
    [
        ({"mean": 0.5}, "x", "wasserstein"),
        ({"scale": 1.5}, "x", "wasserstein"),
        ({"mix": (0.25, 0.35, 0.40)}, "city", "jensenshannon"),
        ({"missing": 0.2}, "x", "missing share 0.0% → 19"),
        ({"new_level": 0.3}, "city", "new categories: Mecca"),
    ],
)
def test_injected_shifts_are_found(change, column, reason):
    report = compare(profile(frame(5000, 3), "ref"), frame(5000, 4, **change), "cur")
    found = by_column(report)
    assert found[column].drifted and any(reason in r for r in found[column].reasons), found[column]
    assert [c for c in report.drifted if c != column] == []


def test_small_samples_find_a_mean_shift_with_ks_and_corrections_apply():
    report = compare(profile(frame(500, 5), "ref"), frame(500, 6, mean=0.6), "cur")
    assert by_column(report)["x"].drifted and by_column(report)["x"].p_value < 1e-6
    corrected = compare(
        profile(frame(500, 5), "ref"),
        frame(500, 6, mean=0.6),
        "cur",
        DriftOptions(correction="bonferroni"),
    )
    assert by_column(corrected)["x"].drifted
    assert by_column(corrected)["y"].p_value == pytest.approx(
        min(1.0, by_column(report)["y"].p_value * 4)
    )
    assert "p-values corrected for 4 tests (bonferroni)" in corrected.notes


def test_out_of_range_psi_and_dataset_drift():
    ref = frame(5000, 7)
    cur = frame(5000, 8, mean=3.0, scale=2.0, mix=(0.1, 0.1, 0.8))
    report = compare(profile(ref, "ref"), cur, "cur")
    x = by_column(report)["x"]
    assert x.out_of_range > 0.25 and x.psi > x.psi_critical
    assert report.drift_share == 0.5 and report.dataset_drift


def test_schema_mismatches_and_empty_windows_are_clear_errors():
    reference = profile(frame(500, 1), "loans@1")
    with pytest.raises(
        ValidationError,
        match=r"may\.csv lacks columns the reference "
        r"loans@1 has: x",
    ):
        compare(reference, frame(100, 2).drop(["x"]), "may.csv")
    retyped = frame(100, 2).set_column(0, "x", pa.array(["a"] * 100))
    with pytest.raises(ValidationError, match="'x' no longer hold numbers"):
        compare(reference, retyped, "may.csv")
    extra = frame(100, 2).append_column("z", pa.array(range(100)))
    assert (
        "columns not compared (not in the reference profile): z"
        in compare(reference, extra, "may.csv").notes
    )
    with pytest.raises(ValidationError, match=r"may\.csv has no rows to compare"):
        compare(reference, frame(100, 2).slice(0, 0), "may.csv")
    with pytest.raises(ValidationError, match="The correction must be none, bonferroni"):
        compare(reference, frame(100, 2), "x", DriftOptions(correction="holm"))


def test_a_cached_profile_gives_the_same_report():
    reference = profile(frame(3000, 9, missing=0.05), "ref")
    again = ReferenceProfile.from_bytes(reference.to_bytes())
    current = frame(2000, 10, mean=0.2)
    assert compare(again, current, "cur").as_json() == compare(reference, current, "cur").as_json()
