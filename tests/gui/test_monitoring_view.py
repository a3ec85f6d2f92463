"""The Monitoring view: analysis with per-column results and a drill-down plot, monitors
with their traffic light, the alert inbox and acknowledgement; the dashboard's count."""

from __future__ import annotations

import pyarrow.parquet as pq
from PySide6.QtCore import Qt

from gui.jobs import JobState
from tests.gui.conftest import wait_idle
from tests.gui.test_dashboard import demo_window  # noqa: F401 - a fixture
from tests.monitoring.test_drift import frame


def test_analyse_run_monitors_and_acknowledge(qtbot, window_for, runner, workspace, team, tmp_path):
    analyst = team["analyst"]
    for number, table in enumerate(
        (frame(3000, 1), frame(3000, 2, mean=1.0, mix=(0.1, 0.1, 0.8))), 1
    ):
        pq.write_table(table, tmp_path / f"b{number}.parquet")
        workspace.data.import_file(analyst, tmp_path / f"b{number}.parquet", "batch")
    workspace.monitors.add(
        analyst,
        {
            "name": "inputs",
            "reference": "batch@1",
            "current": "batch",
            "levels": {"warning": 0.25, "alert": 0.5},
        },
    )
    window = window_for("analyst")
    view = window.show_area("monitoring")
    wait_idle(qtbot, runner)
    assert "never run" in view.monitor_list.item(0).text()
    view.reference.setCurrentText("batch@2")  # the form then reads what was compared
    view.current.setCurrentText("batch@1")
    job = view.analyse("batch@1", "batch@2")
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED
    assert (
        "2 of 4 columns of batch@2 drift against batch@1 (50%); dataset drift: alert "
        "(warning at 20%, alert at 50%)." in view.summary.text()
    )
    assert view.results.rowCount() == 4
    assert view.results.item(0, 0).text() == "x"  # the first drifted column is selected
    assert view.plot.figure.axes and view.plot.figure.axes[0].get_title() == "x"
    assert (view.reference.currentText(), view.current.currentText()) == ("batch@1", "batch@2")
    # each side's bars are shares of its rows (they sum to 1), not a density per unit
    bars = view.plot.figure.axes[0].patches
    half = len(bars) // 2
    for side in (bars[:half], bars[half:]):
        assert abs(sum(b.get_height() for b in side) - 1.0) < 1e-6
    assert view.plot.figure.axes[0].get_ylabel() == "share of rows"
    view.run_monitors()
    wait_idle(qtbot, runner)
    assert "inputs: alert" in view.status.text()
    assert "alert" in view.monitor_list.item(0).text()
    assert view.monitor_list.item(0).toolTip().startswith("inputs\nbatch vs batch@1")
    assert view.alert_table.rowCount() == 1 and view.ack_button.isEnabled()
    view.acknowledge("retraining planned")
    wait_idle(qtbot, runner)
    assert view.alert_table.item(0, 3).text() == "acknowledged"
    assert workspace.monitors.alerts(analyst)[0].note == "retraining planned"


