"""The Monitoring view: analysis with per-column results and a drill-down plot, monitors
with their traffic light, the alert inbox and acknowledgement; the dashboard's count."""

from __future__ import annotations

import pyarrow.parquet as pq

from gui.jobs import JobState
from tests.gui.conftest import wait_idle
from tests.monitoring.test_drift import frame


def test_analyse_run_monitors_and_acknowledge(qtbot, window_for, runner, workspace, team,
                                              tmp_path):
    analyst = team["analyst"]
    for number, table in enumerate((frame(3000, 1), frame(3000, 2, mean=1.0,
                                                          mix=(0.1, 0.1, 0.8))), 1):
        pq.write_table(table, tmp_path / f"b{number}.parquet")
        workspace.data.import_file(analyst, tmp_path / f"b{number}.parquet", "batch")
    workspace.monitors.add(analyst, {"name": "inputs", "reference": "batch@1",
                                     "current": "batch",
                                     "levels": {"warning": 0.25, "alert": 0.5}})
    window = window_for("analyst")
    view = window.show_area("monitoring")
    wait_idle(qtbot, runner)
    assert "never run" in view.monitor_list.item(0).text()
    job = view.analyse("batch@1", "batch@2")
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED
    assert "2 of 4 columns of batch@2 drift against batch@1" in view.summary.text()
    assert view.results.rowCount() == 4
    assert view.results.item(0, 0).text() == "x"  # the first drifted column is selected
    assert view.plot.figure.axes and view.plot.figure.axes[0].get_title() == "x"
    view.run_monitors()
    wait_idle(qtbot, runner)
    assert "inputs: alert" in view.status.text()
    assert "alert" in view.monitor_list.item(0).text()
    assert view.alert_table.rowCount() == 1 and view.ack_button.isEnabled()
    view.acknowledge("retraining planned")
    wait_idle(qtbot, runner)
    assert view.alert_table.item(0, 3).text() == "acknowledged"
    assert workspace.monitors.alerts(analyst)[0].note == "retraining planned"
