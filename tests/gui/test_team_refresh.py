"""Team mode in the desktop app: when another user changes the workspace, the open window
reloads its view and says who; its own changes, sign-ins and a failed look do not."""

from __future__ import annotations

from engine.errors import WorkspaceError
from engine.projects import ProjectFields
from tests.gui.conftest import wait_idle


def test_the_window_refreshes_when_a_colleague_changes_something(
    qtbot, window_for, team, workspace, runner
):
    window = window_for("analyst")
    window.change_timer.stop()  # the test polls by hand
    view = window.current_view()
    calls = []
    real = view.refresh
    view.refresh = lambda: (calls.append(1), real())
    qtbot.waitUntil(lambda: window._seen_seq > 0, timeout=20_000)
    # the analyst's own change and a colleague's sign-in: nothing to refresh
    workspace.projects.create(team["analyst"], "mine", ProjectFields(objective="x"))
    workspace.login("val", "validator pass 1")
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert calls == [] and window.changes_label.text() == ""
    # the administrator changes something: the view reloads and the status bar says who
    workspace.projects.create(team["admin"], "theirs", ProjectFields(objective="y"))
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert calls == [1]
    assert "changes by admin" in window.changes_label.text()
    seen = window._seen_seq
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert calls == [1] and window._seen_seq == seen


def test_a_failed_look_is_a_status_line_not_a_dialog(
    qtbot, window_for, workspace, runner, monkeypatch
):
    window = window_for("analyst")
    window.change_timer.stop()
    wait_idle(qtbot, runner)

    def down(actor, since):
        raise WorkspaceError("The workspace's metadata server cannot be reached: refused.")

    monkeypatch.setattr(workspace.audit, "changes", down)
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert (
        "Cannot look for changes: The workspace's metadata server cannot be reached"
        in window.changes_label.text()
    )
    assert runner.presenter.shown == []  # no dialog


def test_a_view_not_on_screen_reloads_when_shown_after_a_change(
    qtbot, window_for, team, workspace, runner, tmp_path
):
    # issue 19: a run finished a moment ago was missing from Register a run… until F5
    import pyarrow.parquet as pq

    from engine.training.spec import RunSpec
    from tests.training.conftest import loans_table

    window = window_for("analyst")
    window.change_timer.stop()
    models = window.show_area("models")
    wait_idle(qtbot, runner)
    window.show_area("data")
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: window._seen_seq > 0, timeout=20_000)
    pq.write_table(loans_table(), tmp_path / "loans.parquet")
    workspace.data.import_file(team["analyst"], tmp_path / "loans.parquet", "loans")
    run = workspace.training.train(
        team["analyst"],
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            folds=3,
            learning_curve=False,
            explain=False,
            n_jobs=1,
        ),
    )
    window.poll_changes()  # the analyst's own change: nothing on screen reloads...
    wait_idle(qtbot, runner)
    assert "models" in window.stale and models.runs == []
    window.show_area("models")  # ...but the models view does when it is shown
    wait_idle(qtbot, runner)
    assert [r.id for r in models.runs] == [run.id] and "models" not in window.stale
    assert models.open_register().run_box.currentData() == run.id


def test_a_run_trained_in_the_app_is_in_register_a_run_at_once(
    qtbot, window_for, team, workspace, runner, tmp_path
):
    # issue 20: no F5 and no wait for the next look for changes — the job's end makes the
    # other views read again when they are shown
    import pyarrow.parquet as pq

    from engine.training.spec import RunSpec
    from tests.training.conftest import loans_table

    pq.write_table(loans_table(), tmp_path / "loans.parquet")
    workspace.data.import_file(team["analyst"], tmp_path / "loans.parquet", "loans")
    window = window_for("analyst")
    window.change_timer.stop()  # no polling: only the job's end may make it fresh
    models = window.show_area("models")
    wait_idle(qtbot, runner)
    assert models.runs == []
    experiments = window.show_area("experiments")
    wait_idle(qtbot, runner)
    experiments.start(
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            folds=3,
            learning_curve=False,
            explain=False,
            n_jobs=1,
        )
    )
    wait_idle(qtbot, runner, 120_000)
    window.show_area("models")
    wait_idle(qtbot, runner)
    run = workspace.training.runs(team["analyst"])[-1]
    assert models.open_register().run_box.currentData() == run.id
