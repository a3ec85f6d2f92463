"""Performance per chunk: realised matches sklearn, CBPE is unbiased on calibrated scores,
calibration removes the bias of miscalibrated ones, shifts are flagged, inputs are checked."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from engine.errors import ValidationError
from engine.monitoring.performance import calibrator, estimate, performance, realised

BINARY = np.array([0, 1])


def scores(rng: np.random.Generator, n: int, a: float = 2.0, b: float = 5.0):
    """Calibrated scores p and labels y ~ Bernoulli(p), as an (n × 2) matrix and a vector."""
    p = rng.beta(a, b, n)
    return np.column_stack([1 - p, p]), (rng.random(n) < p).astype(int)


def test_realised_per_chunk_equals_sklearn_on_that_chunks_rows():
    rng = np.random.default_rng(0)
    classes = np.array(["pos", "neg"])  # classes[1] = "neg" is positive, though it sorts first
    ref_proba, ref_y = scores(rng, 4000)
    cur_proba, cur_y = scores(rng, 1730)
    ref_labels, cur_labels = classes[ref_y], classes[cur_y].astype(object)
    cur_labels[rng.random(1730) < 0.3] = None  # labels not yet arrived
    cur_labels[520:530] = np.nan
    cur_labels[500:900] = None  # chunk 1 keeps under half its labels
    predicted = classes[cur_proba.argmax(axis=1)]
    for metric in ("roc_auc", "f1", "accuracy"):
        result = performance(ref_labels, ref_proba, cur_proba, classes, metric, 500, cur_labels)
        # the 230-row tail is under half a chunk, so it joins the chunk before it
        assert [(c.start, c.rows) for c in result.chunks] == [(0, 500), (500, 500), (1000, 730)]
        assert result.chunks[1].realised is None and result.chunks[1].labelled < 250
        for c in (result.chunks[0], result.chunks[2]):
            rows = slice(c.start, c.start + c.rows)
            have = np.array([v is not None and v == v for v in cur_labels[rows]])
            y, pred, p = cur_labels[rows][have], predicted[rows][have], cur_proba[rows][have, 1]
            assert c.labelled == have.sum()
            expected = {
                "roc_auc": roc_auc_score(y == "neg", p),
                "f1": f1_score(y.astype(str), pred, pos_label="neg"),
                "accuracy": accuracy_score(y.astype(str), pred),
            }[metric]
            assert c.realised == pytest.approx(expected, abs=1e-12)
            assert c.realised == realised(
                cur_labels[rows], predicted[rows], cur_proba[rows], classes, metric
            )


def test_estimate_is_the_expected_confusion_matrix():
    p = np.array([0.9, 0.2, 0.6, 0.4])
    proba = np.column_stack([1 - p, p])
    # predicted positive: 0.9, 0.6 → TP = 1.5, FP = 0.5; negative: FN = 0.6, TN = 1.4
    assert estimate(proba, BINARY, "accuracy") == pytest.approx(2.9 / 4, abs=1e-12)
    assert estimate(proba, BINARY, "precision") == pytest.approx(1.5 / 2.0, abs=1e-12)
    assert estimate(proba, BINARY, "recall") == pytest.approx(1.5 / 2.1, abs=1e-12)
    assert estimate(proba, BINARY, "f1") == pytest.approx(3.0 / 4.1, abs=1e-12)
    # ROC: pairs ranked above, Σ p_i(1 − p_j) = 2.78, plus half of Σ p(1 − p) = 0.365,
    # over Σp · Σ(1 − p) = 2.1 · 1.9
    assert estimate(proba, BINARY, "roc_auc") == pytest.approx(3.145 / 3.99, abs=1e-12)
    # the model's own predictions replace the argmax: all negative → TP = 0
    assert estimate(proba, BINARY, "accuracy", predicted=[0, 0, 0, 0]) == pytest.approx(
        1.9 / 4, abs=1e-12
    )
    # a 0.5 tie is predicted negative (argmax → first class), as sklearn's predict does
    tie = np.array([[0.5, 0.5], [0.1, 0.9]])
    assert estimate(tie, BINARY, "precision") == pytest.approx(0.9, abs=1e-12)
    assert estimate(np.full((5, 2), 0.5), BINARY, "roc_auc") == pytest.approx(0.5)
    assert estimate(np.array([[1.0, 0.0]] * 3), BINARY, "roc_auc") is None  # no positives


def test_cbpe_is_unbiased_on_calibrated_scores():
    rng = np.random.default_rng(1)
    gaps: dict[str, list[float]] = {"roc_auc": [], "accuracy": [], "f1": []}
    for _ in range(200):
        proba, y = scores(rng, 2000, 2.0, 3.0)
        pred = proba.argmax(axis=1)
        truth = {
            "roc_auc": roc_auc_score(y, proba[:, 1]),
            "accuracy": accuracy_score(y, pred),
            "f1": f1_score(y, pred),
        }
        for metric, value in truth.items():
            gaps[metric].append(value - (estimate(proba, BINARY, metric) or 0.0))
    for metric, gap in gaps.items():
        assert abs(np.mean(gap)) < 0.005, metric
        assert 0.003 < np.std(gap) < 0.05, metric  # it is an estimate, not the labels


def reported(p):
    """An overconfident model: it reports sqrt(p) where the chance of a positive is p."""
    return np.column_stack([1 - np.sqrt(p), np.sqrt(p)])


def test_calibration_removes_the_bias_of_a_miscalibrated_model():
    rng = np.random.default_rng(2)
    ref_p, cur_p = rng.uniform(0, 1, 20000), rng.uniform(0, 1, 10000)
    ref_y, cur_y = rng.random(20000) < ref_p, rng.random(10000) < cur_p
    cur = reported(cur_p)
    pred = cur.argmax(axis=1)
    raw = estimate(cur, BINARY, "accuracy") or 0.0
    truth = accuracy_score(cur_y, pred)
    assert raw - truth > 0.03  # overconfident scores promise more than the model delivers

    fitted = calibrator(reported(ref_p), ref_y.astype(int), BINARY)
    assert fitted.fitted
    fixed = estimate(fitted(cur), BINARY, "accuracy", predicted=pred) or 0.0
    assert abs(fixed - truth) < 0.01
    result = performance(
        ref_y.astype(int), reported(ref_p), cur, BINARY, "accuracy", 1000, cur_y.astype(int)
    )
    assert result.calibrated
    gap = [(c.estimated or 0.0) - (c.realised or 0.0) for c in result.chunks]
    assert abs(np.mean(gap)) < 0.01
    # under 100 reference rows the calibrator is the identity
    assert not calibrator(reported(ref_p[:99]), ref_y[:99].astype(int), BINARY).fitted


def shifted(seed: int, towards_half: float):
    """Reference of calibrated Beta(2, 5) scores; current scores pulled towards 0.5 (a
    harder population: covariate shift, the model still right about P(y | x))."""
    rng = np.random.default_rng(seed)
    ref, ref_y = scores(rng, 20000)
    p = rng.beta(2, 5, 5000)
    p = 0.5 + (p - 0.5) * (1 - towards_half)
    cur_y = (rng.random(5000) < p).astype(int)
    return ref_y, ref, np.column_stack([1 - p, p]), cur_y


@pytest.mark.parametrize("metric", ["roc_auc", "accuracy"])
def test_covariate_shift_lowers_estimate_and_realised_and_is_flagged(metric):
    gaps = []
    for seed in range(4):
        ref_y, ref, cur, cur_y = shifted(seed, 0.6)
        result = performance(ref_y, ref, cur, BINARY, metric, 500, cur_y)
        est = np.array([c.estimated for c in result.chunks], dtype=float)
        real = np.array([c.realised for c in result.chunks], dtype=float)
        assert len(result.chunks) == 10
        assert real.mean() < result.reference_mean - 0.08  # the shift hurts the model
        assert est.mean() < result.reference_mean - 0.08  # and CBPE sees it without labels
        assert all(c.estimated_alert and c.realised_alert for c in result.chunks)
        assert all(c.estimated < result.low for c in result.chunks)
        gaps.append(est.mean() - real.mean())
    # per seed the gap carries the labels' noise and the calibrator's (±0.01 each)
    assert abs(np.mean(gaps)) < 0.02


@pytest.mark.parametrize("metric", ["roc_auc", "accuracy", "f1"])
def test_no_alerts_without_a_shift(metric):
    quiet, total = 0, 0
    for seed in range(6):
        ref_y, ref, cur, cur_y = shifted(100 + seed, 0.0)
        result = performance(ref_y, ref, cur, BINARY, metric, 500, cur_y)
        assert 0.0 <= result.low < result.reference_mean < result.high <= 1.0
        quiet += sum(not (c.estimated_alert or c.realised_alert) for c in result.chunks)
        total += len(result.chunks)
    assert quiet >= 0.95 * total


def test_multiclass_estimates_accuracy_as_the_mean_top_probability():
    rng = np.random.default_rng(5)
    proba = rng.dirichlet([1, 1, 1], 3000)
    classes = ["a", "b", "c"]
    assert estimate(proba, classes, "accuracy") == pytest.approx(
        proba.max(axis=1).mean(), abs=1e-12
    )
    y = np.array(classes)[[rng.choice(3, p=row) for row in proba]]
    fitted = calibrator(proba, y, classes)
    assert len(fitted.models) == 3
    assert np.allclose(fitted(proba).sum(axis=1), 1.0)
    result = performance(y[:2000], proba[:2000], proba[2000:], classes, "accuracy", 200, y[2000:])
    truth = accuracy_score(y[2000:2200], np.array(classes)[proba[2000:2200].argmax(axis=1)])
    assert result.chunks[0].realised == pytest.approx(truth, abs=1e-12)
    for metric in ("f1", "roc_auc"):
        with pytest.raises(ValidationError, match=f"must be accuracy. Got '{metric}'"):
            performance(y[:2000], proba[:2000], proba[2000:], classes, metric, 200)


def test_as_json_round_trips_and_unlabelled_current_has_no_realised():
    ref_y, ref, cur, _ = shifted(9, 0.0)
    result = performance(ref_y, ref, cur[:1100], BINARY, "f1", 500)
    assert [c.rows for c in result.chunks] == [500, 600]
    assert all(c.realised is None and c.labelled == 0 for c in result.chunks)
    data = json.loads(json.dumps(result.as_json()))
    assert data["metric"] == "f1" and data["calibrated"] is True
    assert data["chunks"][1]["start"] == 500 and data["chunks"][1]["realised"] is None
    assert data["chunks"][0]["estimated"] == result.chunks[0].estimated


def test_bad_inputs_are_refused_with_a_message_that_says_what_to_do():
    ref_y, ref, cur, cur_y = shifted(11, 0.0)
    labels = cur_y.astype(object)
    labels[7] = "maybe"
    with pytest.raises(ValidationError, match="contain 'maybe' \\(row 7\\)"):
        performance(ref_y, ref, cur, BINARY, "accuracy", 500, labels)
    with pytest.raises(
        ValidationError, match="makes 4 chunks of 5000 rows; a band needs at least 6"
    ) as error:
        performance(ref_y, ref, cur, BINARY, "accuracy", 5000)
    assert error.value.hint == "Use smaller chunks."
    with pytest.raises(ValidationError, match=r"at least 10 rows\. Got 5\."):
        performance(ref_y, ref, cur, BINARY, "accuracy", 5)
    with pytest.raises(ValidationError, match="no rows"):
        performance(ref_y, ref, cur[:0], BINARY, "accuracy", 500)
    with pytest.raises(ValidationError, match="must be one of roc_auc, accuracy"):
        performance(ref_y, ref, cur, BINARY, "auc", 500)
    with pytest.raises(ValidationError, match="one column per class"):
        performance(ref_y, ref, cur[:, :1], BINARY, "accuracy", 500)