def test_trend_with_annotations_and_performance_over_chunks(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    from engine.training.spec import RunSpec
    from tests.training.conftest import loans_table

    analyst = team["analyst"]
    for number, table in enumerate((frame(3000, 1), frame(3000, 2, mean=1.0)), 1):
        pq.write_table(table, tmp_path / f"b{number}.parquet")
        workspace.data.import_file(analyst, tmp_path / f"b{number}.parquet", "batch")
    workspace.monitors.add(
        analyst,
        {
            "name": "inputs",
            "reference": "batch@1",
            "current": "batch",
            "levels": {"warning": 0.2, "alert": 0.5},
        },
    )
    for version in (1, 2):
        workspace.monitors.run(analyst, "inputs", current=f"batch@{version}")
    workspace.monitors.annotate(analyst, "inputs", "2020-01-01", "Rule change")
    pq.write_table(loans_table(), tmp_path / "loans.parquet")
    workspace.data.import_file(analyst, tmp_path / "loans.parquet", "loans")
    run = workspace.training.train(
        analyst,
        RunSpec(
            dataset="loans@1",
            target="default",
            model="logistic",
            folds=3,
            n_jobs=1,
            learning_curve=False,
            explain=False,
        ),
    )
    workspace.registry.versions.register(analyst, run.ref, "credit")
    window = window_for("analyst")
    view = window.show_area("monitoring")
    wait_idle(qtbot, runner)
    trend = view.trend
    assert trend.table.rowCount() == 2 and trend.table.item(0, 1).text() == "batch@2"
    assert trend.table.item(0, 2).text() == "warning"  # newest first
    axes = trend.plot.figure.axes[0]
    assert any("Rule change" in t.get_text() for t in axes.texts)  # the annotation
    # issue 19: batches without a time column are named by version, not the import date
    assert [t.get_text() for t in axes.get_xticklabels()] == ["@1", "@2"]
    assert axes.get_xlabel() == "versions of batch"
    assert trend.annotate_button.isEnabled()
    panel = view.performance
    view.tabs.setCurrentWidget(panel)
    panel.model.setCurrentText("credit@1")
    panel.current.setCurrentText("loans@1")
    job = panel.measure()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED, panel.summary.text()
    # chunks of a tenth of the reference: the 120 rows the run kept apart (issue 19, E2)
    assert panel.table.rowCount() == 50 and "credit@1 on loans@1" in panel.summary.text()
    labels = [line.get_label() for line in panel.plot.figure.axes[0].get_lines()]
    assert "estimated (CBPE)" in labels and "realised" in labels
    panel.current.setCurrentText("nothing@1")
    failed = panel.measure()
    with qtbot.waitSignal(failed.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert "nothing" in panel.summary.text()  # the engine's message, no traceback


def test_an_auditor_sees_the_trend_but_cannot_annotate_or_measure(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    analyst = team["analyst"]
    pq.write_table(frame(500, 1), tmp_path / "b.parquet")
    workspace.data.import_file(analyst, tmp_path / "b.parquet", "batch")
    workspace.monitors.add(analyst, {"name": "inputs", "reference": "batch@1", "current": "batch"})
    window = window_for("auditor")
    view = window.show_area("monitoring")
    wait_idle(qtbot, runner)
    assert not view.trend.annotate_button.isEnabled()
    assert view.performance.measure_button.isHidden()


def test_no_monitors_yet_then_new_monitor_from_a_form(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    """Issue 20: the empty list says what to do, with a button; the form's errors stay in
    the dialog next to the field at fault; no command-line syntax anywhere."""
    from PySide6.QtWidgets import QLabel

    analyst = team["analyst"]
    for number, table in enumerate((frame(500, 1), frame(500, 2, mean=1.0)), 1):
        pq.write_table(table, tmp_path / f"b{number}.parquet")
        workspace.data.import_file(analyst, tmp_path / f"b{number}.parquet", "batch")
    pq.write_table(frame(500, 3), tmp_path / "train.parquet")
    workspace.data.import_file(analyst, tmp_path / "train.parquet", "train")
    view = window_for("analyst").show_area("monitoring")
    wait_idle(qtbot, runner)
    empty = view.monitors_empty
    assert empty.empty and empty.label.text().startswith("No monitors yet")
    assert empty.action.text().replace("&", "") == "New monitor…"
    assert empty.action.isVisibleTo(view)
    texts = " ".join(label.text() for label in view.findChildren(QLabel))
    assert "airlock" not in texts and "FILE" not in texts
    empty.action.click()
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reference.setCurrentText("train@1")
    dialog.current.setCurrentText("batch")
    columns = [dialog.columns.item(i).text() for i in range(dialog.columns.count())]
    assert columns == list(frame(10, 1).column_names)
    dialog.name.setText("bad name!")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert "'name' uses letters" in dialog.errors["name"].text() and not ok.isEnabled()
    dialog.submit()
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and dialog.errors["name"].isVisibleTo(dialog)
    assert "'name' uses letters" in dialog.errors["name"].text()
    dialog.name.setText("inputs")
    dialog.warning.setValue(60)
    dialog.alert.setValue(40)
    dialog.submit()
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and not dialog.errors["name"].isVisibleTo(dialog)
    assert "warning ≤ alert" in dialog.errors["levels"].text()
    assert workspace.monitors.monitors(analyst) == []
    dialog.warning.setValue(20)
    dialog.columns.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.submit()
    wait_idle(qtbot, runner)
    [monitor] = workspace.monitors.monitors(analyst)
    assert (monitor.name, monitor.reference, monitor.current) == (
        "inputs",
        "train@1",
        "batch",
    )
    assert monitor.definition["columns"] == [columns[0]] and monitor.every == "1d"
    assert monitor.levels["warning"] == 0.2 and monitor.levels["alert"] == 0.4
    assert not empty.empty and view.monitor_list.item(0).text().startswith("●  inputs")
    assert "Added the monitor inputs" in view.status.text()
    # the next monitor starts from this one's choices (not its name)
    again = view.new_monitor()
    assert (again.reference.currentText(), again.current.currentText()) == ("train@1", "batch")
    assert (again.warning.value(), again.alert.value()) == (20, 40)
    assert again.every.currentData() == "1d" and again.name.text() == ""
    again.reject()


def test_the_trend_of_dated_batches_has_a_date_axis(qtbot, demo_window, runner):  # noqa: F811
    """Issue 20: batches with a time column stand at their dates; others at versions."""
    from datetime import date

    from matplotlib import dates as mdates

    window = demo_window("analyst")
    view = window.show_area("monitoring")
    wait_idle(qtbot, runner)
    names = [m.name for m in view.monitors]
    view.monitor_list.setCurrentRow(names.index("credit-inputs"))  # a time column
    wait_idle(qtbot, runner)
    axes = view.trend.plot.figure.axes[0]
    assert isinstance(axes.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    line = axes.get_lines()[0]
    days = [mdates.num2date(x).date() for x in mdates.date2num(line.get_xdata())]
    assert days == [date.fromisoformat(r.period[0][:10]) for r in view.trend.runs]
    assert days[0].isoformat().startswith("2025-07")
    note = next(t for t in axes.texts if "Online application campaign" in t.get_text())
    low, high = axes.get_xlim()
    assert low <= note.xy[0] <= high and note.get_clip_on()  # inside the chart
    view.monitor_list.setCurrentRow(names.index("credit-model"))  # no time column
    wait_idle(qtbot, runner)
    axes = view.trend.plot.figure.axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()] == [f"@{n}" for n in range(1, 7)]
    assert not isinstance(axes.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
