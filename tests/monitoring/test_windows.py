"""Windows of versions as one batch (a range, the scoring log's recent days), seasonal and
rolling references, dated annotations that start a new baseline, drift over chunks in the
report, and anomalies recorded with a monitor run."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pytest

from engine.errors import PermissionDenied, ValidationError
from engine.monitoring.baselines import choose
from engine.monitoring.monitor_entities import Annotation
from engine.monitoring.monitors import parse_monitor
from tests.monitoring.test_drift import frame
from tests.monitoring.test_monitors import add_batch, monitor


def dated(rows: int, seed: int, month: int, **shift) -> pa.Table:
    table = frame(rows, seed, **shift)
    days = np.array(
        [f"2025-{month:02d}-{d:02d}" for d in np.random.default_rng(seed).integers(1, 28, rows)],
        dtype="datetime64[D]",
    )
    return table.append_column("day", pa.array(days))


def test_a_range_of_versions_is_read_as_one_batch(workspace, team, tmp_path):
    analyst = team["analyst"]
    for seed in (1, 2, 3):
        add_batch(workspace, analyst, tmp_path, frame(1000, seed))
    window = workspace.monitoring.window(analyst, "batch@2..3")
    assert [v.ref for v in window.versions] == ["batch@2", "batch@3"]
    assert window.rows == 2000 and window.label == "batch@2..3"
    report = workspace.monitoring.drift(analyst, "batch@1", "batch@2..")
    assert report.current == "batch@2..3" and report.rows_cur == 2000
    profile, cached = workspace.monitoring.reference(analyst, "batch@1..2")
    assert profile.rows == 2000 and not cached
    assert workspace.monitoring.reference(analyst, "batch@1..2")[1]  # cached by content
    for bad, message in (
        ("batch@3..2", "from a lower version to a higher one"),
        ("batch@1..9", "batch has versions 1 to 3"),
    ):
        with pytest.raises(ValidationError, match=message):
            workspace.monitoring.window(analyst, bad)


def test_the_scoring_log_window_holds_the_recent_versions(workspace, team, tmp_path, clock):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, frame(500, 1), "scored")
    clock.advance(10 * 86400)
    add_batch(workspace, analyst, tmp_path, frame(500, 2), "scored")
    add_batch(workspace, analyst, tmp_path, frame(500, 3), "scored")
    window = workspace.monitoring.window(analyst, "scored@last:7d")
    assert [v.version for v in window.versions] == [2, 3]
    assert len(workspace.monitoring.window(analyst, "scored@last:30d").versions) == 3
    clock.advance(30 * 86400)
    with pytest.raises(ValidationError, match="no version from the last 7d"):
        workspace.monitoring.window(analyst, "scored@last:7d")


def test_versions_with_different_schemas_are_refused_as_one_window(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, frame(300, 1))
    retyped = frame(300, 2).set_column(0, "x", pa.array(["a"] * 300))
    add_batch(workspace, analyst, tmp_path, retyped)
    with pytest.raises(ValidationError, match="do not share their columns' types"):
        workspace.monitoring.drift(analyst, "batch@1", "batch@1..2")


class V:
    def __init__(self, version: int) -> None:
        self.version, self.dataset, self.ref = version, "m", f"m@{version}"


def test_rolling_seasonal_and_new_baseline_references():
    versions = [V(n) for n in range(1, 15)]
    periods = {v.ref: (f"2025-{(v.version - 1) % 12 + 1:02d}-01", "") for v in versions}
    periods.update({"m@13": ("2026-01-01", ""), "m@14": ("2026-02-01", "")})
    fixed = {"reference": "train@1", "baseline": {"mode": "fixed"}}
    assert choose(fixed, versions, periods, []).reference == "train@1"
    rolling = {**fixed, "baseline": {"mode": "rolling", "batches": 3}}
    assert choose(rolling, versions, periods, []).reference == "m@11..13"
    seasonal = {**fixed, "baseline": {"mode": "seasonal", "lag": 12}}
    chosen = choose(seasonal, versions, periods, [])
    assert chosen.reference == "m@2" and "the batch 12 before" in chosen.note
    early = choose(seasonal, versions[:5], periods, [])  # no batch a year before yet
    assert early.reference == "train@1" and "no earlier batch" in early.note
    reset = [Annotation("ann_1", "2025-12-15", "rule change", True, "", "")]
    after = choose(fixed, versions, periods, reset)  # m@13 is the first batch after it
    assert after.reference == "m@13" and "rule change" in after.note
    assert choose(rolling, versions, periods, reset).reference == "m@13"  # not across it
    assert "is the new baseline" in choose(fixed, versions[:13], periods, reset).note
    plain = [Annotation("ann_2", "2025-12-15", "campaign", False, "", "")]
    assert choose(fixed, versions, periods, plain).reference == "train@1"


def test_baseline_definitions_are_checked():
    for baseline, message in (
        ({"mode": "weekly"}, "baseline mode is one of"),
        ({"mode": "rolling", "batches": 0}, "1 to 120 batches"),
        ({"mode": "seasonal", "lag": "a year"}, "lag is 1 to 120"),
        ({"mode": "fixed", "size": 3}, "unknown fields: size"),
    ):
        with pytest.raises(ValidationError, match=message):
            parse_monitor(monitor(baseline=baseline))
    with pytest.raises(ValidationError, match="'anomalies' is true or false"):
        parse_monitor(monitor(anomalies="yes"))


def test_a_new_baseline_annotation_changes_the_reference_and_is_audited(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, dated(2000, 1, 1), "reference")
    for month in (2, 3, 4):
        shift = {"mean": 1.0} if month >= 3 else {}  # a business rule changed in March
        add_batch(workspace, analyst, tmp_path, dated(2000, month, month, **shift))
    workspace.monitors.add(analyst, monitor(time_column="day", anomalies=False))
    before = [workspace.monitors.run(analyst, "inputs", current=f"batch@{n}") for n in (1, 2, 3)]
    assert [r.level for r in before] == ["ok", "warning", "warning"]  # x: 1 of 4 columns
    assert before[0].period[0].startswith("2025-02") and before[0].reference == "reference@1"
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        workspace.monitors.annotate(analyst, "inputs", "1 March", "rule")
    with pytest.raises(PermissionDenied):
        workspace.monitors.annotate(team["auditor"], "inputs", "2025-03-01", "rule")
    workspace.monitors.annotate(
        analyst, "inputs", "2025-03-01", "Affordability rule", new_baseline=True
    )
    after = workspace.monitors.run(analyst, "inputs", current="batch@3", force=True)
    assert after.reference == "batch@2" and after.level == "ok"
    history = workspace.monitors.history(analyst, "inputs")
    assert [h.current for h in history][-1] == "batch@3"
    assert "new baseline from 2025-03-01: Affordability rule" in history[-1].baseline
    [note] = workspace.monitors.annotations(analyst, "inputs")
    assert note.new_baseline and note.by == team["analyst"].name
    entry = [
        e for e in workspace.audit.entries(team["admin"]) if e.action == "monitoring.annotate"
    ][-1]
    assert entry.details["date"] == "2025-03-01" and entry.details["new_baseline"] is True


def test_anomalies_are_recorded_with_the_run_apart_from_drift(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, frame(3000, 1), "reference")
    noisy = frame(3000, 2, missing=0.3)
    add_batch(workspace, analyst, tmp_path, noisy)
    workspace.monitors.add(analyst, monitor())
    run = workspace.monitors.run(analyst, "inputs")
    assert any(re.match(r"x: missing values 0\.0% → (29|30)\.\d%", f) for f in run.anomalies), (
        run.anomalies
    )
    assert workspace.monitors.history(analyst, "inputs")[0].anomalies == run.anomalies
    entry = [e for e in workspace.audit.entries(team["admin"]) if e.action == "monitoring.run"][-1]
    assert entry.details["anomalies"] == len(run.anomalies)  # no data values in the log


def test_drift_over_monthly_chunks_in_the_report(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, dated(3000, 1, 1), "reference")
    months = [dated(1500, 10 + m, m, **({"mean": 1.0} if m == 3 else {})) for m in (1, 2, 3)]
    path = tmp_path / "three-months.parquet"
    import pyarrow.parquet as pq

    pq.write_table(pa.concat_tables(months), path)
    chunks = workspace.monitoring.over_chunks(analyst, "reference@1", path, chunk_by="day")
    assert [c.label for c in chunks] == ["2025-01", "2025-02", "2025-03"]
    assert [c.report.drifted for c in chunks] == [[], [], ["x"]]
    out = tmp_path / "drift.html"
    workspace.monitoring.report_file(analyst, "reference@1", path, out, chunk_by="day")
    html = out.read_text()
    assert "Drift over chunks" in html and "<td>2025-03</td>" in html
    assert html.count("data:image/png;base64,") == 1 + 4  # the chunk plot, one per column
    by_rows = workspace.monitoring.over_chunks(analyst, "reference@1", path, chunk_rows=1500)
    assert [c.report.drifted for c in by_rows] == [[], [], ["x"]]
    with pytest.raises(ValidationError, match="no column 'when' to chunk by"):
        workspace.monitoring.over_chunks(analyst, "reference@1", path, chunk_by="when")
    with pytest.raises(ValidationError, match="at least 30 rows"):
        workspace.monitoring.over_chunks(analyst, "reference@1", path, chunk_rows=5)


def test_review_edge_cases_are_clear_errors(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, frame(300, 1))
    add_batch(workspace, analyst, tmp_path, frame(300, 2).drop_columns(["y"]))
    for spec, message in (
        ("batch@last:99999999999d", "at most 100 years"),
        ("batch@0..2", "numbered from 1"),
    ):
        with pytest.raises(ValidationError, match=message):
            workspace.monitoring.window(analyst, spec)
    with pytest.raises(ValidationError, match=r"batch@2 in batch@1\.\.2 has no column y"):
        workspace.monitoring.reference(analyst, "batch@1..2", columns=["x", "y"])
    first, _ = workspace.monitoring.reference(analyst, "batch@1", columns=["x"])
    again, cached = workspace.monitoring.reference(analyst, "batch@1..1", columns=["x"])
    assert cached and first.label == "batch@1" and again.label == "batch@1..1"


def test_a_failing_monitor_does_not_stop_the_others_or_lose_its_drift(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, frame(500, 1), "reference")
    add_batch(workspace, analyst, tmp_path, frame(500, 2))
    workspace.monitors.add(
        analyst,
        monitor(
            name="model",
            performance={"model": "absent", "labels": str(tmp_path / "later.csv"), "id": "x"},
        ),
    )
    run = workspace.monitors.run(analyst, "model")  # the drift is kept, and why not perf
    assert run.level == "ok" and "performance not measured: There is no labels file" in run.note
    assert workspace.monitors.history(analyst, "model")[0].performance["error"]
    workspace.monitors.add(analyst, monitor(name="bad", columns=["nope"], every="1d"))
    workspace.monitors.add(analyst, monitor(name="plain", every="1d"))
    errors: list[str] = []
    done = workspace.monitors.run_due(analyst, errors=errors)
    assert [r.monitor for r in done] == ["plain"]
    assert errors == ["monitor bad did not run: reference@1 has no column nope."]


def test_a_new_baseline_skips_old_batches_without_the_time_column(workspace, team, tmp_path):
    analyst = team["analyst"]
    add_batch(workspace, analyst, tmp_path, dated(1000, 1, 1), "reference")
    add_batch(workspace, analyst, tmp_path, frame(1000, 2))  # before dates were recorded
    add_batch(workspace, analyst, tmp_path, dated(1000, 3, 3))
    workspace.monitors.add(analyst, monitor(time_column="day", anomalies=False))
    workspace.monitors.annotate(analyst, "inputs", "2025-02-01", "rule", new_baseline=True)
    run = workspace.monitors.run(analyst, "inputs", current="batch@2")
    assert (
        run.reference == "batch@2"
        and "this batch is the new baseline"
        in workspace.monitors.history(analyst, "inputs")[-1].baseline
    )
