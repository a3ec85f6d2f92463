"""The New run form as an analyst uses it (issue 20): a search space chosen per
hyperparameter (values or a range), a preview of what the search will do, every field
checked as it is typed with its message next to it, a sensible target, and a form that
remembers the last run's choices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from gui.jobs import JobState
from tests.gui.conftest import wait_idle


@pytest.fixture
def churn(workspace, team, tmp_path):
    """churn@1 from a CSV: the target `churned` is not the last column."""
    rng = np.random.default_rng(7)
    rows = 240
    spend = rng.uniform(10, 120, rows).round(2)
    visits = rng.integers(0, 30, rows)
    churned = ((spend < 50) ^ (rng.random(rows) < 0.15)).astype(int)
    frame = pd.DataFrame(
        {
            "spend": spend,
            "visits": visits,
            "churned": churned,
            "plan": rng.choice(["basic", "plus", "pro"], rows),
            "tenure": rng.uniform(0, 10, rows).round(3),
        }
    )
    path = tmp_path / "churn.csv"
    frame.to_csv(path, index=False)
    workspace.data.import_file(team["analyst"], path, "churn")
    return "churn@1"


def _form(qtbot, window_for, runner):
    view = window_for("analyst").show_area("experiments")
    wait_idle(qtbot, runner)
    dialog = view.open_new_run()
    wait_idle(qtbot, runner)  # the engine suggests the features for the target
    return view, dialog


def test_a_random_search_over_a_chosen_space_and_the_form_remembers_it(
    qtbot, window_for, runner, workspace, team, churn
):
    view, dialog = _form(qtbot, window_for, runner)
    assert dialog.target.currentData() == "churned"  # named like a target, not the last
    assert dialog.features.height() >= 8 * dialog.features.sizeHintForRow(0)
    dialog.experiment.setText("space-trial")
    dialog.model.setCurrentIndex(dialog.model.findData("decision_tree"))
    editor = dialog.space_editor
    assert not editor.isVisibleTo(dialog)  # no search chosen: nothing to set
    dialog.search.setCurrentIndex(dialog.search.findData("random"))
    assert editor.isVisibleTo(dialog)
    assert editor.rows["min_samples_leaf"].values.text() == "1, 5, 20"  # the catalog's
    assert "n_jobs" not in editor.rows  # nothing a search tunes
    dialog.n_iter.setValue(4)
    dialog.folds.setValue(3)
    qtbot.mouseClick(editor.rows["max_depth"].tick, Qt.MouseButton.LeftButton)
    editor.rows["max_depth"].values.setText("2, 5")
    qtbot.mouseClick(editor.rows["min_samples_leaf"].tick, Qt.MouseButton.LeftButton)
    editor.rows["min_samples_leaf"].values.setText("2..30")
    assert editor.preview.text() == (
        "Random: 4 candidates sampled from 2 hyperparameters × 3 folds = 12 fits"
    )
    # a searched hyperparameter has no fixed value
    assert not dialog.param_fields["max_depth"].isEnabled()
    assert dialog.param_fields["criterion"].isEnabled()
    assert dialog.start_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.start_button.click()
    job = view.job
    with qtbot.waitSignal(job.finished, timeout=120_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED, view.status.text()
    [run] = view.model.runs
    assert run.spec["space"] == {"max_depth": ["2", "5"], "min_samples_leaf": ["2..30"]}
    assert "max_depth" not in run.spec["params"]
    found = workspace.training.artifacts(team["analyst"], run)["search"]
    assert len(found["candidates"]) == 4
    for candidate in found["candidates"]:
        params = candidate["params"]
        assert params["max_depth"] in (2, 5)
        assert isinstance(params["min_samples_leaf"], int)
        assert 2 <= params["min_samples_leaf"] <= 30
        assert params["criterion"] == "gini"  # not ticked: not searched
    assert len({c["params"]["min_samples_leaf"] for c in found["candidates"]}) > 1

    again = view.open_new_run()  # reopening shows the last run's choices
    wait_idle(qtbot, runner)
    assert again is not dialog
    assert again.experiment.text() == "space-trial"
    assert again.dataset.currentText() == churn and again.target.currentData() == "churned"
    assert again.model.currentData() == "decision_tree"
    assert again.search.currentData() == "random"
    assert (again.n_iter.value(), again.folds.value(), again.seed.value()) == (4, 3, 42)
    assert again.space_editor.space() == {"max_depth": ["2", "5"], "min_samples_leaf": ["2..30"]}
    assert again.space_editor.preview.text() == (
        "Random: 4 candidates sampled from 2 hyperparameters × 3 folds = 12 fits"
    )
    assert not again.param_fields["max_depth"].isEnabled()


def test_a_bad_value_is_shown_next_to_its_field_and_start_waits(qtbot, window_for, runner, churn):
    _view, dialog = _form(qtbot, window_for, runner)
    dialog.model.setCurrentIndex(dialog.model.findData("decision_tree"))
    assert dialog.start_button.isEnabled()
    field, note = dialog.param_fields["min_samples_leaf"], dialog.param_notes["min_samples_leaf"]
    field.setText("0")
    qtbot.waitUntil(lambda: note.isVisibleTo(dialog))  # shown once the new row is laid out
    assert note.text().startswith(
        "The hyperparameter 'min_samples_leaf' must be a whole number from 1 to 100000. Got '0'"
    )
    assert not dialog.start_button.isEnabled()
    field.setText("3")
    assert not note.isVisibleTo(dialog) and dialog.start_button.isEnabled()

    dialog.experiment.setText("my experiment!")
    assert dialog.experiment_note.text().startswith("The experiment name must be 1 to 80 letters")
    assert not dialog.start_button.isEnabled()
    dialog.experiment.setText("fine-name")
    assert dialog.experiment_note.text() == "" and dialog.start_button.isEnabled()

    dialog.search.setCurrentIndex(dialog.search.findData("random"))
    row = dialog.space_editor.rows["max_depth"]
    row.tick.setChecked(True)
    row.values.setText("3, 0")
    qtbot.waitUntil(lambda: row.note.isVisibleTo(dialog))
    assert (
        "'max_depth' must be a whole number from 1 to "
        "200, or none (unlimited). Got '0'." in row.note.text()
    )
    assert not dialog.start_button.isEnabled()
    assert "Correct the values marked in red" in dialog.space_editor.preview.text()
    row.values.setText("30..2")
    assert row.note.text().startswith(
        "The range of 'max_depth' must be LOW..HIGH with LOW below HIGH. Got '30..2'."
    )
    dialog.submit()  # refused as the button would be
    assert dialog.isVisible() and dialog.result_spec is None
    row.values.setText("2..30")
    assert not row.note.isVisibleTo(dialog) and dialog.start_button.isEnabled()
    row.tick.setChecked(False)  # unticked: the field is not searched, nor checked
    row.values.setText("nonsense")
    assert row.note.text() == "" and dialog.start_button.isEnabled()
    assert dialog.param_fields["max_depth"].isEnabled()


def test_the_grid_preview_counts_and_refuses_what_the_engine_would(
    qtbot, window_for, runner, churn
):
    from engine.training.search import MAX_GRID

    _view, dialog = _form(qtbot, window_for, runner)
    dialog.model.setCurrentIndex(dialog.model.findData("decision_tree"))
    dialog.search.setCurrentIndex(dialog.search.findData("grid"))
    editor = dialog.space_editor
    assert editor.preview.text() == (
        "Grid over the usual values: 4 × 3 × 2 = 24 candidates × 5 folds = 120 fits"
    )
    assert not dialog.n_iter.isEnabled()  # a grid tries every combination
    editor.tick("max_depth", "2, 4, 8")
    editor.tick("min_samples_leaf", "1, 2, 5, 10")
    assert editor.preview.text() == "Grid: 3 × 4 = 12 candidates × 5 folds = 60 fits"
    assert dialog.start_button.isEnabled()
    editor.tick("min_samples_leaf", ", ".join(str(v) for v in range(1, 200)))
    assert editor.preview.text().startswith(f"The grid has 597 candidates (at most {MAX_GRID}).")
    assert "random search" in editor.preview.text()
    assert not dialog.start_button.isEnabled()
    editor.tick("min_samples_leaf", "1..20")
    assert editor.preview.text().startswith(
        "A grid search tries listed values; the search "
        "space of 'min_samples_leaf' is a range (1..20)."
    )
    assert not dialog.start_button.isEnabled()
    dialog.search.setCurrentIndex(dialog.search.findData("halving"))  # samples a range
    assert editor.preview.text().startswith("Halving: 20 candidates sampled from 2 hyperparameters")
    assert dialog.start_button.isEnabled()
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("none"))
    assert "needs validation folds" in editor.preview.text()
    assert not dialog.start_button.isEnabled()


def test_only_what_still_applies_is_restored(qtbot, window_for, runner, prefs, churn):
    prefs.set_form(
        "new_run",
        {
            "dataset": "churn@7",
            "target": "visits",
            "model": "knn",
            "search": "grid",
            "folds": 4,
            "space": {"knn": {"n_neighbors": {"on": True, "text": "3, 7"}}},
        },
    )
    _view, dialog = _form(qtbot, window_for, runner)
    # churn@7 is gone: the newest version of churn instead, and its column `visits`
    assert dialog.dataset.currentText() == "churn@1"
    assert dialog.target.currentData() == "visits"
    assert dialog.model.currentData() == "knn" and dialog.folds.value() == 4
    assert dialog.space_editor.space() == {"n_neighbors": ["3", "7"]}
    assert dialog.space_editor.preview.text() == ("Grid: 2 candidates × 4 folds = 8 fits")
    prefs.set_form(
        "new_run",
        {
            "dataset": "elsewhere@1",
            "target": "visits",
            "model": "no-such-model",
            "search": "annealing",
        },
    )
    dialog.reject()
    _view, dialog = _form(qtbot, window_for, runner)
    assert dialog.target.currentData() == "churned"  # another dataset's target: not used
    assert dialog.model.currentData() == "hist_gradient_boosting"
    assert dialog.search.currentData() is None


def test_without_a_target_like_name_a_label_like_column_is_offered(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "x1": rng.normal(size=100),
            "grade": rng.choice(list("ABC"), 100),
            "amount": rng.uniform(0, 1000, 100).round(2),
        }
    )
    frame.to_csv(tmp_path / "grades.csv", index=False)
    workspace.data.import_file(team["analyst"], tmp_path / "grades.csv", "grades")
    _view, dialog = _form(qtbot, window_for, runner)
    assert dialog.target.currentData() == "grade"  # not blindly the last column
