"""The Experiments view: the new-run form, live progress and cancel, the run table, the
run in detail with its plots, re-run, compare, explain a row, roles."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from PySide6.QtCore import Qt

from engine.training.spec import RunSpec
from gui.jobs import JobState
from gui.palette import colour
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


def test_new_run_form_checks_and_starts_a_run(qtbot, window_for, runner, workspace, team, tmp_path):
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
    checked = {
        dialog.features.item(i).text(): dialog.features.item(i).checkState()
        for i in range(dialog.features.count())
    }
    assert checked["gender"] == Qt.CheckState.Unchecked  # sensitive: left out by default
    assert checked["application_id"] == Qt.CheckState.Unchecked
    assert checked["debt"] == Qt.CheckState.Checked
    assert "gender (sensitive attribute)" in dialog.feature_notes.text()
    dialog.model.setCurrentIndex(dialog.model.findData("random_forest"))
    dialog.param_fields["n_estimators"].setText("0")
    assert "'n_estimators' must be a whole number from 1 to 5000. Got '0'" in dialog.message.text()
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
    metrics = {
        view.detail.metrics.item(r, 0).text(): view.detail.metrics.item(r, 3).text()
        for r in range(view.detail.metrics.rowCount())
    }
    assert float(metrics["roc_auc"]) > 0.6
    view.detail.setCurrentWidget(view.detail.curves)
    wait_idle(qtbot, runner)
    assert view.detail.curve_choice.count() >= 3 and view.detail.curve_plot is not None
    view.detail.setCurrentWidget(view.detail.importance)
    assert view.detail.importance_plot is not None


def test_a_search_started_from_the_form_searches(
    qtbot, window_for, runner, workspace, team, tmp_path
):
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


def test_a_refused_run_reopens_the_form_as_it_was(
    qtbot, window_for, runner, workspace, team, tmp_path
):
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
    spec = RunSpec(
        "loans@1",
        "default",
        model="random_forest",
        search="random",
        n_iter=30,
        params={"n_estimators": 200},
        **FAST,
    )
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


def test_rerun_compare_explain_filter_and_sort(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    _loans(workspace, team, tmp_path)
    analyst = team["analyst"]
    first = workspace.training.train(
        analyst, RunSpec("loans@1", "default", model="logistic", explain=False, **FAST)
    )
    workspace.training.train(
        analyst,
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            params={"C": 0.001},
            explain=False,
            experiment="weak",
            **FAST,
        ),
    )
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
    assert table.item(c_row, 0).background().color().name() == colour("warning_bg")  # differs
    auc = rows.index("roc_auc")
    bold = [table.item(auc, c).font().bold() for c in range(2)]
    assert bold.count(True) == 1
    view.compare_dialog.reject()
    job = view.explain(first, 3)
    wait_idle(qtbot, runner)
    assert view.explanation.row == 3
    assert "Row 3: prediction" in view.explanation_box.text()
    view.explanation_box.reject()
    view.filter.setText("weak")
    assert view.proxy.rowCount() == 1
    view.filter.setText("")
    column = view.model.headers().index("roc_auc")
    view.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    values = [float(view.proxy.index(r, column).data()) for r in range(view.proxy.rowCount())]
    assert values == sorted(values, reverse=True)


def test_an_auditor_reads_runs_but_cannot_train(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    _loans(workspace, team, tmp_path)
    workspace.training.train(
        team["analyst"], RunSpec("loans@1", "default", model="logistic", explain=False, **FAST)
    )
    view = window_for("auditor").show_area("experiments")
    wait_idle(qtbot, runner)
    assert not view.new_button.isVisibleTo(view) and not view.rerun_button.isVisibleTo(view)
    assert len(view.model.runs) == 1 and view.detail.run is not None


# -- issue 20: the runs page like MLflow's ------------------------------------------------
def _two_runs(workspace, team, tmp_path, explain: bool = False):
    _loans(workspace, team, tmp_path)
    analyst = team["analyst"]
    strong = workspace.training.train(
        analyst, RunSpec("loans@1", "default", model="logistic", explain=explain, **FAST)
    )
    weak = workspace.training.train(
        analyst,
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            params={"C": 0.001},
            explain=False,
            experiment="weak",
            **FAST,
        ),
    )
    return strong, weak


def test_the_column_chooser_hides_shows_and_remembers(
    qtbot, window_for, runner, workspace, team, tmp_path, prefs
):
    import re

    _two_runs(workspace, team, tmp_path)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    model, header = view.model, view.table.horizontalHeader()
    # MLflow's columns: start in local time to the minute, the user's name, the duration
    row = {key: model.index(0, model.column(key)).data() for key in model.keys}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row["started"])
    assert row["user"] == "ana" and row["dataset"] == "loans@1" and row["target"] == "default"
    assert row["duration"].endswith(" s") and row["status"] == "finished"
    # shown before any choice: the primary metric and the hyperparameter that differs
    assert not header.isSectionHidden(model.column("metric:roc_auc"))
    assert not header.isSectionHidden(model.column("param:C"))
    assert header.isSectionHidden(model.column("metric:accuracy"))
    assert header.isSectionHidden(model.column("param:max_iter"))  # the same in both runs
    menu = view.columns.build_menu()
    actions = {a.data(): a for a in menu.actions() if a.data()}
    assert actions["dataset"].isChecked() and not actions["ref"].isEnabled()
    actions["dataset"].trigger()  # hide
    actions["metric:accuracy"].trigger()  # show
    assert header.isSectionHidden(model.column("dataset"))
    assert not header.isSectionHidden(model.column("metric:accuracy"))
    assert prefs.form("runs_columns") == {"dataset": False, "metric:accuracy": True}
    # remembered: a new window (and a reload) shows the same columns
    again = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(again.model.column("dataset"))
    assert not header.isSectionHidden(again.model.column("metric:accuracy"))
    actions = {a.data(): a for a in again.columns.build_menu().actions() if a.data()}
    assert not actions["dataset"].isChecked()
    actions["dataset"].trigger()  # shown again
    assert not header.isSectionHidden(again.model.column("dataset"))
    again.load()
    wait_idle(qtbot, runner)
    assert not header.isSectionHidden(again.model.column("dataset"))
    assert not header.isSectionHidden(again.model.column("metric:accuracy"))


def test_charts_across_the_selected_runs(qtbot, window_for, runner, workspace, team, tmp_path):
    strong, weak = _two_runs(workspace, team, tmp_path)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    view.select([weak.id, strong.id])
    assert view.side.currentWidget() is view.charts  # several runs: their charts
    charts = view.charts
    assert charts.metric_choice.currentData() == "roc_auc"
    # the metric by run: one point per run, in the order they ran, at the CV mean ± std
    data_line, _caps, (bars,) = charts.cv_bars.lines
    assert list(data_line.get_xdata()) == [0, 1]
    means = [r.metrics["cv_mean"]["roc_auc"] for r in (strong, weak)]
    stds = [r.metrics["cv_std"]["roc_auc"] for r in (strong, weak)]
    assert list(data_line.get_ydata()) == pytest.approx(means)
    spans = [v for segment in bars.get_segments() for v in (segment[0][1], segment[1][1])]
    assert spans == pytest.approx(
        [v for m, s in zip(means, stds, strict=True) for v in (m - s, m + s)]
    )
    assert [t.get_text() for t in data_line.axes.get_xticklabels()] == ["default#1", "weak#1"]
    assert list(charts.test_points.get_ydata()) == pytest.approx(
        [r.metrics["test"]["roc_auc"] for r in (strong, weak)]
    )
    # parallel coordinates: an axis for C (the one that differs) and the metric, a line a run
    assert charts.axes_names == ["C", "roc_auc"]
    assert [line.get_gid() for line in charts.parallel_lines] == ["default#1", "weak#1"]
    best = max(range(2), key=lambda i: means[i])
    assert charts.parallel_lines[best].get_ydata()[-1] == pytest.approx(1.0)
    assert charts.parallel_lines[1 - best].get_ydata()[-1] == pytest.approx(0.0)
    charts.metric_choice.setCurrentIndex(charts.metric_choice.findData("accuracy"))
    data_line = charts.cv_bars.lines[0]
    assert list(data_line.get_ydata()) == pytest.approx(
        [r.metrics["cv_mean"]["accuracy"] for r in (strong, weak)]
    )
    view.select([strong.id])  # one run: its detail again
    assert view.side.currentWidget() is view.detail


def test_compare_shows_cv_mean_and_std_for_every_metric(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    strong, weak = _two_runs(workspace, team, tmp_path)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    view.select([strong.id, weak.id])
    view.compare()
    wait_idle(qtbot, runner)
    dialog = view.compare_dialog
    table = dialog.table
    runs = list(dialog.comparison.runs)
    headers = [table.horizontalHeaderItem(c).text() for c in range(2)]
    assert headers == [f"{r.ref}\nlogistic\nloans@1" for r in runs]
    cv = "Cross-validation (mean ± std)"
    names = sorted(strong.metrics["cv_mean"])
    assert len(names) >= 4
    for name in names:
        row = dialog.row_of(cv, name)
        cells = [table.item(row, c).text() for c in range(2)]
        assert cells == [
            f"{r.metrics['cv_mean'][name]:.4f} ± {r.metrics['cv_std'][name]:.4f}" for r in runs
        ]
    row = dialog.row_of(cv, "roc_auc")
    means = [r.metrics["cv_mean"]["roc_auc"] for r in runs]
    bold = [table.item(row, c).font().bold() for c in range(2)]
    assert bold == [m == max(means) for m in means]
    row = dialog.row_of(cv, "log_loss")  # lower is better
    losses = [r.metrics["cv_mean"]["log_loss"] for r in runs]
    assert [table.item(row, c).font().bold() for c in range(2)] == [
        v == min(losses) for v in losses
    ]
    row = dialog.row_of("Test set", "roc_auc")
    assert [table.item(row, c).text() for c in range(2)] == [
        f"{r.metrics['test']['roc_auc']:.4f}" for r in runs
    ]
    dialog.reject()


def test_importance_is_labelled_plots_and_the_spec_a_table(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    _loans(workspace, team, tmp_path)
    run = workspace.training.train(
        team["analyst"],
        RunSpec("loans@1", "default", model="random_forest", params={"n_estimators": 20}, **FAST),
    )
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    detail = view.detail
    detail.setCurrentWidget(detail.importance)
    wait_idle(qtbot, runner)
    pane = detail.importance
    importance = pane.importance_plot.figure.axes
    assert len(importance) == 1 and importance[0].get_title().startswith("Permutation importance (")
    assert "when the feature is shuffled" in importance[0].get_xlabel()
    curves = workspace.training.artifacts(team["analyst"], run)["dependence"]
    shown = [a for a in pane.dependence_plot.figure.axes if a.get_visible()]
    assert len(curves) >= 2 and [a.get_title() for a in shown] == [c["feature"] for c in curves]
    titles = pane.axes_titles()  # charts that show, importance first
    assert pane.importance_plot.isVisibleTo(pane) and pane.dependence_plot.isVisibleTo(pane)
    assert len(titles) >= 3 and len(set(titles)) == len(titles)
    assert pane.dependence_plot.figure.get_layout_engine() is not None  # constrained
    spec = {
        detail.spec.item(r, 0).text(): detail.spec.item(r, 1).text()
        for r in range(detail.spec.rowCount())
    }
    assert spec["Model"] == "random_forest" and spec["Dataset"] == "loans@1"
    assert spec["Hyperparameters"] == "n_estimators = 20" and spec["Folds"] == "3"
    assert spec["Importance and partial dependence"] == "yes"


def test_an_empty_project_says_how_to_start(qtbot, window_for, runner, workspace, team, tmp_path):
    _loans(workspace, team, tmp_path)
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    assert view.empty.empty and view.empty.isVisible()
    assert view.empty.label.text() == "No runs yet — start one with New run…"
    assert view.empty.action.isVisibleTo(view)
    view.empty.action.click()
    wait_idle(qtbot, runner)
    assert view.form is not None and view.form.isVisible()
    view.form.reject()
    auditor = window_for("auditor").show_area("experiments")
    wait_idle(qtbot, runner)
    assert auditor.empty.empty and not auditor.empty.action.isVisibleTo(auditor)
    assert auditor.empty.label.text() == "No runs in this project yet."


def test_a_run_from_python_code_shows_its_logged_metrics_and_cannot_be_rerun(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    """Issue 23: a run recorded by `import airlock` in a notebook, as the app shows it."""
    from sklearn.linear_model import LogisticRegression

    from engine.training.tracked import CodeRun

    _loans(workspace, team, tmp_path)
    analyst = team["analyst"]
    split = workspace.training.split(analyst, "loans@1", "default", features=["debt", "income"])
    model = LogisticRegression().fit(split.X_train.fillna(0), split.y_train)
    workspace.training.record_code_run(
        analyst,
        CodeRun(
            "notebook",
            split=split,
            params={"C": 1.0},
            metrics={"loss": 0.25},
            model=model,
            example=split.X_test.fillna(0).head(),
            source={"notebook": "credit.ipynb"},
        ),
    )
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    [run] = view.model.runs
    view.select([run.id])
    assert not view.rerun_button.isEnabled()  # Airlock cannot run the notebook's code
    table = view.detail.metrics
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Metric", "CV mean", "CV std", "Test", "Logged"]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert table.item(rows["loss"], 4).text() == "0.2500"
    assert table.item(rows["roc_auc"], 3).text() not in ("", "—")
