"""The Pipelines view: add a definition, run on a file with progress, the step timeline
and logs, a failing step shown with its reason, roles."""

from __future__ import annotations

import os
import time

from gui.jobs import JobState
from tests.gui.conftest import wait_idle
from tests.training.conftest import loans_table

DEFINITION = """name = "retrain"
[trigger]
inbox = "loans_*.csv"
dataset = "loans"
[[step]]
kind = "train"
target = "default"
model = "logistic"
folds = 2
explain = false
learning_curve = false
[[step]]
kind = "gate"
model = "credit"
[[step]]
kind = "register"
model = "credit"
"""


def test_add_run_and_read_the_timeline(qtbot, window_for, runner, workspace, team, tmp_path):
    path = tmp_path / "retrain.toml"
    path.write_text(DEFINITION)
    view = window_for("analyst").show_area("pipelines")
    wait_idle(qtbot, runner)
    assert view.empty.empty and "No pipelines in this project" in view.empty.label.text()
    view.add_definition(str(path))
    wait_idle(qtbot, runner)
    assert "retrain is at version 1." in view.status.text()
    assert view.pipeline_list.count() == 1
    assert "Trigger: inbox/loans_*.csv → loans" in view.definition.toPlainText()
    source = tmp_path / "loans_nov.csv"
    loans_table(300, 5).to_pandas().to_csv(source, index=False)
    job = view.run_on_file(str(source))
    assert view.running.isVisible()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED and "retrain#1: succeeded" in view.status.text()
    assert view.runs.rowCount() == 1 and view.runs.item(0, 1).text() == "succeeded"
    steps = [view.timeline.item(i).text() for i in range(view.timeline.count())]
    assert steps[0].startswith("1. import — done") and steps[-1].startswith("4. register")
    view.timeline.setCurrentRow(3)
    assert "registered default#1 as credit@1" in view.log.toPlainText()
    # the inbox: same content again is not due; the run button checks and says so
    (workspace.pipelines.inbox / "loans_again.csv").write_bytes(source.read_bytes())
    old = time.time() - 60
    os.utime(workspace.pipelines.inbox / "loans_again.csv", (old, old))
    job = view.watch_once()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert view.status.text() == "Nothing was due."


def test_a_failed_step_shows_its_reason_and_the_auditor_only_reads(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    path = tmp_path / "retrain.toml"
    path.write_text(DEFINITION.replace('target = "default"', 'target = "nope"'))
    workspace.pipelines.add(team["analyst"], path)
    source = tmp_path / "loans_x.csv"
    loans_table(100, 2).to_pandas().to_csv(source, index=False)
    run = workspace.pipelines.run(team["analyst"], "retrain", file=source)
    assert run.status == "failed"
    view = window_for("auditor").show_area("pipelines")
    wait_idle(qtbot, runner)
    assert all(b.isHidden() for b in view.buttons)
    assert view.runs.item(0, 1).text() == "failed"
    assert view.timeline.currentRow() == 1  # the failed step is selected
    assert "The target 'nope' is not a column" in view.log.toPlainText()
