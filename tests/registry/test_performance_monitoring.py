"""A production model's performance over chunks: labels that arrive later joined on an id
column, realised performance equal to scikit-learn's on those rows, CBPE estimates where no
label has arrived, the detectors over the error stream, and clear errors for bad labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from sklearn.metrics import roc_auc_score

from engine.errors import ValidationError
from tests.training.conftest import loans_table


def batch(tmp_path, *, seed=8, rows=600, labelled=400, flip_from=None):
    """New applications (no label) and, apart, the labels that arrived for the first ones."""
    table = loans_table(rows, seed).to_pandas()
    table["application_id"] += 50_000
    labels = table[["application_id", "default"]].iloc[:labelled].copy()
    if flip_from is not None:  # the world changed: the model's errors jump
        labels.loc[labels.index >= flip_from, "default"] = (
            1 - labels.loc[labels.index >= flip_from, "default"]
        )
    current = tmp_path / f"new-{seed}.parquet"
    pq.write_table(
        __import__("pyarrow").Table.from_pandas(
            table.drop(columns=["default"]), preserve_index=False
        ),
        current,
    )
    labels_file = tmp_path / f"labels-{seed}.csv"
    labels.sample(frac=1.0, random_state=0).to_csv(labels_file, index=False)  # any order
    return current, labels_file, table


def holdout(workspace, analyst, tmp_path, rows=1200, seed=99):
    """Labelled rows the model never saw, imported to be the reference of its band."""
    pq.write_table(loans_table(rows, seed), tmp_path / "holdout.parquet")
    workspace.data.import_file(analyst, tmp_path / "holdout.parquet", "holdout")
    return "holdout@1"


def test_labels_joined_on_an_id_give_realised_performance(workspace, analyst, registered, tmp_path):
    current, labels, table = batch(tmp_path)
    found = workspace.monitoring.performance(
        analyst, "credit@1", current, labels=labels, id_column="application_id", chunk=20
    )
    # issue 19 (E2): by default the band comes from the rows the run kept apart, never
    # from the rows the model was fitted on
    assert found.reference == "loans@1 (the 120 test rows default#1 kept apart from training)"
    assert found.rows == 600 and found.labelled == 400
    assert "400 of 600 rows have a label from labels-8.csv" in found.notes
    chunks = found.result.chunks
    assert len(chunks) == 30 and [c.labelled for c in chunks] == [20] * 20 + [0] * 10
    assert all(c.realised is None for c in chunks[20:])  # no label yet: estimated only
    assert all(c.estimated is not None for c in chunks)
    _version, model = workspace.registry.versions.load(analyst, "credit@1")
    rows = table.iloc[:20]
    proba = model.predict_proba(rows[[c for c in model.feature_names_in_]])[:, 1]
    assert chunks[0].realised == pytest.approx(roc_auc_score(rows["default"], proba), abs=1e-12)
    assert found.result.low < found.result.reference_mean < found.result.high


def test_a_change_in_the_labels_is_found_by_the_band_and_the_detectors(
    workspace, analyst, registered, tmp_path
):
    current, labels, _table = batch(tmp_path, rows=1200, labelled=1200, flip_from=600)
    found = workspace.monitoring.performance(
        analyst,
        "credit@1",
        current,
        labels=labels,
        id_column="application_id",
        chunk=60,
        metric="accuracy",
        reference=holdout(workspace, analyst, tmp_path),
    )
    realised = [c for c in found.result.chunks if c.realised is not None]
    # a 3σ band from ten 60-row reference chunks: one chance excursion is possible
    assert sum(c.realised_alert for c in realised[:10]) <= 1
    assert all(c.realised_alert for c in realised[10:])  # inverted labels from row 600
    assert found.detections["adwin"] and min(found.detections["adwin"]) >= 10
    assert min(found.detections["page_hinkley"]) >= 10
    assert any("realised accuracy" in a for a in found.alerts)


def test_bad_labels_are_clear_errors(workspace, analyst, registered, tmp_path):
    current, labels, _table = batch(tmp_path)
    perf = workspace.monitoring.performance
    with pytest.raises(ValidationError, match="needs the id column"):
        perf(analyst, "credit@1", current, labels=labels)
    with pytest.raises(ValidationError, match="has no id column 'customer' to join"):
        perf(analyst, "credit@1", current, labels=labels, id_column="customer")
    frame = pd.read_csv(labels)
    pd.concat([frame, frame.iloc[:3]]).to_csv(tmp_path / "twice.csv", index=False)
    with pytest.raises(ValidationError, match="gives 3 ids more than one label"):
        perf(
            analyst, "credit@1", current, labels=tmp_path / "twice.csv", id_column="application_id"
        )
    frame.assign(default=np.where(frame["default"] == 1, "yes", "no")).to_csv(
        tmp_path / "words.csv", index=False
    )
    with pytest.raises(ValidationError, match="not one of the model's classes"):
        perf(
            analyst, "credit@1", current, labels=tmp_path / "words.csv", id_column="application_id"
        )
    with pytest.raises(ValidationError, match="There is no labels file"):
        perf(analyst, "credit@1", current, labels=tmp_path / "none.csv", id_column="application_id")
    with pytest.raises(ValidationError, match="a band needs at least 6"):
        perf(analyst, "credit@1", current, chunk=40)


def test_a_monitor_raises_an_alert_when_performance_leaves_the_band(
    workspace, analyst, registered, tmp_path
):
    table = loans_table(1200, 8).to_pandas()
    table.loc[600:, "default"] = 1 - table.loc[600:, "default"]  # the relationship changed
    path = tmp_path / "outcomes.parquet"
    pq.write_table(__import__("pyarrow").Table.from_pandas(table, preserve_index=False), path)
    workspace.data.import_file(analyst, path, "outcomes")
    workspace.monitors.add(
        analyst,
        {
            "name": "credit-model",
            "reference": "loans@1",
            "current": "outcomes",
            "levels": {"warning": 0.3, "alert": 0.6},
            "performance": {
                "model": "credit@1",
                "metric": "accuracy",
                "chunk": 60,
                "reference": holdout(workspace, analyst, tmp_path),
            },
        },
    )
    run = workspace.monitors.run(analyst, "credit-model")
    assert run.drift_share < 0.3  # the inputs did not move ...
    assert run.level == "alert" and run.alert  # ... but the model's accuracy fell
    [alert] = workspace.monitors.alerts(analyst)
    assert "; credit@1: " in alert.message and "chunk 11: realised accuracy" in alert.message
    [history] = workspace.monitors.history(analyst, "credit-model")
    assert history.performance["level"] == "alert"
    assert history.performance["detections"]["adwin"]
    from engine.monitoring.monitors import parse_monitor

    for bad, message in (
        ({"labels": "x.csv", "model": "m"}, "labels need 'id'"),
        ({"model": "m", "chunk": 5}, "chunk is a number of rows"),
        ({"model": "m", "metric": "auc"}, "metric is one of"),
        ({"metric": "f1"}, "needs 'model'"),
    ):
        with pytest.raises(ValidationError, match=message):
            parse_monitor({"name": "m", "reference": "a@1", "current": "a", "performance": bad})


def test_the_scoring_log_is_a_window_for_drift_and_performance(
    workspace, analyst, registered, tmp_path, clock
):
    for seed in (11, 12):
        current, _labels, _table = batch(tmp_path, seed=seed)
        workspace.registry.deploy.score(
            analyst, "credit@1", current, tmp_path / f"s{seed}.csv", keep="credit_scored"
        )
        clock.advance(86400)
    window = workspace.monitoring.window(analyst, "credit_scored@last:3d")
    assert [v.ref for v in window.versions] == ["credit_scored@1", "credit_scored@2"]
    recent = workspace.monitoring.window(analyst, "credit_scored@last:36h")
    assert [v.ref for v in recent.versions] == ["credit_scored@2"]  # scored a day later
    with pytest.raises(
        ValidationError, match="lacks columns the reference loans@1 has: default"
    ):  # the label has not arrived
        workspace.monitoring.drift(analyst, "loans@1", "credit_scored@last:3d")
    drift = workspace.monitoring.drift(
        analyst, "loans@1", "credit_scored@last:3d", columns=["age", "income", "city", "debt"]
    )
    assert drift.rows_cur == 1200 and drift.current == "credit_scored@last:3d"
    found = workspace.monitoring.performance(analyst, "credit@1", "credit_scored@last:3d", chunk=20)
    assert found.labelled == 0 and all(c.realised is None for c in found.result.chunks)
    assert found.result.chunks[0].period == "credit_scored@1"
    assert "no labels yet: estimated performance only" in found.notes
    clock.advance(3 * 86400)
    with pytest.raises(ValidationError, match="no version from the last 36h"):
        workspace.monitoring.window(analyst, "credit_scored@last:36h")


def test_one_chunk_per_calendar_month(workspace, analyst, registered, tmp_path):
    table = loans_table(900, 8).to_pandas()
    table["day"] = np.repeat(["2025-03-10", "2025-01-05", "2025-02-20"], 300)  # any order
    path = tmp_path / "dated.csv"
    table.to_csv(path, index=False)
    found = workspace.monitoring.performance(
        analyst, "credit@1", path, time_column="day", period="month", metric="accuracy"
    )
    chunks = found.result.chunks
    assert [(c.period, c.rows) for c in chunks] == [
        ("2025-01", 300),
        ("2025-02", 300),
        ("2025-03", 300),
    ]
    # 120 held-out reference rows: six chunks at most this big
    assert found.result.chunk_size == 20
    _version, model = workspace.registry.versions.load(analyst, "credit@1")
    february = table[table["day"] == "2025-02-20"]
    predicted = model.predict(february[list(model.feature_names_in_)])
    assert chunks[1].realised == pytest.approx((predicted == february["default"]).mean())
    with pytest.raises(ValidationError, match="need the time column"):
        workspace.monitoring.performance(analyst, "credit@1", path, period="month")


def test_join_edge_cases_from_the_review(tmp_path):
    from engine.monitoring.labelled import _align, join_labels

    current = pd.DataFrame({"id": [1, None, 2, 2]})
    pd.DataFrame({"id": [-1, 1, 2], "y": [1, 0, 1]}).to_csv(tmp_path / "l.csv", index=False)
    joined, notes = join_labels(current, tmp_path / "l.csv", "id", "y")
    assert joined.tolist() == [0.0, None, 1.0, 1.0]  # a missing id is not id -1
    assert "1 current rows have no id and get no label" in notes
    assert "1 current rows repeat another row's id and share its label" in notes
    labels = pd.Series([1.0, None, 0.0])  # read as floats because of the blank
    assert _align(labels, ["0", "1"]).tolist() == ["1", None, "0"]


def test_tiny_chunks_get_no_estimate(workspace, analyst, registered, tmp_path):
    table = loans_table(600, 8).to_pandas().iloc[:3]
    table.to_csv(tmp_path / "three.csv", index=False)
    found = workspace.monitoring.performance(analyst, "credit@1", tmp_path / "three.csv")
    [chunk] = found.result.chunks
    assert chunk.rows == 3 and chunk.estimated is None and not chunk.estimated_alert
    assert not found.alerts


def test_one_chunk_outside_the_band_is_not_an_alert_and_training_rows_are_no_reference(
    workspace, analyst, registered, tmp_path
):
    from engine.monitoring.labelled import PerformanceReport

    current, labels, _table = batch(tmp_path, rows=1200, labelled=1200)
    found = workspace.monitoring.performance(
        analyst,
        "credit@1",
        current,
        labels=labels,
        id_column="application_id",
        chunk=60,
        metric="accuracy",
        reference=holdout(workspace, analyst, tmp_path),
    )
    one = found.result.chunks[0]
    lonely = PerformanceReport(
        **{
            **found.__dict__,
            "result": found.result.__class__(
                **{
                    **found.result.__dict__,
                    "chunks": tuple(
                        c.__class__(**{**c.__dict__, "realised_alert": c is one})
                        for c in found.result.chunks
                    ),
                }
            ),
        }
    )
    assert lonely.level() == "warning"  # the monitors' rule: an alert takes two chunks
    # a run that kept no test rows gives no band of its own
    from engine.training.spec import RunSpec

    run = workspace.training.train(
        analyst,
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            test_size=0,
            folds=3,
            n_jobs=1,
            learning_curve=False,
            explain=False,
        ),
    )
    workspace.registry.versions.register(analyst, run.ref, "all_rows")
    with pytest.raises(ValidationError, match="its run kept no test rows") as refused:
        workspace.monitoring.performance(
            analyst, "all_rows@1", current, labels=labels, id_column="application_id"
        )
    assert "--reference" in refused.value.hint
