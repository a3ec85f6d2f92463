"""Fairness numbers: per-group metrics equal fairlearn's MetricFrame and scikit-learn's,
disparities equal fairlearn's functions, the four-fifths rule flags an unfair model and only
it, bootstrap intervals cover the truth at about their level, intersections and regression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, mean_absolute_error

from engine.errors import ValidationError
from engine.governance.fairness import assess


def applicants(rows=4000, seed=0, bias=0.0):
    """Approvals ("yes") where `bias` lowers women's approval chance."""
    rng = np.random.default_rng(seed)
    gender = rng.choice(["F", "M"], rows, p=[0.4, 0.6])
    region = rng.choice(["north", "south", "east"], rows)
    merit = rng.normal(0, 1, rows)
    truth = np.where(rng.random(rows) < 1 / (1 + np.exp(-merit)), "yes", "no")
    score = 1 / (1 + np.exp(-(merit - bias * (gender == "F"))))
    pred = np.where(score >= 0.5, "yes", "no")
    return truth, pred, score, pd.DataFrame({"gender": gender, "region": region})


def test_per_group_metrics_and_disparities_equal_fairlearn():
    truth, pred, score, sensitive = applicants()
    report = assess(truth, pred, sensitive, task="binary", positive="yes", score=score, bootstrap=0)
    y, p = (truth == "yes").astype(int), (pred == "yes").astype(int)
    frame = MetricFrame(
        metrics={
            "selection_rate": selection_rate,
            "true_positive_rate": true_positive_rate,
            "false_positive_rate": false_positive_rate,
            "accuracy": accuracy_score,
        },
        y_true=y,
        y_pred=p,
        sensitive_features=sensitive["gender"],
    ).by_group
    for group in report.groups:
        if group.attribute != "gender":
            continue
        for metric in ("selection_rate", "true_positive_rate", "false_positive_rate", "accuracy"):
            assert group.values[metric] == pytest.approx(frame.loc[group.group, metric], abs=1e-12)
        chosen = sensitive["gender"] == group.group
        assert group.values["calibration_gap"] == pytest.approx(
            score[chosen].mean() - y[chosen].mean(), abs=1e-12
        )
    gender = report.disparity("gender")
    kw = {"sensitive_features": sensitive["gender"]}
    assert gender.demographic_parity_difference == pytest.approx(
        demographic_parity_difference(y, p, **kw), abs=1e-12
    )
    assert gender.demographic_parity_ratio == pytest.approx(
        demographic_parity_ratio(y, p, **kw), abs=1e-12
    )
    assert gender.equalized_odds_difference == pytest.approx(
        equalized_odds_difference(y, p, **kw), abs=1e-12
    )
    assert gender.equalized_odds_ratio == pytest.approx(equalized_odds_ratio(y, p, **kw), abs=1e-12)
    assert [d.attribute for d in report.disparities] == ["gender", "region", "gender × region"]
    assert {g.group for g in report.groups if g.attribute == "gender × region"} == {
        f"{a} × {b}" for a in "FM" for b in ("north", "south", "east")
    }


def test_the_four_fifths_rule_flags_the_unfair_model_only():
    fair = assess(*applicants()[:2], applicants()[3], task="binary", positive="yes", bootstrap=0)
    assert fair.disparity("gender").four_fifths and not fair.flags
    truth, pred, score, sensitive = applicants(bias=1.5)
    unfair = assess(truth, pred, sensitive, task="binary", positive="yes", score=score, bootstrap=0)
    gender = unfair.disparity("gender")
    assert gender.four_fifths is False and gender.lowest_group == "F"
    assert gender.demographic_parity_ratio < 0.8
    assert unfair.flags[0].startswith("gender: F's selection rate is 0.")


def test_bootstrap_intervals_cover_the_truth_at_about_their_level():
    covered = 0
    for seed in range(60):
        rng = np.random.default_rng(seed)
        gender = pd.DataFrame({"gender": rng.choice(["F", "M"], 800)})
        pred = np.where(rng.random(800) < 0.3, "yes", "no")  # true selection rate 0.3
        report = assess(pred, pred, gender, task="binary", positive="yes", seed=seed, bootstrap=200)
        group = next(g for g in report.groups if g.group == "F")
        covered += group.low["selection_rate"] <= 0.3 <= group.high["selection_rate"]
    assert 50 <= covered <= 60  # 95 % intervals: about 57 of 60


def test_regression_small_groups_and_bad_input():
    rng = np.random.default_rng(1)
    sensitive = pd.DataFrame({"gender": ["F"] * 200 + ["M"] * 200 + ["X"] * 3})
    truth = rng.normal(10, 2, 403)
    pred = truth + rng.normal(0, 1, 403)
    report = assess(truth, pred, sensitive, task="regression", bootstrap=50)
    female = next(g for g in report.groups if g.group == "F")
    assert female.values["mean_absolute_error"] == pytest.approx(
        mean_absolute_error(truth[:200], pred[:200]), abs=1e-12
    )
    tiny = next(g for g in report.groups if g.group == "X")
    assert tiny.rows == 3 and tiny.low["mean_absolute_error"] is None
    assert report.disparity("gender").lowest_group in ("F", "M")  # X is too small to judge
    with pytest.raises(ValidationError, match="no sensitive attribute"):
        assess(truth, pred, sensitive.iloc[:, :0], task="regression")
    with pytest.raises(ValidationError, match="favourable outcome"):
        assess(truth, pred, sensitive, task="binary")


def test_fairness_drift_per_chunk_finds_the_change_and_only_it():
    from engine.governance.fairness_chunks import over_chunks

    rng = np.random.default_rng(4)
    rows, chunk = 6000, 500
    gender = pd.Series(rng.choice(["F", "M"], rows))
    p_yes = np.where((np.arange(rows) >= 3000) & (gender == "F"), 0.15, 0.4)  # from row 3000
    pred = np.where(rng.random(rows) < p_yes, "yes", "no")
    truth = np.where(rng.random(rows) < 0.4, "yes", "no").astype(object)
    bounds = [(s, s + chunk) for s in range(0, rows, chunk)]
    found = over_chunks(
        pred, "yes", gender, bounds, [str(i) for i in range(12)], labels=truth, bootstrap=100
    )
    assert [c.four_fifths for c in found] == [True] * 6 + [False] * 6
    assert not any(c.clearly_below for c in found[:6]) and all(c.clearly_below for c in found[6:])
    y = (pred[:chunk] == "yes").astype(int)
    assert found[0].ratio == pytest.approx(
        demographic_parity_ratio(y, y, sensitive_features=gender[:chunk]), abs=1e-12
    )
    assert all(c.low <= c.ratio <= c.high for c in found)
    assert found[0].equalized_odds_difference is not None
