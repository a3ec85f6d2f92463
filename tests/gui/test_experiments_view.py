"""The Experiments view: the new-run form, live progress and cancel, the run table, the
run in detail with its plots, re-run, compare, explain a row, roles."""

from __future__ import annotations

import pyarrow.parquet as pq
from PySide6.QtCore import Qt

from engine.training.spec import RunSpec
from gui.jobs import JobState
from tests.gui.conftest import wait_idle
from tests.training.conftest import loans_table

FAST = {"folds": 3, "learning_curve": False, "n_jobs": 1}


def _loans(workspace, team, tmp_path, reviewed: bool = True):
    path = tmp_path / "loans.parquet"
    pq.write_table(loans_table(), path)
    workspace.data.import_file(team["analyst"], path, "loans")
    workspace.data.annotations.tag(team["analyst"], "loans", "gender", ["sensitive"])
    if reviewed:  # `age` looks like a sensitive attribute: the form asks until reviewed
        workspace.data.annotations.tag(team["analyst"], "loans", "age", ["not_sensitive"])


def test_new_run_form_checks_and_starts_a_run(qtbot, window_for, runner, workspace, team,
                                             tmp_path):
    _loans(workspace, team, tmp_path, reviewed=False)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    dialog = view.open_new_run()
    wait_idle(qtbot, runner)  # the engine suggests features for the target
    assert dialog.target.currentData() == "default"
    # issue 19: `age` looks like a sensitive attribute nobody reviewed — asked, not noted
    assert dialog.unreviewed == ["age"] and dialog.sensitive_box.isVisible()
    assert "age looks like a sensitive attribute" in dialog.sensitive_label.text()
    dialog.submit()
    assert dialog.result_spec is None and "before training" in dialog.message.text()
    dialog.dismiss_sensitive.click()  # "Not sensitive": recorded, and the form goes on
    wait_idle(qtbot, runner)
    assert workspace.data.datasets(team["analyst"])[0].column_tags["age"] == ["not_sensitive"]
    entry = [e for e in workspace.audit.entries(team["admin"]) if e.action == "data.tag"][-1]
    assert entry.details == {"column": "age", "from": [], "to": ["not_sensitive"]}
    assert dialog.unreviewed == [] and not dialog.sensitive_box.isVisible()
    # issue 20: models by task (no regressors for a binary target), the positive class shown
    assert dialog.model.findData("lasso") < 0 and dialog.model.findData("linear") < 0
    assert dialog.model.findData("logistic") >= 0
    assert dialog.positive.isEnabled() and dialog.positive.currentData() == "1"
    assert [dialog.positive.itemData(i) for i in range(dialog.positive.count())] == ["0", "1"]
    checked = {dialog.features.item(i).text(): dialog.features.item(i).checkState()
               for i in range(dialog.features.count())}
    assert checked["gender"] == Qt.CheckState.Unchecked  # sensitive: left out by default
    assert checked["application_id"] == Qt.CheckState.Unchecked
    assert checked["debt"] == Qt.CheckState.Checked
    assert "gender (sensitive attribute)" in dialog.feature_notes.text()
    dialog.model.setCurrentIndex(dialog.model.findData("random_forest"))
    dialog.param_fields["n_estimators"].setText("0")
    assert "'n_estimators' must be a whole number from 1 to 5000. Got '0'" in \
        dialog.message.text()
    dialog.submit()
    assert dialog.isVisible() and dialog.result_spec is None  # refused, input kept
    dialog.param_fields["n_estimators"].setText("25")
    dialog.folds.setValue(3)
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.submit()
    assert view.running.isVisible()
    job = view.job
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED and not view.running.isVisible()
    [run] = view.model.runs
    assert run.ref == "default#1" and run.model == "random_forest"
    assert run.params["n_estimators"] == 25 and run.spec["features"] is not None
    assert view.selected_runs() == [run] and "default#1" in view.detail.heading.text()
    metrics = {view.detail.metrics.item(r, 0).text(): view.detail.metrics.item(r, 3).text()
               for r in range(view.detail.metrics.rowCount())}
    assert float(metrics["roc_auc"]) > 0.6
    view.detail.setCurrentWidget(view.detail.curves)
    wait_idle(qtbot, runner)
    assert view.detail.curve_choice.count() >= 3 and view.detail.curve_plot is not None
    view.detail.setCurrentWidget(view.detail.importance)
    assert view.detail.importance_plot is not None


def test_a_search_started_from_the_form_searches(qtbot, window_for, runner, workspace, team,
                                                 tmp_path):
    # issue 19: the form sent every hyperparameter, defaults included, as fixed values, so
    # every random or grid search failed with "has nothing to search"
    _loans(workspace, team, tmp_path)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    dialog = view.open_new_run()
    wait_idle(qtbot, runner)
    dialog.model.setCurrentIndex(dialog.model.findData("decision_tree"))
    dialog.search.setCurrentIndex(dialog.search.findData("random"))
    dialog.n_iter.setValue(3)
    dialog.folds.setValue(3)
    dialog.param_fields["min_samples_leaf"].setText("5")  # one set by hand stays fixed
    assert dialog.params() == {"min_samples_leaf": "5"}
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.submit()
    job = view.job
    with qtbot.waitSignal(job.finished, timeout=120_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED, view.status.text()
    [run] = view.model.runs
    found = workspace.training.artifacts(team["analyst"], run)["search"]
    assert len(found["candidates"]) == 3
    assert all(c["params"]["min_samples_leaf"] == 5 for c in found["candidates"])
    assert len({repr(sorted(c["params"].items())) for c in found["candidates"]}) == 3


def test_a_refused_run_reopens_the_form_as_it_was(qtbot, window_for, runner, workspace,
                                                  team, tmp_path):
    # issue 19: an engine error discarded the form; a bad experiment name was reported as
    # "The dataset name must be…"
    import pyarrow as pa

    pq.write_table(pa.table({"x": list(range(40)), "y": [1] * 40}), tmp_path / "one.parquet")
    workspace.data.import_file(team["analyst"], tmp_path / "one.parquet", "one")
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    dialog = view.open_new_run()
    wait_idle(qtbot, runner)
    dialog.target.setCurrentIndex(dialog.target.findData("y"))
    dialog.model.setCurrentIndex(dialog.model.findData("decision_tree"))
    dialog.folds.setValue(3)
    dialog.experiment.setText("my experiment!")
    dialog.submit()
    assert dialog.isVisible() and "The experiment name must be" in dialog.message.text()
    dialog.experiment.setText("first-try")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.submit()
    with qtbot.waitSignal(view.job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert view.form is dialog and dialog.isVisible()  # reopened, nothing re-entered
    assert "only one class" in dialog.message.text()
    assert dialog.experiment.text() == "first-try"
    assert dialog.model.currentData() == "decision_tree" and dialog.folds.value() == 3


def test_cancel_a_running_search(qtbot, window_for, runner, workspace, team, tmp_path):
    _loans(workspace, team, tmp_path)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    spec = RunSpec("loans@1", "default", model="random_forest", search="random", n_iter=30,
                   params={"n_estimators": 200}, **FAST)
    job = view.start(spec)
    qtbot.waitUntil(lambda: job.fraction > 0.06, timeout=60_000)
    view.cancel_button.click()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.CANCELLED
    assert "recorded as cancelled" in view.status.text()
    [run] = view.model.runs
    assert run.status == "cancelled" and run.model_object_id is None


def test_rerun_compare_explain_filter_and_sort(qtbot, window_for, runner, workspace, team,
                                              tmp_path):
    _loans(workspace, team, tmp_path)
    analyst = team["analyst"]
    first = workspace.training.train(analyst, RunSpec("loans@1", "default", model="logistic",
                                                      explain=False, **FAST))
    workspace.training.train(analyst, RunSpec("loans@1", "default", model="logistic",
                                              params={"C": 0.001}, explain=False,
                                              experiment="weak", **FAST))
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    assert len(view.model.runs) == 2
    view.select([first.id])
    job = view.rerun()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert "Re-ran default#1 as default#2: identical metrics." in view.status.text()
    view.select([r.id for r in view.model.runs if r.ref in ("default#1", "weak#1")])
    job = view.compare()
    wait_idle(qtbot, runner)
    table = view.compare_dialog.table
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    c_row = rows.index("C")
    assert table.item(c_row, 0).background().color().name() == "#fdebd0"  # differs
    auc = rows.index("roc_auc")
    bold = [table.item(auc, c).font().bold() for c in range(2)]
    assert bold.count(True) == 1
    view.compare_dialog.reject()
    job = view.explain(first, 3)
    wait_idle(qtbot, runner)
    assert view.explanation["row"] == 3
    assert "Row 3: prediction" in view.explanation_box.text()
    view.explanation_box.reject()
    view.filter.setText("weak")
    assert view.proxy.rowCount() == 1
    view.filter.setText("")
    column = view.model.headers().index("roc_auc")
    view.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    values = [float(view.proxy.index(r, column).data()) for r in range(view.proxy.rowCount())]
    assert values == sorted(values, reverse=True)


def test_an_auditor_reads_runs_but_cannot_train(qtbot, window_for, runner, workspace, team,
                                                tmp_path):
    _loans(workspace, team, tmp_path)
    workspace.training.train(team["analyst"], RunSpec("loans@1", "default", model="logistic",
                                                      explain=False, **FAST))
    view = window_for("auditor").show_area("experiments")
    wait_idle(qtbot, runner)
    assert not view.new_button.isVisibleTo(view) and not view.rerun_button.isVisibleTo(view)
    assert len(view.model.runs) == 1 and view.detail.run is not None
